import Foundation
import Testing

/// The graph folded by source line, in the built debugger in a real terminal (tmux).
@Suite("Folds by source line, end to end in tmux", .serialized)
struct FoldEndToEndTests {
    var binary: String { BinaryRunner.binary.path }

    @Test("train.ag: z folds by line, Enter opens the loss's line, Z follows the point, z unfolds")
    func foldTrain() throws {
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.type("\(binary) demos/train.ag; echo EXIT=$?")
        try tmux.waitFor("backward 0/")
        try tmux.send("z")
        var screen = try tmux.waitFor("── graph by line")
        // The root's line, marked as holding the execution point, with its code and count.
        let loss = try #require(
            screen.split(separator: "\n").first { $0.contains("106  loss = (s1l3n1 - 1.0)") })
        #expect(loss.hasPrefix(" ▶ ▸"), "\(loss)")
        #expect(loss.contains(" nodes"))
        try tmux.send("Enter")
        screen = try tmux.waitFor("▾ 106")
        #expect(screen.contains("loss@106"), "\(screen)")
        try tmux.send("Z")
        try tmux.waitFor("stepping opens the line it enters")
        for _ in 0..<12 { try tmux.send("n") }
        screen = try tmux.waitFor("backward 12/")
        let rows = screen.split(separator: "\n")
        #expect(rows.contains { $0.dropFirst().first == "▶" }, "\(screen)")
        #expect(rows.contains { $0.contains("▾") }, "\(screen)")
        try tmux.send("z")
        screen = try tmux.waitFor("every node, in firing order")
        #expect(screen.contains("── graph ──"))
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }
}
