/// A key press or mouse event, as the terminal reports it.
package enum Key: Equatable, Sendable {
    /// A printable character.
    case character(Character)
    /// An arrow key.
    case up, down, left, right
    /// Page keys.
    case pageUp, pageDown
    /// Home and End.
    case home, end
    /// Enter or Return.
    case enter
    /// Escape.
    case escape
    /// Backspace or Delete.
    case backspace
    /// Ctrl-C, when the terminal delivers it as a key.
    case interrupt
    /// A click of the left mouse button at a screen cell.
    case click(column: Int, row: Int)
}

/// What each key does, given what the session shows: the bindings of `KeyBindings`, except
/// while the help overlay or the search prompt takes the keys, and mouse clicks.
package enum KeyMap {
    /// The command for `key`, or `nil` for keys that do nothing. The search prompt takes
    /// typed characters; the help overlay scrolls with `j` and `k` and closes on any other
    /// key. On a screen too small to draw
    /// (`layout` is `nil`), which says only that `q` quits, only `q` and Ctrl-C do anything.
    package static func command(for key: Key, in session: Session, layout: ScreenLayout?)
        -> Command?
    {
        if key == .interrupt { return .quit }
        guard layout != nil else { return key == .character("q") ? .quit : nil }
        if session.isHelpVisible, let layout {
            let binding = KeyBindings.helpMode.first { $0.keys.contains(key) }
            guard case .scrollHelp(let lines, _)? = binding?.command else { return .toggleHelp }
            return .scrollHelp(by: lines, limit: layout.helpScrollLimit)
        }
        if session.search.prompt != nil { return searchCommand(for: key) }
        if case .click(let column, let row) = key {
            guard let graph = layout?.graph, row > graph.y, row < graph.y + graph.height,
                column >= graph.x, column < graph.x + graph.width
            else { return nil }
            return .selectRow(session.scrollRow + row - graph.y - 1)
        }
        return KeyBindings.command(for: key)
    }

    private static func searchCommand(for key: Key) -> Command? {
        if let binding = KeyBindings.searchMode.first(where: { $0.keys.contains(key) }) {
            return binding.command
        }
        guard case .character(let character) = key else { return nil }
        return .typeInSearch(character)
    }
}
