import AgScript
import AutogradProgram
import AutogradReports
import Foundation
import Testing

/// The example of trace-json.md.
let traceExample = """
    a = 2.0
    b = -0.5
    c = a * b
    d = c + a
    L = tanh(d)
    backward L
    """

/// Reads `text` as `path`.
func script(_ text: String, path: String = "demos/example.ag") throws -> Script {
    try ScriptReader.read(text, path: path)
}

/// What a report writes for `text`.
func render(_ text: String, _ write: (Script, inout String) -> Void) throws -> String {
    var output = ""
    write(try script(text), &output)
    return output
}

/// The JSON document `--json` writes for `text`, decoded with `JSONDecoder`, which reads
/// doubles back exactly (Foundation's `JSONSerialization` on Linux does not).
func traceDocument(_ text: String) throws -> TraceDocument {
    let json = try render(text) { TraceJSON.write($0, to: &$1) }
    return try JSONDecoder().decode(TraceDocument.self, from: Data(json.utf8))
}

/// The `autograd-trace/1` document, as trace-json.md specifies it.
struct TraceDocument: Decodable {
    let format: String
    let file: String
    let root: Int
    let nodes: [Node]
    let topo: [Int]
    let steps: [Step]

    struct Node: Decodable {
        let id: Int
        let label: String?
        let op: String
        let inputs: [Int]
        let exponent: Number?
        let data: Number
        let grad: Number
        let line: Int
    }

    struct Step: Decodable {
        let index: Int
        let kind: String
        let node: Int
        let grad: Number?
        let op: String?
        let upstream: Number?
        let contributions: [Contribution]?
    }

    struct Contribution: Decodable {
        let input: Int
        let local: Number
        let delta: Number
        let before: Number
        let after: Number
    }
}

/// A JSON number, or one of the strings "nan", "inf", "-inf" that stand for what JSON lacks.
enum Number: Decodable, Equatable, ExpressibleByFloatLiteral {
    case value(Double)
    case special(String)

    init(floatLiteral value: Double) {
        self = .value(value)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Double.self) {
            self = .value(value)
        } else {
            self = .special(try container.decode(String.self))
        }
    }
}
