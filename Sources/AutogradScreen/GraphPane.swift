import AutogradCapture
import AutogradEngine
import AutogradText

/// The graph pane: one row per node in firing order, edges in lanes at the left, then
/// aligned columns of name, expression, data and gradient, and what this step adds.
struct GraphPane {
    let context: PaneContext

    static let numberWidth = 11
    /// Columns kept after the number columns for the note (`+= 0.3696`, `→ #345`).
    static let noteRoom = 8

    /// The widest the expression column grows: room for two names and an operator (`a * b`)
    /// as wide as the name column allows, 18 to 24 columns.
    static func widestExpression(longestName: Int) -> Int {
        min(24, max(18, 2 * longestName + 3))
    }

    /// The width the expression column is promised before lanes take the rest: its widest,
    /// at most a quarter of the pane (20 at 80 columns, 24 from 96).
    static func promisedExpressionWidth(paneWidth: Int, longestName: Int) -> Int {
        min(widestExpression(longestName: longestName), paneWidth / 4)
    }

    /// How many lanes a pane `paneWidth` wide gives the DAG: what is left once the name
    /// column (`nameWidth(paneWidth:longestName:)`), the promised expression width, the
    /// number columns and the note's room are taken, at most a third of the pane and 16,
    /// at least 2. Edges beyond the budget become references named at both ends.
    static func laneBudget(paneWidth: Int, longestName: Int, numberColumns: Int) -> Int {
        let name = nameWidth(paneWidth: paneWidth, longestName: longestName)
        // Margin and marks (3), the final mark and its gaps (3), the gaps around the name (4).
        let fixed =
            10 + name + promisedExpressionWidth(paneWidth: paneWidth, longestName: longestName)
            + numberColumns * (numberWidth + 2) + noteRoom
        return max(2, min(16, paneWidth / 6, (paneWidth - fixed) / 2))
    }

    /// The name column's width: the longest name, at most a sixth of the pane (at least 6).
    static func nameWidth(paneWidth: Int, longestName: Int) -> Int {
        min(longestName, max(6, paneWidth / 6))
    }

    func draw(in rect: Rect, into grid: inout Grid) {
        let session = context.session
        let layout = session.layout
        let columns = Columns(
            rect: rect, laneCount: session.isFolded ? 1 : layout.laneCount,
            nameWidth: nameWidth(rect),
            widestExpression: Self.widestExpression(longestName: session.nameColumnWidth),
            showsYours: session.capture != nil)
        let title = session.isFolded ? "graph by line" : "graph"
        context.drawHeader(title, in: rect, into: &grid)
        let headerRow = rect.y
        let titleEnd = rect.x + title.count + 4
        if columns.expression.count >= 12, columns.expression.lowerBound > titleEnd {
            grid.write(
                " expression ", column: columns.expression.lowerBound - 1, row: headerRow,
                style: context.theme.header)
        }
        grid.write(
            " " + rightAligned("data", Self.numberWidth) + " ", column: columns.data - 1,
            row: headerRow, style: context.theme.header)
        grid.write(
            " " + rightAligned("grad", Self.numberWidth) + " ", column: columns.grad - 1,
            row: headerRow, style: context.theme.header)
        if let yours = columns.yours {
            grid.write(
                " " + rightAligned("yours", Self.numberWidth) + " ", column: yours - 1,
                row: headerRow, style: context.theme.header)
        }

        let deltas = context.currentContributions
        let execution = session.executionNode
        for offset in 0..<(rect.height - 1) {
            let row = session.scrollRow + offset
            guard row < session.rowCount else { break }
            let y = rect.y + 1 + offset
            switch session.graphRow(at: row) {
            case .node(let node):
                drawRow(
                    of: node, at: y, columns: columns, deltas: deltas, execution: execution,
                    into: &grid)
            case .fold(let fold):
                drawFold(fold, at: y, in: rect, columns: columns, into: &grid)
            }
            if row == session.selectedRow {
                grid.restyle(row: y, columns: rect.x..<(rect.x + rect.width)) { $0.reverse = true }
            }
        }
    }

    private func drawRow(
        of node: NodeID, at y: Int, columns: Columns, deltas: [NodeID: Double],
        execution: NodeID, into grid: inout Grid
    ) {
        let session = context.session
        let theme = context.theme
        let layout = session.layout
        let row = layout.row(of: node)
        let isUnused = row >= layout.reachableRowCount
        let isExecution = node == execution
        if session.breakpoints.contains(node) {
            grid.write(
                String(context.marks.breakpoint), column: columns.x, row: y, style: theme.breakpoint
            )
        }
        if isExecution {
            grid.write(
                String(context.marks.execution), column: columns.x + 1, row: y,
                style: theme.execution)
        }
        let rowStyle = isUnused ? theme.unused : (isExecution ? theme.execution : Style.plain)
        // Folded, a node's row is indented under its fold's, and has no lanes: its
        // neighbours are not its inputs.
        if !session.isFolded {
            grid.write(
                layout.text(ofRow: row, glyphs: context.glyphs), column: columns.lanes, row: y,
                style: rowStyle)
        }

        let isFinal = session.stepper.isGradientFinal(node) && !isUnused
        grid.write(
            String(isFinal ? context.marks.final : context.marks.pending),
            column: columns.finalMark, row: y,
            style: isFinal ? theme.final : theme.faint)
        grid.write(
            Self.fitted(context.names.name(of: node), width: columns.nameWidth),
            column: columns.name, row: y, style: rowStyle, limit: columns.name + columns.nameWidth)
        if columns.expression.count >= 4 {
            grid.write(
                expression(of: node), column: columns.expression.lowerBound, row: y,
                style: isUnused ? theme.unused : theme.faint, limit: columns.expression.upperBound)
        }
        drawValue(
            of: node, isExecution: isExecution, rowStyle: rowStyle, at: columns.data, y, &grid)
        let gradient = session.stepper.gradients[node]
        let gradientStyle =
            isUnused
            ? theme.unused : context.gradientStyle(of: node, changedNow: deltas[node] != nil)
        grid.write(
            rightAligned(context.number(gradient), Self.numberWidth), column: columns.grad, row: y,
            style: gradientStyle)

        if let yours = columns.yours, let capture = session.capture {
            drawYours(of: node, capture: capture, at: yours, row: y, into: &grid)
        }

        let noteStyle = deltas[node] != nil ? theme.changedNow : theme.faint
        var note: [TextPiece] = []
        if isUnused {
            note.append(.prose("unused", noteStyle))
        } else if let delta = deltas[node], session.currentStep > 0 {
            note.append(.whole("+= \(context.number(delta))", noteStyle))
        }
        if let failed = session.failedExpectations(of: node).first {
            if !note.isEmpty { note.append(.prose("  ")) }
            note.append(
                .whole(
                    "\(context.marks.wrong) assert \(failed.expectation.field.rawValue) == \(NumberFormat.compact(failed.expectation.expected))",
                    theme.problem))
        }
        let references =
            session.isFolded ? [] : layout.references(ofRow: row, glyphs: context.glyphs)
        for reference in references {
            note.append(.prose(note.isEmpty ? "" : note.count == 1 ? "  " : " ", noteStyle))
            note.append(.whole(reference, noteStyle))
        }
        grid.write(note, column: columns.note, row: y)
    }

    /// The node's value at this point of the epoch: `?` before the forward pass computes it,
    /// highlighted on the step that computes or updates it; NaN and infinities stand out.
    private func drawValue(
        of node: NodeID, isExecution: Bool, rowStyle: Style, at column: Int, _ y: Int,
        _ grid: inout Grid
    ) {
        let theme = context.theme
        guard let value = context.session.timeline.value(of: node) else {
            grid.write(
                rightAligned("?", Self.numberWidth), column: column, row: y, style: theme.untouched)
            return
        }
        let changes = isExecution && !context.session.isInBackwardPass
        let style = !value.isFinite ? theme.problem : changes ? theme.changedNow : rowStyle
        grid.write(
            rightAligned(context.number(value), Self.numberWidth), column: column, row: y,
            style: style)
    }

    /// The engine's own final grad of `node`, then `✗` where it differs from the correct one,
    /// or the engine's operation where autograd-tui could not replay it.
    private func drawYours(
        of node: NodeID, capture: CapturedRun, at column: Int, row y: Int, into grid: inout Grid
    ) {
        let theme = context.theme
        let review = capture.review
        let yours = review.engineGrad(of: node)
        let correct = review.correctGradients[node]
        let agreesNumerically = yours.double.map { Tolerance.agrees($0, correct) } == true
        let agrees = !review.judgesGrad(of: node) || agreesNumerically
        let text =
            switch yours {
            case .number(let value): context.number(value)
            case .notANumber(let repr): repr
            }
        grid.write(
            rightAligned(String(text.prefix(Self.numberWidth)), Self.numberWidth), column: column,
            row: y, style: agrees ? theme.faint : theme.problem)
        if case .opaque(let operation) = review.replay.notes[node] {
            grid.write(
                " " + operation, column: column + Self.numberWidth, row: y, style: theme.faint,
                limit: column + Self.numberWidth + 2)
        } else if !agrees {
            grid.write(
                String(context.marks.wrong), column: column + Self.numberWidth, row: y,
                style: theme.problem)
        }
    }

    /// What made the node: `a * b`, `tanh(d)`, or `leaf` and `const` for inputs.
    private func expression(of node: NodeID) -> String {
        let operation = context.graph.operation(of: node)
        // Inputs have a word; every operation its expression.
        return operation == .leaf
            ? "leaf" : operation == .constant ? "const" : context.names.expression(of: node)
    }

    /// `name` in `width` columns: whole when it fits, else cut before its line and id (which
    /// tell apart names that share the rest: `s4l2…@101#347`) or its id alone (`averyl…#12`),
    /// else cut at the end.
    static func fitted(_ name: String, width: Int) -> String {
        guard name.count > width, let hash = name.lastIndex(of: "#"), hash > name.startIndex
        else { return name }
        for start in [name[..<hash].lastIndex(of: "@"), hash].compactMap(\.self) {
            let room = width - name[start...].count - 1
            if room >= 2, start > name.startIndex {
                return name.prefix(room) + "…" + name[start...]
            }
        }
        return name
    }

    private func nameWidth(_ rect: Rect) -> Int {
        Self.nameWidth(paneWidth: rect.width, longestName: context.session.nameColumnWidth)
    }

    private func rightAligned(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// Where each column of a row starts.
    struct Columns {
        let x: Int
        let lanes: Int
        let finalMark: Int
        let name: Int
        let nameWidth: Int
        let expression: Range<Int>
        let data: Int
        let grad: Int
        /// The engine's own grad, on a capture.
        let yours: Int?
        let note: Int

        init(rect: Rect, laneCount: Int, nameWidth: Int, widestExpression: Int, showsYours: Bool) {
            x = rect.x
            lanes = x + 3
            finalMark = lanes + 2 * laneCount + 1
            name = finalMark + 2
            self.nameWidth = nameWidth
            let expressionStart = name + nameWidth + 2
            let numberColumns = showsYours ? 3 : 2
            let fixedAfter = numberColumns * (GraphPane.numberWidth + 2) + GraphPane.noteRoom
            let expressionWidth = min(
                widestExpression,
                max(0, rect.x + rect.width - fixedAfter - expressionStart))
            expression = expressionStart..<(expressionStart + expressionWidth)
            data = expressionWidth >= 4 ? expression.upperBound + 2 : expressionStart
            grad = data + GraphPane.numberWidth + 2
            yours = showsYours ? grad + GraphPane.numberWidth + 2 : nil
            note = (yours ?? grad) + GraphPane.numberWidth + 2
        }
    }
}
