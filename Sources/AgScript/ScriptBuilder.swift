import AutogradEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads `.ag` statements one line at a time into a graph, keeping the names bound so far.
///
/// Expressions are parsed with an explicit operator stack (shunting-yard), and nodes are made
/// as operators are reduced, so there is no syntax tree and no recursion: a hundred thousand
/// nested parentheses cost a hundred thousand stack entries, not a stack overflow.
struct ScriptBuilder {
    /// Why a line could not be read.
    enum Failure: Error {
        /// An error at byte `offset` of the source.
        case error(offset: Int, message: String)
        /// The line uses a name whose own statement failed; that error was already reported.
        case poisoned
    }

    /// A value on the operand stack: a folded constant, or a node.
    private enum Operand {
        case constant(Double)
        case node(NodeID)
    }

    /// An operator waiting for its operands, with the index of its token.
    private enum Pending {
        case unary(negate: Bool, token: Int)
        case binary(BinaryOperator, token: Int)
        case group(token: Int)
        case call(Op, token: Int)
    }

    let source: SourceText
    /// The source's bytes, for the duration of the read.
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var graph = Graph()
    /// The 1-based source line that created each node.
    private(set) var nodeLines: [Int32] = []
    /// The node named by `backward`, and the line that named it.
    private(set) var declaredRoot: (node: NodeID, line: Int)?
    /// The node bound by the last assignment.
    private(set) var lastAssigned: NodeID?

    private var names = NameTable()
    private var line = 0
    private var tokens: [Token] = []
    private var operands: [Operand] = []
    private var pending: [Pending] = []

    /// A builder over `source`, whose bytes `bytes` must stay valid while it reads.
    init(source: SourceText, bytes: UnsafeBufferPointer<UInt8>) {
        self.source = source
        self.bytes = bytes
        // Nodes take 4 bytes of text or more (but for runs of unary minus), so the arena rarely
        // has to grow; pages of the reservation that stay unused are never touched, so cost
        // no memory.
        let estimate = bytes.count / 4 + 16
        graph.reserveCapacity(estimate)
        nodeLines.reserveCapacity(estimate)
    }

    /// Reads line `line` (1-based). On failure nothing it built stays in the graph, and the name
    /// it assigns is marked as failed, so its later uses are not reported again.
    mutating func readLine(_ line: Int) throws(Failure) {
        self.line = line
        tokens.removeAll(keepingCapacity: true)
        let nodesBefore = graph.count
        do throws(Failure) {
            do {
                try Lexer(bytes: bytes).tokenize(
                    source.byteRange(ofLine: line), into: &tokens)
            } catch {
                throw Failure.error(offset: error.offset, message: error.message)
            }
            try statement()
        } catch {
            graph.removeNodes(from: NodeID(nodesBefore))
            nodeLines.removeSubrange(nodesBefore...)
            markAssignmentTargetFailed()
            throw error
        }
    }

    /// After a failed line: if it began `NAME =` (or `+=` …), later uses of NAME are consequences
    /// of this error, not new ones.
    private mutating func markAssignmentTargetFailed() {
        guard tokens.count >= 2, tokens[0].kind == .name,
            tokens[1].kind == .equals || tokens[1].kind.compoundOperator != nil
        else { return }
        if reservedRole(of: tokens[0]) == nil {
            names.bind(tokens[0].range, in: bytes, to: .poisoned)
        }
    }

    // MARK: Statements

    private mutating func statement() throws(Failure) {
        let first = tokens[0]
        if first.kind == .end { return }
        guard first.kind == .name else {
            throw failure(at: first, "expected a statement such as 'x = 2.0' or 'backward x'")
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
            throw failure(at: first, misplacedStatementMessage(name: name, next: second))
        }
    }

    private func misplacedStatementMessage(name: String, next: Token) -> String {
        switch name {
        case "import", "from":
            return "'\(name)' lines are not part of .ag; comment the line out with '#'"
        case "print":
            return
                "print() is not part of .ag (every value is shown anyway); comment the line out with '#'"
        default:
            break
        }
        if next.kind == .end {
            return "'\(name)' alone does nothing: write 'backward \(name)' to differentiate it"
        }
        if next.kind == .leftParen {
            return "a call on its own line is lost: assign it, as in 'y = \(name)(…)'"
        }
        return "expected '=' after '\(name)', found \(next.describe(in: bytes))"
    }

    private mutating func assignment(to name: String, nameToken: Token, operatorToken: Token)
        throws(Failure)
    {
        if let role = reservedRole(of: nameToken) {
            throw failure(at: nameToken, "cannot assign to '\(name)': it is \(role)")
        }
        let bound: NodeID
        if let compound = operatorToken.kind.compoundOperator {
            let target = try lookUp(nameToken)
            let (result, stop) = try expression(from: 2, constantsOnly: false)
            try expectEnd(at: stop)
            bound = addOperation(compound.operation, target, materialize(result))
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
            }
        }
        names.bind(nameToken.range, in: bytes, to: .node(bound.rawValue))
        lastAssigned = bound
    }

    /// `Value(NUMBER-EXPR)` or `Value(NUMBER-EXPR, label='text')`, starting at token 2.
    private mutating func valueConstructor(name: String) throws(Failure) -> NodeID {
        if token(4).kind == .rightParen {
            throw failure(at: token(4), "Value() needs a number, as in Value(2.0)")
        }
        let (result, stop) = try expression(from: 4, constantsOnly: true)
        guard case .constant(let value) = result else {
            throw failure(at: token(4), "Value() takes a number")
        }
        var label = name
        var cursor = stop
        if token(cursor).kind == .comma {
            guard token(cursor + 1).kind == .name,
                case .label? = Keyword.classify(token(cursor + 1).range, in: bytes),
                token(cursor + 2).kind == .equals, token(cursor + 3).kind == .string
            else {
                throw failure(at: token(cursor + 1), "expected label='text' after ','")
            }
            label = Lexer(bytes: bytes).stringValue(of: token(cursor + 3))
            cursor += 4
        }
        guard token(cursor).kind == .rightParen else {
            if token(cursor).kind == .end {
                throw failure(at: token(3), "'(' was never closed")
            }
            throw failure(
                at: token(cursor), "expected ')', found \(token(cursor).describe(in: bytes))"
            )
        }
        try expectEnd(at: cursor + 1)
        return addLeaf(value, label: label)
    }

    /// `backward EXPR`.
    private mutating func backwardStatement() throws(Failure) {
        try expectNoRootYet(at: tokens[0])
        if token(1).kind == .end {
            throw failure(at: token(1), "expected the value to differentiate after 'backward'")
        }
        let (result, stop) = try expression(from: 1, constantsOnly: false)
        try expectEnd(at: stop)
        declaredRoot = (materialize(result), line)
    }

    /// `NAME.label = 'text'` and `NAME.backward()`.
    private mutating func attributeStatement(name: String, nameToken: Token) throws(Failure) {
        let attribute = token(2)
        let attributeName = attribute.kind == .name ? text(of: attribute) : ""
        let attributeKeyword =
            attribute.kind == .name ? Keyword.classify(attribute.range, in: bytes) : nil
        if case .label? = attributeKeyword {
            guard token(3).kind == .equals else {
                throw failure(at: token(3), "expected '=' after '.label'")
            }
            guard token(4).kind == .string else {
                throw failure(
                    at: token(4), "expected a quoted label, as in \(name).label = '\(name)'")
            }
            try expectEnd(at: 5)
            graph.setLabel(Lexer(bytes: bytes).stringValue(of: token(4)), of: try lookUp(nameToken))
        } else if case .backward? = attributeKeyword {
            guard token(3).kind == .leftParen, token(4).kind == .rightParen else {
                throw failure(at: token(3), "expected '()' after '.backward'")
            }
            try expectEnd(at: 5)
            let node = try lookUp(nameToken)
            try expectNoRootYet(at: nameToken)
            declaredRoot = (node, line)
        } else if token(3).kind == .equals {
            throw failure(at: attribute, "only '.label' can be set, not '.\(attributeName)'")
        } else {
            let shown = attributeName.isEmpty ? "\(name)…" : "\(name).\(attributeName)()"
            throw failure(
                at: nameToken,
                "a value computed on its own line is lost: assign it, as in 'y = \(shown)'")
        }
    }

    private func expectNoRootYet(at token: Token) throws(Failure) {
        if let declaredRoot {
            throw failure(
                at: token, "a second backward statement: the first is on line \(declaredRoot.line)")
        }
    }

    private func expectEnd(at index: Int) throws(Failure) {
        let stop = token(index)
        switch stop.kind {
        case .end: return
        case .rightParen: throw failure(at: stop, "unmatched ')'")
        default:
            throw failure(
                at: stop, "expected the end of the line, found \(stop.describe(in: bytes))")
        }
    }

    // MARK: Expressions

    /// Parses the expression starting at token `start`, making its nodes, and returns its value
    /// with the index of the token that ended it: the end of the line, `,`, `=`, or a `)` with
    /// no `(` of its own. With `constantsOnly`, names and calls are errors (inside `Value()`).
    private mutating func expression(from start: Int, constantsOnly: Bool) throws(Failure)
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
                        let name = function.spelling
                        guard token(index + 1).kind == .leftParen else {
                            throw failure(
                                at: current, "'\(name)' is a function: call it as \(name)(x)")
                        }
                        if constantsOnly {
                            throw failure(
                                at: current, "Value() takes a number, not a call of \(name)()")
                        }
                        pending.append(.call(function, token: index + 1))
                        index += 1
                    } else {
                        if constantsOnly {
                            throw failure(
                                at: current,
                                "Value() takes a number, not the name '\(text(of: current))'")
                        }
                        if token(index + 1).kind == .leftParen {
                            throw notAFunction(current)
                        }
                        operands.append(.node(try lookUp(current)))
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
                        throw failure(
                            at: current, "\(function.spelling)() takes exactly one argument")
                    }
                    throw failure(
                        at: current,
                        "expected an expression, found \(current.describe(in: bytes))")
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
                        throw failure(at: current, "\(open.spelling)() takes exactly one argument")
                    }
                    try reduceAll()
                    return (try result(), index)
                default:
                    throw failure(
                        at: current,
                        "expected an operator or the end of the line, found \(current.describe(in: bytes))"
                    )
                }
            }
            index += 1
        }
    }

    private func result() throws(Failure) -> Operand {
        guard operands.count == 1, let only = operands.last else {
            throw failure(at: tokens[0], "expected an expression")
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
                throw failure(at: token(open), "'(' was never closed")
            case .unary, .binary:
                try apply(top)
            }
        }
    }

    /// `.f()` after an operand: applies `f` to it at once, since calls bind tightest.
    private mutating func methodCall(at dot: Int, constantsOnly: Bool) throws(Failure) {
        let nameToken = token(dot + 1)
        guard nameToken.kind == .name else {
            throw failure(at: nameToken, "expected a method name after '.'")
        }
        let name = text(of: nameToken)
        let keyword = Keyword.classify(nameToken.range, in: bytes)
        if case .backward? = keyword {
            throw failure(
                at: nameToken,
                "'.backward()' is a statement of its own: write 'x.backward()' on its own line")
        }
        if case .label? = keyword {
            throw failure(at: nameToken, "'.label' is set on its own line: x.label = 'text'")
        }
        guard case .function(let function)? = keyword else {
            let hint = Suggestions.hint(for: name, among: Keyword.functionNames)
            throw failure(at: nameToken, "'\(name)' is not an operation\(hint)")
        }
        guard token(dot + 2).kind == .leftParen else {
            throw failure(at: nameToken, "'.\(name)' is a method: call it as .\(name)()")
        }
        guard token(dot + 3).kind == .rightParen else {
            throw failure(at: token(dot + 3), "'.\(name)()' takes no arguments")
        }
        if constantsOnly {
            throw failure(at: nameToken, "Value() takes a number, not a call of .\(name)()")
        }
        try applyFunction(function)
    }

    private mutating func applyFunction(_ function: Op) throws(Failure) {
        guard let operand = operands.popLast() else {
            throw failure(at: tokens[0], "expected an expression")
        }
        operands.append(.node(addOperation(function, materialize(operand))))
    }

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
            }
        case .binary(let binary, let operatorToken):
            guard let rhs = operands.popLast(), let lhs = operands.popLast() else { return }
            operands.append(try combine(lhs, binary, rhs, operatorToken: operatorToken))
        case .group, .call:
            return
        }
    }

    private mutating func combine(
        _ lhs: Operand, _ binary: BinaryOperator, _ rhs: Operand, operatorToken: Int
    ) throws(Failure) -> Operand {
        switch (lhs, rhs) {
        case (.constant(let a), .constant(let b)):
            return .constant(try fold(a, binary, b, operatorToken: operatorToken))
        case (.node(let base), .constant(let exponent)) where binary == .power:
            return .node(addOperation(.power, base, exponent: exponent))
        default:
            let left = materialize(lhs)
            let right = materialize(rhs)
            return .node(addOperation(binary.operation, left, right))
        }
    }

    /// Constant arithmetic, done when the file is read. IEEE 754 throughout: `1/0` is
    /// infinity and `0 ** -1` too, but a finite result too large for a double is an error.
    private func fold(_ a: Double, _ binary: BinaryOperator, _ b: Double, operatorToken: Int)
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
        let isPole = (binary == .divide && b == 0) || (binary == .power && a == 0)
        if value.isInfinite, a.isFinite, b.isFinite, !isPole {
            throw failure(at: token(operatorToken), "this constant overflows a 64-bit float")
        }
        return value
    }

    // MARK: Nodes and names

    private mutating func materialize(_ operand: Operand) -> NodeID {
        switch operand {
        case .node(let node): return node
        case .constant(let value):
            nodeLines.append(Int32(truncatingIfNeeded: line))
            return graph.addConstant(value)
        }
    }

    private mutating func addLeaf(_ value: Double, label: String) -> NodeID {
        nodeLines.append(Int32(truncatingIfNeeded: line))
        return graph.addLeaf(value, label: label)
    }

    private mutating func addOperation(
        _ operation: Op, _ input: NodeID, exponent: Double? = nil
    ) -> NodeID {
        nodeLines.append(Int32(truncatingIfNeeded: line))
        return graph.add(operation, input, exponent: exponent)
    }

    private mutating func addOperation(
        _ operation: Op, _ lhs: NodeID, _ rhs: NodeID
    ) -> NodeID {
        nodeLines.append(Int32(truncatingIfNeeded: line))
        return graph.add(operation, lhs, rhs)
    }

    private func lookUp(_ nameToken: Token) throws(Failure) -> NodeID {
        switch names.binding(of: nameToken.range, in: bytes) {
        case .node(let node): return NodeID(Int(node))
        case .poisoned: throw .poisoned
        case nil: break
        }
        if let misuse = reservedNameMisuse(nameToken) { throw failure(at: nameToken, misuse) }
        let name = text(of: nameToken)
        let hint = Suggestions.hint(
            for: name, among: names.boundNames(in: bytes) + Keyword.functionNames)
        throw failure(at: nameToken, "'\(name)' is not defined\(hint)")
    }

    /// `name(…)` where `name` is not one of the functions.
    private func notAFunction(_ nameToken: Token) -> Failure {
        if let misuse = reservedNameMisuse(nameToken) { return failure(at: nameToken, misuse) }
        let name = text(of: nameToken)
        if case .node? = names.binding(of: nameToken.range, in: bytes) {
            return failure(at: nameToken, "'\(name)' is a value, not a function")
        }
        let hint = Suggestions.hint(for: name, among: Keyword.functionNames)
        return failure(at: nameToken, "'\(name)' is not a function\(hint)")
    }

    /// What a reserved name is, for "cannot assign to …"; `nil` for ordinary names.
    private func reservedRole(of nameToken: Token) -> String? {
        switch Keyword.classify(nameToken.range, in: bytes) {
        case .function?: "a function"
        case .backward?, .value?: "a keyword"
        case .label?, nil: nil
        }
    }

    /// Why `backward` or `Value` cannot stand inside an expression.
    private func reservedNameMisuse(_ nameToken: Token) -> String? {
        switch Keyword.classify(nameToken.range, in: bytes) {
        case .backward?: "'backward' starts a statement of its own, as in 'backward x'"
        case .value?: "Value(...) may only form a whole right-hand side, as in 'x = Value(2.0)'"
        default: nil
        }
    }

    private func token(_ index: Int) -> Token {
        index < tokens.count ? tokens[index] : tokens[tokens.count - 1]
    }

    private func text(of token: Token) -> String {
        String(
            decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
    }

    private func failure(at token: Token, _ message: String) -> Failure {
        .error(offset: token.start, message: message)
    }
}
