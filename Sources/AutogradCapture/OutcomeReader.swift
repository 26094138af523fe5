/// Reads the document members that say how the script ended, `outcome` and `diagnosis`, for
/// `CaptureReader`: each appears once a document, so they are read into plain values.
enum OutcomeReader {
    typealias Failure = JSONReader.Failure

    /// An `outcome`: `{"kind": "finished"}`, `{"kind": "exited", "status": N}` or
    /// `{"kind": "raised", "exception": "...", "traceback": "..."}`. `nil` for `null` and for
    /// a kind this version does not know (a later writer's), which is read as no outcome.
    static func readOutcome(_ reader: inout JSONReader) throws(Failure) -> ScriptOutcome? {
        if reader.readNull() { return nil }
        let start = reader.startOfValue()
        var kind: String?
        var status: Int?
        var exception: String?
        var traceback: String?
        try reader.readObject { (reader, key) throws(Failure) in
            switch key {
            case CaptureKeys.kind: kind = try reader.readString()
            case CaptureKeys.status: status = try reader.readInt()
            case CaptureKeys.exception: exception = try reader.readString()
            case CaptureKeys.traceback: traceback = try reader.readString()
            default: try reader.skipValue()
            }
        }
        switch kind {
        case "finished": return .finished
        case "exited":
            guard let status else {
                throw Failure(offset: start, message: "an \"exited\" outcome needs a \"status\"")
            }
            return .exited(status: status)
        case "raised":
            guard let exception else {
                throw Failure(
                    offset: start, message: "a \"raised\" outcome needs an \"exception\"")
            }
            return .raised(exception: exception, traceback: traceback ?? "")
        case nil: throw Failure(offset: start, message: "an outcome needs a \"kind\"")
        case _?: return nil
        }
    }

    /// A `diagnosis`: an array of `{"message": "...", "file": "..." | null, "line": N | null}`;
    /// empty for `null`.
    static func readDiagnosis(_ reader: inout JSONReader) throws(Failure) -> [DiagnosisEntry] {
        if reader.readNull() { return [] }
        var findings: [DiagnosisEntry] = []
        try reader.readArray { (reader) throws(Failure) in
            let start = reader.startOfValue()
            var message: String?
            var file: String?
            var line: Int?
            try reader.readObject { (reader, key) throws(Failure) in
                switch key {
                case CaptureKeys.message: message = try reader.readString()
                case CaptureKeys.file: file = reader.readNull() ? nil : try reader.readString()
                case CaptureKeys.line: line = reader.readNull() ? nil : try reader.readInt()
                default: try reader.skipValue()
                }
            }
            guard let message else {
                throw Failure(offset: start, message: "a diagnosis entry needs a \"message\"")
            }
            findings.append(DiagnosisEntry(message: message, file: file, line: line))
        }
        return findings
    }
}
