#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A regular file's bytes mapped into memory, read-only, for as long as the value lives: a
/// capture of hundreds of megabytes is read in place, not copied into an array first.
///
/// Making one never fails with a message: where the file cannot be mapped (standard input, a
/// pipe, a directory, an empty or unreadable file) there is none, and `InputFile` reads it and
/// says what is wrong as it always has.
public final class MappedFile: @unchecked Sendable {
    // Unchecked: the mapping is read-only and unmapped only when the last reference goes.
    private let start: UnsafeMutableRawPointer
    private let count: Int

    /// Maps `path` whole; `nil` where it cannot be (see the type's comment).
    public init?(path: String) {
        guard path != "-" else { return nil }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
            status.st_size > 0, let size = Int(exactly: status.st_size)
        else { return nil }
        let failed = UnsafeMutableRawPointer(bitPattern: -1)
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != failed
        else { return nil }
        _ = madvise(mapped, size, MADV_SEQUENTIAL)
        start = mapped
        count = size
    }

    deinit {
        munmap(start, count)
    }

    /// Calls `body` with the file's bytes, valid only during the call.
    public func withBytes<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(
            UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count))
    }
}
