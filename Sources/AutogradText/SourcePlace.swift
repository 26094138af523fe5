import AutogradCapture
import AutogradEngine
import AutogradProgram

/// Places in the user's source as people read them: `line 31`, or `cell 3, line 31` in a
/// notebook, whose lines are counted within their cell.
package enum SourcePlace {
    /// `line 31`, or `cell 3, line 31` with a cell; `nil` where the line is not known (0).
    package static func words(line: Int, cell: Int?) -> String? {
        guard line > 0 else { return nil }
        return cell.map { "cell \($0), line \(line)" } ?? "line \(line)"
    }

    /// Where `location` is, its file named: `engine.py, line 12`, `train.ipynb, cell 3,
    /// line 4`.
    package static func words(_ location: SourceLocation) -> String {
        let place = words(line: location.line, cell: location.cell) ?? "an unknown line"
        return "\(NodeNames.printable(location.file)), \(place)"
    }

    /// `, line 12` or `, cell 3, line 4` after a node's name: where in the script it was made;
    /// nothing where that is not known.
    package static func suffix(of node: NodeID, in script: Script) -> String {
        words(line: script.line(of: node), cell: script.cell(of: node)).map { ", " + $0 } ?? ""
    }
}
