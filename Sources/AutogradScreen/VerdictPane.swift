import AutogradCapture
import AutogradText

/// The verdict pane: under the title, the verdict on someone's engine in the words of
/// `VerdictText.sentence`, wrapped to the screen's width; `none` reads as the agreement it is.
struct VerdictPane {
    /// The most rows the sentence takes; a longer one ends in `…`.
    static let mostSentenceRows = 4

    let context: PaneContext

    /// The verdict's sentence in rows of at most `width` columns (after a one-column margin).
    static func rows(of session: Session, width: Int, glyphs: GlyphSet) -> [String] {
        guard let sentence = session.verdictSentence else { return [] }
        let said = glyphs == .unicode ? sentence : AsciiText.transliterate(sentence)
        let room = max(1, width - 1)
        var rows = TextFitting.wrapped(said, width: room)
        if rows.count > mostSentenceRows {
            rows = Array(rows.prefix(mostSentenceRows))
            rows[rows.count - 1] = String(rows[rows.count - 1].prefix(room - 1)) + "…"
        }
        return rows
    }

    /// The verdict's kind as the pane's header and the status line say it: `local`, or
    /// `agrees` (`agrees where judged` when part of the graph could not be judged).
    static func kindWords(of run: CapturedRun) -> String {
        let verdict = run.review.verdict
        guard verdict.kind == .none else { return verdict.kind.rawValue }
        return run.review.unjudgedCount > 0 ? "agrees where judged" : "agrees"
    }

    func draw(in rect: Rect, into grid: inout Grid) {
        let session = context.session
        guard rect.height > 0, let run = session.capture else { return }
        let kind = Self.kindWords(of: run)
        context.drawHeader(
            "verdict: \(kind)  (\(KeyBindings.keyName(for: .toggleVerdict)) hides)", in: rect,
            into: &grid)
        // The kind stands out as the status line shows it: a problem, or agreement.
        let start = rect.x + "── verdict: ".count
        grid.restyle(row: rect.y, columns: start..<min(rect.width, start + kind.count)) {
            $0 = run.review.verdict.kind == .none ? context.theme.final : context.theme.problem
        }
        let rows = Self.rows(of: session, width: rect.width, glyphs: context.glyphs)
        for (offset, text) in rows.prefix(rect.height - 1).enumerated() {
            grid.write(
                text, column: rect.x + 1, row: rect.y + 1 + offset, limit: rect.x + rect.width)
        }
    }
}

extension ScreenLayout {
    /// The layout `session` is drawn in on a `width` × `height` screen: with the verdict pane
    /// when the session shows it.
    package init?(for session: Session, width: Int, height: Int, glyphs: GlyphSet = .unicode) {
        let rows =
            session.isVerdictVisible
            ? VerdictPane.rows(of: session, width: width, glyphs: glyphs).count : 0
        self.init(
            width: width, height: height, verdictRows: rows > 0 ? rows + 1 : 0,
            longestName: session.nameColumnWidth, numberColumns: session.capture != nil ? 3 : 2,
            glyphs: glyphs)
    }
}
