import AutogradCapture
import AutogradEngine
import AutogradProgram
import AutogradText

/// Writes the `--json` trace document (`autograd-trace/1`): the graph after the forward pass,
/// the topological order, and every backward step with what it changed; for a capture, also
/// what the engine computed (`yours`), the `verdict` and which `capture` this is.
package enum TraceJSON {
    /// Writes the trace of `script` to `output`, one node or step per line; with `epochs`,
    /// the loss of each of that many epochs of training and the parameters after them
    /// (`--train N`).
    package static func write(
        _ script: Script, epochs: Int? = nil, to output: inout some TextOutputStream
    ) {
        write(script, run: nil, to: &output) { output in
            writeExpectations(of: script, to: &output)
            if let epochs { writeTraining(of: script, epochs: epochs, to: &output) }
        }
    }

    /// Writes the trace of a capture's replayed graph, with the engine's own numbers beside.
    package static func write(_ run: CapturedRun, to output: inout some TextOutputStream) {
        write(run.script, run: run, to: &output)
    }

    private static func write<Output: TextOutputStream>(
        _ script: Script, run: CapturedRun?, to output: inout Output,
        extra: (inout Output) -> Void = { _ in }
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
            if line > 0, let cell = script.cell(of: node) { output.write(", \"cell\": \(cell)") }
            if let run { CaptureJSON.writeNodeFields(of: node, run: run, to: &output) }
            output.write("}")
        }
        output.write("\n  ],\n  \"topo\": [")
        output.write(stepper.topologicalOrder.map { String($0.rawValue) }.joined(separator: ", "))
        output.write("],\n  \"forward\": [")
        writeForwardSteps(of: stepper.topologicalOrder, in: graph, run: run, to: &output)
        output.write("],\n  \"steps\": [")
        while let event = stepper.next() {
            output.write(event.index == 0 ? "\n    " : ",\n    ")
            write(event, graph: graph, run: run, to: &output)
        }
        if !script.updates.isEmpty {
            let training = Training(graph: graph, root: script.root, updates: script.updates)
            for step in training.updateSteps(graph: graph, gradients: gradients) {
                output.write(",\n    ")
                write(step, index: stepper.finalStep + step.index, to: &output)
            }
        }
        output.write("\n  ]")
        if let run { CaptureJSON.writeDocumentFields(of: run, to: &output) }
        extra(&output)
        output.write("\n}\n")
    }

    /// The forward pass, one step per operation node reachable from the root, in topological
    /// order: what it computed from which input values.
    private static func writeForwardSteps(
        of order: [NodeID], in graph: Graph, run: CapturedRun?,
        to output: inout some TextOutputStream
    ) {
        var index = 0
        for node in order where !graph.isLeaf(node) {
            index += 1
            output.write(index == 1 ? "\n    " : ",\n    ")
            output.write("{\"index\": \(index), \"kind\": \"forward\", \"phase\": \"forward\", ")
            output.write("\"node\": \(node.rawValue), ")
            output.write("\"op\": \(quoted(graph.operation(of: node).spelling)), \"inputs\": [")
            output.write(
                graph.inputs(of: node).map { number(graph.value(of: $0)) }.joined(separator: ", "))
            output.write("], \"data\": \(number(graph.value(of: node)))}")
        }
        if index > 0 { output.write("\n  ") }
    }

    /// An update step: the leaf, its grad, what is added and its value before and after.
    private static func write(
        _ step: UpdateStep, index: Int, to output: inout some TextOutputStream
    ) {
        output.write("{\"index\": \(index), \"kind\": \"update\", \"phase\": \"update\", ")
        output.write("\"node\": \(step.update.node.rawValue), \"line\": \(step.update.line), ")
        output.write("\"direction\": \"\(step.update.direction == .add ? "+=" : "-=")\", ")
        output.write("\"grad\": \(number(step.grad)), \"delta\": \(number(step.delta)), ")
        output.write("\"before\": \(number(step.before)), \"after\": \(number(step.after))}")
    }

    /// The `assert` statements and whether each holds, when the file has any.
    private static func writeExpectations(of script: Script, to output: inout some TextOutputStream)
    {
        let results = ExpectationResult.results(of: script)
        guard !results.isEmpty else { return }
        output.write(",\n  \"expectations\": [")
        for (position, result) in results.enumerated() {
            let expectation = result.expectation
            output.write(position == 0 ? "\n    " : ",\n    ")
            output.write("{\"node\": \(expectation.node.rawValue), \"line\": \(expectation.line), ")
            output.write("\"field\": \"\(expectation.field.rawValue)\", ")
            output.write("\"expected\": \(number(expectation.expected)), ")
            if case .within(let bound, _) = expectation.comparison {
                output.write("\"within\": \(number(bound)), ")
            }
            output.write("\"actual\": \(number(result.actual)), \"met\": \(result.isMet)}")
        }
        output.write("\n  ]")
    }

    /// `--train N`: the loss of every epoch, and the updated leaves' values after the last.
    private static func writeTraining(
        of script: Script, epochs: Int, to output: inout some TextOutputStream
    ) {
        let training = Training(graph: script.graph, root: script.root, updates: script.updates)
        let result = training.run(epochs: epochs)
        output.write(",\n  \"epochs\": [")
        for (index, loss) in result.losses.enumerated() {
            output.write(index == 0 ? "\n    " : ",\n    ")
            output.write("{\"epoch\": \(index + 1), \"loss\": \(number(loss))}")
        }
        output.write("\n  ],\n  \"parameters\": {")
        let names = NodeNames(graph: script.graph)
        for (index, (leaf, value)) in zip(training.updatedLeaves, result.leafValues).enumerated() {
            output.write(index == 0 ? "\n    " : ",\n    ")
            output.write("\(quoted(names.name(of: leaf))): \(number(value))")
        }
        output.write("\n  }")
    }

    private static func write(
        _ event: StepEvent, graph: Graph, run: CapturedRun?, to output: inout some TextOutputStream
    ) {
        output.write("{\"index\": \(event.index), \"kind\": \"\(event.kind.rawValue)\", ")
        output.write("\"phase\": \"\(event.kind.rawValue)\", \"node\": \(event.node.rawValue), ")
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
