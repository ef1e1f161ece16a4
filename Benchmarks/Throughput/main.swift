// Throughput of the whole judging pipeline: N judgments of the PriMock57 examples planned
// (RunPlan), run (RunEngine) through an LLM judge built from a judge configuration (prompt
// rendering, the HTTP request on the configured transport, verdict parsing and evidence checks)
// against the simulator, and committed to a fresh SQLite store. Prints judgments/s, efficiency
// = achieved / (C / L), CPU time per judgment of this process and of the simulator, and this
// process's peak memory.
//
// By default the simulator runs as a separate `scribegrade simulate` process (the one built
// next to this benchmark), so the CPU printed for the client is the client's alone.
//
//   swift build -c release
//   .build/release/ThroughputBenchmark --judgments 10000 --concurrency 64 --latency-ms 100 --transport asynchttpclient
//   .build/release/ThroughputBenchmark --concurrency 256 --transport urlsession
import Foundation
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator
import ScribeGradeStore
import Synchronization

struct Settings {
    var judgments = 10_000
    var concurrency = 64
    var latencyMs = 100.0
    var jitterMs = 0.0
    var transport = TransportKind.asyncHTTPClient
    var provider = LLMProvider.openAI
    /// A running simulator's base URL (`http://127.0.0.1:8089`); none starts one.
    var simulatorURL: String?
    var inProcess = false
    var simulatorExecutable: String?
    var store: String?
    var root = FileManager.default.currentDirectoryPath

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            if argument == "--in-process" {
                inProcess = true
                continue
            }
            let value = iterator.next() ?? ""
            switch argument {
            case "--judgments": judgments = Int(value) ?? judgments
            case "--concurrency": concurrency = Int(value) ?? concurrency
            case "--latency-ms": latencyMs = Double(value) ?? latencyMs
            case "--jitter-ms": jitterMs = Double(value) ?? jitterMs
            case "--transport":
                guard let kind = TransportKind(rawValue: value) else { Self.fail("--transport is asynchttpclient or urlsession") }
                transport = kind
            case "--provider":
                guard let kind = LLMProvider(rawValue: value) else { Self.fail("--provider is openai or anthropic") }
                provider = kind
            case "--simulator": simulatorURL = value
            case "--simulator-executable": simulatorExecutable = value
            case "--store": store = value
            case "--root": root = value
            default: Self.fail("unknown option \(argument)")
            }
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("ThroughputBenchmark: \(message)\n".utf8))
        exit(2)
    }
}

/// CPU seconds (user + system) and peak resident memory of this process.
struct Usage {
    var cpu: Double
    var maxRSSBytes: Int

    static func now() -> Usage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return Usage(cpu: cpu, maxRSSBytes: Int(usage.ru_maxrss) * 1024)
    }
}

/// A `scribegrade simulate` child process.
final class SimulatorProcess {
    let process = Process()
    let baseURL: String

    init(executable: String, latencyMs: Double, jitterMs: Double) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["simulate", "--port", "0", "--latency-ms", String(latencyMs), "--jitter-ms", String(jitterMs)]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let url = text.components(separatedBy: "listening on ").last?.components(separatedBy: " ").first, url.hasPrefix("http") else {
            Settings.fail("the simulator did not print its URL")
        }
        baseURL = url
    }

    /// CPU seconds the simulator has used so far (/proc/PID/stat utime + stime).
    var cpu: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return .nan }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Fields after the command: state is 3rd overall, utime the 14th, stime the 15th.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

func format(_ value: Double, _ decimals: Int = 2) -> String { String(format: "%.\(decimals)f", value) }

func main() async throws {
    let settings = Settings(arguments: CommandLine.arguments)
    let root = URL(fileURLWithPath: settings.root)

    // The simulator: given, in-process, or a child process (default).
    var child: SimulatorProcess?
    var inProcess: SimulatorServer?
    let simulatorURL: String
    if let given = settings.simulatorURL {
        simulatorURL = given
    } else if settings.inProcess {
        let server = try await SimulatorServer.start(SimulatorConfiguration(latencyMs: settings.latencyMs, jitterMs: settings.jitterMs))
        inProcess = server
        simulatorURL = server.baseURL
    } else {
        let executable = settings.simulatorExecutable
            ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("scribegrade").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            Settings.fail("no scribegrade executable at \(executable); build it (swift build -c release) or pass --simulator-executable")
        }
        let process = try SimulatorProcess(executable: executable, latencyMs: settings.latencyMs, jitterMs: settings.jitterMs)
        child = process
        simulatorURL = process.baseURL
    }

    // The judge, as `scribegrade.yaml` would configure it.
    var config = JudgeConfig(name: "bench", provider: settings.provider, model: settings.provider == .openAI ? "gpt-sim" : "claude-sim")
    config.baseURL = settings.provider == .openAI ? simulatorURL + "/v1" : simulatorURL
    config.concurrency = settings.concurrency
    config.transport = settings.transport
    config.timeout = 60
    let transports = TransportPool(connectionsPerHost: max(settings.concurrency, 8))
    let judge = try JudgeFactory(config: nil, environment: [:], transports: transports).makeLLMJudge(config)

    // The plan: every PriMock57 note against its rubrics, as many samples as N needs, cut to N.
    let loadStart = Date()
    let loadUsage = Usage.now()
    let rubrics = try RubricLoader().load([root.appendingPathComponent("Rubrics/primock57").path]).validRubrics()
    let notes = try NotesLoader().load(root.appendingPathComponent("Examples/primock57/notes").path)
    let encounters = Dictionary(
        uniqueKeysWithValues: try EncounterLoader().loadDirectory(root.appendingPathComponent("Examples/primock57/transcripts").path).map { ($0.id, $0) })
    let perSample = try RunPlan.make(rubrics: rubrics, notes: notes, encounters: encounters, judges: [judge], samples: 1).requests.count
    let samples = (settings.judgments + perSample - 1) / perSample
    var plan = try RunPlan.make(rubrics: rubrics, notes: notes, encounters: encounters, judges: [judge], samples: samples)
    plan.requests = Array(plan.requests.prefix(settings.judgments))
    let planSeconds = Date().timeIntervalSince(loadStart)
    let planCPU = Usage.now().cpu - loadUsage.cpu

    let storePath = settings.store ?? FileManager.default.temporaryDirectory
        .appendingPathComponent("scribegrade-throughput-\(UUID().uuidString)/runs.sqlite").path
    let store = try SQLiteStore(path: storePath)
    let latest = Mutex(RunProgress(total: 0, reused: 0))
    let engine = RunEngine(store: store, judges: [judge]) { progress in latest.withLock { $0 = progress } }

    let simulatorBefore = child?.cpu ?? .nan
    let before = Usage.now()
    let clock = ContinuousClock()
    let started = clock.now
    let judgments = try await engine.run(plan)
    let elapsed = clock.now - started
    let after = Usage.now()
    let simulatorAfter = child?.cpu ?? .nan

    child?.stop()
    try await inProcess?.shutdown()
    try await transports.shutdown()

    let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let n = plan.judgmentKeys.count
    let succeeded = judgments.values.filter(\.succeeded).count
    let stored = try await store.judgmentCount()
    let rate = Double(n) / wall
    let ideal = Double(settings.concurrency) / (settings.latencyMs / 1000)
    let cpu = after.cpu - before.cpu
    let simulatorCPU = simulatorAfter - simulatorBefore
    let simulatorWhere = settings.simulatorURL != nil ? "external" : settings.inProcess ? "in-process (its CPU is in the client's)" : "separate process"

    print("""
        ScribeGrade throughput: \(n) judgments, concurrency \(settings.concurrency), latency \(format(settings.latencyMs, 0)) ms (jitter ±\(format(settings.jitterMs, 0)) ms), \(settings.provider.rawValue) wire format, transport \(settings.transport.rawValue), simulator \(simulatorWhere)
          plan:            \(format(planSeconds)) s wall, \(format(planCPU)) s CPU (\(rubrics.count) rubrics, \(notes.count) notes, \(samples) sample(s))
          run:             \(format(wall)) s wall, \(succeeded) answered, \(stored) stored
          judgments/s:     \(format(rate, 1))
          efficiency:      \(format(rate / ideal, 3))  (ideal C / L = \(format(ideal, 0))/s)
          CPU / judgment:  \(format(cpu / Double(n) * 1000, 3)) ms client (\(format(cpu)) s over the run, \(format(cpu / wall * 100, 0))% of one core)
          simulator CPU:   \(simulatorCPU.isNaN ? "not measured" : "\(format(simulatorCPU / Double(n) * 1000, 3)) ms / judgment (\(format(simulatorCPU)) s)")
          peak memory:     \(format(Double(after.maxRSSBytes) / 1_048_576, 1)) MiB max RSS (client)
          machine:         \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadAverage())
        """)
    if succeeded != n || stored != n {
        FileHandle.standardError.write(Data("ThroughputBenchmark: \(n - succeeded) judgments failed or are missing\n".utf8))
        exit(1)
    }
}

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}

try await main()
