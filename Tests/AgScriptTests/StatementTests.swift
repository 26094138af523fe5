import AgScript
import AutogradEngine
import Testing

@Suite("Statements")
struct StatementTests {
    @Test("NAME = NUMBER makes a leaf labelled NAME, on its line")
    func plainLeaf() throws {
        let script = try read("# inputs\n\na = 2.0\nb = -0.5  # a comment\n")
        #expect(script.graph.count == 2)
        let b = try #require(script.node("b"))
        #expect(script.graph.operation(of: b) == .leaf)
        #expect(script.graph.value(of: b) == -0.5)
        #expect(script.line(of: b) == 4)
        #expect(script.root == b)
    }

    @Test(
        "label escapes resolve as Python's do",
        arguments: [
            (#"'a\tb'"#, "a\tb"), (#"'it\'s'"#, "it's"), (#""say \"hi\"""#, "say \"hi\""),
            (#"'back\\slash'"#, "back\\slash"), (#"'cr\r'"#, "cr\r"), (#"'\x41\x62'"#, "Ab"),
            (#"'caf\u00e9'"#, "café"), (#"'\U0001F600'"#, "😀"), (#"'\101\0'"#, "A\0"),
            (#"'\a\b\f\v'"#, "\u{07}\u{08}\u{0C}\u{0B}"), (#"'\q stays'"#, "\\q stays"),
        ])
    func labelEscapes(_ literal: String, _ expected: String) throws {
        let script = try read("x = Value(1.0, label=\(literal))\ny = x * 2\ny.label = \(literal)")
        #expect(script.graph.label(of: NodeID(0)) == expected)
        #expect(script.graph.label(of: NodeID(2)) == expected)
    }

    @Test(
        "a truncated or impossible escape is an error at its backslash",
        arguments: [
            (
                "x = Value(1.0, label='ab\\x4')", 1, 25,
                "truncated \\x escape: it needs 2 hexadecimal digits"
            ),
            ("x = Value(1.0, label='\\ud800')", 1, 23, "the escape U+D800 is not a character"),
            (
                "x = 1.0\nx.label = '\\N{BULLET}'", 2, 12,
                "\\N{…} escapes are not supported: write the character itself"
            ),
        ])
    func badEscapes(_ text: String, _ line: Int, _ column: Int, _ message: String) throws {
        let found = try #require(onlyError(text))
        #expect(found.line == line && found.column == column && found.message == message)
    }

    @Test("Value(...) forms: the name labels it unless label= does, in either quotes")
    func valueForms() throws {
        let script = try read(
            """
            a = Value(-4.0)
            b = Value(2 * 3, label='bee')
            c = Value(.5, label="see#not a comment")
            """)
        #expect(script.graph.labels == ["a", "bee", "see#not a comment"])
        #expect(script.graph.values == [-4.0, 6.0, 0.5])
        #expect(script.graph.operations == [.leaf, .leaf, .leaf])
    }

    @Test("an expression makes nodes with inputs in source order; the result takes the name")
    func expressionNodes() throws {
        let script = try read("a = 2.0\nb = -0.5\nc = a * b\nd = c + a\nL = tanh(d)\nbackward L")
        #expect(script.graph.labels == ["a", "b", "c", "d", "L"])
        #expect(script.shape(NodeID(2)) == (.multiply, [NodeID(0), NodeID(1)]))
        #expect(script.shape(NodeID(3)) == (.add, [NodeID(2), NodeID(0)]))
        #expect(script.shape(NodeID(4)) == (.tanh, [NodeID(3)]))
        #expect(script.root == NodeID(4))
        #expect(script.nodeLines == [1, 2, 3, 4, 5])
    }

    @Test("names are told apart by every byte: same first 8 bytes, prefixes of each other")
    func similarNames() throws {
        let script = try read(
            """
            weights_1 = 1.0
            weights_2 = 2.0
            weights_ = 3.0
            weights = 4.0
            w = 5.0
            out = weights_2 * 10 + weights_1 + weights_ * 100 + weights * 1000 + w * 10000
            """)
        let out = try #require(script.node("out"))
        // Each name weighs its own digit: 5 4 3 2 1 only if every name found its own value.
        #expect(script.graph.value(of: out) == 54_321)
    }

    @Test("compound assignment makes a new node that shadows the name; the old one stays")
    func compoundAssignment() throws {
        let script = try read("c = 2.0\nc += 1\nc -= c\nc *= 3\nc /= 2")
        let ops = script.graph.operations.filter { $0.arity > 0 }
        #expect(ops == [.add, .subtract, .multiply, .divide])
        #expect(script.graph.label(of: NodeID(0)) == "c")
        // c += 1: c_old + const 1.
        #expect(script.shape(NodeID(2)) == (.add, [NodeID(0), NodeID(1)]))
        #expect(script.graph.operation(of: NodeID(1)) == .constant)
        // c -= c: both inputs are the node c names at that point.
        #expect(script.shape(NodeID(3)) == (.subtract, [NodeID(2), NodeID(2)]))
        #expect(script.graph.labels.filter { $0 == "c" }.count == 5)
        #expect(script.root == NodeID(script.graph.count - 1))
    }

    @Test("NAME = OTHER binds the same node; +a makes no node")
    func aliasing() throws {
        let script = try read("a = 2.0\nb = a\nc = (+a)\nd = b * c")
        #expect(script.graph.count == 2)
        #expect(script.graph.label(of: NodeID(0)) == "a")
        #expect(script.shape(NodeID(1)) == (.multiply, [NodeID(0), NodeID(0)]))
    }

    @Test(".label = sets the label of the bound node")
    func labelStatement() throws {
        let script = try read("x = 2.0\ny = x * x\ny.label = 'x squared'")
        #expect(script.graph.label(of: NodeID(1)) == "x squared")
    }

    @Test("the root: backward NAME, NAME.backward(), backward EXPR, or the last assignment")
    func rootForms() throws {
        #expect(try read("a = 1.0\nb = tanh(a)\nc = exp(a)\nbackward b").root == NodeID(1))
        #expect(try read("a = 1.0\nb = tanh(a)\nb.backward()\nc = exp(a)").root == NodeID(1))
        let expressionRoot = try read("a = 1.0\nbackward tanh(a) * 2")
        #expect(expressionRoot.shape(expressionRoot.root).0 == .multiply)
        #expect(expressionRoot.graph.label(of: expressionRoot.root) == nil)
        #expect(try read("a = 1.0\nb = tanh(a)\nc = exp(a)").root == NodeID(2))
    }

    @Test("methods are the functions: x.tanh() is tanh(x), for every function")
    func methodForm() throws {
        for function in Op.functions {
            let name = function.spelling
            let script = try read("x = 0.5\na = x.\(name)()\nb = \(name)(x)")
            #expect(script.shape(NodeID(1)) == script.shape(NodeID(2)))
            #expect(script.graph.operation(of: NodeID(1)) == function)
        }
    }

    @Test("constants inside expressions are unlabelled constant leaves")
    func constantLeaves() throws {
        let script = try read("x = 2.0\ny = 3 * x + 1")
        #expect(script.graph.operations == [.leaf, .constant, .multiply, .constant, .add])
        #expect(script.graph.labels == ["x", nil, nil, nil, "y"])
        #expect(script.shape(NodeID(2)) == (.multiply, [NodeID(1), NodeID(0)]))
    }

    @Test("a BOM and CRLF line ends read as plain LF text")
    func bomAndCRLF() throws {
        let plain = try read("a = 2.0\nb = a * a\nbackward b\n")
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("a = 2.0\r\nb = a * a\r\nbackward b\r\n".utf8)
        let windows = try ScriptReader.read(bytes, path: "crlf.ag")
        #expect(windows.graph.operations == plain.graph.operations)
        #expect(windows.graph.values == plain.graph.values)
        #expect(windows.nodeLines == plain.nodeLines)
        #expect(windows.source.text(ofLine: 1) == "a = 2.0")
    }
}
