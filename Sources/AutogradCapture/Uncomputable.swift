import AutogradEngine

/// The nodes whose value autograd-tui cannot compute with, so neither their value, their
/// edges, nor the grads their gradient passes to are judged: a value that is no double at all
/// (a `Decimal`, a `complex`: the capture holds its `repr`), an operation on such a value, and
/// one whose replay is NaN from inputs that are not (`inf + -inf`) where the engine's is a
/// number: an int past a double's range, exact in Python, that the capture could only write
/// as infinite. A NaN the replay made by converting is never the engine's mistake.
enum Uncomputable {
    /// Those nodes among `order`, in it.
    static func nodes(of replay: Replay, order: [NodeID]) -> [NodeID] {
        let graph = replay.graph
        let nodes = replay.capture.nodes
        var found: [NodeID] = []
        for node in order {
            let id = replay.captureID(of: node)
            let inputs = graph.inputs(of: node)
            let notANumber: Bool
            if case .notANumber = nodes.engineData(of: id) {
                notANumber = true
            } else {
                notANumber = inputs.contains { input in
                    if case .notANumber = nodes.engineData(of: replay.captureID(of: input)) {
                        return true
                    }
                    return false
                }
            }
            if notANumber || beyondDoubles(node, replay: replay) { found.append(node) }
        }
        return found
    }

    /// The replay's value is NaN from inputs that are not, at least one infinite, and the
    /// engine's is not NaN: the engine's numbers went past what a double holds.
    private static func beyondDoubles(_ node: NodeID, replay: Replay) -> Bool {
        let graph = replay.graph
        let inputs = graph.inputs(of: node)
        guard !inputs.isEmpty else { return false }
        let nodes = replay.capture.nodes
        let values = inputs.map { nodes.data[replay.captureID(of: $0)] }
        guard values.allSatisfy({ !$0.isNaN }), values.contains(where: \.isInfinite) else {
            return false
        }
        let yours = nodes.data[replay.captureID(of: node)]
        return !yours.isNaN && replay.correctValue(of: node).isNaN
    }
}
