import AutogradEngine
import AutogradProgram

/// The `assert` statements of a file in words, for `--check` and the debugger: what was
/// expected, what the backward pass gives, and for a gradient, the contributions it adds up
/// (`45 = 20 via c + 25 via d`), so a hand derivation can be compared term by term.
package enum ExpectationReport {
    /// The statement as written in the file's names: `a.grad == 35`, `abs(a.data - 2) < 1e-06`.
    package static func statement(_ expectation: Expectation, names: NodeNames) -> String {
        let subject = "\(names.name(of: expectation.node)).\(expectation.field.rawValue)"
        switch expectation.comparison {
        case .equals(let value):
            return "\(subject) == \(NumberFormat.compact(value))"
        case .within(let bound, let value):
            return
                "abs(\(subject) - \(NumberFormat.compact(value))) < \(NumberFormat.compact(bound))"
        }
    }

    /// A gradient expectation's number as the sum of what each user gave it:
    /// `20.0000 via c + 25.0000 via d`.
    package static func parts(of result: ExpectationResult, names: NodeNames) -> String {
        if result.isRoot { return "1 (the seed)" }
        guard !result.contributions.isEmpty else {
            return "nothing: the root does not depend on it"
        }
        return result.contributions.map {
            "\(NumberFormat.fourDecimals($0.contribution.delta)) via \(names.name(of: $0.user))"
        }.joined(separator: " + ")
    }

    /// Writes every expectation of `script` with its outcome to `output`; returns how many
    /// failed. Writes nothing for a file without `assert`s.
    @discardableResult
    package static func write(_ script: Script, to output: inout some TextOutputStream) -> Int {
        let results = ExpectationResult.results(of: script)
        guard !results.isEmpty else { return 0 }
        let names = NodeNames(graph: script.graph)
        output.write("\nexpectations (assert), after the backward pass:\n\n")
        var rows = [["line", "assert", "actual", ""]]
        for result in results {
            let expectation = result.expectation
            var outcome = result.isMet ? "ok" : "FAILED"
            if !result.isMet, expectation.field == .grad {
                outcome +=
                    ": \(NumberFormat.fourDecimals(result.actual)) = "
                    + parts(of: result, names: names)
            }
            rows.append([
                String(expectation.line), statement(expectation, names: names),
                NumberFormat.fourDecimals(result.actual), outcome,
            ])
        }
        TextTable.write(rows, to: &output)
        let failed = results.count { !$0.isMet }
        output.write(
            "\n\(NumberFormat.counted(results.count, "expectation")): \(results.count - failed) met, \(failed) failed\n"
        )
        return failed
    }
}
