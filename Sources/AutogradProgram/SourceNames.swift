import AutogradEngine

extension Script {
    /// The most characters of a statement's text a source name keeps (`sum(losses)`), and of
    /// an assignment's target.
    public static let longestSourceName = 12

    /// How the nodes without a label are named after the statement that made them: the
    /// target of an assignment (`s1l1n1@52`, `loss@157` for `loss += …`), else the
    /// statement's text shortened (`sum(losses)@157`, `return` dropped). A line is read
    /// when one of its nodes is named, not before. `nil` when every node has a label, and
    /// for a notebook, whose lines are its cells'.
    public func sourceNaming() -> SourceNaming? {
        guard nodeCells.allSatisfy({ $0 == 0 }), nodeLines.count == graph.count,
            graph.labels.contains(where: { $0 ?? "" == "" })
        else { return nil }
        let source = self.source
        return SourceNaming(lines: nodeLines) { line in
            guard line <= source.lineCount else { return nil }
            return Self.statementName(
                source.text(ofLine: line, upTo: 4 * Self.longestSourceName + 40))
        }
    }

    /// What a statement is called in a source name: the target of an assignment, else the
    /// text without a trailing comment or a leading `return`, at most `longestSourceName`
    /// characters (ending in `…` when cut); `nil` for an empty line.
    static func statementName(_ line: String) -> String? {
        var text = Substring(line)
        if let comment = text.firstIndex(of: "#") { text = text[..<comment] }
        text = text.drop { $0 == " " || $0 == "\t" }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        for keyword in ["return ", "yield "] where text.hasPrefix(keyword) {
            text = text.dropFirst(keyword.count)
        }
        guard !text.isEmpty else { return nil }
        if let target = assignmentTarget(text) { return shortened(target) }
        return shortened(text)
    }

    /// The target of `target = …` or `target op= …` when it is a name, an attribute or an
    /// item (`x`, `self.w`, `ys[0]`): the characters before the first `=` that is not part
    /// of `==`, `<=`, `>=` or `!=`.
    private static func assignmentTarget(_ text: Substring) -> Substring? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let after = text.index(after: equals)
        if after < text.endIndex, text[after] == "=" { return nil }
        var target = text[..<equals]
        if let last = target.last, "<>!=".contains(last) { return nil }
        if let last = target.last, "+-*/%@&|^".contains(last) { target.removeLast() }
        if target.hasSuffix("*") || target.hasSuffix("/") { target.removeLast() }
        while let last = target.last, last == " " { target.removeLast() }
        let allowed = target.allSatisfy {
            $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "[" || $0 == "]"
        }
        return allowed && !target.isEmpty ? target : nil
    }

    private static func shortened(_ text: Substring) -> String {
        text.count <= longestSourceName
            ? String(text) : String(text.prefix(longestSourceName - 1)) + "…"
    }
}
