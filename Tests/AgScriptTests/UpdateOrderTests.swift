import AgScript
import AutogradEngine
import Testing

/// Issue 17: `x.data += 1` written before the forward pass ran after the backward pass,
/// silently (y = 4 where Python gives 9). Updates run after the backward pass, so a line that
/// Python would run with the updated value is an error that says so.
@Suite("Updates and the lines after them")
struct UpdateOrderTests {
    @Test("a value used after its update is an error at the use")
    func useAfterUpdate() throws {
        let error = try #require(errors("x = Value(2.0)\nx.data += 1\ny = x * x\n"))
        #expect(error.totalCount == 1)
        let diagnostic = error.diagnostics[0]
        #expect(diagnostic.line == 3)
        #expect(diagnostic.column == 5)
        #expect(diagnostic.message.contains("'x' is used after its update on line 2"))
    }

    @Test("a backward pass after an update is an error, in either spelling")
    func backwardAfterUpdate() throws {
        for backward in ["backward y", "y.backward()"] {
            let error = try #require(
                errors("x = Value(2.0)\ny = x * x\nx.data -= 0.1 * x.grad\n\(backward)\n"))
            #expect(error.diagnostics.map(\.line) == [4], "\(backward)")
            #expect(error.diagnostics[0].message.contains("after the update on line 3"))
        }
    }

    @Test("updates after the backward pass, reading data and grads, and lists still read")
    func trainingLoopsRead() throws {
        let script = try read(
            """
            w = Value(2.0)
            b = Value(1.0)
            L = w * w + b
            L.backward()
            ps = [w, b]
            for p in ps:
                p.data -= 0.1 * p.grad
            assert w.data == 2.0
            z = 3.0
            """)
        #expect(script.updates.count == 2)
        #expect(script.graph.value(of: script.root) == 5)
    }
}
