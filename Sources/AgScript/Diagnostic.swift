import AutogradEngine

/// An error in an `.ag` file, rendered as
///
/// ```
/// demos/bad.ag:2:9: error: 'c' is not defined
/// b = a * c
///         ^
/// ```
///
/// or, for an error about the whole file, `path: error: message`.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name as shown (`<stdin>` for standard input).
    public let path: String
    /// The 1-based line, `nil` for an error about the whole file.
    public let line: Int?
    /// The 1-based column in characters, `nil` for an error about the whole file.
    public let column: Int?
    /// What is wrong, and how to fix it where that can be told.
    public let message: String
    /// The offending line as shown: control characters replaced, very long lines cut to a
    /// window around the column.
    public let sourceLine: String?
    /// Spaces (and the line's own tabs) then `^` under the column, as wide as the text before
    /// it is on a terminal.
    public let caretLine: String?

    /// The longest source line shown in full; longer ones show a window around the column.
    static let longestLineShown = 160

    /// An error about the whole file.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
        line = nil
        column = nil
        sourceLine = nil
        caretLine = nil
    }

    /// An error at `column` of `line`, whose text is `lineText`.
    public init(path: String, line: Int, column: Int, message: String, lineText: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        var scalars = Array(lineText.unicodeScalars)
        var caretIndex = min(max(column - 1, 0), scalars.count)
        if scalars.count > Self.longestLineShown {
            let half = Self.longestLineShown / 2
            let start = max(0, min(caretIndex - half, scalars.count - Self.longestLineShown))
            let end = min(scalars.count, start + Self.longestLineShown)
            var window = Array(scalars[start..<end])
            caretIndex -= start
            if start > 0 {
                window.insert("…", at: 0)
                caretIndex += 1
            }
            if end < scalars.count { window.append("…") }
            scalars = window
        }
        let shown = scalars.map { scalar -> Unicode.Scalar in
            scalar == "\t" || !scalar.isUnprintable ? scalar : "\u{FFFD}"
        }
        var sourceLine = String.UnicodeScalarView()
        sourceLine.append(contentsOf: shown)
        self.sourceLine = String(sourceLine)
        // The caret sits under the column as a terminal draws the line: a tab stays a tab, a
        // wide character (CJK, emoji) takes two spaces, a combining mark none.
        var before = String.UnicodeScalarView()
        before.append(contentsOf: shown.prefix(caretIndex))
        var caret = ""
        for character in String(before) {
            caret +=
                character == "\t"
                ? "\t" : String(repeating: " ", count: character.displayWidth ?? 1)
        }
        caretLine = caret + "^"
    }

    /// The diagnostic in the documented format, without a final newline.
    public var description: String {
        let path = NodeNames.printable(path)
        guard let line, let column else { return "\(path): error: \(message)" }
        var text = "\(path):\(line):\(column): error: \(message)"
        if let sourceLine, let caretLine { text += "\n\(sourceLine)\n\(caretLine)" }
        return text
    }
}

/// The errors that kept an `.ag` file from being read: every erroneous line up to a limit,
/// and how many there were in all.
public struct ScriptError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The errors reported, in file order, at most `ScriptReader.maximumDiagnostics`.
    public let diagnostics: [Diagnostic]
    /// How many errors were found, including those not reported.
    public let totalCount: Int
    /// The file's name as shown.
    public let path: String

    /// Every reported diagnostic, then a count of the others; ends with a newline.
    public var description: String {
        var text = diagnostics.map { "\($0)\n" }.joined()
        let hidden = totalCount - diagnostics.count
        if hidden > 0 {
            text +=
                "\(NodeNames.printable(path)): note: \(hidden) more error\(hidden == 1 ? "" : "s") not shown\n"
        }
        return text
    }
}
