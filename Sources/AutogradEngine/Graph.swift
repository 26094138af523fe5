/// A computation graph in an arena: nodes in creation order, each referring to its inputs by
/// index, with forward values computed as the nodes are added.
///
/// Storage is a struct of arrays with 32-bit ids, so a million-node graph is a few flat
/// buffers and no object per node. Inputs always precede their users, so the graph is acyclic
/// by construction. `Graph` is a value: copies share storage until one of them changes.
public struct Graph: Sendable {
    /// Each node's operation, by node index.
    public private(set) var operations: [Op] = []
    /// Each node's forward value, by node index.
    public internal(set) var values: [Double] = []
    /// Each node's label, `nil` for unnamed intermediates and constants.
    public private(set) var labels: [String?] = []
    @usableFromInline var firstInputs: [Int32] = []
    @usableFromInline var secondInputs: [Int32] = []

    /// An empty graph.
    public init() {}

    /// The number of nodes.
    @inlinable public var count: Int { values.count }

    /// Every node id, in creation order.
    public var nodeIDs: [NodeID] { (0..<count).map(NodeID.init) }

    /// Whether `id` names a node of this graph.
    @inlinable public func contains(_ id: NodeID) -> Bool { id.rawValue >= 0 && id.index < count }

    /// The operation of node `id`.
    @inlinable public func operation(of id: NodeID) -> Op { operations[id.index] }

    /// The forward value of node `id`.
    @inlinable public func value(of id: NodeID) -> Double { values[id.index] }

    /// The label of node `id`, if it has one.
    @inlinable public func label(of id: NodeID) -> String? { labels[id.index] }

    /// The inputs of node `id`, in source order.
    @inlinable public func inputs(of id: NodeID) -> NodeInputs {
        NodeInputs(first: firstInputs[id.index], second: secondInputs[id.index])
    }

    /// Whether node `id` has no inputs (a leaf or a constant).
    @inlinable public func isLeaf(_ id: NodeID) -> Bool { firstInputs[id.index] == NodeInputs.none }

    /// Sets or clears the label of node `id`.
    public mutating func setLabel(_ label: String?, of id: NodeID) {
        labels[id.index] = label
    }

    /// Adds a named input with the given value.
    @discardableResult
    public mutating func addLeaf(_ value: Double, label: String? = nil) -> NodeID {
        append(.leaf, value: value, label: label, first: NodeInputs.none, second: NodeInputs.none)
    }

    /// Adds an unnamed constant with the given value.
    @discardableResult
    public mutating func addConstant(_ value: Double) -> NodeID {
        append(.constant, value: value, label: nil, first: NodeInputs.none, second: NodeInputs.none)
    }

    /// Adds a node applying a one-input `operation` to `input`, computing its value.
    ///
    /// - Precondition: `operation.arity == 1` and `input` is a node of this graph.
    @discardableResult
    public mutating func add(_ operation: Op, _ input: NodeID, label: String? = nil) -> NodeID {
        precondition(operation.arity == 1, "\(operation.spelling) takes \(operation.arity) inputs")
        precondition(contains(input), "input \(input) is not in the graph")
        let out = operation.value(values[input.index], 0)
        return append(
            operation, value: out, label: label, first: input.rawValue, second: NodeInputs.none)
    }

    /// Adds a node applying a two-input `operation` to `lhs` and `rhs`, computing its value.
    ///
    /// - Precondition: `operation.arity == 2` and both inputs are nodes of this graph.
    @discardableResult
    public mutating func add(
        _ operation: Op, _ lhs: NodeID, _ rhs: NodeID, label: String? = nil
    ) -> NodeID {
        precondition(operation.arity == 2, "\(operation.spelling) takes \(operation.arity) inputs")
        precondition(contains(lhs) && contains(rhs), "inputs must be nodes of the graph")
        let out = operation.value(values[lhs.index], values[rhs.index])
        return append(
            operation, value: out, label: label, first: lhs.rawValue, second: rhs.rawValue)
    }

    /// Removes every node from `id` on, undoing the additions since the graph had `id.index`
    /// nodes. Readers use it to drop what a failed statement built.
    public mutating func removeNodes(from id: NodeID) {
        let keep = max(0, min(id.index, count))
        operations.removeSubrange(keep...)
        values.removeSubrange(keep...)
        labels.removeSubrange(keep...)
        firstInputs.removeSubrange(keep...)
        secondInputs.removeSubrange(keep...)
    }

    /// Reserves room for `capacity` nodes, so building a graph of known size does not reallocate.
    public mutating func reserveCapacity(_ capacity: Int) {
        operations.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        labels.reserveCapacity(capacity)
        firstInputs.reserveCapacity(capacity)
        secondInputs.reserveCapacity(capacity)
    }

    /// The number of input references over all nodes.
    public var edgeCount: Int {
        var edges = 0
        for index in 0..<count where firstInputs[index] != NodeInputs.none {
            edges += secondInputs[index] == NodeInputs.none ? 1 : 2
        }
        return edges
    }

    private mutating func append(
        _ operation: Op, value: Double, label: String?, first: Int32, second: Int32
    ) -> NodeID {
        let id = NodeID(count)
        operations.append(operation)
        values.append(value)
        labels.append(label)
        firstInputs.append(first)
        secondInputs.append(second)
        return id
    }
}
