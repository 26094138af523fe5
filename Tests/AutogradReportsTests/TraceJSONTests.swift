import AutogradReports
import Foundation
import Testing

@Suite("--json trace document")
struct TraceJSONTests {
    @Test("the example of trace-json.md gives that document's values, bit for bit")
    func contractExample() throws {
        let document = try traceDocument(traceExample)
        #expect(document.format == "autograd-trace/1")
        #expect(document.file == "demos/example.ag")
        #expect(document.root == 4)
        #expect(document.topo == [0, 1, 2, 3, 4])

        let nodes = document.nodes
        #expect(nodes.map(\.id) == [0, 1, 2, 3, 4])
        #expect(nodes.map(\.label) == ["a", "b", "c", "d", "L"])
        #expect(nodes.map(\.op) == ["leaf", "leaf", "*", "+", "tanh"])
        #expect(nodes.map(\.inputs) == [[], [], [0, 1], [2, 0], [3]])
        #expect(nodes.map(\.line) == [1, 2, 3, 4, 5])
        // The numbers as trace-json.md prints them.
        #expect(nodes.map(\.data) == [2.0, -0.5, -1.0, 1.0, 0.7615941559557649])
        #expect(
            nodes.map(\.grad) == [
                0.20998717080701307, 0.8399486832280523, 0.41997434161402614, 0.41997434161402614,
                1.0,
            ])

        let steps = document.steps
        #expect(steps.map(\.index) == [0, 1, 2, 3])
        #expect(steps.map(\.kind) == ["seed", "backward", "backward", "backward"])
        #expect(steps.map(\.node) == [4, 4, 3, 2])
        #expect(steps[0].grad == 1.0)
        #expect(steps.dropFirst().map(\.op) == ["tanh", "+", "*"])
        #expect(steps.map(\.upstream) == [nil, 1.0, 0.41997434161402614, 0.41997434161402614])
        let first = try #require(steps[1].contributions)
        #expect(first.map(\.input) == [3] && first.map(\.local) == [0.41997434161402614])
        let last = try #require(steps[3].contributions)
        #expect(last.map(\.input) == [0, 1])
        #expect(last.map(\.local) == [-0.5, 2.0])
        #expect(last.map(\.delta) == [-0.20998717080701307, 0.8399486832280523])
        #expect(last.map(\.before) == [0.41997434161402614, 0.0])
        #expect(last.map(\.after) == [0.20998717080701307, 0.8399486832280523])
    }

    @Test("numbers are written in shortest round-trip form")
    func shortestNumbers() throws {
        let json = try render("a = 0.1\nb = a * 3") { TraceJSON.write($0, to: &$1) }
        #expect(json.contains("\"data\": 0.1,"))
        #expect(json.contains("\"data\": 0.30000000000000004,"))
    }

    @Test("constants, ** exponents, NaN and infinities follow the contract")
    func specialNodes() throws {
        let text = "x = -1.0\ny = x ** 2 * 3\nz = log(x) + 1 / (x + 1)"
        let nodes = try traceDocument(text).nodes
        let power = try #require(nodes.first { $0.op == "**" })
        #expect(power.exponent == 2.0 && power.inputs == [0])
        let constant = try #require(nodes.first { $0.op == "const" })
        #expect(constant.label == nil && constant.data == 3.0)
        #expect(
            try render(text) { TraceJSON.write($0, to: &$1) }.contains(
                "\"label\": null, \"op\": \"const\""))
        #expect(nodes.first { $0.op == "log" }?.data == .special("nan"))
        #expect(nodes.first { $0.op == "/" }?.data == .special("inf"))
        let negated = try traceDocument("x = 0.0\ny = -1 / x").nodes
        #expect(negated.last?.data == .special("-inf"))
    }

    @Test("labels are escaped so the document stays valid JSON")
    func escapedLabels() throws {
        let nodes = try traceDocument("x = Value(1.0, label='say \"hi\"\\n\\\\')").nodes
        #expect(nodes[0].label == "say \"hi\"\n\\")
    }

    @Test("nodes the root does not use have grad 0 and are not in topo")
    func unusedNodes() throws {
        let document = try traceDocument("a = 1.0\nunused = a * 5\nb = tanh(a)\nbackward b")
        #expect(document.nodes[2].grad == 0.0)
        #expect(document.topo == [0, 3])
    }
}
