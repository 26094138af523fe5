/// The `?` overlay: every key binding, in a box over the middle of the screen.
struct HelpOverlay {
    let context: PaneContext

    /// The widest the box gets; narrower screens get a narrower box.
    static let widestText = 72

    /// The help's lines for text `width` columns wide: one binding a line, the keys (as `say`
    /// writes them) in a column of their own, a description too long for the line wrapped
    /// under itself.
    static func lines(width: Int, say: (String) -> String = { $0 }) -> [String] {
        let keyNames = KeyBindings.all.map { say($0.keyNames) }
        let keyWidth = (keyNames.map(\.count).max() ?? 0) + 3
        let textWidth = max(10, width - keyWidth)
        var lines: [String] = []
        for (binding, names) in zip(KeyBindings.all, keyNames) {
            for (index, part) in TextFitting.wrapped(binding.help, width: textWidth).enumerated() {
                let keys = index == 0 ? names : ""
                lines.append(keys + String(repeating: " ", count: keyWidth - keys.count) + part)
            }
        }
        return lines
    }

    /// The help's lines on a screen `width` columns wide.
    static func lines(screenWidth width: Int, say: (String) -> String) -> [String] {
        lines(width: min(widestText, width - 6), say: say)
    }

    /// How many of `count` lines the box shows on a screen `height` rows high.
    static func room(for count: Int, screenHeight height: Int) -> Int {
        max(0, min(height - 2, count + 4) - 3)
    }

    /// The first row shown when the last line is at the bottom of the box: the most `j` can
    /// scroll on a screen of this size.
    static func scrollLimit(width: Int, height: Int, say: (String) -> String) -> Int {
        let count = lines(screenWidth: width, say: say).count
        return max(0, count - room(for: count, screenHeight: height))
    }

    func draw(into grid: inout Grid) {
        let lines = Self.lines(screenWidth: grid.width, say: context.say)
        let width = min(grid.width - 2, (lines.map(\.count).max() ?? 0) + 4)
        let height = min(grid.height - 2, lines.count + 4)
        let left = max(0, (grid.width - width) / 2)
        let top = max(0, (grid.height - height) / 2)
        for y in top..<(top + height) {
            grid.write(
                String(repeating: " ", count: max(0, width)), column: left, row: y,
                style: Style(reverse: true))
        }
        grid.write(" keys ", column: left + 2, row: top, style: Style(bold: true, reverse: true))
        // A screen shorter than the help shows a window of it, which j and k scroll.
        let room = Self.room(for: lines.count, screenHeight: grid.height)
        let first = min(context.session.helpScrollRow, max(0, lines.count - room))
        for (offset, line) in lines.dropFirst(first).prefix(room).enumerated() {
            grid.write(
                line, column: left + 2, row: top + 2 + offset,
                style: Style(reverse: true), limit: left + width - 1)
        }
        let footer =
            lines.count > room
            ? context.say(
                " lines \(first + 1)–\(first + room) of \(lines.count): \(KeyBindings.hints(of: KeyBindings.helpMode)), any other key closes "
            )
            : " any key closes "
        grid.write(
            footer, column: left + 2, row: top + height - 1,
            style: Style(bold: true, reverse: true), limit: left + width - 1)
    }
}
