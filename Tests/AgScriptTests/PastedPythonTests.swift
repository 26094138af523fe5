import AgScript
import AutogradEngine
import Testing

@Suite("Pasted Python: lines and arguments with no meaning here")
struct PastedPythonTests {
    @Test("import, from and print lines are skipped, whatever Python they hold")
    func skippedLines() throws {
        let script = try read(
            """
            from micrograd.engine import Value
            import math, random
            from . import nn
              import numpy as np
            a = Value(2.0)
            print(a)
            print(f"{a.data:.4f}", "%d" % 3, (a, [1, {2: 3}]))  # shown anyway
            print ( "a ) b" )
            b = a * 2
            """)
        #expect(script.graph.labels == ["a", nil, "b"])
        #expect(script.nodeLines == [5, 9, 9])
    }

    @Test("import and print stay names where they are assigned")
    func namesNotLines() throws {
        let script = try read("import = 2.0\nprint = import * 3")
        #expect(script.graph.labels == ["import", nil, "print"])
    }

    @Test(
        "a print whose parentheses do not balance, or with more after it, is an error",
        arguments: [
            ("a = 1.0\nprint(a", 2, 6, "'(' was never closed"),
            ("a = 1.0\nprint(a, (a)", 2, 6, "'(' was never closed"),
            ("a = 1.0\nprint((a)", 2, 6, "'(' was never closed"),
            ("a = 1.0\nprint(a))", 2, 9, "unmatched ')'"),
            ("a = 1.0\nprint('a)", 2, 7, "unterminated string: it needs a closing '"),
            ("a = 1.0\nprint(a) b", 2, 10, "expected the end of the line, found the name 'b'"),
            ("a = 1.0\nprint(a); b = 2", 2, 9, "unexpected ';': write one statement per line"),
        ] as [(String, Int, Int, String)])
    func unbalancedPrint(_ text: String, _ line: Int, _ column: Int, _ message: String) throws {
        let found = try #require(onlyError(text), "expected one error for \(text.debugDescription)")
        #expect(found.line == line)
        #expect(found.column == column)
        #expect(found.message == message)
    }

    @Test("leaf constructors: Value, Node, Scalar, Var, Variable, in any letter case")
    func constructors() throws {
        let script = try read(
            """
            a = value(0.4)
            b = VALUE(1)
            c = Node(2, label='see')
            d = scalar(-3)
            e = Var(4)
            f = variable(5)
            """)
        #expect(script.graph.labels == ["a", "b", "see", "d", "e", "f"])
        #expect(script.graph.values == [0.4, 1, 2, -3, 4, 5])
        #expect(script.graph.operations == Array(repeating: .leaf, count: 6))
    }

    @Test("keyword arguments other than label= are ignored, given literal values")
    func ignoredKeywords() throws {
        let script = try read(
            """
            a = Value(2.0, _children=(), _op='', label='x', requires_grad=True)
            b = Value(1.0, _children=(1, -2.5, [None]), grad=None, name="b",)
            """)
        #expect(script.graph.labels == ["x", "b"])
        #expect(script.graph.values == [2.0, 1.0])
    }

    @Test(
        "a constructor's misuses are errors at the offending token",
        arguments: [
            (
                "a = 1.0\nb = Value(1.0, _children=(a,))", 2, 27,
                "'_children=' is ignored here, so its value must be a literal: a number, a string, True, False, None, () or []"
            ),
            (
                "a = 1.0\nb = 2 * Node(3)", 2, 9,
                "Node(...) may only form a whole right-hand side, as in 'x = Node(2.0)'"
            ),
            ("b = Value(1.0, 2.0)", 1, 16, "expected label='text' after ','"),
        ] as [(String, Int, Int, String)])
    func constructorErrors(_ text: String, _ line: Int, _ column: Int, _ message: String) throws {
        let found = try #require(onlyError(text), "expected one error for \(text.debugDescription)")
        #expect(found.line == line)
        #expect(found.column == column)
        #expect(found.message == message)
    }
}
