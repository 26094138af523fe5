/// One key binding: the keys that give a command, and how the help overlay and the status
/// line describe it. `KeyBindings.all` is the one table the key map, the help and the hints
/// are made from.
package struct KeyBinding: Sendable {
    /// The keys, the first the one the help names first.
    package let keys: [Key]
    /// What they do.
    package let command: Command
    /// The help overlay's description.
    package let help: String
    /// The status line's short hint (`n step`), or `nil` for bindings it leaves out.
    package let hint: String?
    /// Whether the binding acts on captures of someone's engine only (its hint is shown only
    /// there).
    package var forCapturesOnly = false

    /// The keys as the help names them: `n  space  →`.
    package var keyNames: String { keys.map(\.name).joined(separator: "  ") }
}

/// The debugger's key bindings.
package enum KeyBindings {
    /// Every binding, in the order the help lists them.
    package static let all: [KeyBinding] = [
        KeyBinding(
            keys: [.character("n"), .character(" "), .right], command: .stepForward,
            help: "step: compute, fire or update the next node", hint: "n step"),
        KeyBinding(
            keys: [.character("p"), .character("N"), .left], command: .stepBack,
            help: "step back", hint: "p back"),
        KeyBinding(
            keys: [.character("c")], command: .continueForward,
            help: "continue to a breakpoint, a NaN or infinity, or the end",
            hint: "c/C continue"),
        KeyBinding(
            keys: [.character("C")], command: .continueBackward,
            help: "continue back to the previous breakpoint", hint: nil),
        KeyBinding(
            keys: [.character("G"), .end], command: .runToEnd,
            help: "run to the end of the backward pass", hint: "G end"),
        KeyBinding(
            keys: [.character("g"), .home], command: .restart,
            help: "back to the seed, step 0", hint: "g start"),
        KeyBinding(
            keys: [.character("^")], command: .startOfPhase,
            help: "back to the start of the phase", hint: nil),
        KeyBinding(
            keys: [.character("j"), .down], command: .moveSelection(by: 1),
            help: "select the row below (or click a row)", hint: "j/k select"),
        KeyBinding(
            keys: [.character("k"), .up], command: .moveSelection(by: -1),
            help: "select the row above", hint: nil),
        KeyBinding(keys: [.pageDown], command: .pageDown, help: "a page down", hint: nil),
        KeyBinding(keys: [.pageUp], command: .pageUp, help: "a page up", hint: nil),
        KeyBinding(
            keys: [.enter], command: .runToSelected, help: "run until the selected node fires",
            hint: "Enter run to"),
        KeyBinding(
            keys: [.character("b")], command: .toggleBreakpoint,
            help:
                "breakpoint on the selected node (on a leaf: at every step that adds to its grad)",
            hint: "b break"),
        KeyBinding(
            keys: [.character("/")], command: .beginSearch,
            help:
                "search: the next label that begins with the text, or #id for that node; / Enter finds the next",
            hint: "/ search"),
        KeyBinding(
            keys: [.character("x")], command: .checkSelected,
            help: "gradient check of the selected input (a leaf or a constant)", hint: "x check"),
        KeyBinding(
            keys: [.character("v")], command: .jumpToVerdict,
            help: "your engine: run to where the verdict's mistake shows, and select its node",
            hint: "v verdict", forCapturesOnly: true),
        KeyBinding(
            keys: [.character("V")], command: .toggleVerdict,
            help: "your engine: hide or show the verdict in words", hint: nil,
            forCapturesOnly: true),
        KeyBinding(
            keys: [.character("[")], command: .previousEpoch,
            help: "previous epoch, same point (your engine: previous capture)",
            hint: "[ ] epoch"),
        KeyBinding(
            keys: [.character("]")], command: .nextEpoch,
            help: "next epoch, same point (your engine: next capture)",
            hint: nil),
        KeyBinding(
            keys: [.character("E")], command: .runEpochs,
            help: "run 100 epochs on (--train N sets how many)", hint: nil),
        KeyBinding(
            keys: [.character("L")], command: .toggleLossCurve,
            help: "show or hide the loss curve", hint: "L loss"),
        KeyBinding(
            keys: [.character("z")], command: .toggleFolding,
            help: "fold the graph by the line of code that made each node, or show every node",
            hint: "z fold"),
        KeyBinding(
            keys: [.character("l")], command: .openFold,
            help: "open the selected line's fold (\(Key.enter.name) too)", hint: nil),
        KeyBinding(
            keys: [.character("h")], command: .closeFold,
            help: "close the fold the selection is in (\(Key.enter.name) on its row too)", hint: nil
        ),
        KeyBinding(
            keys: [.character("Z")], command: .toggleFoldFollowing,
            help: "folded: stepping opens the line it enters, and closes the one it leaves",
            hint: nil),
        KeyBinding(keys: [.character("?")], command: .toggleHelp, help: "this help", hint: nil),
        KeyBinding(keys: [.character("q"), .interrupt], command: .quit, help: "quit", hint: nil),
    ]

    /// The command `key` gives, if any binding has it.
    package static func command(for key: Key) -> Command? {
        all.first { $0.keys.contains(key) }?.command
    }

    /// The keys the help overlay takes while it is shown (any other closes it); the scroll
    /// limit is the overlay's on the screen at hand, which the key map fills in.
    package static let helpMode: [KeyBinding] = [
        KeyBinding(
            keys: [.character("j"), .down], command: .scrollHelp(by: 1, limit: 0),
            help: "scroll the help down", hint: "j/k scroll"),
        KeyBinding(
            keys: [.character("k"), .up], command: .scrollHelp(by: -1, limit: 0),
            help: "scroll the help up", hint: nil),
    ]

    /// The keys the search prompt takes besides the characters it types.
    package static let searchMode: [KeyBinding] = [
        KeyBinding(
            keys: [.enter], command: .submitSearch, help: "jump to the next match",
            hint: "Enter jump"),
        KeyBinding(
            keys: [.escape], command: .cancelSearch, help: "close the prompt", hint: "Esc cancel"),
        KeyBinding(
            keys: [.backspace], command: .deleteInSearch, help: "delete the last character",
            hint: nil),
    ]

    /// How a sentence names the key for `command`: its binding's first key (`Enter`, `z`).
    package static func keyName(for command: Command) -> String {
        all.first { $0.command == command }?.keys.first?.name ?? "?"
    }

    /// The status line's hints, in table order: `n step  p back  …`; those for captures only
    /// when `forCapture`; as many whole hints as fit in `width` columns.
    package static func hints(forCapture: Bool, width: Int = .max) -> String {
        hints(of: all.filter { forCapture || !$0.forCapturesOnly }, width: width)
    }

    /// The hints of `bindings`, as many whole ones as fit in `width` columns.
    package static func hints(of bindings: [KeyBinding], width: Int = .max) -> String {
        var line = ""
        for hint in bindings.compactMap(\.hint) {
            let next = line.isEmpty ? hint : line + "  " + hint
            guard next.count <= width else { break }
            line = next
        }
        return line
    }
}

extension Key {
    /// How the help writes the key: `n`, `space`, `→`, `Enter`, `Ctrl-C`.
    package var name: String {
        switch self {
        case .character(" "): "space"
        case .character(let character): String(character)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .interrupt: "Ctrl-C"
        case .click: "click"
        }
    }
}
