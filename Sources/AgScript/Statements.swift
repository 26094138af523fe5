import AutogradEngine

/// The statement forms: `NAME = EXPR` and `NAME += EXPR` (…), `NAME = Value(…)`,
/// `backward EXPR`, `NAME.label = 'text'` and `NAME.backward()`, and the errors for lines
/// that are none of them.
extension ScriptBuilder {
    /// Reads the tokens of the current line as one statement (or none, for a blank line).
    mutating func statement() throws(Failure) {
        let first = tokens[0]
        if first.kind == .end { return }
        guard first.kind == .name else {
            throw failure(at: first, .expectedStatement)
        }
        let name = text(of: first)
        let second = token(1)
        let assigns = second.kind == .equals || second.kind.compoundOperator != nil
        let keyword = Keyword.classify(first.range, in: bytes)
        if case .backward? = keyword, !assigns, second.kind != .dot {
            try backwardStatement()
        } else if second.kind == .dot {
            try attributeStatement(name: name, nameToken: first)
        } else if assigns {
            try assignment(to: name, nameToken: first, operatorToken: second)
        } else {
            throw failure(at: first, misplacedStatement(name: name, next: second))
        }
    }

    /// Why a line that starts with the name `name` followed by `next` is not a statement.
    private func misplacedStatement(name: String, next: Token) -> ReadError {
        switch name {
        case "import", "from":
            return .importLine(keyword: name)
        case "print":
            return .printLine
        default:
            break
        }
        if next.kind == .end {
            return .nameAlone(name)
        }
        if next.kind == .leftParen {
            return .callAlone(name)
        }
        return .expectedEquals(after: name, found: next.describe(in: bytes))
    }

    /// `NAME = EXPR`, `NAME = Value(…)`, or `NAME op= EXPR`, whose operator is `operatorToken`.
    private mutating func assignment(to name: String, nameToken: Token, operatorToken: Token)
        throws(Failure)
    {
        if let role = reservedRole(of: nameToken) {
            throw failure(at: nameToken, .assignmentToReserved(name, role: role))
        }
        let bound: NodeID
        if let compound = operatorToken.kind.compoundOperator {
            let target = try operand(named: nameToken)
            let (result, stop) = try expression(from: 2, constantsOnly: false)
            try expectEnd(at: stop)
            bound = addOperation(compound.operation, try node(of: target), try node(of: result))
            graph.setLabel(name, of: bound)
        } else if token(2).kind == .name,
            case .value? = Keyword.classify(token(2).range, in: bytes),
            token(3).kind == .leftParen
        {
            bound = try valueConstructor(name: name)
        } else {
            let nodesBefore = graph.count
            let (result, stop) = try expression(from: 2, constantsOnly: false)
            try expectEnd(at: stop)
            switch result {
            case .constant(let value):
                bound = addLeaf(value, label: name)
            case .node(let node):
                bound = node
                if node.index >= nodesBefore { graph.setLabel(name, of: node) }
            case .poisoned:
                throw .poisoned
            }
        }
        names.bind(nameToken.range, in: bytes, to: .node(bound.rawValue))
        lastAssigned = bound
    }

    /// `Value(NUMBER-EXPR)` or `Value(NUMBER-EXPR, label='text')`, starting at token 2.
    private mutating func valueConstructor(name: String) throws(Failure) -> NodeID {
        if token(4).kind == .rightParen {
            throw failure(at: token(4), .valueWithoutNumber)
        }
        let (result, stop) = try expression(from: 4, constantsOnly: true)
        guard case .constant(let value) = result else {
            throw failure(at: token(4), .valueTakesNumber)
        }
        var label = name
        var cursor = stop
        if token(cursor).kind == .comma {
            guard token(cursor + 1).kind == .name,
                case .label? = Keyword.classify(token(cursor + 1).range, in: bytes),
                token(cursor + 2).kind == .equals, token(cursor + 3).kind == .string
            else {
                throw failure(at: token(cursor + 1), .expectedLabelArgument)
            }
            label = try lexerValue(of: token(cursor + 3))
            cursor += 4
        }
        guard token(cursor).kind == .rightParen else {
            if token(cursor).kind == .end {
                throw failure(at: token(3), .unclosedParenthesis)
            }
            throw failure(
                at: token(cursor),
                .expectedClosingParenthesis(found: token(cursor).describe(in: bytes)))
        }
        try expectEnd(at: cursor + 1)
        return addLeaf(value, label: label)
    }

    /// `backward EXPR`.
    private mutating func backwardStatement() throws(Failure) {
        try expectNoRootYet(at: tokens[0])
        if token(1).kind == .end {
            throw failure(at: token(1), .backwardWithoutValue)
        }
        let (result, stop) = try expression(from: 1, constantsOnly: false)
        try expectEnd(at: stop)
        declaredRoot = (try node(of: result), line)
    }

    /// `NAME.label = 'text'` and `NAME.backward()`.
    private mutating func attributeStatement(name: String, nameToken: Token) throws(Failure) {
        let attribute = token(2)
        let attributeName = attribute.kind == .name ? text(of: attribute) : ""
        let attributeKeyword =
            attribute.kind == .name ? Keyword.classify(attribute.range, in: bytes) : nil
        if case .label? = attributeKeyword {
            guard token(3).kind == .equals else {
                throw failure(at: token(3), .expectedEqualsAfterLabel)
            }
            guard token(4).kind == .string else {
                throw failure(at: token(4), .expectedQuotedLabel(name: name))
            }
            try expectEnd(at: 5)
            graph.setLabel(try lexerValue(of: token(4)), of: try lookUp(nameToken))
        } else if case .backward? = attributeKeyword {
            guard token(3).kind == .leftParen, token(4).kind == .rightParen else {
                throw failure(at: token(3), .expectedParenthesesAfterBackward)
            }
            try expectEnd(at: 5)
            let node = try lookUp(nameToken)
            try expectNoRootYet(at: nameToken)
            declaredRoot = (node, line)
        } else if token(3).kind == .equals {
            throw failure(at: attribute, .onlyLabelCanBeSet(attribute: attributeName))
        } else if attribute.kind == .name, attributeKeyword == nil {
            let suggestion = Suggestions.closest(to: attributeName, among: Keyword.methodNames)
            throw failure(at: attribute, .notAMethod(attributeName, suggestion: suggestion))
        } else {
            throw failure(
                at: nameToken,
                .valueLost(name: name, attribute: attributeName.isEmpty ? nil : attributeName))
        }
    }

    /// An error at `token` if an earlier line already named the value to differentiate.
    private func expectNoRootYet(at token: Token) throws(Failure) {
        if let declaredRoot {
            throw failure(at: token, .secondBackward(firstLine: declaredRoot.line))
        }
    }

    /// An error unless token `index` ends the line.
    private func expectEnd(at index: Int) throws(Failure) {
        let stop = token(index)
        switch stop.kind {
        case .end: return
        case .rightParen: throw failure(at: stop, .unmatchedParenthesis)
        default:
            throw failure(at: stop, .expectedEndOfLine(found: stop.describe(in: bytes)))
        }
    }

    /// The text of string token `token`, escapes resolved.
    private func lexerValue(of token: Token) throws(Failure) -> String {
        do {
            return try Lexer(bytes: bytes).stringValue(of: token)
        } catch {
            throw Failure.error(offset: error.offset, reason: error.reason)
        }
    }
}
