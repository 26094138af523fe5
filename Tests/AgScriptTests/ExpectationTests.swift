import AgScript
import AutogradEngine
import Foundation
import Testing

@Suite("Expectations: assert statements")
struct ExpectationTests {
    @Test("the notebook's hand derivation: assert a.grad == 35, a message ignored")
    func notebookExpectation() throws {
        let script = try read(
            """
            a = 2
            b = 3
            c = a + b
            d = c * a
            e = c * d
            e.backward()
            assert a.grad == 35, "hand derivation"
            """)
        #expect(
            script.expectations == [
                Expectation(node: NodeID(0), field: .grad, comparison: .equals(35), line: 7)
            ])
    }

    @Test("every form, with constant expressions folded")
    func forms() throws {
        let script = try read(
            """
            a = 2.0
            b = a * 3
            assert a.data == -3
            assert b.grad == 2 * 3
            assert abs(b.data - 6) < 1e-6
            assert abs(a.grad - (1 + 2)) < 10 ** -3, f"close"
            """)
        #expect(
            script.expectations.map(\.comparison) == [
                .equals(-3), .equals(6), .within(1e-6, of: 6), .within(0.001, of: 3),
            ])
        #expect(script.expectations.map(\.field) == [.data, .grad, .data, .grad])
        #expect(script.expectations.map(\.node) == [NodeID(0), NodeID(2), NodeID(2), NodeID(0)])
        #expect(script.expectations.map(\.line) == [3, 4, 5, 6])
    }

    static let form =
        "an assert is 'assert x.grad == 4.0' or 'assert abs(x.grad - 4.0) < 1e-6' (or x.data)"

    @Test(
        "an assert of another form is an error at the token where it departs",
        arguments: [
            ("a = 1.0\nassert a.grad < 3", 2, 15, form),
            ("a = 1.0\nassert a.label == 3", 2, 10, form),
            ("a = 1.0\nassert a.grad == a", 2, 18, form),
            ("a = 1.0\nassert 3 == a.grad", 2, 8, form),
            ("a = 1.0\nassert abs(a.grad - 45 + 1) < 1e-6", 2, 24, form),
            ("a = 1.0\nassert abs(a.grad + 45) < 1e-6", 2, 19, form),
            ("a = 1.0\nassert abs(a.grad - 45) == 0", 2, 25, form),
            ("a = 1.0\nassert abs(a.grad - 45", 2, 11, "'(' was never closed"),
            ("a = 1.0\nassert q.grad == 3", 2, 8, "'q' is not defined"),
            ("a = 1.0\nassert a.grad == 3,", 2, 20, "expected an expression"),
        ] as [(String, Int, Int, String)])
    func located(_ text: String, _ line: Int, _ column: Int, _ message: String) throws {
        let found = try #require(onlyError(text), "expected one error for \(text.debugDescription)")
        #expect(found.line == line)
        #expect(found.column == column)
        #expect(found.message == message)
    }
}

@Suite("The expect demo")
struct ExpectDemoTests {
    @Test("demos/expect.ag reads, pasted lines and all, and expects 35 of a.grad")
    func expectDemo() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(
            contentsOf: root.appendingPathComponent("demos/expect.ag"), encoding: .utf8)
        let script = try read(text)
        #expect(script.graph.labels == ["a", "b", "c", "d", "e"])
        #expect(script.expectations.map(\.comparison) == [.equals(35)])
        #expect(script.expectations.map(\.node) == [NodeID(0)])
    }
}
