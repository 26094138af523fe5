import AutogradCapture
import AutogradEngine

/// How a capture document's script ended, in words for standard error: the one line that says
/// a failed script's captures are judged anyway, and the message when it captured nothing.
enum ScriptEnding {
    /// `autograd-tui: train.py: the script raised ValueError: bad after 3 backward() calls;
    /// judging what was captured`, for a script that raised or exited with a status other
    /// than 0 after at least one call; `nil` for one that finished, or a document that does
    /// not say.
    static func notice(for document: CaptureDocument, path: String) -> String? {
        guard let outcome = document.outcome else { return nil }
        let calls =
            document.callCount == 1 ? "1 backward() call" : "\(document.callCount) backward() calls"
        let ending: String
        switch outcome {
        case .finished: return nil
        case .exited(let status): ending = "exited with status \(status) (sys.exit)"
        case .raised(let exception, _): ending = "raised \(NodeNames.printable(exception))"
        }
        return "autograd-tui: \(NodeNames.printable(path)): the script \(ending) after \(calls); "
            + "judging what was captured\n"
    }

    /// Why a document holds no capture, as it says how the script ended, then each entry of
    /// its diagnosis as `file:line: message`; `nil` for a document that does not say.
    /// `tracebackShown` says whether the script's traceback was printed above (it ran now).
    static func nothingCaptured(in document: CaptureDocument, path: String, tracebackShown: Bool)
        -> String?
    {
        guard let outcome = document.outcome else { return nil }
        // Where the bridge says why (a backward() that was a generator never run, a method
        // hidden), backward() may have been called: the headline says only that no pass was.
        let engine =
            document.diagnosis.isEmpty
            ? "backward() on a value of a micrograd-style engine"
            : "a backward() pass it could capture (why, below)"
        let sentence =
            switch outcome {
            case .finished:
                document.diagnosis.isEmpty
                    ? "the script finished without calling \(engine)"
                    : "the script finished without \(engine)"
            case .exited(let status):
                "the script exited with status \(status) (sys.exit) before calling \(engine)"
            case .raised(let exception, _):
                "the script raised \(NodeNames.printable(exception)) before calling \(engine)"
                    + (tracebackShown ? " (its traceback is above)" : "")
            }
        var text = "autograd-tui: \(NodeNames.printable(path)): \(sentence)\n"
        for entry in document.diagnosis {
            text += NodeNames.printable(entry.description) + "\n"
        }
        return text
    }
}
