/// The root's value per epoch of a training loop (the loss curve) as a small line chart of
/// text: the debugger's chart pane draws it, and `--train` prints it under its loss table.
///
/// The layout, for the losses 1.0, 0.5, 0.25, 0.125 in braille, 16 columns by 5 lines:
///
/// ```
/// 1.0000 ┤⠱⡀
///        │ ⠘⡄
///        │  ⠘⠢⡀
/// 0.1250 ┤    ⠈⠒⠤⣀
///        └1──────4
/// ```
///
/// - The **y-axis** is a gutter at the left: the highest finite loss (`NumberFormat.fourDecimals`)
///   on the top row, the lowest on the bottom row, right-aligned, then a space and `┤` on those
///   rows, `│` on the rows between. A constant series has one label, on the row of its line.
/// - The **x-axis** is the last line: `└` below the y-axis, then the plot's width of `─` with
///   the first epoch (`1`) under the first column and the last (`N`) ending under the last.
/// - The **plot** takes the rest: the lowest loss on the bottom dot row, the highest on the top.
///   With no more losses than dot columns, the epochs are spread evenly from the first column
///   to the last (epoch `i` of `N` at dot column `round(i × (dots - 1) / (N - 1))`, counting
///   from 0) and joined by straight lines. With more, each dot column covers an even share of
///   the epochs and draws the span from the share's lowest loss to its highest, so a one-epoch
///   spike survives. Where one column's dots do not touch the last column's, the column's
///   span reaches on to the dot row next to it, so the line stays unbroken.
/// - NaN and the infinities are left out of the scale and of the line, which breaks around
///   them; their column carries `?` on the plot's top row.
///
/// The styles draw the plot in 2 × 4 braille dots a cell, in bars of `▁▂▃▄▅▆▇█` (one column a
/// cell, eight levels a row, filled from the bottom to the share's highest loss), or in ASCII
/// (`'`, `-`, `.` for a dot at the top, middle or bottom third of a cell, `|` for more than
/// one; `+`, `|`, `-` for the axes).
///
/// Small sizes give up parts in order: the y-axis goes when the plot would be narrower than the
/// gutter or shorter than two rows, the x-axis when the height is one line, the epoch labels
/// when they do not fit. No losses, or no finite one, give one line that says so instead.
package struct LossChart: Sendable, Equatable {
    /// How the plot is drawn: in braille dots (the default in a Unicode terminal), block bars,
    /// or printable ASCII (with `--ascii`).
    package enum Style: Sendable, Equatable, CaseIterable {
        /// 2 × 4 dots a cell, from the braille block at U+2800.
        case braille
        /// A bar a column, eight levels a row, from `▁` to `█`.
        case blocks
        /// `'`, `-`, `.` and `|` in a plot framed by `+`, `|` and `-`.
        case ascii
    }

    /// The root's value after each epoch, the first epoch first.
    package let losses: [Double]
    /// How the plot is drawn.
    package let style: Style

    /// A chart of `losses`, epoch 1 first, drawn in `style`.
    package init(losses: [Double], style: Style = .braille) {
        self.losses = losses
        self.style = style
    }

    /// The chart in at most `height` lines of exactly `width` display columns each: `height`
    /// lines for a chart, one line for a series with nothing to draw, none when either size is
    /// zero or less.
    package func lines(width: Int, height: Int) -> [String] {
        guard width > 0, height > 0 else { return [] }
        guard let scale = Scale(losses) else { return [message(width: width)] }
        let layout = Layout(chart: self, scale: scale, width: width, height: height)
        let plot = Plot(chart: self, layout: layout, scale: scale)
        var lines: [String] = []
        for row in 0..<layout.rows {
            lines.append(layout.gutter(row: row, glyphs: glyphs) + plot.text(row: row))
        }
        if layout.hasEpochAxis {
            lines.append(layout.epochAxis(glyphs: glyphs))
        }
        return lines
    }

    /// The display column, counting from 0, of the cell that draws `epoch` (counting from 1) in
    /// the chart `lines(width:height:)` gives, for the screen to highlight; `nil` when the
    /// epoch is not in the series or the chart is a message.
    package func column(ofEpoch epoch: Int, width: Int, height: Int) -> Int? {
        guard width > 0, height > 0, losses.indices.contains(epoch - 1),
            let scale = Scale(losses)
        else { return nil }
        let layout = Layout(chart: self, scale: scale, width: width, height: height)
        return layout.gutterWidth + layout.dotColumn(ofIndex: epoch - 1) / layout.dotsAcross
    }

    /// The line that stands in for a chart with nothing to draw, cut or padded to `width`.
    private func message(width: Int) -> String {
        let text =
            losses.isEmpty
            ? "no losses yet"
            : "no finite loss in \(NumberFormat.counted(losses.count, "epoch"))"
        let cut = String(text.prefix(width))
        return cut + String(repeating: " ", count: width - cut.count)
    }

    private var glyphs: AxisGlyphs {
        style == .ascii
            ? AxisGlyphs(tick: "+", rule: "|", corner: "+", axis: "-")
            : AxisGlyphs(tick: "┤", rule: "│", corner: "└", axis: "─")
    }
}

/// The characters the axes are drawn with.
private struct AxisGlyphs {
    let tick: String
    let rule: String
    let corner: String
    let axis: String
}

/// The finite losses' range, and where a loss falls in a number of dot rows.
private struct Scale {
    let low: Double
    let high: Double

    /// The range of the finite values of `losses`; `nil` when there are none.
    init?(_ losses: [Double]) {
        var low = Double.infinity
        var high = -Double.infinity
        for loss in losses where loss.isFinite {
            low = min(low, loss)
            high = max(high, loss)
        }
        guard low <= high else { return nil }
        self.low = low
        // A spread of a few rounding errors is a constant series, not a range to stretch
        // over the whole height.
        let scale = Swift.max(Swift.abs(low), Swift.abs(high))
        self.high = high - low <= 1e-12 * scale ? low : high
    }

    /// The dot row of finite `value` among `rows` rows counted from 0 at the bottom: `low` at
    /// 0, `high` at the top, rounded to the nearest; the middle row, rounding down, for a
    /// constant series.
    func level(_ value: Double, rows: Int) -> Int {
        guard high > low else { return (rows - 1) / 2 }
        let fraction = (value / 2 - low / 2) / (high / 2 - low / 2)
        guard fraction.isFinite else { return 0 }
        return min(rows - 1, max(0, Int((fraction * Double(rows - 1)).rounded())))
    }
}

/// Where the parts of a chart go in a size.
private struct Layout {
    /// Dot columns and dot rows in a cell.
    let dotsAcross: Int
    let dotsDown: Int
    /// Plot rows and plot columns, in cells.
    let rows: Int
    let columns: Int
    let hasEpochAxis: Bool
    /// The y-axis labels of the top and bottom rows, or of the one row of a constant series;
    /// empty without a y-axis.
    let labels: [Int: String]
    let labelWidth: Int
    let gutterWidth: Int
    let epochs: Int

    init(chart: LossChart, scale: Scale, width: Int, height: Int) {
        switch chart.style {
        case .braille: (dotsAcross, dotsDown) = (2, 4)
        case .blocks: (dotsAcross, dotsDown) = (1, 8)
        case .ascii: (dotsAcross, dotsDown) = (1, 3)
        }
        epochs = chart.losses.count
        hasEpochAxis = height >= 2
        rows = hasEpochAxis ? height - 1 : height
        var labels: [Int: String] = [:]
        if scale.high > scale.low {
            labels[0] = NumberFormat.fourDecimals(scale.high)
            labels[rows - 1] = NumberFormat.fourDecimals(scale.low)
        } else {
            let dots = rows * dotsDown
            let level = scale.level(scale.low, rows: dots)
            labels[(dots - 1 - level) / dotsDown] = NumberFormat.fourDecimals(scale.low)
        }
        let labelWidth = labels.values.map(\.count).max() ?? 0
        let gutterWidth = labelWidth + 2
        if rows >= 2, width - gutterWidth >= gutterWidth {
            self.labels = labels
            self.labelWidth = labelWidth
            self.gutterWidth = gutterWidth
        } else {
            self.labels = [:]
            self.labelWidth = 0
            self.gutterWidth = 0
        }
        columns = width - self.gutterWidth
    }

    var dotColumns: Int { columns * dotsAcross }
    var dotRows: Int { rows * dotsDown }

    /// Whether each dot column covers a share of the epochs, rather than epochs being spread
    /// over the dot columns.
    var isResampled: Bool { epochs > dotColumns }

    /// The first epoch index of dot column `column`'s share, when resampled.
    func shareStart(_ column: Int) -> Int {
        column * epochs / dotColumns
    }

    /// The dot column that draws the epoch at `index`, counting from 0.
    func dotColumn(ofIndex index: Int) -> Int {
        if isResampled { return ((index + 1) * dotColumns - 1) / epochs }
        guard epochs > 1 else { return 0 }
        return (2 * index * (dotColumns - 1) + epochs - 1) / (2 * (epochs - 1))
    }

    /// The y-axis part of plot row `row`, counting from 0 at the top.
    func gutter(row: Int, glyphs: AxisGlyphs) -> String {
        guard gutterWidth > 0 else { return "" }
        guard let label = labels[row] else {
            return String(repeating: " ", count: labelWidth + 1) + glyphs.rule
        }
        return String(repeating: " ", count: labelWidth - label.count) + label + " " + glyphs.tick
    }

    /// The x-axis line: the corner under the y-axis, then the axis with the first and last
    /// epoch at its ends when they fit.
    func epochAxis(glyphs: AxisGlyphs) -> String {
        let corner =
            gutterWidth > 0 ? String(repeating: " ", count: labelWidth + 1) + glyphs.corner : ""
        let last = epochs > 1 ? String(epochs) : ""
        let fits = epochs > 1 ? columns >= last.count + 2 : columns >= 1
        guard fits else { return corner + String(repeating: glyphs.axis, count: columns) }
        let rule = String(repeating: glyphs.axis, count: columns - 1 - last.count)
        return corner + "1" + rule + last
    }
}

/// A span of dot rows, counted from 0 at the bottom.
private struct Span {
    var low: Int
    var high: Int

    mutating func include(_ row: Int) {
        low = min(low, row)
        high = max(high, row)
    }
}

/// The plot's cells: which dot rows each dot column covers, and which columns hold a NaN or
/// an infinity.
private struct Plot {
    let style: LossChart.Style
    let layout: Layout
    /// The dot rows drawn in each dot column, `nil` where nothing is.
    let spans: [Span?]
    /// The plot columns, in cells, that draw a loss that is not finite.
    let flagged: Set<Int>

    init(chart: LossChart, layout: Layout, scale: Scale) {
        style = chart.style
        self.layout = layout
        let losses = chart.losses
        let dotRows = layout.dotRows
        var spans = [Span?](repeating: nil, count: layout.dotColumns)
        var flagged = Set<Int>()
        func include(_ value: Double, at column: Int) {
            let row = scale.level(value, rows: dotRows)
            if spans[column] == nil {
                spans[column] = Span(low: row, high: row)
            } else {
                spans[column]?.include(row)
            }
        }
        if layout.isResampled {
            for column in 0..<layout.dotColumns {
                for loss in losses[layout.shareStart(column)..<layout.shareStart(column + 1)] {
                    if loss.isFinite {
                        include(loss, at: column)
                    } else {
                        flagged.insert(column / layout.dotsAcross)
                    }
                }
            }
        } else {
            for (index, loss) in losses.enumerated() {
                let column = layout.dotColumn(ofIndex: index)
                guard loss.isFinite else {
                    flagged.insert(column / layout.dotsAcross)
                    continue
                }
                include(loss, at: column)
                guard index > 0, losses[index - 1].isFinite else { continue }
                let previous = layout.dotColumn(ofIndex: index - 1)
                for between in stride(from: previous + 1, to: column, by: 1) {
                    let t = Double(between - previous) / Double(column - previous)
                    include(losses[index - 1] * (1 - t) + loss * t, at: between)
                }
            }
        }
        self.spans = style == .blocks ? spans : Plot.joined(spans)
        self.flagged = flagged
    }

    /// `spans` with each one reaching to the dot row next to the span before it, where the two
    /// would not touch.
    private static func joined(_ spans: [Span?]) -> [Span?] {
        var joined = spans
        for column in spans.indices.dropFirst() {
            guard let previous = spans[column - 1], var span = spans[column] else { continue }
            if span.low > previous.high + 1 { span.low = previous.high + 1 }
            if span.high < previous.low - 1 { span.high = previous.low - 1 }
            joined[column] = span
        }
        return joined
    }

    /// The plot's cells on row `row`, counting from 0 at the top.
    func text(row: Int) -> String {
        var text = ""
        for column in 0..<layout.columns {
            if row == 0, flagged.contains(column) {
                text += "?"
            } else if style == .blocks {
                text += bar(column: column, row: row)
            } else {
                text += dots(column: column, row: row)
            }
        }
        return text
    }

    /// The block of the bar in `column` on `row`: filled eighths from the cell's bottom.
    private func bar(column: Int, row: Int) -> String {
        guard let span = spans[column] else { return " " }
        let below = (layout.rows - 1 - row) * layout.dotsDown
        let filled = min(layout.dotsDown, max(0, span.high + 1 - below))
        return filled == 0 ? " " : Plot.bars[filled - 1]
    }

    private static let bars = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The braille or ASCII character of the dots in the cell at `column` and `row`.
    private func dots(column: Int, row: Int) -> String {
        var bits: UInt32 = 0
        for across in 0..<layout.dotsAcross {
            guard let span = spans[column * layout.dotsAcross + across] else { continue }
            for down in 0..<layout.dotsDown {
                let level = layout.dotRows - 1 - (row * layout.dotsDown + down)
                if (span.low...span.high).contains(level) {
                    bits |= Plot.bit(across: across, down: down, style: style)
                }
            }
        }
        guard bits != 0 else { return " " }
        if style == .braille {
            return Unicode.Scalar(0x2800 + bits).map { String(Character($0)) } ?? "?"
        }
        switch bits {
        case 1: return "'"
        case 2: return "-"
        case 4: return "."
        default: return "|"
        }
    }

    /// The bit of a dot in a cell: braille's dot numbering (1 2 3 7 down the left, 4 5 6 8
    /// down the right), or 1, 2, 4 from the top in ASCII.
    private static func bit(across: Int, down: Int, style: LossChart.Style) -> UInt32 {
        guard style == .braille else { return 1 << UInt32(down) }
        let left: [UInt32] = [0x01, 0x02, 0x04, 0x40]
        let right: [UInt32] = [0x08, 0x10, 0x20, 0x80]
        return across == 0 ? left[down] : right[down]
    }
}
