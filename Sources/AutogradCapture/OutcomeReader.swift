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
            case OutcomeKeys.kind: kind = try reader.readString()
            case OutcomeKeys.status: status = try reader.readInt()
            case OutcomeKeys.exception: exception = try reader.readString()
            case OutcomeKeys.traceback: traceback = try reader.readString()
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
                case OutcomeKeys.message: message = try reader.readString()
                case OutcomeKeys.file: file = reader.readNull() ? nil : try reader.readString()
                case OutcomeKeys.line: line = reader.readNull() ? nil : try reader.readInt()
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

/// The keys of `outcome` and `diagnosis`, packed as `JSONReader.MemberKey` packs them (the bytes
/// little-endian in two words), as the reader's other keys are.
enum OutcomeKeys {
    /// `"outcome"`
    static var outcome: JSONReader.MemberKey {
        JSONReader.MemberKey(low: 0x65_6D6F_6374_756F, high: 0x0, length: 7)
    }
    /// `"diagnosis"`
    static var diagnosis: JSONReader.MemberKey {
        JSONReader.MemberKey(low: 0x6973_6F6E_6761_6964, high: 0x73, length: 9)
    }
    /// `"kind"`
    static var kind: JSONReader.MemberKey {
        JSONReader.MemberKey(low: 0x646E_696B, high: 0x0, length: 4)
    }
    /// `"status"`
    static var status: JSONReader.MemberKey {
        JSONReader.MemberKey(low: 0x7375_7461_7473, high: 0x0, length: 6)
    }
    /// `"exception"`
    static var exception: JSONReader.MemberKey {
        JSONReader.MemberKey(low: 0x6F69_7470_6563_7865, high: 0x6E, length: 9)
    }
    /// `"traceback"`
    static var traceback: JSONReader.MemberKey {
        JSONReader.MemberKey(low: 0x6361_6265_6361_7274, high: 0x6B, length: 9)
    }
    /// `"message"`
    static var message: JSONReader.MemberKey {
        JSONReader.MemberKey(low: 0x65_6761_7373_656D, high: 0x0, length: 7)
    }
    /// `"file"`
    static var file: JSONReader.MemberKey {
        JSONReader.MemberKey(low: 0x656C_6966, high: 0x0, length: 4)
    }
    /// `"line"`
    static var line: JSONReader.MemberKey {
        JSONReader.MemberKey(low: 0x656E_696C, high: 0x0, length: 4)
    }
}
