/// The `?` overlay: every key, in a box over the middle of the screen.
struct HelpOverlay {
    let context: PaneContext

    /// The keys and what they do, as the help lists them.
    static let lines = [
        "n  space  →     step: fire the next node",
        "N  p  ←         step back",
        "c  /  C         continue to the next / previous breakpoint",
        "G  End          run to the end",
        "g  Home         back to step 0",
        "j k  ↓ ↑        move the selection (PgDn PgUp, mouse click)",
        "Enter           run until the selected node fires",
        "b               breakpoint on the selected node (on a leaf:",
        "                stop at every step that adds to its grad)",
        "/               search by label; / Enter finds the next",
        "x               gradient check of the selected leaf",
        "?               this help",
        "q  Ctrl-C       quit",
    ]

    func draw(into grid: inout Grid) {
        let width = min(grid.width - 2, (Self.lines.map(\.count).max() ?? 0) + 4)
        let height = min(grid.height - 2, Self.lines.count + 4)
        let left = max(0, (grid.width - width) / 2)
        let top = max(0, (grid.height - height) / 2)
        for y in top..<(top + height) {
            grid.write(
                String(repeating: " ", count: max(0, width)), column: left, row: y,
                style: Style(reverse: true))
        }
        grid.write(" keys ", column: left + 2, row: top, style: Style(bold: true, reverse: true))
        for (offset, line) in Self.lines.enumerated() where offset + 2 < height - 1 {
            grid.write(
                line, column: left + 2, row: top + 2 + offset, style: Style(reverse: true),
                limit: left + width - 1)
        }
        grid.write(
            " any key closes ", column: left + 2, row: top + height - 1,
            style: Style(bold: true, reverse: true))
    }
}
