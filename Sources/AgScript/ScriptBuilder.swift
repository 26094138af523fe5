import AutogradEngine

/// Reads `.ag` statements one line at a time into a graph, keeping the names bound so far.
///
/// Expressions are parsed with an explicit operator stack (shunting-yard), and nodes are made
/// as operators are reduced, so there is no syntax tree and no recursion: a hundred thousand
/// nested parentheses cost a hundred thousand stack entries, not a stack overflow.
///
/// This file holds the builder's state, the reading of a line, node making and name lookup;
/// `Statements.swift` reads the statement forms and `ExpressionParser.swift` the expressions.
struct ScriptBuilder {
    /// Why a line could not be read.
    enum Failure: Error {
        /// An error at byte `offset` of the source.
        case error(offset: Int, reason: ReadError)
        /// The line uses a name whose own statement failed; that error was already reported.
        case poisoned
    }

    /// A value on the operand stack: a folded constant, or a node.
    enum Operand {
        case constant(Double)
        case node(NodeID)
        /// Built from a name whose own line failed: nothing is made of it, and the line fails
        /// quietly once the rest of it has been read (an independent error is still reported).
        case poisoned
    }

    /// An operator waiting for its operands, with the index of its token.
    enum Pending {
        case unary(negate: Bool, token: Int)
        case binary(BinaryOperator, token: Int)
        case group(token: Int)
        case call(Op, token: Int)
    }

    let source: SourceText
    /// The source's bytes, for the duration of the read.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The nodes made so far.
    var graph = Graph()
    /// The 1-based source line that created each node.
    var nodeLines: [Int32] = []
    /// The node named by `backward`, and the line that named it.
    var declaredRoot: (node: NodeID, line: Int)?
    /// The node bound by the last assignment.
    var lastAssigned: NodeID?

    /// The names bound so far, and those whose statement failed.
    var names = NameTable()
    /// Whether an undefined name is given a "did you mean" among the bound names: only while
    /// its diagnostic will be shown, as the search reads the name table.
    var suggestsNames = true
    /// The line being read.
    var line = 0
    /// The tokens of the line being read, ending with an `.end` token.
    var tokens: [Token] = []
    /// The expression parser's operand stack.
    var operands: [Operand] = []
    /// The expression parser's operator stack.
    var pending: [Pending] = []

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
                throw Failure.error(offset: error.offset, reason: error.reason)
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

    // MARK: Nodes and names

    /// The node of `operand`, making a constant node for a folded constant; `nil` for a
    /// poisoned one.
    mutating func materialize(_ operand: Operand) -> NodeID? {
        switch operand {
        case .node(let node): return node
        case .constant(let value):
            nodeLines.append(Int32(truncatingIfNeeded: line))
            return graph.addConstant(value)
        case .poisoned: return nil
        }
    }

    /// The node a statement's expression made, or the quiet failure of a line that used a
    /// name whose own line failed.
    mutating func node(of result: Operand) throws(Failure) -> NodeID {
        guard let node = materialize(result) else { throw .poisoned }
        return node
    }

    /// The operand the name `nameToken` stands for: its node, or `.poisoned` when its own line
    /// failed; an error if it is not bound.
    func operand(named nameToken: Token) throws(Failure) -> Operand {
        do throws(Failure) {
            return .node(try lookUp(nameToken))
        } catch .poisoned {
            return .poisoned
        }
    }

    /// A new leaf of `value` named `label`.
    mutating func addLeaf(_ value: Double, label: String) -> NodeID {
        nodeLines.append(Int32(truncatingIfNeeded: line))
        return graph.addLeaf(value, label: label)
    }

    /// A new node of a one-input `operation` (with its exponent, for `**` by a constant).
    mutating func addOperation(
        _ operation: Op, _ input: NodeID, exponent: Double? = nil
    ) -> NodeID {
        nodeLines.append(Int32(truncatingIfNeeded: line))
        return graph.add(operation, input, exponent: exponent)
    }

    /// A new node of a two-input `operation`.
    mutating func addOperation(
        _ operation: Op, _ lhs: NodeID, _ rhs: NodeID
    ) -> NodeID {
        nodeLines.append(Int32(truncatingIfNeeded: line))
        return graph.add(operation, lhs, rhs)
    }

    /// The node bound to the name `nameToken`; an error if it is not bound.
    func lookUp(_ nameToken: Token) throws(Failure) -> NodeID {
        switch names.binding(of: nameToken.range, in: bytes) {
        case .node(let node): return NodeID(Int(node))
        case .poisoned: throw .poisoned
        case nil: break
        }
        if let misuse = reservedNameMisuse(nameToken) { throw failure(at: nameToken, misuse) }
        let name = text(of: nameToken)
        var suggestion: String?
        if suggestsNames {
            let bound = names.closestName(to: name, in: bytes)
            suggestion = Suggestions.closest(
                to: name, among: (bound.map { [$0] } ?? []) + Keyword.functionNames)
        }
        throw failure(at: nameToken, .undefinedName(name, suggestion: suggestion))
    }

    /// `name(…)` where `name` is not one of the functions.
    func notAFunction(_ nameToken: Token) -> Failure {
        if let misuse = reservedNameMisuse(nameToken) { return failure(at: nameToken, misuse) }
        let name = text(of: nameToken)
        if case .node? = names.binding(of: nameToken.range, in: bytes) {
            return failure(at: nameToken, .valueCalled(name))
        }
        let suggestion = Suggestions.closest(to: name, among: Keyword.functionNames)
        return failure(at: nameToken, .notAFunction(name, suggestion: suggestion))
    }

    /// What a reserved name is, for "cannot assign to …"; `nil` for ordinary names.
    func reservedRole(of nameToken: Token) -> ReadError.ReservedRole? {
        switch Keyword.classify(nameToken.range, in: bytes) {
        case .function?: .function
        case .backward?, .value?: .keyword
        case .label?, nil: nil
        }
    }

    /// Why `backward` or `Value` cannot stand inside an expression.
    func reservedNameMisuse(_ nameToken: Token) -> ReadError? {
        switch Keyword.classify(nameToken.range, in: bytes) {
        case .backward?: .backwardInExpression
        case .value?: .valueInExpression
        default: nil
        }
    }

    // MARK: Tokens

    /// Token `index` of the line, or its `.end` token past the end.
    func token(_ index: Int) -> Token {
        index < tokens.count ? tokens[index] : tokens[tokens.count - 1]
    }

    /// The source text of `token`.
    func text(of token: Token) -> String {
        String(
            decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
    }

    /// The error `reason`, reported at the start of `token`.
    func failure(at token: Token, _ reason: ReadError) -> Failure {
        .error(offset: token.start, reason: reason)
    }
}
