import AgScript
import AutogradCapture
import AutogradEngine

/// A verdict in a sentence a learner understands: which operation's `_backward` (by the Python
/// method that holds it), at which node and line, what the engine gave and what is correct,
/// with the formula in the file's own names.
public enum VerdictText {
    /// The sentence for `verdict` on `run`; `unicode: false` writes formulas in ASCII.
    public static func sentence(_ verdict: Verdict, run: CapturedRun, unicode: Bool = true)
        -> String
    {
        let script = run.script
        let names = NodeNames(graph: script.graph)
        guard let node = verdict.node else {
            return "every value, local derivative and grad agrees with autograd-tui's engine"
        }
        let name = names.name(of: node)
        let yours = verdict.yours.map(text) ?? "nothing"
        let correctNumber =
            verdict.correct
            ?? verdict.input.map { run.review.replay.correctLocal(of: node, input: $0) }
        let correct = correctNumber.map(NumberFormat.fourDecimals) ?? "?"
        let inputName = verdict.input.map(names.name(of:)) ?? "?"
        let formula = verdict.input.map { formulaText(of: node, input: $0, names, unicode) } ?? ""
        let method = "\(methodName(of: script.graph.operation(of: node)))'s _backward"
        let place = place(of: node, in: script, names: names)
        switch verdict.kind {
        case .none:
            return "every value, local derivative and grad agrees with autograd-tui's engine"
        case .local:
            return
                "\(method) (\(place)) passes \(yours) to \(inputName); the local derivative is \(formula)\(equals(formula, correct))"
        case .forward:
            return
                "\(place) computes \(yours); from its inputs' values (\(inputValues(of: node, run: run, names))) it is \(correct)"
        case .assign:
            return
                "\(method) (\(place)) overwrites \(inputName).grad (= where += belongs): what other nodes added to \(inputName).grad is lost"
        case .ignoresUpstream:
            return
                "\(method) (\(place)) gives \(inputName) a change that does not scale with \(name).grad: multiply the local derivative \(formula)\(equals(formula, correct)) by \(name).grad"
        case .untouched:
            return
                "\(method) (\(place)) leaves \(inputName).grad unchanged; it should add \(formula)\(equals(formula, correct)) times \(name).grad"
        case .error:
            return "\(method) (\(place)) raised \(verdict.message ?? "an exception")"
        case .notZeroed:
            let others = (verdict.count ?? 1) - 1
            let more =
                others > 0 ? " (and \(NumberFormat.counted(others, "other node")) too)" : ""
            return
                "\(name).grad was \(yours) when backward() was called\(more): the grads of an earlier pass were not zeroed; set every grad to 0 before each backward()"
        case .seed:
            return
                "after backward(), the root \(name).grad is \(yours), not 1: backward() must set \(name).grad = 1 before the first _backward runs"
        case .order:
            guard let user = verdict.user else {
                return
                    "\(name)'s _backward (\(place)) never ran during backward(), so its inputs got nothing from it"
            }
            let userName = names.name(of: user)
            return
                "\(name)'s _backward (\(place)) ran before \(userName)'s had, so it passed on a grad still missing \(userName)'s share; run the _backward calls in reverse topological order"
        case .grad:
            let unseen =
                run.review.firedOrder == nil
                ? "; the bridge did not see the order the _backward calls ran in, the usual cause"
                : ""
            return
                "every local derivative is right, yet \(name).grad after backward() is \(yours) where \(correct) is correct\(unseen)"
        }
    }

    /// What could not be judged, or `nil` when everything could.
    public static func unjudged(_ review: Review) -> String? {
        var parts: [String] = []
        if !review.opaqueNodes.isEmpty {
            var seen: Set<String> = []
            let spellings = review.opaqueNodes.compactMap { node -> String? in
                guard case .opaque(let text) = review.replay.notes[node] else { return nil }
                return seen.insert(text).inserted ? text : nil
            }
            var part =
                "\(NumberFormat.counted(review.opaqueNodes.count, "node")) with an operation autograd-tui does not know (\(spellings.prefix(5).joined(separator: ", ")))"
            if review.nodesBehindOpaque > 0 {
                part +=
                    " and the grads of the \(NumberFormat.counted(review.nodesBehindOpaque, "node")) below"
            }
            parts.append(part)
        }
        if !review.unorderedNodes.isEmpty {
            parts.append(
                "\(NumberFormat.counted(review.unorderedNodes.count, "node")) whose inputs came unordered in an order the data does not tell"
            )
        }
        return parts.isEmpty ? nil : "not judged: " + parts.joined(separator: "; ")
    }

    /// ` = 0.0707` after a formula, or nothing when the formula is a number already (`1`, `−1`).
    private static func equals(_ formula: String, _ value: String) -> String {
        let plain = formula.replacing("−", with: "-")
        return Double(plain) != nil ? "" : " = \(value)"
    }

    /// The Python method that holds an operation's `_backward` in a micrograd-style engine.
    public static func methodName(of operation: Op) -> String {
        switch operation {
        case .add: "__add__"
        case .subtract: "__sub__"
        case .multiply: "__mul__"
        case .divide: "__truediv__"
        case .negate: "__neg__"
        case .power, .pow: "__pow__"
        default: operation.spelling
        }
    }

    /// `c = a * b, line 12`: the node, what made it and where; an unnamed node is its
    /// expression alone (`tanh(x), line 5`), or with `expression: false` its `#id`.
    static func place(
        of node: NodeID, in script: Script, names: NodeNames, expression: Bool = true
    ) -> String {
        let graph = script.graph
        let line = script.line(of: node)
        let at = line > 0 ? ", line \(line)" : ""
        guard expression, !graph.isLeaf(node) else { return names.name(of: node) + at }
        let made = names.expression(of: node)
        guard graph.label(of: node) != nil else { return made + at }
        return names.name(of: node) + " = " + made + at
    }

    /// The engine's number as text: four decimals, or what Python shows for a non-number.
    public static func text(_ number: EngineNumber) -> String {
        switch number {
        case .number(let value): NumberFormat.fourDecimals(value)
        case .notANumber(let repr): repr
        }
    }

    /// The formula of the local derivative of `node` with respect to `input`, in the file's
    /// names; both terms for an input used twice (`a * a`).
    static func formulaText(of node: NodeID, input: NodeID, _ names: NodeNames, _ unicode: Bool)
        -> String
    {
        let graph = names.graph
        let inputs = Array(graph.inputs(of: node))
        let formulas = graph.operation(of: node).definition.derivatives.map(\.formula)
        let inputNames = inputs.map(names.operand)
        let output = graph.label(of: node) == nil ? "out" : names.name(of: node)
        var terms: [String] = []
        for (position, candidate) in inputs.enumerated()
        where candidate == input && position < formulas.count {
            terms.append(
                FormulaText.render(
                    formulas[position], inputNames: inputNames, output: output, unicode: unicode))
        }
        var text = terms.joined(separator: " + ")
        if let exponent = graph.exponent(of: node) {
            text += " with k = \(NumberFormat.compact(exponent))"
        }
        return text
    }

    private static func inputValues(of node: NodeID, run: CapturedRun, _ names: NodeNames)
        -> String
    {
        var seen: Set<NodeID> = []
        return run.script.graph.inputs(of: node).filter { seen.insert($0).inserted }.map {
            "\(names.name(of: $0)) = \(text(run.review.engineData(of: $0)))"
        }.joined(separator: ", ")
    }
}
