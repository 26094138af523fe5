import AutogradEngine

/// Expressions that make nodes, read by the shunting-yard loop (`ShuntingYard.swift`): each
/// operator makes its node (or folds its constants) as it is reduced.
extension ScriptBuilder {
    /// Parses the expression starting at token `start`, making its nodes, and returns its value
    /// with the index of the token that ended it: the end of the line, `,`, `=`, or a `)` with
    /// no `(` of its own. With `constantsOnly`, names and calls are errors (inside `Value()`).
    mutating func expression(from start: Int, constantsOnly: Bool) throws(Failure)
        -> (Operand, stop: Int)
    {
        try reduce(NodeExpression(constantsOnly: constantsOnly), from: start)
    }
}

/// The dialect of expressions that make nodes: an operand is a number, a node, or poisoned.
struct NodeExpression: ExpressionDialect {
    typealias Operand = ScriptBuilder.Operand
    typealias Failure = ScriptBuilder.Failure

    /// Whether names and calls are errors (the number inside `Value()`).
    let constantsOnly: Bool

    var endsAtEquals: Bool { true }
    var takesMethodCalls: Bool { true }
    static var stacks: WritableKeyPath<ScriptBuilder, OperatorStacks<Operand>> {
        \.expressionStacks
    }

    static func constant(_ value: Double) -> Operand { .constant(value) }

    static func constantValue(of operand: Operand) -> Double? {
        guard case .constant(let value) = operand else { return nil }
        return value
    }

    /// A bound name's node, or a call of one of the functions.
    func name(at index: Int, in builder: inout ScriptBuilder) throws(Failure)
        -> NameReading<Operand>
    {
        let current = builder.token(index)
        if case .function(let function)? = Keyword.classify(current.range, in: builder.bytes) {
            guard builder.token(index + 1).kind == .leftParen else {
                throw builder.failure(at: current, .functionNotCalled(function))
            }
            if constantsOnly {
                throw builder.failure(at: current, .valueGivenCall(function, isMethod: false))
            }
            return .call(function)
        }
        if constantsOnly {
            throw builder.failure(at: current, .valueGivenName(builder.text(of: current)))
        }
        if builder.token(index + 1).kind == .leftParen {
            throw builder.notAFunction(current)
        }
        return .operand(try builder.operand(named: current), through: index)
    }

    func negated(_ operand: Operand, token: Int, in builder: inout ScriptBuilder)
        throws(Failure) -> Operand
    {
        switch operand {
        case .constant(let value): .constant(-value)
        case .node(let node): .node(builder.addOperation(.negate, node))
        case .poisoned: .poisoned
        }
    }

    /// A new node; a node raised to a number is one `**` node holding the exponent.
    func combined(
        _ lhs: Operand, _ op: BinaryOperator, _ rhs: Operand, token: Int,
        in builder: inout ScriptBuilder
    ) throws(Failure) -> Operand {
        if case .node(let base) = lhs, case .constant(let exponent) = rhs, op == .power {
            return .node(builder.addOperation(.power, base, exponent: exponent))
        }
        guard let left = builder.materialize(lhs), let right = builder.materialize(rhs) else {
            return .poisoned
        }
        return .node(builder.addOperation(op.operation, left, right))
    }

    func called(
        _ function: Op, on operand: Operand, method: Token?, in builder: inout ScriptBuilder
    ) throws(Failure) -> Operand {
        if constantsOnly, let method {
            throw builder.failure(at: method, .valueGivenCall(function, isMethod: true))
        }
        guard let node = builder.materialize(operand) else { return .poisoned }
        return .node(builder.addOperation(function, node))
    }
}
