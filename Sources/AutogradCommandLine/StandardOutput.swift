import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output as a `TextOutputStream`, buffered so large traces are written in big
/// chunks. A write that fails (a full disk, a closed standard output) is remembered and what
/// follows is dropped; `finish(program:)` reports it.
package struct StandardOutput: TextOutputStream {
    private var buffer: [UInt8] = []
    private let limit = 1 << 16
    /// Why writing failed, if it did: the C library's words for the error.
    package private(set) var failure: String?

    /// Standard output, nothing buffered yet.
    package init() {
        buffer.reserveCapacity(limit)
    }

    /// Buffers `string`, writing out what is buffered once it is big.
    package mutating func write(_ string: String) {
        guard failure == nil else { return }
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= limit { flush() }
    }

    /// Writes out what is buffered.
    package mutating func flush() {
        if failure == nil, let error = writeAll(buffer, to: STDOUT_FILENO) {
            failure = String(cString: strerror(error))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes out what is buffered; if any write failed, says so on standard error as
    /// `program` and throws the exit code of an output error (74), so that a truncated output
    /// never passes for a whole one.
    package mutating func finish(program: String) throws {
        flush()
        if let failure {
            writeToStandardError("\(program): cannot write the output: \(failure)\n")
            throw ExitCode(.ioError)
        }
    }
}

/// Writes `text` to standard error; if that fails there is no one left to tell.
package func writeToStandardError(_ text: String) {
    _ = writeAll(Array(text.utf8), to: STDERR_FILENO)
}

/// Writes every byte, retrying after partial writes and interruptions; returns the error
/// number of a write that failed, `nil` when all went out.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(
                descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written < 0 { return errno }
            if written == 0 { return EIO }
            offset += written
        }
        return nil
    }
}
