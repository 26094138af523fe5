import AutogradEngine

/// One bug, as the learner must fix it: the findings that come from one piece of the engine's
/// code (one wrong `_backward`, however many nodes it served), one computation, or one fault of
/// the pass, and how many final grads downstream are wrong because of it.
package struct Cause: Sendable, Equatable {
    /// The findings, in firing order: each edge, value or node where it shows.
    package let findings: [Finding]
    /// The engine's code they come from, where the capture says where it is.
    package let code: CodeLocation?
    /// How many wrong final grads (`grad` findings) are of nodes downstream of it, its own
    /// nodes' inputs included.
    package let consequences: Int

    /// The kind of mistake.
    package var kind: Finding.Kind { findings[0].kind }
}

extension Review {
    /// The causes of every finding that is not a wrong final grad, grouped by the code they
    /// come from (or, where that is unknown, by kind and node), in the order of their first
    /// finding. Wrong final grads are what the causes lead to: each cause counts those below
    /// it. With no cause, nothing is listed: a wrong grad alone is its own finding.
    package func causes() -> [Cause] {
        struct Key: Hashable {
            let kind: Finding.Kind
            let code: CodeLocation?
            /// Where no code is known, each node is its own cause.
            let node: NodeID?
        }
        var order: [Key] = []
        var groups: [Key: [Finding]] = [:]
        var grads: [NodeID] = []
        for finding in findings {
            if case .grad(let node, _, _) = finding {
                grads.append(node)
                continue
            }
            let code = code(of: finding)
            let key = Key(kind: finding.kind, code: code, node: code == nil ? finding.node : nil)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(finding)
        }
        return order.compactMap { key in
            guard let members = groups[key] else { return nil }
            return Cause(
                findings: members, code: key.code,
                consequences: downstreamCount(of: members, among: grads))
        }
    }

    /// How many of `grads` are of nodes below the findings' nodes: everything for a seed or a
    /// leftover grad, which reach the whole pass.
    private func downstreamCount(of members: [Finding], among grads: [NodeID]) -> Int {
        let graph = replay.graph
        var below = [Bool](repeating: false, count: graph.count)
        var stack: [NodeID] = []
        for finding in members {
            switch finding {
            case .seed, .notZeroed: return grads.count
            case .edge(let node, _, _), .forward(let node, _, _), .order(let node, _),
                .raised(let node, _, _, _, _), .grad(let node, _, _):
                stack.append(contentsOf: graph.inputs(of: node))
            }
        }
        while let node = stack.popLast() {
            guard !below[node.index] else { continue }
            below[node.index] = true
            stack.append(contentsOf: graph.inputs(of: node))
        }
        return grads.count { below[$0.index] }
    }
}
