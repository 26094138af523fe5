import AutogradCapture
import AutogradEngine
import AutogradProgram

/// A verdict in a sentence a learner understands: which operation's `_backward` (by the Python
/// method that holds it), at which node and line, what the engine gave and what is correct,
/// with the formula in the file's own names.
package enum VerdictText {
    /// The sentence for `verdict` on `run`; `unicode: false` writes formulas in ASCII.
    package static func sentence(_ verdict: Verdict, run: CapturedRun, unicode: Bool = true)
        -> String
    {
        switch verdict {
        case .none: agreement(run.review)
        case .wrong(let finding): sentence(finding, run: run, unicode: unicode)
        }
    }

    /// The sentence after the engine's code it is about, as a compiler says where an error is:
    /// `engine.py:43 in __pow__: __pow__'s _backward (…) passes …`; the sentence alone where the
    /// capture does not say where that code is, or for `none`.
    package static func headline(_ verdict: Verdict, run: CapturedRun, unicode: Bool = true)
        -> String
    {
        let text = sentence(verdict, run: run, unicode: unicode)
        guard let finding = verdict.finding, let code = run.review.code(of: finding) else {
            return text
        }
        return "\(codeText(code)): \(text)"
    }

    /// `engine.py:43 in __pow__`, `nb.ipynb, cell 2, line 25 in __pow__` in a notebook, or
    /// `train.py:40` where the function is not known.
    package static func codeText(_ code: CodeLocation) -> String {
        let location = code.location
        let place =
            location.cell == nil
            ? "\(NodeNames.printable(location.file)):\(location.line)"
            : SourcePlace.words(location)
        return code.function.map { "\(place) in \(NodeNames.printable($0))" } ?? place
    }

    /// The sentence for one finding, printable: it quotes what the engine raised.
    static func sentence(_ finding: Finding, run: CapturedRun, unicode: Bool) -> String {
        NodeNames.printable(words(for: finding, run: run, unicode: unicode))
    }

    private static func words(for finding: Finding, run: CapturedRun, unicode: Bool) -> String {
        let script = run.script
        let names = NodeNames(graph: script.graph)
        let node = finding.node
        let name = names.name(of: node)
        var yours = finding.yours.map(text) ?? "nothing"
        let correctNumber =
            finding.correct
            ?? finding.input.map { run.review.replay.correctLocal(of: node, input: $0) }
        var correct = correctNumber.map(NumberFormat.fourDecimals) ?? "?"
        // Two numbers that read the same in four decimals get the digits that tell them apart.
        var apart = ""
        if let mine = finding.yours?.double, let right = correctNumber {
            let texts = NumberFormat.apart(mine, right)
            yours = texts.yours
            correct = texts.correct
            apart = texts.relative.map { " (a relative difference of \($0))" } ?? ""
        }
        let inputName = finding.input.map(names.name(of:)) ?? "?"
        let formula = finding.input.map { formulaText(of: node, input: $0, names, unicode) } ?? ""
        let derivative = "the local derivative \(formula)\(equals(formula, correct))"
        let derivativeIs = "the local derivative is \(formula)\(equals(formula, correct))"
        let captureID = run.review.replay.captureID(of: node)
        let maker = run.review.replay.capture.nodes.maker(of: captureID)
        let method = "\(methodName(of: node, run: run))'s _backward"
        let via = maker?.outer.map { "made by \(NodeNames.printable($0)): " } ?? ""
        let place = via + place(of: node, in: script, names: names, at: madeAt(finding, run))
        let origin =
            finding.input.flatMap { run.review.probe(of: node, input: $0)?.origin } ?? .call
        // A DeZero-style Function's class, as the engine named the operation.
        let function = NodeNames.printable(
            run.review.replay.capture.nodes.operations[captureID] ?? "Function")
        switch finding {
        case .edge(_, _, .local):
            switch origin {
            case .call:
                return "\(method) (\(place)) passes \(yours) to \(inputName); \(derivativeIs)"
            case .stored:
                return
                    "\(methodName(of: node, run: run)) (\(place)) stores \(yours) as its local derivative for \(inputName); \(derivativeIs)"
            case .returned:
                return
                    "\(function).backward(gy) (\(place)) returns \(yours)·gy for \(inputName); \(derivativeIs)"
            }
        case .forward:
            return
                "\(place) computes \(yours); from its inputs' values (\(inputValues(of: node, run: run, names))) it is \(correct)\(apart)"
        case .edge(_, _, .assign):
            return
                "\(method) (\(place)) overwrites \(inputName).grad (= where += belongs): what other nodes added to \(inputName).grad is lost"
        case .edge(_, _, .ignoresUpstream) where origin == .returned:
            return
                "\(function).backward(gy) (\(place)) returns a grad for \(inputName) that does not scale with gy: multiply \(derivative) by gy"
        case .edge(_, _, .ignoresUpstream):
            return
                "\(method) (\(place)) gives \(inputName) a change that does not scale with \(name).grad: multiply \(derivative) by \(name).grad"
        case .edge(_, _, .untouched):
            return
                "\(method) (\(place)) leaves \(inputName).grad unchanged; it should add \(formula)\(equals(formula, correct)) times \(name).grad"
        case .edge(_, _, .error(let message)):
            return "\(method) (\(place)) raised \(message ?? "an exception")"
        case .raised(_, _, let message, 0, let operations):
            let whereRaised =
                run.review.replay.capture.code.raised.map { code in
                    let function = NodeNames.printable(code.function ?? "the pass")
                    return " in \(function) (line \(code.location.line))"
                } ?? ""
            return
                "backward() raised \(message)\(whereRaised) before any _backward ran: none of the \(operations) _backward calls a whole pass makes was reached"
        case .raised(_, _, let message, let step, let operations):
            return
                "\(method) (\(place)) raised \(message) during backward(), in the \(ordinal(step)) of the \(operations) _backward calls a whole pass makes: the pass stopped there"
        case .notZeroed:
            let others = run.review.findings.count { $0.kind == .notZeroed } - 1
            let more =
                others > 0 ? " (and \(NumberFormat.counted(others, "other node")) too)" : ""
            return
                "\(name).grad was \(yours) when backward() was called\(more): the grads of an earlier pass were not zeroed; set every grad to 0 before each backward()"
        case .seed:
            return
                "after backward(), the root \(name).grad is \(yours), not 1: backward() must set \(name).grad = 1 before the first _backward runs"
        case .order(_, .firedTwice(let steps)):
            let times = steps.count == 2 ? "twice" : "\(steps.count) times"
            return
                "\(name)'s _backward (\(place)) ran \(times) in one backward() (steps \(listed(steps))), so its inputs got its share \(times); visit each node once (a set of visited nodes in the topological sort)"
        case .order(_, .neverFired):
            return
                "\(name)'s _backward (\(place)) never ran during backward(), so its inputs got nothing from it"
        case .order(_, .firedEarly(_, let user)):
            let userName = names.name(of: user)
            return
                "\(name)'s _backward (\(place)) ran before \(userName)'s had, so it passed on a grad still missing \(userName)'s share; run the _backward calls in reverse topological order"
        case .grad:
            let unseen =
                run.review.firedOrder == nil
                ? "; the bridge did not see the order the _backward calls ran in, the usual cause"
                : ""
            return
                "every local derivative is right, yet \(name).grad after backward() is \(yours) where \(correct) is correct\(apart)\(unseen)"
        }
    }

    /// The sentence of a `none` verdict: agreement, on the whole graph or on the part judged.
    static func agreement(_ review: Review) -> String {
        let nodes = review.replay.graph.count
        let unjudged = review.unjudgedCount
        guard unjudged > 0 else {
            return
                "your engine agrees with autograd-tui's on all \(NumberFormat.counted(nodes, "node")): every value, local derivative and grad"
        }
        return
            "your engine agrees with autograd-tui's wherever it could be judged, but \(unjudged) of the \(NumberFormat.counted(nodes, "node")) could not be judged (see below), so this is no clean bill"
    }

    /// `3`, `3 and 4`, `3, 4 and 9`.
    private static func listed(_ numbers: [Int]) -> String {
        let texts = numbers.map(String.init)
        guard let last = texts.last, texts.count > 1 else { return texts.first ?? "" }
        return texts.dropLast().joined(separator: ", ") + " and " + last
    }

    /// `, made at train.py, line 38` where the node was made in another file than the engine's
    /// code the finding is about (the headline names that file first, and a bare line number
    /// would read as its); `nil` to say it as usual.
    /// `, made at nn.py, line 8`: where the node was made, its file named, when that is not
    /// the file of the engine's code the sentence starts with, or not the script (a line
    /// alone is a line of the script).
    private static func madeAt(_ finding: Finding, _ run: CapturedRun) -> String? {
        guard let made = run.location(of: finding.node) else { return nil }
        let outsideScript = run.document.script.map { $0 != made.file } ?? false
        let code = run.review.code(of: finding)
        guard outsideScript || (code.map { made.file != $0.location.file } ?? false) else {
            return nil
        }
        return ", made at " + SourcePlace.words(made)
    }

    /// `1st`, `2nd`, `3rd`, `4th`, `11th`, `22nd`.
    private static func ordinal(_ number: Int) -> String {
        let suffix: String
        switch (number % 10, number % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(number)\(suffix)"
    }

    /// What could not be judged, or `nil` when everything could.
    package static func unjudged(_ review: Review) -> String? {
        var parts: [String] = []
        var unknown: [String] = []
        var unidentified = 0
        var seen: Set<String> = []
        for node in review.opaqueNodes {
            switch review.replay.notes[node] {
            case .opaque(let text)?:
                if seen.insert(text).inserted { unknown.append(NodeNames.printable(text)) }
            case .unidentified?: unidentified += 1
            case .inferred?, .orderFromData?, .orderUnknown?, .repeatedChild?, .exponentChild?,
                .fromMethod?, nil:
                break
            }
        }
        let opaque = review.opaqueNodes.count - unidentified
        if opaque > 0 {
            parts.append(
                "\(NumberFormat.counted(opaque, "node")) with an operation autograd-tui does not know (\(unknown.prefix(5).joined(separator: ", ")))"
            )
        }
        if unidentified > 0 {
            parts.append(
                "\(NumberFormat.counted(unidentified, "node")) whose operation nothing identifies (no method seen making it, no operation string it knows, and the data and your locals fit no single operation)"
            )
        }
        if let values = uncomputable(review) { parts.append(values) }
        if !parts.isEmpty, review.nodesBehindOpaque > 0 {
            parts[parts.count - 1] +=
                ", and the grads of the \(NumberFormat.counted(review.nodesBehindOpaque, "node")) below"
        }
        if !review.unorderedNodes.isEmpty {
            parts.append(
                "\(NumberFormat.counted(review.unorderedNodes.count, "node")) whose inputs came unordered in an order the data does not tell"
            )
        }
        if !review.freedNodes.isEmpty {
            parts.append(
                "the grads of \(NumberFormat.counted(review.freedNodes.count, "operation")) your engine set to 0 after its pass had used them (as PyTorch frees a non-leaf's grad); what they passed on is judged in their inputs' grads"
            )
        }
        if !review.gradUnknownNodes.isEmpty {
            parts.append(
                "the grads of \(NumberFormat.counted(review.gradUnknownNodes.count, "node")), which the capture does not give"
            )
        }
        return parts.isEmpty ? nil : "not judged: " + parts.joined(separator: "; ")
    }

    /// The nodes whose values autograd-tui cannot compute with, and an example of one.
    private static func uncomputable(_ review: Review) -> String? {
        guard let first = review.uncomputableNodes.first else { return nil }
        let example: String
        if case .notANumber(let text) = review.engineData(of: first) {
            example = NodeNames.printable(text)
        } else {
            example = "a value past the range of a double, written as infinite"
        }
        return
            "\(NumberFormat.counted(review.uncomputableNodes.count, "node")) whose values are not numbers autograd-tui computes with (a Decimal, a complex, an int past a double's range: \(example))"
    }

    /// ` = 0.0707` after a formula, or nothing when the formula is a number already (`1`, `−1`).
    private static func equals(_ formula: String, _ value: String) -> String {
        let plain = formula.replacing("−", with: "-")
        return Double(plain) != nil ? "" : " = \(value)"
    }

    /// The Python method that made `node`, as the bridge saw it (`__mul__`, where `__neg__`
    /// computes `self * -1`), else the one that holds its operation's `_backward` in a
    /// micrograd-style engine.
    package static func methodName(of node: NodeID, run: CapturedRun) -> String {
        let replay = run.review.replay
        guard let maker = replay.capture.nodes.maker(of: replay.captureID(of: node)) else {
            return methodName(of: run.script.graph.operation(of: node))
        }
        return NodeNames.printable(maker.name)
    }

    /// The Python method that holds an operation's `_backward` in a micrograd-style engine.
    package static func methodName(of operation: Op) -> String {
        operation.definition.pythonMethods.first ?? operation.spelling
    }

    /// `c = a * b, line 12`: the node, what made it and where; an unnamed node is its
    /// expression alone (`tanh(x), line 5`), or with `expression: false` its `#id`.
    package static func place(
        of node: NodeID, in script: Script, names: NodeNames, expression: Bool = true,
        at given: String? = nil
    ) -> String {
        let graph = script.graph
        let at = given ?? SourcePlace.suffix(of: node, in: script)
        guard expression, !graph.isLeaf(node) else { return names.name(of: node) + at }
        let made = names.expression(of: node)
        guard graph.label(of: node) != nil else { return made + at }
        return names.name(of: node) + " = " + made + at
    }

    /// The engine's number as text: four decimals, or what Python shows for a non-number.
    package static func text(_ number: EngineNumber) -> String {
        switch number {
        case .number(let value): NumberFormat.fourDecimals(value)
        case .notANumber(let repr): NodeNames.printable(repr)
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
