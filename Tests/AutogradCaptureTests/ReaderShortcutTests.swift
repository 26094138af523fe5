import AutogradCapture
import Testing

/// The reader's shortcuts (whole numbers read as digits, probe modes matched as packed bytes,
/// operation strings stored once) must read what the general path reads, and leave everything
/// else, errors included, to it.
@Suite struct ReaderShortcutTests {
    private func read(_ text: String) throws(CaptureError) -> CaptureDocument {
        try CaptureReader.read(Array(text.utf8), path: "run.json")
    }

    private func document(nodes: String, root: Int = 0) -> String {
        "{\"format\": \"autograd-capture/1\", \"captures\": [{\"root\": \(root), \"nodes\": [\(nodes)]}]}"
    }

    @Test func everyProbeModeIsReadHoweverItIsSpelt() throws {
        let spellings: [(String, Probe.Mode)] = [
            ("add", .add), ("assign", .assign), ("ignores-upstream", .ignoresUpstream),
            ("untouched", .untouched), ("error", .error), ("a\\u0064d", .add),
            ("\\u0061ssign", .assign),
        ]
        for (spelling, mode) in spellings {
            let text = document(
                nodes: """
                    {"id": 0, "data": 1}, {"id": 1, "op": "tanh", "data": 0.5, "children": [0],
                     "probe": [{"child": 0, "local": 0.75, "mode": "\(spelling)"}]}
                    """, root: 1)
            let nodes = try #require(try read(text).captures.first).nodes
            #expect(
                nodes.probes(of: 1) == [Probe(child: 0, local: 0.75, mode: mode)], "\(spelling)")
        }
    }

    @Test func aModeThatIsNoneOfTheFiveIsNamedInTheMessage() {
        for spelling in ["ad", "adds", "ignores-upstream!", "ignores-upstream-and-more", "ADD"] {
            let text = document(
                nodes: """
                    {"id": 0, "data": 1}, {"id": 1, "data": 1, "children": [0],
                     "probe": [{"child": 0, "mode": "\(spelling)"}]}
                    """, root: 1)
            #expect(throws: CaptureError.self) { try read(text) }
            do {
                _ = try read(text)
            } catch {
                #expect(error.message.hasPrefix("unknown probe mode \"\(spelling)\""))
            }
        }
    }

    @Test func operationStringsAreKeptPerNodeHoweverManyThereAre() throws {
        // More distinct strings than are looked for byte by byte, escaped and null ones among them.
        var nodes = ["{\"id\": 0, \"data\": 1}"]
        var expected: [String?] = [nil]
        for id in 1...40 {
            let (written, text): (String, String?) =
                switch id % 5 {
                case 0: ("\"t\\u0061nh\"", "tanh")
                case 1: ("\"tanh\"", "tanh")
                case 2: ("null", nil)
                case 3: ("\"op\(id)\"", "op\(id)")
                default: ("\"**\(id % 3 + 1)\"", "**\(id % 3 + 1)")
                }
            nodes.append("{\"id\": \(id), \"op\": \(written), \"data\": 1, \"children\": [0]}")
            expected.append(text)
        }
        let capture = try #require(
            try read(document(nodes: nodes.joined(separator: ", "), root: 40)).captures.first)
        #expect(capture.nodes.operations == expected)
        let replay = try Replay(capture)
        #expect(replay.graph.operation(of: replay.node(ofCaptureID: 5)) == .tanh)
        #expect(replay.graph.operation(of: replay.node(ofCaptureID: 1)) == .tanh)
        #expect(replay.graph.exponent(of: replay.node(ofCaptureID: 4)) == 2)
        #expect(replay.notes[replay.node(ofCaptureID: 3)] == .opaque("op3"))
    }

    @Test(
        arguments: [
            ("{\"id\":   1.5, \"data\": 1}", 7, "expected a whole number"),
            ("{\"id\":   01, \"data\": 1}", 10, "expected a number"),
            ("{\"id\": 1234567890123456789, \"data\": 1}", 7, "expected a whole number"),
            ("{\"id\": -0, \"data\": 1}", nil, nil),
            ("{\"id\":\n 0, \"data\": 1}", nil, nil),
        ] as [(String, Int?, String?)])
    func wholeNumbersReadAsTheGeneralPathReadsThem(node: String, column: Int?, message: String?) {
        let prefix =
            "{\"format\": \"autograd-capture/1\", \"captures\": [{\"root\": 0, \"nodes\": ["
        let text = prefix + node + "]}]}"
        do {
            let document = try read(text)
            #expect(message == nil)
            #expect(document.captures.first?.nodes.count == 1)
        } catch {
            #expect(error.message == message)
            #expect(error.column == column.map { prefix.count + $0 })
        }
    }

    @Test func capturesAfterTheFirstReadWhateverTheirSize() throws {
        func capture(_ index: Int, nodes count: Int) -> String {
            let nodes = (0..<count).map { "{\"id\": \($0), \"data\": \($0)}" }
            return
                "{\"index\": \(index), \"root\": 0, \"nodes\": [\(nodes.joined(separator: ",\n"))]}"
        }
        let text =
            "{\"format\": \"autograd-capture/1\", \"captures\": ["
            + [capture(0, nodes: 2), capture(1, nodes: 300), capture(2, nodes: 1)].joined(
                separator: ", ") + "]}"
        let document = try read(text)
        #expect(document.captures.map(\.nodes.count) == [2, 300, 1])
        #expect(document.captures[1].nodes.data == (0..<300).map(Double.init))
    }
}
