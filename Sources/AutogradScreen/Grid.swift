import AutogradEngine

/// The colors the screen uses; the terminal maps them to its palette.
package enum Color: UInt8, Sendable {
    case red, green, yellow, blue, magenta, cyan
}

/// How a cell is drawn.
package struct Style: Sendable, Hashable {
    /// The foreground color, `nil` for the terminal's default.
    package var foreground: Color?
    /// Bold text.
    package var bold = false
    /// Dim text.
    package var dim = false
    /// Reverse video.
    package var reverse = false
    /// Underlined text.
    package var underline = false

    /// The terminal's default style.
    package static let plain = Style()

    /// A style with the given attributes.
    package init(
        foreground: Color? = nil, bold: Bool = false, dim: Bool = false, reverse: Bool = false,
        underline: Bool = false
    ) {
        self.foreground = foreground
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }
}

/// A run of text in one style, for `Grid.write(_:column:row:limit:)`.
package struct TextPiece: Sendable, Equatable {
    /// The text.
    package var text: String
    /// How it is drawn.
    package var style: Style
    /// Whether it must be written whole or not at all (a number, an id), unlike prose, which
    /// may be cut at the edge.
    package var isWhole: Bool

    /// Prose in `style`, which may be cut at the edge.
    package static func prose(_ text: String, _ style: Style = .plain) -> TextPiece {
        TextPiece(text: text, style: style, isWhole: false)
    }

    /// A number or an id in `style`, written whole or not at all.
    package static func whole(_ text: String, _ style: Style = .plain) -> TextPiece {
        TextPiece(text: text, style: style, isWhole: true)
    }
}

/// One character cell of the screen.
package struct Cell: Sendable, Hashable {
    /// What the cell shows; always one column wide.
    package var character: Character
    /// How it is drawn.
    package var style: Style

    /// What the second cell of a two-column character holds: nothing to paint, as the
    /// character before it covers it.
    package static let continuation: Character = "\u{0}"

    /// Whether the cell is the second half of a wide character.
    package var isContinuation: Bool { character == Self.continuation }

    /// A cell showing `character` in `style`.
    package init(_ character: Character, _ style: Style = .plain) {
        self.character = character
        self.style = style
    }
}

/// A screen's worth of styled cells: what the UI draws, without a terminal, so tests can
/// compare it with expected text and check attributes cell by cell.
package struct Grid: Sendable, Equatable {
    /// The number of columns.
    package let width: Int
    /// The number of rows.
    package let height: Int
    /// The cells, row by row.
    package private(set) var cells: [Cell]

    /// A blank grid.
    package init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(" "), count: self.width * self.height)
    }

    /// The cell at `column`, `row`.
    package subscript(column: Int, row: Int) -> Cell {
        get { cells[row * width + column] }
        set {
            guard column >= 0, column < width, row >= 0, row < height else { return }
            cells[row * width + column] = newValue
        }
    }

    /// Writes `text` from `column` on `row`, cut at `limit` columns (the grid's edge by
    /// default); returns the column after the last cell written. A wide character (CJK,
    /// emoji) takes two cells, the second marked as its continuation; one that would not fit
    /// whole before the limit leaves a space. A character a terminal cannot draw in place (a
    /// control character) is shown as `?`.
    @discardableResult
    package mutating func write(
        _ text: String, column: Int, row: Int, style: Style = .plain, limit: Int? = nil
    ) -> Int {
        guard row >= 0, row < height else { return column }
        let end = min(width, limit ?? width)
        var x = column
        for character in text {
            guard x < end else { break }
            let cellWidth = character.displayWidth ?? 1
            if x >= 0 {
                if cellWidth == 2 && x + 1 >= end {
                    cells[row * width + x] = Cell(" ", style)
                } else {
                    cells[row * width + x] = Cell(
                        character.displayWidth == nil ? "?" : character, style)
                    if cellWidth == 2 {
                        cells[row * width + x + 1] = Cell(Cell.continuation, style)
                    }
                }
            }
            x += cellWidth
        }
        return min(x, end)
    }

    /// Writes `pieces` one after another from `column` on `row`, cut at `limit` columns (the
    /// grid's edge by default), as a line of prose and numbers: prose may be cut at the edge,
    /// but a whole piece (a number, an id) is written whole or not at all, so a cut can never
    /// make `0.0107` read `0.010`. Where a whole piece does not fit, `…` marks that more was
    /// left out, and nothing after it is written. Returns the column after the last cell.
    @discardableResult
    package mutating func write(
        _ pieces: [TextPiece], column: Int, row: Int, limit: Int? = nil
    ) -> Int {
        let end = min(width, limit ?? width)
        var x = column
        for piece in pieces {
            if piece.isWhole && x + piece.text.displayWidth > end {
                if x < end { write("…", column: x, row: row, style: piece.style, limit: end) }
                return x
            }
            x = write(piece.text, column: x, row: row, style: piece.style, limit: end)
        }
        return x
    }

    /// Applies `change` to the style of every cell of `row` from `columns`.
    package mutating func restyle(row: Int, columns: Range<Int>, _ change: (inout Style) -> Void) {
        guard row >= 0, row < height else { return }
        for x in max(0, columns.lowerBound)..<min(width, columns.upperBound) {
            change(&cells[row * width + x].style)
        }
    }

    /// The text of `row`, trailing spaces removed.
    package func text(ofRow row: Int) -> String {
        var line = String(
            cells[(row * width)..<((row + 1) * width)].lazy.filter { !$0.isContinuation }
                .map(\.character))
        while line.last == " " { line.removeLast() }
        return line
    }

    /// The whole grid as text, one line a row, trailing spaces removed.
    package var text: String {
        (0..<height).map(text(ofRow:)).joined(separator: "\n")
    }
}
