import AutogradEngine
import AutogradProgram

/// The source files a capture names, read once when it is opened: the script, the modules it
/// imports (an engine's `engine.py`), a notebook's cells. What could not be read is kept as
/// the reason, so a pane can say it in one line instead of showing nothing.
package struct SourceLibrary: Sendable {
    /// The largest file read, in bytes: a source file, not a data set.
    package static let largestFile = 4 << 20
    /// The most files read for one capture.
    package static let mostFiles = 32

    /// What a location's file gives to show.
    package enum Page: Sendable, Equatable {
        /// The text of the file, or of the notebook cell.
        case text(SourceText)
        /// Why there is no text: one line for people.
        case note(String)

        /// Whether both are the same text, byte for byte, or the same note.
        package static func == (left: Page, right: Page) -> Bool {
            switch (left, right) {
            case (.text(let a), .text(let b)): a.bytes == b.bytes
            case (.note(let a), .note(let b)): a == b
            case (.text, .note), (.note, .text): false
            }
        }
    }

    /// One file as read.
    enum Entry: Sendable {
        /// A plain source file.
        case file(SourceText)
        /// A notebook: each cell's text, in the order the notebook shows them, from cell 1.
        case notebook([SourceText])
        /// The reason it cannot be shown.
        case unreadable(String)
    }

    private var entries: [String: Entry] = [:]

    /// No file at all.
    package init() {}

    /// Reads each distinct file of `files` (up to `mostFiles` of them) with `readSource`, which
    /// gives a file's bytes or `nil` when it cannot be read.
    package init(files: some Sequence<String>, readSource: (String) -> [UInt8]?) {
        for file in files where entries[file] == nil && entries.count < Self.mostFiles {
            entries[file] = Self.entry(file, bytes: readSource(file))
        }
    }

    /// The files read or tried, in no particular order.
    package var files: some Collection<String> { entries.keys }

    /// What to show for `file`, or for its cell `cell` when it is a notebook.
    package func page(_ file: String, cell: Int?) -> Page {
        let name = NodeNames.printable(file)
        switch entries[file] {
        case nil: return .note("\(name) was not read when the capture was opened")
        case .unreadable(let reason)?: return .note(reason)
        case .file(let text)?:
            guard let cell else { return .text(text) }
            return .note("\(name) is not a notebook: it has no cell \(cell)")
        case .notebook(let cells)?:
            guard let cell else { return .note("\(name) is a notebook: a line needs its cell") }
            guard cells.indices.contains(cell - 1) else {
                return .note("\(name) has no cell \(cell): it has \(cells.count)")
            }
            return .text(cells[cell - 1])
        }
    }

    /// The page at `location`: its file's text, or its cell's.
    package func page(at location: SourceLocation) -> Page {
        page(location.file, cell: location.cell)
    }

    private static func entry(_ file: String, bytes: [UInt8]?) -> Entry {
        let name = NodeNames.printable(file)
        guard let bytes else {
            return .unreadable(
                "cannot show \(name): not found where the script ran or beside the capture, not a regular file, or over \(largestFile >> 20) MB"
            )
        }
        guard bytes.count <= largestFile else {
            return .unreadable("cannot show \(name): over \(largestFile >> 20) MB")
        }
        if file.lowercased().hasSuffix(".ipynb") {
            guard let cells = NotebookCells.texts(of: bytes) else {
                return .unreadable("cannot show \(name): not a notebook (nbformat 4 JSON)")
            }
            var texts: [SourceText] = []
            for cell in cells {
                texts.append((try? SourceText(Self.pythonLines(Array(cell.utf8)))) ?? .empty)
            }
            return .notebook(texts)
        }
        guard let text = try? SourceText(pythonLines(bytes)) else {
            return .unreadable("cannot show \(name): it is not UTF-8 text")
        }
        return .file(text)
    }

    /// `bytes` with the line ends Python counts: a lone carriage return ends a line too (as
    /// `\r\n` and `\n` do), so that the lines the bridge records are the lines shown.
    static func pythonLines(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0x0D) else { return bytes }
        var lines = bytes
        for index in lines.indices where lines[index] == 0x0D {
            if index + 1 == lines.count || lines[index + 1] != 0x0A { lines[index] = 0x0A }
        }
        return lines
    }
}

/// The cells of a Jupyter notebook (nbformat 4): each cell's `source`, a string or a list of
/// strings joined, every cell counted (markdown ones too), as the notebook shows them.
enum NotebookCells {
    /// The texts of the cells of the notebook in `bytes`, or `nil` when it is not one.
    static func texts(of bytes: [UInt8]) -> [String]? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            var cells: [String]?
            do throws(JSONReader.Failure) {
                try reader.readObject { (reader, key) throws(JSONReader.Failure) in
                    guard key == "cells" else { return try reader.skipValue() }
                    var found: [String] = []
                    try reader.readArray { (reader) throws(JSONReader.Failure) in
                        found.append(try readCell(&reader))
                    }
                    cells = found
                }
                try reader.expectEnd()
            } catch {
                return nil
            }
            return cells
        }
    }

    /// One cell's `source`.
    private static func readCell(_ reader: inout JSONReader) throws(JSONReader.Failure)
        -> String
    {
        var text = ""
        try reader.readObject { (reader, key) throws(JSONReader.Failure) in
            guard key == "source" else { return try reader.skipValue() }
            if reader.readNull() { return }
            if let plain = reader.readPlainString() {
                text = String(decoding: plain, as: UTF8.self)
                return
            }
            // A list of lines, else a string with escapes: the reader is a value, so a failed
            // try leaves `reader` where it was.
            var lines = reader
            do throws(JSONReader.Failure) {
                var joined = ""
                try lines.readArray { (lines) throws(JSONReader.Failure) in
                    joined += try lines.readString()
                }
                text = joined
                reader = lines
            } catch {
                text = try reader.readString()
            }
        }
        return text
    }
}
