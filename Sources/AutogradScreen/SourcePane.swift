import AutogradCapture
import AutogradEngine
import AutogradProgram

/// The source pane: the file around the line that created the execution point (or the
/// selected node, when the selection moved last), that line highlighted like a debugger's
/// current line. On someone's engine it is whichever file made the node (the script, a
/// module it imports, a notebook's cell), or a location the session was asked to show, whose
/// line is marked as a problem (`✗`).
struct SourcePane {
    let context: PaneContext

    /// What the pane shows: a file's text (or why there is none), which line to centre, and
    /// the lines to mark.
    struct View {
        /// The file shown.
        var file: String
        /// The notebook cell shown, if any.
        var cell: Int? = nil
        /// The text, or the one line saying why it cannot be shown.
        var page: SourceLibrary.Page
        /// The line to centre.
        var focus: Int
        /// The execution point's line, 0 when it was made elsewhere.
        var executionLine = 0
        /// The selected node's line, 0 when it was made elsewhere.
        var selectedLine = 0
        /// The line of a location asked for, 0 for none.
        var markedLine = 0
    }

    /// What the pane shows for `session`.
    static func view(of session: Session) -> View {
        let script = session.script
        guard let run = session.capture else {
            let execution = script.line(of: session.executionNode)
            let selected = script.line(of: session.selectedNode)
            return View(
                file: script.path, page: .text(script.source),
                focus: session.isFollowingSelection ? selected : execution,
                executionLine: execution, selectedLine: selected)
        }
        let execution = run.location(of: session.executionNode)
        let selected = run.location(of: session.selectedNode)
        let shown: SourceLocation?
        var marked = 0
        switch session.sourceFocus {
        case .execution: shown = execution
        case .selection: shown = selected
        case .location(let location):
            shown = location
            marked = location.line
        }
        guard let shown else {
            // Made nowhere the bridge saw: the script's text from its top, as for a node of
            // an `.ag` file without a line.
            return View(file: script.path, page: .text(script.source), focus: 0)
        }
        func line(of location: SourceLocation?) -> Int {
            guard let location, location.file == shown.file, location.cell == shown.cell
            else { return 0 }
            return location.line
        }
        return View(
            file: shown.file, cell: shown.cell, page: run.sources.page(at: shown),
            focus: shown.line,
            executionLine: line(of: execution), selectedLine: line(of: selected),
            markedLine: marked)
    }

    func draw(in rect: Rect, into grid: inout Grid) {
        let view = Self.view(of: context.session)
        context.drawHeader(Self.title(of: view, width: rect.width), in: rect, into: &grid)
        let shown = rect.height - 1
        guard shown > 0 else { return }
        let limit = rect.x + rect.width - 1
        let text: SourceText
        switch view.page {
        case .text(let found): text = found
        case .note(let note):
            drawNote(note, in: rect, into: &grid)
            return
        }
        let focus = view.focus
        let lineCount = text.lineCount
        guard focus <= lineCount else {
            // A capture's line in a file that has since been shortened.
            let file = NodeNames.printable(view.file)
            drawNote(
                "line \(focus) is past the end of \(file) (\(lineCount) lines): the file has changed since the capture was made",
                in: rect, into: &grid)
            return
        }
        let numberWidth = String(lineCount).count
        let textWidth = max(2, limit - rect.x - numberWidth - 2)
        // Lines too long for the pane fold onto rows of their own, so the demos' opening
        // comments read whole; the focus line's first row sits in the middle when it can.
        var rows: [(line: Int, text: String, isFirst: Bool)] = []
        for line in max(1, focus - shown)...max(1, min(lineCount, focus + shown)) {
            let lineText = text.text(ofLine: line, upTo: textWidth * shown).replacingTabs()
            for (index, part) in TextFitting.folded(lineText, width: textWidth, maximumRows: shown)
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
            drawRow(
                row, at: rect.y + 1 + offset, from: rect.x, view: view, limit: limit,
                numberWidth: numberWidth, into: &grid)
        }
    }

    /// `note` in place of the text, wrapped to the pane.
    private func drawNote(_ note: String, in rect: Rect, into grid: inout Grid) {
        let limit = rect.x + rect.width - 1
        for (offset, row) in TextFitting.wrapped(note, width: limit - rect.x - 1)
            .prefix(rect.height - 1).enumerated()
        {
            grid.write(
                row, column: rect.x + 1, row: rect.y + 1 + offset, style: context.theme.faint,
                limit: limit)
        }
    }

    /// The pane's title in `width` columns: `source: engine.py`, `source: train.ipynb, cell 4`;
    /// where that is too long, `source: ` goes first, then the path from the left, so that the
    /// file's name and its cell stay.
    static func title(of view: View, width: Int) -> String {
        let path = NodeNames.printable(view.file)
        let cell = view.cell.map { ", cell \($0)" } ?? ""
        // The header takes `── ` before the title and a space after it.
        let room = width - 4
        if "source: ".count + path.count + cell.count <= room { return "source: \(path)\(cell)" }
        return TextFitting.shortenedFromLeft(path, to: max(1, room - cell.count)) + cell
    }

    /// One row: the gutter's mark (`✗` for the marked line, `▶` for the execution point's,
    /// `›` for the selected node's), the line's number on its first row, and the text.
    private func drawRow(
        _ row: (line: Int, text: String, isFirst: Bool), at y: Int, from x: Int, view: View,
        limit: Int, numberWidth: Int, into grid: inout Grid
    ) {
        let theme = context.theme
        let isMarked = row.line == view.markedLine
        let isExecution = row.line == view.executionLine
        let mark: Character =
            !row.isFirst
            ? " "
            : isMarked
                ? context.marks.wrong
                : isExecution
                    ? context.marks.execution
                    : (row.line == view.selectedLine ? context.marks.selectedLine : " ")
        let number = row.isFirst ? String(row.line) : ""
        let prefix = "\(mark)\(String(repeating: " ", count: numberWidth - number.count))\(number) "
        let style = isMarked ? theme.problem : isExecution ? theme.execution : theme.faint
        let end = grid.write(prefix, column: x, row: y, style: style, limit: limit)
        grid.write(
            row.text, column: end, row: y,
            style: isMarked ? theme.problem : isExecution ? theme.currentLine : .plain,
            limit: limit)
        if row.line == view.selectedLine && !isExecution && !isMarked {
            grid.restyle(row: y, columns: end..<limit) { $0.underline = true }
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
