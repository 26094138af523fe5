/// How tools name nodes: by label, with the node id where a label is ambiguous (`c#4`); by
/// the line that made it where there is no label and the tool knows the line (`s1l1n1@52`,
/// `sum(losses)@157`), with the id where that repeats (`s1l1n1@52#12`); by id alone (`#7`)
/// otherwise.
public struct NodeNames: Sendable {
    /// The graph whose nodes are named.
    public let graph: Graph
    /// The most characters of a label a name shows; a longer one ends in `…`.
    public let longestLabel: Int
    /// Whether each node's label needs its id beside it, by node index.
    private let needsID: [Bool]
    /// Where unlabelled nodes take their names from, when the tool gave it.
    private let naming: SourceNaming?
    /// How many unlabelled nodes each line made, by line, counted up to 2 (2 also where a
    /// label spells the line's name): a line's nodes need their ids where it is 2.
    private let lineCounts: [UInt8]

    /// The names of the nodes of `graph`, showing at most `longestLabel` characters of a
    /// label (a screen passes what it can show, so that naming a node with a 50 MB label
    /// costs what is drawn). With `naming`, a node without a label is named after the line
    /// that made it, under the labels' rule: the id is added where a name repeats.
    public init(graph: Graph, longestLabel: Int = .max, naming: SourceNaming? = nil) {
        self.graph = graph
        self.longestLabel = max(1, longestLabel)
        let naming = naming.flatMap { $0.lines.count == graph.count ? $0 : nil }
        self.naming = naming
        var ambiguous = Self.repeatedLabels(graph.labels)
        var counts: [UInt8] = []
        if let naming {
            counts = [UInt8](repeating: 0, count: Int(naming.lines.max() ?? 0) + 1)
            for (node, line) in naming.lines.enumerated()
            where line > 0 && (graph.labels[node] ?? "").isEmpty {
                counts[Int(line)] = min(2, counts[Int(line)] + 1)
            }
            // A label spelled as a line's name (`h@3`) shares it with that line's nodes.
            for label in graph.labels {
                guard let label, label.utf8.contains(UInt8(ascii: "@")),
                    let line = SourceNaming.line(in: Substring(label)), line < counts.count,
                    counts[line] > 0, naming.name(ofLine: line) == label
                else { continue }
                ambiguous.insert(label)
                counts[line] = 2
            }
        }
        lineCounts = counts
        let sourceBase = { (index: Int) -> String? in
            guard let naming, index < naming.lines.count else { return nil }
            return naming.name(ofLine: Int(naming.lines[index]))
        }
        let sharedSource = { (name: String) -> Bool in
            guard let line = SourceNaming.line(in: Substring(name)), line < counts.count else {
                return false
            }
            return counts[line] >= 2 && naming?.name(ofLine: line) == name
        }
        for label in graph.labels {
            guard let label, label.utf8.contains(UInt8(ascii: "#")) else { continue }
            let isShared = { (name: String) in ambiguous.contains(name) || sharedSource(name) }
            let base = { (index: Int) -> String? in
                let label = graph.labels[index] ?? ""
                return label.isEmpty ? sourceBase(index) : label
            }
            if Self.readsAsGenerated(label, count: graph.count, base: base, isShared: isShared) {
                ambiguous.insert(label)
            }
        }
        needsID = graph.labels.map { label in label.map(ambiguous.contains) ?? false }
    }

    /// The node's name: `c`, `c#4` when several nodes are labelled `c`; without a label, the
    /// name of the line that made it (`s1l1n1@52`, `s1l1n1@52#12` where the line made
    /// several), else `#7` (also for an empty label). A label that reads like another node's
    /// name (`x#1` beside a shadowed `x`, or `#3`) gets its id too. Control characters are
    /// shown as `�`.
    public func name(of node: NodeID) -> String {
        guard let label = graph.label(of: node), !label.isEmpty else {
            guard let line = sourceLine(of: node), let name = naming?.name(ofLine: line) else {
                return node.description
            }
            let printable = Self.printable(name)
            return lineCounts[line] >= 2 ? "\(printable)\(node)" : printable
        }
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

    /// The line that made the node, when the names were given a `SourceNaming` that knows it.
    public func sourceLine(of node: NodeID) -> Int? {
        guard let naming, naming.lines[node.index] > 0 else { return nil }
        return Int(naming.lines[node.index])
    }

    /// Whether the node is named after its line: it has no label, and its line a name.
    public func isNamedFromSource(_ node: NodeID) -> Bool {
        guard (graph.label(of: node) ?? "").isEmpty, let line = sourceLine(of: node) else {
            return false
        }
        return naming?.name(ofLine: line) != nil
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

    /// `text` with each control character and each direction override replaced by `�`
    /// (U+FFFD), as diagnostics show a source line: safe to print on one line of a terminal,
    /// in the order it was written. Labels and file names go through here.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: \.isUnprintable) else { return text }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.isUnprintable ? "\u{FFFD}" : $0 }))
    }
}

extension Unicode.Scalar {
    /// Whether the scalar is a C0 or C1 control character or DEL: one that moves the cursor,
    /// rings, or starts an escape sequence instead of showing something, so text from a file
    /// must not reach a terminal with it.
    public var isControlCharacter: Bool {
        value < 0x20 || (0x7F..<0xA0).contains(value)
    }

    /// Whether the scalar is a bidirectional formatting character (U+202A to U+202E, U+2066
    /// to U+2069, the marks U+200E, U+200F and U+061C): text after it shows in another order
    /// than it was written, as in "Trojan Source".
    public var isDirectionControl: Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || value == 0x200E || value == 0x200F || value == 0x061C
    }

    /// Whether text from outside must not reach a terminal with the scalar in it: a control
    /// character or a direction override.
    public var isUnprintable: Bool { isControlCharacter || isDirectionControl }
}
