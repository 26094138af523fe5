/// How tools name nodes: by label, with the node id where a label is ambiguous (`c#4`); by a
/// name from the code that made it where there is no label (`s1l1n1@52`, `sum(losses)@157`),
/// when the tool has one, with the id where that repeats (`s1l1n1@52#12`); by id alone
/// (`#7`) otherwise.
public struct NodeNames: Sendable {
    /// The graph whose nodes are named.
    public let graph: Graph
    /// The most characters of a label a name shows; a longer one ends in `…`.
    public let longestLabel: Int
    /// Whether each node's label (or source name) needs its id beside it, by node index.
    private let needsID: [Bool]
    /// The names unlabelled nodes take from the code that made them, by node index; empty
    /// when the tool gave none.
    private let sourceNames: [String?]

    /// The names of the nodes of `graph`, showing at most `longestLabel` characters of a
    /// label (a screen passes what it can show, so that naming a node with a 50 MB label
    /// costs what is drawn). `sourceNames` (by node index, or empty) names the nodes without
    /// a label after their source; they share the labels' rule, so names stay unique.
    public init(graph: Graph, longestLabel: Int = .max, sourceNames: [String?] = []) {
        self.graph = graph
        self.longestLabel = max(1, longestLabel)
        self.sourceNames = sourceNames.count == graph.count ? sourceNames : []
        let bases =
            self.sourceNames.isEmpty
            ? graph.labels
            : zip(graph.labels, self.sourceNames).map { label, source in
                label.flatMap { $0.isEmpty ? nil : $0 } ?? source
            }
        var ambiguous = Self.repeatedLabels(bases)
        for label in bases {
            guard let label, label.utf8.contains(UInt8(ascii: "#")) else { continue }
            if Self.readsAsGenerated(
                label, count: graph.count, base: { bases[$0] }, isShared: ambiguous.contains)
            {
                ambiguous.insert(label)
            }
        }
        needsID = bases.map { label in label.map(ambiguous.contains) ?? false }
    }

    /// The node's name: `c`, `c#4` when several nodes are labelled `c`, its source name
    /// without a label (`s1l1n1@52`, `s1l1n1@52#12` where several share it), `#7` without
    /// either (or with an empty label). A label that reads like another node's name (`x#1`
    /// beside a shadowed `x`, or `#3`) gets its id too. Control characters are shown as `�`.
    public func name(of node: NodeID) -> String {
        guard let label = base(of: node) else { return node.description }
        var shown = label
        if label.utf8.count > longestLabel, label.prefix(longestLabel + 1).count > longestLabel {
            shown = label.prefix(longestLabel - 1) + "…"
        }
        let printable = Self.printable(shown)
        return needsID[node.index] ? "\(printable)\(node)" : printable
    }

    /// The name of one node, as `name(of:)` gives it, without first finding every repeated
    /// label: for a tool that names a node or two, a pass or two over the labels.
    public static func name(of node: NodeID, in graph: Graph) -> String {
        guard let label = graph.label(of: node), !label.isEmpty else { return node.description }
        func isShared(_ label: String) -> Bool {
            var count = 0
            for other in graph.labels where other == label {
                count += 1
                if count > 1 { return true }
            }
            return false
        }
        let shown = printable(label)
        let ambiguous =
            isShared(label)
            || readsAsGenerated(
                label, count: graph.count, base: { graph.labels[$0] }, isShared: isShared)
        return ambiguous ? "\(shown)\(node)" : shown
    }

    /// Whether the node is named after its source: it has no label, and a source name.
    public func isNamedFromSource(_ node: NodeID) -> Bool {
        !sourceNames.isEmpty && (graph.label(of: node) ?? "").isEmpty
            && sourceNames[node.index] != nil
    }

    /// The node's source name (`s1l1n1@52`), `nil` when it has none.
    public func sourceName(of node: NodeID) -> String? {
        sourceNames.isEmpty ? nil : sourceNames[node.index]
    }

    /// What the node's name is made from: its label, else its source name; `nil` for none.
    private func base(of node: NodeID) -> String? {
        if let label = graph.label(of: node), !label.isEmpty { return label }
        return sourceNames.isEmpty ? nil : sourceNames[node.index]
    }

    /// Whether `label` is spelled like the name tools make for another node: `#k` for a
    /// node k without a name, or `x#k` for node k when several nodes are named `x`; `base`
    /// gives a node index's label (or source name), `count` is how many nodes there are.
    private static func readsAsGenerated(
        _ label: String, count: Int, base: (Int) -> String?, isShared: (String) -> Bool
    ) -> Bool {
        guard let hash = label.lastIndex(of: "#") else { return false }
        let digits = label[label.index(after: hash)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let id = Int(digits),
            id < count
        else { return false }
        let prefix = String(label[..<hash])
        let other = base(id) ?? ""
        return prefix.isEmpty ? other.isEmpty : other == prefix && isShared(prefix)
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
