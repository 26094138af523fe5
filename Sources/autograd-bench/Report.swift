import Foundation

/// The suite's results as text tables: one per graph, a row per phase.
enum Report {
    static func tables(_ results: [GraphResult]) -> String {
        var text = ""
        let groups = Dictionary(grouping: results) {
            $0.name.split(separator: ":").first.map(String.init) ?? $0.name
        }
        for name in groups.keys.sorted() {
            guard let group = groups[name]?.sorted(by: { $0.nodes < $1.nodes }) else { continue }
            text += "\n\(name)\n"
            let header = ["phase"] + group.map { "\($0.nodes) nodes" }
            var rows = [header]
            for phase in Phase.all {
                rows.append(
                    [phase]
                        + group.map { result in
                            guard let nanoseconds = result.nanoseconds(phase) else { return "-" }
                            let perNode = nanoseconds / Double(max(1, result.nodes))
                            return
                                "\(milliseconds(nanoseconds)) (\(String(format: "%.0f", perNode)) ns/node)"
                        })
            }
            for (label, bytes) in [
                ("peak memory, debugger", \GraphResult.debuggerPeakBytes),
                ("peak memory, whole run", \GraphResult.peakBytes),
            ] {
                rows.append(
                    [label]
                        + group.map { result in
                            String(
                                format: "%.0f MB (%.0f B/node)",
                                Double(result[keyPath: bytes]) / 1e6,
                                Double(result[keyPath: bytes]) / Double(max(1, result.nodes)))
                        })
            }
            let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0
            }
            for row in rows {
                text +=
                    row.enumerated().map { column, cell in
                        column == 0
                            ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                            : String(repeating: " ", count: widths[column] - cell.count) + cell
                    }.joined(separator: "  ") + "\n"
            }
        }
        return text
    }

    private static func milliseconds(_ nanoseconds: Double) -> String {
        nanoseconds >= 1e8
            ? String(format: "%.0f ms", nanoseconds / 1e6)
            : String(format: "%.2f ms", nanoseconds / 1e6)
    }
}
