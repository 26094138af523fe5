import AgScript
import AutogradCapture
import AutogradEngine

/// Writes the `--json` trace document (`autograd-trace/1`): the graph after the forward pass,
/// the topological order, and every backward step with what it changed; for a capture, also
/// what the engine computed (`yours`), the `verdict` and which `capture` this is.
public enum TraceJSON {
    /// Writes the trace of `script` to `output`, one node or step per line.
    public static func write(_ script: Script, to output: inout some TextOutputStream) {
        write(script, run: nil, to: &output)
    }

    /// Writes the trace of a capture's replayed graph, with the engine's own numbers beside.
    public static func write(_ run: CapturedRun, to output: inout some TextOutputStream) {
        write(run.script, run: run, to: &output)
    }

    private static func write(
        _ script: Script, run: CapturedRun?, to output: inout some TextOutputStream
    ) {
        let graph = script.graph
        var stepper = BackwardStepper(graph: graph, root: script.root)
        // The nodes, with their final gradients, come before the steps; the stepper has them
        // from the start, so the steps can stream instead of being kept.
        let gradients = stepper.finalGradients

        output.write("{\n  \"format\": \"autograd-trace/1\",\n")
        output.write("  \"file\": \(quoted(script.path)),\n")
        output.write("  \"root\": \(script.root.rawValue),\n  \"nodes\": [")
        for node in graph.nodeIDs {
            output.write(node.index == 0 ? "\n    " : ",\n    ")
            let operation = graph.operation(of: node)
            output.write("{\"id\": \(node.rawValue), \"label\": ")
            output.write(graph.label(of: node).map(quoted) ?? "null")
            output.write(", \"op\": \(quoted(operation.spelling)), \"inputs\": [")
            output.write(graph.inputs(of: node).map { String($0.rawValue) }.joined(separator: ", "))
            output.write("]")
            if let exponent = graph.exponent(of: node) {
                output.write(", \"exponent\": \(number(exponent))")
            }
            output.write(", \"data\": \(number(graph.value(of: node)))")
            output.write(", \"grad\": \(number(gradients[node]))")
            let line = script.line(of: node)
            output.write(", \"line\": \(line > 0 ? String(line) : "null")")
            if let run { CaptureJSON.writeNodeFields(of: node, run: run, to: &output) }
            output.write("}")
        }
        output.write("\n  ],\n  \"topo\": [")
        output.write(stepper.topologicalOrder.map { String($0.rawValue) }.joined(separator: ", "))
        output.write("],\n  \"steps\": [")
        while let event = stepper.next() {
            output.write(event.index == 0 ? "\n    " : ",\n    ")
            write(event, graph: graph, run: run, to: &output)
        }
        output.write("\n  ]")
        if let run { CaptureJSON.writeDocumentFields(of: run, to: &output) }
        output.write("\n}\n")
    }

    private static func write(
        _ event: StepEvent, graph: Graph, run: CapturedRun?, to output: inout some TextOutputStream
    ) {
        output.write("{\"index\": \(event.index), \"kind\": \"\(event.kind.rawValue)\", ")
        output.write("\"node\": \(event.node.rawValue), ")
        guard event.kind == .backward else {
            output.write("\"grad\": \(number(event.upstream))}")
            return
        }
        output.write("\"op\": \(quoted(graph.operation(of: event.node).spelling)), ")
        output.write("\"upstream\": \(number(event.upstream)), \"contributions\": [")
        for (position, contribution) in event.contributions.enumerated() {
            output.write(position == 0 ? "\n      " : ",\n      ")
            output.write("{\"input\": \(contribution.input.rawValue)")
            output.write(", \"local\": \(number(contribution.local))")
            output.write(", \"delta\": \(number(contribution.delta))")
            output.write(", \"before\": \(number(contribution.before))")
            output.write(", \"after\": \(number(contribution.after))")
            let isFirstUse = !event.contributions[..<position].contains {
                $0.input == contribution.input
            }
            if let run, isFirstUse {
                CaptureJSON.writeContributionFields(
                    node: event.node, input: contribution.input, run: run, to: &output)
            }
            output.write("}")
        }
        output.write("]}")
    }

    /// A JSON number in shortest round-trip form, or `"nan"`, `"inf"`, `"-inf"`.
    static func number(_ value: Double) -> String {
        value.isFinite ? value.description : "\"\(NumberFormat.shortest(value))\""
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
