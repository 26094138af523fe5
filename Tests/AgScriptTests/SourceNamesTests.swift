import AgScript
import AutogradEngine
import AutogradProgram
import Testing

@Suite("Names from the learner's code")
struct SourceNamesTests {
    /// The source names of a script whose nodes were all made on `line` of `text`, none
    /// labelled: the name of that line.
    func name(ofLine text: String) throws -> String? {
        var graph = Graph()
        let x = graph.addLeaf(1)
        let source = try SourceText(Array(text.utf8))
        let script = Script(
            path: "train.py", source: source, graph: graph, root: x, nodeLines: [1])
        return script.sourceNaming()?.name(ofLine: 1)
    }

    @Test("an assignment names its nodes after its target and line; other statements by their text")
    func statements() throws {
        #expect(try name(ofLine: "loss = sum(losses)") == "loss@1")
        #expect(try name(ofLine: "    loss += (yout - ygt) ** 2  # squared") == "loss@1")
        #expect(try name(ofLine: "self.w = Value(0.5)") == "self.w@1")
        #expect(try name(ofLine: "return sum(losses)") == "sum(losses)@1")
        #expect(try name(ofLine: "if a == b: total = a") == "if a == b: …@1")
        #expect(try name(ofLine: "print(x.tanh() * 2 + y.exp())") == "print(x.tan…@1")
        #expect(try name(ofLine: "a, b = f(x)") == "a, b = f(x)@1")
        #expect(try name(ofLine: "   # only a comment") == nil)
    }

    @Test("unlabelled nodes are named after the line that made them, labelled ones keep theirs")
    func trainAg() throws {
        let text = "x = 2.0\nw = 0.5\nh = relu(w * x + 1.0)\nL = h ** 2\n"
        let script = try ScriptReader.read(text, path: "t.ag")
        let names = NodeNames(graph: script.graph, naming: script.sourceNaming())
        let all = script.graph.nodeIDs.map(names.name(of:))
        #expect(all.contains("h"))
        #expect(all.contains("x") && all.contains("w"))
        // w * x, the constant 1.0 and the sum: three nodes of line 3, told apart by their ids.
        #expect(all.filter { $0.hasPrefix("h@3#") }.count == 3)
        // Every node has a name from the code: none is a bare id.
        #expect(!all.contains { $0.hasPrefix("#") })
    }

    @Test("a script where every node has a label, or a notebook, gives no source names")
    func none() throws {
        let script = try ScriptReader.read("x = 2.0\nw = 0.5\n", path: "t.ag")
        #expect(script.sourceNaming() == nil)
    }
}
