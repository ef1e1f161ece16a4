import Foundation
import Testing
import Yams
@testable import ScribeGradeServer

/// The OpenAPI document is true to the router: the same routes, the same permissions.
@Suite struct OpenAPIDocumentTests {
    static func document() throws -> [String: Any] {
        try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
    }

    /// `METHOD /path/{param}` for every operation of the document.
    static func documentedOperations() throws -> [String: [String: Any]] {
        let paths = try #require(try document()["paths"] as? [String: Any])
        var operations: [String: [String: Any]] = [:]
        for (path, item) in paths {
            for (method, operation) in try #require(item as? [String: Any]) {
                operations["\(method.uppercased()) \(path)"] = try #require(operation as? [String: Any])
            }
        }
        return operations
    }

    @Test func everyRouteOfTheRouterIsDocumentedAndNothingElse() async throws {
        let test = try await TestService.make()
        let routes = Set(test.service.router().routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let documented = Set(try Self.documentedOperations().keys)
        #expect(routes.count >= 30)
        #expect(routes.subtracting(documented).sorted() == [], "routes missing from the document")
        #expect(documented.subtracting(routes).sorted() == [], "documented operations the router lacks")
    }

    @Test func everyOperationDeclaresThePermissionTheServiceEnforces() throws {
        for (name, operation) in try Self.documentedOperations() {
            let permission = try #require(operation["x-permission"] as? String, "\(name) has no x-permission")
            let roles = try #require(operation["x-roles"] as? [String], "\(name) has no x-roles")
            if permission == "none" {
                #expect(roles.isEmpty, "\(name)")
                #expect((operation["security"] as? [Any])?.isEmpty == true, "\(name) is public but not marked security: []")
            } else {
                let enforced = try #require(Permission(rawValue: permission), "\(name): unknown permission \(permission)")
                #expect(roles == enforced.roles.map(\.rawValue), "\(name)")
                #expect(operation["security"] == nil || (operation["security"] as? [Any])?.isEmpty == false, "\(name)")
            }
            #expect(operation["operationId"] is String, "\(name) has no operationId")
            let responses = try #require(operation["responses"] as? [String: Any], "\(name)")
            if permission != "none" {
                #expect(responses["401"] != nil && responses["403"] != nil, "\(name) documents no 401/403")
            }
        }
    }

    @Test func everyReferenceResolves() throws {
        let document = try Self.document()
        var references: [String] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                if let ref = object["$ref"] as? String { references.append(ref) }
                object.values.forEach(walk)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(document)
        #expect(references.count > 50)
        for reference in Set(references) {
            var node: Any = document
            for part in reference.dropFirst(2).split(separator: "/") {
                node = try #require((node as? [String: Any])?[String(part)], "unresolved \(reference)")
            }
        }
    }

    @Test func theServedDocumentIsThisDocument() async throws {
        let test = try await TestService.make()
        let served = try await test.run { http in try await http.get("/openapi.yaml", token: test.token(.viewer)) }
        #expect(served.status == .ok)
        #expect(served.contentType.hasPrefix("application/yaml"))
        #expect(served.body == OpenAPIDocument.yaml)
    }
}
