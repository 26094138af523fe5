import AgScript
import AutogradEngine

/// One capture of a document, opened: replayed, judged, and given as a `Script` (the user's
/// Python file as its source, each node at the line that created it), so every report and the
/// debugger work on it as on an `.ag` file.
public struct CapturedRun: Sendable {
    /// The whole document, every capture's root value included.
    public let document: CaptureDocument
    /// The capture opened.
    public let capture: Capture
    /// Its replay and judgement.
    public let review: Review
    /// The replayed graph as a script, for the reports and the screen.
    public let script: Script

    /// The capture's 1-based number among all the `backward()` calls of the run.
    public var number: Int { capture.index + 1 }

    /// The path messages name the document by.
    private let path: String
    /// The source file the nodes were made in, as read when the document was opened.
    private let source: (file: String, text: SourceText)?

    /// Opens capture `number` (1-based among all `backward()` calls; the last kept one when
    /// `nil`) of `document`, read from `path`. `readSource` gives the bytes of a file a node
    /// names, or `nil` when it cannot be read.
    public init(
        document: CaptureDocument, number: Int?, path: String,
        readSource: (String) -> [UInt8]?
    ) throws(CaptureError) {
        let capture = try Self.capture(number, of: document, path: path)
        var source: (String, SourceText)?
        if let file = Self.sourceFile(of: capture, document: document),
            let bytes = readSource(file), let text = try? SourceText(bytes)
        {
            source = (file, text)
        }
        try self.init(document: document, capture: capture, path: path, source: source)
    }

    private init(
        document: CaptureDocument, capture: Capture, path: String,
        source: (file: String, text: SourceText)?
    ) throws(CaptureError) {
        let replay: Replay
        do {
            replay = try Replay(capture)
        } catch {
            throw CaptureError(path: path, line: nil, column: nil, message: error.message)
        }
        self.document = document
        self.capture = capture
        self.path = path
        self.source = source
        review = Review(replay)
        script = Self.script(of: replay, path: path, source: source)
    }

    /// The kept capture `offset` places after this one (before it, when negative), with the
    /// same source; `nil` past either end.
    public func moved(by offset: Int) throws(CaptureError) -> CapturedRun? {
        guard let position = document.captures.firstIndex(where: { $0.index == capture.index })
        else { return nil }
        let target = position + offset
        guard document.captures.indices.contains(target) else { return nil }
        return try CapturedRun(
            document: document, capture: document.captures[target], path: path, source: source)
    }

    private static func capture(_ number: Int?, of document: CaptureDocument, path: String)
        throws(CaptureError) -> Capture
    {
        guard let last = document.captures.last else {
            throw CaptureError(
                path: path, line: nil, column: nil,
                message: "the document holds no capture: no backward() call was recorded")
        }
        guard let number else { return last }
        guard let match = document.captures.first(where: { $0.index + 1 == number }) else {
            throw CaptureError(
                path: path, line: nil, column: nil,
                message: Self.noSuchCapture(number, in: document))
        }
        return match
    }

    private static func noSuchCapture(_ number: Int, in document: CaptureDocument) -> String {
        let kept = document.captures.map { String($0.index + 1) }
        let calls = document.callCount
        guard (1...max(1, calls)).contains(number) else {
            return "there is no capture \(number): the run has \(calls) (1 to \(calls))"
        }
        let list =
            kept.count <= 12
            ? kept.joined(separator: ", ")
            : (kept.prefix(6) + ["…"] + kept.suffix(5)).joined(separator: ", ")
        return
            "capture \(number) of \(calls) kept only its root value; the graphs kept are \(list) (keep more with --keep)"
    }

    /// The file most nodes were made in: the document's own `script` when nodes name it.
    private static func sourceFile(of capture: Capture, document: CaptureDocument) -> String? {
        let nodes = capture.nodes
        // Counted by the file's place in `files` first: no string is hashed per node.
        var countsByIndex = [Int](repeating: 0, count: nodes.files.count)
        for node in 0..<nodes.count where nodes.fileIndices[node] >= 0 && nodes.lines[node] > 0 {
            countsByIndex[Int(nodes.fileIndices[node])] += 1
        }
        var counts: [String: Int] = [:]
        for (index, count) in countsByIndex.enumerated() where count > 0 {
            counts[nodes.files[index], default: 0] += count
        }
        return document.script.flatMap { counts[$0] != nil ? $0 : nil }
            ?? counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// The script of the replayed graph: the source file's text, each node at its line there
    /// (0 where it was made elsewhere or the file could not be read).
    private static func script(
        of replay: Replay, path: String, source: (file: String, text: SourceText)?
    ) -> Script {
        let nodes = replay.capture.nodes
        var lines = [Int32](repeating: 0, count: replay.graph.count)
        if let source {
            // Which of the files nodes name is the source: compared once each, not per node.
            let isSource = nodes.files.map { $0 == source.file }
            for node in 0..<replay.graph.count {
                let id = replay.captureID(of: NodeID(node))
                let file = nodes.fileIndices[id]
                let line = Int(nodes.lines[id])
                guard file >= 0, isSource[Int(file)], (1...source.text.lineCount).contains(line)
                else { continue }
                lines[node] = Int32(line)
            }
        }
        return Script(
            path: source?.file ?? path, source: source?.text ?? SourceText.empty,
            graph: replay.graph, root: replay.root, nodeLines: lines)
    }
}
