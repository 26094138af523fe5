import AgScript
import ArgumentParser
import AutogradBridge
import AutogradCapture
import AutogradCommandLine
import AutogradEngine
import AutogradProgram

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What FILE on the command line opened: an `.ag` script, or a capture of someone's own
/// engine, from a capture document or from running their Python script.
enum OpenedInput {
    /// An `.ag` script.
    case script(Script)
    /// A capture, with what running its script left beside it.
    case capture(CapturedRun, ScriptRun)

    /// What running a Python script left beside its capture (nothing for a capture file).
    struct ScriptRun {
        /// What the script printed, when it was held back for after the debugger.
        var held: HeldOutput = .none
        /// The signal that interrupted the run (Ctrl-C), whose captures are judged: the
        /// program then exits 128 + its number.
        var interruption: Int32?
    }

    /// The graph to show, as a script.
    var script: Script {
        switch self {
        case .script(let script): script
        case .capture(let run, _): run.script
        }
    }

    /// The signal that interrupted the script's run, whose captures were judged anyway.
    var interruption: Int32? {
        switch self {
        case .script: nil
        case .capture(_, let ran): ran.interruption
        }
    }

    /// The choices of the command line that concern captures.
    struct CaptureOptions {
        /// `--capture N`: which capture, counted from 1; the last when `nil`.
        var number: Int?
        /// `--keep N`: how many whole graphs a script's run keeps.
        var keep: Int?
        /// `--save-capture OUT.json`: where to write a script's capture document.
        var savePath: String?
        /// The script's arguments (after `--`).
        var scriptArguments: [String]
        /// Whether the script's output is held until the debugger closes.
        var holdsOutput: Bool
        /// `--role NAME=ATTR`: attributes the bridge is told play a role.
        var roles: [RoleBinding] = []
    }

    /// Loads `path`: a `.py` file or a notebook (`.ipynb`) is run under the bridge, a `.json`
    /// file or a document that starts with `{` is read as a capture, anything else as `.ag`.
    /// On failure the message is written and the `ExitCode` to exit with is thrown.
    static func load(_ path: String, options: CaptureOptions) throws -> OpenedInput {
        if let savePath = options.savePath { try checkSaveTarget(savePath, input: path) }
        if isRunnable(path) { return try runPython(path, options: options) }
        // Copied, not mapped: a mapped file that another program truncates kills the reader
        // with SIGBUS, and the copy is as fast for one pass.
        let input: InputFile
        do {
            input = try InputFile(path: path)
        } catch {
            writeToStandardError("autograd-tui: \(error.message)\n")
            throw ExitCode(.noInput)
        }
        if path.lowercased().hasSuffix(".json") || CaptureReader.looksLikeJSON(input.bytes) {
            try save(input.bytes, options: options)
            return try openCapture(
                input.bytes, path: input.displayName, options: options, ran: nil)
        }
        guard options.number == nil, options.keep == nil, options.savePath == nil else {
            writeToStandardError(
                "autograd-tui: --capture, --keep and --save-capture apply to a Python script "
                    + "or a capture (.json), not to an .ag file\n")
            throw ExitCode(.usage)
        }
        do {
            return .script(try ScriptReader.read(input.bytes, path: input.displayName))
        } catch {
            writeToStandardError(error.description)
            throw ExitCode(.dataError)
        }
    }

    /// Whether `path` is run under the bridge: a Python script or a Jupyter notebook.
    static func isRunnable(_ path: String) -> Bool {
        let lowercased = path.lowercased()
        return lowercased.hasSuffix(".py") || lowercased.hasSuffix(".ipynb")
    }

    private static func runPython(_ path: String, options: CaptureOptions) throws -> OpenedInput {
        try checkScript(path)
        let capture: ScriptCapture
        do {
            capture = try ScriptCapture.run(
                script: path, arguments: options.scriptArguments, keep: options.keep,
                roles: options.roles, routing: options.holdsOutput ? .held : .standardError)
        } catch {
            writeToStandardError("autograd-tui: \(NodeNames.printable(path)): \(error.message)\n")
            switch error {
            case .noInterpreter, .oldInterpreter: throw ExitCode(.unavailable)
            case .cannotPrepare: throw ExitCode(.ioError)
            case .killed(let signal): throw ExitCode(128 + signal)
            case .noDocument: throw ExitCode(.dataError)
            }
        }
        // Written however the script ended: the two-step path (--save-capture, then --check on
        // the file) gives the same answer as one run.
        if !capture.document.isEmpty { try save(capture.document, options: options) }
        let ran = ScriptRun(held: capture.held, interruption: capture.interruption)
        if let signal = capture.interruption, signal != SIGINT || capture.document.isEmpty {
            // Asked to end (SIGTERM, SIGHUP, SIGQUIT): the script was ended and waited for;
            // what it captured is saved, not judged.
            capture.held.show()
            let kept =
                capture.document.isEmpty
                ? "nothing was captured"
                : options.savePath.map { "its captures are in \(NodeNames.printable($0))" }
                    ?? "nothing was saved (--save-capture OUT.json keeps the captures of a run that is ended)"
            writeToStandardError(
                "autograd-tui: \(NodeNames.printable(path)): ended by \(EndingSignals.describe(signal)) while the script ran; \(kept)\n"
            )
            throw ExitCode(128 + signal)
        }
        return try openCapture(capture.document, path: path, options: options, ran: ran)
    }

    /// Refuses a script that is no regular file (a folder named `d.py`, a FIFO) before an
    /// interpreter is started for it: 66, as for any file that cannot be read.
    private static func checkScript(_ path: String) throws {
        var status = stat()
        let problem: String? =
            if stat(path, &status) != 0 || access(path, R_OK) != 0 {
                String(cString: strerror(errno))
            } else if (status.st_mode & S_IFMT) == S_IFDIR {
                "it is a directory"
            } else if (status.st_mode & S_IFMT) != S_IFREG {
                "it is not a regular file"
            } else {
                nil
            }
        guard let problem else { return }
        writeToStandardError(
            "autograd-tui: cannot read '\(NodeNames.printable(path))': \(problem)\n")
        throw ExitCode(.noInput)
    }

    private static func openCapture(
        _ bytes: [UInt8], path: String, options: CaptureOptions, ran: ScriptRun?
    ) throws -> OpenedInput {
        try bytes.withUnsafeBufferPointer { buffer in
            try openCapture(buffer, path: path, options: options, ran: ran)
        }
    }

    /// Opens the document in `bytes`. A script that failed after some `backward()` calls has
    /// them judged, with one line on standard error saying how it ended (after the held output,
    /// when there is some); one that made none is reported as its document says it ended, and
    /// exits 65, or 128 + N when signal N interrupted it.
    private static func openCapture(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, options: CaptureOptions,
        ran: ScriptRun?
    ) throws -> OpenedInput {
        let ranScript = ran != nil
        var ran = ran ?? ScriptRun()
        let failure = ExitCode(ran.interruption.map { 128 + $0 } ?? ExitStatus.dataError.rawValue)
        let document: CaptureDocument
        do {
            document = try CaptureReader.read(bytes, path: path)
        } catch {
            ran.held.show()
            writeToStandardError(error.description)
            throw failure
        }
        if document.callCount == 0,
            let message = ScriptEnding.nothingCaptured(
                in: document, path: path, tracebackShown: ranScript)
        {
            ran.held.show()
            writeToStandardError(message)
            throw failure
        }
        let run: CapturedRun
        do {
            run = try CapturedRun(
                document: document, number: options.number, path: path,
                readSource: { file in Self.readSource(file, document: document, capturePath: path) }
            )
        } catch {
            ran.held.show()
            writeToStandardError(error.description)
            throw failure
        }
        // A script that caught Ctrl-C and went on to its end was not interrupted.
        if case .finished? = document.outcome { ran.interruption = nil }
        if let notice = ScriptEnding.notice(for: document, path: path) {
            // Held, it follows the script's held output (its traceback) after the debugger.
            if options.holdsOutput {
                ran.held.notice += notice
            } else {
                writeToStandardError(notice)
            }
        }
        return .capture(run, ran)
    }

    /// The bytes of a source file a capture names: a relative path in the folder the script
    /// ran in (against which the format resolves it), else as given, else beside the capture
    /// document. Only a Python file or notebook that is a regular file of at most
    /// `SourceLibrary.largestFile` bytes is read: a name could be a pipe, a device or
    /// `/etc/passwd`.
    private static func readSource(_ file: String, document: CaptureDocument, capturePath: String)
        -> [UInt8]?
    {
        var candidates = [file]
        if !file.hasPrefix("/") {
            if let folder = document.folder { candidates.insert(folder + "/" + file, at: 0) }
            if let slash = capturePath.lastIndex(of: "/") {
                candidates.append(String(capturePath[...slash]) + file)
            }
        }
        for candidate in candidates where SafeFile.isSourceName(candidate) {
            if let bytes = try? SafeFile.read(candidate, limit: SourceLibrary.largestFile) {
                return bytes
            }
        }
        return nil
    }

    /// Refuses, before anything runs, a `--save-capture` path that would overwrite what the
    /// user wrote: the input file itself, or an existing file that is not a capture document
    /// (`--save-capture train.py train.py` replaced the script with JSON).
    private static func checkSaveTarget(_ savePath: String, input: String) throws {
        var target = stat()
        guard stat(savePath, &target) == 0 else { return }
        var source = stat()
        let isInput =
            input != "-" && stat(input, &source) == 0 && source.st_dev == target.st_dev
            && source.st_ino == target.st_ino
        let isCapture =
            (target.st_mode & S_IFMT) == S_IFREG
            && CaptureReader.looksLikeJSON(
                (try? SafeFile.read(savePath, limit: 1 << 31).prefix(4096)).map(Array.init) ?? [])
        guard isInput || !isCapture else { return }
        let what = isInput ? "it is the input file" : "it exists and is not a capture document"
        writeToStandardError(
            "autograd-tui: --save-capture will not overwrite '\(NodeNames.printable(savePath))': \(what)\n"
        )
        throw ExitCode(.usage)
    }

    /// Writes `bytes` to `--save-capture`'s path through a temporary file beside it and a
    /// rename: a reader of the old file never sees it cut short.
    private static func save(_ bytes: [UInt8], options: CaptureOptions) throws {
        guard let savePath = options.savePath else { return }
        var template = Array((savePath + ".XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        let temporary = String(cString: template)
        var written = 0
        if descriptor >= 0 {
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes {
                    write(descriptor, $0.baseAddress, $0.count)
                }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                written += count
            }
            // mkstemp makes the file 0600; a capture is as readable as any file written.
            let mask = umask(0)
            umask(mask)
            fchmod(descriptor, 0o666 & ~mask)
            if close(descriptor) != 0 { written = -1 }
            if written == bytes.count, rename(temporary, savePath) != 0 { written = -1 }
            if written != bytes.count { unlink(temporary) }
        }
        guard descriptor >= 0, written == bytes.count else {
            writeToStandardError(
                "autograd-tui: cannot write '\(NodeNames.printable(savePath))': \(String(cString: strerror(errno)))\n"
            )
            throw ExitCode(.ioError)
        }
    }
}
