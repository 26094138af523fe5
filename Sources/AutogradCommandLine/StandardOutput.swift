#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output as a `TextOutputStream`, buffered so large traces are written in big
/// chunks. Call `flush()` before exiting.
public struct StandardOutput: TextOutputStream {
    private var buffer: [UInt8] = []
    private let limit = 1 << 16

    /// Standard output, nothing buffered yet.
    public init() {
        buffer.reserveCapacity(limit)
    }

    /// Buffers `string`, writing out what is buffered once it is big.
    public mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= limit { flush() }
    }

    /// Writes out what is buffered.
    public mutating func flush() {
        writeAll(buffer, to: STDOUT_FILENO)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes `text` to standard error.
public func writeToStandardError(_ text: String) {
    writeAll(Array(text.utf8), to: STDERR_FILENO)
}

/// Writes every byte, retrying after partial writes and interruptions; gives up quietly when
/// the reader has gone (a closed pipe), as there is no one left to tell.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(
                descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
