/// The operation strings of a capture's nodes, each distinct one stored once: an engine uses a
/// handful, so each is made, and later mapped onto an operation, once rather than once per node.
struct OperationTable {
    /// The distinct strings, `nil` (no `op`, or `null`) among them, in the order first met.
    private(set) var texts: [String?] = []
    /// The UTF-8 of each of `texts`, compared with the bytes read.
    private var spellings: [[UInt8]?] = []
    private var indexOfText: [String?: Int32] = [:]

    /// How many distinct strings are looked for byte by byte before the bytes are made a
    /// string and looked up by hash.
    private static let scanned = 16

    /// The index of the string whose bytes, with no escape in them, are `bytes`.
    mutating func index(ofPlain bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int32 {
        if spellings.count <= Self.scanned {
            for (index, spelling) in spellings.enumerated() {
                if let spelling, spelling.count == bytes.count, spelling.elementsEqual(bytes) {
                    return Int32(index)
                }
            }
        }
        return index(of: String(decoding: bytes, as: UTF8.self))
    }

    /// The index of `text`, added when new.
    mutating func index(of text: String?) -> Int32 {
        if let index = indexOfText[text] { return index }
        let index = Int32(texts.count)
        texts.append(text)
        spellings.append(text.map { Array($0.utf8) })
        indexOfText[text] = index
        return index
    }
}
