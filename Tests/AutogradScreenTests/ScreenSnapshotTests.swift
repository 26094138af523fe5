import AutogradEngine
import AutogradScreen
import Foundation
import Testing

@Suite("Whole-screen snapshots of demos/chain.ag")
struct ScreenSnapshotTests {
    /// The session at a point of the backward pass: 0 steps taken, one, or all.
    enum Moment: String, CaseIterable, Sendable {
        case start, afterOneStep, end
    }

    static let sizes = [(80, 24), (120, 40)]

    /// Compares the drawing with `Snapshots/NAME.txt`. With UPDATE_SNAPSHOTS=1 in the
    /// environment, writes the file instead (then review it before committing).
    func expectSnapshot(
        _ grid: Grid, named name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = packageRoot.appendingPathComponent(
            "Tests/AutogradScreenTests/Snapshots/\(name).txt")
        let actual = grid.text + "\n"
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(
            actual == expected, "snapshot \(name) differs:\n\(actual)",
            sourceLocation: sourceLocation)
    }

    @Test("demos/chain.ag at each moment and size", arguments: Moment.allCases)
    func chainSnapshots(_ moment: Moment) throws {
        for (width, height) in Self.sizes {
            var session = Session(.script(try demo("chain.ag")), width: width, height: height)
            switch moment {
            case .start: break
            case .afterOneStep: session.apply(.stepForward)
            case .end: session.apply(.runToEnd)
            }
            let grid = Screen().render(session, width: width, height: height)
            try expectSnapshot(grid, named: "chain-\(moment.rawValue)-\(width)x\(height)")
        }
    }

    @Test("ASCII glyphs, after one step")
    func asciiSnapshot() throws {
        var session = Session(.script(try demo("chain.ag")), width: 80, height: 24)
        session.apply(.stepForward)
        session.apply(.stepForward)
        let grid = Screen(glyphs: .ascii, theme: .monochrome).render(session, width: 80, height: 24)
        try expectSnapshot(grid, named: "chain-ascii-step2-80x24")
        #expect(grid.cells.allSatisfy { $0.character.isASCII })
    }
}
