import AutogradText

/// The loss curve pane, in place of the source pane while it is shown (`L`): the root's value
/// per epoch computed so far (per capture, on someone's engine), the current epoch's column
/// highlighted.
struct LossPane {
    let context: PaneContext

    func draw(in rect: Rect, into grid: inout Grid) {
        let session = context.session
        let losses = session.lossCurve
        let current = session.lossCurveEpoch
        let last = losses.last.map(context.number) ?? "?"
        let unit = session.capture == nil ? "epoch" : "capture"
        context.drawHeader(
            "loss: \(unit) \(current) \(context.number(losses[safe: current - 1] ?? .nan)), last \(last)",
            in: rect, into: &grid)
        guard rect.height > 1, rect.width > 2 else { return }
        let chart = LossChart(losses: losses, style: context.glyphs == .ascii ? .ascii : .braille)
        let width = rect.width - 2
        let height = rect.height - 1
        for (offset, line) in chart.lines(width: width, height: height).enumerated() {
            grid.write(
                line, column: rect.x + 1, row: rect.y + 1 + offset, style: context.theme.final)
        }
        if let column = chart.column(ofEpoch: current, width: width, height: height) {
            for row in (rect.y + 1)..<(rect.y + rect.height) {
                grid.restyle(row: row, columns: (rect.x + 1 + column)..<(rect.x + 2 + column)) {
                    $0 = context.theme.changedNow
                }
            }
        }
    }
}

extension Array {
    /// The element at `index`, `nil` outside the array.
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
