#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private temporary folder holding the embedded Python bridge as a package
/// (`autograd_tui/*.py`), put first on the interpreter's `PYTHONPATH`, and the files of one
/// run (the capture, the script's output). It is removed, with what was put in it, by
/// `remove()`.
struct BridgeFolder {
    /// The folder's path.
    let path: String
    private var files: [String] = []
    private var folders: [String] = []

    /// Makes the folder under `$TMPDIR` (else `/tmp`) and writes the bridge into it.
    init() throws(BridgeError) {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        var template = Array(((base ?? "/tmp") + "/autograd-tui.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw .cannotPrepare("cannot make a temporary folder: \(Self.lastError())")
        }
        path = String(cString: made)
        folders.append(path)
        let package = path + "/autograd_tui"
        guard mkdir(package, 0o700) == 0 else {
            throw .cannotPrepare("cannot make \(package): \(Self.lastError())")
        }
        folders.append(package)
        for file in EmbeddedBridge.files {
            try writeFile(Array(file.text.utf8), to: package + "/" + file.name)
        }
    }

    /// The path of a file of this run in the folder; `remove()` removes it too.
    mutating func file(named name: String) -> String {
        let file = path + "/" + name
        files.append(file)
        return file
    }

    /// Removes every file written or named, then the folders (the interpreter runs with -B, so
    /// it leaves no `__pycache__`).
    func remove() {
        for file in files { unlink(file) }
        for folder in folders.reversed() { rmdir(folder) }
    }

    private mutating func writeFile(_ bytes: [UInt8], to file: String) throws(BridgeError) {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else {
            throw .cannotPrepare("cannot write \(file): \(Self.lastError())")
        }
        files.append(file)
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
