import AgScript
import AutogradEngine

/// An `assert` of a file checked after its (first) backward pass.
public struct ExpectationResult: Sendable, Equatable {
    /// The statement.
    public var expectation: Expectation
    /// The node's number: its value, or its gradient after the backward pass.
    public var actual: Double
    /// Whether the number meets the expectation.
    public var isMet: Bool

    /// Every expectation of `script`, checked, in file order.
    public static func results(of script: Script) -> [ExpectationResult] {
        guard !script.expectations.isEmpty else { return [] }
        let graph = script.graph
        let gradients = graph.backward(
            from: script.root, order: graph.topologicalOrder(from: script.root))
        return script.expectations.map { expectation in
            let actual =
                switch expectation.field {
                case .data: graph.value(of: expectation.node)
                case .grad: gradients[expectation.node]
                }
            return ExpectationResult(
                expectation: expectation, actual: actual, isMet: expectation.isMet(by: actual))
        }
    }
}
