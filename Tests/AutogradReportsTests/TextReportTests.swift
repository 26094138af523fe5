import AgScript
import AutogradEngine
import AutogradProgram
import AutogradReports
import AutogradText
import Testing

@Suite("--trace, --dot, --check, --stats and number formats")
struct TextReportTests {
    @Test("--trace prints each step as the chain rule in numbers")
    func trace() throws {
        let text = try render(traceExample) { TraceText.write($0, to: &$1) }
        let expected = """
            step 0/3  seed L.grad = 1
            step 1/3  fire L = tanh(d)   upstream 1.0000
              d.grad += 0.4200 × 1.0000 = 0.4200   (0.0000 → 0.4200)
            step 2/3  fire d = c + a   upstream 0.4200
              c.grad += 1.0000 × 0.4200 = 0.4200   (0.0000 → 0.4200)
              a.grad += 1.0000 × 0.4200 = 0.4200   (0.0000 → 0.4200)
            step 3/3  fire c = a * b   upstream 0.4200
              a.grad += -0.5000 × 0.4200 = -0.2100   (0.4200 → 0.2100)
              b.grad += 2.0000 × 0.4200 = 0.8399   (0.0000 → 0.8399)

            gradients of L = 0.7616:
              a = 2.0000   grad 0.2100
              b = -0.5000   grad 0.8399

            """
        #expect(text == expected)
    }

    @Test("names: shadowed labels carry their id, unnamed nodes are #id, constants their value")
    func names() throws {
        let script = try script("c = 2.0\nc += 1\nd = c * 3 + c ** 2")
        let names = NodeNames(graph: script.graph)
        #expect(names.name(of: NodeID(0)) == "c#0")
        #expect(names.name(of: NodeID(2)) == "c#2")
        #expect(names.expression(of: NodeID(2)) == "c#0 + 1")
        #expect(names.name(of: NodeID(4)) == "#4")
        #expect(names.expression(of: NodeID(4)) == "c#2 * 3")
        #expect(names.expression(of: NodeID(5)) == "c#2 ** 2")
        #expect(names.expression(of: NodeID(6)) == "#4 + #5")
        let negative = try AutogradReportsTests.script("x = 1.0\ny = x - -1")
        #expect(NodeNames(graph: negative.graph).expression(of: negative.root) == "x - (-1)")
    }

    @Test("--dot draws a record per value and an op node per operation, as draw_dot does")
    func dot() throws {
        let text = try render(traceExample + "\nunused = a * 5") { DotGraph.write($0, to: &$1) }
        #expect(text.hasPrefix("digraph autograd {\n  rankdir=LR;\n"))
        #expect(text.hasSuffix("}\n"))
        #expect(
            text.contains("  n0 [shape=record, label=\"{ a | data 2.0000 | grad 0.2100 }\"];\n"))
        #expect(
            text.contains(
                "  n2_op [label=\"*\"];\n  n2_op -> n2;\n  n0 -> n2_op;\n  n1 -> n2_op;\n"))
        #expect(
            text.contains("  n4 [shape=record, label=\"{ L | data 0.7616 | grad 1.0000 }\"];\n"))
        #expect(
            text.contains(
                "n6 [shape=record, label=\"{ unused | data 10.0000 | grad 0.0000 }\", color=gray"))
    }

    @Test("--dot escapes what structures a record")
    func dotEscaping() throws {
        let text = try render("x = Value(1.0, label='{a|b}')") { DotGraph.write($0, to: &$1) }
        #expect(text.contains("label=\"{ \\{a\\|b\\} | data 1.0000 | grad 1.0000 }\""))
    }

    @Test("--check agrees on the example and reports every leaf")
    func checkAgrees() throws {
        var output = ""
        let outcome = CheckReport.write(try script(traceExample), to: &output)
        #expect(
            [outcome.checked, outcome.agreeing, outcome.mismatching, outcome.incomparable] == [
                2, 2, 0, 0,
            ])
        #expect(output.contains("\ninput  value    analytic"))
        #expect(output.contains("\na      2.0000   0.209987170807"))
        #expect(output.hasSuffix("2 inputs: 2 agree, 0 mismatch, 0 cannot be compared\n"))
    }

    @Test("--check says it cannot judge where no numerical derivative follows the function")
    func checkImprecise() throws {
        // sin(100000·x) turns through radians within any step a double can resolve well, so
        // its derivative in x cannot be estimated; in the constant 100000 it can.
        var output = ""
        let outcome = CheckReport.write(try script("x = 1.0\ny = sin(x * 100000)"), to: &output)
        #expect([outcome.agreeing, outcome.mismatching, outcome.incomparable] == [1, 0, 1])
        #expect(output.contains("too imprecise to judge"))
        #expect(!output.contains("MISMATCH"))
    }

    @Test("--check flags a leaf at a kink instead of failing it")
    func checkKink() throws {
        var output = ""
        let outcome = CheckReport.write(try script("x = 0.0\ny = relu(x) + x"), to: &output)
        #expect(
            [outcome.checked, outcome.agreeing, outcome.mismatching, outcome.incomparable] == [
                1, 0, 0, 1,
            ])
        #expect(output.contains("at a kink"))
    }

    /// The `--stats` text of `script`, with every timing 0.
    func statsText(_ script: Script) -> String {
        var output = ""
        let zero = Duration.zero
        StatsReport.write(
            script, order: script.graph.topologicalOrder(from: script.root),
            timings: .init(read: zero, forward: zero, order: zero, backward: zero), to: &output)
        return output
    }

    @Test("one of a thing is singular: 1 node, 1 input, 1 leaf, 0 backward steps")
    func singulars() throws {
        let one = try script("x = 1.0")
        let stats = statsText(one)
        #expect(stats.contains("nodes       1: 1 input (1 leaf, 0 constants), 0 operations\n"))
        #expect(stats.contains("reachable   1 node from the root\n"))
        #expect(stats.contains("steps       1: the seed and 0 backward steps\n"))
        var check = ""
        CheckReport.write(one, to: &check)
        #expect(check.hasSuffix("1 input: 1 agree, 0 mismatch, 0 cannot be compared\n"))
    }

    @Test("--stats counts nodes, leaves, constants, edges and steps")
    func stats() throws {
        let output = statsText(try script(traceExample + "\nk = 2 * a"))
        #expect(output.contains("nodes       7: 3 inputs (2 leaves, 1 constant), 4 operations\n"))
        #expect(output.contains("edges       7\n"))
        #expect(output.contains("steps       4: the seed and 3 backward steps\n"))
        #expect(output.contains("root        L = 0.7616\n"))
    }

    @Test(
        "four decimals, scientific beyond them, and the IEEE specials",
        arguments: [
            (0.41997434161402614, "0.4200"), (-0.5, "-0.5000"), (0.0, "0.0000"), (-0.0, "0.0000"),
            (123456.789, "123456.7890"), (1234567.0, "1.2346e+06"), (0.00001234, "1.2340e-05"),
            (Double.nan, "nan"), (Double.infinity, "inf"), (-Double.infinity, "-inf"),
        ])
    func fourDecimals(_ value: Double, _ expected: String) {
        #expect(NumberFormat.fourDecimals(value) == expected)
    }
}
