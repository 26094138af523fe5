import AutogradCapture
import AutogradEngine
import AutogradProgram
import AutogradText

/// Writes `--trace`: each backward step as readable text, the chain rule in numbers.
///
/// ```
/// step 3/3  fire c = a * b   upstream 0.4200
///   a.grad += -0.5000 × 0.4200 = -0.2100   (0.4200 → 0.2100)
/// ```
///
/// On a capture, each contribution also shows what the engine's `_backward` passed when
/// probed (`yours 0.9640 ✗`), each leaf the engine's grad, and the verdict comes last.
package enum TraceText {
    /// Writes the trace of `script` to `output`: with `forward`, the forward pass first, one
    /// step per value computed; then each backward step; then the updates of a training file;
    /// then the final gradient of every leaf.
    package static func write(
        _ script: Script, forward: Bool = false, to output: inout some TextOutputStream
    ) {
        write(script, review: nil, forward: forward, to: &output)
    }

    /// Writes the trace of the replayed graph of `run` beside what the engine did, then every
    /// leaf's gradient beside the engine's, then the verdict.
    package static func write(_ run: CapturedRun, to output: inout some TextOutputStream) {
        write(run.script, review: run.review, forward: false, to: &output)
        output.write(
            "\nverdict: \(run.review.verdict.kind.rawValue): \(VerdictText.sentence(run.review.verdict, run: run))\n"
        )
    }

    private static func write(
        _ script: Script, review: Review?, forward: Bool, to output: inout some TextOutputStream
    ) {
        let graph = script.graph
        let names = NodeNames(graph: graph)
        var stepper = BackwardStepper(graph: graph, root: script.root)
        if forward {
            writeForward(stepper.topologicalOrder, graph: graph, names: names, to: &output)
        }
        let last = stepper.finalStep
        while let event = stepper.next() {
            output.write(line(for: event, of: last, graph: graph, names: names, review: review))
        }
        if !script.updates.isEmpty {
            let training = Training(graph: graph, root: script.root, updates: script.updates)
            let steps = training.updateSteps(graph: graph, gradients: stepper.gradients)
            for step in steps {
                let name = names.name(of: step.update.node)
                output.write(
                    "update \(step.index)/\(steps.count)  \(UpdateText.line(step, name: name))\n")
            }
        }
        output.write(
            "\ngradients of \(names.name(of: script.root)) = \(NumberFormat.fourDecimals(graph.value(of: script.root))):\n"
        )
        for node in stepper.topologicalOrder where graph.isLeaf(node) {
            let value = NumberFormat.fourDecimals(graph.value(of: node))
            let gradient = NumberFormat.fourDecimals(stepper.gradients[node])
            var text = "  \(names.name(of: node)) = \(value)   grad \(gradient)"
            if let review {
                let yours = review.engineGrad(of: node)
                let agrees =
                    !review.judgesGrad(of: node)
                    || yours.double.map { Tolerance.agrees($0, stepper.gradients[node]) } == true
                text += "   yours \(VerdictText.text(yours))\(agrees ? "" : " ✗")"
            }
            output.write(text + "\n")
        }
    }

    /// The text of one step: its header, then one line per contribution; with a `review`, what
    /// the engine's `_backward` passed to each input beside it.
    package static func line(
        for event: StepEvent, of last: Int, graph: Graph, names: NodeNames, review: Review? = nil
    ) -> String {
        let header = "step \(event.index)/\(last)"
        guard event.kind == .backward else {
            return "\(header)  seed \(names.name(of: event.node)).grad = 1\n"
        }
        let upstream = NumberFormat.fourDecimals(event.upstream)
        var text =
            "\(header)  fire \(names.name(of: event.node)) = \(names.expression(of: event.node))   upstream \(upstream)\n"
        for (offset, contribution) in event.contributions.enumerated() {
            let local = NumberFormat.fourDecimals(contribution.local)
            let delta = NumberFormat.fourDecimals(contribution.delta)
            let before = NumberFormat.fourDecimals(contribution.before)
            let after = NumberFormat.fourDecimals(contribution.after)
            text +=
                "  \(names.name(of: contribution.input)).grad += \(local) × \(upstream) = \(delta)   (\(before) → \(after))"
            let isFirstUse = !event.contributions.prefix(offset).contains {
                $0.input == contribution.input
            }
            if let review, isFirstUse {
                text += engineLocal(
                    of: event.node, input: contribution.input, upstream: event.upstream,
                    review: review)
            }
            text += "\n"
        }
        return text
    }

    /// The forward pass: `forward 2/7  n = xw + b = -0.7500 + 2.0000 = 1.2500`.
    private static func writeForward(
        _ order: [NodeID], graph: Graph, names: NodeNames, to output: inout some TextOutputStream
    ) {
        let computed = order.filter { !graph.isLeaf($0) }
        for (index, node) in computed.enumerated() {
            let numbers = names.computation(
                of: node, values: graph.value(of:), number: NumberFormat.fourDecimals)
            output.write(
                "forward \(index + 1)/\(computed.count)  \(names.name(of: node)) = \(names.expression(of: node)) = \(numbers) = \(NumberFormat.fourDecimals(graph.value(of: node)))\n"
            )
        }
    }

    /// What the engine's `_backward` of `node` passes to `input`, in the units of the
    /// contribution beside it: the local derivative the probe measured, times this step's
    /// upstream, equals what the engine would add (`yours 0.9640 × 1.0000 = 0.9640`); the mode
    /// when it is not `+=`, and `✗` where the judge found the edge wrong.
    private static func engineLocal(
        of node: NodeID, input: NodeID, upstream: Double, review: Review
    ) -> String {
        guard let probe = review.probe(of: node, input: input) else { return "" }
        var text = "   yours "
        if let local = probe.local {
            let product = NumberFormat.fourDecimals(local * upstream)
            text +=
                "\(NumberFormat.fourDecimals(local)) × \(NumberFormat.fourDecimals(upstream)) = \(product)"
        } else {
            text += "nothing"
        }
        if probe.mode != .add { text += " (\(probe.mode.rawValue))" }
        if review.finding(of: node, input: input) != nil { text += " ✗" }
        return text
    }
}
