import AutogradScreen
import CNCurses

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The terminal, through ncurses: the only code that draws or reads keys. It paints grids
/// the screen composed and turns key codes into `Key`s; everything else lives elsewhere.
final class Terminal {
    /// Why the terminal cannot be used for the debugger.
    struct Unavailable: Error {
        let reason: String
    }

    private let usesColor: Bool
    private var colorPairs: [Color: Int16] = [:]

    /// Takes over the terminal: full screen, keys unbuffered and unechoed, mouse clicks.
    ///
    /// - Parameter color: whether to use colors, if the terminal has them.
    init(color: Bool) throws(Unavailable) {
        try Self.checkUsable()
        TerminalGuard.resetInheritedSignals()
        setlocale(LC_ALL, "")
        guard let screen = newterm(nil, ag_stdout(), ag_stdin()) else {
            throw Unavailable(reason: "the terminal type '\(Self.terminalType ?? "")' is not known")
        }
        set_term(screen)
        TerminalGuard.install()
        raw()
        noecho()
        ag_keypad(true)
        curs_set(0)
        set_escdelay(25)
        mousemask(ag_left_button_events(), nil)
        mouseinterval(0)
        usesColor = color && has_colors()
        if usesColor {
            start_color()
            use_default_colors()
            let palette: [(Color, Int32)] = [
                (.red, COLOR_RED), (.green, COLOR_GREEN), (.yellow, COLOR_YELLOW),
                (.blue, COLOR_BLUE), (.magenta, COLOR_MAGENTA), (.cyan, COLOR_CYAN),
            ]
            for (index, (color, code)) in palette.enumerated() {
                init_pair(Int16(index + 1), Int16(code), -1)
                colorPairs[color] = Int16(index + 1)
            }
        }
    }

    /// Whether the terminal can show colors: false without color support or when asked not to.
    var hasColor: Bool { usesColor }

    /// Gives the terminal back as it was.
    func restore() {
        TerminalGuard.restore()
    }

    /// The screen's size in columns and rows.
    var size: (width: Int, height: Int) { (Int(ag_cols()), Int(ag_lines())) }

    /// Paints `grid`, run by run of equally styled cells; ncurses sends only what changed.
    func paint(_ grid: Grid) {
        erase()
        for row in 0..<grid.height {
            var column = 0
            while column < grid.width {
                let style = grid[column, row].style
                var run = ""
                let start = column
                // The second cell of a wide character is covered by the first: not painted.
                while column < grid.width, grid[column, row].style == style {
                    if !grid[column, row].isContinuation { run.append(grid[column, row].character) }
                    column += 1
                }
                ag_attrset(attributes(of: style))
                // Writing the bottom-right cell returns ERR but draws; the result is ignored.
                _ = ag_mvaddstr(Int32(row), Int32(start), run)
            }
        }
        ag_attrset(ag_attr_normal())
        refresh()
    }

    /// Waits for the next key; `nil` for a resize (repaint) or an event that means nothing.
    func nextKey() -> Key? {
        var character: wint_t = 0
        let result = ag_get_wch(&character)
        if result == ERR {
            TerminalGuard.noteReadError()
            return nil
        }
        TerminalGuard.noteReadSuccess()
        if result == ag_key_code_yes() { return functionKey(Int32(character)) }
        return key(forCharacter: character)
    }

    /// The key a character read from the terminal is, `nil` for a control character that
    /// means nothing here.
    private func key(forCharacter character: wint_t) -> Key? {
        switch character {
        case 3: return .interrupt
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)), character >= 32 else {
                return nil
            }
            return .character(Character(scalar))
        }
    }

    /// The keys already typed and waiting, read without waiting, at most `limit`: what a
    /// paste or a held key queued while the last frame was drawn. Stops at anything that is
    /// not a key (a resize), which the next frame answers.
    func waitingKeys(limit: Int) -> [Key] {
        ag_timeout(0)
        defer { ag_timeout(-1) }
        var keys: [Key] = []
        while keys.count < limit {
            var character: wint_t = 0
            let result = ag_get_wch(&character)
            guard result != ERR else { break }
            let key =
                result == ag_key_code_yes()
                ? functionKey(Int32(character)) : self.key(forCharacter: character)
            guard let key else { break }
            keys.append(key)
        }
        return keys
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE, KEY_DC: return .backspace
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK, event.bstate & ag_left_button_events() != 0 else {
                return nil
            }
            return .click(column: Int(event.x), row: Int(event.y))
        default:
            return nil
        }
    }

    private func attributes(of style: Style) -> attr_t {
        var attributes = ag_attr_normal()
        if style.bold { attributes |= ag_attr_bold() }
        if style.dim { attributes |= ag_attr_dim() }
        if style.reverse { attributes |= ag_attr_reverse() }
        if style.underline { attributes |= ag_attr_underline() }
        if usesColor, let color = style.foreground, let pair = colorPairs[color] {
            attributes |= ag_color_pair(pair)
        }
        return attributes
    }

    private static var terminalType: String? {
        getenv("TERM").map { String(cString: $0) }
    }

    /// The debugger needs a real terminal on both ends; without one ncurses would draw garbage
    /// or a key loop would spin.
    static func checkUsable() throws(Unavailable) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw Unavailable(reason: "standard input and output must be a terminal")
        }
        guard let type = terminalType, !type.isEmpty, type != "dumb" else {
            throw Unavailable(reason: "TERM is unset or 'dumb'")
        }
    }
}
