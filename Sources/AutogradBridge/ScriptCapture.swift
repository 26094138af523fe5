#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs someone's Python script unchanged under the bridge, which records every `backward()`
/// call, and gives back the capture document it wrote: whenever the script ran, however it
/// ended. How it ended is the document's `outcome`, not the interpreter's exit status, which
/// only says whether the bridge wrote the document (a script's `sys.exit(2)` is its own).
///
/// The interpreter is `$AUTOGRAD_TUI_PYTHON`, else `python3` on `PATH`; the bridge is the copy
/// embedded in this binary, written to a private temporary folder (`BridgeFolder`) with the
/// capture, the script's held output and the bridge's spill files, all removed on every way
/// out.
package struct ScriptCapture: Sendable {
    /// Where the script's own output goes while it runs.
    package enum OutputRouting: Sendable {
        /// Its standard output and error both to standard error: a batch mode's standard
        /// output is its report.
        case standardError
        /// Written to files in the private folder until `held` shows them (after the debugger
        /// closes): streamed, never held in memory. Its standard input is `/dev/null`: a
        /// prompt it printed would not be seen.
        case held
    }

    /// The capture document's bytes; empty when the interpreter wrote none.
    package let document: [UInt8]
    /// What the script printed, when held.
    package let held: HeldOutput
    /// The signal (SIGINT, SIGQUIT, SIGTERM, SIGHUP) that asked autograd-tui to end while the
    /// script ran, passed on to the script, which was waited for; `nil` when none came.
    package let interruption: Int32?

    /// Runs `script` with `arguments` (its `sys.argv[1:]`), keeping `keep` whole graphs (the
    /// bridge's default when `nil`), with `roles` named for the bridge's recognition (the
    /// inherited `$AUTOGRAD_TUI_ROLES` when empty). The private folder stays until
    /// `BridgeFolder.removeAll()` (at exit at the latest): the held output is read from it.
    /// A document the interpreter did not write is an error, unless a signal interrupted the
    /// run, which gives back what there is.
    package static func run(
        script: String, arguments: [String], keep: Int?, roles: [RoleBinding] = [],
        routing: OutputRouting
    ) throws(BridgeError) -> ScriptCapture {
        let folder = try BridgeFolder()
        let capturePath = folder.file(named: "capture.json")
        let interpreter =
            getenv("AUTOGRAD_TUI_PYTHON").map { String(cString: $0) }.flatMap {
                $0.isEmpty ? nil : $0
            } ?? "python3"
        var command = [
            interpreter, "-B", "-c", Self.prelude, "run", "--quiet", "--outcome-in-document",
            "--capture", capturePath,
        ]
        if let keep { command += ["--keep", String(keep)] }
        command += ["--", script] + arguments
        let environment = Self.environment(
            bridgeFolder: folder.path, spill: folder.spillPath, roles: roles)

        var held = HeldOutput.none
        var outputDescriptor = STDERR_FILENO
        var errorDescriptor = STDERR_FILENO
        if case .held = routing {
            let output = folder.file(named: "stdout")
            let errors = folder.file(named: "stderr")
            held = HeldOutput(outputPath: output, errorsPath: errors)
            outputDescriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            errorDescriptor = open(errors, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard outputDescriptor >= 0, errorDescriptor >= 0 else {
                throw .cannotPrepare("cannot hold the script's output: \(BridgeFolder.lastError())")
            }
        }
        defer {
            if outputDescriptor != STDERR_FILENO { close(outputDescriptor) }
            if errorDescriptor != STDERR_FILENO { close(errorDescriptor) }
        }
        let run = try PythonProcess.run(
            command, environment: environment, output: outputDescriptor, errors: errorDescriptor,
            noInput: routing == .held)
        let document = Self.contents(capturePath)
        let mark = Array(Self.oldInterpreterMark.utf8)
        if run.ending == .exited(69), document.starts(with: mark) {
            held.show()
            let version = String(decoding: document.dropFirst(mark.count).prefix(40), as: UTF8.self)
            throw .oldInterpreter(interpreter: interpreter, version: version)
        }
        if let signal = run.signal {
            return ScriptCapture(document: document, held: held, interruption: signal)
        }
        switch run.ending {
        case .exited(0) where !document.isEmpty:
            return ScriptCapture(document: document, held: held, interruption: nil)
        case .exited(let status):
            held.show()
            throw .noDocument(status: status)
        case .signalled(let signal):
            held.show()
            throw .killed(signal: signal)
        }
    }

    /// What the interpreter runs first, in a syntax Python 2 reads too: the version check,
    /// which writes `oldInterpreterMark` and the version into the capture's path and exits 69
    /// before a Python older than 3.9 meets the bridge's syntax; then the bridge, as
    /// `-m autograd_tui` would run it.
    static let prelude = """
        import sys
        if sys.version_info < (3, 9):
            i = sys.argv.index('--capture')
            open(sys.argv[i + 1], 'w').write('\(oldInterpreterMark)' + sys.version.split()[0])
            sys.exit(69)
        import runpy
        runpy.run_module('autograd_tui', run_name='__main__', alter_sys=True)
        """

    /// What the prelude writes before the version of a Python too old for the bridge.
    static let oldInterpreterMark = "autograd-tui: old interpreter "

    /// This process's environment with the bridge first on `PYTHONPATH`, no byte code written,
    /// a matplotlib that does not open windows, the bridge's spill folder in the private
    /// folder (`$AUTOGRAD_TUI_SPILL`), and `roles` in `$AUTOGRAD_TUI_ROLES` when some are given.
    private static func environment(bridgeFolder: String, spill: String, roles: [RoleBinding])
        -> [String]
    {
        var variables: [String] = []
        var pythonPath: String?
        var hasBackend = false
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if text.hasPrefix("PYTHONPATH=") {
                pythonPath = String(text.dropFirst("PYTHONPATH=".count))
            } else if !text.hasPrefix("AUTOGRAD_TUI_CAPTURE="),
                !text.hasPrefix("PYTHONDONTWRITEBYTECODE="),
                !text.hasPrefix(Self.spillVariable + "="),
                roles.isEmpty || !text.hasPrefix(Self.rolesVariable + "=")
            {
                if text.hasPrefix("MPLBACKEND=") { hasBackend = true }
                variables.append(text)
            }
            pointer += 1
        }
        let path = [bridgeFolder, pythonPath].compactMap { $0 }.filter { !$0.isEmpty }
        variables.append("PYTHONPATH=" + path.joined(separator: ":"))
        variables.append("PYTHONDONTWRITEBYTECODE=1")
        variables.append(Self.spillVariable + "=" + spill)
        if !hasBackend { variables.append("MPLBACKEND=Agg") }
        if !roles.isEmpty {
            variables.append(Self.rolesVariable + "=" + RoleBinding.environmentValue(roles))
        }
        return variables
    }

    /// The variable the bridge reads `--role` bindings from.
    static let rolesVariable = "AUTOGRAD_TUI_ROLES"
    /// The variable that names the folder the bridge spills large captures to.
    static let spillVariable = "AUTOGRAD_TUI_SPILL"

    private static func contents(_ path: String) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}
