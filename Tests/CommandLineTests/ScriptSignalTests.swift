import Foundation
import Testing

/// The learner's script as a child process (issue 17): signals to autograd-tui reach it, it is
/// waited for, the private folder (the bridge, the capture, the held output, the bridge's
/// spill files) goes on every way out, and the exit status says which signal ended the run.
@Suite("A script's run ended by signals", .serialized)
struct ScriptSignalTests {
    /// A micrograd-style engine and a loop of `backward()` calls that creates `ready` after
    /// the third and gives up by itself after 30 s, so a failed test leaves nothing running.
    /// With `wide`, each graph is large enough for the bridge to spill it to a file.
    static func script(wide: Bool = false) -> String {
        """
        import os, sys, time
        class Value:
            def __init__(self, data, _children=(), _op=''):
                self.data = data
                self.grad = 0.0
                self._backward = lambda: None
                self._prev = set(_children)
                self._op = _op
            def __add__(self, other):
                out = Value(self.data + other.data, (self, other), '+')
                def _backward():
                    self.grad += out.grad
                    other.grad += out.grad
                out._backward = _backward
                return out
            def __mul__(self, other):
                out = Value(self.data * other.data, (self, other), '*')
                def _backward():
                    self.grad += other.data * out.grad
                    other.grad += self.data * out.grad
                out._backward = _backward
                return out
            def backward(self):
                topo, seen = [], set()
                stack = [(self, False)]
                while stack:
                    v, done = stack.pop()
                    if done:
                        topo.append(v)
                    elif v not in seen:
                        seen.add(v)
                        stack.append((v, True))
                        stack.extend((c, False) for c in v._prev)
                self.grad = 1.0
                for v in reversed(topo):
                    v._backward()
        start = time.time()
        i = 0
        while time.time() - start < 30:
            x = Value(2.0)
            z = x * x
            for _ in range(\(wide ? 8_000 : 1)):
                z = z + x
            z.backward()
            i += 1
            if i == 3:
                open('ready', 'w').close()
            if os.environ.get('EXIT_AT') and i == 3:
                os._exit(0)
            time.sleep(0.02)
        """
    }

    /// Runs autograd-tui with `arguments` on the script in a fresh folder with its own
    /// `TMPDIR`, sends it `signal` with `kill` once the script is ready; returns the result,
    /// whether the
    /// interpreter is still running afterwards, and what is left in `TMPDIR`.
    func interrupt(
        _ arguments: String, signal: String?, wide: Bool = false,
        environment: String = ""
    ) throws -> (result: BinaryRunner.Result, folder: URL, orphans: String, litter: [String]) {
        let folder = try HostileFileTests.folder()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        try Data(Self.script(wide: wide).utf8).write(to: folder.appendingPathComponent("slow.py"))
        let start = "\"$0\" \(arguments) slow.py > out 2> err &"
        let target = "-\(signal ?? "TERM") $p"
        let send =
            signal == nil
            ? ""
            : "n=0; while [ ! -f ready ] && [ $n -lt 400 ]; do sleep 0.05; n=$((n+1)); done; "
                + "sleep 0.2; kill \(target)"
        let result = try BinaryRunner.runPlainShell(
            """
            cd '\(folder.path)' && export TMPDIR='\(folder.path)/tmp' \(environment)
            \(start)
            p=$!
            \(send)
            wait $p; echo "status $?"
            sleep 0.3
            """)
        let orphans = try BinaryRunner.runShell(
            "ps -eo args | grep -F '\(folder.path)/tmp' | grep -v grep || true"
        ).standardOutput
        let litter = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("tmp").path)
        return (result, folder, orphans, litter)
    }

    static func status(_ result: BinaryRunner.Result) -> Int32? {
        result.standardOutput.split(separator: "\n").last { $0.hasPrefix("status ") }
            .flatMap { Int32($0.dropFirst("status ".count)) }
    }

    @Test(
        "SIGTERM, SIGHUP, SIGQUIT and SIGUSR1 to autograd-tui end the script and exit 128+N",
        arguments: [("TERM", 143), ("HUP", 129), ("QUIT", 131), ("USR1", 138), ("ALRM", 142)])
    func endingSignals(_ signal: String, _ expected: Int32) throws {
        let run = try interrupt("--check --save-capture saved.json", signal: signal)
        defer { try? FileManager.default.removeItem(at: run.folder) }
        let errors = try String(
            contentsOf: run.folder.appendingPathComponent("err"), encoding: .utf8)
        #expect(Self.status(run.result) == expected, "\(errors)")
        #expect(run.orphans.isEmpty, "still running: \(run.orphans)")
        #expect(run.litter.isEmpty, "left in TMPDIR: \(run.litter)")
        #expect(errors.contains("ended by SIG\(signal)"), "\(errors)")
        let saved = try String(
            contentsOf: run.folder.appendingPathComponent("saved.json"), encoding: .utf8)
        #expect(saved.contains(#""kind": "exited""#), "\(saved.prefix(400))")
    }

    @Test("SIGINT to autograd-tui judges what was captured and exits 130")
    func interrupt() throws {
        let run = try interrupt("--check", signal: "INT")
        defer { try? FileManager.default.removeItem(at: run.folder) }
        let output = try String(
            contentsOf: run.folder.appendingPathComponent("out"), encoding: .utf8)
        let errors = try String(
            contentsOf: run.folder.appendingPathComponent("err"), encoding: .utf8)
        #expect(Self.status(run.result) == 130, "\(errors)")
        #expect(output.contains("verdict: none"), "\(output)")
        #expect(errors.contains("KeyboardInterrupt"))
        #expect(run.orphans.isEmpty && run.litter.isEmpty, "\(run.orphans) \(run.litter)")
    }

    @Test("Ctrl-C in a terminal judges what was captured and exits 130; closing it leaves nothing")
    func terminal() throws {
        for closes in [false, true] {
            let folder = try HostileFileTests.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("tmp"), withIntermediateDirectories: true)
            try Data(Self.script().utf8).write(to: folder.appendingPathComponent("slow.py"))
            let tmux = try Tmux(width: 100, height: 30)
            defer { tmux.kill() }
            try tmux.type(
                "cd '\(folder.path)' && TMPDIR=$PWD/tmp \(BinaryRunner.binary.path) --check slow.py > out; echo EXIT=$?"
            )
            var waited = 0
            while !FileManager.default.fileExists(
                atPath: folder.appendingPathComponent("ready").path),
                waited < 400
            {
                Thread.sleep(forTimeInterval: 0.05)
                waited += 1
            }
            Thread.sleep(forTimeInterval: 0.2)
            if closes {
                tmux.kill()
                Thread.sleep(forTimeInterval: 1)
            } else {
                try tmux.send("C-c")
                try tmux.waitFor("EXIT=130")
                let output = try String(
                    contentsOf: folder.appendingPathComponent("out"), encoding: .utf8)
                #expect(output.contains("verdict: none"), "\(output)")
            }
            let orphans = try BinaryRunner.runShell(
                "ps -eo args | grep -F '\(folder.path)/tmp' | grep -v grep || true"
            ).standardOutput
            #expect(orphans.isEmpty, "still running: \(orphans)")
            let litter = try FileManager.default.contentsOfDirectory(
                atPath: folder.appendingPathComponent("tmp").path)
            #expect(litter.isEmpty, "closes \(closes): left in TMPDIR: \(litter)")
        }
    }

    @Test("os._exit with spilled captures leaves nothing in TMPDIR")
    func spillFolder() throws {
        let run = try interrupt("--check", signal: nil, wide: true, environment: "EXIT_AT=3")
        defer { try? FileManager.default.removeItem(at: run.folder) }
        #expect(Self.status(run.result) == 65)
        #expect(run.litter.isEmpty, "left in TMPDIR: \(run.litter)")
    }

    @Test("a folder named d.py is a file that cannot be read: 66, no interpreter started")
    func folderNamedLikeAScript() throws {
        let folder = try HostileFileTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("d.py"), withIntermediateDirectories: true)
        let result = try BinaryRunner.runShell("cd '\(folder.path)' && exec \"$0\" --check d.py")
        #expect(result.status == 66)
        #expect(result.standardError.contains("'d.py': it is a directory"))
    }

    @Test("without a terminal the debugger refuses before the script runs")
    func debuggerChecksTheTerminalFirst() throws {
        let folder = try HostileFileTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("open('ran', 'w').close()\n".utf8).write(
            to: folder.appendingPathComponent("s.py"))
        let result = try BinaryRunner.runShell(
            "cd '\(folder.path)' && exec \"$0\" s.py < /dev/null > /dev/null")
        #expect(result.status == 64)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("ran").path))
    }

    @Test("Python older than 3.9 is refused with 69", arguments: ["2.7.18", "3.6.15", "3.8.18"])
    func oldInterpreters(_ version: String) throws {
        let interpreter = "/root/.pyenv/versions/\(version)/bin/python"
        guard FileManager.default.isExecutableFile(atPath: interpreter) else { return }
        let result = try BinaryRunner.runShell(
            "AUTOGRAD_TUI_PYTHON=\(interpreter) exec \"$0\" --check examples/bug_tanh_local.py")
        #expect(result.status == 69, "\(result.standardError)")
        #expect(result.standardError.contains("is Python \(version); the bridge needs Python 3.9"))
    }
}
