import AgScript
import AutogradEngine
import AutogradScreen
import Foundation

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
            + layout.references(ofRow: row, glyphs: glyphs)
        while line.last == " " { line.removeLast() }
        return line
    }.joined(separator: "\n")
}
