import AutogradEngine
import AutogradProgram

/// One capture of a document, opened: replayed, judged, and given as a `Script` (the user's
/// Python file as its source, each node at the line that created it), so every report and the
/// debugger work on it as on an `.ag` file. The source files it names are read once, here.
package struct CapturedRun: Sendable {
    /// The whole document, every capture's root value included.
    package let document: CaptureDocument
    /// The capture opened.
    package let capture: Capture
    /// Its replay and judgement.
    package let review: Review
    /// The replayed graph as a script, for the reports and the screen: the file most nodes
    /// were made in is its source (a notebook's nodes keep their cells).
    package let script: Script
    /// The texts of the files the capture names, as read when the document was opened, and
    /// of those asked for besides.
    package let sources: SourceLibrary

    /// The capture's 1-based number among all the `backward()` calls of the run.
    package var number: Int { capture.index + 1 }

    /// The path messages name the document by.
    private let path: String

    /// Opens capture `number` (1-based among all `backward()` calls; the last kept one when
    /// `nil`) of `document`, read from `path`. `readSource` gives the bytes of a file a node
    /// names, or `nil` when it cannot be read; it is also asked for `alsoReading`, files to
    /// show that no node names (where a verdict points in the engine, say).
    package init(
        document: CaptureDocument, number: Int?, path: String, alsoReading: [String] = [],
        readSource: (String) -> [UInt8]?
    ) throws(CaptureError) {
        let capture = try Self.capture(number, of: document, path: path)
        let replay = try Self.replay(capture, path: path)
        let review = Review(replay)
        let files = Self.filesToRead(capture, document: document, review: review) + alsoReading
        self.init(
            document: document, replay: replay, review: review, path: path,
            sources: SourceLibrary(files: files, readSource: readSource))
    }

    private init(
        document: CaptureDocument, replay: Replay, review: Review, path: String,
        sources: SourceLibrary
    ) {
        self.document = document
        capture = replay.capture
        self.path = path
        self.sources = sources
        self.review = review
        script = Self.script(
            of: replay, path: path,
            main: Self.sourceFile(of: replay.capture, document: document), sources: sources)
    }

    private static func replay(_ capture: Capture, path: String) throws(CaptureError) -> Replay {
        do {
            return try Replay(capture)
        } catch {
            throw CaptureError(path: path, line: nil, column: nil, message: error.message)
        }
    }

    /// The files worth reading for `capture`: the script, every file a node names, where
    /// `backward()` was called; `review` for where its verdict points.
    private static func filesToRead(
        _ capture: Capture, document: CaptureDocument, review: Review
    ) -> [String] {
        var files = document.script.map { [$0] } ?? []
        files += capture.nodes.files
        if let call = capture.call { files.append(call.file) }
        // The engine's code the verdict points at, which may live in a module of its own.
        if let finding = review.verdict.finding, let code = review.code(of: finding) {
            files.append(code.location.file)
        }
        return files
    }

    /// Where the user's code made `node`: its file, line, and cell in a notebook, when the
    /// bridge saw it.
    package func location(of node: NodeID) -> SourceLocation? {
        review.replay.capture.nodes.location(of: review.replay.captureID(of: node))
    }

    /// The kept capture `offset` places after this one (before it, when negative), with the
    /// same sources; `nil` past either end.
    package func moved(by offset: Int) throws(CaptureError) -> CapturedRun? {
        guard let position = document.captures.firstIndex(where: { $0.index == capture.index })
        else { return nil }
        let target = position + offset
        guard document.captures.indices.contains(target) else { return nil }
        let replay = try Self.replay(document.captures[target], path: path)
        return CapturedRun(
            document: document, replay: replay, review: Review(replay), path: path,
            sources: sources)
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

    /// The script of the replayed graph: the main file's text (none for a notebook, whose
    /// text is its cells'), each node at its line and cell there (0 where it was made
    /// elsewhere or the line is not in the text read).
    private static func script(
        of replay: Replay, path: String, main: String?, sources: SourceLibrary
    ) -> Script {
        let nodes = replay.capture.nodes
        var lines = [Int32](repeating: 0, count: replay.graph.count)
        let isNotebook = nodes.fileCells.contains { $0 > 0 }
        var cells = [Int32](repeating: 0, count: isNotebook ? replay.graph.count : 0)
        // How many lines each place nodes name has when it is in the main file, 0 otherwise:
        // looked up once a place, not per node.
        let lineCounts = zip(nodes.files, nodes.fileCells).map { file, cell in
            guard file == main,
                case .text(let text) = sources.page(file, cell: cell > 0 ? Int(cell) : nil)
            else { return 0 }
            return text.lineCount
        }
        for node in 0..<replay.graph.count {
            let id = replay.captureID(of: NodeID(node))
            let place = Int(nodes.fileIndices[id])
            let line = Int(nodes.lines[id])
            guard place >= 0, (1...max(1, lineCounts[place])).contains(line),
                lineCounts[place] > 0
            else { continue }
            lines[node] = Int32(line)
            if isNotebook { cells[node] = nodes.fileCells[place] }
        }
        var source = SourceText.empty
        if let main, case .text(let text) = sources.page(main, cell: nil) { source = text }
        return Script(
            path: main ?? path, source: source, graph: replay.graph, root: replay.root,
            nodeLines: lines, nodeCells: cells)
    }
}
