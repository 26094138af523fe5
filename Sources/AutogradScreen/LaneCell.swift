/// One lane cell of a DAG row: which of its sides an edge connects, and what sits in it.
///
/// Glyphs are chosen from the sides alone, so every shape (corner, tee, junction) comes out
/// right without special cases.
package struct LaneCell: OptionSet, Sendable, Hashable {
    /// The raw bits.
    package let rawValue: UInt8

    /// Makes a cell from its raw bits.
    package init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// An edge leaves through the top.
    package static let up = LaneCell(rawValue: 1 << 0)
    /// An edge leaves through the bottom.
    package static let down = LaneCell(rawValue: 1 << 1)
    /// An edge leaves through the left side.
    package static let left = LaneCell(rawValue: 1 << 2)
    /// An edge leaves through the right side.
    package static let right = LaneCell(rawValue: 1 << 3)
    /// The row's node sits here.
    package static let node = LaneCell(rawValue: 1 << 4)
    /// A horizontal edge passes over a vertical one without joining it.
    package static let crossing = LaneCell(rawValue: 1 << 5)
}

/// The characters a DAG is drawn with.
package enum GlyphSet: Sendable {
    /// Unicode box drawing: `│ ─ ╮ ╯ ├ ┼ ●`.
    case unicode
    /// Pure ASCII: `| - . ' + o`.
    case ascii

    /// The character for a lane cell.
    package func glyph(for cell: LaneCell) -> Character {
        if cell.contains(.node) { return self == .unicode ? "●" : "o" }
        if cell.contains(.crossing) { return horizontal }
        let sides = cell.intersection([.up, .down, .left, .right])
        let unicode: Character
        let ascii: Character
        switch sides {
        case []: return " "
        case [.up, .down], [.up], [.down]: (unicode, ascii) = ("│", "|")
        case [.left, .right], [.left], [.right]: (unicode, ascii) = ("─", "-")
        case [.up, .left]: (unicode, ascii) = ("╯", "'")
        case [.up, .right]: (unicode, ascii) = ("╰", "'")
        case [.down, .left]: (unicode, ascii) = ("╮", ".")
        case [.down, .right]: (unicode, ascii) = ("╭", ".")
        case [.up, .down, .left]: (unicode, ascii) = ("┤", "+")
        case [.up, .down, .right]: (unicode, ascii) = ("├", "+")
        case [.left, .right, .down]: (unicode, ascii) = ("┬", "+")
        case [.left, .right, .up]: (unicode, ascii) = ("┴", "+")
        default: (unicode, ascii) = ("┼", "+")
        }
        return self == .unicode ? unicode : ascii
    }

    /// The horizontal line, drawn between lanes where an edge runs sideways.
    package var horizontal: Character { self == .unicode ? "─" : "-" }

    /// The arrow of a spilled edge's reference (`→ #812`).
    package var arrow: String { self == .unicode ? "→" : "->" }

    /// The arrow of a spilled edge's reference at its other end (`← #812`).
    package var backArrow: String { self == .unicode ? "←" : "<-" }
}
