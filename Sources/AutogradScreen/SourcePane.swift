import AutogradEngine

/// The source pane: the `.ag` file around the line that created the execution point (or the
/// selected node, when the selection moved last), that line highlighted like a debugger's
/// current line.
struct SourcePane {
    let context: PaneContext

    func draw(in rect: Rect, into grid: inout Grid) {
        let session = context.session
        let script = session.script
        context.drawHeader(
            "source: \(NodeNames.printable(script.path))", in: rect, into: &grid)
        let executionLine = script.line(of: session.executionNode)
        let selectedLine = script.line(of: session.selectedNode)
        let focus = session.isFollowingSelection ? selectedLine : executionLine
        let shown = rect.height - 1
        guard shown > 0 else { return }
        let lineCount = script.source.lineCount
        let numberWidth = String(lineCount).count
        let limit = rect.x + rect.width - 1
        let textWidth = max(2, limit - rect.x - numberWidth - 2)
        // Lines too long for the pane fold onto rows of their own, so the demos' opening
        // comments read whole; the focus line's first row sits in the middle when it can.
        var rows: [(line: Int, text: String, isFirst: Bool)] = []
        for line in max(1, focus - shown)...min(lineCount, focus + shown) {
            let text = script.source.text(ofLine: line, upTo: textWidth * shown).replacingTabs()
            for (index, part) in TextFitting.folded(text, width: textWidth, maximumRows: shown)
                .enumerated()
            {
                rows.append((line, part, index == 0))
            }
        }
        let focusRow = rows.firstIndex { $0.line == focus } ?? 0
        var start = max(0, min(focusRow - shown / 2, rows.count - shown))
        // Begin at a line's first row, not in the middle of a folded line: that line's start
        // if the focus stays in view, else the next line.
        var lineStart = start
        while lineStart > 0, !rows[lineStart].isFirst { lineStart -= 1 }
        if focusRow < lineStart + shown {
            start = lineStart
        } else {
            while start < focusRow, !rows[start].isFirst { start += 1 }
        }
        for (offset, row) in rows.dropFirst(start).prefix(shown).enumerated() {
            let y = rect.y + 1 + offset
            let isExecution = row.line == executionLine
            let mark =
                !row.isFirst
                ? " "
                : isExecution
                    ? context.marks.execution
                    : (row.line == selectedLine ? context.marks.selectedLine : " ")
            let number = row.isFirst ? String(row.line) : ""
            let prefix =
                "\(mark)\(String(repeating: " ", count: numberWidth - number.count))\(number) "
            let x = grid.write(
                prefix, column: rect.x, row: y,
                style: isExecution ? context.theme.execution : context.theme.faint, limit: limit)
            grid.write(
                row.text, column: x, row: y,
                style: isExecution ? context.theme.currentLine : .plain, limit: limit)
            if row.line == selectedLine && !isExecution {
                grid.restyle(row: y, columns: x..<limit) { $0.underline = true }
            }
        }
    }
}

extension String {
    /// The text with each tab shown as four spaces, so every character is one cell.
    fileprivate func replacingTabs() -> String {
        guard contains("\t") else { return self }
        return split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ")
    }
}
