// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ScribeGrade",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "scribegrade", targets: ["scribegrade"]),
        .library(name: "ScribeGrade", targets: ["ScribeGrade"]),
        .library(name: "ScribeGradeProviders", targets: ["ScribeGradeProviders"]),
        .library(name: "ScribeGradeStore", targets: ["ScribeGradeStore"]),
        .library(name: "ScribeGradeSimulator", targets: ["ScribeGradeSimulator"]),
        .library(name: "ScribeGradeServer", targets: ["ScribeGradeServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Pure core: rubrics, encounters, notes, prompts, verdicts, scoring, agreement,
        // the Judge protocol and the offline judges. No network.
        .target(
            name: "ScribeGrade",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "ScribeGradeProviders",
            dependencies: [
                "ScribeGrade",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ScribeGradeStore",
            dependencies: [
                "ScribeGrade",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "ScribeGradeSimulator",
            dependencies: [
                "ScribeGrade",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "ScribeGradeServer",
            dependencies: [
                "ScribeGrade",
                "ScribeGradeStore",
                "ScribeGradeProviders",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "scribegrade",
            dependencies: [
                "ScribeGrade",
                "ScribeGradeProviders",
                "ScribeGradeStore",
                "ScribeGradeSimulator",
                "ScribeGradeServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "AgreementBenchmark",
            dependencies: ["ScribeGrade"],
            path: "Benchmarks/AgreementBenchmark"
        ),
        .executableTarget(
            name: "ThroughputBenchmark",
            dependencies: [
                "ScribeGrade",
                "ScribeGradeProviders",
                "ScribeGradeStore",
                "ScribeGradeSimulator",
            ],
            path: "Benchmarks/Throughput"
        ),
        .executableTarget(
            name: "CostBenchmark",
            dependencies: [
                "ScribeGrade",
                "ScribeGradeProviders",
                "ScribeGradeStore",
                "ScribeGradeSimulator",
            ],
            path: "Benchmarks/Cost"
        ),
        .executableTarget(
            name: "CorrectionTool",
            dependencies: ["ScribeGrade"],
            path: "Benchmarks/Correction"
        ),
        .testTarget(
            name: "ScribeGradeTests",
            dependencies: ["ScribeGrade"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ScribeGradeStoreTests",
            dependencies: ["ScribeGrade", "ScribeGradeStore"]
        ),
        .testTarget(
            name: "ScribeGradeProvidersTests",
            dependencies: ["ScribeGrade", "ScribeGradeProviders", "ScribeGradeSimulator"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ScribeGradeSimulatorTests",
            dependencies: ["ScribeGrade", "ScribeGradeSimulator"]
        ),
        .testTarget(
            name: "ScribeGradeServerTests",
            dependencies: [
                "ScribeGrade",
                "ScribeGradeStore",
                "ScribeGradeServer",
                "ScribeGradeSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "ScribeGrade",
                "ScribeGradeProviders",
                "ScribeGradeStore",
                "ScribeGradeSimulator",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["scribegrade", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")]
        ),
    ]
)
