/// How the script behind a capture document ended, as the bridge saw it (`outcome`).
package enum ScriptOutcome: Sendable, Equatable {
    /// It ran to its end, or called `sys.exit()` with 0 or `None`.
    case finished
    /// It called `sys.exit(status)` with a status other than 0 (1 for a message instead of a
    /// number, which Python printed).
    case exited(status: Int)
    /// An exception ended it, a syntax error and Ctrl-C (`KeyboardInterrupt`) included.
    /// `exception` is the last line of its traceback (`ValueError: bad`); `traceback` is the
    /// whole of it as Python printed it on the script's standard error, the bridge's frames
    /// left out.
    case raised(exception: String, traceback: String)

    /// Whether the script failed: it raised or exited with a status other than 0.
    package var isFailure: Bool {
        switch self {
        case .finished: false
        case .exited, .raised: true
        }
    }
}

/// One thing the bridge noticed about the script's engine (`diagnosis`), such as a class that
/// almost looks like a value type and what it lacks: a sentence, and the place in the user's
/// code it is about, when there is one.
package struct DiagnosisEntry: Sendable, Equatable, CustomStringConvertible {
    /// The sentence, without the place.
    package var message: String
    /// The file the finding is about, as the bridge wrote it.
    package var file: String?
    /// The 1-based line in `file`.
    package var line: Int?

    /// A finding about `file` at `line`.
    package init(message: String, file: String? = nil, line: Int? = nil) {
        self.message = message
        self.file = file
        self.line = line
    }

    /// `file:line: message` as compilers write it; `file: message` without a line, and the
    /// message alone without a file.
    package var description: String {
        switch (file, line) {
        case (let file?, let line?): "\(file):\(line): \(message)"
        case (let file?, nil): "\(file): \(message)"
        case (nil, _): message
        }
    }
}
