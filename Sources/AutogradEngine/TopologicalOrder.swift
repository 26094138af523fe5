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
            // Each frame is a node and the inputs it has yet to enter, read from the arena once
            // when the frame is pushed: the walk never goes back to a node's links.
            let frames = UnsafeMutablePointer<Graph.Links>.allocate(capacity: nodeCount)
            let frameNodes = UnsafeMutablePointer<Int32>.allocate(capacity: nodeCount)
            defer {
                visited.deallocate()
                frames.deallocate()
                frameNodes.deallocate()
            }
            let lookahead = Lookahead(nodeCount: nodeCount)
            var order: [NodeID] = []
            order.reserveCapacity(nodeCount)
            var depth = 1
            frameNodes[0] = root.rawValue
            frames[0] = links[root.index]
            visited[root.index] = true
            while depth > 0 {
                let top = depth - 1
                var input = frames[top].first
                if input != NodeInputs.none {
                    frames[top].first = NodeInputs.none
                } else {
                    input = frames[top].second
                    frames[top].second = NodeInputs.none
                }
                if input == NodeInputs.none {
                    order.append(NodeID(Int(frameNodes[top])))
                    depth -= 1
                } else if !visited[Int(input)] {
                    visited[Int(input)] = true
                    frameNodes[depth] = input
                    let pair = links[Int(input)]
                    frames[depth] = pair
                    // The walk reaches a node's second input only after the first input's
                    // whole subgraph: on big graphs, ask for its links now.
                    if lookahead.distance > 0 && pair.second != NodeInputs.none {
                        Lookahead.prefetch(links.baseAddress, at: Int(pair.second))
                    }
                    depth += 1
                }
            }
            return order
        }
    }
}
