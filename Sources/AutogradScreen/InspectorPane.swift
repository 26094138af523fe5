import AutogradEngine
import AutogradText

/// The inspector: the selected node's data and gradient at full precision, its inputs and
/// users, its accumulation ledger (the latest contributions so far, from which node, with the
/// running sum), and for leaves the finite-difference check on demand.
///
/// Whatever the node, a frame costs what it shows: a dozen users, as many ledger entries as
/// fit, and a count of the rest by binary search, even for a leaf with a million users.
struct InspectorPane {
    let context: PaneContext

    /// The most users listed by name.
    private static let usersListed = 12

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
            "inspect \(title)  \(node)\(SourcePlace.suffix(of: node, in: session.script))",
            in: rect,
            into: &grid)

        let width = rect.width - 1
        var lines: [[TextPiece]] = []
        let value = session.timeline.value(of: node)
        lines.append([
            .prose("data  "),
            .whole(value.map { Self.precise($0, width - 6) } ?? "? not computed yet"),
        ])
        let reachable = stepper.lastContributingStep(to: node) != nil
        let state =
            !reachable
            ? "unused: the root does not depend on it"
            : stepper.isGradientFinal(node) ? "final" : "pending"
        let gradientStyle = context.gradientStyle(of: node, changedNow: false)
        lines.append([
            .prose("grad  ", gradientStyle),
            .whole(Self.precise(stepper.gradients[node], width - 6), gradientStyle),
            .prose("  \(state)", gradientStyle),
        ])
        let inputs = graph.inputs(of: node)
        if !inputs.isEmpty {
            var pieces: [TextPiece] = [.prose("inputs  ")]
            for (position, input) in inputs.enumerated() {
                if position > 0 { pieces.append(.prose(", ")) }
                pieces.append(
                    .whole(
                        "\(names.operand(input)) \(session.timeline.value(of: input).map(context.number) ?? "?")"
                    ))
            }
            lines.append(pieces)
        }
        lines.append(usersLine(of: node, width: rect.width))
        for failed in session.failedExpectations(of: node) {
            let problem = context.theme.problem
            var text =
                "assert \(ExpectationReport.statement(failed.expectation, names: names)) (line \(failed.expectation.line)): it is \(context.number(failed.actual))"
            // Expectations are about epoch 1: its contributions, whichever epoch is shown.
            if failed.expectation.field == .grad {
                text += " = " + ExpectationReport.parts(of: failed, names: names)
            }
            for part in TextFitting.wrapped(context.say(text), width: max(10, width - 1)) {
                lines.append([.prose(part, problem)])
            }
        }
        if let result = session.checks[node] {
            let style = result.verdict == .mismatch ? context.theme.problem : context.theme.final
            lines.append([
                .prose("check  numeric ", style),
                .whole(NumberFormat.significant(result.numeric, digits: 10), style),
                .prose(" vs ", style),
                .whole(NumberFormat.significant(result.analytic, digits: 10), style),
                .prose(": \(NoticeText.words(for: result.verdict))", style),
            ])
        } else if graph.isLeaf(node) && reachable {
            lines.append([
                .prose(
                    "check  press \(KeyBindings.keyName(for: .checkSelected)) to compare the final grad with a numerical derivative",
                    context.theme.faint)
            ])
        }
        let applied = stepper.appliedContributionCount(to: node)
        let total = stepper.contributionCount(to: node)
        lines.append([
            .prose("ledger  ", context.theme.header),
            .whole("\(applied) of \(total)", context.theme.header),
            .prose(" contributions so far", context.theme.header),
        ])
        // The latest entries that fit, oldest of them first.
        let room = max(0, rect.height - 1 - lines.count)
        let shown = stepper.ledger(of: node, entries: max(0, applied - room)..<applied)
        for entry in shown {
            let style = entry.step == session.currentStep ? context.theme.changedNow : Style.plain
            lines.append([
                .prose("  step "), .whole(String(entry.step), style),
                .prose(" from \(names.name(of: entry.user)): += ", style),
                .whole(context.number(entry.contribution.delta), style), .prose("  sum ", style),
                .whole(context.number(entry.contribution.after), style),
            ])
        }
        for (offset, line) in lines.enumerated() where offset + 1 < rect.height {
            grid.write(
                [.prose(" ")] + line, column: rect.x, row: rect.y + 1 + offset,
                limit: rect.x + rect.width)
        }
    }

    /// `users  c, d, e (twice), … 8 more uses`: the first dozen distinct users, a user that
    /// takes the node twice listed once, as many as leave room in `width` for the count of
    /// the rest; none read beyond those.
    private func usersLine(of node: NodeID, width: Int) -> [TextPiece] {
        let users = context.session.users
        let count = users.count(of: node)
        guard count > 0 else { return [.prose("users  none")] }
        // A user takes a node at most twice, and its two uses are side by side.
        let first = users.users(of: node, limit: 2 * Self.usersListed)
        var distinct: [(user: NodeID, times: Int)] = []
        for user in first where distinct.count <= Self.usersListed {
            if distinct.last?.user == user {
                distinct[distinct.count - 1].times += 1
            } else {
                distinct.append((user, 1))
            }
        }
        if distinct.count > Self.usersListed { distinct.removeLast() }
        var pieces: [TextPiece] = [.prose("users  ")]
        var used = 1 + "users  ".count
        var listed = 0
        // Names are listed while the count of the rest still fits after them.
        let countRoom = ", … \(count) more uses".count
        for (position, entry) in distinct.enumerated() {
            let name = context.names.name(of: entry.user)
            let text = (position > 0 ? ", " : "") + (entry.times > 1 ? "\(name) (twice)" : name)
            let isLast = listed + entry.times == count
            guard position == 0 || used + text.count + (isLast ? 0 : countRoom) <= width
            else { break }
            if position > 0 { pieces.append(.prose(", ")) }
            pieces.append(.whole(entry.times > 1 ? "\(name) (twice)" : name))
            used += text.count
            listed += entry.times
        }
        if listed < count { pieces.append(.prose(", … \(count - listed) more uses")) }
        return pieces
    }

    /// `value` at full precision if it fits in `width` characters, else with fewer digits.
    private static func precise(_ value: Double, _ width: Int) -> String {
        NumberFormat.fitting(value, width: width)
    }
}
