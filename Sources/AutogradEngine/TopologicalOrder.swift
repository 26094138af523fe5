extension Graph {
    /// The nodes reachable from `root`, each after all of its inputs, `root` last.
    ///
    /// It is the post-order of a depth-first walk from `root` that visits each node's inputs
    /// left to right and each node once (micrograd's `build_topo`, with its inputs in source
    /// order). The walk keeps its own stack, so a chain a million nodes deep is no problem.
    public func topologicalOrder(from root: NodeID) -> [NodeID] {
        guard contains(root) else { return [] }
        var order: [NodeID] = []
        var visited = [Bool](repeating: false, count: count)
        // Each frame is a node and how many of its inputs the walk has already entered.
        var stackNodes: [Int32] = [root.rawValue]
        var stackNextInput: [UInt8] = [0]
        visited[root.index] = true
        while let node = stackNodes.last {
            let index = Int(node)
            let next = stackNextInput[stackNextInput.count - 1]
            let input: Int32 =
                switch next {
                case 0: firstInputs[index]
                case 1: secondInputs[index]
                default: NodeInputs.none
                }
            if input == NodeInputs.none {
                order.append(NodeID(index))
                stackNodes.removeLast()
                stackNextInput.removeLast()
                continue
            }
            stackNextInput[stackNextInput.count - 1] = next + 1
            if !visited[Int(input)] {
                visited[Int(input)] = true
                stackNodes.append(input)
                stackNextInput.append(0)
            }
        }
        return order
    }
}
