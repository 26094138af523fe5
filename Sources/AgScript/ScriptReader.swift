import AutogradEngine
import AutogradProgram

/// Reads `.ag` text into a `Script`, or into diagnostics; it never prints.
public enum ScriptReader {
    /// The most diagnostics reported for one file; the rest are counted.
    public static let maximumDiagnostics = 20

    /// Reads `text` as the file named `path`.
    public static func read(_ text: String, path: String) throws(ScriptError) -> Script {
        try read(Array(text.utf8), path: path)
    }

    /// Reads the bytes of an `.ag` file named `path` (as messages show it).
    ///
    /// Every erroneous line is reported (up to `maximumDiagnostics`); reading recovers at the
    /// next line, and a name whose statement failed is not reported again where it is used.
    public static func read(_ bytes: [UInt8], path: String) throws(ScriptError) -> Script {
        // Offsets are 32-bit, which keeps the reader's tables small.
        guard bytes.count < Int(Int32.max) else {
            throw ScriptError(
                diagnostics: [
                    Diagnostic(
                        path: path,
                        message: "the file is too large: \(bytes.count) bytes, at most 2 GiB")
                ],
                totalCount: 1, path: path)
        }
        let source: SourceText
        do {
            source = try SourceText(bytes)
        } catch {
            let byte = "0x" + String(error.byte, radix: 16, uppercase: true)
            throw ScriptError(
                diagnostics: [
                    Diagnostic(
                        path: path,
                        message:
                            "the file is not UTF-8 text (byte \(byte) at line \(error.line), column \(error.column))"
                    )
                ],
                totalCount: 1, path: path)
        }
        var diagnostics: [Diagnostic] = []
        var errorCount = 0
        let built = source.bytes.withUnsafeBufferPointer { bytes -> ScriptBuilder.Built? in
            var builder = ScriptBuilder(source: source, bytes: bytes)
            /// Counts `failure` and keeps its diagnostic while there is room.
            func report(_ failure: ScriptBuilder.Failure) {
                guard case .error(let offset, let reason) = failure else { return }
                errorCount += 1
                guard diagnostics.count < maximumDiagnostics else { return }
                let line = source.lineNumber(containing: offset)
                diagnostics.append(
                    Diagnostic(
                        path: path, line: line,
                        column: source.column(ofByte: offset, inLine: line),
                        message: reason.message, lineText: source.text(ofLine: line)))
            }
            for line in 1...source.lineCount {
                builder.suggestsNames = diagnostics.count < maximumDiagnostics
                if builder.openBlock != nil {
                    do throws(ScriptBuilder.Failure) {
                        try builder.endBlock(before: line)
                    } catch {
                        report(error)
                    }
                }
                do throws(ScriptBuilder.Failure) {
                    try builder.readLine(line)
                } catch {
                    report(error)
                }
            }
            do throws(ScriptBuilder.Failure) {
                try builder.endBlock()
            } catch {
                report(error)
            }
            if errorCount == 0 {
                for failure in builder.hyperparametersUsedAsNodes() { report(failure) }
            }
            return errorCount > 0 ? nil : builder.finish()
        }
        guard let built else {
            throw ScriptError(diagnostics: diagnostics, totalCount: errorCount, path: path)
        }
        guard let root = built.root else {
            throw ScriptError(
                diagnostics: [
                    Diagnostic(
                        path: path, message: "nothing to differentiate: the file makes no values")
                ],
                totalCount: 1, path: path)
        }
        return Script(
            path: path, source: source, graph: built.graph, root: root, nodeLines: built.nodeLines,
            updates: built.updates, expectations: built.expectations)
    }
}
