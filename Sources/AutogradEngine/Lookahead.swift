import CMemoryHints

/// How far ahead the loops of backpropagation ask memory for what they will touch, so that a
/// big graph's scattered loads overlap instead of waiting one after another.
///
/// Backpropagation reads each node's inputs, and their values and gradients, at indices that
/// jump all over a big graph. Each such read that misses the caches and the TLB waits
/// hundreds of cycles, and the processor overlaps only the few it sees coming. So the kernel
/// names the links of the node `2 × distance` positions ahead and the cells of the node
/// `distance` ahead, through the compiler's prefetch hint; by the time it gets there, the
/// lines are on their way. Nothing else changes: the same order, the same steps, the same
/// bits.
///
/// Small graphs sit in the caches already, where the hints only cost time, so they are given
/// from `minimumNodeCount` nodes up. The README's Performance section has the measurements.
struct Lookahead {
    /// The smallest graph worth looking ahead in: below it, a graph's links, values and
    /// gradients fit the caches and TLB of the machines we measured on.
    static let minimumNodeCount = 1 << 19
    /// How many nodes ahead the cells are asked for: enough to cover a miss's latency at a
    /// few nanoseconds per node, few enough that the lines are still cached when used.
    static let standardDistance = 16

    /// How far ahead this walk looks, 0 for not at all.
    let distance: Int

    /// The look-ahead for a graph of `nodeCount` nodes.
    init(nodeCount: Int) {
        distance = nodeCount >= Self.minimumNodeCount ? Self.standardDistance : 0
    }

    /// Asks for the line that holds `table[index]`.
    @inline(__always)
    static func prefetch<Element>(_ table: UnsafePointer<Element>?, at index: Int) {
        ag_prefetch(table?.advanced(by: index))
    }
}
