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
        let lineCount = script.source.lineCount
        let first = max(1, min(focus - shown / 2, lineCount - shown + 1))
        let numberWidth = String(lineCount).count
        for offset in 0..<shown {
            let line = first + offset
            guard line <= lineCount else { break }
            let y = rect.y + 1 + offset
            let isExecution = line == executionLine
            let mark =
                isExecution
                ? context.marks.execution
                : (line == selectedLine ? context.marks.selectedLine : " ")
            let number = String(line)
            let prefix =
                "\(mark)\(String(repeating: " ", count: numberWidth - number.count))\(number) "
            let limit = rect.x + rect.width - 1
            let x = grid.write(
                prefix, column: rect.x, row: y,
                style: isExecution ? context.theme.execution : context.theme.faint, limit: limit)
            grid.write(
                script.source.text(ofLine: line).replacingTabs(), column: x, row: y,
                style: isExecution ? context.theme.currentLine : .plain, limit: limit)
            if line == selectedLine && !isExecution {
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
