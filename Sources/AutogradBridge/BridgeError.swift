/// Why a Python script gave no capture. The script's own output, a traceback included, has
/// been shown by the time this is thrown; `message` says what happened in one line.
public enum BridgeError: Error, Sendable, Equatable {
    /// The temporary folder for the bridge could not be made or written.
    case cannotPrepare(String)
    /// No interpreter could be started.
    case noInterpreter(String)
    /// The script raised (a syntax error included); Python's traceback is on standard error.
    case scriptRaised
    /// The script ended without calling `backward()` on a value the bridge recognised.
    case noBackward
    /// The script called `sys.exit` with a status other than 0.
    case scriptExited(Int32)
    /// The bridge itself failed, with the status it gave.
    case bridgeFailed(Int32)
    /// A signal ended the interpreter.
    case killed(signal: Int32)

    /// What happened, for `autograd-tui: …`.
    public var message: String {
        switch self {
        case .cannotPrepare(let reason): reason
        case .noInterpreter(let reason): reason
        case .scriptRaised:
            "the script raised an exception (its traceback is above), so nothing was captured"
        case .noBackward:
            "the script finished without calling backward() on a value of a micrograd-style engine"
        case .scriptExited(let status):
            "the script exited with status \(status) (sys.exit), so nothing was captured"
        case .bridgeFailed(let status):
            "the Python bridge failed (status \(status)); its message is above"
        case .killed(let signal): "the script was ended by signal \(signal)"
        }
    }
}
