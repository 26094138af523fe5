#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private temporary folder holding the embedded Python bridge as a package
/// (`autograd_tui/*.py`), put first on the interpreter's `PYTHONPATH`, and the files of one
/// run: the capture, the script's output, and the bridge's own spill folder
/// (`$AUTOGRAD_TUI_SPILL`). It is removed with all it holds by `remove()`, by `removeAll()`
/// (which `atexit` calls), and by `removeAllFromSignalHandler()` on the way out after a signal.
struct BridgeFolder: Sendable {
    /// The folder's path.
    let path: String

    /// The spill folder the bridge puts large captures in while the script runs.
    var spillPath: String { path + "/spill" }

    /// Every folder made and not yet removed, as C strings the signal handler can use
    /// without allocating: the folder, its package, its spill folder, then their files.
    private nonisolated(unsafe) static var live: [[UnsafeMutablePointer<CChar>]] = []
    private nonisolated(unsafe) static var exitHookInstalled = false

    /// Makes the folder under `$TMPDIR` (else `/tmp`) and writes the bridge into it.
    init() throws(BridgeError) {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        var template = Array(((base ?? "/tmp") + "/autograd-tui.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw .cannotPrepare("cannot make a temporary folder: \(Self.lastError())")
        }
        path = String(cString: made)
        Self.register(path)
        let package = path + "/autograd_tui"
        guard mkdir(package, 0o700) == 0, mkdir(spillPath, 0o700) == 0 else {
            let reason = Self.lastError()
            remove()
            throw .cannotPrepare("cannot make folders in \(path): \(reason)")
        }
        for file in EmbeddedBridge.files {
            do {
                try Self.writeFile(Array(file.text.utf8), to: package + "/" + file.name)
            } catch {
                remove()
                throw error
            }
        }
    }

    /// The path of a file of this run in the folder.
    func file(named name: String) -> String {
        path + "/" + name
    }

    /// Removes the folder and everything in it.
    func remove() {
        Self.removeTree(path)
        Self.live.removeAll { String(cString: $0[0]) == path }
    }

    /// Removes every folder still there; `atexit` calls it.
    static func removeAll() {
        for paths in live { removeTree(String(cString: paths[0])) }
        live.removeAll()
    }

    /// Removes what a signal handler can without allocating: the files this program put in
    /// each folder (the bridge, the capture, the script's output), then the folders; the
    /// spill folder is the bridge's to empty, and is removed when it is empty.
    static func removeAllFromSignalHandler() {
        for paths in live {
            for path in paths.reversed() where unlink(path) != 0 { rmdir(path) }
        }
    }

    /// The files and folders of a folder at `path`, folders first, as the signal handler
    /// removes them (in reverse).
    private static func entries(of path: String) -> [String] {
        let package = path + "/autograd_tui"
        var entries: [String] = [path, package, path + "/spill"]
        for file in EmbeddedBridge.files { entries.append(package + "/" + file.name) }
        for name in runFiles { entries.append(path + "/" + name) }
        return entries
    }

    /// The names of the files of a run, made by `file(named:)`.
    static let runFiles = ["capture.json", "stdout", "stderr"]

    private static func register(_ path: String) {
        live.append(entries(of: path).compactMap { strdup($0) })
        if !exitHookInstalled {
            exitHookInstalled = true
            atexit { BridgeFolder.removeAll() }
        }
    }

    /// Removes `path` and all below it; it need not exist.
    static func removeTree(_ path: String) {
        if unlink(path) == 0 || errno == ENOENT { return }
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                    String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                removeTree(path + "/" + name)
            }
            closedir(directory)
        }
        rmdir(path)
    }

    private static func writeFile(_ bytes: [UInt8], to file: String) throws(BridgeError) {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .cannotPrepare("cannot write \(file): \(Self.lastError())")
        }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes {
                write(descriptor, $0.baseAddress, $0.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotPrepare("cannot write \(file): \(Self.lastError())")
            }
            written += count
        }
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}

/// The private folders of script runs, for the ways out that `atexit` does not see.
package enum PrivateFolders {
    /// Removes what can be removed without allocating; for a signal handler before `_exit`.
    package static func removeFromSignalHandler() {
        BridgeFolder.removeAllFromSignalHandler()
    }
}
