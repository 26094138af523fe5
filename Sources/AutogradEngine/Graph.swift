/// A computation graph in an arena: nodes in creation order, each referring to its inputs by
/// index, with forward values computed as the nodes are added.
///
/// Storage is a struct of arrays with 32-bit ids: per node, its one-byte operation, its two
/// input indices side by side (one cache line holds both), its value and its label; the
/// exponents of the nodes whose operation holds one (`a ** k`) sit in a small side table. A million-node graph is a few flat
/// buffers and no object per node. Inputs always precede their users, so the graph is acyclic
/// by construction. `Graph` is a value: copies share storage until one of them changes.
public struct Graph: Sendable {
    /// Each node's forward value, by node index.
    public internal(set) var values: [Double] = []
    /// Each node's label, `nil` for unnamed intermediates and constants.
    public private(set) var labels: [String?] = []
    @usableFromInline var codes: [Op] = []
    @usableFromInline var links: [Links] = []
    /// The exponent of each node whose operation holds one (`a ** k`), by node index.
    @usableFromInline var exponents: [Int32: Double] = [:]

    /// A node's inputs, `NodeInputs.none` where absent.
    @usableFromInline struct Links: Sendable {
        @usableFromInline var first: Int32
        @usableFromInline var second: Int32

        @inlinable init(first: Int32, second: Int32) {
            self.first = first
            self.second = second
        }
    }

    /// An empty graph.
    public init() {}

    /// The number of nodes.
    @inlinable public var count: Int { values.count }

    /// Every node id, in creation order.
    public var nodeIDs: [NodeID] { (0..<count).map(NodeID.init) }

    /// Each node's operation, by node index.
    public var operations: [Op] { codes }

    /// Whether `id` names a node of this graph.
    @inlinable public func contains(_ id: NodeID) -> Bool { id.rawValue >= 0 && id.index < count }

    /// The operation of node `id`.
    @inlinable public func operation(of id: NodeID) -> Op { codes[id.index] }

    /// The exponent of node `id` if its operation holds one (`a ** k`), else `nil`.
    @inlinable public func exponent(of id: NodeID) -> Double? { exponents[id.rawValue] }

    /// The forward value of node `id`.
    @inlinable public func value(of id: NodeID) -> Double { values[id.index] }

    /// The label of node `id`, if it has one.
    @inlinable public func label(of id: NodeID) -> String? { labels[id.index] }

    /// The inputs of node `id`, in source order.
    @inlinable public func inputs(of id: NodeID) -> NodeInputs {
        let pair = links[id.index]
        return NodeInputs(first: pair.first, second: pair.second)
    }

    /// Whether node `id` has no inputs (a leaf or a constant).
    @inlinable public func isLeaf(_ id: NodeID) -> Bool { links[id.index].first == NodeInputs.none }

    /// Sets or clears the label of node `id`.
    public mutating func setLabel(_ label: String?, of id: NodeID) {
        labels[id.index] = label
    }

    /// Adds a named input with the given value.
    @discardableResult
    public mutating func addLeaf(_ value: Double, label: String? = nil) -> NodeID {
        append(
            .leaf, value: value, exponent: nil, label: label, first: NodeInputs.none,
            second: NodeInputs.none)
    }

    /// Adds an unnamed constant with the given value.
    @discardableResult
    public mutating func addConstant(_ value: Double) -> NodeID {
        append(
            .constant, value: value, exponent: nil, label: nil, first: NodeInputs.none,
            second: NodeInputs.none)
    }

    /// Adds a node applying a one-input `operation` to `input`, computing its value; `exponent`
    /// is the constant `k` of an operation that holds one (`a ** k`).
    ///
    /// - Precondition: `operation.arity == 1`, `exponent` is given exactly when the operation
    ///   holds one, and `input` is a node of this graph.
    @discardableResult
    public mutating func add(
        _ operation: Op, _ input: NodeID, exponent: Double? = nil, label: String? = nil
    ) -> NodeID {
        let evaluator = operation.evaluator
        precondition(evaluator.arity == 1, "\(operation.spelling) takes \(evaluator.arity) inputs")
        precondition(
            evaluator.hasExponent == (exponent != nil),
            "\(operation.spelling) \(evaluator.hasExponent ? "needs" : "takes no") exponent")
        precondition(contains(input), "input \(input) is not in the graph")
        let out = evaluator.value(values[input.index], 0, exponent ?? 0)
        return append(
            operation, value: out, exponent: exponent, label: label, first: input.rawValue,
            second: NodeInputs.none)
    }

    /// Adds a node applying a two-input `operation` to `lhs` and `rhs`, computing its value.
    ///
    /// - Precondition: `operation.arity == 2` and both inputs are nodes of this graph.
    @discardableResult
    public mutating func add(_ operation: Op, _ lhs: NodeID, _ rhs: NodeID, label: String? = nil)
        -> NodeID
    {
        let evaluator = operation.evaluator
        precondition(evaluator.arity == 2, "\(operation.spelling) takes \(evaluator.arity) inputs")
        precondition(contains(lhs) && contains(rhs), "inputs must be nodes of the graph")
        let out = evaluator.value(values[lhs.index], values[rhs.index], 0)
        return append(
            operation, value: out, exponent: nil, label: label, first: lhs.rawValue,
            second: rhs.rawValue)
    }

    /// Removes every node from `id` on, undoing the additions since the graph had `id.index`
    /// nodes. Readers use it to drop what a failed statement built.
    public mutating func removeNodes(from id: NodeID) {
        let keep = max(0, min(id.index, count))
        for index in keep..<count where codes[index].hasExponent { exponents[Int32(index)] = nil }
        codes.removeSubrange(keep...)
        links.removeSubrange(keep...)
        values.removeSubrange(keep...)
        labels.removeSubrange(keep...)
    }

    /// Reserves room for `capacity` nodes, so building a graph of known size does not reallocate.
    public mutating func reserveCapacity(_ capacity: Int) {
        codes.reserveCapacity(capacity)
        links.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        labels.reserveCapacity(capacity)
    }

    /// The number of input references over all nodes.
    public var edgeCount: Int {
        var edges = 0
        for pair in links where pair.first != NodeInputs.none {
            edges += pair.second == NodeInputs.none ? 1 : 2
        }
        return edges
    }

    private mutating func append(
        _ operation: Op, value: Double, exponent: Double?, label: String?, first: Int32,
        second: Int32
    ) -> NodeID {
        let id = NodeID(count)
        if let exponent { exponents[id.rawValue] = exponent }
        codes.append(operation)
        links.append(Links(first: first, second: second))
        values.append(value)
        labels.append(label)
        return id
    }
}
