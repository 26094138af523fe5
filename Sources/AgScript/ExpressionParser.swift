import AutogradEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Expressions, by shunting-yard: operands and operators wait on two explicit stacks, and each
/// operator makes its node (or folds its constants) as it is reduced.
extension ScriptBuilder {
    /// Parses the expression starting at token `start`, making its nodes, and returns its value
    /// with the index of the token that ended it: the end of the line, `,`, `=`, or a `)` with
    /// no `(` of its own. With `constantsOnly`, names and calls are errors (inside `Value()`).
    mutating func expression(from start: Int, constantsOnly: Bool) throws(Failure)
        -> (Operand, stop: Int)
    {
        operands.removeAll(keepingCapacity: true)
        pending.removeAll(keepingCapacity: true)
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
                    if case .function(let function)? = Keyword.classify(current.range, in: bytes) {
                        guard token(index + 1).kind == .leftParen else {
                            throw failure(at: current, .functionNotCalled(function))
                        }
                        if constantsOnly {
                            throw failure(at: current, .valueGivenCall(function, isMethod: false))
                        }
                        pending.append(.call(function, token: index + 1))
                        index += 1
                    } else {
                        if constantsOnly {
                            throw failure(at: current, .valueGivenName(text(of: current)))
                        }
                        if token(index + 1).kind == .leftParen {
                            throw notAFunction(current)
                        }
                        operands.append(try operand(named: current))
                        expectsOperand = false
                    }
                case .leftParen:
                    pending.append(.group(token: index))
                case .minus, .plus:
                    pending.append(.unary(negate: current.kind == .minus, token: index))
                default:
                    if current.kind == .rightParen,
                        case .call(let function, let open)? = pending.last,
                        open == index - 1
                    {
                        throw failure(at: current, .notOneArgument(function))
                    }
                    throw failure(
                        at: current, .expectedExpression(found: current.describe(in: bytes)))
                }
            } else if let binary = current.kind.binaryOperator {
                try reducePending(before: binary)
                pending.append(.binary(binary, token: index))
                expectsOperand = true
            } else {
                switch current.kind {
                case .dot:
                    try methodCall(at: index, constantsOnly: constantsOnly)
                    index += 3
                case .rightParen:
                    guard try reduceToGroup() else { return (try result(), index) }
                case .comma, .end, .equals:
                    if current.kind == .comma, let open = innermostOpenCall() {
                        throw failure(at: current, .notOneArgument(open))
                    }
                    try reduceAll()
                    return (try result(), index)
                default:
                    throw failure(
                        at: current, .expectedOperator(found: current.describe(in: bytes)))
                }
            }
            index += 1
        }
    }

    /// The expression's value once everything is reduced: the one operand left.
    private func result() throws(Failure) -> Operand {
        guard operands.count == 1, let only = operands.last else {
            throw failure(at: tokens[0], .expectedExpression(found: nil))
        }
        return only
    }

    /// Applies the pending operators that bind at least as tightly as `next`.
    private mutating func reducePending(before next: BinaryOperator) throws(Failure) {
        while let top = pending.last {
            let level: Int
            switch top {
            case .unary: level = 3
            case .binary(let binary, _): level = binary.level
            case .group, .call: return
            }
            guard level < next.level || (level == next.level && !next.isRightAssociative) else {
                return
            }
            pending.removeLast()
            try apply(top)
        }
    }

    /// At `)`: applies operators back to the matching `(` or call and closes it; returns false
    /// when there is no `(` to match, after applying everything.
    private mutating func reduceToGroup() throws(Failure) -> Bool {
        while let top = pending.popLast() {
            switch top {
            case .group:
                return true
            case .call(let function, _):
                try applyFunction(function)
                return true
            case .unary, .binary:
                try apply(top)
            }
        }
        return false
    }

    /// The function whose call is the innermost open parenthesis, if that one is a call.
    private func innermostOpenCall() -> Op? {
        for entry in pending.reversed() {
            switch entry {
            case .call(let function, _): return function
            case .group: return nil
            case .unary, .binary: continue
            }
        }
        return nil
    }

    /// At the end of the expression: applies everything; an open `(` is an error.
    private mutating func reduceAll() throws(Failure) {
        while let top = pending.popLast() {
            switch top {
            case .group(let open), .call(_, let open):
                throw failure(at: token(open), .unclosedParenthesis)
            case .unary, .binary:
                try apply(top)
            }
        }
    }

    /// `.f()` after an operand: applies `f` to it at once, since calls bind tightest.
    private mutating func methodCall(at dot: Int, constantsOnly: Bool) throws(Failure) {
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
        if constantsOnly {
            throw failure(at: nameToken, .valueGivenCall(function, isMethod: true))
        }
        try applyFunction(function)
    }

    /// Applies `function` to the operand on top of the stack.
    private mutating func applyFunction(_ function: Op) throws(Failure) {
        guard let operand = operands.popLast() else {
            throw failure(at: tokens[0], .expectedExpression(found: nil))
        }
        operands.append(materialize(operand).map { .node(addOperation(function, $0)) } ?? .poisoned)
    }

    /// Applies a unary or binary operator to the operands on top of the stack.
    private mutating func apply(_ pending: Pending) throws(Failure) {
        switch pending {
        case .unary(let negate, _):
            guard let operand = operands.popLast() else { return }
            guard negate else {
                operands.append(operand)
                return
            }
            switch operand {
            case .constant(let value): operands.append(.constant(-value))
            case .node(let node): operands.append(.node(addOperation(.negate, node)))
            case .poisoned: operands.append(.poisoned)
            }
        case .binary(let binary, let operatorToken):
            guard let rhs = operands.popLast(), let lhs = operands.popLast() else { return }
            operands.append(try combine(lhs, binary, rhs, operatorToken: operatorToken))
        case .group, .call:
            return
        }
    }

    /// `lhs binary rhs`: a folded constant when both are constants, else a new node; a node
    /// raised to a constant is one `**` node holding the exponent.
    private mutating func combine(
        _ lhs: Operand, _ binary: BinaryOperator, _ rhs: Operand, operatorToken: Int
    ) throws(Failure) -> Operand {
        switch (lhs, rhs) {
        case (.constant(let a), .constant(let b)):
            return .constant(try fold(a, binary, b, operatorToken: operatorToken))
        case (.node(let base), .constant(let exponent)) where binary == .power:
            return .node(addOperation(.power, base, exponent: exponent))
        default:
            guard let left = materialize(lhs), let right = materialize(rhs) else {
                return .poisoned
            }
            return .node(addOperation(binary.operation, left, right))
        }
    }

    /// Constant arithmetic, done when the file is read, as Python does it: a result that is
    /// not a finite real number is an error, as Python raises or leaves the reals there (a
    /// division by zero, `0 ** -1`, `(-8) ** (1/3)`, a result too large for a double).
    func fold(_ a: Double, _ binary: BinaryOperator, _ b: Double, operatorToken: Int)
        throws(Failure) -> Double
    {
        let value: Double =
            switch binary {
            case .add: a + b
            case .subtract: a - b
            case .multiply: a * b
            case .divide: a / b
            case .power: pow(a, b)
            }
        guard !value.isFinite, a.isFinite, b.isFinite else { return value }
        let reason: ReadError =
            switch binary {
            case .divide where b == 0: .constantDividesByZero
            case .power where a == 0 && b < 0: .zeroToNegativePower
            case .power where a < 0 && b != b.rounded(): .constantNotReal
            default: .constantOverflows
            }
        throw failure(at: token(operatorToken), reason)
    }
}
