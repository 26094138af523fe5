import AutogradEngine

/// Local-derivative formulas for people: an operation's ASCII formula (`k*a^(k-1)`) with its
/// inputs' names put in, in Unicode (`k·xᵏ⁻¹`) or kept in ASCII (`k*x^(k-1)`).
package enum FormulaText {
    /// `∂g/∂x = 1/y, ∂g/∂y = −x/y²` for `operation`, whose node is named `output` (also for
    /// `out` in the formulas) and its inputs `inputs` (the first for `a`, the second for `b`);
    /// `k = 2` follows for an exponent.
    package static func derivatives(
        of operation: Op, output: String, inputs: [String], exponent: Double?, unicode: Bool
    ) -> String {
        let definition = operation.definition
        var parts = definition.derivatives.map(\.formula).enumerated().map { position, formula in
            let name = position < inputs.count ? inputs[position] : "?"
            return "∂\(output)/∂\(name) = "
                + render(formula, inputNames: inputs, output: output, unicode: unicode)
        }
        if let exponent { parts.append("k = \(NumberFormat.compact(exponent))") }
        let text = parts.joined(separator: ", ")
        return unicode ? text : text.replacing("∂", with: "d")
    }

    /// `formula` with `a` and `b` replaced by the inputs' names and `out` by `output`; in
    /// Unicode, `*` becomes `·`, `-` becomes `−`, and `^2` or `^(k-1)` a superscript where
    /// every character has one.
    package static func render(
        _ formula: String, inputNames: [String], output: String = "out", unicode: Bool
    ) -> String {
        let named = substitute(formula, inputNames: inputNames, output: output)
        return unicode ? prettified(named) : named
    }

    /// The formula with each whole word `a` or `b` replaced by the input's name, and `out` by
    /// the output's.
    private static func substitute(_ formula: String, inputNames: [String], output: String)
        -> String
    {
        var result = ""
        var word = ""
        func flush() {
            switch word {
            case "a" where !inputNames.isEmpty: result += inputNames[0]
            case "b" where inputNames.count > 1: result += inputNames[1]
            case "out": result += output
            default: result += word
            }
            word = ""
        }
        for character in formula {
            if character.isLetter || character.isNumber || character == "_" || character == "#" {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    private static func prettified(_ text: String) -> String {
        var result = ""
        var characters = Substring(text)
        while let character = characters.popFirst() {
            switch character {
            case "*": result += "·"
            case "-": result += "−"
            case "^":
                let exponent: Substring
                if characters.first == "(", let close = characters.firstIndex(of: ")") {
                    exponent = characters[characters.index(after: characters.startIndex)..<close]
                    characters = characters[characters.index(after: close)...]
                } else {
                    let end = characters.firstIndex { !$0.isLetter && !$0.isNumber }
                    exponent = characters[..<(end ?? characters.endIndex)]
                    characters = characters[(end ?? characters.endIndex)...]
                }
                let raised = exponent.map { superscripts[$0] }
                if raised.allSatisfy({ $0 != nil }) {
                    result += raised.compactMap { $0 }
                } else {
                    result += "^(" + prettified(String(exponent)) + ")"
                }
            default: result.append(character)
            }
        }
        return result
    }

    /// The characters that have a superscript form.
    private static let superscripts: [Character: Character] = Dictionary(
        uniqueKeysWithValues: zip(
            "0123456789-+abcdefghijklmnoprstuvwxyz",
            "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"))
}
