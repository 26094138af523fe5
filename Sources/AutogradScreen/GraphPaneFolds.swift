import AutogradEngine
import AutogradProgram
import AutogradText

/// The graph pane's row for a fold of the graph by line: the line, the function it is in,
/// its code, how many nodes it made and how many of them have fired.
extension GraphPane {
    func drawFold(_ fold: Int, at y: Int, in rect: Rect, columns: Columns, into grid: inout Grid) {
        let session = context.session
        let folds = session.foldedView.folds
        let theme = context.theme
        let place = folds.places[fold]
        let isOpen = session.foldedView.isOpen(fold)
        let holdsExecution = folds.fold(of: session.executionNode) == fold
        if holdsExecution {
            grid.write(
                String(context.marks.execution), column: columns.x + 1, row: y,
                style: theme.execution)
        }
        let end = rect.x + rect.width
        let fired = folds.firedCount(in: fold, atStep: session.stepper.currentStep)
        let firing = folds.firingCount(in: fold)
        let counts =
            " " + NumberFormat.counted(folds.size(of: fold), "node")
            + (firing > 0 ? "  \(fired)/\(firing) fired" : "")
        let countsColumn = max(columns.name, end - counts.count - 1)
        grid.write(counts, column: countsColumn, row: y, style: theme.faint, limit: end)

        var column = columns.x + 3
        let mark = isOpen ? context.marks.openFold : context.marks.closedFold
        grid.write(String(mark), column: column, row: y, style: theme.faint)
        column += 2
        let style = holdsExecution ? theme.execution : Style.plain
        guard place.line > 0 else {
            grid.write(
                "made where no line of your code is known", column: column, row: y,
                style: theme.faint, limit: countsColumn - 1)
            return
        }
        let number =
            (place.file.map { NodeNames.printable(Self.fileName($0)) + ":" } ?? "")
            + (place.cell.map { "[\($0)] " } ?? "") + String(place.line)
        let numberWidth = String(folds.places.last { $0.line > 0 }?.line ?? 0).count
        grid.write(
            String(repeating: " ", count: max(0, numberWidth - number.count)) + number,
            column: column, row: y, style: style)
        column += max(numberWidth, number.count) + 2
        guard let source = sourceText(of: place), place.line <= source.lineCount else { return }
        if let function = source.enclosingFunction(ofLine: place.line) {
            grid.write(
                function + ":", column: column, row: y, style: theme.faint,
                limit: countsColumn - 1)
            column += function.count + 2
        }
        let code = source.text(ofLine: place.line, upTo: max(0, countsColumn - column))
        grid.write(
            String(code.drop { $0 == " " || $0 == "\t" }), column: column, row: y, style: style,
            limit: countsColumn - 1)
    }

    /// The text `place` is a line of: the script's, or on a capture another file's or a
    /// notebook's cell's.
    private func sourceText(of place: SourceFolds.Place) -> SourceText? {
        let session = context.session
        guard let run = session.capture,
            place.file != nil || place.cell != nil || session.script.source.lineCount <= 1
        else { return session.script.source }
        let page = run.sources.page(place.file ?? session.script.path, cell: place.cell)
        guard case .text(let text) = page else { return nil }
        return text
    }

    /// The last part of a path: what a fold's row calls another file.
    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

extension SourceText {
    /// The most lines above a line searched for the `def` it is in.
    static let functionSearchLimit = 400

    /// The name of the function `line` is in: the nearest `def` above it that is indented
    /// less, searched on bytes within `functionSearchLimit` lines; `nil` at the top level.
    func enclosingFunction(ofLine line: Int) -> String? {
        func indentation(_ range: Range<Int>) -> Int? {
            var index = range.lowerBound
            while index < range.upperBound, bytes[index] == 0x20 || bytes[index] == 0x09 {
                index += 1
            }
            return index < range.upperBound && bytes[index] != 0x23 ? index - range.lowerBound : nil
        }
        guard var limit = indentation(byteRange(ofLine: line)), limit > 0 else { return nil }
        let definition = Array("def ".utf8)
        for above in stride(
            from: line - 1, through: max(1, line - Self.functionSearchLimit), by: -1)
        {
            let range = byteRange(ofLine: above)
            guard let indent = indentation(range), indent < limit else { continue }
            let start = range.lowerBound + indent
            if bytes[start..<min(range.upperBound, start + 4)].elementsEqual(definition) {
                let name = bytes[(start + 4)..<range.upperBound].prefix {
                    $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                        || (0x61...0x7A).contains($0)
                }
                return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
            }
            limit = indent
            if indent == 0 { return nil }
        }
        return nil
    }
}
