import AutogradCapture
import AutogradEngine
import AutogradText

/// The fields a capture adds to the trace document: the engine's own numbers (`yours`) per
/// node and contribution, the `verdict`, every disagreement, and which `capture` this is.
enum CaptureJSON {
    /// `, "yours": {...}, "engine_op": ...` inside a node's object.
    static func writeNodeFields(
        of node: NodeID, run: CapturedRun, to output: inout some TextOutputStream
    ) {
        let review = run.review
        let replay = review.replay
        let id = replay.captureID(of: node)
        output.write(", \"yours\": {\"data\": \(number(review.engineData(of: node)))")
        output.write(", \"grad\": \(number(review.engineGrad(of: node)))")
        if let before = replay.capture.nodes.gradsBefore[id] {
            output.write(", \"grad_before\": \(TraceJSON.number(before))")
        }
        output.write("}, \"engine_op\": ")
        output.write(replay.capture.nodes.operations[id].map(TraceJSON.quoted) ?? "null")
        if !replay.keepsCaptureIDs { output.write(", \"capture_id\": \(id)") }
        if let note = replay.notes[node] { output.write(", \"replay\": \(quoted(note))") }
        if let maker = replay.capture.nodes.maker(of: id) { writeMaker(maker, to: &output) }
    }

    /// `, "made_by": {"method": .., "outer": ..}`: the engine method that made a node.
    private static func writeMaker(_ maker: EngineMethod, to output: inout some TextOutputStream) {
        output.write(", \"made_by\": {\"method\": \(TraceJSON.quoted(maker.name))")
        if let outer = maker.outer { output.write(", \"outer\": \(TraceJSON.quoted(outer))") }
        output.write("}")
    }

    /// `, "schedule": .., "steps": [..]` or `, "raised_at": {..}`: what a finding says beyond
    /// its kind, where it says more.
    private static func writeDetail(of finding: Finding, to output: inout some TextOutputStream) {
        switch finding {
        case .order(_, .firedTwice(let steps)):
            output.write(", \"schedule\": \"fired-twice\", \"steps\": [")
            output.write(steps.map(String.init).joined(separator: ", ") + "]")
        case .order(_, .firedEarly(let step, _)):
            output.write(", \"schedule\": \"fired-early\", \"steps\": [\(step)]")
        case .order(_, .neverFired):
            output.write(", \"schedule\": \"never-fired\"")
        case .raised(_, _, _, let step, let operations):
            output.write(", \"raised_at\": {\"step\": \(step), \"of\": \(operations)}")
        case .notZeroed, .seed, .forward, .edge, .grad: break
        }
    }

    /// `, "node": .., "input": ..` or `"user": ..`, `"yours"` and `"correct"`: the fields every
    /// finding has that apply to it.
    private static func writeCommonFields(
        of finding: Finding, to output: inout some TextOutputStream
    ) {
        output.write(", \"node\": \(finding.node.rawValue)")
        if let input = finding.input { output.write(", \"input\": \(input.rawValue)") }
        if let user = finding.user { output.write(", \"user\": \(user.rawValue)") }
    }

    /// `, "yours": .., "correct": ..` where they apply.
    private static func writeNumbers(of finding: Finding, to output: inout some TextOutputStream) {
        if let yours = finding.yours { output.write(", \"yours\": \(number(yours))") }
        if let correct = finding.correct {
            output.write(", \"correct\": \(TraceJSON.number(correct))")
        }
    }

    /// `, "yours": {"local": .., "mode": ..}` inside a contribution, where the probe measured
    /// it; an input used twice has it on its first contribution, for both uses.
    static func writeContributionFields(
        node: NodeID, input: NodeID, run: CapturedRun, to output: inout some TextOutputStream
    ) {
        let inputs = run.script.graph.inputs(of: node)
        guard let probe = run.review.probe(of: node, input: input) else { return }
        let uses = inputs.count { $0 == input }
        output.write(", \"yours\": {\"local\": ")
        output.write(probe.local.map(TraceJSON.number) ?? "null")
        output.write(", \"mode\": \"\(probe.mode.rawValue)\"")
        if let message = probe.message {
            output.write(", \"message\": \(TraceJSON.quoted(message))")
        }
        if uses > 1 { output.write(", \"uses\": \(uses)") }
        output.write("}")
    }

    /// `"verdict"`, `"disagreements"`, `"not_judged"` and `"capture"` at the top level.
    static func writeDocumentFields(of run: CapturedRun, to output: inout some TextOutputStream) {
        let review = run.review
        let verdict = review.verdict
        output.write(",\n  \"verdict\": {\"kind\": \"\(verdict.kind.rawValue)\"")
        if let finding = verdict.finding {
            let node = finding.node
            writeCommonFields(of: finding, to: &output)
            output.write(
                ", \"op\": \(TraceJSON.quoted(run.script.graph.operation(of: node).spelling))")
            output.write(
                ", \"method\": \(TraceJSON.quoted(VerdictText.methodName(of: node, run: run)))")
            let line = run.script.line(of: node)
            if line > 0 { output.write(", \"line\": \(line)") }
            if line > 0, let cell = run.script.cell(of: node) {
                output.write(", \"cell\": \(cell)")
            }
            writeNumbers(of: finding, to: &output)
            if case .notZeroed = finding {
                output.write(", \"count\": \(review.findings.count { $0.kind == .notZeroed })")
            }
            writeDetail(of: finding, to: &output)
            if let code = review.code(of: finding) {
                output.write(", \"code\": {\"file\": \(TraceJSON.quoted(code.location.file))")
                output.write(", \"line\": \(code.location.line)")
                if let cell = code.location.cell { output.write(", \"cell\": \(cell)") }
                output.write(", \"function\": \(code.function.map(TraceJSON.quoted) ?? "null")}")
            }
        }
        output.write(", \"message\": \(TraceJSON.quoted(VerdictText.sentence(verdict, run: run)))}")
        output.write(",\n  \"disagreements\": [")
        for (position, finding) in review.findings.enumerated() {
            output.write(position == 0 ? "\n    " : ",\n    ")
            output.write(
                "{\"what\": \"\(finding.subject.rawValue)\", \"kind\": \"\(finding.kind.rawValue)\""
            )
            writeCommonFields(of: finding, to: &output)
            writeNumbers(of: finding, to: &output)
            output.write("}")
        }
        output.write(review.findings.isEmpty ? "]" : "\n  ]")
        output.write(",\n  \"not_judged\": {\"opaque\": [")
        output.write(review.opaqueNodes.map { String($0.rawValue) }.joined(separator: ", "))
        output.write("], \"unordered\": [")
        output.write(review.unorderedNodes.map { String($0.rawValue) }.joined(separator: ", "))
        output.write("], \"grads_behind\": \(review.nodesBehindOpaque), \"freed\": [")
        output.write(review.freedNodes.map { String($0.rawValue) }.joined(separator: ", "))
        output.write("], \"values\": [")
        output.write(
            review.uncomputableNodes.map { String($0.rawValue) }.joined(separator: ", "))
        output.write("], \"grads\": [")
        output.write(review.gradUnknownNodes.map { String($0.rawValue) }.joined(separator: ", "))
        output.write("]")
        output.write(", \"count\": \(review.unjudgedCount), \"of\": \(run.script.graph.count)}")
        let document = run.document
        output.write(",\n  \"capture\": {\"index\": \(run.number), \"of\": \(document.callCount)")
        output.write(", \"kept\": [")
        output.write(document.captures.map { String($0.index + 1) }.joined(separator: ", "))
        output.write("], \"roots\": [")
        output.write(document.roots.map(TraceJSON.number).joined(separator: ", "))
        output.write("]")
        if let engine = document.engine {
            output.write(", \"engine\": \(TraceJSON.quoted(engine))")
        }
        output.write("}")
    }

    /// A number, or `{"repr": ...}` for what the engine stored that is not one.
    static func number(_ value: EngineNumber) -> String {
        switch value {
        case .number(let double): TraceJSON.number(double)
        case .notANumber(let repr): "{\"repr\": \(TraceJSON.quoted(repr))}"
        }
    }

    private static func quoted(_ note: Replay.Note) -> String {
        switch note {
        case .opaque: "\"opaque\""
        case .inferred: "\"inferred\""
        case .orderFromData: "\"order-from-data\""
        case .orderUnknown: "\"order-unknown\""
        case .repeatedChild: "\"repeated-child\""
        case .exponentChild: "\"exponent-child\""
        case .fromMethod: "\"from-method\""
        case .unidentified: "\"unidentified\""
        }
    }
}
