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

    /// The leaf an update changes: its node and the name the statement gives it.
    typealias Target = (node: NodeID, name: String)

    /// The right-hand side starting at token `start` of an update of `node`, named `name` on
    /// the line, with the index of the token that ended it: the end of the line, `,`, or a `)`
    /// with no `(` of its own.
    mutating func updateAmount(from start: Int, of node: NodeID, named name: String)
        throws(Failure) -> (UpdateAmount, stop: Int)
    {
        let (term, stop) = try reduce(UpdateTerms(target: (node, name)), from: start)
        switch term {
        case .constant(let value): return (.number(value), stop)
        case .amount(let amount, _): return (amount, stop)
        }
    }

    /// The constant expression starting at token `start` (an assert's number), folded, with
    /// the index of the token that ended it; a name in it is an error.
    mutating func constantAmount(from start: Int) throws(Failure) -> (Double, stop: Int) {
        let (term, stop) = try reduce(UpdateTerms(target: nil), from: start)
        guard case .constant(let value) = term else {
            throw failure(at: token(start), .unsupportedAssert)
        }
        return (value, stop)
    }

    /// The term a name at token `index` stands for in an update of `target`: the target's
    /// `NAME.grad`, or a name bound to a plain number (a hyperparameter).
    fileprivate mutating func namedTerm(at index: Int, target: Target) throws(Failure)
        -> UpdateTerms.Term
    {
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
}

/// The dialect of an update's right side, and of an assert's number: an operand is a folded
/// number or a tree of `UpdateAmount`, no deeper than `ScriptBuilder.updateDepthLimit`.
struct UpdateTerms: ExpressionDialect {
    typealias Failure = ScriptBuilder.Failure

    /// A value on the operand stack: a folded constant, or a tree `depth` operations deep.
    enum Term {
        case constant(Double)
        case amount(UpdateAmount, depth: Int)
    }

    /// The leaf updated; `nil` for an assert's number, where a name is an error.
    let target: ScriptBuilder.Target?

    var endsAtEquals: Bool { false }
    var takesMethodCalls: Bool { false }
    static var stacks: WritableKeyPath<ScriptBuilder, OperatorStacks<Term>> { \.updateStacks }

    static func constant(_ value: Double) -> Term { .constant(value) }

    static func constantValue(of term: Term) -> Double? {
        guard case .constant(let value) = term else { return nil }
        return value
    }

    /// The target's `NAME.grad`, or a name bound to a plain number.
    func name(at index: Int, in builder: inout ScriptBuilder) throws(Failure) -> NameReading<Term> {
        guard let target else {
            throw builder.failure(at: builder.token(index), .unsupportedAssert)
        }
        let term = try builder.namedTerm(at: index, target: target)
        return .operand(term, through: builder.token(index + 1).kind == .dot ? index + 2 : index)
    }

    func negated(_ term: Term, token: Int, in builder: inout ScriptBuilder) throws(Failure)
        -> Term
    {
        let (amount, depth) = Self.tree(term)
        return try Self.deeper(.negated(amount), depth: depth + 1, at: token, in: builder)
    }

    func combined(
        _ lhs: Term, _ op: BinaryOperator, _ rhs: Term, token: Int,
        in builder: inout ScriptBuilder
    ) throws(Failure) -> Term {
        let (left, leftDepth) = Self.tree(lhs)
        let (right, rightDepth) = Self.tree(rhs)
        return try Self.deeper(
            .binary(op, left, right), depth: max(leftDepth, rightDepth) + 1, at: token,
            in: builder)
    }

    /// A call is not an update term; `name(at:in:)` says so before one is read.
    func called(
        _ function: Op, on operand: Term, method: Token?, in builder: inout ScriptBuilder
    ) throws(Failure) -> Term {
        let found = "a call of \(function.spelling)()"
        throw builder.failure(
            at: method ?? builder.tokens[0],
            target.map { .updateTerm(target: $0.name, found: found) } ?? .unsupportedAssert)
    }

    /// `amount` as a term `depth` deep; an error at token `index` past the depth limit.
    private static func deeper(
        _ amount: UpdateAmount, depth: Int, at index: Int, in builder: ScriptBuilder
    ) throws(Failure) -> Term {
        let limit = ScriptBuilder.updateDepthLimit
        guard depth <= limit else {
            throw builder.failure(at: builder.token(index), .updateNestsTooDeeply(limit: limit))
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
}
