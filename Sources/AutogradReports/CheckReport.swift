import AutogradEngine
import AutogradProgram
import AutogradText

/// Writes `--check`: the finite-difference gradient check of every input (leaf or constant)
/// as a table.
package enum CheckReport {
    /// The outcome: the table was written, and whether any leaf mismatched.
    package struct Outcome: Sendable, Equatable {
        /// How many inputs (leaves and constants) were checked.
        package let checked: Int
        /// How many agreed within the tolerance.
        package let agreeing: Int
        /// How many mismatched.
        package let mismatching: Int
        /// How many sit at a kink or have non-finite values, so cannot be compared.
        package let incomparable: Int
    }

    /// How many node values the check may re-evaluate, summed over the inputs it checks
    /// (each a few dozen times): a few seconds at most. A bigger graph has evenly spaced
    /// inputs checked, and says how many.
    package static let budget = 20_000_000

    /// Checks every input of `script` (evenly spaced ones, past `budget`) and writes the table
    /// to `output`.
    @discardableResult
    package static func write(_ script: Script, to output: inout some TextOutputStream) -> Outcome {
        let graph = script.graph
        let names = NodeNames(graph: graph)
        let order = graph.topologicalOrder(from: script.root)
        let check = GradientCheck(graph: graph, root: script.root, order: order)
        let inputs = check.leaves.count
        let chosen = check.leaves(within: budget)
        let results = check.run(
            gradients: graph.backward(from: script.root, order: order), leaves: chosen)

        output.write(
            "gradient check of \(names.name(of: script.root)) in \(NodeNames.printable(script.path)): "
        )
        output.write("central differences extrapolated by Ridders' method, which estimates ")
        output.write("its own error (±); tolerance \(check.tolerance)\n\n")
        var rows = [["input", "value", "analytic", "numeric", "±", "error", ""]]
        for result in results {
            rows.append([
                names.name(of: result.leaf), NumberFormat.fourDecimals(result.value),
                NumberFormat.significant(result.analytic, digits: 12),
                NumberFormat.significant(result.numeric, digits: 12),
                NumberFormat.significant(result.errorEstimate, digits: 2),
                NumberFormat.significant(result.error, digits: 2), verdictText(result.verdict),
            ])
        }
        TextTable.write(rows, to: &output)
        let outcome = Outcome(
            checked: results.count,
            agreeing: results.count { $0.verdict == .agrees },
            mismatching: results.count { $0.verdict == .mismatch },
            incomparable: results.count { [.kink, .notFinite, .imprecise].contains($0.verdict) })
        output.write(
            "\n\(NumberFormat.counted(outcome.checked, "input")): \(outcome.agreeing) agree, ")
        output.write(
            "\(outcome.mismatching) mismatch, \(outcome.incomparable) cannot be compared\n")
        if chosen.count < inputs {
            output.write(
                "checked \(chosen.count) of the \(inputs) inputs, evenly spaced: checking each "
                    + "re-evaluates the nodes after it, and all of them would take too long; the "
                    + "others are not compared\n")
        }
        return outcome
    }

    private static func verdictText(_ verdict: GradientCheck.Verdict) -> String {
        switch verdict {
        case .agrees: "ok"
        case .mismatch: "MISMATCH"
        case .kink: "at a kink (relu/abs input crosses 0): not comparable"
        case .notFinite: "not finite: not comparable"
        case .imprecise: "the numerical derivative is too imprecise to judge: not comparable"
        }
    }
}
