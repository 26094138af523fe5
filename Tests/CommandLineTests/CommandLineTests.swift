import Foundation
import Testing

@Suite("The autograd-tui command line")
struct CommandLineTests {
    static let demos = [
        "demos/chain.ag", "demos/neuron.ag", "demos/shared.ag", "demos/micrograd_readme.ag",
        "demos/every_op.ag", "demos/mlp.ag", "demos/expect.ag",
    ]

    @Test("the demo list covers every demo in demos/")
    func demoListIsComplete() throws {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: BinaryRunner.packageRoot.appendingPathComponent("demos").path)
        #expect(Set(files.filter { $0.hasSuffix(".ag") }.map { "demos/\($0)" }) == Set(Self.demos))
    }

    @Test("--check passes on every demo", arguments: demos)
    func checkPassesOnDemos(_ demo: String) throws {
        let result = try BinaryRunner.run(["--check", demo])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains(" 0 mismatch"))
        #expect(!result.standardOutput.contains("MISMATCH"))
    }

    @Test("the README's test command is the one CI runs, without XCTest's empty report")
    func testCommand() throws {
        let readme = try String(
            contentsOf: BinaryRunner.packageRoot.appendingPathComponent("README.md"),
            encoding: .utf8)
        let ci = try String(
            contentsOf: BinaryRunner.packageRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(readme.contains("\nswift test --disable-xctest "))
        #expect(ci.contains("\nswift test --disable-xctest\n"))
    }

    @Test("every demo starts with a comment saying what to watch for", arguments: demos)
    func demosExplainThemselves(_ demo: String) throws {
        let text = try String(
            contentsOf: BinaryRunner.packageRoot.appendingPathComponent(demo), encoding: .utf8)
        let opening = text.split(separator: "\n").prefix(3)
        #expect(opening.allSatisfy { $0.hasPrefix("#") })
        #expect(text.contains("Watch"))
    }

    @Test("each batch mode runs on demos/chain.ag and exits 0")
    func modes() throws {
        let json = try BinaryRunner.run(["--json", "demos/chain.ag"])
        #expect(json.status == 0 && json.standardError.isEmpty)
        #expect(
            json.standardOutput.hasPrefix(
                "{\n  \"format\": \"autograd-trace/1\",\n  \"file\": \"demos/chain.ag\""))
        let trace = try BinaryRunner.run(["--trace", "demos/chain.ag"])
        #expect(trace.status == 0)
        #expect(
            trace.standardOutput.hasPrefix("step 0/4  seed L.grad = 1\nstep 1/4  fire L = o ** 2"))
        let dot = try BinaryRunner.run(["--dot", "demos/chain.ag"])
        #expect(dot.status == 0 && dot.standardOutput.hasPrefix("digraph autograd {"))
        let stats = try BinaryRunner.run(["--stats", "demos/chain.ag"])
        #expect(stats.status == 0)
        #expect(
            stats.standardOutput.contains(
                "nodes       7: 3 inputs (3 leaves, 0 constants), 4 operations"))
    }

    @Test("--check judges correct gradients at large |x| correct, and says when it cannot judge")
    func checkJudgesFairly() throws {
        let large = try BinaryRunner.run(["--check", "-"], input: "x = 1000.0\ny = sin(x)\n")
        #expect(large.status == 0)
        #expect(
            large.standardOutput.hasSuffix("1 input: 1 agree, 0 mismatch, 0 cannot be compared\n"))
        let fast = try BinaryRunner.run(["--check", "-"], input: "x = 1.0\ny = sin(x * 100000)\n")
        #expect(fast.status == 0)
        #expect(fast.standardOutput.contains("too imprecise to judge"))
        #expect(!fast.standardOutput.contains("MISMATCH"))
    }

    @Test("errors in the input: diagnostics on standard error, nothing on standard output, exit 65")
    func badInputExits65() throws {
        let path = try BinaryRunner.temporaryScript("a = 2.0\nb = a * c\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        for mode in ["--json", "--trace", "--dot", "--check", "--stats"] {
            let result = try BinaryRunner.run([mode, path])
            #expect(result.status == 65)
            #expect(result.standardOutput.isEmpty)
            #expect(
                result.standardError
                    == "\(path):2:9: error: 'c' is not defined\nb = a * c\n        ^\n")
        }
    }

    @Test("standard input is read for -, and named <stdin>")
    func standardInput() throws {
        let good = try BinaryRunner.run(["--trace", "-"], input: "x = 3.0\ny = x * x\n")
        #expect(good.status == 0)
        #expect(
            good.standardOutput.contains("x.grad += 3.0000 × 1.0000 = 3.0000   (3.0000 → 6.0000)"))
        let bad = try BinaryRunner.run(["--json", "-"], input: "y = tanh(x)\n")
        #expect(bad.status == 65)
        #expect(bad.standardError.hasPrefix("<stdin>:1:10: error: 'x' is not defined"))
        let empty = try BinaryRunner.run(["--json", "-"])
        #expect(empty.status == 65)
        #expect(
            empty.standardError
                == "<stdin>: error: nothing to differentiate: the file makes no values\n")
    }

    @Test("a file bigger than one read is read whole, from a path and from standard input")
    func bigFile() throws {
        let text =
            (0..<20_000).map { "x\($0) = \($0).5" }.joined(separator: "\n") + "\ny = x0 + x19999\n"
        let path = try BinaryRunner.temporaryScript(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromPath = try BinaryRunner.run(["--trace", path])
        let fromInput = try BinaryRunner.run(["--trace", "-"], input: text)
        #expect(fromPath.status == 0 && fromInput.status == 0)
        #expect(fromPath.standardOutput.hasSuffix("x19999 = 19999.5000   grad 1.0000\n"))
        #expect(fromPath.standardOutput == fromInput.standardOutput)
    }

    @Test("a file name with control characters is printed with them replaced, never raw")
    func controlCharactersInFileNames() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "autograd-tui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = "clear\u{1B}[2J\nname.ag"
        let bad = folder.appendingPathComponent(name)
        try Data("a = 2.0\nb = a * c\n".utf8).write(to: bad)
        let good = folder.appendingPathComponent("ok\u{1B}.ag")
        try Data("a = 2.0\nb = a * 3\n".utf8).write(to: good)
        let shown = folder.path + "/clear\u{FFFD}[2J\u{FFFD}name.ag"
        let failed = try BinaryRunner.run(["--check", bad.path])
        #expect(failed.status == 65)
        #expect(failed.standardError.hasPrefix("\(shown):2:9: error: 'c' is not defined\n"))
        #expect(!failed.standardError.contains("\u{1B}"))
        for mode in ["--check", "--stats"] {
            let result = try BinaryRunner.run([mode, good.path])
            #expect(result.status == 0)
            #expect(result.standardOutput.contains(folder.path + "/ok\u{FFFD}.ag"))
            #expect(!result.standardOutput.contains("\u{1B}"))
        }
    }

    @Test(
        "output that cannot be written is an error, exit 74, never a silent truncation",
        arguments: ["--json", "--trace", "--dot", "--check", "--stats"])
    func writeErrors(_ mode: String) throws {
        let full = try BinaryRunner.runShell("\"$0\" \(mode) demos/mlp.ag > /dev/full")
        #expect(full.status == 74)
        #expect(
            full.standardError == "autograd-tui: cannot write the output: No space left on device\n"
        )
        let closed = try BinaryRunner.runShell("\"$0\" \(mode) demos/chain.ag >&-")
        #expect(closed.status == 74)
        #expect(closed.standardError.hasPrefix("autograd-tui: cannot write the output: "))
    }

    @Test("a file name that is not UTF-8 is opened from its bytes and shown safely")
    func latin1FileName() throws {
        let folder = FileManager.default.temporaryDirectory.path
        let name = "autograd-tui-caf\\351-\(UUID().uuidString).ag"
        let made = try BinaryRunner.runShell(
            "cd \(folder) && printf 'a = 2.0\\nb = a * a\\n' > \"$(printf '\(name)')\" && \"$0\" --trace \"$(printf '\(name)')\"; status=$?; rm -f \"$(printf '\(name)')\"; exit $status"
        )
        #expect(made.status == 0, "\(made.standardError)")
        #expect(made.standardOutput.hasPrefix("step 0/1  seed b.grad = 1\n"))
        let missing = try BinaryRunner.runShell("\"$0\" --trace \"$(printf 'no-caf\\351.ag')\"")
        #expect(missing.status == 66)
        #expect(
            missing.standardError
                == "autograd-tui: cannot read 'no-caf\u{FFFD}.ag': No such file or directory\n")
    }

    @Test("a file that cannot be read exits 66 with the reason")
    func unreadableFileExits66() throws {
        let missing = try BinaryRunner.run(["--json", "demos/no-such-file.ag"])
        #expect(missing.status == 66)
        #expect(
            missing.standardError
                == "autograd-tui: cannot read 'demos/no-such-file.ag': No such file or directory\n")
        let folder = try BinaryRunner.run(["--trace", "demos"])
        #expect(folder.status == 66)
        #expect(folder.standardError.contains("it is a directory"))
    }

    @Test(
        "bad usage exits 64",
        arguments: [
            [], ["--json"], ["--json", "--trace", "demos/chain.ag"],
            ["--frobnicate", "demos/chain.ag"],
        ])
    func badUsageExits64(_ arguments: [String]) throws {
        let result = try BinaryRunner.run(arguments)
        #expect(result.status == 64)
        #expect(result.standardOutput.isEmpty)
        #expect(!result.standardError.isEmpty)
    }

    @Test("--help documents every mode with an example; --version prints the version")
    func helpAndVersion() throws {
        let help = try BinaryRunner.run(["--help"])
        #expect(help.status == 0)
        for mode in ["--json", "--trace", "--dot", "--check", "--stats"] {
            #expect(help.standardOutput.contains("autograd-tui \(mode) demos/"))
            #expect(help.standardOutput.contains("  \(mode) "))
        }
        for status in [
            "0   success", "1   a failed gradient check", "64  bad usage", "65  errors",
            "66  a file",
        ] {
            #expect(help.standardOutput.contains("  \(status)"))
        }
        let version = try BinaryRunner.run(["--version"])
        #expect(version.status == 0 && version.standardOutput.hasPrefix("autograd-tui 0."))
    }
}

@Suite("The debugger without a terminal")
struct DebuggerWithoutTerminalTests {
    @Test("standard input or output not a terminal: exit 64 with a pointer to --trace and --json")
    func notATerminal() throws {
        let result = try BinaryRunner.run(["demos/chain.ag"])
        #expect(result.status == 64)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("the debugger needs a terminal"))
        #expect(result.standardError.contains("--trace"))
        #expect(result.standardError.contains("--json"))
    }
}
