import AutogradEngine

/// Rows of cells written as aligned columns, two spaces apart, by the width each cell takes on
/// a terminal; the last column is not padded and no line ends in spaces.
package enum TextTable {
    /// Writes `rows` to `output`, one line each.
    package static func write(_ rows: [[String]], to output: inout some TextOutputStream) {
        let columnCount = rows.map(\.count).max() ?? 0
        let widths = (0..<columnCount).map { column in
            rows.map { column < $0.count ? $0[column].displayWidth : 0 }.max() ?? 0
        }
        for row in rows {
            var line = ""
            for (column, cell) in row.enumerated() {
                if column > 0 { line += "  " }
                line += cell
                if column < row.count - 1 {
                    line += String(repeating: " ", count: widths[column] - cell.displayWidth)
                }
            }
            while line.last == " " { line.removeLast() }
            output.write(line + "\n")
        }
    }
}
