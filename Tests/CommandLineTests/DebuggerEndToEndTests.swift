import AutogradEngine
import Foundation
import Testing

/// The built debugger in a real terminal (tmux), checked as a person would see it.
@Suite("The debugger end to end, in tmux", .serialized)
struct DebuggerEndToEndTests {
    var binary: String { BinaryRunner.binary.path }

    /// The terminal settings `stty -a` recorded, without the window size, which a resize
    /// rightly changes.
    func settings(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
            .replacing(/rows \d+; columns \d+;/, with: "")
    }

    /// Starts the debugger on `demo` in `tmux` between two `stty -a` snapshots, one taken
    /// before it starts and one after it exits; returns the two files.
    func launchBetweenTerminalSnapshots(_ demo: String, in tmux: Tmux) throws -> (
        before: String, after: String
    ) {
        let before = temporaryPath("stty-before")
        let after = temporaryPath("stty-after")
        try tmux.type(
            "stty -a > \(before); \(binary) \(demo); echo EXIT=$?; stty -a > \(after); echo STTY-SAVED"
        )
        return (before, after)
    }

    /// Waits for the debugger to exit with status 0 and for the second snapshot, then returns
    /// the terminal settings before and after.
    func settingsAfterCleanExit(
        _ snapshots: (before: String, after: String), in tmux: Tmux
    ) throws -> (before: String, after: String) {
        try tmux.waitFor("EXIT=0")
        try tmux.waitFor("STTY-SAVED")
        return (try settings(snapshots.before), try settings(snapshots.after))
    }

    /// A file in the temporary folder for this run.
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(name)-\(UUID().uuidString)"
        ).path
    }

    @Test("open a demo, step, check the numbers, step back, resize, quit; the terminal is restored")
    func session() throws {
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        let snapshots = try launchBetweenTerminalSnapshots("demos/chain.ag", in: tmux)
        var screen = try tmux.waitFor("backward 0/4 ")
        #expect(screen.contains("seed L.grad = 1"))

        try tmux.send("n")
        screen = try tmux.waitFor("backward 1/4 ")
        #expect(
            screen.contains("o.grad += ∂L/∂o × L.grad = 1.6966 × 1.0000 = 1.6966   0.0000 → 1.6966")
        )
        #expect(screen.contains("1.6966  += 1.6966"))

        try tmux.send("n", "n", "n")
        screen = try tmux.waitFor("backward 4/4 ")
        #expect(screen.contains("x.grad += ∂xw/∂x × xw.grad = -1.5000 × 0.4757 = -0.7136"))

        try tmux.send("p")
        screen = try tmux.waitFor("backward 3/4 ")
        #expect(screen.contains("xw.grad += ∂n/∂xw × n.grad = 1.0000 × 0.4757 = 0.4757"))

        try tmux.resize(width: 50, height: 12)
        try tmux.waitFor("needs at least 60x16")
        try tmux.resize(width: 120, height: 40)
        screen = try tmux.waitFor("backward 3/4 ")
        #expect(screen.split(separator: "\n").contains { $0.count > 100 })

        try tmux.send("q")
        let settings = try settingsAfterCleanExit(snapshots, in: tmux)
        #expect(settings.after == settings.before)
        #expect(settings.after.contains(" icanon") && settings.after.contains(" echo "))
    }

    @Test("train.ag: back into the forward pass, through the update into epoch 2, and back")
    func trainingLoop() throws {
        let tmux = try Tmux(width: 120, height: 40)
        defer { tmux.kill() }
        let snapshots = try launchBetweenTerminalSnapshots("demos/train.ag", in: tmux)
        var screen = try tmux.waitFor("epoch 1")
        #expect(screen.contains("backward 0/"))
        #expect(screen.contains("── loss: epoch 1"))
        try tmux.send("p")
        screen = try tmux.waitFor("forward ")
        #expect(screen.contains("compute loss = "))
        try tmux.send("G")
        try tmux.send("n")
        screen = try tmux.waitFor("update 1/41")
        #expect(screen.contains("l1n1w1.data += -0.05 × "))
        try tmux.send("^")
        for _ in 0..<41 { try tmux.send("n") }
        screen = try tmux.waitFor("epoch 2")
        #expect(screen.contains("forward 0/"))
        try tmux.send("p")
        screen = try tmux.waitFor("update 41/41")
        try tmux.send("E")
        screen = try tmux.waitFor("epoch 101")
        #expect(screen.contains("ran 100 epochs: loss"))
        try tmux.send("q")
        let settings = try settingsAfterCleanExit(snapshots, in: tmux)
        #expect(settings.after == settings.before)
    }

    /// Whether the graph pane of `screen` shows the execution point: its `▶` is the second
    /// character of a row (the source pane's is the first).
    func showsExecution(_ screen: String) -> Bool {
        screen.split(separator: "\n").contains { $0.dropFirst().first == "▶" }
    }

    @Test("train.ag: the execution point stays in view through 40 steps, G, an update, ], a resize")
    func executionInView() throws {
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        _ = try launchBetweenTerminalSnapshots("demos/train.ag", in: tmux)
        try tmux.waitFor("backward 0/")
        for _ in 0..<40 { try tmux.send("n") }
        var screen = try tmux.waitFor("backward 40/")
        #expect(showsExecution(screen), "after 40 steps:\n\(screen)")
        try tmux.send("G")
        try tmux.send("n")
        screen = try tmux.waitFor("update 1/41")
        #expect(showsExecution(screen), "at the first update:\n\(screen)")
        try tmux.send("]")
        screen = try tmux.waitFor("epoch 2")
        #expect(showsExecution(screen), "in epoch 2:\n\(screen)")
        for _ in 0..<11 { try tmux.send("n") }
        try tmux.resize(width: 80, height: 24)
        screen = try tmux.waitFor("update 12/41")
        #expect(showsExecution(screen), "at 80x24:\n\(screen)")
        try tmux.send("q")
    }

    @Test("your own engine: yours beside grad, v to the verdict, the script's output after q")
    func ownEngine() throws {
        let tmux = try Tmux(width: 120, height: 34)
        defer { tmux.kill() }
        let snapshots = try launchBetweenTerminalSnapshots("examples/bug_tanh_local.py", in: tmux)
        var screen = try tmux.waitFor("backward 0/4 ")
        #expect(screen.contains("capture 1/1"))
        #expect(screen.contains("grad        yours"))
        #expect(screen.contains("verdict: local"))
        // The source pane shows the Python file, at the line that made the root.
        #expect(screen.contains("▶110 z = x * y + y + x.tanh()"))
        try tmux.send("v")
        screen = try tmux.waitFor("backward 2/4 ")
        #expect(screen.contains("yours 0.9640 ✗"))
        // The verdict pane says it whole, on one row at 120 columns.
        #expect(
            screen.contains(
                " tanh's _backward (tanh(x), line 110) passes 0.9640 to x; the local derivative is 1 − out² = 0.0707"
            ))
        try tmux.send("q")
        let settings = try settingsAfterCleanExit(snapshots, in: tmux)
        #expect(settings.after == settings.before)
        // What the script printed, held while the debugger drew, comes after it closes.
        #expect(try tmux.screen().contains("dz/dx = 3.9640"))
    }

    /// `examples/engine_module`: the engine in `engine.py`, imported by `train.py`, whose
    /// `__pow__` closure is wrong: after `v` the source pane shows `engine.py` at that closure,
    /// marked, though every node was made in `train.py`.
    @Test("v shows the engine's own wrong line, in the engine's module, marked")
    func verdictShowsTheEnginesLine() throws {
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        let snapshots = try launchBetweenTerminalSnapshots(
            "examples/engine_module/train.py", in: tmux)
        _ = try tmux.waitFor("backward 0/")
        try tmux.send("v")
        let screen = try tmux.waitFor("source: examples/engine_module/engine.py")
        let closure = try OwnEngineTests.line(
            in: "engine_module/engine.py", after: "def __pow__(", of: "def _backward")
        #expect(screen.contains("✗\(closure)         def _backward():"), "\(screen)")
        try tmux.send("q")
        let settings = try settingsAfterCleanExit(snapshots, in: tmux)
        #expect(settings.after == settings.before)
    }

    @Test("a notebook at 80×24: the whole verdict sentence, the source pane on its cell")
    func notebook() throws {
        let tmux = try Tmux(width: 80, height: 24)
        defer { tmux.kill() }
        let snapshots = try launchBetweenTerminalSnapshots(
            "examples/bug_pow_notebook.ipynb", in: tmux)
        let screen = try tmux.waitFor("backward 0/")
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).replacing(/\ +$/, with: "")
        }
        // sq = x ** 2 at x = 2.1 (cell 4, line 3): the engine passes 2·2.1² = 8.82, where
        // 2·2.1 = 4.2 is right; wrapped at the last space before column 80.
        #expect(rows[1].hasPrefix("── verdict: local  (V hides) ──"))
        #expect(
            rows[2]
                == " __pow__'s _backward (sq = x ** 2, cell 4, line 3) passes 8.8200 to x; the local"
        )
        #expect(rows[3] == " derivative is k·xᵏ⁻¹ with k = 2 = 4.2000")
        // The root, loss = sq * 0.5, was made on line 4 of cell 4.
        // At 40 columns the pane's title drops "source: " to keep the file's name and cell.
        #expect(screen.contains("── bug_pow_notebook.ipynb, cell 4 ──"))
        #expect(screen.contains("▶4     loss = sq * 0.5"))
        try tmux.send("q")
        _ = try settingsAfterCleanExit(snapshots, in: tmux)
        #expect(try tmux.screen().contains("autograd-tui: skipped 2 IPython lines"))
    }

    @Test("Ctrl-C quits and restores the terminal")
    func interrupt() throws {
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        let snapshots = try launchBetweenTerminalSnapshots("demos/mlp.ag", in: tmux)
        try tmux.waitFor("demos/mlp.ag")
        try tmux.send("G")
        try tmux.waitFor("backward 49/49")
        try tmux.send("C-c")
        let settings = try settingsAfterCleanExit(snapshots, in: tmux)
        #expect(settings.after == settings.before)
    }

    /// Starts the debugger on `demo` with `environment` in `tmux`, between two `stty -a`
    /// snapshots, its process id written to a file; returns the id and the snapshots' files.
    func launchWithPID(_ demo: String, environment: String = "", in tmux: Tmux) throws -> (
        pid: String, before: String, after: String
    ) {
        let before = temporaryPath("stty-before")
        let after = temporaryPath("stty-after")
        let pidFile = temporaryPath("pid")
        try tmux.type(
            "stty -a > \(before); sh -c 'echo $$ > \(pidFile); exec \(environment) \(binary) \(demo)'; echo EXIT=$?; stty -a > \(after); echo STTY-SAVED"
        )
        try tmux.waitFor(demo)
        let pid = try String(contentsOfFile: pidFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return (pid, before, after)
    }

    /// Sends signal `name` to process `pid`, as `kill -NAME` would from another terminal.
    func signal(_ name: String, to pid: String) throws {
        let kill = Process()
        kill.executableURL = URL(fileURLWithPath: "/bin/kill")
        kill.arguments = ["-\(name)", pid]
        try kill.run()
        kill.waitUntilExit()
    }

    @Test(
        "a signal from outside restores the terminal and exits 128 + its number; a crash reports without a prompt",
        arguments: [
            ("TERM", 143), ("INT", 130), ("HUP", 129), ("QUIT", 131), ("SEGV", 139),
            // Issue 17: every other signal whose default ends the program.
            ("USR1", 138), ("USR2", 140), ("ALRM", 142), ("PIPE", 141), ("XCPU", 152),
            ("VTALRM", 154), ("PROF", 155), ("SYS", 159), ("PWR", 158), ("STKFLT", 144),
        ])
    func signals(_ name: String, _ status: Int) throws {
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        // The runtime's interactive backtracer would take SIGQUIT, and wait at its prompt after
        // a crash, if it could: let it try.
        let launched = try launchWithPID(
            "demos/neuron.ag", environment: "env -u SWIFT_BACKTRACE", in: tmux)
        try signal(name, to: launched.pid)
        // The runtime's crash report symbolicates the whole binary: slow while fifteen of these
        // run side by side on two cores.
        let screen = try tmux.waitFor("EXIT=\(status)", seconds: name == "SEGV" ? 90 : 20)
        #expect(!screen.contains("Press space to interact"))
        if name != "SEGV" { #expect(!screen.contains("Program crashed")) }
        try tmux.waitFor("STTY-SAVED")
        #expect(try settings(launched.after) == settings(launched.before))
    }

    @Test("help, breakpoint and continue, search, and the gradient check work from the keyboard")
    func keys() throws {
        let tmux = try Tmux(width: 110, height: 32)
        defer { tmux.kill() }
        try tmux.type("\(binary) demos/shared.ag; echo EXIT=$?")
        try tmux.waitFor("backward 0/5 ")
        try tmux.send("?")
        try tmux.waitFor("key closes")
        try tmux.send("z")
        try tmux.waitFor("help hidden") { !$0.contains("key closes") }
        try tmux.send("/")
        try tmux.send("c")
        try tmux.waitFor("/c")
        try tmux.send("Enter")
        try tmux.waitFor("/c: c")
        try tmux.send("b")
        try tmux.waitFor("breakpoint on c")
        try tmux.send("c")
        try tmux.waitFor("breakpoint: c fires at step")
        try tmux.send("/")
        try tmux.send("a")
        try tmux.send("Enter")
        try tmux.waitFor("inspect a (leaf)")
        try tmux.send("x")
        let screen = try tmux.waitFor("check a: agrees")
        #expect(screen.contains("check  numeric"))
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }

    @Test("labels in CJK and emoji appear on the terminal as themselves, the columns aligned")
    func wideLabels() throws {
        let path = try BinaryRunner.temporaryScript(
            "a = Value(1.0, label='中文')\nb = Value(2.0, label='日本')\nc = a * b\nc.label = '😀'\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.type("\(binary) \(path); echo EXIT=$?")
        let screen = try tmux.waitFor("backward 0/1 ")
        let lines = screen.split(separator: "\n")
        let root = try #require(lines.first { $0.contains("😀") && $0.contains("中文 * 日本") })
        let leaf = try #require(lines.first { $0.contains("· 中文") })
        // The data column lines up whatever the labels' widths: the same display column.
        func column(of text: String, in line: Substring) -> Int? {
            line.range(of: text).map { String(line[..<$0.lowerBound]).displayWidth }
        }
        #expect(column(of: "2.0000", in: root) != nil)
        #expect(column(of: "1.0000", in: leaf) != nil)
        #expect(column(of: "2.0000", in: root) == column(of: "1.0000", in: leaf))
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }

    @Test("--ascii --no-color draws pure ASCII without colors")
    func asciiMonochrome() throws {
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.type("\(binary) --ascii --no-color demos/chain.ag; echo EXIT=$?")
        try tmux.waitFor("backward 0/4 ")
        try tmux.send("n")
        let plain = try tmux.waitFor("backward 1/4")
        let body = plain.split(separator: "\n").dropLast()
        #expect(body.allSatisfy { $0.allSatisfy(\.isASCII) })
        #expect(plain.contains("o-.  . n"))
        let styled = try tmux.screen(escapes: true)
        // Foreground colors are SGR 30 to 38; tmux's resets to the default (39) are fine.
        #expect(styled.ranges(of: /\x1B\[([0-9;]*;)?3[0-8](;[0-9;]*)?m/).isEmpty)
        #expect(styled.contains("\u{1B}[7m") || styled.contains(";7m"))
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }

    @Test(
        "TERM=dumb gets a message pointing at --trace, not a broken screen",
        arguments: ["dumb", ""])
    func dumbTerminal(term: String) throws {
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.type("TERM=\(term) \(binary) demos/chain.ag; echo EXIT=$?")
        let screen = try tmux.waitFor("EXIT=64")
        #expect(screen.contains("use --trace (text) or --json"))
    }
}
