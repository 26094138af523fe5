/// Text for terminals that show ASCII only (`--ascii`): the symbols the debugger writes,
/// spelled out. (Formulas come in ASCII already: `FormulaText` renders them for either.)
enum AsciiText {
    private static let replacements: [(String, String)] = [
        ("∂", "d"), ("×", "*"), ("·", "*"), ("−", "-"), ("→", "->"), ("←", "<-"), ("↓", "down"),
        ("↑", "up"), ("█", "_"), ("…", "..."),
    ]

    /// `text` with the debugger's symbols spelled in ASCII; other non-ASCII characters stay.
    static func transliterate(_ text: String) -> String {
        guard !text.allSatisfy(\.isASCII) else { return text }
        var result = text
        for (symbol, ascii) in replacements where result.contains(symbol) {
            result = result.replacing(symbol, with: ascii)
        }
        return result
    }

    /// Replaces every cell that is still not ASCII (text from the user's file) with `?`, both
    /// cells of a wide character.
    static func restrict(_ grid: inout Grid) {
        for row in 0..<grid.height {
            for column in 0..<grid.width {
                let cell = grid[column, row]
                if !cell.character.isASCII || cell.isContinuation {
                    grid[column, row].character = "?"
                }
            }
        }
    }
}
