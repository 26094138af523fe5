import AutogradEngine

/// One of the two kinds of expression the reader reads with one shunting-yard loop
/// (`ScriptBuilder.reduce`): an expression makes nodes (`ExpressionParser.swift`), the right
/// side of an update a tree of numbers and `w.grad` (`UpdateAmountParser.swift`). The loop
/// folds numbers itself, as Python folds them when it compiles; a dialect gives only what
/// differs: what its operands are, what a name reads as, and what applying an operator makes.
protocol ExpressionDialect {
    /// A value on the operand stack.
    associatedtype Operand

    /// Whether `=` ends the expression, as `,` and the end of the line do.
    var endsAtEquals: Bool { get }
    /// Whether `.f()` may follow an operand; where it may not, the `.` is an error.
    var takesMethodCalls: Bool { get }
    /// Where the builder keeps this dialect's stacks between expressions.
    static var stacks: WritableKeyPath<ScriptBuilder, OperatorStacks<Operand>> { get }

    /// A number: a literal, or the result of folding.
    static func constant(_ value: Double) -> Operand
    /// The number `operand` is, when it is one.
    static func constantValue(of operand: Operand) -> Double?

    /// What the name at token `index` starts, where an operand is expected.
    func name(at index: Int, in builder: inout ScriptBuilder) throws(ScriptBuilder.Failure)
        -> NameReading<Operand>
    /// `-operand`, for an operand that is not a number; `token` is the minus sign's.
    func negated(_ operand: Operand, token: Int, in builder: inout ScriptBuilder)
        throws(ScriptBuilder.Failure) -> Operand
    /// `lhs op rhs` where not both are numbers; `token` is the operator's.
    func combined(
        _ lhs: Operand, _ op: BinaryOperator, _ rhs: Operand, token: Int,
        in builder: inout ScriptBuilder
    ) throws(ScriptBuilder.Failure) -> Operand
    /// `function` applied to `operand`: a call `f(x)` at its `)`, or a method call `x.f()`
    /// (then `method` is the token of its name).
    func called(
        _ function: Op, on operand: Operand, method: Token?, in builder: inout ScriptBuilder
    ) throws(ScriptBuilder.Failure) -> Operand
}

/// What a name starts where an operand is expected.
enum NameReading<Operand> {
    /// An operand, whose last token is `through` (`w.grad` is three tokens).
    case operand(Operand, through: Int)
    /// A call of `function`, whose `(` is the next token.
    case call(Op)
}

/// An operator waiting for its operands, with the index of its token.
enum Pending {
    case negation(token: Int)
    /// A unary plus, which changes nothing but binds as a unary minus does.
    case unaryPlus(token: Int)
    case binary(BinaryOperator, token: Int)
    case group(token: Int)
    case call(Op, token: Int)

    /// How tightly it binds once its operands are read (`BinaryOperator.precedence`); `nil`
    /// for a parenthesis, which only `)` closes.
    var precedence: Int? {
        switch self {
        case .negation, .unaryPlus: BinaryOperator.negationPrecedence
        case .binary(let binary, _): binary.precedence
        case .group, .call: nil
        }
    }
}

/// The two stacks of the shunting-yard loop. The builder keeps a pair for each dialect
/// between expressions (`ExpressionDialect.stacks`), so reading a line allocates nothing once
/// they have grown.
struct OperatorStacks<Operand> {
    var operands: [Operand] = []
    var pending: [Pending] = []
}

/// The shunting-yard loop: operands and operators wait on two explicit stacks, and each
/// operator is applied as it is reduced, so there is no syntax tree and no recursion.
extension ScriptBuilder {
    /// Reads the expression starting at token `start` in `dialect`, on its stacks, and
    /// returns its value with the index of the token that ended it: the end of the line, `,`,
    /// `=` where it ends one, or a `)` with no `(` of its own.
    mutating func reduce<Dialect: ExpressionDialect>(
        _ dialect: Dialect, from start: Int
    ) throws(Failure) -> (Dialect.Operand, stop: Int) {
        self[keyPath: Dialect.stacks].operands.removeAll(keepingCapacity: true)
        self[keyPath: Dialect.stacks].pending.removeAll(keepingCapacity: true)
        var index = start
        var expectsOperand = true
        while true {
            let current = token(index)
            if expectsOperand {
                switch current.kind {
                case .number:
                    self[keyPath: Dialect.stacks].operands.append(Dialect.constant(current.number))
                    expectsOperand = false
                case .name:
                    switch try dialect.name(at: index, in: &self) {
                    case .operand(let operand, let last):
                        self[keyPath: Dialect.stacks].operands.append(operand)
                        index = last
                        expectsOperand = false
                    case .call(let function):
                        self[keyPath: Dialect.stacks].pending.append(
                            .call(function, token: index + 1))
                        index += 1
                    }
                case .leftParen:
                    self[keyPath: Dialect.stacks].pending.append(.group(token: index))
                case .minus:
                    self[keyPath: Dialect.stacks].pending.append(.negation(token: index))
                case .plus:
                    self[keyPath: Dialect.stacks].pending.append(.unaryPlus(token: index))
                case .rightParen:
                    let innermost = self[keyPath: Dialect.stacks].pending.last
                    if case .call(let function, let open)? = innermost, open == index - 1 {
                        throw failure(at: current, .notOneArgument(function))
                    }
                    throw expectedExpression(at: current)
                case .string, .leftBracket, .rightBracket, .comma, .colon, .dot, .star, .slash,
                    .starStar, .equals, .equalsEquals, .less, .plusEquals, .minusEquals,
                    .starEquals, .slashEquals, .end:
                    throw expectedExpression(at: current)
                }
            } else if let binary = current.kind.binaryOperator {
                while let top = self[keyPath: Dialect.stacks].pending.last,
                    let level = top.precedence,
                    level > binary.precedence
                        || (level == binary.precedence && !binary.isRightAssociative)
                {
                    self[keyPath: Dialect.stacks].pending.removeLast()
                    try apply(top, dialect)
                }
                self[keyPath: Dialect.stacks].pending.append(.binary(binary, token: index))
                expectsOperand = true
            } else {
                switch current.kind {
                case .dot where dialect.takesMethodCalls:
                    try methodCall(at: index, dialect)
                    index += 3
                case .rightParen:
                    guard try reduceToGroup(dialect) else {
                        return (try result(dialect, at: current), index)
                    }
                case .comma:
                    if let open = Self.innermostOpenCall(self[keyPath: Dialect.stacks].pending) {
                        throw failure(at: current, .notOneArgument(open))
                    }
                    return (try reduceAll(dialect, at: current), index)
                case .end:
                    return (try reduceAll(dialect, at: current), index)
                case .equals where dialect.endsAtEquals:
                    return (try reduceAll(dialect, at: current), index)
                case .dot, .equals, .number, .name, .string, .leftParen, .leftBracket,
                    .rightBracket, .colon, .plus, .minus, .star, .slash, .starStar, .equalsEquals,
                    .less, .plusEquals, .minusEquals, .starEquals, .slashEquals:
                    // The binary operators are read above; `.` and `=` here are not this
                    // dialect's.
                    throw failure(
                        at: current, .expectedOperator(found: current.describe(in: bytes)))
                }
            }
            index += 1
        }
    }

    /// The error for `token` where an operand should be.
    private func expectedExpression(at token: Token) -> Failure {
        failure(at: token, .expectedExpression(found: token.describe(in: bytes)))
    }

    /// The expression's value once everything is applied: the one operand left.
    private func result<Dialect: ExpressionDialect>(
        _ dialect: Dialect, at stop: Token
    ) throws(Failure) -> Dialect.Operand {
        let operands = self[keyPath: Dialect.stacks].operands
        guard operands.count == 1, let only = operands.last else {
            throw failure(at: stop, .expectedExpression(found: nil))
        }
        return only
    }

    /// At the end of the expression, the token `stop`: applies everything and gives the one
    /// operand left; an open `(` is an error.
    private mutating func reduceAll<Dialect: ExpressionDialect>(
        _ dialect: Dialect, at stop: Token
    ) throws(Failure) -> Dialect.Operand {
        while let top = self[keyPath: Dialect.stacks].pending.popLast() {
            switch top {
            case .group(let open), .call(_, let open):
                throw failure(at: token(open), .unclosedParenthesis)
            case .negation, .unaryPlus, .binary:
                try apply(top, dialect)
            }
        }
        return try result(dialect, at: stop)
    }

    /// At `)`: applies operators back to the matching `(` or call and closes it; returns false
    /// when there is no `(` to match, after applying everything.
    private mutating func reduceToGroup<Dialect: ExpressionDialect>(
        _ dialect: Dialect
    ) throws(Failure) -> Bool {
        while let top = self[keyPath: Dialect.stacks].pending.popLast() {
            switch top {
            case .group:
                return true
            case .call(let function, _):
                guard let operand = self[keyPath: Dialect.stacks].operands.popLast() else {
                    throw failure(at: tokens[0], .expectedExpression(found: nil))
                }
                let made = try dialect.called(function, on: operand, method: nil, in: &self)
                self[keyPath: Dialect.stacks].operands.append(made)
                return true
            case .negation, .unaryPlus, .binary:
                try apply(top, dialect)
            }
        }
        return false
    }

    /// The function whose call is the innermost open parenthesis, if that one is a call.
    private static func innermostOpenCall(_ pending: [Pending]) -> Op? {
        for entry in pending.reversed() {
            switch entry {
            case .call(let function, _): return function
            case .group: return nil
            case .negation, .unaryPlus, .binary: continue
            }
        }
        return nil
    }

    /// `.f()` after an operand, at token `dot`: applies `f` to it at once, since calls bind
    /// tightest.
    private mutating func methodCall<Dialect: ExpressionDialect>(
        at dot: Int, _ dialect: Dialect
    ) throws(Failure) {
        let nameToken = token(dot + 1)
        guard nameToken.kind == .name else {
            throw failure(at: nameToken, .expectedMethodName)
        }
        let keyword = Keyword.classify(nameToken.range, in: bytes)
        if case .backward? = keyword {
            throw failure(at: nameToken, .backwardMethodInExpression)
        }
        if case .label? = keyword {
            throw failure(at: nameToken, .labelInExpression)
        }
        guard case .function(let function)? = keyword else {
            let name = text(of: nameToken)
            let suggestion = Suggestions.closest(to: name, among: Keyword.methodNames)
            throw failure(at: nameToken, .notAnOperation(name, suggestion: suggestion))
        }
        guard token(dot + 2).kind == .leftParen else {
            throw failure(at: nameToken, .methodNotCalled(function))
        }
        guard token(dot + 3).kind == .rightParen else {
            throw failure(at: token(dot + 3), .methodWithArguments(function))
        }
        guard let operand = self[keyPath: Dialect.stacks].operands.popLast() else {
            throw failure(at: tokens[0], .expectedExpression(found: nil))
        }
        let made = try dialect.called(function, on: operand, method: nameToken, in: &self)
        self[keyPath: Dialect.stacks].operands.append(made)
    }

    /// Applies a unary or binary operator to the operands on top of the stack, folding
    /// numbers.
    private mutating func apply<Dialect: ExpressionDialect>(
        _ pending: Pending, _ dialect: Dialect
    ) throws(Failure) {
        switch pending {
        case .negation(let minus):
            guard let operand = self[keyPath: Dialect.stacks].operands.popLast() else { return }
            if let value = Dialect.constantValue(of: operand) {
                self[keyPath: Dialect.stacks].operands.append(Dialect.constant(-value))
            } else {
                let made = try dialect.negated(operand, token: minus, in: &self)
                self[keyPath: Dialect.stacks].operands.append(made)
            }
        case .binary(let binary, let operatorToken):
            guard let rhs = self[keyPath: Dialect.stacks].operands.popLast(),
                let lhs = self[keyPath: Dialect.stacks].operands.popLast()
            else { return }
            if let a = Dialect.constantValue(of: lhs), let b = Dialect.constantValue(of: rhs) {
                let folded = try fold(a, binary, b, operatorToken: operatorToken)
                self[keyPath: Dialect.stacks].operands.append(Dialect.constant(folded))
            } else {
                let made = try dialect.combined(lhs, binary, rhs, token: operatorToken, in: &self)
                self[keyPath: Dialect.stacks].operands.append(made)
            }
        case .unaryPlus, .group, .call:
            return
        }
    }

    /// Constant arithmetic, done when the file is read, as Python does it: a result that is
    /// not a finite real number is an error, as Python raises or leaves the reals there (a
    /// division by zero, `0 ** -1`, `(-8) ** (1/3)`, a result too large for a double).
    private func fold(_ a: Double, _ binary: BinaryOperator, _ b: Double, operatorToken: Int)
        throws(Failure) -> Double
    {
        let value = binary.apply(a, b)
        guard !value.isFinite, a.isFinite, b.isFinite else { return value }
        let reason: LineError =
            switch binary {
            case .divide where b == 0: .constantDividesByZero
            case .power where a == 0 && b < 0: .zeroToNegativePower
            case .power where a < 0 && b != b.rounded(): .constantNotReal
            case .add, .subtract, .multiply, .divide, .power: .constantOverflows
            }
        throw failure(at: token(operatorToken), reason)
    }
}
