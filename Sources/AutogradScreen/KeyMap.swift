/// A key press or mouse event, as the terminal reports it.
public enum Key: Equatable, Sendable {
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

/// The default key bindings: what each key does, given what the session shows.
public enum KeyMap {
    /// The command for `key`, or `nil` for keys that do nothing. The search prompt takes
    /// typed characters; the help overlay closes on any key.
    public static func command(for key: Key, in session: Session, layout: ScreenLayout?) -> Command?
    {
        if key == .interrupt { return .quit }
        if session.isHelpVisible { return .toggleHelp }
        if session.searchText != nil { return searchCommand(for: key) }
        switch key {
        case .character(let character): return command(forCharacter: character)
        case .right: return .stepForward
        case .left: return .stepBack
        case .down: return .moveSelection(by: 1)
        case .up: return .moveSelection(by: -1)
        case .pageDown: return .pageDown
        case .pageUp: return .pageUp
        case .home: return .restart
        case .end: return .runToEnd
        case .enter: return .runToSelected
        case .click(let column, let row):
            guard let graph = layout?.graph, row > graph.y, row < graph.y + graph.height,
                column >= graph.x, column < graph.x + graph.width
            else { return nil }
            return .selectRow(session.scrollRow + row - graph.y - 1)
        case .escape, .backspace, .interrupt: return nil
        }
    }

    private static func command(forCharacter character: Character) -> Command? {
        switch character {
        case "n", " ": .stepForward
        case "N", "p": .stepBack
        case "c": .continueForward
        case "C": .continueBackward
        case "G": .runToEnd
        case "g": .restart
        case "j": .moveSelection(by: 1)
        case "k": .moveSelection(by: -1)
        case "b": .toggleBreakpoint
        case "/": .beginSearch
        case "x": .checkSelected
        case "?": .toggleHelp
        case "q": .quit
        default: nil
        }
    }

    private static func searchCommand(for key: Key) -> Command? {
        switch key {
        case .enter: .submitSearch
        case .escape: .cancelSearch
        case .backspace: .deleteInSearch
        case .character(let character): .typeInSearch(character)
        default: nil
        }
    }
}
