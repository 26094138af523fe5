import AutogradEngine
import Testing

@testable import AutogradCapture

/// Captures made to break the reader (issue 17): each is a document or a `CaptureError`,
/// never a trap, a stack overflow or a huge reservation.
@Suite("Hostile captures")
struct HostileCaptureTests {
    private func outcome(_ text: String) -> Result<CaptureDocument, CaptureError> {
        Result { () throws(CaptureError) in
            try CaptureReader.read(Array(text.utf8), path: "run.json")
        }
    }

    @Test("a high surrogate escape followed by another escape is U+FFFD and that letter")
    func loneHighSurrogate() throws {
        guard case .failure(let error) = outcome(#"{"format":"\ud800\u0041"}"#) else {
            Issue.record("an unknown format was read")
            return
        }
        #expect(error.message.contains("\u{FFFD}A"))
    }

    @Test("surrogate pairs, lone halves and a high surrogate at the end all read")
    func surrogates() throws {
        let labels = [
            (#"\ud83d\ude00"#, "😀"), (#"\udc00"#, "\u{FFFD}"), (#"\ud800"#, "\u{FFFD}"),
            (#"\ud800\ud800"#, "\u{FFFD}\u{FFFD}"), (#"\ud800\n"#, "\u{FFFD}\n"),
        ]
        for (escaped, expected) in labels {
            let text = """
                {"format": "autograd-capture/1", "captures": [{"root": 0, "nodes": [
                 {"id": 0, "op": "", "label": "\(escaped)", "data": 1, "grad": 1, "children": []}]}]}
                """
            let document = try outcome(text).get()
            #expect(document.captures[0].nodes.labels[0] == expected, "\(escaped)")
        }
    }

    @Test("150,000 nested arrays in a member the reader skips are skipped without recursion")
    func deepSkippedMember() throws {
        let depth = 150_000
        let text =
            #"{"format": "autograd-capture/1", "extra": "#
            + String(repeating: "[{\"a\": ", count: depth) + "1"
            + String(repeating: "}]", count: depth) + #", "captures": []}"#
        let document = try outcome(text).get()
        #expect(document.captures.isEmpty)
        let unclosed =
            #"{"format": "autograd-capture/1", "extra": "# + String(repeating: "[", count: depth)
        guard case .failure = outcome(unclosed) else {
            Issue.record("an unclosed array was read")
            return
        }
    }

    @Test("skipping keeps JSON's grammar: members need keys, separators are checked")
    func skippedGrammar() {
        for bad in [#"{"a": 1 2}"#, #"[1 2]"#, #"{1: 2}"#, #"[1,]"#, #"{"a" 1}"#, #"[}"#] {
            let text = #"{"format": "autograd-capture/1", "extra": "# + bad + "}"
            guard case .failure = outcome(text) else {
                Issue.record("\(bad) was skipped as a value")
                continue
            }
        }
    }

    @Test("room for the nodes ahead is bounded, whatever white space follows the first ones")
    func reservationIsBounded() {
        #expect(DocumentDecoder.estimatedNodes(remainingBytes: 400 << 20, size: 18) <= 1 << 20)
        #expect(DocumentDecoder.estimatedNodes(remainingBytes: 1_000, size: 0) == 1_000)
    }
}
