import AutogradCapture
import AutogradEngine
import Testing

@Suite struct CaptureReaderTests {
    private func read(_ text: String) throws(CaptureError) -> CaptureDocument {
        try CaptureReader.read(Array(text.utf8), path: "run.json")
    }

    private func error(_ text: String) -> CaptureError? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsEveryFieldOfTheContract() throws {
        let document = try read(
            """
            {"format": "autograd-capture/1", "engine": "micrograd.engine.Value",
             "script": "train.py", "extra": {"ignored": [1, 2]},
             "captures": [{"index": 3, "call": {"file": "train.py", "line": 41}, "root": 2,
               "nodes": [
                 {"id": 0, "op": "", "label": "a", "data": 2.0, "grad": "nan", "children": [],
                  "ordered": true, "file": "train.py", "line": 3, "grad_before": 0},
                 {"id": 1, "op": null, "label": null, "data": "-inf", "grad": {"repr": "Value(data=1)"},
                  "children": [], "ordered": true},
                 {"id": 2, "op": "+", "label": "c\\u00e9", "data": 5e0, "grad": 1,
                  "children": [0, 1], "ordered": false,
                  "probe": [{"child": 0, "local": 1.0, "mode": "add"},
                            {"child": 1, "local": null, "mode": "error", "message": "boom"}]}],
               "fired": [2]}]}
            """)
        #expect(document.engine == "micrograd.engine.Value")
        #expect(document.script == "train.py")
        #expect(document.roots.count == 1)
        #expect(document.roots[0] == 5)
        let capture = try #require(document.captures.first)
        #expect(capture.index == 3)
        #expect(capture.call == SourceLocation(file: "train.py", line: 41))
        #expect(capture.root == 2)
        #expect(capture.fired == [2])
        let nodes = capture.nodes
        #expect(nodes.count == 3)
        #expect(nodes.operations == ["", nil, "+"])
        #expect(nodes.labels == ["a", nil, "cé"])
        #expect(nodes.grads[0].isNaN)
        #expect(nodes.engineGrad(of: 0) == .number(.nan) || nodes.grads[0].isNaN)
        #expect(nodes.data[1] == -.infinity)
        #expect(nodes.engineGrad(of: 1) == .notANumber(repr: "Value(data=1)"))
        #expect(nodes.gradsBefore == [0, nil, nil])
        #expect(Array(nodes.children(of: 2)) == [0, 1])
        #expect(nodes.ordered == [true, true, false])
        #expect(nodes.location(of: 0) == SourceLocation(file: "train.py", line: 3))
        #expect(nodes.location(of: 1) == nil)
        #expect(nodes.probes(of: 0) == nil)
        #expect(
            nodes.probes(of: 2)
                == [
                    Probe(child: 0, local: 1, mode: .add),
                    Probe(child: 1, local: nil, mode: .error, message: "boom"),
                ])
    }

    @Test func nodesInAnyOrderArePutInIdOrder() throws {
        let document = try read(
            """
            {"format": "autograd-capture/1", "captures": [{"root": 0, "nodes": [
              {"id": 2, "op": "", "data": 3, "grad": 1, "children": []},
              {"id": 0, "op": "*", "data": 6, "grad": 1, "children": [1, 2],
               "probe": [{"child": 1, "local": 3, "mode": "add"}, {"child": 2, "local": 2, "mode": "add"}]},
              {"id": 1, "op": "", "data": 2, "grad": 3, "children": []}]}],
             "roots": [6, 5.5]}
            """)
        let nodes = try #require(document.captures.first).nodes
        #expect(nodes.data == [6, 2, 3])
        #expect(Array(nodes.children(of: 0)) == [1, 2])
        #expect(nodes.probes(of: 0)?.map(\.child) == [1, 2])
        #expect(document.roots == [6, 5.5])
        #expect(document.callCount == 2)
    }

    @Test(arguments: [
        ("{\"format\": \"autograd-capture/1\", \"captures\": [}", 1, 47, "expected an object"),
        (
            "{\"captures\": []}", 1, 1,
            "not a capture: the document has no \"format\" (expected \"autograd-capture/1\")"
        ),
        (
            "{\"format\": \"autograd-trace/1\"}", 1, 1,
            "this is a trace (what --json writes), not a capture; open the script or the capture it came from"
        ),
        (
            "{\"format\": \"autograd-capture/1\",\n \"captures\": [{\"root\": 0, \"nodes\": [\n  {\"id\": 0, \"data\": 1}, {\"id\": 0, \"data\": 2}]}]}",
            3, 25, "node id 0 appears twice"
        ),
        (
            "{\"format\": \"autograd-capture/1\", \"captures\": [{\"root\": 0, \"nodes\": [{\"id\": 0, \"data\": 1, \"children\": [4]}]}]}",
            1, 69, "node 0 has child 4, which is not a node of this capture"
        ),
        (
            "{\"format\": \"autograd-capture/1\", \"captures\": [{\"root\": 5, \"nodes\": [{\"id\": 0, \"data\": 1}]}]}",
            1, 56, "the root 5 is not a node of this capture"
        ),
        (
            "{\"format\": \"autograd-capture/1\", \"captures\": [{\"root\": 0, \"nodes\": [{\"id\": 0, \"data\": \"lots\"}]}]}",
            1, 87, "expected a number, or \"nan\", \"inf\" or \"-inf\""
        ),
        (
            "{\"format\": \"autograd-capture/1\", \"captures\": [{\"root\": 1, \"nodes\": [{\"id\": 0, \"data\": 1}, {\"id\": 1, \"data\": 1, \"children\": [0], \"probe\": [{\"child\": 0, \"mode\": \"plus\"}]}]}]}",
            1, 160,
            "unknown probe mode \"plus\"; one of \"add\", \"assign\", \"ignores-upstream\", \"untouched\", \"error\""
        ),
        ("{\"format\": \"autograd-capture/1\"} {}", 1, 34, "more text after the document"),
    ])
    func badDocumentsAreReportedWhereTheyGoWrong(
        text: String, line: Int, column: Int, message: String
    ) {
        #expect(
            error(text)
                == CaptureError(path: "run.json", line: line, column: column, message: message))
    }

    @Test func aTruncatedDocumentIsAnErrorNotATrap() {
        let text = captureDocument(
            root: 1,
            nodes: [
                .leaf(0, "a", data: 2, grad: 3),
                .node(1, "*", [0, 0], data: 4, grad: 1, locals: [4]),
            ])
        var failures = 0
        for end in 0..<text.utf8.count {
            if (try? CaptureReader.read(Array(text.utf8.prefix(end)), path: "t.json")) == nil {
                failures += 1
            }
        }
        #expect(failures == text.utf8.count)
    }

    @Test func jsonIsToldFromAnAgScriptByItsFirstCharacter() {
        #expect(CaptureReader.looksLikeJSON(Array("\u{FEFF}\n  {\"format\": 1}".utf8)))
        #expect(!CaptureReader.looksLikeJSON(Array("x = 2.0\n".utf8)))
        #expect(!CaptureReader.looksLikeJSON([]))
    }
}
