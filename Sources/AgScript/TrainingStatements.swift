import AutogradEngine

/// The statements of a training step: updates (`w.data -= lr * w.grad`) and zeroings
/// (`w.grad = 0`), alone on their line or as a loop's body.
extension ScriptBuilder {
    /// `NAME.data += EXPR`, `NAME.data -= EXPR` or `NAME.grad = 0`, starting at token `start`,
    /// whose attribute (token `start + 2`) is `data` or `grad`.
    mutating func trainingStatement(from start: Int) throws(Failure) {
        let nameToken = token(start)
        let name = text(of: nameToken)
        let operatorToken = token(start + 3)
        if spells(token(start + 2), "grad") {
            try zeroing(from: start, name: name)
            return
        }
        let direction: Update.Direction
        if operatorToken.kind == .plusEquals {
            direction = .add
        } else if operatorToken.kind == .minusEquals {
            direction = .subtract
        } else {
            throw failure(at: operatorToken, .dataChangedOtherwise(name: name))
        }
        let node = try lookUp(nameToken)
        guard graph.operation(of: node) == .leaf else {
            throw failure(
                at: nameToken,
                .updateOfOperation(name: name, operation: graph.operation(of: node).spelling))
        }
        let (amount, stop) = try updateAmount(from: start + 4, of: node, named: name)
        try expectEnd(at: stop)
        noteUseAsNode(node)
        updates.append(Update(node: node, direction: direction, amount: amount, line: line))
    }

    /// Refuses a line that Python would run with an updated value: updates run after the
    /// backward pass, so an expression after `x.data += 1` would read x's old value where
    /// Python reads the new one (`y = x * x` is 4, not 9), and a backward pass after an update
    /// would run before it.
    func checkNotAfterUpdate() throws(Failure) {
        guard let firstUpdate = updates.first, tokens.count > 1 else { return }
        let first = token(0)
        let second = token(1)
        let assigns = second.kind == .equals || second.kind.compoundOperator != nil
        let callsBackward =
            second.kind == .dot && spells(token(2), "backward") && token(3).kind == .leftParen
        if case .backward? = Keyword.classify(first.range, in: bytes), !assigns,
            second.kind != .dot
        {
            throw failure(at: first, .backwardAfterUpdate(updateLine: firstUpdate.line))
        }
        if callsBackward {
            throw failure(at: first, .backwardAfterUpdate(updateLine: firstUpdate.line))
        }
        guard assigns, token(2).kind != .leftBracket else { return }
        for index in 2..<tokens.count where tokens[index].kind == .name {
            // `x.data` and `x.grad` are read as numbers, and `.tanh` is no name of a value.
            if token(index - 1).kind == .dot { continue }
            if token(index + 1).kind == .dot,
                spells(token(index + 2), "data") || spells(token(index + 2), "grad")
            {
                continue
            }
            guard case .node(let node)? = names.binding(of: tokens[index].range, in: bytes),
                let line = updateLines[node]
            else { continue }
            throw failure(
                at: tokens[index], .usedAfterUpdate(name: text(of: tokens[index]), updateLine: line)
            )
        }
    }

    /// `NAME.grad = 0` (or `0.0`, `0.`), starting at token `start`: accepted and without
    /// effect, since every backward pass starts from zero.
    private mutating func zeroing(from start: Int, name: String) throws(Failure) {
        let operatorToken = token(start + 3)
        guard operatorToken.kind == .equals else {
            if operatorToken.kind.compoundOperator != nil {
                throw failure(at: operatorToken, .gradientSetToNonZero(name: name))
            }
            throw failure(
                at: operatorToken,
                .expectedEquals(after: "\(name).grad", found: operatorToken.describe(in: bytes)))
        }
        let node = try lookUp(token(start))
        let value = token(start + 4)
        guard value.kind == .number, value.number == 0 else {
            throw failure(at: value, .gradientSetToNonZero(name: name))
        }
        try expectEnd(at: start + 5)
        noteUseAsNode(node)
    }

    /// `[NAME, NAME, …]` starting at token `open` (the `[`): the nodes, and the index of the
    /// token after the `]`. A trailing comma is allowed, as in Python.
    mutating func list(at open: Int) throws(Failure) -> ([NodeID], stop: Int) {
        var nodes: [NodeID] = []
        var cursor = open + 1
        while true {
            let element = token(cursor)
            switch element.kind {
            case .rightBracket:
                if nodes.isEmpty { throw failure(at: token(open), .emptyList) }
                return (nodes, cursor + 1)
            case .end:
                throw failure(at: token(open), .unclosedBracket)
            case .name:
                break
            default:
                throw failure(at: element, .listElementNotAName(found: element.describe(in: bytes)))
            }
            if case .function(let function)? = Keyword.classify(element.range, in: bytes) {
                throw failure(
                    at: element, .listElementNotAName(found: "the function '\(function.spelling)'"))
            }
            if case .list? = names.binding(of: element.range, in: bytes) {
                throw failure(at: element, .listInList(text(of: element)))
            }
            let node = try lookUp(element)
            noteUseAsNode(node)
            nodes.append(node)
            cursor += 1
            switch token(cursor).kind {
            case .comma: cursor += 1
            case .rightBracket: continue
            case .end: throw failure(at: token(open), .unclosedBracket)
            default:
                throw failure(
                    at: token(cursor),
                    .expectedListSeparator(found: token(cursor).describe(in: bytes)))
            }
        }
    }
}
