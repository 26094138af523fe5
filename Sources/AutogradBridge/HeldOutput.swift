#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a script printed while the debugger was to open, in two files of the private folder,
/// and a few lines of autograd-tui's own to follow them: shown after the debugger closes (or
/// at once when the script failed), copied in chunks, so a chatty script's output never sits
/// in memory.
package struct HeldOutput: Sendable {
    /// The file of the script's standard output, `nil` when nothing was held.
    let outputPath: String?
    /// The file of its standard error.
    let errorsPath: String?
    /// autograd-tui's own lines, written to standard error after the script's.
    package var notice: String = ""

    /// Nothing held: the script's output went where it was printed.
    package static let none = HeldOutput(outputPath: nil, errorsPath: nil)

    /// Copies the script's output to standard output, its errors and then `notice` to
    /// standard error.
    package func show() {
        if let outputPath { Self.copy(outputPath, to: STDOUT_FILENO) }
        if let errorsPath { Self.copy(errorsPath, to: STDERR_FILENO) }
        Self.writeAll(Array(notice.utf8)[...], to: STDERR_FILENO)
    }

    private static func copy(_ path: String, to target: Int32) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return }
            guard writeAll(chunk[..<count], to: target) else { return }
        }
    }

    /// Writes every byte; `false` when writing failed (then there is no one to tell).
    @discardableResult
    private static func writeAll(_ bytes: ArraySlice<UInt8>, to descriptor: Int32) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = bytes[(bytes.startIndex + written)...].withUnsafeBytes {
                write(descriptor, $0.baseAddress, $0.count)
            }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return false }
            written += count
        }
        return true
    }
}
