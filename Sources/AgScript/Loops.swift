import AutogradEngine

/// `for NAME in LIST: STATEMENT`, with its body on the same line or indented on the lines
/// after it; the body (an update or a zeroing) is read once for each node of the list, with
/// NAME bound to it, and NAME stays bound to the last one, as in Python.
extension ScriptBuilder {
    /// A loop whose body is the indented lines after its `for` line.
    struct OpenBlock {
        /// The indentation of the `for` line: body lines are indented deeper.
        let indentation: Int
        /// The nodes the loop runs over.
        let nodes: [NodeID]
        /// The loop variable's bytes in the `for` line.
        let loopName: Range<Int>
        /// Where the `for` line's `:` is, for an error about an empty body.
        let colon: Int
        /// The body lines read so far.
        var bodyLines = 0
        /// Whether the `for` line failed: its body is skipped without errors of its own.
        let isPoisoned: Bool
    }

    /// `for NAME in LIST: …` on the current line.
    mutating func loopStatement() throws(Failure) {
        let loopName = token(1)
        guard loopName.kind == .name else {
            throw failure(
                at: loopName,
                .expectedInFor(expected: "a name", found: loopName.describe(in: bytes)))
        }
        if let role = reservedRole(of: loopName) {
            throw failure(at: loopName, .assignmentToReserved(text(of: loopName), role: role))
        }
        guard token(2).kind == .name, spells(token(2), "in") else {
            throw failure(
                at: token(2), .expectedInFor(expected: "'in'", found: token(2).describe(in: bytes)))
        }
        let (nodes, stop) = try loopList(at: 3)
        let colon = token(stop)
        guard colon.kind == .colon else {
            throw failure(
                at: colon, .expectedInFor(expected: "':'", found: colon.describe(in: bytes)))
        }
        let block = OpenBlock(
            indentation: indentation(of: source.byteRange(ofLine: line)), nodes: nodes,
            loopName: loopName.range, colon: colon.start, isPoisoned: false)
        if token(stop + 1).kind == .end {
            openBlock = block
        } else {
            try loopBody(from: stop + 1, of: block)
        }
    }

    /// The body statement starting at token `start`, once for each node of `block`.
    mutating func loopBody(from start: Int, of block: OpenBlock) throws(Failure) {
        let first = token(start)
        let attribute = token(start + 2)
        guard first.kind == .name, token(start + 1).kind == .dot, attribute.kind == .name,
            spells(attribute, "data") || spells(attribute, "grad")
        else {
            if first.kind == .name, spells(first, "for") { throw failure(at: first, .nestedLoop) }
            throw failure(at: first, .forBodyNotUpdate)
        }
        for node in block.nodes {
            names.bind(block.loopName, in: bytes, to: .node(node.rawValue))
            try trainingStatement(from: start)
        }
    }

    /// Closes the open block if line `line` ends it: a line that is not blank and is
    /// indented no deeper than the `for`. An error if the block has no body.
    mutating func endBlock(before line: Int) throws(Failure) {
        guard let block = openBlock else { return }
        let range = source.byteRange(ofLine: line)
        if isBlank(range) || indentation(of: range) > block.indentation { return }
        try endBlock()
    }

    /// Closes the open block, at the end of the file or of its body; an error if it has no
    /// body.
    mutating func endBlock() throws(Failure) {
        guard let block = openBlock else { return }
        openBlock = nil
        if block.bodyLines == 0, !block.isPoisoned {
            // Its loop name never got a node: later uses of it follow from this error.
            if !block.loopName.isEmpty { names.bind(block.loopName, in: bytes, to: .poisoned) }
            throw .error(offset: block.colon, reason: .emptyForBlock)
        }
    }

    /// After a failed line: if it is a `for` line ending in `:`, its indented body is skipped
    /// quietly, as a consequence of that error.
    mutating func openPoisonedBlockIfLoop(indentation: Int) {
        guard tokens.count >= 3, tokens[tokens.count - 1].kind == .end,
            tokens[tokens.count - 2].kind == .colon, spells(tokens[0], "for")
        else { return }
        openBlock = OpenBlock(
            indentation: indentation, nodes: [], loopName: 0..<0,
            colon: tokens[tokens.count - 2].start, isPoisoned: true)
    }

    /// The list a loop runs over, at token `index`: `[NAME, …]` or a name bound to a list;
    /// with the index of the token after it.
    private mutating func loopList(at index: Int) throws(Failure) -> ([NodeID], stop: Int) {
        let start = token(index)
        switch start.kind {
        case .leftBracket:
            return try list(at: index)
        case .name:
            switch names.binding(of: start.range, in: bytes) {
            case .list(let list)?:
                guard lists.indices.contains(Int(list)) else { throw .poisoned }
                return (lists[Int(list)], index + 1)
            case .node?:
                throw failure(at: start, .notAList(text(of: start)))
            case .poisoned?:
                throw .poisoned
            case nil:
                if token(index + 1).kind == .leftParen {
                    let call = "a call of \(text(of: start))()"
                    throw failure(at: start, .expectedList(found: call))
                }
                _ = try lookUp(start)
                throw failure(at: start, .expectedList(found: start.describe(in: bytes)))
            }
        default:
            throw failure(at: start, .expectedList(found: start.describe(in: bytes)))
        }
    }
}
