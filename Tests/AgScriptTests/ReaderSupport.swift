import AgScript
import AutogradEngine
import AutogradProgram
import Testing

/// Reads `text` as `test.ag`, failing the test with the diagnostics if it does not read.
func read(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Script {
    do {
        return try ScriptReader.read(text, path: "test.ag")
    } catch {
        Issue.record("unexpected errors:\n\(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// The errors reading `text` gives, or none if it reads.
func errors(_ bytes: [UInt8]) -> ScriptError? {
    do {
        _ = try ScriptReader.read(bytes, path: "test.ag")
        return nil
    } catch {
        return error
    }
}

/// The errors reading `text` gives, or none if it reads.
func errors(_ text: String) -> ScriptError? { errors(Array(text.utf8)) }

/// The single diagnostic reading `text` gives, as (line, column, message).
func onlyError(_ text: String) -> (line: Int?, column: Int?, message: String)? {
    guard let error = errors(text), error.diagnostics.count == 1 else { return nil }
    let diagnostic = error.diagnostics[0]
    return (diagnostic.line, diagnostic.column, diagnostic.message)
}

extension Script {
    /// The node bound to `label` most recently (the highest id with that label).
    func node(_ label: String) -> NodeID? {
        graph.nodeIDs.last { graph.label(of: $0) == label }
    }

    /// The operation and inputs of node `id`.
    func shape(_ id: NodeID) -> (Op, [NodeID]) {
        (graph.operation(of: id), Array(graph.inputs(of: id)))
    }
}
