import AgScript
import AutogradEngine
import Testing

@Suite("Hostile input: every outcome is a script or diagnostics, never a crash")
struct RobustnessTests {
    @Test("a 1 MB line of arithmetic reads")
    func megabyteLine() throws {
        let terms = 1_000_000 / 4
        let script = try read("x = 1.0\ny = x" + String(repeating: " + x", count: terms))
        #expect(script.graph.count == terms + 1)
        #expect(script.graph.value(of: script.root) == Double(terms + 1))
    }

    @Test("a 1 MB line of junk gives one diagnostic with a bounded excerpt")
    func megabyteJunkLine() throws {
        let error = try #require(errors("x = 1.0 " + String(repeating: "$", count: 1_000_000)))
        #expect(error.totalCount == 1)
        let diagnostic = error.diagnostics[0]
        #expect(diagnostic.column == 9)
        #expect((diagnostic.sourceLine?.count ?? .max) <= 200)
        let caretOffset = diagnostic.caretLine?.count ?? 0
        #expect(Array(try #require(diagnostic.sourceLine))[caretOffset - 1] == "$")
    }

    @Test("a 1,000,000-line file reads: a chain of a million statements")
    func millionLines() throws {
        var text = "x = 0.5\n"
        text.reserveCapacity(16_000_000)
        for _ in 1..<1_000_000 { text += "x = x * 1.0\n" }
        let script = try read(text)
        #expect(script.source.lineCount == 1_000_000)
        #expect(script.graph.count == 1 + 2 * 999_999)
        #expect(script.line(of: script.root) == 1_000_000)
        #expect(script.graph.value(of: script.root) == 0.5)
    }

    @Test("binary junk is reported as not UTF-8", arguments: 1...20)
    func binaryJunk(seed: UInt64) throws {
        var generator = SeedableBytes(seed: seed)
        let bytes = (0..<4096).map { _ in generator.next() } + [0xC0]
        let error = try #require(errors(bytes))
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics[0].line == nil)
    }

    @Test(
        "random token soup never crashes and every diagnostic points into its line",
        arguments: 1...40)
    func tokenSoup(seed: UInt64) {
        var generator = SeedableBytes(seed: seed)
        let pieces = [
            "x", "y", "a", "=", "+=", "*", "**", "-", "/", "(", ")", "(", ")", "2.5", "0", "1e3",
            "tanh", "relu", ".", "Value", "label", "=", "'s'", ",", "backward", "#", " ", " ", "é",
        ]
        var lines: [String] = ["x = 1.0", "y = 2.0"]
        for _ in 0..<60 {
            let count = Int(generator.next() % 12)
            lines.append(
                (0..<count).map { _ in pieces[Int(generator.next()) % pieces.count] }.joined(
                    separator: " "))
        }
        let text = lines.joined(separator: "\n")
        if let error = errors(text) {
            #expect(error.totalCount >= error.diagnostics.count)
            for diagnostic in error.diagnostics {
                guard let line = diagnostic.line, let column = diagnostic.column else {
                    Issue.record("a line error without a line: \(diagnostic)")
                    continue
                }
                #expect(column >= 1 && column <= lines[line - 1].unicodeScalars.count + 1)
            }
        }
    }
}

extension RobustnessTests {
    @Test(
        "random training, assert and pasted-Python soup never crashes; columns point into lines",
        arguments: 1...40)
    func trainingSoup(seed: UInt64) {
        var generator = SeedableBytes(seed: seed)
        let pieces = [
            "w", "p", "ps", "lr", ".data", ".grad", "+=", "-=", "=", "==", "<", "*", "**", "-",
            "(", ")", "[", "]", ",", ":", "for", "in", "assert", "abs(", "print(", "import",
            "from", "Value(", "node(", "_op=", "''", "()", "True", "0", "0.05", "1e-6", "'m'",
            "#", "    ", "\t",
        ]
        var lines = ["w = 1.0", "lr = 0.05", "ps = [w]", "L = w * w", "for p in ps:"]
        for _ in 0..<80 {
            let count = Int(generator.next() % 10)
            let indent = generator.next() % 3 == 0 ? "    " : ""
            lines.append(
                indent
                    + (0..<count).map { _ in pieces[Int(generator.next()) % pieces.count] }
                    .joined(separator: generator.next() % 2 == 0 ? " " : ""))
        }
        let text = lines.joined(separator: "\n")
        if let error = errors(text) {
            #expect(error.totalCount >= error.diagnostics.count)
            for diagnostic in error.diagnostics {
                guard let line = diagnostic.line, let column = diagnostic.column else {
                    Issue.record("a line error without a line: \(diagnostic)")
                    continue
                }
                #expect(column >= 1 && column <= lines[line - 1].unicodeScalars.count + 1)
            }
        }
    }

    @Test("an update nested a hundred thousand deep is an error, and parentheses are free")
    func deepUpdates() throws {
        let depth = 100_000
        let negations = "w = 1.0\nw.data -= " + String(repeating: "-", count: depth) + "w.grad"
        #expect(errors(negations)?.totalCount == 1)
        let sum = "w = 1.0\nw.data -= w.grad" + String(repeating: " + w.grad", count: depth)
        #expect(errors(sum)?.totalCount == 1)
        let parenthesized =
            "w = 1.0\nw.data -= " + String(repeating: "(", count: depth) + "w.grad"
            + String(repeating: ")", count: depth)
        let script = try read(parenthesized)
        #expect(script.updates.map(\.amount) == [.gradient])
    }

    @Test("a list of a hundred thousand nodes and a loop over it read")
    func longList() throws {
        let count = 100_000
        var text = ""
        for index in 0..<count { text += "w\(index) = 1.0\n" }
        text += "ps = [" + (0..<count).map { "w\($0)" }.joined(separator: ", ") + "]\n"
        text += "for p in ps:\n    p.grad = 0\n    p.data -= 0.1 * p.grad\n"
        let script = try read(text)
        #expect(script.updates.count == count)
        #expect(script.updates.last?.node == NodeID(count - 1))
    }
}

/// Deterministic pseudo-random bytes for fuzzing (a 64-bit LCG; the high byte is used).
struct SeedableBytes {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15
    }

    mutating func next() -> UInt8 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 56)
    }
}
