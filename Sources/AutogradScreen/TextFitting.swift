/// Fitting text into a width: wrapping at spaces, shortening from the left.
enum TextFitting {
    /// `text` broken at spaces into lines of at most `width` characters; a word longer than
    /// the width gets a line of its own, cut to the width.
    static func wrapped(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word.prefix(width)
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// `text` in rows of at most `width` characters, for code: each row ends after the last
    /// space that fits, or is cut at the width where none does, so no character is lost; at
    /// most `maximumRows` rows, the last ending in `…` when text is left over.
    static func folded(_ text: String, width: Int, maximumRows: Int) -> [String] {
        let width = max(2, width)
        var rows: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty && rows.count < maximumRows {
            if rest.count <= width {
                rows.append(String(rest))
                return rows
            }
            let window = rest.prefix(width)
            let cut = window.lastIndex(of: " ").map { rest.index(after: $0) } ?? window.endIndex
            let end = cut == rest.startIndex ? window.endIndex : cut
            rows.append(String(rest[..<end]))
            rest = rest[end...]
        }
        if !rest.isEmpty, let last = rows.popLast() {
            rows.append(String(last.prefix(width - 1)) + "…")
        }
        return rows.isEmpty ? [""] : rows
    }

    /// `text` if it has at most `width` characters, else its end after `…`, so that the
    /// end of a path (the file's name) stays.
    static func shortenedFromLeft(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.suffix(max(0, width))) }
        return "…" + text.suffix(width - 1)
    }
}
