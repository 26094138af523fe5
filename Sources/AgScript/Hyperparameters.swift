import AutogradEngine

/// What the builder hands the reader once every line is read: the hyperparameters (names
/// bound to plain numbers that only updates use) are taken out of the graph, the other nodes
/// keep their creation order, and every id is renumbered to match.
extension ScriptBuilder {
    /// The graph and everything that refers to its nodes, as the file describes them.
    struct Built {
        var graph: Graph
        var nodeLines: [Int32]
        /// The declared root, else the node of the last assignment that is not a
        /// hyperparameter.
        var root: NodeID?
        var updates: [Update]
        var expectations: [Expectation]
    }

    /// The result of reading the whole file.
    mutating func finish() -> Built {
        let dropped = hyperparameterLeaves()
        var root = declaredRoot?.node
        if root == nil {
            root = recentAssignments.last { !dropped.contains($0.rawValue) }
        }
        var built = Built(
            graph: graph, nodeLines: nodeLines, root: root, updates: updates,
            expectations: expectations)
        if !dropped.isEmpty { built.remove(dropped) }
        return built
    }

    /// The uses, in updates, of number-bound names that the file also updates: the update
    /// would read the number the name was bound to while training changes it, so each is an
    /// error at its name. (A name the graph also uses but nothing updates keeps its number.)
    func hyperparametersUsedAsNodes() -> [Failure] {
        let updated = Set(updates.map(\.node.rawValue))
        var failures: [Failure] = []
        for (node, offset) in zip(hyperparameterUses, hyperparameterUseOffsets)
        where updated.contains(node) {
            let name = graph.label(of: NodeID(Int(node))) ?? "#\(node)"
            failures.append(.error(offset: Int(offset), reason: .hyperparameterIsNode(name)))
        }
        return failures
    }

    /// The number leaves used in updates and in nothing else: no node takes them as an
    /// input, and no statement names them as a node.
    private func hyperparameterLeaves() -> Set<Int32> {
        guard !hyperparameterUses.isEmpty else { return [] }
        var candidates = Set(hyperparameterUses).subtracting(nodeUses)
        if let declared = declaredRoot?.node { candidates.remove(declared.rawValue) }
        guard let first = candidates.min().map(Int.init) else { return [] }
        var isCandidate = [Bool](repeating: false, count: graph.count - first)
        for candidate in candidates { isCandidate[Int(candidate) - first] = true }
        for index in first..<graph.count {
            for input in graph.inputs(of: NodeID(index))
            where input.index >= first && isCandidate[input.index - first] {
                isCandidate[input.index - first] = false
                candidates.remove(input.rawValue)
            }
        }
        return candidates
    }
}

extension ScriptBuilder.Built {
    /// Takes the leaves `dropped` out of the graph: the nodes after the first of them are
    /// added again, without them, in the same order, and every id is renumbered.
    fileprivate mutating func remove(_ dropped: Set<Int32>) {
        guard let first = dropped.min().map(Int.init) else { return }
        let old = graph
        let count = old.count
        var newIndex = [Int32](repeating: -1, count: count - first)
        graph.removeNodes(from: NodeID(first))
        var keptLines = Array(nodeLines[..<first])
        keptLines.reserveCapacity(count - dropped.count)
        var isDropped = [Bool](repeating: false, count: count - first)
        for leaf in dropped { isDropped[Int(leaf) - first] = true }
        for index in first..<count where !isDropped[index - first] {
            let id = NodeID(index)
            let inputs = old.inputs(of: id)
            let operation = old.operation(of: id)
            let label = old.label(of: id)
            let made: NodeID
            switch inputs.count {
            case 0 where operation == .constant:
                made = graph.addConstant(old.value(of: id))
                graph.setLabel(label, of: made)
            case 0:
                made = graph.addLeaf(old.value(of: id), label: label)
            case 1:
                made = graph.add(
                    operation, renumbered(inputs[0], first: first, newIndex),
                    exponent: old.exponent(of: id), label: label)
            default:
                made = graph.add(
                    operation, renumbered(inputs[0], first: first, newIndex),
                    renumbered(inputs[1], first: first, newIndex), label: label)
            }
            newIndex[index - first] = made.rawValue
            keptLines.append(nodeLines[index])
        }
        nodeLines = keptLines
        root = root.map { renumbered($0, first: first, newIndex) }
        for index in updates.indices {
            updates[index].node = renumbered(updates[index].node, first: first, newIndex)
        }
        for index in expectations.indices {
            expectations[index].node = renumbered(
                expectations[index].node, first: first, newIndex)
        }
    }

    /// The new id of the kept node `id`, given the new index of each node from `first` on.
    private func renumbered(_ id: NodeID, first: Int, _ newIndex: [Int32]) -> NodeID {
        id.index < first ? id : NodeID(Int(newIndex[id.index - first]))
    }
}
