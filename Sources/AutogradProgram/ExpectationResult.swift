import AutogradEngine

/// An `assert` of a file checked after its (first) backward pass.
public struct ExpectationResult: Sendable, Equatable {
    /// The statement.
    public var expectation: Expectation
    /// The node's number: its value, or its gradient after the backward pass.
    public var actual: Double
    /// Whether the number meets the expectation.
    public var isMet: Bool
    /// For a gradient: the contributions it adds up, from each user in step order, so a failed
    /// one can be compared with a hand derivation term by term; empty for a value.
    public var contributions: [BackwardStepper.LedgerEntry]
    /// Whether the node is the root, whose gradient is the seed's 1.
    public var isRoot: Bool

    /// Every expectation of `script`, checked, in file order.
    public static func results(of script: Script) -> [ExpectationResult] {
        guard !script.expectations.isEmpty else { return [] }
        let graph = script.graph
        var stepper = BackwardStepper(graph: graph, root: script.root)
        stepper.seek(toAppliedStepCount: stepper.stepCount)
        return script.expectations.map { expectation in
            let node = expectation.node
            let actual =
                switch expectation.field {
                case .data: graph.value(of: node)
                case .grad: stepper.gradients[node]
                }
            return ExpectationResult(
                expectation: expectation, actual: actual, isMet: expectation.isMet(by: actual),
                contributions: expectation.field == .grad ? stepper.ledger(of: node) : [],
                isRoot: node == script.root)
        }
    }
}
