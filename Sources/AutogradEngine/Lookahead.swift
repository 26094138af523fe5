import CMemoryHints

/// Walks a sequence of nodes while asking memory, a few nodes early, for what the coming
/// nodes will touch.
///
/// Backpropagation reads each node's inputs, and their values and gradients, at indices that
/// jump all over a big graph. Each such read that misses the cache and the TLB waits hundreds
/// of cycles, and the processor can only overlap the few it sees coming. The walk names the
/// links of the node `2 × distance` positions ahead and hands the node `distance` ahead to a
/// `prepare` closure, which names the cells its work will touch; by the time the walk gets
/// there, the lines are on their way or in the cache. It changes no value and no order: the
/// body sees every node exactly as a plain loop would.
///
/// Small graphs sit in the caches already, and there the extra loads only cost time, so the
/// walk looks ahead only from `minimumNodeCount` nodes up (see the README's Performance
/// section for the measurements behind both numbers).
@usableFromInline struct Lookahead {
    /// The smallest graph worth looking ahead in: below it, a graph's links, values and
    /// gradients fit the caches and TLB of the machines we measured on.
    @usableFromInline static let minimumNodeCount = 1 << 19
    /// How many nodes ahead `prepare` runs: enough to cover a miss's latency at a few
    /// nanoseconds per node, few enough that the lines are still cached when used.
    @usableFromInline static let standardDistance = 16

    /// How far ahead this walk looks, 0 for none.
    @usableFromInline let distance: Int
    @usableFromInline let links: UnsafeBufferPointer<Graph.Links>

    /// A walk over the nodes of a graph whose links are `links`.
    @inlinable init(links: UnsafeBufferPointer<Graph.Links>) {
        distance = links.count >= Self.minimumNodeCount ? Self.standardDistance : 0
        self.links = links
    }

    /// Calls `body` with the index of each node in `nodes[range]`, first to last, or last to
    /// first when `reversed`; `prepare` gets each node's index `distance` positions earlier.
    @inlinable @inline(__always) func forEach(
        _ nodes: UnsafeBufferPointer<NodeID>, in range: Range<Int>, reversed: Bool = false,
        prepare: (Int) -> Void, _ body: (Int) -> Void
    ) {
        let lead = distance
        if reversed {
            var position = range.upperBound
            while position > range.lowerBound {
                position -= 1
                if lead > 0 {
                    if position - 2 * lead >= range.lowerBound {
                        Self.prefetch(links.baseAddress, at: nodes[position - 2 * lead].index)
                    }
                    if position - lead >= range.lowerBound { prepare(nodes[position - lead].index) }
                }
                body(nodes[position].index)
            }
        } else {
            var position = range.lowerBound
            while position < range.upperBound {
                if lead > 0 {
                    if position + 2 * lead < range.upperBound {
                        Self.prefetch(links.baseAddress, at: nodes[position + 2 * lead].index)
                    }
                    if position + lead < range.upperBound { prepare(nodes[position + lead].index) }
                }
                body(nodes[position].index)
                position += 1
            }
        }
    }

    /// Asks for the line that holds `table[index]`.
    @inlinable static func prefetch<Element>(_ table: UnsafePointer<Element>?, at index: Int) {
        ag_prefetch(table?.advanced(by: index))
    }

    /// Asks for the lines of `table[input]` for each input of node `index`.
    @inlinable func prefetch<Element>(_ table: UnsafePointer<Element>?, inputsOf index: Int) {
        let pair = links[index]
        if pair.first == NodeInputs.none { return }
        Self.prefetch(table, at: Int(pair.first))
        if pair.second != NodeInputs.none { Self.prefetch(table, at: Int(pair.second)) }
    }
}
