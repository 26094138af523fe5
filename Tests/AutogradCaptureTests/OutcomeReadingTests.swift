import Testing

@testable import AutogradCapture

/// The document's `outcome` and `diagnosis`: how the script ended and what the bridge noticed.
@Suite struct OutcomeReadingTests {
    private func read(_ members: String) throws(CaptureError) -> CaptureDocument {
        let text = "{\"format\": \"autograd-capture/1\", \(members) \"captures\": []}"
        return try CaptureReader.read(Array(text.utf8), path: "run.json")
    }

    @Test func theKeysAreSpeltAsTheFormatSpellsThem() {
        // Packed by hand; the reader's own packing of the text must give the same key.
        let keys: [(JSONReader.MemberKey, String)] = [
            (CaptureKeys.outcome, "outcome"), (CaptureKeys.diagnosis, "diagnosis"),
            (CaptureKeys.kind, "kind"), (CaptureKeys.status, "status"),
            (CaptureKeys.exception, "exception"), (CaptureKeys.traceback, "traceback"),
            (CaptureKeys.message, "message"), (CaptureKeys.file, "file"),
            (CaptureKeys.line, "line"),
        ]
        for (key, text) in keys {
            #expect(key == JSONReader.MemberKey(Array(text.utf8)), "\(text)")
            #expect(key == CaptureKeysTests.scanned(text), "\(text)")
        }
    }

    @Test(arguments: [
        ("{\"kind\": \"finished\"}", ScriptOutcome.finished),
        ("{\"status\": 3, \"kind\": \"exited\"}", .exited(status: 3)),
        (
            "{\"kind\": \"raised\", \"exception\": \"ValueError: bad\", \"later\": [1], \"traceback\": \"Traceback (most recent call last):\\n  File \\\"t.py\\\", line 2\\nValueError: bad\\n\"}",
            .raised(
                exception: "ValueError: bad",
                traceback:
                    "Traceback (most recent call last):\n  File \"t.py\", line 2\nValueError: bad\n"
            )
        ),
        (
            "{\"kind\": \"raised\", \"exception\": \"KeyboardInterrupt\"}",
            .raised(exception: "KeyboardInterrupt", traceback: "")
        ),
    ])
    func readsEachOutcome(text: String, outcome: ScriptOutcome) throws {
        #expect(try read("\"outcome\": \(text),").outcome == outcome)
    }

    @Test func anOlderDocumentHasNoOutcomeAndNoDiagnosis() throws {
        let document = try read("")
        #expect(document.outcome == nil)
        #expect(document.diagnosis.isEmpty)
        #expect(try read("\"outcome\": null, \"diagnosis\": null,").outcome == nil)
        // A kind from a later writer is no outcome, not an error.
        #expect(try read("\"outcome\": {\"kind\": \"vanished\"},").outcome == nil)
    }

    @Test func readsTheDiagnosis() throws {
        let document = try read(
            """
            "diagnosis": [{"message": "Value has no _backward", "file": "engine.py", "line": 12},
                          {"message": "backward is hidden", "file": "t.py", "line": null},
                          {"message": "no class looks like a value", "file": null, "line": null, "x": 1}],
            """)
        #expect(
            document.diagnosis == [
                DiagnosisEntry(message: "Value has no _backward", file: "engine.py", line: 12),
                DiagnosisEntry(message: "backward is hidden", file: "t.py"),
                DiagnosisEntry(message: "no class looks like a value"),
            ])
        #expect(
            document.diagnosis.map(\.description) == [
                "engine.py:12: Value has no _backward", "t.py: backward is hidden",
                "no class looks like a value",
            ])
    }

    @Test(arguments: [
        ("\"outcome\": {\"status\": 1},", "an outcome needs a \"kind\""),
        ("\"outcome\": {\"kind\": \"exited\"},", "an \"exited\" outcome needs a \"status\""),
        ("\"outcome\": {\"kind\": \"raised\"},", "a \"raised\" outcome needs an \"exception\""),
        ("\"outcome\": {\"kind\": \"exited\", \"status\": \"3\"},", "expected a number"),
        ("\"diagnosis\": [{\"file\": \"a.py\"}],", "a diagnosis entry needs a \"message\""),
    ])
    func badMembersAreErrors(members: String, message: String) {
        #expect(throws: CaptureError.self) { try read(members) }
        do {
            _ = try read(members)
        } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }
}
