import AgScript
import AutogradEngine
import AutogradProgram
import AutogradScreen
import Foundation
import Testing

/// Reads `.ag` text for a test.
func script(_ text: String, path: String = "test.ag") throws -> Script {
    try ScriptReader.read(text, path: path)
}

/// Reads a demo from the package's demos folder, named as the README names it.
func demo(_ name: String) throws -> Script {
    let url = packageRoot.appendingPathComponent("demos/\(name)")
    return try ScriptReader.read(Array(try Data(contentsOf: url)), path: "demos/\(name)")
}

/// The package's root folder.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The DAG of `text` as lines of lanes and labels, the way the graph pane draws its left side.
func drawing(_ text: String, budget: Int = 8, glyphs: GlyphSet = .unicode) throws -> String {
    let script = try script(text)
    let layout = DagLayout(graph: script.graph, root: script.root, laneBudget: budget)
    return layout.rows.indices.map { row in
        let node = layout.rows[row]
        var line =
            layout.text(ofRow: row, glyphs: glyphs) + " "
            + (script.graph.label(of: node) ?? node.description) + " "
            + layout.references(ofRow: row, glyphs: glyphs).joined(separator: " ")
        while line.last == " " { line.removeLast() }
        return line
    }.joined(separator: "\n")
}

/// The letters of a style mask, as in ratatui's test backend: each cell of an expected screen
/// gets one letter naming its style; an upper-case letter (and `#` for plain) is the same
/// style in reverse video, as on the selected row and the title.
let styleLetters: [Character: Style] = [
    " ": .plain, "d": Style(dim: true), "b": Style(bold: true), "_": Style(underline: true),
    "y": Style(foreground: .yellow, bold: true), "n": Style(foreground: .green, bold: true),
    "f": Style(foreground: .green), "c": Style(foreground: .cyan),
    "h": Style(foreground: .cyan, bold: true), "r": Style(foreground: .red, bold: true),
]

/// The rows `rows` of `grid` as text (trailing spaces kept) and as a style mask.
func textAndMask(of grid: Grid, rows: Range<Int>) -> (text: String, mask: String) {
    var letters: [Style: Character] = [:]
    for (letter, style) in styleLetters {
        letters[style] = letter
        var reversed = style
        reversed.reverse = true
        letters[reversed] = letter == " " ? "#" : Character(letter.uppercased())
    }
    var text: [String] = []
    var mask: [String] = []
    for row in rows {
        text.append(String((0..<grid.width).map { grid[$0, row].character }))
        mask.append(String((0..<grid.width).map { letters[grid[$0, row].style] ?? "?" }))
    }
    return (text.joined(separator: "\n"), mask.joined(separator: "\n"))
}

/// Whether rows of `grid` from `row` on show `text` in the styles `mask` names, cell by cell.
/// Trailing spaces of each line are filled in as plain cells.
func expectRows(
    _ grid: Grid, from row: Int, text: String, mask: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    func padded(_ lines: String) -> String {
        lines.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0 + String(repeating: " ", count: max(0, grid.width - $0.count))
        }.joined(separator: "\n")
    }
    let count = text.split(separator: "\n", omittingEmptySubsequences: false).count
    let actual = textAndMask(of: grid, rows: row..<(row + count))
    #expect(actual.text == padded(text), sourceLocation: sourceLocation)
    #expect(
        actual.mask == padded(mask), "styles:\n\(actual.mask)", sourceLocation: sourceLocation)
}
