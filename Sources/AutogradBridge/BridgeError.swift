/// Why running a Python script gave no capture document. How the script itself ended is not
/// among them: it is the document's `outcome`. The script's own output, a message of the
/// bridge included, has been shown by the time this is thrown; `message` says what happened
/// in one line.
package enum BridgeError: Error, Sendable, Equatable {
    /// The temporary folder for the bridge could not be made or written.
    case cannotPrepare(String)
    /// No interpreter could be started.
    case noInterpreter(String)
    /// The interpreter ended with `status` without writing the document: the bridge failed
    /// (2 for its arguments, 4 when it could not write), or the script ended the interpreter at
    /// once (`os._exit`), which skips the bridge.
    case noDocument(status: Int32)
    /// A signal ended the interpreter.
    case killed(signal: Int32)
    /// The interpreter is older than Python 3.9, which the bridge needs.
    case oldInterpreter(interpreter: String, version: String)

    /// What happened, for `autograd-tui: …`.
    package var message: String {
        switch self {
        case .cannotPrepare(let reason): reason
        case .noInterpreter(let reason): reason
        case .noDocument(let status):
            "the Python bridge wrote no capture (the interpreter ended with status \(status)); "
                + "its message, if any, is above, and a script that calls os._exit() ends it so"
        case .killed(let signal): "the script was ended by \(EndingSignals.describe(signal))"
        case .oldInterpreter(let interpreter, let version):
            "\(interpreter) is Python \(version); the bridge needs Python 3.9 or later "
                + "(put one on PATH as python3, or set AUTOGRAD_TUI_PYTHON)"
        }
    }
}
