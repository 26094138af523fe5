import AutogradEngine
import AutogradText
import Foundation
import Testing

@Suite("Derivative formulas for people")
struct FormulaTextTests {
    @Test("inputs are named, * and - and ^ become · − and superscripts in Unicode")
    func unicode() {
        #expect(FormulaText.render("k*a^(k-1)", inputNames: ["x"], unicode: true) == "k·xᵏ⁻¹")
        #expect(FormulaText.render("-a/b^2", inputNames: ["xw", "b"], unicode: true) == "−xw/b²")
        #expect(FormulaText.render("1 - out^2", inputNames: ["n"], unicode: true) == "1 − out²")
    }

    @Test("ASCII keeps the formula as written, names put in")
    func ascii() {
        #expect(FormulaText.render("k*a^(k-1)", inputNames: ["x"], unicode: false) == "k*x^(k-1)")
        #expect(FormulaText.render("-a/b^2", inputNames: ["p", "q"], unicode: false) == "-p/q^2")
    }

    @Test("an exponent with a character that has no superscript stays in ^( )")
    func noSuperscript() {
        #expect(
            FormulaText.render("b*a^(b-1)", inputNames: ["q1", "q2"], unicode: true)
                == "q2·q1^(q2−1)")
    }

    @Test("only the whole words a and b are inputs: ln, sign, at and out stay")
    func wholeWords() {
        #expect(
            FormulaText.render("sign(a), 0 at 0", inputNames: ["x"], unicode: true)
                == "sign(x), 0 at 0")
        #expect(FormulaText.render("b*a^(b-1)", inputNames: ["x", "y"], unicode: true) == "y·xʸ⁻¹")
        #expect(
            FormulaText.render("out*ln a", inputNames: ["y"], output: "g", unicode: true)
                == "g·ln y")
    }

    @Test("one line per operation: each input's derivative, then the exponent")
    func derivativeLines() {
        #expect(
            FormulaText.derivatives(
                of: .divide, output: "q", inputs: ["x", "y"], exponent: nil, unicode: true)
                == "∂q/∂x = 1/y, ∂q/∂y = −x/y²")
        #expect(
            FormulaText.derivatives(
                of: .power, output: "L", inputs: ["o"], exponent: 2, unicode: true)
                == "∂L/∂o = k·oᵏ⁻¹, k = 2")
        #expect(
            FormulaText.derivatives(
                of: .tanh, output: "o", inputs: ["n"], exponent: nil, unicode: false)
                == "do/dn = 1 - o^2")
        // The names the issue found clashing: g = y ** x in every_op.ag.
        #expect(
            FormulaText.derivatives(
                of: .nodePower, output: "g", inputs: ["y", "x"], exponent: nil, unicode: true)
                == "∂g/∂y = x·yˣ⁻¹, ∂g/∂x = g·ln y")
    }

    @Test("every operation's formulas render in Unicode without a caret and in pure ASCII")
    func everyOperation() {
        for operation in Op.allCases where operation.arity > 0 {
            let exponent: Double? = operation.hasExponent ? 3 : nil
            let pretty = FormulaText.derivatives(
                of: operation, output: "z", inputs: ["x", "y"], exponent: exponent, unicode: true)
            let plain = FormulaText.derivatives(
                of: operation, output: "z", inputs: ["x", "y"], exponent: exponent, unicode: false)
            #expect(!pretty.contains("^"), "\(operation): \(pretty)")
            #expect(plain.allSatisfy { $0.isASCII }, "\(operation): \(plain)")
            #expect(pretty.ranges(of: "∂z/∂").count == operation.arity)
        }
    }

    @Test("the language reference lists every operation with the derivatives the engine uses")
    func languageReference() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/language.md")
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        for operation in Op.allCases where operation.arity > 0 {
            let row = rows.first { $0.hasPrefix("| `\(operation.spelling)` |") }
            let formulas = operation.definition.derivatives.map {
                FormulaText.render($0.formula, inputNames: ["a", "b"], unicode: true)
            }
            #expect(
                row?.hasSuffix("| \(formulas.joined(separator: ", ")) |") == true,
                "docs/language.md: \(operation.spelling) should list \(formulas)")
        }
    }
}
