import AutogradEngine

/// What `/` looks for: `#id`, exactly that node, labelled or not; or else the labels that
/// begin with the text, ASCII letters in either case.
///
/// It compares UTF-8 bytes and makes no `String` per node, so a search through a million
/// labels takes milliseconds; a locale-aware comparison takes seconds there.
struct LabelSearch {
    private enum Query {
        case id(Int)
        /// A label's beginning, ASCII letters lowercased.
        case prefix([UInt8])
    }

    private let query: Query

    /// A search for `text`.
    init(_ text: String) {
        let digits = text.dropFirst()
        if text.hasPrefix("#"), !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let id = Int(digits)
        {
            query = .id(id)
        } else {
            query = .prefix(text.utf8.map(Self.folded))
        }
    }

    /// Whether node `node`, labelled `label` (or unnamed), matches.
    func matches(_ node: NodeID, label: String?) -> Bool {
        switch query {
        case .id(let id):
            return node.index == id
        case .prefix(let prefix):
            guard let label else { return false }
            let bytes = label.utf8
            return bytes.withContiguousStorageIfAvailable { Self.begins($0, with: prefix) }
                ?? Array(bytes).withUnsafeBufferPointer { Self.begins($0, with: prefix) }
        }
    }

    /// Whether `label` begins with `prefix`, ASCII letters in either case.
    private static func begins(_ label: UnsafeBufferPointer<UInt8>, with prefix: [UInt8]) -> Bool {
        guard prefix.count <= label.count else { return false }
        for index in prefix.indices where folded(label[index]) != prefix[index] { return false }
        return true
    }

    private static func folded(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
