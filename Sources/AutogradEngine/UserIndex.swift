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
        users[Int(starts[node.index])..<Int(starts[node.index + 1])].map { NodeID(Int($0)) }
    }
}

extension BackwardStepper {
    /// One entry of a node's accumulation ledger: a contribution it received, from which user,
    /// at which step.
    public struct LedgerEntry: Sendable, Equatable {
        /// The step that made the contribution.
        public let step: Int
        /// The user that fired.
        public let user: NodeID
        /// What was added, with the gradient before and after (the running sum).
        public let contribution: Contribution
    }

    /// Every contribution `node` has received so far, in step order: its accumulation ledger.
    /// `a * a` contributes twice in one step.
    public func ledger(of node: NodeID, users: UserIndex) -> [LedgerEntry] {
        var entries: [LedgerEntry] = []
        let firingUsers = Set(users.users(of: node)).compactMap { user in
            step(firing: user).map { ($0, user) }
        }
        for (step, user) in firingUsers.sorted(by: { $0.0 < $1.0 }) {
            guard let event = event(at: step) else { continue }
            for contribution in event.contributions where contribution.input == node {
                entries.append(LedgerEntry(step: step, user: user, contribution: contribution))
            }
        }
        return entries
    }
}
