import Foundation
import Testing

/// The examples of `examples/`, each an engine with one planted bug, opened unchanged:
/// `--json` must name the verdict kind, node, input and numbers worked out by hand in each
/// file's opening comment, and `--check` must exit 1 (0 for the correct engine). They run
/// under `python3` on PATH, as a user's would.
@Suite("Your own engine: the examples' verdicts")
struct OwnEngineTests {
    /// What the verdict on one example must be: node and input by label, numbers by hand.
    struct Expected: Sendable, CustomStringConvertible {
        let file: String
        let kind: String
        let node: String?
        let input: String?
        let yours: Double?
        let correct: Double?
        var description: String { file }
    }

    static let examples: [Expected] = [
        // tanh's local for x is 1 − tanh(2)²; the engine passes t = tanh(2) itself.
        Expected(
            file: "bug_tanh_local.py", kind: "local", node: nil, input: "x",
            yours: 0.9640275800758169, correct: 0.07065082485316443),
        // c = a + b overwrites a's grad: the mode is wrong, the local itself is 1.
        Expected(
            file: "bug_assign.py", kind: "assign", node: "c", input: "a", yours: nil, correct: nil),
        // xw = x * w gives x the same −2 whatever xw.grad is.
        Expected(
            file: "bug_forgot_upstream.py", kind: "ignores-upstream", node: "xw", input: "x",
            yours: nil, correct: nil),
        // err = y − pred: the engine adds +1 to pred where −1 is right.
        Expected(
            file: "bug_sub_sign.py", kind: "local", node: "err", input: "pred", yours: 1,
            correct: -1),
        // o computes tanh(n/2) = √2 − 1 at n = atanh(1/√2)·…: tanh(n) = 1/√2 is right.
        Expected(
            file: "bug_forward.py", kind: "forward", node: "o", input: nil,
            yours: 0.4142135623730951, correct: 0.7071067811865477),
        // The last of 5 passes starts with w.grad = −24 − 14.4 + 0.96 + 15.936 = −21.504.
        Expected(
            file: "bug_not_zeroed.py", kind: "not-zeroed", node: "w", input: nil,
            yours: -21.504, correct: 0),
        // backward() never sets L.grad = 1.
        Expected(
            file: "bug_seed.py", kind: "seed", node: "L", input: nil, yours: 0, correct: 1),
        // relu's _backward raises AttributeError (out.grd).
        Expected(
            file: "bug_raises.py", kind: "error", node: "o", input: "n", yours: nil, correct: nil),
        // Depth first from L: h fires before its user u has added its share.
        Expected(
            file: "bug_no_topo.py", kind: "order", node: "h", input: nil, yours: nil, correct: nil
        ),
        Expected(
            file: "correct_engine.py", kind: "none", node: nil, input: nil, yours: nil,
            correct: nil),
    ]

    @Test("every example is listed here, but the one that needs micrograd installed")
    func everyExampleIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: BinaryRunner.packageRoot.appendingPathComponent("examples").path
        ).filter { $0.hasSuffix(".py") }
        #expect(Set(files) == Set(Self.examples.map(\.file) + ["micrograd_demo.py"]))
    }

    @Test("--json names the planted bug", arguments: examples)
    func verdictOfExample(_ expected: Expected) throws {
        let result = try BinaryRunner.run(["--json", "examples/" + expected.file])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
                as? [String: Any])
        let verdict = try #require(document["verdict"] as? [String: Any])
        let nodes = try #require(document["nodes"] as? [[String: Any]])
        func label(_ key: String) -> String? {
            (verdict[key] as? Int).flatMap { nodes[$0]["label"] as? String }
        }
        #expect(verdict["kind"] as? String == expected.kind)
        if let node = expected.node { #expect(label("node") == node) }
        if expected.kind != "none" { #expect(verdict["node"] is Int) }
        #expect(label("input") == expected.input)
        #expect(agrees(verdict["yours"] as? Double, expected.yours))
        #expect(agrees(verdict["correct"] as? Double, expected.correct))
        #expect((verdict["message"] as? String)?.isEmpty == false)
    }

    /// Equal to the hand-derived number within a few ulps, or both absent: libm's tanh and
    /// Python's may differ in the last bit, and so may Foundation's JSON parser.
    private func agrees(_ actual: Double?, _ expected: Double?) -> Bool {
        guard let actual, let expected else { return actual == nil && expected == nil }
        return abs(actual - expected) <= 1e-15 * max(1, abs(expected))
    }

    @Test("--check exits 1 on every planted bug and 0 on the correct engine", arguments: examples)
    func checkExitStatus(_ expected: Expected) throws {
        let result = try BinaryRunner.run(["--check", "examples/" + expected.file])
        #expect(result.status == (expected.kind == "none" ? 0 : 1), "\(result.standardError)")
        #expect(result.standardOutput.contains("verdict: \(expected.kind)"))
    }

    /// The 1-based line of `examples/FILE` that is the first containing `target` at or after
    /// the first containing `anchor`: found in the file, apart from the code under test.
    static func line(in file: String, after anchor: String, of target: String) throws -> Int {
        let url = BinaryRunner.packageRoot.appendingPathComponent("examples")
            .appendingPathComponent(file)
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains(anchor) })
        let found = try #require(lines[start...].firstIndex { $0.contains(target) })
        return found + 1
    }

    @Test("the published example: tanh's _backward passes 0.9640 where 1 − out² = 0.0707")
    func publishedExampleSentence() throws {
        let result = try BinaryRunner.run(["--check", "examples/bug_tanh_local.py"])
        let first = result.standardOutput.split(separator: "\n").first.map(String.init)
        let closure = try Self.line(
            in: "bug_tanh_local.py", after: "def tanh(", of: "def _backward")
        #expect(
            first
                == "examples/bug_tanh_local.py:\(closure) in tanh: tanh's _backward (tanh(x), line 110) passes 0.9640 to x; the local derivative is 1 − out² = 0.0707"
        )
        // The script's own output goes to standard error in a batch mode.
        #expect(result.standardError.contains("dz/dx = 3.9640"))
    }

    /// Where `--check`'s first line must point: the wrong `_backward` closure, the statement
    /// that computed a wrong value, the pass for a wrong seed or schedule, the `backward()`
    /// call for grads left over.
    static let wrongCode: [(file: String, function: String?, anchor: String, target: String)] = [
        ("bug_tanh_local.py", "tanh", "def tanh(", "def _backward"),
        ("bug_assign.py", "__add__", "def __add__(", "def _backward"),
        ("bug_forgot_upstream.py", "__mul__", "def __mul__(", "def _backward"),
        ("bug_raises.py", "relu", "def relu(", "def _backward"),
        ("bug_forward.py", "tanh", "def tanh(", "out = Value("),
        ("bug_seed.py", "backward", "def backward(", "def backward("),
        ("bug_no_topo.py", "backward", "def backward(", "def backward("),
        ("bug_not_zeroed.py", nil, "for step in", ".backward()"),
    ]

    @Test("--check's first line names the file and line of the wrong code, as a compiler does")
    func checkPointsAtTheWrongCode() throws {
        for expected in Self.wrongCode {
            let result = try BinaryRunner.run(["--check", "examples/" + expected.file])
            let first = result.standardOutput.split(separator: "\n").first.map(String.init) ?? ""
            let line = try Self.line(in: expected.file, after: expected.anchor, of: expected.target)
            let place =
                "examples/\(expected.file):\(line)" + (expected.function.map { " in \($0)" } ?? "")
            #expect(first.hasPrefix(place + ": "), "\(expected.file): \(first)")
        }
    }

    @Test("--trace shows what each _backward passed beside the correct contribution")
    func traceShowsYours() throws {
        let result = try BinaryRunner.run(["--trace", "examples/bug_tanh_local.py"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        // tanh(2)' = 1 − tanh(2)² = 0.0707; the engine passes tanh(2) = 0.9640.
        #expect(
            lines.contains {
                $0.hasPrefix("  x.grad += 0.0707 × 1.0000 = 0.0707")
                    && $0.hasSuffix("yours 0.9640 × 1.0000 = 0.9640 ✗")
            })
        // x.grad = y + 1 − tanh(2)² = 3.0707; the engine's adds tanh(2) = 0.9640 instead: 3.9640.
        #expect(lines.contains("  x = 2.0000   grad 3.0707   yours 3.9640 ✗"))
        #expect(lines.contains("  y = 3.0000   grad 3.0000   yours 3.0000"))
        #expect(lines.last?.hasPrefix("verdict: local: tanh's _backward") == true)
    }

    @Test(
        "--dot marks the disagreeing node and edge red, and agrees everywhere on a correct engine")
    func dotMarksDisagreements() throws {
        let buggy = try BinaryRunner.run(["--dot", "examples/bug_tanh_local.py"])
        #expect(buggy.status == 0, "\(buggy.standardError)")
        let lines = buggy.standardOutput.split(separator: "\n")
        let red = lines.filter { $0.contains("color=red") }
        let orange = lines.filter { $0.contains("color=orange") }
        // The cause, red: tanh's edge to x and its op; x's grad, wrong only because of it,
        // orange; a legend says which is which.
        #expect(red.contains { $0.contains("[label=\"yours 0.9640 ✗ correct 0.0707\"") })
        #expect(red.contains { $0.contains("label=\"tanh\"") })
        #expect(!red.contains { $0.contains("x | data 2.0000") })
        #expect(orange.contains { $0.contains("x | data 2.0000 | grad 3.0707 | yours 3.9640 ✗") })
        #expect(lines.contains { $0.contains("legend [shape=note") })
        let correct = try BinaryRunner.run(["--dot", "--keep", "1", "examples/correct_engine.py"])
        #expect(correct.status == 0, "\(correct.standardError)")
        #expect(correct.standardOutput.contains("// verdict: none"))
        #expect(correct.standardOutput.contains("| yours "))
        #expect(!correct.standardOutput.contains("color=red"))
        #expect(!correct.standardOutput.contains("✗"))
        #expect(!correct.standardOutput.contains("legend"))
    }

    /// A learner's engine in its own module, `engine.py`, with one bug in `__pow__`, trained
    /// by `train.py` on four points: the loss squares four errors, so one wrong `_backward`
    /// shows at four edges, and every grad below them is wrong because of it.
    @Test("one bug is one cause: its file and line, its four edges, its consequences counted")
    func oneBugOneCause() throws {
        let result = try BinaryRunner.run(["--check", "examples/engine_module/train.py"])
        #expect(result.status == 1, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        let closure = try Self.line(
            in: "engine_module/engine.py", after: "def __pow__(", of: "def _backward")
        let code = "examples/engine_module/engine.py:\(closure) in __pow__"
        #expect(lines.first?.hasPrefix(code + ": __pow__'s _backward") == true)
        #expect(lines.contains("1 cause, in firing order:"))
        #expect(lines.contains("  \(code): local, at 4 edges"))
        #expect(lines.contains { $0.hasSuffix("grads downstream are wrong because of it") })
        #expect(lines.count <= 30)
        let all = try BinaryRunner.run(["--check", "--all", "examples/engine_module/train.py"])
        #expect(all.standardOutput.contains("every disagreement, in firing order:"))
        #expect(all.standardOutput.split(separator: "\n").count > lines.count)
    }

    @Test("a training loop gives one capture per backward() call, with its loss curve")
    func trainingLoopCaptures() throws {
        let result = try BinaryRunner.run(["--json", "--keep", "3", "examples/correct_engine.py"])
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
                as? [String: Any])
        let capture = try #require(document["capture"] as? [String: Any])
        #expect(capture["index"] as? Int == 20)
        #expect(capture["of"] as? Int == 20)
        let kept = try #require(capture["kept"] as? [Int])
        #expect(kept.count == 3 && kept.first == 1 && kept.last == 20)
        let roots = try #require(capture["roots"] as? [Double])
        #expect(roots.count == 20)
        // The file prints the loss of each epoch: the same numbers, to 4 decimals.
        let printed = result.standardError.split(separator: "\n").compactMap { line in
            line.split(separator: " ").last.flatMap { Double($0) }
        }
        #expect(
            printed.prefix(20).map { ($0 * 1e4).rounded() } == roots.map { ($0 * 1e4).rounded() })
        #expect(roots.first.map { $0 > roots[19] } == true)
    }

    @Test("--capture N opens that backward() call; one not kept is refused with the kept list")
    func captureNumber() throws {
        let json = try BinaryRunner.run(["--json", "--keep", "3", "examples/correct_engine.py"])
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8))
                as? [String: Any])
        let kept = try #require((document["capture"] as? [String: Any])?["kept"] as? [Int])
        let middle = kept[1]
        let opened = try BinaryRunner.run(
            ["--check", "--keep", "3", "--capture", String(middle), "examples/correct_engine.py"])
        #expect(opened.status == 0)
        #expect(opened.standardOutput.contains("capture \(middle) of 20"))
        let notKept = try #require((2...19).first { !kept.contains($0) })
        let dropped = try BinaryRunner.run(
            ["--check", "--keep", "3", "--capture", String(notKept), "examples/correct_engine.py"])
        #expect(dropped.status == 65)
        #expect(
            dropped.standardError.contains(
                "capture \(notKept) of 20 kept only its root value; the graphs kept are 1, \(middle), 20"
            ))
    }
}
