import AutogradCapture
import AutogradEngine
import AutogradText

/// The step pane: the chain rule of the current step in numbers, one line per input.
///
/// ```
/// ── step 2/4: fire d = c + a   upstream 0.4200   ∂/∂x = 1, ∂/∂y = 1
///   c.grad += ∂d/∂c × d.grad = 1.0000 × 0.4200 = 0.4200   0.0000 → 0.4200
/// ```
struct StepPane {
    let context: PaneContext

    func draw(in rect: Rect, into grid: inout Grid) {
        let session = context.session
        switch session.phase {
        case .forward:
            drawForward(in: rect, into: &grid)
            return
        case .update:
            drawUpdate(in: rect, into: &grid)
            return
        case .seed, .backward:
            break
        }
        let names = context.names
        let header = context.position
        guard let event = session.stepper.event(at: session.currentStep) else {
            context.drawHeader(header, in: rect, into: &grid)
            return
        }
        let node = names.name(of: event.node)
        guard event.kind == .backward else {
            context.drawHeader("\(header): seed \(node).grad = 1", in: rect, into: &grid)
            grid.write(
                context.say(
                    "  ∂\(node)/∂\(node) = 1: the root's gradient with respect to itself starts the backward pass; press \(KeyBindings.keyName(for: .stepForward)) to fire the first node, \(KeyBindings.keyName(for: .stepBack)) to step back through the forward pass"
                ),
                column: rect.x, row: rect.y + 1, limit: rect.x + rect.width)
            return
        }
        let formula = FormulaText.derivatives(
            of: context.graph.operation(of: event.node), output: node,
            inputs: context.graph.inputs(of: event.node).map(names.name(of:)),
            exponent: context.graph.exponent(of: event.node), unicode: context.glyphs == .unicode)
        // The upstream number is shown whole or left out; the formula may run off the edge.
        let fire = "\(header): fire \(node) = \(names.expression(of: event.node))"
        let upstream = "   upstream \(context.number(event.upstream))"
        let fits = context.say(fire + upstream).count + 4 <= rect.width
        context.drawHeader(
            fits ? "\(fire)\(upstream)   \(formula)" : fire, in: rect, into: &grid)
        for (offset, contribution) in event.contributions.enumerated()
        where offset + 1 < rect.height {
            let input = names.name(of: contribution.input)
            let y = rect.y + 1 + offset
            let number = { (value: Double, style: Style) in
                TextPiece.whole(context.number(value), style)
            }
            let numbers: [TextPiece] = [
                number(contribution.local, .plain), .prose(context.say(" × ")),
                number(event.upstream, .plain), .prose(" = "),
                number(contribution.delta, context.theme.changedNow),
                .prose("   ", context.theme.faint),
                number(contribution.before, context.theme.faint),
                .prose(context.say(" → "), context.theme.faint),
                number(contribution.after, context.theme.changedNow),
            ]
            // The chain rule in symbols, then in numbers; when the line is too narrow for both,
            // the numbers alone.
            let isFirstUse = !event.contributions.prefix(offset).contains {
                $0.input == contribution.input
            }
            let yours =
                isFirstUse ? engineLocal(of: event.node, input: contribution.input) : []
            let symbols = context.say("  \(input).grad += ∂\(node)/∂\(input) × \(node).grad = ")
            let compact = "  \(input).grad += "
            let length = (numbers + yours).map(\.text.count).reduce(0, +)
            let lead = symbols.count + length <= rect.width ? symbols : compact
            grid.write(
                [.prose(lead)] + numbers + yours, column: rect.x, row: y,
                limit: rect.x + rect.width)
        }
    }

    /// A forward step: the node's value computed from its inputs', in symbols and numbers:
    /// `n = xw + b = -0.7500 + 2.0000 = 1.2500`.
    private func drawForward(in rect: Rect, into grid: inout Grid) {
        let session = context.session
        let timeline = session.timeline
        guard let node = timeline.currentNode else {
            context.drawHeader(
                "\(context.position): the leaves", in: rect, into: &grid)
            grid.write(
                "  only the inputs are known; press \(KeyBindings.keyName(for: .stepForward)) to compute the first value",
                column: rect.x, row: rect.y + 1, limit: rect.x + rect.width)
            return
        }
        let names = context.names
        let name = names.name(of: node)
        context.drawHeader(
            "\(context.position): compute \(name) = \(names.expression(of: node))", in: rect,
            into: &grid)
        let graph = timeline.graph
        let numbers = names.computation(
            of: node, values: graph.value(of:), number: context.number)
        let value = graph.value(of: node)
        var pieces: [TextPiece] = [
            .prose("  \(name) = \(names.expression(of: node)) = "), .whole(numbers),
            .prose(" = "),
            .whole(context.number(value), value.isFinite ? theme.changedNow : theme.problem),
        ]
        if let review = session.capture?.review {
            let yours = review.engineData(of: node)
            let agrees = yours.double.map { Tolerance.agrees($0, value) } ?? false
            pieces.append(.prose("   yours ", theme.faint))
            pieces.append(
                .whole(VerdictText.text(yours), agrees ? .plain : theme.problem))
            pieces.append(
                .whole(
                    " " + String(agrees ? context.marks.final : context.marks.wrong),
                    agrees ? theme.final : theme.problem))
        }
        grid.write(pieces, column: rect.x, row: rect.y + 1, limit: rect.x + rect.width)
    }

    /// An update step: `w.data += -0.05 × 0.4757 = -0.0238   -1.5000 → -1.5238`.
    private func drawUpdate(in rect: Rect, into grid: inout Grid) {
        let session = context.session
        guard let step = session.timeline.currentUpdate else { return }
        let name = context.names.name(of: step.update.node)
        context.drawHeader(
            "\(context.position): update \(name), line \(step.update.line)", in: rect,
            into: &grid)
        let line = UpdateText.line(step, name: name, unicode: context.glyphs == .unicode)
        grid.write(
            "  " + line, column: rect.x, row: rect.y + 1,
            style: step.after.isFinite ? .plain : theme.problem, limit: rect.x + rect.width)
    }

    private var theme: Theme { context.theme }

    /// On a capture: what the engine's `_backward` passed to `input` when probed alone, then
    /// `✗` where the judge found it wrong (and the mode when it is not `+=`), else `✓`.
    private func engineLocal(of node: NodeID, input: NodeID) -> [TextPiece] {
        guard let review = context.session.capture?.review,
            let probe = review.probe(of: node, input: input)
        else { return [] }
        let theme = context.theme
        let wrong = review.finding(of: node, input: input) != nil
        let uses = context.graph.inputs(of: node).count { $0 == input }
        var pieces: [TextPiece] = [.prose("   yours ", theme.faint)]
        if let local = probe.local {
            pieces.append(.whole(context.number(local), wrong ? theme.problem : .plain))
        }
        if probe.mode != .add { pieces.append(.whole(" (\(probe.mode.rawValue))", theme.problem)) }
        if uses > 1 { pieces.append(.prose(" for both uses", theme.faint)) }
        pieces.append(
            .whole(
                " " + String(wrong ? context.marks.wrong : context.marks.final),
                wrong ? theme.problem : theme.final))
        return pieces
    }
}
