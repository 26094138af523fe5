import AutogradEngine

/// The statement forms: `NAME = EXPR` and `NAME += EXPR` (…), `NAME = Value(…)`,
/// `NAME = [NAME, …]`, `backward EXPR`, `NAME.label = 'text'` and `NAME.backward()`, the
/// dispatch to updates, zeroings, loops and asserts, and the errors for lines that are none
/// of them.
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
        } else if !assigns, spells(first, "for") {
            try loopStatement()
        } else if !assigns, spells(first, "assert") {
            try assertStatement()
        } else if second.kind == .dot {
            try attributeStatement(name: name, nameToken: first)
        } else if assigns {
            try assignment(to: name, nameToken: first, operatorToken: second)
        } else {
            throw failure(at: first, misplacedStatement(name: name, next: second))
        }
    }

    /// Why a line that starts with the name `name` followed by `next` is not a statement.
    private func misplacedStatement(name: String, next: Token) -> LineError {
        if name == "print" {
            return .printWithoutParentheses
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
        } else if token(2).kind == .name, isLeafConstructor(token(2)),
            token(3).kind == .leftParen
        {
            bound = try valueConstructor(name: name)
        } else if token(2).kind == .leftBracket {
            let (nodes, stop) = try list(at: 2)
            try expectEnd(at: stop)
            names.bind(nameToken.range, in: bytes, to: .list(Int32(lists.count)))
            lists.append(nodes)
            return
        } else {
            let nodesBefore = graph.count
            let (result, stop) = try expression(from: 2, constantsOnly: false)
            try expectEnd(at: stop)
            switch result {
            case .constant(let value):
                bound = addLeaf(value, label: name)
                numberLeaves.append(bound.rawValue)
            case .node(let node):
                bound = node
                if node.index >= nodesBefore { graph.setLabel(name, of: node) }
            case .poisoned:
                throw .poisoned
            }
        }
        names.bind(nameToken.range, in: bytes, to: .node(bound.rawValue))
        noteAssignment(of: bound)
    }

    /// `Value(NUMBER-EXPR)` or `Value(NUMBER-EXPR, label='text')`, starting at token 2 (or
    /// another leaf constructor: `Node`, `Scalar`, `Var`, `Variable`, in any letter case);
    /// keyword arguments other than `label=` are skipped.
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
        while token(cursor).kind == .comma, token(cursor + 1).kind != .rightParen {
            guard token(cursor + 1).kind == .name, token(cursor + 2).kind == .equals else {
                throw failure(at: token(cursor + 1), .expectedLabelArgument)
            }
            if case .label? = Keyword.classify(token(cursor + 1).range, in: bytes) {
                guard token(cursor + 3).kind == .string else {
                    throw failure(at: token(cursor + 1), .expectedLabelArgument)
                }
                label = try lexerValue(of: token(cursor + 3))
                cursor += 4
            } else {
                cursor = try skipLiteral(from: cursor + 3, argument: text(of: token(cursor + 1)))
            }
        }
        if token(cursor).kind == .comma { cursor += 1 }
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

    /// Skips the literal value of the ignored keyword argument `argument`, starting at token
    /// `start`: a number (signed), a string, `True`, `False`, `None`, or a tuple or list of
    /// these; returns the index of the token after it.
    private func skipLiteral(from start: Int, argument: String) throws(Failure) -> Int {
        var depth = 0
        var index = start
        while true {
            let current = token(index)
            index += 1
            switch current.kind {
            case .leftParen, .leftBracket:
                depth += 1
                continue
            case .rightParen where depth > 0, .rightBracket where depth > 0:
                depth -= 1
            case .comma where depth > 0:
                continue
            case .minus where token(index).kind == .number,
                .plus where token(index).kind == .number:
                continue
            case .number, .string:
                break
            case .name
            where spells(current, "True") || spells(current, "False")
                || spells(current, "None"):
                break
            default:
                throw failure(at: current, .keywordArgumentNotLiteral(argument))
            }
            if depth == 0 { return index }
        }
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

    /// `NAME.label = 'text'`, `NAME.backward()`, and the updates and zeroings
    /// (`NAME.data -= …`, `NAME.grad = 0`).
    private mutating func attributeStatement(name: String, nameToken: Token) throws(Failure) {
        let attribute = token(2)
        let attributeName = attribute.kind == .name ? text(of: attribute) : ""
        let attributeKeyword =
            attribute.kind == .name ? Keyword.classify(attribute.range, in: bytes) : nil
        if attribute.kind == .name, spells(attribute, "data") || spells(attribute, "grad") {
            try trainingStatement(from: 0)
        } else if case .label? = attributeKeyword {
            guard token(3).kind == .equals else {
                throw failure(at: token(3), .expectedEqualsAfterLabel)
            }
            guard token(4).kind == .string else {
                throw failure(at: token(4), .expectedQuotedLabel(name: name))
            }
            try expectEnd(at: 5)
            let label = try lexerValue(of: token(4))
            let node = try lookUp(nameToken)
            noteUseAsNode(node)
            graph.setLabel(label, of: node)
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
    func expectEnd(at index: Int) throws(Failure) {
        let stop = token(index)
        if stop.kind == .end { return }
        if stop.kind == .rightParen { throw failure(at: stop, .unmatchedParenthesis) }
        throw failure(at: stop, .expectedEndOfLine(found: stop.describe(in: bytes)))
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
