/// Who uses each node: the reverse of the input edges, built once in O(nodes + edges) as
/// flat arrays (compressed rows), so a million-node graph costs no per-node allocation.
public struct UserIndex: Sendable {
    private let starts: [Int32]
    private let users: [Int32]

    /// The users of every node of `graph`.
    public init(graph: Graph) {
        var counts = [Int32](repeating: 0, count: graph.count + 1)
        for node in 0..<graph.count {
            for input in graph.inputs(of: NodeID(node)) { counts[input.index + 1] += 1 }
        }
        for index in 1..<counts.count { counts[index] += counts[index - 1] }
        var fill = counts
        var users = [Int32](repeating: 0, count: Int(counts[counts.count - 1]))
        for node in 0..<graph.count {
            for input in graph.inputs(of: NodeID(node)) {
                users[Int(fill[input.index])] = Int32(node)
                fill[input.index] += 1
            }
        }
        starts = counts
        self.users = users
    }

    /// The nodes that take `node` as an input, in creation order; a node that uses it twice
    /// (`a * a`) is listed twice.
    public func users(of node: NodeID) -> [NodeID] {
        users(of: node, limit: Int.max)
    }

    /// The first `limit` of `users(of:)`, for a view that shows a few: it costs what it gives.
    public func users(of node: NodeID, limit: Int) -> [NodeID] {
        let start = Int(starts[node.index])
        let end = Int(starts[node.index + 1])
        return users[start..<(start + min(max(0, limit), end - start))].map { NodeID(Int($0)) }
    }

    /// The first of `users(of:)` that satisfies `predicate`, found without making the list.
    public func firstUser(of node: NodeID, where predicate: (NodeID) -> Bool) -> NodeID? {
        for user in users[Int(starts[node.index])..<Int(starts[node.index + 1])]
        where predicate(NodeID(Int(user))) {
            return NodeID(Int(user))
        }
        return nil
    }

    /// How many times `node` is taken as an input.
    public func count(of node: NodeID) -> Int {
        Int(starts[node.index + 1] - starts[node.index])
    }
}
