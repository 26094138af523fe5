import AutogradEngine

/// A capture rebuilt as a `Graph` of autograd-tui's engine: the same nodes, the engine's
/// operation strings mapped onto `.ag` operations, the leaves holding the engine's data and
/// every other value recomputed.
///
/// Node ids of the graph follow a topological order of the capture (inputs first); where the
/// capture's own ids are already one, which is what the bridge writes, they are the same ids.
package struct Replay: Sendable {
    /// How a node was replayed where it is not plainly the engine's operation on its children.
    package enum Note: Sendable, Equatable {
        /// An operation string autograd-tui does not know: the node is kept with the engine's
        /// value, as an input of the graph, and nothing passes through it.
        case opaque(String)
        /// The engine stored no operation; this one was found from the data.
        case inferred
        /// The children came unordered; their order was found from the data.
        case orderFromData
        /// The children came unordered and the data does not tell their order: the node's
        /// edges are not judged.
        case orderUnknown
        /// One child of a two-input operation, used twice (`a * a` in a set of children).
        case repeatedChild
        /// `**k` whose exponent is a child node: replayed as `pow(a, b)`.
        case exponentChild
        /// The operation string was missing or named no operation, and the engine method that
        /// made the node did.
        case fromMethod
        /// Neither a method, an operation string nor the data identify the operation (the
        /// engine's string, `?` for none): kept like an opaque node, and not judged.
        case unidentified(String)
    }

    /// The replayed graph.
    package let graph: Graph
    /// The node `backward()` was called on.
    package let root: NodeID
    /// The capture the graph was built from.
    package let capture: Capture
    /// How nodes were replayed, where they needed a note.
    package let notes: [NodeID: Note]
    private let captureIDs: [Int32]
    private let graphIDs: [Int32]

    /// The capture id of graph node `node`.
    package func captureID(of node: NodeID) -> Int { Int(captureIDs[node.index]) }

    /// The graph node of capture id `id`.
    package func node(ofCaptureID id: Int) -> NodeID { NodeID(Int(graphIDs[id])) }

    /// Whether the graph's ids are the capture's own.
    package let keepsCaptureIDs: Bool

    /// Replays `capture`; fails only on a capture whose graph has a cycle.
    package init(_ capture: Capture) throws(CaptureGraphError) {
        let nodes = capture.nodes
        let order = try Self.topologicalOrder(of: nodes)
        var graphIDs = [Int32](repeating: -1, count: nodes.count)
        var graph = Graph()
        graph.reserveCapacity(nodes.count)
        var notes: [NodeID: Note] = [:]
        var meanings = Meanings(texts: nodes.operationTexts)
        for id in order {
            let children = ChildList(nodes.children(of: id))
            let meaning = meanings.meaning(
                of: Int(nodes.operationIndices[id]), distinctChildren: children.distinctCount)
            let resolution = Self.resolve(id, meaning: meaning, children: children, in: nodes)
            let label = nodes.labels[id]
            let node: NodeID
            switch resolution.shape {
            case .leaf where label == nil:
                // micrograd wraps the numbers in `x * 2` as leaves of their own, with no name.
                node = graph.addConstant(nodes.data[id])
            case .leaf:
                node = graph.addLeaf(nodes.data[id], label: label)
            case .opaque:
                node = graph.addLeaf(nodes.data[id], label: label)
            case .unary(let operation, let input, let exponent):
                node = graph.add(
                    operation, NodeID(Int(graphIDs[input])), exponent: exponent, label: label)
            case .binary(let operation, let lhs, let rhs):
                node = graph.add(
                    operation, NodeID(Int(graphIDs[lhs])), NodeID(Int(graphIDs[rhs])),
                    label: label)
            }
            graphIDs[id] = node.rawValue
            if let note = resolution.note { notes[node] = note }
        }
        self.graph = graph
        self.root = NodeID(Int(graphIDs[capture.root]))
        self.capture = capture
        self.notes = notes
        self.graphIDs = graphIDs
        self.captureIDs = order.map { Int32($0) }
        keepsCaptureIDs = order.enumerated().allSatisfy { $0 == $1 }
    }

    private static func resolve(
        _ id: Int, meaning: EngineOperation, children: ChildList, in nodes: CapturedNodes
    ) -> Resolution {
        let data = nodes.data[id]
        let ordered = nodes.ordered[id]
        let text = nodes.operations[id]
        if let made = fromMaker(id, children: children, in: nodes) {
            switch meaning {
            case .known: return made
            case .leaf, .unnamed, .opaque: return Resolution(shape: made.shape, note: .fromMethod)
            }
        }
        switch meaning {
        case .leaf:
            return Resolution(shape: .leaf)
        case .opaque(let text):
            return Resolution(shape: .opaque, note: .opaque(text))
        case .unnamed:
            return infer(id, children: children, in: nodes)
                ?? Resolution(shape: .opaque, note: .unidentified(text ?? "?"))
        case .known(let operation, let exponent):
            let resolved =
                operation.arity == 1
                ? unary(operation, exponent, children, in: nodes)
                : binary(operation, children, ordered: ordered, data: data, in: nodes)
            return resolved
                ?? infer(id, children: children, in: nodes)
                ?? Resolution(shape: .opaque, note: .unidentified(text ?? "?"))
        }
    }

    private static func unary(
        _ operation: Op, _ exponent: Double?, _ children: ChildList, in nodes: CapturedNodes
    ) -> Resolution? {
        if children.count == 1 {
            return Resolution(shape: .unary(operation, input: children[0], exponent: exponent))
        }
        // `Value(a.data ** k, (a, Value(k)), '**k')`: the exponent is a node as well.
        guard operation == .power, let exponent, children.count == 2 else { return nil }
        let exponentChild =
            nodes.data[children[1]] == exponent ? 1 : nodes.data[children[0]] == exponent ? 0 : nil
        guard let exponentChild else { return nil }
        return Resolution(
            shape: .binary(.nodePower, children[1 - exponentChild], children[exponentChild]),
            note: .exponentChild)
    }

    static func binary(
        _ operation: Op, _ children: ChildList, ordered: Bool, data: Double,
        in nodes: CapturedNodes
    ) -> Resolution? {
        switch children.count {
        case 1 where !ordered:
            let a = children[0]
            guard Tolerance.agrees(operation.value(nodes.data[a], nodes.data[a]), data) else {
                return nil
            }
            return Resolution(shape: .binary(operation, a, a), note: .repeatedChild)
        case 2:
            let (a, b) = (children[0], children[1])
            if ordered || a == b || operation == .add || operation == .multiply {
                return Resolution(shape: .binary(operation, a, b))
            }
            let given = Tolerance.agrees(operation.value(nodes.data[a], nodes.data[b]), data)
            let swapped = Tolerance.agrees(operation.value(nodes.data[b], nodes.data[a]), data)
            switch (given, swapped) {
            case (true, false): return Resolution(shape: .binary(operation, a, b))
            case (false, true):
                return Resolution(shape: .binary(operation, b, a), note: .orderFromData)
            default: return Resolution(shape: .binary(operation, a, b), note: .orderUnknown)
            }
        default:
            return nil
        }
    }

    /// The capture ids with every node after its children: the ids themselves when they are
    /// already in such an order, else Kahn's algorithm, iteratively, lowest id first.
    private static func topologicalOrder(of nodes: CapturedNodes) throws(CaptureGraphError)
        -> [Int]
    {
        let count = nodes.count
        var sorted = true
        for id in 0..<count where nodes.children(of: id).contains(where: { Int($0) >= id }) {
            sorted = false
            break
        }
        if sorted { return Array(0..<count) }
        var pending = [Int32](repeating: 0, count: count)
        var userStarts = [Int32](repeating: 0, count: count + 1)
        for id in 0..<count {
            for child in Set(nodes.children(of: id)) {
                pending[id] += 1
                userStarts[Int(child) + 1] += 1
            }
        }
        for id in 0..<count { userStarts[id + 1] += userStarts[id] }
        var users = [Int32](repeating: 0, count: Int(userStarts[count]))
        var filled = userStarts
        for id in 0..<count {
            for child in Set(nodes.children(of: id)) {
                users[Int(filled[Int(child)])] = Int32(id)
                filled[Int(child)] += 1
            }
        }
        var order: [Int] = []
        order.reserveCapacity(count)
        var ready = (0..<count).filter { pending[$0] == 0 }.reversed().map { $0 }
        while let id = ready.popLast() {
            order.append(id)
            for user in users[Int(userStarts[id])..<Int(userStarts[id + 1])] {
                pending[Int(user)] -= 1
                if pending[Int(user)] == 0 { ready.append(Int(user)) }
            }
        }
        guard order.count == count else {
            let stuck: Int = pending.firstIndex(where: { $0 > 0 }) ?? 0
            throw CaptureGraphError(
                message: "the graph has a cycle: node \(stuck) is among its own inputs")
        }
        return order
    }
}

/// What each operation string of a capture means, by its index in `operationTexts` and the
/// number of distinct children it is applied to: each pair is mapped once.
private struct Meanings {
    private let texts: [String?]
    /// By `3 * text + distinct children`, for up to 2 distinct children.
    private var few: [EngineOperation?]
    private var more: [Key: EngineOperation] = [:]

    private struct Key: Hashable {
        let text: Int
        let distinctChildren: Int
    }

    init(texts: [String?]) {
        self.texts = texts
        few = Array(repeating: nil, count: 3 * texts.count)
    }

    mutating func meaning(of text: Int, distinctChildren: Int) -> EngineOperation {
        if distinctChildren <= 2 {
            if let known = few[3 * text + distinctChildren] { return known }
            let meaning = EngineOperation(texts[text], childCount: distinctChildren)
            few[3 * text + distinctChildren] = meaning
            return meaning
        }
        let key = Key(text: text, distinctChildren: distinctChildren)
        if let known = more[key] { return known }
        let meaning = EngineOperation(texts[text], childCount: distinctChildren)
        more[key] = meaning
        return meaning
    }
}

/// A capture whose graph cannot be replayed.
package struct CaptureGraphError: Error, Sendable, Equatable {
    /// What is wrong.
    package let message: String
}
