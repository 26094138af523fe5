import AutogradCapture
import AutogradEngine
import Foundation
import Testing

/// Seeded mutations of real captures (the bridge's, from `examples/`) and of a hand-made one
/// holding every member the contract has: each mutant is read, and what reads is replayed,
/// judged and opened as a script, as the debugger and every report would. The outcome is a
/// document or a `CaptureError`, never a trap. A fixed number of mutants per seed keeps the
/// time bounded; `AUTOGRAD_TUI_FUZZ_ROUNDS` raises it for a longer attack.
@Suite("Capture reader fuzzing")
struct CaptureFuzzTests {
    /// The seed documents' texts.
    static let seeds: [[UInt8]] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Seeds")
        let files = ["tanh_local.json", "raises.json"]
        return files.compactMap { try? Array(Data(contentsOf: folder.appendingPathComponent($0))) }
            + [Array(everyMember.utf8)]
    }()

    /// A document with every member, odd numbers and strings included.
    static let everyMember = #"""
        {"format": "autograd-capture/1", "engine": "e.Value", "script": "t.py", "cwd": "/x",
         "calls": 3, "outcome": {"kind": "raised", "exception": "KeyboardInterrupt", "traceback": "T\u001b[2J"},
         "diagnosis": [{"message": "m\ud83d\ude00", "file": null, "line": 3}],
         "captures": [
          {"index": 0, "kept": false, "root_data": 1e308, "call": {"file": "t.py", "line": 9}},
          {"index": 1, "kept": true, "root_data": -1e308, "root": 3, "call": null,
           "nodes": [
            {"id": 0, "op": "", "label": "a\u0007", "data": 2.0, "grad": "nan", "children": [],
             "ordered": true, "file": "t.py", "line": 3, "grad_before": 0},
            {"id": 1, "op": null, "label": null, "data": "-inf", "grad": {"repr": "V\u001b]0;x\u0007"},
             "children": [], "ordered": true, "made_by": {"method": "__add__", "args": [2], "operands": [null]}},
            {"id": 2, "op": "**2", "label": "c", "data": 4e-320, "grad": 1, "children": [0],
             "probe": [{"child": 0, "local": 4.0, "mode": "assign", "from": "_local_grads"}],
             "made_by": {"method": "__pow__", "outer": "__neg__", "args": [2], "operands": [0],
                         "file": "e.py", "line": 40}},
            {"id": 3, "op": "+", "label": "d", "data": 5e0, "grad": 1, "grad_before": 1.5,
             "children": [2, 1, 2], "ordered": false,
             "probe": [{"child": 2, "local": 1.0, "mode": "add"},
                       {"child": 1, "local": null, "mode": "error", "message": "boom\u001b[31m"}]}],
           "fired": [3, 2, 3], "raised": "TypeError: x",
           "codes": [{"file": "e.py", "line": 12, "function": "__pow__"}, {"file": "e.py", "line": 20, "function": null}],
           "backward_codes": [null, null, 0, 1], "pass_code": {"file": "e.py", "line": 30, "function": "backward"}},
          {"index": 2, "kept": false, "root_data": {"repr": "x"}}]}
        """#

    /// Pieces of JSON a mutation inserts: tokens, numbers at the edges, odd escapes.
    static let pieces: [String] = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "false", "0", "-0", "1e308",
        "-1e308", "1e-320", #"\ud800\u0041"#, "4294967296", "9007199254740993", "-2147483649",
        "99999999999999999999",
        "\"nan\"", "\"inf\"", "\"-inf\"", #"\ud800"#, #"\udc00\u0041"#, #"\u0000"#, "\u{1B}[2J",
        #"{"repr": 1}"#, "[[[[", "]]]]", #""id": 0"#, #""children": [0, 0]"#, #""root": -1"#,
        #""kept": false"#, "1.5", "NaN", "é", "\u{FFFF}",
    ]

    @Test("seeded mutations read, replay and open, or fail with a capture error", arguments: 0..<24)
    func mutants(seed: UInt64) {
        #expect(Self.seeds.count == 3)
        var generator = Generator(seed: seed)
        let rounds =
            ProcessInfo.processInfo.environment["AUTOGRAD_TUI_FUZZ_ROUNDS"].flatMap(Int.init)
            ?? 40
        for round in 0..<rounds {
            let base = Self.seeds[Int(generator.next() % UInt64(Self.seeds.count))]
            var bytes = base
            let edits = 1 + Int(generator.next() % 4)
            for _ in 0..<edits { mutate(&bytes, &generator) }
            exercise(bytes, label: "seed \(seed) round \(round)")
        }
    }

    @Test("every prefix of a seed reads or fails", arguments: [0, 2])
    func truncations(seedIndex: Int) {
        let seed = Self.seeds[seedIndex]
        for end in stride(from: 0, to: seed.count, by: max(1, seed.count / 300)) {
            exercise(Array(seed[..<end]), label: "prefix \(end)")
        }
    }

    private func exercise(_ bytes: [UInt8], label: String) {
        guard let document = try? CaptureReader.read(bytes, path: "fuzz.json") else { return }
        for number in 1...max(1, document.captures.count) {
            guard
                let run = try? CapturedRun(
                    document: document, number: document.captures.isEmpty ? nil : number,
                    path: "fuzz.json", readSource: { _ in Array("x = 1\n".utf8) })
            else { continue }
            var graph = run.script.graph
            graph.evaluate()
            _ = graph.backward(from: run.script.root)
            _ = run.review.verdict
        }
        _ = label
    }

    private func mutate(_ bytes: inout [UInt8], _ generator: inout Generator) {
        guard !bytes.isEmpty else { return }
        let at = Int(generator.next() % UInt64(bytes.count))
        switch generator.next() % 6 {
        case 0: bytes[at] = UInt8(truncatingIfNeeded: generator.next())
        case 1: bytes.remove(at: at)
        case 2:
            let piece = Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))]
            bytes.insert(contentsOf: piece.utf8, at: at)
        case 3:
            // A digit changed: ids, indices and lines point elsewhere.
            if let digit = bytes[at...].firstIndex(where: { (0x30...0x39).contains($0) }) {
                bytes[digit] = 0x30 + UInt8(generator.next() % 10)
            }
        case 4:
            // A span copied elsewhere: members, nodes and captures repeated.
            let length = min(bytes.count - at, 1 + Int(generator.next() % 200))
            let span = Array(bytes[at..<(at + length)])
            bytes.insert(contentsOf: span, at: Int(generator.next() % UInt64(bytes.count)))
        default:
            let length = min(bytes.count - at, 1 + Int(generator.next() % 64))
            bytes.removeSubrange(at..<(at + length))
        }
    }
}

/// A 64-bit linear congruential generator: the same mutants for the same seed everywhere.
struct Generator {
    private var state: UInt64

    init(seed: UInt64) {
        state = (seed + 1) &* 0x9E37_79B9_7F4A_7C15
    }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 11
    }
}
