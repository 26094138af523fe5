import AutogradEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the file named on the command line, `-` meaning standard input.
public struct InputFile: Sendable {
    /// Why the file could not be read.
    public struct ReadError: Error, Sendable {
        /// What went wrong, naming the file: `cannot read 'x.ag': No such file or directory`.
        public let message: String
    }

    /// The name shown in messages: the path, or `<stdin>`.
    public let displayName: String
    /// The file's bytes.
    public let bytes: [UInt8]

    /// Reads the whole of `path` (or standard input for `-`).
    public init(path: String) throws(ReadError) {
        if path == "-" {
            displayName = "<stdin>"
            bytes = try Self.readAll(from: STDIN_FILENO, name: displayName)
            return
        }
        displayName = path
        let descriptor = Self.openForReading(path)
        guard descriptor >= 0 else { throw Self.failure(path) }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw ReadError(
                message: "cannot read '\(NodeNames.printable(path))': it is a directory")
        }
        bytes = try Self.readAll(from: descriptor, name: path, expectedSize: Int(status.st_size))
    }

    /// Opens `path` for reading. Swift decodes the command line as UTF-8, replacing bytes
    /// that are not (a Latin-1 `café.ag`) with U+FFFD; such a name is opened from the bytes
    /// the command line gave, found among the arguments as the one that decodes to `path`.
    private static func openForReading(_ path: String) -> Int32 {
        if path.unicodeScalars.contains("\u{FFFD}") {
            for index in 1..<Int(CommandLine.argc) {
                guard let argument = CommandLine.unsafeArgv[index] else { continue }
                let bytes = UnsafeRawBufferPointer(start: argument, count: strlen(argument))
                if String(decoding: bytes, as: UTF8.self) == path {
                    return open(argument, O_RDONLY)
                }
            }
        }
        return open(path, O_RDONLY)
    }

    /// Everything `descriptor` has to give. The first `expectedSize` bytes (a regular file's
    /// size) are read straight into the result; what comes after them, if the file grew, and
    /// everything from pipes, is read in chunks.
    private static func readAll(
        from descriptor: Int32, name: String, expectedSize: Int = 0
    ) throws(ReadError) -> [UInt8] {
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: max(0, expectedSize)) { buffer, count in
            while count < buffer.count {
                let got = read(
                    descriptor, buffer.baseAddress.map { $0 + count }, buffer.count - count)
                if got == 0 { return }
                if got < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                count += got
            }
        }
        if failed { throw failure(name) }
        if bytes.count < expectedSize { return bytes }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(name)
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    private static func failure(_ name: String) -> ReadError {
        ReadError(
            message:
                "cannot read '\(NodeNames.printable(name))': \(String(cString: strerror(errno)))")
    }
}
