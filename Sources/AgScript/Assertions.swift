import AutogradEngine

/// `assert NAME.grad == NUMBER` and `assert abs(NAME.grad - NUMBER) < NUMBER` (or `.data`),
/// with an optional message after a comma, which is ignored: what the author expects after
/// the backward pass. NUMBER is a constant expression, folded.
extension ScriptBuilder {
    /// `assert …` on the current line.
    mutating func assertStatement() throws(Failure) {
        let isWithin = token(1).kind == .name && spells(token(1), "abs")
        var index = isWithin ? 3 : 1
        if isWithin, token(2).kind != .leftParen {
            throw failure(at: token(2), .unsupportedAssert)
        }
        let nameToken = token(index)
        guard nameToken.kind == .name, token(index + 1).kind == .dot else {
            throw failure(at: nameToken, .unsupportedAssert)
        }
        let node = try lookUp(nameToken)
        let fieldToken = token(index + 2)
        let field: Expectation.Field
        if fieldToken.kind == .name, spells(fieldToken, "grad") {
            field = .grad
        } else if fieldToken.kind == .name, spells(fieldToken, "data") {
            field = .data
        } else {
            throw failure(at: fieldToken, .unsupportedAssert)
        }
        index += 3
        let comparison: Expectation.Comparison
        if isWithin {
            guard token(index).kind == .minus else {
                throw failure(at: token(index), .unsupportedAssert)
            }
            let (expected, close) = try constantAmount(from: index + 1)
            if let sum = firstTopLevelSum(from: index + 1, to: close) {
                throw failure(at: token(sum), .unsupportedAssert)
            }
            guard token(close).kind == .rightParen else {
                if token(close).kind == .end { throw failure(at: token(2), .unclosedParenthesis) }
                throw failure(at: token(close), .unsupportedAssert)
            }
            guard token(close + 1).kind == .less else {
                throw failure(at: token(close + 1), .unsupportedAssert)
            }
            let (bound, stop) = try constantAmount(from: close + 2)
            comparison = .within(bound, of: expected)
            index = stop
        } else {
            guard token(index).kind == .equalsEquals else {
                throw failure(at: token(index), .unsupportedAssert)
            }
            let (expected, stop) = try constantAmount(from: index + 1)
            comparison = .equals(expected)
            index = stop
        }
        if token(index).kind == .comma {
            if token(index + 1).kind == .end {
                throw failure(at: token(index + 1), .expectedExpression(found: nil))
            }
        } else {
            try expectEnd(at: index)
        }
        noteUseAsNode(node)
        expectations.append(
            Expectation(node: node, field: field, comparison: comparison, line: line))
    }

    /// The first `+` or `-` between two operands outside parentheses among tokens
    /// `start..<end`: `abs(x.grad - 45 + 1)` is `(x.grad - 45) + 1` in Python, not the form
    /// `abs(x.grad - NUMBER)`.
    private func firstTopLevelSum(from start: Int, to end: Int) -> Int? {
        var depth = 0
        var afterOperand = false
        for index in start..<max(start, end) {
            switch token(index).kind {
            case .leftParen:
                depth += 1
                afterOperand = false
            case .rightParen:
                depth -= 1
                afterOperand = true
            case .number:
                afterOperand = true
            case .plus, .minus:
                if depth == 0, afterOperand { return index }
                afterOperand = false
            default:
                afterOperand = false
            }
        }
        return nil
    }
}
