import Foundation

/// Reads and writes transcripts as JSON turns, the normalised form ScribeGrade's importers write.
///
/// ```json
/// {
///   "encounter": "day1_consultation01",
///   "turns": [
///     {"speaker": "doctor", "start": 2.533, "end": 12.5, "text": "Good morning, how can I help?"},
///     {"speaker": "patient", "text": "I've had diarrhoea for three days."}
///   ]
/// }
/// ```
/// Also accepted: a bare array of turns; `id` for `encounter`; `role` for `speaker`;
/// `content` or `utterance` for `text`. `start` and `end` are optional seconds.
public enum JSONTranscript {
    public static func parse(_ text: String, id: String, path: String) throws -> Encounter {
        let document = try LocatedJSONParser.parse(text, path: path)
        let turnsValue: LocatedJSON.Located
        var declaredID: String? = nil
        switch document.value {
        case .array:
            turnsValue = document
        case .object:
            for key in ["encounter", "id"] {
                guard let value = document[key] else { continue }
                guard let string = value.value.stringValue, !string.isEmpty else {
                    throw InputError("\"\(key)\" must be a non-empty string", at: value.location(in: path))
                }
                declaredID = string
                if declaredID != id {
                    throw InputError("file is named for encounter \(id) but \"\(key)\" says \(string)", at: value.location(in: path))
                }
            }
            guard let turns = document["turns"] else {
                throw InputError("missing \"turns\": expected an object with a \"turns\" array, or an array of turns", at: document.location(in: path))
            }
            turnsValue = turns
        default:
            throw InputError("expected an object with a \"turns\" array, or an array of turns, found \(document.value.kindDescription)", at: document.location(in: path))
        }
        guard let elements = turnsValue.value.arrayValue else {
            throw InputError("\"turns\" must be an array, found \(turnsValue.value.kindDescription)", at: turnsValue.location(in: path))
        }
        var diagnostics: [Diagnostic] = []
        var turns: [Turn] = []
        for (index, element) in elements.enumerated() {
            do {
                turns.append(try turn(element, number: index + 1, path: path))
            } catch let error as InputError {
                diagnostics += error.diagnostics
            }
        }
        if diagnostics.isEmpty, turns.isEmpty {
            diagnostics.append(.error("transcript has no turns", at: turnsValue.location(in: path)))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return Encounter(id: declaredID ?? id, turns: turns)
    }

    static func turn(_ element: LocatedJSON.Located, number: Int, path: String) throws -> Turn {
        guard element.value.objectValue != nil else {
            throw InputError("turn \(number) must be an object, found \(element.value.kindDescription)", at: element.location(in: path))
        }
        func string(_ keys: [String]) throws -> String? {
            for key in keys {
                guard let value = element[key] else { continue }
                guard let string = value.value.stringValue else {
                    throw InputError("turn \(number): \"\(key)\" must be a string, found \(value.value.kindDescription)", at: value.location(in: path))
                }
                return string
            }
            return nil
        }
        func seconds(_ key: String) throws -> Double? {
            guard let value = element[key], value.value != .null else { return nil }
            guard let seconds = value.value.numberValue, seconds >= 0 else {
                throw InputError("turn \(number): \"\(key)\" must be a number of seconds ≥ 0", at: value.location(in: path))
            }
            return seconds
        }
        guard let speaker = try string(["speaker", "role"]), !speaker.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InputError("turn \(number): missing \"speaker\"", at: element.location(in: path))
        }
        guard let text = try string(["text", "content", "utterance"]) else {
            throw InputError("turn \(number): missing \"text\"", at: element.location(in: path))
        }
        let start = try seconds("start")
        let end = try seconds("end")
        if let start, let end, end < start {
            throw InputError("turn \(number): \"end\" is before \"start\"", at: element["end"]!.location(in: path))
        }
        return Turn(speaker: SpeakerName.normalise(speaker), text: text, start: start, end: end)
    }

    /// The encounter as normalised JSON: one turn per line, keys in a fixed order, times
    /// rounded to milliseconds. `parse` reads it back equal (up to that rounding).
    public static func encode(_ encounter: Encounter) -> String {
        var out = "{\n  \"encounter\": \(quote(encounter.id)),\n  \"turns\": [\n"
        for (index, turn) in encounter.turns.enumerated() {
            var fields = ["\"speaker\": \(quote(turn.speaker))"]
            if let start = turn.start { fields.append("\"start\": \(seconds(start))") }
            if let end = turn.end { fields.append("\"end\": \(seconds(end))") }
            fields.append("\"text\": \(quote(turn.text))")
            out += "    {" + fields.joined(separator: ", ") + "}" + (index < encounter.turns.count - 1 ? "," : "") + "\n"
        }
        return out + "  ]\n}\n"
    }

    static func seconds(_ value: Double) -> String {
        // Beyond 1e15 s a double has no millisecond precision left, and `Int` overflows from 9.2e18:
        // write the shortest exact form (`1e+20`), which JSON reads back equal.
        guard abs(value) < 1e15 else { return String(value) }
        let millis = (value * 1000).rounded()
        if millis.truncatingRemainder(dividingBy: 1000) == 0 { return String(Int(millis / 1000)) }
        var text = String(format: "%.3f", millis / 1000)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// A JSON string literal.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
