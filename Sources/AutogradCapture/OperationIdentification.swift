import AutogradEngine

/// How a node's operation is found, most certain first: from the engine method that made it
/// (`made_by`), from the operation string the engine stored, and only where neither says,
/// from the data. A guess from the data must be the only operation that reproduces the node's
/// value from its inputs' values *and* the local derivatives the engine's `_backward` passed
/// (or stored); where several fit, or none, the node is not identified and is not judged.
extension Replay {
    /// A node's operation in graph terms, with a note where it needed one.
    struct Resolution {
        enum Shape {
            case leaf
            case opaque
            case unary(Op, input: Int, exponent: Double?)
            case binary(Op, Int, Int)
        }
        var shape: Shape
        var note: Note?
    }

    /// The operation the method that made node `id` computes, when the method is one an
    /// operation's definition names (the innermost method first, then the one around it:
    /// `__mul__` inside `__neg__` is a product).
    static func fromMaker(_ id: Int, children: ChildList, in nodes: CapturedNodes)
        -> Resolution?
    {
        guard children.count > 0, let maker = nodes.maker(of: id) else { return nil }
        let distinct = children.distinctCount
        // The operands recorded are the innermost method's: for the method around it, only
        // the data may order them.
        for (name, own) in [(maker.name, true), (maker.outer, false)] {
            guard let name else { continue }
            let folded = Op.folded(name)
            for operation in Op.allCases where operation.arity > 0 {
                let definition = operation.definition
                let reflected: Bool
                if definition.pythonMethods.contains(where: { Op.folded($0) == folded }) {
                    reflected = false
                } else if definition.reflectedPythonMethods.contains(where: {
                    Op.folded($0) == folded
                }) {
                    reflected = true
                } else {
                    continue
                }
                if let resolution = made(
                    operation, reflected: reflected, ownOperands: own, maker: maker, id: id,
                    children: children, distinct: distinct, in: nodes)
                {
                    return resolution
                }
            }
        }
        return nil
    }

    /// `operation` on the node's children in the order its method took them, or `nil` where
    /// the children do not fit it (`__pow__` makes `**k` of one child or `pow` of two).
    private static func made(
        _ operation: Op, reflected: Bool, ownOperands: Bool, maker: EngineMethod, id: Int,
        children: ChildList, distinct: Int, in nodes: CapturedNodes
    ) -> Resolution? {
        if operation.hasExponent {
            guard distinct == 1, children.count == 1, let exponent = maker.arguments.first,
                exponent.isFinite
            else { return nil }
            return Resolution(shape: .unary(operation, input: children[0], exponent: exponent))
        }
        switch (operation.arity, distinct) {
        case (1, 1) where children.count == 1:
            return Resolution(shape: .unary(operation, input: children[0], exponent: nil))
        case (2, 1):
            // `a * a`: listed twice, or once in a set where the data says it is used twice.
            let a = children[0]
            if children.count == 2 { return Resolution(shape: .binary(operation, a, a)) }
            let twice = operation.value(nodes.data[a], nodes.data[a])
            guard children.count == 1, Tolerance.agrees(twice, nodes.data[id]) else { return nil }
            return Resolution(shape: .binary(operation, a, a), note: .repeatedChild)
        case (2, 2) where children.count == 2:
            if operation.definition.isCommutative {
                return Resolution(shape: .binary(operation, children[0], children[1]))
            }
            var (a, b) = (children[0], children[1])
            let selfOperand = ownOperands ? nodes.selfOperand(of: id) : nil
            if let own = selfOperand, own == b { (a, b) = (b, a) }
            if reflected { (a, b) = (b, a) }
            let known = selfOperand.map { $0 == a || $0 == b } ?? false
            if known || (nodes.ordered[id] && !reflected) {
                return Resolution(shape: .binary(operation, a, b))
            }
            return binary(
                operation, children, ordered: false, data: nodes.data[id], in: nodes)
        default:
            return nil
        }
    }

    /// The one operation that reproduces the node's value from its children's values and, where
    /// the engine's `_backward` was probed or its locals stored, the local derivatives it passed;
    /// `nil` when none or several fit.
    static func infer(_ id: Int, children: ChildList, in nodes: CapturedNodes) -> Resolution? {
        let data = nodes.data[id]
        let distinct = Array(Set(children.ids)).sorted().map { Int($0) }
        var fits: [Resolution.Shape] = []
        switch distinct.count {
        case 1:
            let a = distinct[0]
            for operation in inferable(arity: 1)
            where Tolerance.agrees(operation.value(nodes.data[a]), data) {
                fits.append(.unary(operation, input: a, exponent: nil))
            }
            for operation in inferable(arity: 2)
            where Tolerance.agrees(operation.value(nodes.data[a], nodes.data[a]), data) {
                fits.append(.binary(operation, a, a))
            }
        case 2:
            let (a, b) = (children[0], children[1])
            for operation in inferable(arity: 2) {
                let orders = operation.definition.isCommutative ? [(a, b)] : [(a, b), (b, a)]
                for (lhs, rhs) in orders
                where Tolerance.agrees(operation.value(nodes.data[lhs], nodes.data[rhs]), data) {
                    fits.append(.binary(operation, lhs, rhs))
                }
            }
        default:
            return nil
        }
        let agreeing = fits.filter { locals(of: $0, agreeWithProbeOf: id, in: nodes) }
        guard agreeing.count == 1, let only = agreeing.first else { return nil }
        return Resolution(shape: only, note: .inferred)
    }

    /// The operations a guess from the data may choose: those with inputs and no exponent.
    private static func inferable(arity: Int) -> [Op] {
        Op.allCases.filter { $0.arity == arity && !$0.hasExponent }
    }

    /// Whether `shape`'s correct local derivatives are what the engine passed to each child,
    /// where it was probed with a `+=` (or stored its locals); true where nothing was measured.
    private static func locals(
        of shape: Resolution.Shape, agreeWithProbeOf id: Int, in nodes: CapturedNodes
    ) -> Bool {
        let operation: Op
        let a: Int
        let b: Int?
        switch shape {
        case .leaf, .opaque: return true
        case .unary(let unary, let input, _):
            (operation, a, b) = (unary, input, nil)
        case .binary(let binary, let lhs, let rhs):
            (operation, a, b) = (binary, lhs, rhs)
        }
        let (x, y) = (nodes.data[a], b.map { nodes.data[$0] } ?? 0)
        let out = operation.value(x, y)
        let (first, second) = operation.localDerivatives(x, y, out: out)
        var expected: [Int: Double] = [a: first]
        if let b { expected[b, default: 0] += second }
        for (child, local) in expected {
            guard let probe = nodes.storedProbe(of: id, child: child), probe.mode == .add,
                probe.hasLocal
            else { continue }
            if !Tolerance.agrees(probe.local, local) { return false }
        }
        return true
    }
}

/// A node's children as the capture lists them, read in place.
struct ChildList {
    let ids: ArraySlice<Int32>

    init(_ ids: ArraySlice<Int32>) {
        self.ids = ids
    }

    var count: Int { ids.count }

    /// How many different nodes are among them.
    var distinctCount: Int {
        switch ids.count {
        case 0, 1: ids.count
        case 2: ids.first == ids.last ? 1 : 2
        default: Set(ids).count
        }
    }

    /// The capture id of the child at `position`, counted from 0.
    subscript(position: Int) -> Int { Int(ids[ids.startIndex + position]) }
}
