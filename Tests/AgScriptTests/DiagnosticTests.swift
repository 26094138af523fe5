import AgScript
import Testing

@Suite("Diagnostics")
struct DiagnosticTests {
    @Test("the documented format: path:line:column: error: message, the line, a caret")
    func documentedFormat() throws {
        let error = try #require(errors("a = 2.0\nb = a * c\n"))
        #expect(
            error.description == """
                test.ag:2:9: error: 'c' is not defined
                b = a * c
                        ^

                """)
    }

    @Test(
        "each error is reported at its line and column",
        arguments: [
            ("x = 1.0\ny = x + z", 2, 9, "'z' is not defined"),
            ("x = 1.0\ny = tanhh(x)", 2, 5, "'tanhh' is not a function; did you mean 'tanh'?"),
            (
                "x = 1.0\ny = x.sigmiod()", 2, 7,
                "'sigmiod' is not an operation; did you mean 'sigmoid'?"
            ),
            (
                "weight = 1.0\ny = wieght * 2", 2, 5,
                "'wieght' is not defined; did you mean 'weight'?"
            ),
            ("x = 1.0\ny = x(2)", 2, 5, "'x' is a value, not a function"),
            ("x = 1.0\nx.backwrd()", 2, 3, "'backwrd' is not a method; did you mean 'backward'?"),
            ("x = 1.0\nx.tanhh()", 2, 3, "'tanhh' is not a method; did you mean 'tanh'?"),
            (
                "x = 1.0\ny = x.backwrd()", 2, 7,
                "'backwrd' is not an operation; did you mean 'backward'?"
            ),
            ("x = 1e999", 1, 5, "the number 1e999 overflows a 64-bit float"),
            ("x = 10 ** 400", 1, 8, "this constant overflows a 64-bit float"),
            ("x = 1e308 * 10", 1, 11, "this constant overflows a 64-bit float"),
            ("x = 1 / 0", 1, 7, "this constant divides by zero"),
            ("x = 0.0 / 0", 1, 9, "this constant divides by zero"),
            ("x = 0 ** -1", 1, 7, "0 raised to a negative power divides by zero"),
            (
                "x = (-8) ** (1/3)", 1, 10,
                "a negative number raised to a fractional power is not a real number (Python makes it complex)"
            ),
            ("x = 1.0\ny = x * (1 / 0)", 2, 12, "this constant divides by zero"),
            ("x = 1.0\ny = (x + 1", 2, 5, "'(' was never closed"),
            ("x = 1.0\ny = x + 1)", 2, 10, "unmatched ')'"),
            ("x = 1.0\ny = x +", 2, 8, "expected an expression, found the end of the line"),
            (
                "x = 1.0\ny = x 2", 2, 7,
                "expected an operator or the end of the line, found the number 2"
            ),
            ("x = 2 × 3", 1, 7, "unexpected character '×' (U+00D7)"),
            ("x = 2x", 1, 5, "invalid number '2x'; write '2 * x' to multiply"),
            ("x = 1e+", 1, 5, "invalid number '1e+': the exponent needs digits"),
            ("x = 'abc", 1, 5, "unterminated string: it needs a closing '"),
            ("x = 1.0; y = 2.0", 1, 8, "unexpected ';': write one statement per line"),
            ("x = 1.0\ntanh = x", 2, 1, "cannot assign to 'tanh': it is a function"),
            (
                "x = 1.0\ny = 2 * Value(3)", 2, 9,
                "Value(...) may only form a whole right-hand side, as in 'x = Value(2.0)'"
            ),
            ("x = 1.0\ny = Value(x)", 2, 11, "Value() takes a number, not the name 'x'"),
            ("x = Value(2.0, 'x')", 1, 16, "expected label='text' after ','"),
            ("x = Value()", 1, 11, "Value() needs a number, as in Value(2.0)"),
            ("x = 1.0\ny = tanh(x, x)", 2, 11, "tanh() takes exactly one argument"),
            ("x = 1.0\ny = tanh", 2, 5, "'tanh' is a function: call it as tanh(x)"),
            (
                "x = 1.0\nbackward x\nbackward x", 3, 1,
                "a second backward statement: the first is on line 2"
            ),
            (
                "x = 1.0\nx.grad = 2.0", 2, 10,
                "a gradient can only be zeroed, as in 'x.grad = 0': the backward pass computes it"
            ),
            ("x = 1.0\nx.value = 2.0", 2, 3, "only '.label' can be set, not '.value'"),
            (
                "x = 1.0\nx.tanh()", 2, 1,
                "a value computed on its own line is lost: assign it, as in 'y = x.tanh()'"
            ),
            (
                "x = 1.0\ny = x.backward()", 2, 7,
                "'.backward()' is a statement of its own: write 'x.backward()' on its own line"
            ),
            (
                "x = 1.0\nprint x", 2, 1,
                "print is a function: write print(...), or leave the line out"
            ),
            ("x = 1.0\nx", 2, 1, "'x' alone does nothing: write 'backward x' to differentiate it"),
            ("x = 1.0\nbackward", 2, 9, "expected the value to differentiate after 'backward'"),
            ("x = 1.0\n2 + x", 2, 1, "expected a statement such as 'x = 2.0' or 'backward x'"),
            ("x = 1.0\ny = x\u{0}", 2, 6, "unexpected character U+0000"),
            ("x = 1.0\ny = x\rz = x", 2, 6, "unexpected character U+000D"),
        ] as [(String, Int, Int, String)])
    func located(_ text: String, _ line: Int, _ column: Int, _ message: String) throws {
        let found = try #require(onlyError(text), "expected one error for \(text.debugDescription)")
        #expect(found.line == line)
        #expect(found.column == column)
        #expect(found.message == message)
    }

    @Test("columns count characters, not bytes, and the caret keeps the line's tabs")
    func columnsAndTabs() throws {
        let error = try #require(errors("s = Value(1.0, label='é')\n\tt = s * é"))
        let diagnostic = error.diagnostics[0]
        #expect(diagnostic.line == 2 && diagnostic.column == 10)
        #expect(diagnostic.caretLine == "\t        ^")
    }

    @Test("every erroneous line is reported; a name whose statement failed is not re-reported")
    func recoveryAndPoisoning() throws {
        let error = try #require(
            errors("a = 1.0 +\nb = a * 2\nc = d\ne = 2.0\nf = e $ 1\ng = f + b"))
        #expect(error.diagnostics.map(\.line) == [1, 3, 5])
        #expect(error.totalCount == 3)
    }

    @Test(
        "a line that uses a failed name still reports its own, independent errors",
        arguments: [
            ("x = y\nz = x + w", [1, 2], "'w' is not defined"),
            ("c = b +* 3\nd = c ** ", [1, 2], "expected an expression, found the end of the line"),
            ("x = y\nx += 1 / 0", [1, 2], "this constant divides by zero"),
            (
                "x = y\nz = tanh(x) + sinn(x)", [1, 2],
                "'sinn' is not a function; did you mean 'sin'?"
            ),
            (
                "x = y\nx.label = 'a\\x4'", [1, 2],
                "truncated \\x escape: it needs 2 hexadecimal digits"
            ),
        ])
    func independentErrors(_ text: String, _ lines: [Int], _ second: String) throws {
        let error = try #require(errors(text))
        #expect(error.diagnostics.map(\.line) == lines)
        #expect(error.diagnostics.last?.message == second)
    }

    @Test("what only follows from a failed name is not reported: uses, and uses of uses")
    func cascadesStaySilent() throws {
        let text = "x = y\nz = x * 2\nw = z + x\nw += x\nx.label = 'x'\nbackward w"
        let error = try #require(errors(text))
        #expect(error.diagnostics.map(\.line) == [1])
        #expect(error.totalCount == 1)
    }

    @Test("the caret stands under the column as a terminal draws the line: wide characters too")
    func caretAfterWideCharacters() throws {
        let error = try #require(errors("x = Value(1.0, label='中文中文😀') + $"))
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.column == 33)
        // 22 narrow characters, 5 wide ones (10 columns), then 5 more before the '$'.
        #expect(diagnostic.caretLine == String(repeating: " ", count: 37) + "^")
        // A letter with a combining accent is one column, though two characters of the count.
        let combining = try #require(
            errors("x = Value(1.0, label='e\u{301}') + $").flatMap(\.diagnostics.first))
        #expect(combining.column == 30)
        #expect(combining.caretLine == String(repeating: " ", count: 28) + "^")
    }

    @Test("at most 20 errors are shown, then a count of the rest")
    func errorLimit() throws {
        let text = (1...25).map { "x\($0) = undefined\($0)" }.joined(separator: "\n")
        let error = try #require(errors(text))
        #expect(error.diagnostics.count == 20)
        #expect(error.totalCount == 25)
        #expect(error.diagnostics.last?.line == 20)
        #expect(error.description.hasSuffix("test.ag: note: 5 more errors not shown\n"))
    }

    @Test("in a file of thousands of misspelt names, the errors shown still get suggestions")
    func manySuggestions() throws {
        let bindings = (0..<20_000).map { "weight\($0) = 1.0" }
        let uses = (0..<20_000).map { "y\($0) = wieght\($0) * 2" }
        let error = try #require(errors((bindings + uses).joined(separator: "\n")))
        #expect(error.totalCount == 20_000)
        #expect(error.diagnostics.count == 20)
        for (index, diagnostic) in error.diagnostics.enumerated() {
            #expect(
                diagnostic.message
                    == "'wieght\(index)' is not defined; did you mean 'weight\(index)'?")
        }
    }

    @Test("errors about the whole file have no line: nothing to differentiate, not UTF-8")
    func wholeFileErrors() throws {
        for empty in ["", "# only a comment\n\n   \n"] {
            let error = try #require(errors(empty))
            #expect(
                error.description
                    == "test.ag: error: nothing to differentiate: the file makes no values\n")
        }
        let notUTF8 = try #require(errors(Array("x = 1.0\ny = 2".utf8) + [0xFF, 0x0A]))
        #expect(notUTF8.diagnostics[0].line == nil)
        #expect(
            notUTF8.diagnostics[0].message
                == "the file is not UTF-8 text (byte 0xFF at line 2, column 6)")
    }

    @Test("control characters in the shown line are replaced, so a terminal stays sane")
    func controlCharactersReplaced() throws {
        let error = try #require(errors("x = 1.0 \u{1B}[2J"))
        let shown = try #require(error.diagnostics.first?.sourceLine)
        #expect(!shown.unicodeScalars.contains { $0.value == 0x1B })
        #expect(shown.hasPrefix("x = 1.0 \u{FFFD}"))
    }
}
