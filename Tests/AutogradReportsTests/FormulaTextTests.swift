import AutogradEngine
import AutogradReports
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
        #expect(FormulaText.render("a^b*ln a", inputNames: ["x", "y"], unicode: true) == "xʸ·ln x")
    }

    @Test("one line per operation: each input's derivative, then the exponent")
    func derivativeLines() {
        #expect(
            FormulaText.derivatives(
                of: .divide, inputNames: ["x", "y"], exponent: nil, unicode: true)
                == "∂/∂x = 1/y, ∂/∂y = −x/y²")
        #expect(
            FormulaText.derivatives(of: .power, inputNames: ["x"], exponent: 2, unicode: true)
                == "∂/∂x = k·xᵏ⁻¹, k = 2")
        #expect(
            FormulaText.derivatives(of: .tanh, inputNames: ["x"], exponent: nil, unicode: false)
                == "d/dx = 1 - out^2")
    }

    @Test("every operation's formulas render in Unicode without a caret and in pure ASCII")
    func everyOperation() {
        for operation in Op.allCases where operation.arity > 0 {
            let exponent: Double? = operation.hasExponent ? 3 : nil
            let pretty = FormulaText.derivatives(
                of: operation, inputNames: ["x", "y"], exponent: exponent, unicode: true)
            let plain = FormulaText.derivatives(
                of: operation, inputNames: ["x", "y"], exponent: exponent, unicode: false)
            #expect(!pretty.contains("^"), "\(operation): \(pretty)")
            #expect(plain.allSatisfy { $0.isASCII }, "\(operation): \(plain)")
            #expect(pretty.ranges(of: "∂/∂").count == operation.arity)
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
