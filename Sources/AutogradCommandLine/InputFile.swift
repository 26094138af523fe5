import AutogradEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the file named on the command line, `-` meaning standard input.
package struct InputFile: Sendable {
    /// Why the file could not be read.
    package struct ReadError: Error, Sendable {
        /// What went wrong, naming the file: `cannot read 'x.ag': No such file or directory`.
        package let message: String
    }

    /// The name shown in messages: the path, or `<stdin>`.
    package let displayName: String
    /// The file's bytes.
    package let bytes: [UInt8]

    /// The most bytes a file named on the command line may have: 2 GiB.
    package static let limit = 1 << 31

    /// Reads the whole of `path` (or standard input for `-`), at most `limit` bytes: a
    /// regular file, a pipe or FIFO, or (standard input only) a terminal; never a device such
    /// as `/dev/zero`, whose end never comes.
    package init(path: String, limit: Int = InputFile.limit) throws(ReadError) {
        if path == "-" {
            displayName = "<stdin>"
            bytes = try Self.contents(
                of: STDIN_FILENO, name: displayName, limit: limit,
                kinds: [.regular, .pipe, .terminal])
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
        bytes = try Self.contents(
            of: descriptor, name: path, limit: limit, kinds: [.regular, .pipe])
    }

    private static func contents(
        of descriptor: Int32, name: String, limit: Int, kinds: Set<SafeFile.Kind>
    ) throws(ReadError) -> [UInt8] {
        do {
            return try SafeFile.contents(of: descriptor, limit: limit, kinds: kinds)
        } catch {
            let reason =
                switch error {
                case .notRegular: "it is not a regular file, a pipe or a terminal"
                case .unreadable, .tooLarge: error.reason
                }
            throw ReadError(message: "cannot read '\(NodeNames.printable(name))': \(reason)")
        }
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
                    return open(argument, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
                }
            }
        }
        return open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    }

    private static func failure(_ name: String) -> ReadError {
        ReadError(
            message:
                "cannot read '\(NodeNames.printable(name))': \(String(cString: strerror(errno)))")
    }
}
