import AutogradEngine
import AutogradReports

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
        let names = context.names
        let header = "step \(session.currentStep)/\(session.stepper.finalStep)"
        guard let event = session.stepper.event(at: session.currentStep) else {
            context.drawHeader(header, in: rect, into: &grid)
            return
        }
        let node = names.name(of: event.node)
        guard event.kind == .backward else {
            context.drawHeader("\(header): seed \(node).grad = 1", in: rect, into: &grid)
            grid.write(
                context.say(
                    "  ∂\(node)/∂\(node) = 1: the root's gradient with respect to itself starts the pass; press n to fire the first node"
                ),
                column: rect.x, row: rect.y + 1, limit: rect.x + rect.width)
            return
        }
        let formula = FormulaText.derivatives(
            of: context.graph.operation(of: event.node), output: node,
            inputs: context.graph.inputs(of: event.node).map(names.name(of:)),
            exponent: context.graph.exponent(of: event.node), unicode: context.glyphs == .unicode)
        context.drawHeader(
            "\(header): fire \(node) = \(names.expression(of: event.node))   upstream \(context.number(event.upstream))   \(formula)",
            in: rect, into: &grid)
        for (offset, contribution) in event.contributions.enumerated()
        where offset + 1 < rect.height {
            let input = names.name(of: contribution.input)
            let y = rect.y + 1 + offset
            var x = grid.write(
                context.say("  \(input).grad += ∂\(node)/∂\(input) × \(node).grad = "),
                column: rect.x, row: y)
            x = grid.write(
                context.say(
                    "\(context.number(contribution.local)) × \(context.number(event.upstream)) = "),
                column: x, row: y)
            x = grid.write(
                context.number(contribution.delta), column: x, row: y,
                style: context.theme.changedNow)
            x = grid.write(
                context.say("   \(context.number(contribution.before)) → "), column: x, row: y,
                style: context.theme.faint)
            grid.write(
                context.number(contribution.after), column: x, row: y,
                style: context.theme.changedNow)
        }
    }
}
