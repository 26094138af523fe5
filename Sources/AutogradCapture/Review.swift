import AutogradEngine

/// A replayed capture judged against autograd-tui's engine: every disagreement, the verdict,
/// and what could not be judged.
///
/// Each operation is judged at the engine's own values of its inputs, so one wrong value does
/// not make every operation after it look wrong; the final grads are compared with the correct
/// gradients of the engine's graph.
package struct Review: Sendable {
    /// The replayed graph and the capture it came from.
    package let replay: Replay
    /// The first place, in firing order, where the engine goes wrong.
    package let verdict: Verdict
    /// Every disagreement, in firing order.
    package let findings: [Finding]
    /// The correct gradient of every node.
    package let correctGradients: Gradients
    /// The nodes whose operation could not be mapped (kept as given, not judged).
    package let opaqueNodes: [NodeID]
    /// The nodes whose inputs came unordered with an order the data does not tell.
    package let unorderedNodes: [NodeID]
    /// The nodes whose final grad is not judged because their gradient passes through an
    /// opaque node.
    package let nodesBehindOpaque: Int
    /// The operations whose grad the engine set to 0 after its pass had used it (as PyTorch
    /// frees a non-leaf tensor's grad): their final grads are not judged, what they passed on
    /// is, in their inputs' grads.
    package let freedNodes: [NodeID]
    /// The nodes whose value autograd-tui cannot compute with (a `Decimal`, a `complex`, an
    /// int past a double's range): their value, edges and grad, and the grads below them, are
    /// not judged.
    package let uncomputableNodes: [NodeID]
    /// The nodes whose final grad the capture does not give (no `grad` member), and whose
    /// grad is not judged for that alone.
    package let gradUnknownNodes: [NodeID]
    /// How many nodes were not judged: opaque or unidentified, unordered, or below those,
    /// whose grad was freed or is not given as a number.
    package var unjudgedCount: Int {
        opaqueNodes.count + unorderedNodes.count + nodesBehindOpaque + freedNodes.count
            + uncomputableNodes.count + gradUnknownNodes.count
    }
    /// The engine's firing order in graph ids, when the bridge observed it.
    package let firedOrder: [NodeID]?
    /// The finding of each edge that has one, by node and input.
    private let edgeFindings: [Edge: Int]
    private let judgedGrads: [Bool]

    /// Whether the node's final grad is judged: it is not, below an opaque, unidentified or
    /// unordered node, nor for a constant the engine made from a number. Nothing should mark
    /// such a grad wrong.
    package func judgesGrad(of node: NodeID) -> Bool { judgedGrads[node.index] }

    private struct Edge: Hashable {
        let node: NodeID
        let input: NodeID
    }

    /// What is wrong with the edge from `node` to `input`, if anything.
    package func finding(of node: NodeID, input: NodeID) -> Finding? {
        edgeFindings[Edge(node: node, input: input)].map { findings[$0] }
    }

    /// The engine's code a finding is about, where the capture says where it is: the
    /// `_backward` that mistreats an edge or raised (for an engine that stores its local
    /// derivatives, the statement that computed them; for a DeZero-style engine, the
    /// `Function.backward`), the statement that computed a wrong value, the call of
    /// `backward()` for grads left over, and the pass for a wrong schedule, seed or grad.
    package func code(of finding: Finding) -> CodeLocation? {
        let code = replay.capture.code
        switch finding {
        case .edge(let node, let input, _):
            let id = replay.captureID(of: node)
            let made = replay.capture.nodes.maker(of: id)?.code
            switch probe(of: node, input: input)?.origin {
            case .stored?: return made ?? code.backward(of: id)
            case .call?, .returned?, nil: return code.backward(of: id) ?? made
            }
        case .raised(_, _, _, 0, _):
            // Raised before any `_backward` ran: where it was raised, in the pass.
            return code.raised ?? code.pass
        case .raised(let node, _, _, _, _):
            let id = replay.captureID(of: node)
            return code.backward(of: id) ?? replay.capture.nodes.maker(of: id)?.code
        case .forward(let node, _, _):
            return replay.capture.nodes.maker(of: replay.captureID(of: node))?.code
        case .notZeroed:
            // The grads are zeroed (or not) where the loop calls backward(), not in it.
            return replay.capture.call.map { CodeLocation($0, function: nil) }
        case .order, .seed, .grad:
            return code.pass
        }
    }

    /// What the engine's `_backward` of `node` did to `input`, where the bridge probed it.
    package func probe(of node: NodeID, input: NodeID) -> Probe? {
        replay.capture.nodes.probe(
            of: replay.captureID(of: node), child: replay.captureID(of: input))
    }

    /// The engine's grad of `node` after its `backward()`.
    package func engineGrad(of node: NodeID) -> EngineNumber {
        replay.capture.nodes.engineGrad(of: replay.captureID(of: node))
    }

    /// The engine's forward value of `node`.
    package func engineData(of node: NodeID) -> EngineNumber {
        replay.capture.nodes.engineData(of: replay.captureID(of: node))
    }

    /// Judges `replay`.
    package init(_ replay: Replay) {
        self.replay = replay
        var judge = Judge(replay: replay)
        judge.run()
        verdict = judge.verdict()
        findings = judge.findings
        correctGradients = judge.gradients
        opaqueNodes = judge.opaque
        unorderedNodes = judge.unordered
        nodesBehindOpaque = judge.behindOpaque.count
        freedNodes = judge.freed
        uncomputableNodes = judge.uncomputable
        gradUnknownNodes = judge.gradUnknown
        firedOrder = judge.fired
        judgedGrads = judge.judgedGrads
        var edgeFindings: [Edge: Int] = [:]
        for (index, finding) in findings.enumerated() where finding.subject == .edge {
            if let input = finding.input {
                edgeFindings[Edge(node: finding.node, input: input)] = index
            }
        }
        self.edgeFindings = edgeFindings
    }
}
