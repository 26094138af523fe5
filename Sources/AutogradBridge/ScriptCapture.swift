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
/// embedded in this binary, written to a private temporary folder for the run and removed
/// after it.
public struct ScriptCapture: Sendable {
    /// Where the script's own output goes while it runs.
    public enum OutputRouting: Sendable {
        /// Its standard output and error both to standard error: a batch mode's standard
        /// output is its report.
        case standardError
        /// Kept until `heldOutput` and `heldErrors` are shown (after the debugger closes); shown
        /// at once if the script fails.
        case held
    }

    /// The capture document's bytes.
    public let document: [UInt8]
    /// What the script wrote to its standard output, when held.
    public let heldOutput: [UInt8]
    /// What it wrote to its standard error, when held.
    public let heldErrors: [UInt8]

    /// Runs `script` with `arguments` (its `sys.argv[1:]`), keeping `keep` whole graphs (the
    /// bridge's default when `nil`), with `roles` named for the bridge's recognition (the
    /// inherited `$AUTOGRAD_TUI_ROLES` when empty).
    public static func run(
        script: String, arguments: [String], keep: Int?, roles: [RoleBinding] = [],
        routing: OutputRouting
    ) throws(BridgeError) -> ScriptCapture {
        var folder = try BridgeFolder()
        defer { folder.remove() }
        let capturePath = folder.file(named: "capture.json")
        let interpreter =
            getenv("AUTOGRAD_TUI_PYTHON").map { String(cString: $0) }.flatMap {
                $0.isEmpty ? nil : $0
            } ?? "python3"
        var command = [
            interpreter, "-B", "-m", "autograd_tui", "run", "--quiet", "--outcome-in-document",
            "--capture", capturePath,
        ]
        if let keep { command += ["--keep", String(keep)] }
        command += ["--", script] + arguments
        let environment = Self.environment(bridgeFolder: folder.path, roles: roles)

        var outputDescriptor = STDERR_FILENO
        var errorDescriptor = STDERR_FILENO
        var outputPath: String?
        var errorPath: String?
        if case .held = routing {
            let output = folder.file(named: "stdout")
            let errors = folder.file(named: "stderr")
            outputDescriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            errorDescriptor = open(errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            guard outputDescriptor >= 0, errorDescriptor >= 0 else {
                throw .cannotPrepare("cannot hold the script's output: \(BridgeFolder.lastError())")
            }
            outputPath = output
            errorPath = errors
        }
        let ending: PythonProcess.Ending
        do {
            ending = try PythonProcess.run(
                command, environment: environment, output: outputDescriptor,
                errors: errorDescriptor)
        } catch {
            if outputDescriptor != STDERR_FILENO { close(outputDescriptor) }
            if errorDescriptor != STDERR_FILENO { close(errorDescriptor) }
            throw error
        }
        if outputDescriptor != STDERR_FILENO { close(outputDescriptor) }
        if errorDescriptor != STDERR_FILENO { close(errorDescriptor) }
        let heldOutput = outputPath.map(Self.contents) ?? []
        let heldErrors = errorPath.map(Self.contents) ?? []
        switch ending {
        case .exited(0):
            let document = Self.contents(capturePath)
            if !document.isEmpty {
                return ScriptCapture(
                    document: document, heldOutput: heldOutput, heldErrors: heldErrors)
            }
            Self.show(heldOutput, heldErrors)
            throw .noDocument(status: 0)
        case .exited(let status):
            Self.show(heldOutput, heldErrors)
            throw .noDocument(status: status)
        case .signalled(let signal):
            Self.show(heldOutput, heldErrors)
            throw .killed(signal: signal)
        }
    }

    /// Writes what the script printed to standard output and error, where it would have gone.
    public static func show(_ output: [UInt8], _ errors: [UInt8]) {
        writeAll(output, to: STDOUT_FILENO)
        writeAll(errors, to: STDERR_FILENO)
    }

    /// This process's environment with the bridge first on `PYTHONPATH`, no byte code written,
    /// a matplotlib that does not open windows, and `roles` in `$AUTOGRAD_TUI_ROLES` when some
    /// are given.
    private static func environment(bridgeFolder: String, roles: [RoleBinding]) -> [String] {
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
        if !hasBackend { variables.append("MPLBACKEND=Agg") }
        if !roles.isEmpty {
            variables.append(Self.rolesVariable + "=" + RoleBinding.environmentValue(roles))
        }
        return variables
    }

    /// The variable the bridge reads `--role` bindings from.
    static let rolesVariable = "AUTOGRAD_TUI_ROLES"

    private static func contents(_ path: String) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
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

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes {
                write(descriptor, $0.baseAddress, $0.count)
            }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return }
            written += count
        }
    }
}
