extension Graph {
    /// The nodes reachable from `root`, each after all of its inputs, `root` last.
    ///
    /// It is the post-order of a depth-first walk from `root` that visits each node's inputs
    /// left to right and each node once (micrograd's `build_topo`, with its inputs in source
    /// order). The walk keeps its own stack, so a chain a million nodes deep is no problem.
    public func topologicalOrder(from root: NodeID) -> [NodeID] {
        guard contains(root) else { return [] }
        let nodeCount = count
        return links.withUnsafeBufferPointer { links in
            let visited = UnsafeMutableBufferPointer<Bool>.allocate(capacity: nodeCount)
            visited.initialize(repeating: false)
            // Each frame is a node and how many of its inputs the walk has entered.
            let stackNodes = UnsafeMutablePointer<Int32>.allocate(capacity: nodeCount)
            let stackNext = UnsafeMutablePointer<UInt8>.allocate(capacity: nodeCount)
            defer {
                visited.deallocate()
                stackNodes.deallocate()
                stackNext.deallocate()
            }
            var order: [NodeID] = []
            order.reserveCapacity(nodeCount)
            var depth = 1
            stackNodes[0] = root.rawValue
            stackNext[0] = 0
            visited[root.index] = true
            while depth > 0 {
                let top = depth - 1
                let node = Int(stackNodes[top])
                let next = stackNext[top]
                let input =
                    next == 0 ? links[node].first : next == 1 ? links[node].second : NodeInputs.none
                if input == NodeInputs.none {
                    order.append(NodeID(node))
                    depth -= 1
                    continue
                }
                stackNext[top] = next + 1
                if !visited[Int(input)] {
                    visited[Int(input)] = true
                    stackNodes[depth] = input
                    stackNext[depth] = 0
                    depth += 1
                }
            }
            return order
        }
    }
}
