import AutogradEngine

/// A capture document that cannot be read, with where: `run.json:3:17: error: expected a
/// number`, as compilers and the `.ag` reader write it.
public struct CaptureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name as shown.
    public let path: String
    /// The 1-based line, `nil` for an error about the whole document.
    public let line: Int?
    /// The 1-based column in characters, `nil` with `line`.
    public let column: Int?
    /// What is wrong.
    public let message: String

    /// An error at a place of the document.
    public init(path: String, line: Int?, column: Int?, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:column: error: message`, one line ending in a newline, printable: the
    /// message may quote the document (an unknown format, an unknown probe mode).
    public var description: String {
        let place = line.flatMap { line in column.map { ":\(line):\($0)" } } ?? ""
        return NodeNames.printable("\(path)\(place): error: \(message)") + "\n"
    }
}
