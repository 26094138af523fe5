import AutogradEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file whole that something other than the user named (a capture's `"file"`, a
/// source a node points at): only a regular file, and only up to a size, so that `/dev/zero`,
/// `/dev/stdin`, a FIFO or a terminal can neither block the program nor fill its memory.
/// Opening never blocks (`O_NONBLOCK`, cleared once the file is known to be regular).
package enum SafeFile {
    /// Why a file was not read.
    package enum Failure: Error, Sendable, Equatable {
        /// It could not be opened or read: the C library's words for `errno`.
        case unreadable(String)
        /// It is not a regular file (a directory, a device, a FIFO, a socket).
        case notRegular
        /// It is larger than the limit, in bytes.
        case tooLarge(limit: Int)

        /// What is wrong, after the file's name: `is not a regular file`.
        package var reason: String {
            switch self {
            case .unreadable(let reason): reason
            case .notRegular: "it is not a regular file"
            case .tooLarge(let limit): "it is larger than \(limit >> 20) MiB"
            }
        }
    }

    /// Whether a file a capture names may be shown as source: a Python file or a notebook,
    /// so that a capture naming `/etc/passwd` shows nothing. Read it with `read(_:limit:)`,
    /// which refuses devices and FIFOs, and the limit of the library that shows it
    /// (`SourceLibrary.largestFile`).
    package static func isSourceName(_ path: String) -> Bool {
        let lowercased = path.lowercased()
        return lowercased.hasSuffix(".py") || lowercased.hasSuffix(".ipynb")
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    package static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(lastError()) }
        defer { close(descriptor) }
        return try contents(of: descriptor, limit: limit, kinds: [.regular])
    }

    /// What a descriptor may be to be read whole.
    package enum Kind: Sendable {
        /// A regular file.
        case regular
        /// A pipe or FIFO.
        case pipe
        /// A terminal.
        case terminal
    }

    /// The kind of file `descriptor` is, `nil` for the others (devices other than terminals,
    /// directories, sockets) or when it cannot be told.
    package static func kind(of descriptor: Int32) -> Kind? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFIFO: return .pipe
        case S_IFCHR: return isatty(descriptor) == 1 ? .terminal : nil
        default: return nil
        }
    }

    /// Everything `descriptor` has to give, if it is one of `kinds`, and at most `limit` bytes;
    /// the first bytes of a regular file are read straight into the result at the size it has.
    /// Blocking mode is restored first, so an `O_NONBLOCK` open reads a pipe normally.
    package static func contents(of descriptor: Int32, limit: Int, kinds: Set<Kind>)
        throws(Failure) -> [UInt8]
    {
        guard let kind = kind(of: descriptor), kinds.contains(kind) else { throw .notRegular }
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0, flags & O_NONBLOCK != 0 {
            _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
        }
        var status = stat()
        var expected = 0
        if kind == .regular, fstat(descriptor, &status) == 0 {
            guard status.st_size <= limit else { throw .tooLarge(limit: limit) }
            expected = max(0, Int(status.st_size))
        }
        var failed: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, count in
            while count < buffer.count {
                let got = systemRead(
                    descriptor, buffer.baseAddress.map { $0 + count }, buffer.count - count)
                if got == 0 { return }
                if got < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    return
                }
                count += got
            }
        }
        if failed != 0 { throw .unreadable(String(cString: strerror(failed))) }
        // What follows the size a regular file had (if it grew), and everything from a pipe.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes {
                systemRead(descriptor, $0.baseAddress, $0.count)
            }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(lastError())
            }
            guard bytes.count + count <= limit else { throw .tooLarge(limit: limit) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// The C library's `read`, which `SafeFile.read` hides inside the type.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int)
    -> Int
{
    read(descriptor, buffer, count)
}
