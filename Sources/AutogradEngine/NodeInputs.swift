/// The inputs of one node, in source order: none for a leaf, one or two for an operation.
///
/// A small value collection, so reading a node's inputs never allocates.
public struct NodeInputs: RandomAccessCollection, Sendable, Equatable {
    @usableFromInline let first: Int32
    @usableFromInline let second: Int32

    /// Marks an absent input slot.
    @usableFromInline static let none: Int32 = -1

    @inlinable init(first: Int32, second: Int32) {
        self.first = first
        self.second = second
    }

    /// The position of the first input.
    @inlinable public var startIndex: Int { 0 }

    /// One past the position of the last input.
    @inlinable public var endIndex: Int {
        first == Self.none ? 0 : second == Self.none ? 1 : 2
    }

    /// The input at `position` (0 or 1).
    @inlinable public subscript(position: Int) -> NodeID {
        NodeID(Int(position == 0 ? first : second))
    }
}
