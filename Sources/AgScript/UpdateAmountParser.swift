import AutogradEngine

/// The right-hand side of an update, and the numbers of an `assert`: numbers, names bound to
/// plain numbers, and the updated leaf's `NAME.grad`, read by shunting-yard as expressions are,
/// into an `UpdateAmount` instead of nodes.
///
/// A sub-expression of numbers only is folded, as Python folds it when it compiles (`-0.05`,
/// `2 * 3`), which gives the same double; everything else keeps Python's order of evaluation:
/// `-lr * w.grad` is `(-lr) * w.grad`.
extension ScriptBuilder {
    /// The deepest tree an update's right side may build: evaluating, comparing and releasing
    /// one recurses through it.
    static let updateDepthLimit = 100

    /// A value on the operand stack: a folded constant, or a tree `depth` operations deep.
    private enum Term {
        case constant(Double)
        case amount(UpdateAmount, depth: Int)
    }

    /// An operator waiting for its operands, with the index of its token.
    private enum Waiting {
        case unary(negate: Bool, token: Int)
        case binary(BinaryOperator, token: Int)
        case group(token: Int)
    }

    /// The leaf an update changes: its node and the name the statement gives it.
    private typealias Target = (node: NodeID, name: String)

    /// The right-hand side starting at token `start` of an update of `node`, named `name` on
    /// the line, with the index of the token that ended it: the end of the line, `,`, or a `)`
    /// with no `(` of its own.
    mutating func updateAmount(from start: Int, of node: NodeID, named name: String)
        throws(Failure) -> (UpdateAmount, stop: Int)
    {
        let (term, stop) = try terms(from: start, target: (node, name))
        switch term {
        case .constant(let value): return (.number(value), stop)
        case .amount(let amount, _): return (amount, stop)
        }
    }

    /// The constant expression starting at token `start` (an assert's number), folded, with
    /// the index of the token that ended it; a name in it is an error.
    mutating func constantAmount(from start: Int) throws(Failure) -> (Double, stop: Int) {
        let (term, stop) = try terms(from: start, target: nil)
        guard case .constant(let value) = term else {
            throw failure(at: token(start), .unsupportedAssert)
        }
        return (value, stop)
    }

    /// The shunting-yard loop; names are allowed only with a `target`.
    private mutating func terms(from start: Int, target: Target?) throws(Failure)
        -> (Term, stop: Int)
    {
        var operands: [Term] = []
        var waiting: [Waiting] = []
        var index = start
        var expectsOperand = true
        while true {
            let current = token(index)
            if expectsOperand {
                switch current.kind {
                case .number:
                    operands.append(.constant(current.number))
                    expectsOperand = false
                case .name:
                    guard let target else { throw failure(at: current, .unsupportedAssert) }
                    operands.append(try namedTerm(at: index, target: target))
                    if token(index + 1).kind == .dot { index += 2 }
                    expectsOperand = false
                case .leftParen:
                    waiting.append(.group(token: index))
                case .minus, .plus:
                    waiting.append(.unary(negate: current.kind == .minus, token: index))
                default:
                    throw failure(
                        at: current, .expectedExpression(found: current.describe(in: bytes)))
                }
            } else if let binary = current.kind.binaryOperator {
                while let top = waiting.last, Self.reduces(top, before: binary) {
                    waiting.removeLast()
                    try apply(top, to: &operands)
                }
                waiting.append(.binary(binary, token: index))
                expectsOperand = true
            } else {
                switch current.kind {
                case .rightParen:
                    var closed = false
                    while let top = waiting.popLast() {
                        if case .group = top {
                            closed = true
                            break
                        }
                        try apply(top, to: &operands)
                    }
                    if !closed { return (try Self.only(operands, at: current, self), index) }
                case .comma, .end:
                    while let top = waiting.popLast() {
                        if case .group(let open) = top {
                            throw failure(at: token(open), .unclosedParenthesis)
                        }
                        try apply(top, to: &operands)
                    }
                    return (try Self.only(operands, at: current, self), index)
                default:
                    throw failure(
                        at: current, .expectedOperator(found: current.describe(in: bytes)))
                }
            }
            index += 1
        }
    }

    /// The term a name at token `index` stands for in an update of `target`: the target's
    /// `NAME.grad`, or a name bound to a plain number (a hyperparameter).
    private mutating func namedTerm(at index: Int, target: Target) throws(Failure) -> Term {
        let nameToken = token(index)
        let name = text(of: nameToken)
        if case .function(let function)? = Keyword.classify(nameToken.range, in: bytes) {
            throw failure(
                at: nameToken,
                .updateTerm(target: target.name, found: "a call of \(function.spelling)()"))
        }
        if token(index + 1).kind == .leftParen {
            throw failure(
                at: nameToken, .updateTerm(target: target.name, found: "a call of \(name)()"))
        }
        let node = try lookUp(nameToken)
        if token(index + 1).kind == .dot {
            let attribute = token(index + 2)
            if node == target.node, attribute.kind == .name, spells(attribute, "grad"),
                token(index + 3).kind != .leftParen
            {
                return .amount(.gradient, depth: 0)
            }
            let shown = attribute.kind == .name ? "'\(name).\(text(of: attribute))'" : "'\(name).'"
            throw failure(at: nameToken, .updateTerm(target: target.name, found: shown))
        }
        guard isNumberLeaf(node) else {
            throw failure(
                at: nameToken, .updateTerm(target: target.name, found: "the value '\(name)'"))
        }
        hyperparameterUses.append(node.rawValue)
        hyperparameterUseOffsets.append(Int32(nameToken.range.lowerBound))
        return .amount(.hyperparameter(name, graph.value(of: node)), depth: 0)
    }

    /// Whether the waiting operator `top` is applied before the binary operator `next` waits.
    private static func reduces(_ top: Waiting, before next: BinaryOperator) -> Bool {
        let level: Int
        switch top {
        case .unary: level = 3
        case .binary(let binary, _): level = binary.level
        case .group: return false
        }
        return level < next.level || (level == next.level && !next.isRightAssociative)
    }

    /// Applies a unary or binary operator to the terms on top of `operands`.
    private func apply(_ operation: Waiting, to operands: inout [Term]) throws(Failure) {
        switch operation {
        case .unary(let negate, let operatorToken):
            guard let operand = operands.popLast() else { return }
            guard negate else {
                operands.append(operand)
                return
            }
            switch operand {
            case .constant(let value): operands.append(.constant(-value))
            case .amount(let amount, let depth):
                operands.append(try deeper(.negated(amount), depth: depth + 1, at: operatorToken))
            }
        case .binary(let binary, let operatorToken):
            guard let rhs = operands.popLast(), let lhs = operands.popLast() else { return }
            switch (lhs, rhs) {
            case (.constant(let a), .constant(let b)):
                operands.append(.constant(try fold(a, binary, b, operatorToken: operatorToken)))
            default:
                let (left, leftDepth) = Self.tree(lhs)
                let (right, rightDepth) = Self.tree(rhs)
                operands.append(
                    try deeper(
                        .binary(Self.amountOperator(binary), left, right),
                        depth: max(leftDepth, rightDepth) + 1, at: operatorToken))
            }
        case .group:
            return
        }
    }

    /// `amount` as a term `depth` deep; an error at token `index` past the depth limit.
    private func deeper(_ amount: UpdateAmount, depth: Int, at index: Int) throws(Failure) -> Term {
        guard depth <= Self.updateDepthLimit else {
            throw failure(at: token(index), .updateNestsTooDeeply(limit: Self.updateDepthLimit))
        }
        return .amount(amount, depth: depth)
    }

    /// The tree of a term, with its depth.
    private static func tree(_ term: Term) -> (UpdateAmount, Int) {
        switch term {
        case .constant(let value): (.number(value), 0)
        case .amount(let amount, let depth): (amount, depth)
        }
    }

    /// The update operator that `binary` spells.
    private static func amountOperator(_ binary: BinaryOperator) -> UpdateAmount.Operator {
        switch binary {
        case .add: .add
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide: .divide
        case .power: .power
        }
    }

    /// The one term left once everything is applied.
    private static func only(_ operands: [Term], at stop: Token, _ builder: ScriptBuilder)
        throws(Failure) -> Term
    {
        guard operands.count == 1, let term = operands.last else {
            throw builder.failure(at: stop, .expectedExpression(found: nil))
        }
        return term
    }
}
