import AutogradEngine

extension Op {
    /// Where the operation has a kink and `a` is on it (relu and abs at 0), the local
    /// derivatives a `_backward` may rightly pass: every one between the one-sided derivatives
    /// (relu: 0 to 1, abs: −1 to 1), as the gradient check counts a kink, not a mismatch.
    /// `nil` elsewhere.
    func subgradients(at a: Double) -> ClosedRange<Double>? {
        guard hasKinkAtZero, a == 0 else { return nil }
        let near = Double.leastNormalMagnitude
        let left = localDerivatives(-near, out: value(-near)).0
        let right = localDerivatives(near, out: value(near)).0
        guard left.isFinite, right.isFinite else { return nil }
        return min(left, right)...max(left, right)
    }
}

/// The gradients of the graph as the engine computed its forward pass: backpropagation from
/// the root through the engine's own values, each local derivative the one the engine passed
/// where the judge accepts it (within the tolerance of the operation's local at the engine's
/// input values, moved by their own tolerance, or a subgradient at a kink), else the correct
/// one at those values (`Replay.correctLocal`).
///
/// Where every value and local agrees within the tolerance but the function amplifies the
/// rounding of the engine's arithmetic (`tanh` as `(e²ˣ − 1)/(e²ˣ + 1)` at 6·10⁻¹², then times
/// 10¹²; `log(p + 1e-12)` at `p` = 6·10⁻⁶), the gradients at the replay's values differ from the
/// engine's by more than the tolerance; the engine's grads are still what its values and its
/// right locals call for.
struct ReferenceGradients {
    /// By graph node index.
    let values: [Double]

    init(replay: Replay, topologicalOrder: [NodeID]) {
        let graph = replay.graph
        var grads = [Double](repeating: 0, count: graph.count)
        grads[replay.root.index] = 1
        for node in topologicalOrder.reversed() where !graph.isLeaf(node) {
            let upstream = grads[node.index]
            let inputs = graph.inputs(of: node)
            for (position, input) in inputs.enumerated() {
                if position == 1, inputs[0] == input { continue }
                let local =
                    Self.acceptedLocal(replay, node: node, input: input)
                    ?? replay.correctLocal(of: node, input: input)
                grads[input.index] += local * upstream
            }
        }
        values = grads
    }

    /// The local the engine's `_backward` passes on the edge, as probed (`+=`, a number),
    /// where it is right: within the tolerance of the correct local at the engine's input
    /// values, or of what those inputs moved by their own tolerance give, or, at a kink, one of
    /// the subgradients there. `nil` where it is not, or was not measured.
    static func acceptedLocal(_ replay: Replay, node: NodeID, input: NodeID) -> Double? {
        let nodes = replay.capture.nodes
        guard
            let probe = nodes.storedProbe(
                of: replay.captureID(of: node), child: replay.captureID(of: input)),
            probe.mode == .add, probe.hasLocal
        else { return nil }
        let yours = probe.local
        let correct = replay.correctLocal(of: node, input: input)
        if Tolerance.agrees(yours, correct) { return yours }
        let graph = replay.graph
        let operation = graph.operation(of: node)
        if operation.hasKinkAtZero, graph.inputs(of: node).first == input,
            let allowed = operation.subgradients(at: nodes.data[replay.captureID(of: input)]),
            allowed.contains(yours)
        {
            return yours
        }
        let slack = replay.localSlack(of: node, input: input)
        return Replay.agrees(yours, correct, slack: slack) ? yours : nil
    }

    /// The gradient of `node`.
    subscript(node: NodeID) -> Double { values[node.index] }
}
