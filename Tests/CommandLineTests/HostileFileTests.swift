import Foundation
import Testing

/// Files a hostile stranger or a careless user gives (issue 17), driven through the binary:
/// each run ends, with a message and a status, without a crash or unbounded memory.
@Suite("Hostile files")
struct HostileFileTests {
    /// A fresh folder for one test's files, removed by the caller.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("autograd-tui-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A capture of `count` leaves, as short as a node can be, with `padding` spaces after
    /// them inside the node list.
    static func capture(nodes count: Int, padding: Int) -> Data {
        var text = #"{"format": "autograd-capture/1", "captures": [{"root": 0, "nodes": ["#
        text += (0..<count).map { #"{"id":\#($0),"data":1}"# }.joined(separator: ",")
        var data = Data(text.utf8)
        data.append(Data(repeating: 0x20, count: padding))
        data.append(Data("]}]}".utf8))
        return data
    }

    @Test(
        "a device is refused as FILE, and as standard input, with 66", arguments: ["json", "check"])
    func devices(_ mode: String) throws {
        let named = try BinaryRunner.runShell("exec \"$0\" --\(mode) /dev/zero")
        #expect(named.status == 66)
        #expect(named.standardError.contains("'/dev/zero': it is not a regular file"))
        let piped = try BinaryRunner.runShell("exec \"$0\" --\(mode) - < /dev/zero")
        #expect(piped.status == 66)
        #expect(piped.standardError.contains("'<stdin>': it is not a regular file"))
    }

    @Test("a pipe as FILE or standard input is still read")
    func pipes() throws {
        let result = try BinaryRunner.runShell(
            "printf 'x = 2.0\\ny = x * x\\n' | \"$0\" --check /dev/stdin")
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test("1,001 nodes and 100 MB of white space are read in bounded memory")
    func whiteSpaceAfterNodes() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("spaces.json")
        try Self.capture(nodes: 1_001, padding: 100 << 20).write(to: file)
        let result = try BinaryRunner.runShell(
            "ulimit -v 600000; exec \"$0\" --stats '\(file.path)' > /dev/null")
        #expect(result.status == 0, "\(result.standardError.prefix(300))")
    }

    @Test("a capture truncated while it is read never ends the reader with SIGBUS")
    func truncatedWhileRead() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let master = folder.appendingPathComponent("master.json")
        try Self.capture(nodes: 200_000, padding: 20 << 20).write(to: master)
        let file = folder.appendingPathComponent("run.json").path
        var statuses: [Int32] = []
        for delay in ["0.01", "0.05", "0.1"] {
            let result = try BinaryRunner.runShell(
                """
                cp '\(master.path)' '\(file)'
                "$0" --stats '\(file)' > /dev/null 2>&1 &
                sleep \(delay); : > '\(file)'; wait $!; echo "status $?"
                """)
            statuses += result.standardOutput.split(separator: " ").compactMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        #expect(statuses.count == 3)
        #expect(statuses.allSatisfy { $0 == 0 || $0 == 65 }, "\(statuses)")
    }

    /// A capture of `y = x * x` whose nodes and `script` name `file` as their source.
    static func captureNaming(_ file: String) -> String {
        """
        {"format": "autograd-capture/1", "script": "\(file)", "captures": [{"root": 1, "nodes": [
         {"id": 0, "op": "", "label": "x", "data": 2.0, "grad": 4.0, "children": [],
          "file": "\(file)", "line": 1},
         {"id": 1, "op": "*", "label": "y", "data": 4.0, "grad": 1.0, "children": [0, 0],
          "file": "\(file)", "line": 2, "probe": [{"child": 0, "local": 4.0, "mode": "add"}]}]}]}
        """
    }

    @Test("a capture naming a FIFO, a device or standard input as its source opens at once")
    func sourceThatNeverEnds() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("fifo.py").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for source in [fifo, "/dev/zero", "/dev/stdin", "/dev/zero.py"] {
            let capture = folder.appendingPathComponent("run.json")
            try Data(Self.captureNaming(source).utf8).write(to: capture)
            let result = try BinaryRunner.runShell(
                "exec timeout 20 \"$0\" --check '\(capture.path)' < /dev/zero")
            #expect(result.status == 0, "\(source): \(result.standardError)")
        }
    }

    @Test("a capture naming /etc/passwd as its source never shows it: only Python sources are read")
    func sourcePaneShowsNoSystemFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let capture = folder.appendingPathComponent("run.json")
        try Data(Self.captureNaming("/etc/passwd").utf8).write(to: capture)
        let tmux = try Tmux(width: 120, height: 34)
        defer { tmux.kill() }
        try tmux.type("\(BinaryRunner.binary.path) '\(capture.path)'; echo EXIT=$?")
        let screen = try tmux.waitFor("── source")
        #expect(!screen.contains("root:"), "\(screen)")
        #expect(screen.contains("cannot show /etc/passwd"), "\(screen)")
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }

    @Test("--save-capture never overwrites the script, the input or a file that is no capture")
    func saveCaptureKeepsUserFiles() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = try String(
            contentsOf: BinaryRunner.packageRoot.appendingPathComponent(
                "examples/bug_tanh_local.py"), encoding: .utf8)
        try Data(script.utf8).write(to: folder.appendingPathComponent("train.py"))
        try Data("x = 1.0\n".utf8).write(to: folder.appendingPathComponent("notes.ag"))
        let cd = "cd '\(folder.path)' && exec \"$0\""
        for (arguments, reason) in [
            ("--check train.py --save-capture train.py", "'train.py': it is the input file"),
            ("--check train.py --save-capture ./train.py", "it is the input file"),
            ("--check train.py --save-capture notes.ag", "it exists and is not a capture"),
        ] {
            let result = try BinaryRunner.runShell("\(cd) \(arguments)")
            #expect(result.status == 64, "\(arguments)")
            #expect(result.standardError.contains(reason), "\(result.standardError)")
        }
        #expect(
            try String(contentsOf: folder.appendingPathComponent("train.py"), encoding: .utf8)
                == script)
        #expect(
            try String(contentsOf: folder.appendingPathComponent("notes.ag"), encoding: .utf8)
                == "x = 1.0\n")
        // A capture is replaced, through a rename: twice, then read back.
        for _ in 0..<2 {
            let saved = try BinaryRunner.runShell("\(cd) --check train.py --save-capture run.json")
            #expect(saved.status == 1)
        }
        let reopened = try BinaryRunner.runShell("\(cd) --check run.json --save-capture run.json")
        #expect(reopened.status == 64)
        let checked = try BinaryRunner.runShell("\(cd) --check run.json")
        #expect(checked.status == 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["notes.ag", "run.json", "train.py"])
    }

    /// A capture with an escape sequence in every string it holds.
    static let escapes = #"""
        {"format": "autograd-capture/1", "engine": "e.V\u001b[31m", "script": "t\u001b[31m.py", "cwd": "/x\u001b[31m",
         "outcome": {"kind": "raised", "exception": "Err\u001b[31m", "traceback": "T\u001b[31m"},
         "diagnosis": [{"message": "m\u001b[31m", "file": "f\u001b[31m.py", "line": 3}],
         "captures": [
          {"index": 0, "kept": true, "root": 3, "call": {"file": "c\u001b[31m.py", "line": 9},
           "nodes": [
            {"id": 0, "op": "", "label": "a\u001b[31m", "data": 2.0, "grad": 1.0, "children": [], "file": "t\u001b[31m.py", "line": 1},
            {"id": 1, "op": "\u001b[31mq", "label": null, "data": 3.0, "grad": {"repr": "V\u001b[31m"}, "children": [],
             "made_by": {"method": "__a\u001b[31mdd__", "args": [2], "operands": [null]}},
            {"id": 2, "op": "**2\u001b[31m", "label": "c\u001b[31m", "data": 4.0, "grad": 1, "children": [0],
             "probe": [{"child": 0, "local": 7.0, "mode": "add"}],
             "made_by": {"method": "__p\u001b[31mow__", "args": [2], "operands": [0], "file": "e\u001b[31m.py", "line": 40}},
            {"id": 3, "op": "+\u001b[31m", "label": "d\u001b[31m", "data": 7.0, "grad": 1, "children": [2, 1],
             "probe": [{"child": 2, "local": 1.0, "mode": "add"},
                       {"child": 1, "local": null, "mode": "error", "message": "boom\u001b[31m"}]}],
           "fired": [3, 2], "raised": "TypeError: x\u001b[31m",
           "codes": [{"file": "e\u001b[31m.py", "line": 12, "function": "__p\u001b[31mow__"}, {"file": "e\u001b[31m.py", "line": 20, "function": "f\u001b[31m"}],
           "backward_codes": [null, null, 0, 1], "pass_code": {"file": "e\u001b[31m.py", "line": 30, "function": "back\u001b[31mward"}}]}
        """#

    @Test(
        "no escape sequence from a capture reaches the terminal, in any mode or diagnostic",
        arguments: [
            "--check", "--check --all", "--trace", "--trace --forward", "--dot", "--stats",
            "--json",
        ])
    func escapesArePrintable(_ mode: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let documents = [
            ("all.json", Self.escapes),
            ("format.json", #"{"format": "x\u001b[2Jy"}"#),
            (
                "mode.json",
                Self.escapes.replacingOccurrences(
                    of: #""mode": "error""#, with: #""mode": "e\u009bvil""#)
            ),
        ]
        for (name, text) in documents {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
            let result = try BinaryRunner.runShell(
                "cd '\(folder.path)' && exec \"$0\" \(mode) \(name)")
            let output = result.standardOutput + result.standardError
            #expect(!output.isEmpty)
            let control = output.unicodeScalars.first {
                ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F..<0xA0).contains($0.value)
            }
            #expect(control == nil, "\(mode) \(name): \(output.prefix(600))")
        }
    }
}
