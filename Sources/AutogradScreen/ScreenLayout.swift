/// A rectangle of the screen.
package struct Rect: Sendable, Equatable {
    /// The leftmost column.
    package var x: Int
    /// The top row.
    package var y: Int
    /// The number of columns.
    package var width: Int
    /// The number of rows.
    package var height: Int
}

/// Where each pane goes on a screen of a given size.
///
/// ```
/// title                                           one line
/// verdict pane: header, the sentence wrapped      on a capture, until V hides it
/// graph pane: header, then one row per node       the rest
/// step pane: header, one line per input           3 lines
/// source pane          | inspector                a third of the height, 6 to 12 lines
/// status line                                     one line
/// ```
package struct ScreenLayout: Sendable, Equatable {
    /// The smallest usable screen.
    package static let minimumWidth = 60
    /// The smallest usable screen.
    package static let minimumHeight = 16

    /// The title line.
    package let title: Rect
    /// The verdict pane, its header included; no rows when it is hidden or there is no room.
    package let verdict: Rect
    /// The graph pane, its header included.
    package let graph: Rect
    /// The step pane, its header included.
    package let step: Rect
    /// The source pane, its header included.
    package let source: Rect
    /// The inspector, its header included.
    package let inspector: Rect
    /// The status line.
    package let status: Rect

    /// The fewest rows the graph pane keeps, its header included, when the verdict pane
    /// takes rows from it.
    package static let smallestGraphWithVerdict = 5

    /// The widest name the graph pane's name column holds: the session's longest name, or
    /// 16 when the layout was made without a session.
    package let longestName: Int
    /// How many number columns the graph pane has: data and grad, and yours on a capture.
    package let numberColumns: Int

    /// The layout of a `width` × `height` screen, or `nil` if it is too small to be usable;
    /// `verdictRows` rows under the title for the verdict pane (fewer where the graph pane
    /// would keep less than `smallestGraphWithVerdict`, none where that leaves less than two);
    /// the graph pane's names at most `longestName` wide and `numberColumns` number columns,
    /// which decide how many lanes are left for the DAG.
    package init?(
        width: Int, height: Int, verdictRows: Int = 0, longestName: Int = 16,
        numberColumns: Int = 2, glyphs: GlyphSet = .unicode
    ) {
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else { return nil }
        self.glyphs = glyphs
        self.longestName = longestName
        self.numberColumns = numberColumns
        let bottomHeight = min(12, max(6, height / 3))
        let stepHeight = 3
        let available = height - 2 - stepHeight - bottomHeight
        var verdictHeight = min(verdictRows, available - Self.smallestGraphWithVerdict)
        if verdictHeight < 2 { verdictHeight = 0 }
        let graphHeight = available - verdictHeight
        let sourceWidth = width / 2
        title = Rect(x: 0, y: 0, width: width, height: 1)
        verdict = Rect(x: 0, y: 1, width: width, height: verdictHeight)
        graph = Rect(x: 0, y: 1 + verdictHeight, width: width, height: graphHeight)
        step = Rect(x: 0, y: graph.y + graphHeight, width: width, height: stepHeight)
        source = Rect(x: 0, y: step.y + stepHeight, width: sourceWidth, height: bottomHeight)
        inspector = Rect(
            x: sourceWidth, y: source.y, width: width - sourceWidth, height: bottomHeight)
        status = Rect(x: 0, y: height - 1, width: width, height: 1)
    }

    /// The glyphs the screen is drawn with, which decide how wide the help's key names are.
    package let glyphs: GlyphSet

    /// The screen's width.
    package var width: Int { title.width }

    /// The screen's height.
    package var height: Int { status.y + 1 }

    /// How far the help overlay can scroll on this screen: the row its window starts at when
    /// its last line is at the bottom (0 when it fits).
    package var helpScrollLimit: Int {
        HelpOverlay.scrollLimit(width: width, height: height) { text in
            glyphs == .unicode ? text : AsciiText.transliterate(text)
        }
    }

    /// The graph rows shown: the pane less its header.
    package var visibleGraphRows: Int { graph.height - 1 }

    /// How many lanes the DAG may use: what the columns to its right leave
    /// (`GraphPane.laneBudget`), so the expression column keeps a useful width.
    package var laneBudget: Int {
        GraphPane.laneBudget(
            paneWidth: graph.width, longestName: longestName, numberColumns: numberColumns)
    }
}
