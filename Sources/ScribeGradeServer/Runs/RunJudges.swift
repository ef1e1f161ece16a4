import Foundation
import ScribeGrade
import ScribeGradeProviders

/// Builds the judges a run request names, with the service's rules on top of the CLI's specs:
/// `replay:FILE` is refused (it reads files on the server), and an inline judge with a base
/// URL needs the admin role (the service would send notes and transcripts wherever the URL
/// points). Judges named in the configuration and `baseline` are open to graders; any other
/// judge — `openai:o1-pro` would spend the service's API key on a model nobody configured —
/// is a 422 naming the judges allowed, and is never built, so nothing is sent anywhere.
struct RunJudges {
    let configuration: ServerConfiguration
    let transports: TransportPool

    func make(_ specs: [String], caller: Identity) throws -> [any Judge] {
        guard !specs.isEmpty, specs.count <= RequestLimits.judges else {
            throw Problem.unprocessable("judges: name 1 to \(RequestLimits.judges) judges, e.g. [\"baseline\"] or the names in the service's scribegrade.yaml")
        }
        let factory = JudgeFactory.withOfflineJudges(
            config: configuration.judges, environment: configuration.environment, transports: transports,
            files: MemoryFileSource([:]))
        let allowed = (configuration.judges?.judges.keys.sorted() ?? []) + ["baseline"]
        var diagnostics: [Diagnostic] = []
        var judges: [any Judge] = []
        var names: Set<String> = []
        for (index, text) in specs.enumerated() {
            let field = "judges[\(index)]"
            do {
                let spec = try JudgeSpec(parsing: text)
                switch spec {
                case .replay:
                    diagnostics.append(.error("replay judges read files on the server and cannot be used through the service", at: SourceLocation(file: field)))
                    continue
                case .openAI(_, let url?), .anthropic(_, let url?):
                    if !caller.role.allows(.admin) {
                        throw Problem.forbidden("\(field): a judge with its own base URL (\(url)) needs an admin token; ask an admin to add it to the service's scribegrade.yaml")
                    }
                case .openAI(_, nil), .anthropic(_, nil):
                    if !caller.role.allows(.admin) {
                        diagnostics.append(.error(
                            "the \(caller.role.rawValue) role may run only the service's judges: \(allowed.joined(separator: ", ")); ask an admin to add this model to the service's scribegrade.yaml",
                            at: SourceLocation(file: field)))
                        continue
                    }
                case .baseline, .named:
                    break
                }
                let judge = try factory.makeJudge(spec)
                guard names.insert(judge.descriptor.name).inserted else {
                    diagnostics.append(.error("judge '\(judge.descriptor.name)' is named twice", at: SourceLocation(file: field)))
                    continue
                }
                judges.append(judge)
            } catch let error as InputError {
                diagnostics += error.diagnostics.map { diagnostic in
                    var diagnostic = diagnostic
                    if diagnostic.location.file == "--judge" { diagnostic.location = SourceLocation(file: field) }
                    return diagnostic
                }
            }
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return judges
    }

    /// The largest `concurrency` a run of `judges` may ask for: the service's bound, and no more
    /// than any of its judges is configured to run at once.
    static func maxConcurrency(_ judges: [any Judge]) -> (bound: Int, judge: String?) {
        var result = (bound: RequestLimits.concurrency, judge: String?.none)
        for judge in judges {
            if let preferred = judge.preferredConcurrency, preferred < result.bound { result = (max(preferred, 1), judge.descriptor.name) }
        }
        return result
    }
}
