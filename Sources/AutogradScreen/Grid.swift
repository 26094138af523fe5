import AutogradEngine

/// The colors the screen uses; the terminal maps them to its palette.
public enum Color: UInt8, Sendable {
    case red, green, yellow, blue, magenta, cyan
}

/// How a cell is drawn.
public struct Style: Sendable, Hashable {
    /// The foreground color, `nil` for the terminal's default.
    public var foreground: Color?
    /// Bold text.
    public var bold = false
    /// Dim text.
    public var dim = false
    /// Reverse video.
    public var reverse = false
    /// Underlined text.
    public var underline = false

    /// The terminal's default style.
    public static let plain = Style()

    /// A style with the given attributes.
    public init(
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
public struct TextPiece: Sendable, Equatable {
    /// The text.
    public var text: String
    /// How it is drawn.
    public var style: Style
    /// Whether it must be written whole or not at all (a number, an id), unlike prose, which
    /// may be cut at the edge.
    public var isWhole: Bool

    /// Prose in `style`, which may be cut at the edge.
    public static func prose(_ text: String, _ style: Style = .plain) -> TextPiece {
        TextPiece(text: text, style: style, isWhole: false)
    }

    /// A number or an id in `style`, written whole or not at all.
    public static func whole(_ text: String, _ style: Style = .plain) -> TextPiece {
        TextPiece(text: text, style: style, isWhole: true)
    }
}

/// One character cell of the screen.
public struct Cell: Sendable, Hashable {
    /// What the cell shows; always one column wide.
    public var character: Character
    /// How it is drawn.
    public var style: Style

    /// A cell showing `character` in `style`.
    public init(_ character: Character, _ style: Style = .plain) {
        self.character = character
        self.style = style
    }
}

/// A screen's worth of styled cells: what the UI draws, without a terminal, so tests can
/// compare it with expected text and check attributes cell by cell.
public struct Grid: Sendable, Equatable {
    /// The number of columns.
    public let width: Int
    /// The number of rows.
    public let height: Int
    /// The cells, row by row.
    public private(set) var cells: [Cell]

    /// A blank grid.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(" "), count: self.width * self.height)
    }

    /// The cell at `column`, `row`.
    public subscript(column: Int, row: Int) -> Cell {
        get { cells[row * width + column] }
        set {
            guard column >= 0, column < width, row >= 0, row < height else { return }
            cells[row * width + column] = newValue
        }
    }

    /// Writes `text` from `column` on `row`, cut at `limit` columns (the grid's edge by
    /// default); returns the column after the last character written. Characters that would
    /// not take exactly one column on a terminal are shown as `?`.
    @discardableResult
    public mutating func write(
        _ text: String, column: Int, row: Int, style: Style = .plain, limit: Int? = nil
    ) -> Int {
        guard row >= 0, row < height else { return column }
        let end = min(width, limit ?? width)
        var x = column
        for character in text {
            guard x < end else { break }
            if x >= 0 {
                cells[row * width + x] = Cell(
                    CellWidth.isSingle(character) ? character : "?", style)
            }
            x += 1
        }
        return x
    }

    /// Writes `pieces` one after another from `column` on `row`, cut at `limit` columns (the
    /// grid's edge by default), as a line of prose and numbers: prose may be cut at the edge,
    /// but a whole piece (a number, an id) is written whole or not at all, so a cut can never
    /// make `0.0107` read `0.010`. Where a whole piece does not fit, `…` marks that more was
    /// left out, and nothing after it is written. Returns the column after the last cell.
    @discardableResult
    public mutating func write(
        _ pieces: [TextPiece], column: Int, row: Int, limit: Int? = nil
    ) -> Int {
        let end = min(width, limit ?? width)
        var x = column
        for piece in pieces {
            if piece.isWhole && x + piece.text.count > end {
                if x < end { write("…", column: x, row: row, style: piece.style, limit: end) }
                return x
            }
            x = write(piece.text, column: x, row: row, style: piece.style, limit: end)
        }
        return x
    }

    /// Applies `change` to the style of every cell of `row` from `columns`.
    public mutating func restyle(row: Int, columns: Range<Int>, _ change: (inout Style) -> Void) {
        guard row >= 0, row < height else { return }
        for x in max(0, columns.lowerBound)..<min(width, columns.upperBound) {
            change(&cells[row * width + x].style)
        }
    }

    /// The text of `row`, trailing spaces removed.
    public func text(ofRow row: Int) -> String {
        var line = String(cells[(row * width)..<((row + 1) * width)].map(\.character))
        while line.last == " " { line.removeLast() }
        return line
    }

    /// The whole grid as text, one line a row, trailing spaces removed.
    public var text: String {
        (0..<height).map(text(ofRow:)).joined(separator: "\n")
    }
}

/// Which characters take exactly one terminal column.
enum CellWidth {
    /// Whether `character` is a single scalar that terminals draw one column wide: not a
    /// control character, not combining, not East Asian wide, not emoji.
    static func isSingle(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first else { return false }
        if scalar.isControlCharacter { return false }
        let value = scalar.value
        if value < 0x300 { return true }
        let wideOrZero: [ClosedRange<UInt32>] = [
            0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x0610...0x061A, 0x064B...0x065F,
            0x1100...0x115F, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0x20D0...0x20FF,
            0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F3, 0x25FD...0x25FE,
            0x2614...0x2615, 0x2648...0x2653, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
            0x26F2...0x26F5, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728, 0x274C...0x274C,
            0x2753...0x2755, 0x2795...0x2797, 0x27B0...0x27B0, 0x2B1B...0x2B1C, 0x2E80...0x303E,
            0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3,
            0xD800...0xDFFF, 0xF900...0xFAFF, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFE30...0xFE4F,
            0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F000...0x1FAFF, 0x20000...0x3FFFD,
            0xE0000...0xE01EF,
        ]
        return !wideOrZero.contains { $0.contains(value) }
    }
}
