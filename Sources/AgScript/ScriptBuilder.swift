import AutogradEngine
import AutogradProgram

/// Reads `.ag` statements one line at a time into a graph, keeping the names bound so far.
///
/// Expressions are parsed with an explicit operator stack (shunting-yard), and nodes are made
/// as operators are reduced, so there is no syntax tree and no recursion: a hundred thousand
/// nested parentheses cost a hundred thousand stack entries, not a stack overflow.
///
/// This file holds the builder's state, the reading of a line, node making and name lookup;
/// `Statements.swift` reads the statement forms, `ShuntingYard.swift` every expression (with
/// `ExpressionParser.swift` for the nodes one makes and `UpdateAmountParser.swift` for an
/// update's right side), `PastedPython.swift` the lines skipped, `Training.swift` and
/// `Loops.swift` the updates, `Assertions.swift` the expectations, and
/// `Hyperparameters.swift` what is left of the graph once the whole file is read.
struct ScriptBuilder {
    /// Why a line could not be read.
    enum Failure: Error {
        /// An error at byte `offset` of the source.
        case error(offset: Int, reason: LineError)
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

    let source: SourceText
    /// The source's bytes, for the duration of the read.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The nodes made so far.
    var graph = Graph()
    /// The 1-based source line that created each node.
    var nodeLines: [Int32] = []
    /// The node named by `backward`, and the line that named it.
    var declaredRoot: (node: NodeID, line: Int)?
    /// The nodes bound by the last assignment of a node that is not a number leaf and by
    /// every assignment after it, in file order: where the default root is found once the
    /// hyperparameters are known.
    var recentAssignments: [NodeID] = []
    /// The updates read so far, in file order.
    var updates: [Update] = []
    /// The line of each updated node's first update, by the node's raw id.
    var updateLines: [Int32: Int] = [:]
    /// The expectations read so far, in file order.
    var expectations: [Expectation] = []
    /// The lists of nodes (`params = [w, b]`), indexed by their name's binding.
    var lists: [[NodeID]] = []
    /// The leaves made by `NAME = NUMBER-EXPR`, ascending: the names bound to plain numbers,
    /// which an update may use as hyperparameters.
    var numberLeaves: [Int32] = []
    /// The number leaves an update used as a hyperparameter, once per use.
    var hyperparameterUses: [Int32] = []
    /// Where each of those uses is: the byte offset of its name.
    var hyperparameterUseOffsets: [Int32] = []
    /// The number leaves a statement used as a node (labelled, listed, updated, asserted,
    /// zeroed): these stay nodes even if an update used them as a number.
    var nodeUses: [Int32] = []
    /// The loop whose indented body is being read, if any.
    var openBlock: OpenBlock?

    /// The names bound so far, and those whose statement failed.
    var names = NameTable()
    /// Whether an undefined name is given a "did you mean" among the bound names: only while
    /// its diagnostic will be shown, as the search reads the name table.
    var suggestsNames = true
    /// The line being read.
    var line = 0
    /// The tokens of the line being read, ending with an `.end` token.
    var tokens: [Token] = []
    /// The stacks of the shunting-yard loop, kept between expressions: for expressions that
    /// make nodes, and for updates' right sides and asserts' numbers.
    var expressionStacks = OperatorStacks<Operand>()
    var updateStacks = OperatorStacks<UpdateTerms.Term>()

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

    /// How much of each table existed before a line, to undo what a failed line added.
    private struct Checkpoint {
        let nodes: Int
        let updates: Int
        let expectations: Int
        let numberLeaves: Int
        let hyperparameterUses: Int
        let nodeUses: Int
    }

    /// Reads line `line` (1-based). On failure nothing it built stays in the graph, and the name
    /// it assigns is marked as failed, so its later uses are not reported again.
    ///
    /// A non-blank line while a loop's block is open is a line of its body (the reader has
    /// closed the block at a line indented no deeper: `endBlock(before:)`).
    mutating func readLine(_ line: Int) throws(Failure) {
        self.line = line
        tokens.removeAll(keepingCapacity: true)
        let range = source.byteRange(ofLine: line)
        let checkpoint = Checkpoint(
            nodes: graph.count, updates: updates.count, expectations: expectations.count,
            numberLeaves: numberLeaves.count, hyperparameterUses: hyperparameterUses.count,
            nodeUses: nodeUses.count)
        let inBlock = openBlock != nil && !isBlank(range)
        if inBlock { openBlock?.bodyLines += 1 }
        do throws(Failure) {
            if try skipsPastedPython(range) { return }
            do {
                try Lexer(bytes: bytes).tokenize(range, into: &tokens)
            } catch {
                throw Failure.error(offset: error.offset, reason: error.reason)
            }
            if inBlock, let block = openBlock {
                if !block.isPoisoned { try loopBody(from: 0, of: block) }
            } else {
                try checkNotAfterUpdate()
                try statement()
            }
        } catch {
            graph.removeNodes(from: NodeID(checkpoint.nodes))
            nodeLines.removeSubrange(checkpoint.nodes...)
            updates.removeSubrange(checkpoint.updates...)
            expectations.removeSubrange(checkpoint.expectations...)
            numberLeaves.removeSubrange(checkpoint.numberLeaves...)
            hyperparameterUses.removeSubrange(checkpoint.hyperparameterUses...)
            hyperparameterUseOffsets.removeSubrange(checkpoint.hyperparameterUses...)
            nodeUses.removeSubrange(checkpoint.nodeUses...)
            // A failed `NAME =` or `for NAME` (a loop nested in a loop's block too) poisons NAME.
            markAssignmentTargetFailed()
            if !inBlock { openPoisonedBlockIfLoop(indentation: indentation(of: range)) }
            throw error
        }
        for update in updates[checkpoint.updates...] where updateLines[update.node.rawValue] == nil
        {
            updateLines[update.node.rawValue] = update.line
        }
    }

    /// After a failed line: if it began `NAME =` (or `+=` …), later uses of NAME are consequences
    /// of this error, not new ones.
    private mutating func markAssignmentTargetFailed() {
        if tokens.count >= 2, tokens[0].kind == .name, tokens[1].kind == .name,
            spells(tokens[0], "for"), reservedRole(of: tokens[1]) == nil
        {
            names.bind(tokens[1].range, in: bytes, to: .poisoned)
            return
        }
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
        case .list: throw failure(at: nameToken, .listOutsideFor(text(of: nameToken)))
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
        if isLeafConstructor(nameToken) {
            return failure(at: nameToken, .constructorInExpression(name))
        }
        let suggestion = Suggestions.closest(to: name, among: Keyword.functionNames)
        return failure(at: nameToken, .notAFunction(name, suggestion: suggestion))
    }

    /// What a reserved name is, for "cannot assign to …"; `nil` for ordinary names.
    func reservedRole(of nameToken: Token) -> LineError.ReservedRole? {
        switch Keyword.classify(nameToken.range, in: bytes) {
        case .function?: .function
        case .backward?, .value?: .keyword
        case .label?, nil: nil
        }
    }

    /// Why `backward` or `Value` cannot stand inside an expression.
    func reservedNameMisuse(_ nameToken: Token) -> LineError? {
        switch Keyword.classify(nameToken.range, in: bytes) {
        case .backward?: .backwardInExpression
        case .value?: .valueInExpression
        case .function?, .label?, nil: nil
        }
    }

    // MARK: Number leaves and assignments

    /// Whether `node` is a leaf made by `NAME = NUMBER-EXPR`.
    func isNumberLeaf(_ node: NodeID) -> Bool {
        // Most often asked of the leaf just made.
        if let last = numberLeaves.last, last <= node.rawValue { return last == node.rawValue }
        var low = 0
        var high = numberLeaves.count
        while low < high {
            let middle = (low + high) / 2
            if numberLeaves[middle] < node.rawValue { low = middle + 1 } else { high = middle }
        }
        return low < numberLeaves.count && numberLeaves[low] == node.rawValue
    }

    /// Records that a statement used `node` as a node, which keeps a number leaf in the graph.
    mutating func noteUseAsNode(_ node: NodeID) {
        if isNumberLeaf(node) { nodeUses.append(node.rawValue) }
    }

    /// Records that an assignment bound `node`, for the default root.
    mutating func noteAssignment(of node: NodeID) {
        if !isNumberLeaf(node) { recentAssignments.removeAll(keepingCapacity: true) }
        recentAssignments.append(node)
    }

    // MARK: Tokens

    /// Whether `token` is the name `word` (ASCII).
    func spells(_ token: Token, _ word: StaticString) -> Bool {
        guard token.end - token.start == word.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        return bytes[token.start..<token.end].elementsEqual(expected)
    }

    /// Whether the name `token` is a leaf constructor: `Value`, `Node`, `Scalar`, `Var` or
    /// `Variable`, in any letter case.
    func isLeafConstructor(_ token: Token) -> Bool {
        let length = token.end - token.start
        guard (3...8).contains(length) else { return false }
        let name = bytes[token.start..<token.end]
        return Self.leafConstructors.contains { spelling in
            spelling.count == length && zip(spelling, name).allSatisfy { $0 == $1 | 0x20 }
        }
    }

    private static let leafConstructors = ["value", "node", "scalar", "var", "variable"].map {
        Array($0.utf8)
    }

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
    func failure(at token: Token, _ reason: LineError) -> Failure {
        .error(offset: token.start, reason: reason)
    }
}
