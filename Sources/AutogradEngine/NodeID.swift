/// The identity of a node: its index in the graph's arena, counted from 0 in creation order.
///
/// Ids are 32-bit so that the per-node tables stay small on graphs of millions of nodes.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The index as stored.
    public let rawValue: Int32

    /// Makes the id of the node at `index` in the arena.
    public init(_ index: Int) {
        rawValue = Int32(truncatingIfNeeded: index)
    }

    /// The index into the graph's per-node tables.
    @inlinable public var index: Int { Int(rawValue) }

    /// `#id`, the way tools name a node that has no label.
    public var description: String { "#\(rawValue)" }

    /// Orders ids by creation.
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue < rhs.rawValue }
}
