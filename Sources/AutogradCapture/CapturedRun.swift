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

    /// Opens capture `number` (1-based among all `backward()` calls; the last kept one when
    /// `nil`) of `document`, read from `path`. `readSource` gives the bytes of a file a node
    /// names, or `nil` when it cannot be read.
    public init(
        document: CaptureDocument, number: Int?, path: String,
        readSource: (String) -> [UInt8]?
    ) throws(CaptureError) {
        guard let last = document.captures.last else {
            throw CaptureError(
                path: path, line: nil, column: nil,
                message: "the document holds no capture: no backward() call was recorded")
        }
        var chosen = last
        if let number {
            guard let match = document.captures.first(where: { $0.index + 1 == number }) else {
                throw CaptureError(
                    path: path, line: nil, column: nil,
                    message: Self.noSuchCapture(number, in: document))
            }
            chosen = match
        }
        let replay: Replay
        do {
            replay = try Replay(chosen)
        } catch {
            throw CaptureError(path: path, line: nil, column: nil, message: error.message)
        }
        self.document = document
        capture = chosen
        review = Review(replay)
        script = Self.script(
            of: replay, document: document, path: path, readSource: readSource)
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

    /// The script whose source is the file most nodes were made in (the document's own
    /// `script` when nodes name it), each node at its line there, 0 elsewhere.
    private static func script(
        of replay: Replay, document: CaptureDocument, path: String,
        readSource: (String) -> [UInt8]?
    ) -> Script {
        let nodes = replay.capture.nodes
        var counts: [String: Int] = [:]
        for location in nodes.locations {
            if let location { counts[location.file, default: 0] += 1 }
        }
        let file =
            document.script.flatMap { counts[$0] != nil ? $0 : nil }
            ?? counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        var source = SourceText.empty
        var shownPath = path
        if let file, let bytes = readSource(file), let text = try? SourceText(bytes) {
            source = text
            shownPath = file
        }
        var lines = [Int32](repeating: 0, count: replay.graph.count)
        for node in 0..<replay.graph.count {
            guard let location = nodes.locations[replay.captureID(of: NodeID(node))],
                location.file == file, (1...source.lineCount).contains(location.line)
            else { continue }
            lines[node] = Int32(location.line)
        }
        return Script(
            path: shownPath, source: source, graph: replay.graph, root: replay.root,
            nodeLines: lines)
    }
}
