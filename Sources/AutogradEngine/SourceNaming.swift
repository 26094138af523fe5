/// Where nodes without a label take a name from the code that made them: each node's line,
/// and what a line is called (`s1l1n1` for `s1l1n1 = relu(…)`), read only when a node of
/// that line is named, so that naming costs what is drawn, not a pass over every line.
public struct SourceNaming: Sendable {
    /// The 1-based line that made each node, by node index; 0 where none is known.
    public let lines: [Int32]
    /// What line `n` is called, `nil` when it gives no name.
    private let statementName: @Sendable (Int) -> String?

    /// Naming after `lines`, each line called what `statementName` says; it is called each
    /// time a node is named, so it should read only the one line.
    public init(lines: [Int32], statementName: @escaping @Sendable (Int) -> String?) {
        self.lines = lines
        self.statementName = statementName
    }

    /// The name a node made on `line` takes: what the line is called, then `@` and the line
    /// (`s1l1n1@52`); `nil` when the line gives no name.
    public func name(ofLine line: Int) -> String? {
        line > 0 ? statementName(line).map { "\($0)@\(line)" } : nil
    }

    /// The line in a source name `name` (`52` in `s1l1n1@52`), when it has one.
    static func line(in name: Substring) -> Int? {
        guard let at = name.lastIndex(of: "@") else { return nil }
        let digits = name[name.index(after: at)...]
        guard !digits.isEmpty, digits.count < 10, digits.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return Int(digits)
    }
}
