import AutogradEngine
import AutogradProgram
import AutogradText

/// Writes `--train N`: the loss of each epoch (every one up to 20, then a sample of round
/// epochs and the last), the parameters after the last epoch, and the loss curve as a chart.
///
/// ```
/// training demos/train.ag: 100 epochs of 41 updates, loss 4.8975 → 0.0044
///
/// epoch  loss
///     1  4.89753
///   …
/// ```
///
/// Losses are rounded to `lossDigits` significant digits, which another engine's losses match
/// whatever order it adds a shared weight's gradient terms in (micrograd's own differ from
/// run to run around the 13th digit, as its `_prev` is a set); `--json --train` has every
/// bit. Parameters are written in full (shortest round-trip form).
package enum TrainReport {
    /// The epochs up to which every epoch is listed.
    package static let epochsListed = 20

    /// The most epochs `--train` runs.
    package static let maximumEpochs = 100_000

    /// The significant digits of each loss in the table (`%.6g`).
    package static let lossDigits = 6

    /// Trains `script` for `epochs` epochs and writes the report; `ascii` draws the chart in
    /// ASCII. Returns how many of the file's `assert`s fail (in epoch 1), which the report
    /// ends by naming.
    @discardableResult
    package static func write(
        _ script: Script, epochs: Int, ascii: Bool = false, to output: inout some TextOutputStream
    ) -> Int {
        let training = Training(graph: script.graph, root: script.root, updates: script.updates)
        let result = training.run(epochs: epochs)
        let names = NodeNames(graph: script.graph)
        let first = result.losses.first.map(NumberFormat.fourDecimals) ?? "?"
        let last = result.losses.last.map(NumberFormat.fourDecimals) ?? "?"
        let arrow = ascii ? "->" : "→"
        output.write(
            "training \(NodeNames.printable(script.path)): \(NumberFormat.counted(epochs, "epoch")) of \(NumberFormat.counted(script.updates.count, "update")), loss \(first) \(arrow) \(last)\n\n"
        )
        let width = String(epochs).count
        output.write("\(padded("epoch", width))  loss\n")
        for epoch in shownEpochs(of: epochs) {
            let text = String(epoch).padding(toLeft: max(width, 5))
            let loss = NumberFormat.significant(result.losses[epoch - 1], digits: lossDigits)
            output.write("\(text)  \(loss)\n")
        }
        output.write("\nparameters after epoch \(epochs):\n")
        for (leaf, value) in zip(training.updatedLeaves, result.leafValues) {
            let text = value.isFinite ? TraceJSON.number(value) : NumberFormat.fourDecimals(value)
            output.write("  \(names.name(of: leaf)) = \(text)\n")
        }
        output.write("\nloss per epoch:\n")
        let chart = LossChart(losses: result.losses, style: ascii ? .ascii : .braille)
        for line in chart.lines(width: 64, height: 10) {
            output.write("  " + line.trimmingTrailingSpaces() + "\n")
        }
        let failed = ExpectationResult.results(of: script).filter { !$0.isMet }
        if let first = failed.first {
            output.write(
                "\n\(NumberFormat.counted(failed.count, "assert")) failed in epoch 1, the first \(ExpectationReport.statement(first.expectation, names: names)) (line \(first.expectation.line)), which is \(NumberFormat.fourDecimals(first.actual)): --check says why\n"
            )
        }
        return failed.count
    }

    /// The epochs the table lists: all up to `epochsListed`, then every round step (10, 50,
    /// 100, 500, …) that keeps the rest to about 20 rows, and the last.
    package static func shownEpochs(of epochs: Int) -> [Int] {
        guard epochs > epochsListed else { return Array(stride(from: 1, through: epochs, by: 1)) }
        let rest = epochs - epochsListed
        var step = 10
        var multipliers = [5, 2]
        while rest / step > epochsListed {
            step *= multipliers[0]
            multipliers.reverse()
        }
        var shown = Array(1...epochsListed)
        var epoch = (epochsListed / step + 1) * step
        while epoch < epochs {
            shown.append(epoch)
            epoch += step
        }
        shown.append(epochs)
        return shown
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text.padding(toLeft: max(width, text.count))
    }
}

extension String {
    /// The text right-aligned in `width` columns.
    fileprivate func padding(toLeft width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }

    /// The text without spaces at its end.
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
