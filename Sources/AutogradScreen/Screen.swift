import AutogradEngine
import AutogradText

/// Draws the debugger: a pure function from a session and a size to a grid of styled cells.
/// The terminal paints the grid; tests compare it with expected text.
package struct Screen: Sendable {
    /// Box drawing or pure ASCII.
    package let glyphs: GlyphSet
    /// Colors or monochrome.
    package let theme: Theme

    /// A screen drawn with `glyphs` in `theme`.
    package init(glyphs: GlyphSet = .unicode, theme: Theme = .color) {
        self.glyphs = glyphs
        self.theme = theme
    }

    /// The whole screen for `session` at `width` × `height`: the panes, the help overlay
    /// when it is open, or a short message when the screen is too small.
    package func render(_ session: Session, width: Int, height: Int) -> Grid {
        var grid = Grid(width: width, height: height)
        guard let layout = ScreenLayout(for: session, width: width, height: height, glyphs: glyphs)
        else {
            drawTooSmall(into: &grid)
            return grid
        }
        let context = PaneContext(
            session: session, glyphs: glyphs, theme: theme, marks: Marks(glyphs))
        drawTitle(session, in: layout.title, into: &grid)
        VerdictPane(context: context).draw(in: layout.verdict, into: &grid)
        GraphPane(context: context).draw(in: layout.graph, into: &grid)
        StepPane(context: context).draw(in: layout.step, into: &grid)
        if session.isLossCurveVisible {
            LossPane(context: context).draw(in: layout.source, into: &grid)
        } else {
            SourcePane(context: context).draw(in: layout.source, into: &grid)
        }
        InspectorPane(context: context).draw(in: layout.inspector, into: &grid)
        drawStatus(context, layout: layout, into: &grid)
        if session.isHelpVisible { HelpOverlay(context: context).draw(into: &grid) }
        if glyphs == .ascii { AsciiText.restrict(&grid) }
        return grid
    }

    /// The message for a screen too small to draw on, in the first wording that fits in whole
    /// words, a sentence a line where it can: the whole message, shorter ones, and at the very
    /// least one word (cut only on a screen narrower than that word).
    private func drawTooSmall(into grid: inout Grid) {
        let minimum = "\(ScreenLayout.minimumWidth)x\(ScreenLayout.minimumHeight)"
        let size = "\(grid.width)x\(grid.height)"
        let quit = KeyBindings.keyName(for: .quit)
        let wordings = [
            [
                "autograd-tui needs at least \(minimum);",
                "this terminal is \(size). Enlarge it, or press \(quit) to quit.",
            ],
            [
                "autograd-tui needs at least \(minimum);",
                "this one is \(size). Press \(quit) to quit.",
            ],
            ["needs \(minimum), is \(size);", "\(quit) quits"],
            ["needs \(minimum)"],
        ]
        var lines = [String("enlarge".prefix(grid.width))]
        for sentences in wordings {
            let wrapped = sentences.flatMap { TextFitting.wrapped($0, width: grid.width) }
            let wordsFit = sentences.allSatisfy {
                $0.split(separator: " ").allSatisfy { $0.count <= grid.width }
            }
            if wordsFit && wrapped.count <= grid.height {
                lines = wrapped
                break
            }
        }
        let top = max(0, (grid.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            grid.write(line, column: max(0, (grid.width - line.count) / 2), row: top + offset)
        }
    }

    private func drawTitle(_ session: Session, in rect: Rect, into grid: inout Grid) {
        grid.restyle(row: rect.y, columns: 0..<rect.width) { $0 = theme.title }
        let nodes =
            "\(session.script.graph.count) node\(session.script.graph.count == 1 ? "" : "s")"
        let step = "  \(PaneContext.position(of: session))"
        // Where the loop stands (epoch or capture), and the loss so far as a sparkline.
        var place = ""
        var losses: [Double] = []
        let timeline = session.timeline
        if let capture = session.capture {
            place = "  capture \(capture.number)/\(capture.document.callCount)"
            losses = capture.document.roots
        } else if timeline.trains {
            place = "  epoch \(timeline.epoch + 1)"
            losses = Array(timeline.losses.prefix(timeline.epoch + 1))
        }
        let curve =
            losses.count > 1
            ? " " + Sparkline.text(of: losses, width: 16, ascii: glyphs == .ascii) : ""
        let path = NodeNames.printable(session.script.path)
        // Before the file's name is cut below 12 columns, the sparkline gives way, then the
        // node count, then the epoch or capture; where the step stands is never cut.
        let candidates = [
            place + curve + "  " + nodes + step, place + "  " + nodes + step, place + step, step,
        ]
        let status =
            candidates.first {
                rect.width - " autograd-tui  ".count - $0.count >= min(path.count, 12)
            } ?? step
        let right = "? help  q quit "
        // The path gives way first, from the left (the file's name stays), then the hints.
        let room = rect.width - " autograd-tui  ".count - status.count
        let showsHints = room - (right.count + 2) >= min(path.count, 12)
        let shownPath = TextFitting.shortenedFromLeft(
            path, to: max(1, showsHints ? room - right.count - 2 : room))
        grid.write(
            " autograd-tui  \(shownPath)\(status)", column: 0, row: rect.y, style: theme.title)
        if showsHints {
            grid.write(right, column: rect.width - right.count, row: rect.y, style: theme.title)
        }
    }

    /// The status line: the search prompt, else the last command's notice (not a verdict the
    /// verdict pane shows already), else the verdict's kind and the key hints.
    private func drawStatus(_ context: PaneContext, layout: ScreenLayout, into grid: inout Grid) {
        let session = context.session
        let rect = layout.status
        if let prompt = session.search.prompt {
            let end = grid.write("/" + prompt, column: 0, row: rect.y, style: Style(bold: true))
            grid.write(glyphs == .unicode ? "█" : "_", column: end, row: rect.y)
            grid.write(
                "  " + KeyBindings.hints(of: KeyBindings.searchMode), column: end + 1, row: rect.y,
                style: theme.faint)
        } else if let notice = session.notice, !(notice.isVerdict && layout.verdict.height > 0) {
            let words = NoticeText.words(
                for: notice, names: session.names, capture: session.capture)
            grid.write(context.say(words), column: 0, row: rect.y, style: Style(bold: true))
        } else {
            var x = 0
            if let capture = session.capture {
                x = grid.write(
                    "verdict: \(VerdictPane.kindWords(of: capture))", column: 0, row: rect.y,
                    style: capture.review.verdict.kind == .none ? theme.final : theme.problem)
                x = grid.write("  ", column: x, row: rect.y)
            }
            grid.write(
                KeyBindings.hints(forCapture: session.capture != nil, width: grid.width - x),
                column: x, row: rect.y, style: theme.faint)
        }
    }
}

/// What every pane needs to draw.
struct PaneContext {
    let session: Session
    let glyphs: GlyphSet
    let theme: Theme
    let marks: Marks

    /// The current epoch's graph: its structure is the script's, its values this epoch's.
    var graph: Graph { session.timeline.graph }
    var names: NodeNames { session.names }

    /// `text` as this glyph set writes it: the debugger's symbols spelled out in ASCII mode.
    func say(_ text: String) -> String {
        glyphs == .unicode ? text : AsciiText.transliterate(text)
    }

    /// A pane's header line: its title, in the header style, ruled to the pane's width.
    func drawHeader(_ title: String, in rect: Rect, into grid: inout Grid) {
        let rule = glyphs == .unicode ? "─" : "-"
        let text =
            "\(rule)\(rule) \(say(title)) " + String(repeating: rule, count: max(0, rect.width))
        grid.write(
            text, column: rect.x, row: rect.y, style: theme.header, limit: rect.x + rect.width)
    }

    /// Where the session's current step is, as the title and the step pane say it:
    /// `forward 2/7`, `backward 4/9` (0 is the seed), `update 1/3`.
    static func position(of session: Session) -> String {
        let timeline = session.timeline
        return switch session.phase {
        case .forward: "forward \(timeline.stepInPhase)/\(timeline.forwardStepCount)"
        case .seed, .backward: "backward \(session.currentStep)/\(session.stepper.finalStep)"
        case .update: "update \(timeline.stepInPhase)/\(timeline.updateStepCount)"
        }
    }

    /// Where the current step is: `forward 2/7`, `backward 4/9`, `update 1/3`.
    var position: String { Self.position(of: session) }

    /// A value for people: four decimals, scientific at the extremes.
    func number(_ value: Double) -> String { NumberFormat.fourDecimals(value) }

    /// The style of a gradient: changed on this step, earlier, or not yet; NaN and
    /// infinities stand out.
    func gradientStyle(of node: NodeID, changedNow: Bool) -> Style {
        let stepper = session.stepper
        if !stepper.gradients[node].isFinite { return theme.problem }
        if changedNow { return theme.changedNow }
        return stepper.hasReceivedGradient(node) ? theme.changedBefore : theme.untouched
    }

    /// The inputs receiving gradient on the current step, with what each receives.
    var currentContributions: [NodeID: Double] {
        guard session.isInBackwardPass, let event = session.stepper.event(at: session.currentStep)
        else { return [:] }
        if event.kind == .seed { return [event.node: event.upstream] }
        var deltas: [NodeID: Double] = [:]
        for contribution in event.contributions {
            deltas[contribution.input, default: 0] += contribution.delta
        }
        return deltas
    }
}
