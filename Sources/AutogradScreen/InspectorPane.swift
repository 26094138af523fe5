import AutogradEngine
import AutogradReports

/// The inspector: the selected node's data and gradient at full precision, its inputs and
/// users, its accumulation ledger (every contribution so far, from which node, with the
/// running sum), and for leaves the finite-difference check on demand.
struct InspectorPane {
    let context: PaneContext

    func draw(in rect: Rect, into grid: inout Grid) {
        let session = context.session
        let node = session.selectedNode
        let names = context.names
        let graph = context.graph
        let stepper = session.stepper
        let title =
            graph.isLeaf(node)
            ? "\(names.name(of: node)) (\(graph.operation(of: node).spelling))"
            : "\(names.name(of: node)) = \(names.expression(of: node))"
        context.drawHeader(
            "inspect \(title)  \(node), line \(session.script.line(of: node))", in: rect,
            into: &grid)

        var lines: [(String, Style)] = []
        lines.append(("data  \(NumberFormat.shortest(graph.value(of: node)))", .plain))
        let reachable = stepper.lastContributingStep(to: node) != nil
        let state =
            !reachable
            ? "unused: the root does not depend on it"
            : stepper.isGradientFinal(node) ? "final" : "pending"
        lines.append(
            (
                "grad  \(NumberFormat.shortest(stepper.gradients[node]))  \(state)",
                context.gradientStyle(of: node, changedNow: false)
            ))
        let inputs = graph.inputs(of: node)
        if !inputs.isEmpty {
            let list = inputs.map { "\(names.operand($0)) \(context.number(graph.value(of: $0)))" }
            lines.append(("inputs  " + list.joined(separator: ", "), .plain))
        }
        let users = session.users.users(of: node)
        // A widely shared value can have thousands of users; the line shows a dozen. A user
        // that takes the node twice (x + x) is listed once, "(twice)".
        var distinct: [(user: NodeID, times: Int)] = []
        for user in users {
            if distinct.last?.user == user {
                distinct[distinct.count - 1].times += 1
            } else {
                distinct.append((user, 1))
            }
        }
        var userList = distinct.prefix(12).map { entry in
            names.name(of: entry.user) + (entry.times > 1 ? " (twice)" : "")
        }.joined(separator: ", ")
        if users.isEmpty { userList = "none" }
        if distinct.count > 12 { userList += ", … \(distinct.count - 12) more" }
        lines.append(("users  " + userList, .plain))
        if let result = session.checks[node] {
            lines.append(
                (
                    "check  numeric \(NumberFormat.significant(result.numeric, digits: 10)) vs \(NumberFormat.significant(result.analytic, digits: 10)): \(NoticeText.words(for: result.verdict))",
                    result.verdict == .mismatch ? context.theme.problem : context.theme.final
                ))
        } else if graph.isLeaf(node) && reachable {
            lines.append(
                (
                    "check  press x to compare the final grad with finite differences",
                    context.theme.faint
                ))
        }
        let ledger = stepper.ledger(of: node, users: session.users)
        let expected = users.filter { stepper.step(firing: $0) != nil }.count
        lines.append(
            ("ledger  \(ledger.count) of \(expected) contributions so far", context.theme.header))
        for entry in ledger {
            let contribution = entry.contribution
            lines.append(
                (
                    "  step \(entry.step) from \(names.name(of: entry.user)): += \(context.number(contribution.delta))  sum \(context.number(contribution.after))",
                    entry.step == session.currentStep ? context.theme.changedNow : .plain
                ))
        }
        for (offset, line) in lines.enumerated() where offset + 1 < rect.height {
            grid.write(
                " " + line.0, column: rect.x, row: rect.y + 1 + offset, style: line.1,
                limit: rect.x + rect.width)
        }
    }
}
