import Foundation
import Testing

/// How a Python script ends is read from the capture document, not from the interpreter's
/// status: a script that raises or calls `sys.exit(N)` after its `backward()` calls has them
/// judged, and one that made none is told how it ended. Each script is written to a temporary
/// folder beside a tiny engine of its own.
@Suite("A script's ending: the captures are judged whatever it did")
final class ScriptOutcomeTests {
    /// The folders this test's scripts were written to, removed when it ends.
    private var folders: [URL] = []

    deinit {
        for folder in folders { try? FileManager.default.removeItem(at: folder) }
    }

    /// A tiny micrograd-style engine; `MUL_LOCAL` is replaced by the local derivative `__mul__`
    /// passes to `self` (`other.data` is right).
    static let engine = """
        import math

        class V:
            def __init__(self, data, children=(), op=''):
                self.data = data
                self.grad = 0.0
                self._prev = set(children)
                self._op = op
                self._backward = lambda: None

            def __add__(self, other):
                out = V(self.data + other.data, (self, other), '+')
                def _backward():
                    self.grad += out.grad
                    other.grad += out.grad
                out._backward = _backward
                return out

            def __mul__(self, other):
                out = V(self.data * other.data, (self, other), '*')
                def _backward():
                    self.grad += MUL_LOCAL * out.grad
                    other.grad += self.data * out.grad
                out._backward = _backward
                return out

            def tanh_wrong(self):
                out = V(math.tanh(self.data), (self,), 'tanh')
                def _backward():
                    self.grad += (1 - out * out) * out.grad
                out._backward = _backward
                return out

            def backward(self):
                order, seen = [], set()
                def visit(node):
                    if node not in seen:
                        seen.add(node)
                        for child in node._prev:
                            visit(child)
                        order.append(node)
                visit(self)
                self.grad = 1.0
                for node in reversed(order):
                    node._backward()

        """

    /// Writes `engine.py` (with `mulLocal`) and `script.py` (the engine imported, then `body`)
    /// to a new temporary folder; returns the script's path.
    private func script(_ body: String, mulLocal: String = "other.data") throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("autograd-tui-outcome-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        folders.append(folder)
        let engine = Self.engine.replacingOccurrences(of: "MUL_LOCAL", with: mulLocal)
        try Data(engine.utf8).write(to: folder.appendingPathComponent("engine.py"))
        let script = folder.appendingPathComponent("script.py")
        try Data(("import os, sys\nfrom engine import V\n" + body).utf8).write(to: script)
        return script.path
    }

    /// Two `backward()` calls on `a * b + a`, grads zeroed between.
    static let twoCalls = """
        a, b = V(2.0), V(3.0)
        for step in range(2):
            a.grad = b.grad = 0.0
            c = a * b + a
            c.backward()

        """

    @Test("a correct script ending in sys.exit(3) gets verdict none, and its exit is named")
    func exitThreeAfterBackward() throws {
        let path = try script(Self.twoCalls + "sys.exit(3)\n")
        let result = try BinaryRunner.run(["--check", path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("verdict: none · capture 2 of 2"))
        #expect(
            result.standardError.contains(
                "the script exited with status 3 (sys.exit) after 2 backward() calls; judging what was captured"
            ))
        #expect(!result.standardError.contains("without calling backward()"))
    }

    @Test("a script ending in sys.exit(2) is not called a failure of the bridge")
    func exitTwoIsTheScripts() throws {
        let path = try script(Self.twoCalls + "sys.exit(2)\n")
        let result = try BinaryRunner.run(["--json", path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("bridge"))
        #expect(result.standardError.contains("exited with status 2 (sys.exit)"))
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
                as? [String: Any])
        #expect((document["verdict"] as? [String: Any])?["kind"] as? String == "none")
    }

    @Test("sys.exit(0) after backward() is a normal run: no word about the ending")
    func exitZeroIsNormal() throws {
        let path = try script(Self.twoCalls + "sys.exit(0)\n")
        let result = try BinaryRunner.run(["--check", path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("autograd-tui:"), "\(result.standardError)")
    }

    @Test("a script that raises after two backward() calls still gets --check's verdict")
    func raisesAfterTwoCalls() throws {
        // __mul__ passes 1 to a where b = 3 is right.
        let path = try script(
            Self.twoCalls + "raise ValueError('bad')\n", mulLocal: "1.0")
        let result = try BinaryRunner.run(["--check", path])
        #expect(result.status == 1, "\(result.standardError)")
        #expect(result.standardOutput.contains("verdict: local · capture 2 of 2"))
        #expect(
            result.standardError.contains(
                "the script raised ValueError: bad after 2 backward() calls; judging what was captured"
            ))
        // The traceback is the script's own, printed once, as Python prints it.
        #expect(result.standardError.components(separatedBy: "Traceback (most recent").count == 2)
        #expect(result.standardError.contains("line 8, in <module>\n    raise ValueError('bad')"))
        #expect(!result.standardError.contains("autograd_tui"))
    }

    @Test("the two-step path: --save-capture of a script that raised, then --check on the file")
    func savedCaptureOfARaisingScript() throws {
        let path = try script(Self.twoCalls + "raise ValueError('bad')\n", mulLocal: "1.0")
        let saved = path.replacingOccurrences(of: "script.py", with: "run.json")
        let first = try BinaryRunner.run(["--check", "--save-capture", saved, path])
        let second = try BinaryRunner.run(["--check", saved])
        #expect(second.status == first.status)
        #expect(second.standardOutput == first.standardOutput)
        #expect(second.standardError.contains("the script raised ValueError: bad after 2"))
        #expect(!second.standardError.contains("Traceback"))
    }

    @Test("backward() that raises inside a _backward reaches the judge")
    func backwardItselfRaises() throws {
        // out * out on a V needs no __pow__, but 1 - V has no __rsub__: TypeError.
        let path = try script(
            """
            x = V(0.3)
            y = x.tanh_wrong()
            y.backward()

            """)
        let result = try BinaryRunner.run(["--check", path])
        #expect(result.status == 1, "\(result.standardError)")
        #expect(result.standardOutput.contains("verdict: error"))
        #expect(result.standardError.contains("the script raised TypeError: "))
        #expect(result.standardError.contains("after 1 backward() call;"))
    }

    @Test(
        "a script without backward() is told how it ended",
        arguments: [
            ("print('hi')\n", "the script finished without calling backward()"),
            (
                "sys.exit(2)\n",
                "the script exited with status 2 (sys.exit) before calling backward()"
            ),
            (
                "raise KeyError('k')\n",
                "the script raised KeyError: 'k' before calling backward() on a value of a micrograd-style engine (its traceback is above)"
            ),
            ("x = (\n", "the script raised SyntaxError: '(' was never closed before calling"),
        ])
    func noBackward(body: String, message: String) throws {
        let path = try script(body)
        let result = try BinaryRunner.run(["--check", path])
        #expect(result.status == 65)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("autograd-tui: \(path): \(message)"))
        #expect(!result.standardError.contains("bridge"))
    }

    @Test("--role passes AUTOGRAD_TUI_ROLES to the script; an unknown role is a usage error")
    func roles() throws {
        let path = try script(
            Self.twoCalls + "print('roles', os.environ.get('AUTOGRAD_TUI_ROLES'))\n")
        let result = try BinaryRunner.run(
            ["--check", "--role", "grad=grade", "--role", "local_grads=_locals", path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("roles grad=grade,local_grads=_locals\n"))
        let unknown = try BinaryRunner.run(["--check", "--role", "gradient=g", path])
        #expect(unknown.status == 64)
        #expect(
            unknown.standardError.contains(
                "--role: unknown role 'gradient'; the roles are data, grad, children, op, label, backward, local_grads, pass"
            ))
        let twice = try BinaryRunner.run(["--check", "--role", "op=a", "--role", "op=b", path])
        #expect(twice.status == 64)
        #expect(twice.standardError.contains("--role op is given twice (a and b)"))
        for wrong in ["grad", "grad=", "grad=1x", "grad=class", "grad=a.b"] {
            #expect(
                try BinaryRunner.run(["--check", "--role", wrong, path]).status == 64, "\(wrong)")
        }
        let onCapture = try BinaryRunner.run(["--check", "--role", "grad=g", "demos/chain.ag"])
        #expect(onCapture.status == 64)
    }
}
