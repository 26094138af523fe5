import AutogradEngine

/// What `/` looks for: a text inside a node's label, or inside `#id` for unnamed nodes, with
/// ASCII letters matched in either case.
///
/// It compares UTF-8 bytes and makes no `String` per node, so a search through a million
/// labels takes milliseconds; a locale-aware comparison takes seconds there.
struct LabelSearch {
    /// The text's bytes, ASCII letters lowercased.
    private let needle: [UInt8]

    /// A search for `text`.
    init(_ text: String) {
        needle = text.utf8.map(Self.folded)
    }

    /// Whether node `node`, labelled `label` (or unnamed), matches.
    func matches(_ node: NodeID, label: String?) -> Bool {
        if let label {
            let bytes = label.utf8
            return bytes.withContiguousStorageIfAvailable(contains) ?? contains(Array(bytes))
        }
        // Unnamed nodes are shown as `#id`: spell that out on the stack, without a String.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer in
            var start = buffer.count
            var value = node.index
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            } while value > 0 && start > 1
            start -= 1
            buffer[start] = UInt8(ascii: "#")
            return contains(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Whether `haystack` holds the needle, ASCII letters in either case.
    private func contains(_ haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard needle.count <= haystack.count else { return false }
        if needle.isEmpty { return true }
        for start in 0...(haystack.count - needle.count) {
            var offset = 0
            while offset < needle.count, Self.folded(haystack[start + offset]) == needle[offset] {
                offset += 1
            }
            if offset == needle.count { return true }
        }
        return false
    }

    private func contains(_ haystack: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer(contains)
    }

    private static func folded(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
