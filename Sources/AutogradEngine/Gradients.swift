/// The gradient of the root with respect to every node, by node id.
public struct Gradients: Sendable, Equatable {
    /// The gradients by node index.
    public internal(set) var values: [Double]

    /// All-zero gradients for a graph of `count` nodes.
    public init(count: Int) {
        values = [Double](repeating: 0, count: count)
    }

    /// The gradient of node `id`.
    @inlinable public subscript(id: NodeID) -> Double { values[id.index] }
}
