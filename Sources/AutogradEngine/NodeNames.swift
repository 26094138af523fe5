/// How tools name nodes: by label, with the node id where a label is ambiguous (`c#4`), and by
/// id alone (`#7`) where there is no label.
public struct NodeNames: Sendable {
    /// The graph whose nodes are named.
    public let graph: Graph
    /// The labels that more than one node carries.
    private let ambiguousLabels: Set<String>

    /// The names of the nodes of `graph`.
    public init(graph: Graph) {
        self.graph = graph
        ambiguousLabels = Self.repeatedLabels(graph.labels)
    }

    /// The node's name: `c`, `c#4` when several nodes are labelled `c`, `#7` without a label.
    /// Control characters in labels are shown as `�`.
    public func name(of node: NodeID) -> String {
        guard let label = graph.label(of: node) else { return node.description }
        let shown = Self.printable(label)
        return ambiguousLabels.contains(label) ? "\(shown)\(node)" : shown
    }

    /// The name of one node, as `name(of:)` gives it, without first finding every repeated
    /// label: for a tool that names a node or two, one pass over the labels.
    public static func name(of node: NodeID, in graph: Graph) -> String {
        guard let label = graph.label(of: node) else { return node.description }
        let shown = printable(label)
        let shared = graph.labels.indices.contains { $0 != node.index && graph.labels[$0] == label }
        return shared ? "\(shown)\(node)" : shown
    }

    /// The labels that occur more than once. Counting a million labels through `Set<String>`
    /// would hash each with SipHash; an open-addressing table over FNV-1a hashes of their
    /// UTF-8 is several times faster, and only labels with equal hashes are compared.
    private static func repeatedLabels(_ labels: [String?]) -> Set<String> {
        var capacity = 64
        while capacity < labels.count * 2 { capacity *= 2 }
        var hashes = [UInt32](repeating: 0, count: capacity)
        var firstNode = [Int32](repeating: -1, count: capacity)
        var repeated = Set<String>()
        for (node, label) in labels.enumerated() {
            guard var label else { continue }
            var hash: UInt32 = 2_166_136_261
            label.withUTF8 { bytes in
                for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
            }
            var slot = Int(hash) & (capacity - 1)
            while firstNode[slot] >= 0 {
                if hashes[slot] == hash, labels[Int(firstNode[slot])] == label {
                    repeated.insert(label)
                    break
                }
                slot = (slot + 1) & (capacity - 1)
            }
            if firstNode[slot] < 0 {
                hashes[slot] = hash
                firstNode[slot] = Int32(node)
            }
        }
        return repeated
    }

    /// `text` with each control character replaced by `�` (U+FFFD), as diagnostics show a
    /// source line: safe to print on one line of a terminal. Labels and file names go
    /// through here.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: \.isControlCharacter) else { return text }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.isControlCharacter ? "\u{FFFD}" : $0 }))
    }
}

extension Unicode.Scalar {
    /// Whether the scalar is a C0 or C1 control character or DEL: one that moves the cursor,
    /// rings, or starts an escape sequence instead of showing something, so text from a file
    /// must not reach a terminal with it.
    public var isControlCharacter: Bool {
        value < 0x20 || (0x7F..<0xA0).contains(value)
    }
}
