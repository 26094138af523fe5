import AutogradEngine

/// A capture document that cannot be read, with where: `run.json:3:17: error: expected a
/// number`, as compilers and the `.ag` reader write it.
package struct CaptureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name as shown.
    package let path: String
    /// The 1-based line, `nil` for an error about the whole document.
    package let line: Int?
    /// The 1-based column in characters, `nil` with `line`.
    package let column: Int?
    /// What is wrong.
    package let message: String

    /// An error at a place of the document.
    package init(path: String, line: Int?, column: Int?, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:column: error: message`, one line ending in a newline, printable: the
    /// message may quote the document (an unknown format, an unknown probe mode).
    package var description: String {
        let place = line.flatMap { line in column.map { ":\(line):\($0)" } } ?? ""
        return NodeNames.printable("\(path)\(place): error: \(message)") + "\n"
    }
}
