import AutogradEngine

/// The passes of a review, in the order the verdict ranks what they find: grads left over at
/// the call, the root's seed, each node's value and edges in the engine's firing order, the
/// firing order itself, then the final grads.
struct Judge {
    let replay: Replay
    private(set) var findings: [Finding] = []
    let gradients: Gradients
    let opaque: [NodeID]
    /// The nodes whose value the replay cannot compute with (see `Uncomputable`).
    let uncomputable: [NodeID]
    /// The nodes, computable otherwise, whose final grad the capture does not give: their own
    /// grad is not judged.
    private(set) var gradUnknown: [NodeID] = []
    /// By node index, whether it is among `uncomputable` (empty when none is).
    private let valueUnjudged: [Bool]
    let unordered: [NodeID]
    /// The engine's firing order, when observed.
    let fired: [NodeID]?
    /// Whether each node's final grad goes uncompared: its gradient passes through a node that
    /// is not judged.
    private(set) var behindOpaque: [NodeID] = []
    /// The operations whose grad the engine set to 0 after its pass had used it (as PyTorch
    /// frees the grads of non-leaf tensors): their final grads are not judged.
    private(set) var freed: [NodeID] = []
    /// The gradients the engine's own values call for (see `ReferenceGradients`).
    let reference: ReferenceGradients

    private let graph: Graph
    /// The capture's nodes, held once: the passes read them for every node.
    private let nodes: CapturedNodes
    private let topologicalOrder: [NodeID]
    private let reachable: [Bool]
    /// Whether each node's children came unordered in an order the data does not tell (empty
    /// when there is none).
    private let orderUnknown: [Bool]
    private var unjudgedGrad: [Bool]

    /// Whether the final grad of each node is judged: not below an unjudged node, and not a
    /// constant the engine made.
    var judgedGrads: [Bool] {
        zip(unjudgedGrad, coerced).map { !$0 && !$1 }
    }
    /// Whether each node is a constant the engine made from a number inside one of its methods
    /// (`x + 1` wraps the 1), unnamed: nobody wants its gradient, so none is judged.
    private let coerced: [Bool]
    /// The node in whose `_backward` the engine's `backward()` raised, when it did (the root,
    /// standing for the pass, when it raised before any `_backward` ran).
    private let raisedIn: NodeID?
    /// Whether the engine's `backward()` raised before any `_backward` ran.
    private let raisedBeforeSteps: Bool

    init(replay: Replay) {
        self.replay = replay
        graph = replay.graph
        nodes = replay.capture.nodes
        topologicalOrder = graph.topologicalOrder(from: replay.root)
        gradients = graph.backward(from: replay.root, order: topologicalOrder)
        reference = ReferenceGradients(replay: replay, topologicalOrder: topologicalOrder)
        var reachable = [Bool](repeating: false, count: graph.count)
        for node in topologicalOrder { reachable[node.index] = true }
        self.reachable = reachable
        var opaque: [NodeID] = []
        var unordered: [NodeID] = []
        for (node, note) in replay.notes {
            switch note {
            case .opaque, .unidentified: opaque.append(node)
            case .orderUnknown: unordered.append(node)
            case .inferred, .orderFromData, .repeatedChild, .exponentChild, .fromMethod: break
            }
        }
        self.opaque = opaque.sorted()
        uncomputable = Uncomputable.nodes(of: replay, order: topologicalOrder)
        var valueUnjudged = [Bool](repeating: false, count: uncomputable.isEmpty ? 0 : graph.count)
        for node in uncomputable { valueUnjudged[node.index] = true }
        self.valueUnjudged = valueUnjudged
        self.unordered = unordered.sorted()
        var orderUnknown = [Bool](repeating: false, count: unordered.isEmpty ? 0 : graph.count)
        for node in unordered { orderUnknown[node.index] = true }
        self.orderUnknown = orderUnknown
        let fired = replay.capture.fired.map { ids in ids.map { replay.node(ofCaptureID: $0) } }
        self.fired = fired
        unjudgedGrad = [Bool](repeating: false, count: graph.count)
        var coerced = [Bool](repeating: false, count: graph.count)
        // Made inside the engine and named by nothing: a parameter a factory method made keeps
        // the name the script binds it to, and its grad is judged.
        for id in 0..<nodes.count
        where nodes.children(of: id).isEmpty && nodes.maker(of: id) != nil
            && nodes.labels[id] == nil
        {
            coerced[replay.node(ofCaptureID: id).index] = true
        }
        self.coerced = coerced
        raisedIn = replay.capture.raised == nil ? nil : fired?.last ?? replay.root
        raisedBeforeSteps = replay.capture.raisedBeforeSteps
    }

    /// Every pass; `verdict()` then gives the first place that went wrong.
    mutating func run() {
        markBehindUnjudged()
        judgeRaised()
        markFreed()
        judgeLeftoverGrads()
        judgeSeed()
        for node in firingOrder() { judgeNode(node) }
        // A pass that raised stopped part way: what it did not reach says nothing more.
        guard raisedIn == nil else { return }
        judgeOrder()
        judgeFinalGrads()
    }

    /// The first finding's verdict, or `none`.
    func verdict() -> Verdict {
        findings.first.map(Verdict.wrong) ?? .none
    }

    /// The nodes in the order the engine fired them (each once, where it first fired), else
    /// in the order micrograd fires them: reverse topological, root first.
    private func firingOrder() -> [NodeID] {
        guard let fired else { return topologicalOrder.reversed().filter { !graph.isLeaf($0) } }
        var seen = [Bool](repeating: false, count: graph.count)
        var order: [NodeID] = []
        for node in fired where !seen[node.index] {
            seen[node.index] = true
            order.append(node)
        }
        return order
    }

    /// Marks every node below an opaque or unordered node: what reaches it through them was
    /// computed by the engine in ways autograd-tui does not replay. Their own grads come from
    /// above, and are judged.
    private mutating func markBehindUnjudged() {
        for node in uncomputable { unjudgedGrad[node.index] = true }
        // A grad the capture does not give is not known: not judged. (One the engine made no
        // number, `None` say, is its own and judged.)
        for node in graph.nodeIDs
        where nodes.engineGrad(of: replay.captureID(of: node)) == .absentGrad {
            if !unjudgedGrad[node.index] { gradUnknown.append(node) }
            unjudgedGrad[node.index] = true
        }
        var stack = (opaque + unordered + uncomputable).map { replay.captureID(of: $0) }
        var marked = [Bool](repeating: false, count: nodes.count)
        while let id = stack.popLast() {
            for child in nodes.children(of: id) where !marked[Int(child)] {
                marked[Int(child)] = true
                stack.append(Int(child))
            }
        }
        for id in 0..<nodes.count where marked[id] {
            let node = replay.node(ofCaptureID: id)
            unjudgedGrad[node.index] = true
            if replay.notes[node] == nil, !unjudgedValue(node) { behindOpaque.append(node) }
        }
    }

    /// The engine's `backward()` raised: in the `_backward` of the last node that fired, or
    /// before any ran (step 0, at the root).
    private mutating func judgeRaised() {
        guard let node = raisedIn, let message = replay.capture.raised else { return }
        let graph = graph
        let operations = topologicalOrder.reduce(0) { $0 + (graph.isLeaf($1) ? 0 : 1) }
        if raisedBeforeSteps {
            findings.append(
                .raised(node: node, input: nil, message: message, step: 0, operations: operations))
            return
        }
        // The input its `_backward` raised on when probed alone, where that is known.
        let id = replay.captureID(of: node)
        let input = graph.inputs(of: node).first { input in
            nodes.probe(of: id, child: replay.captureID(of: input))?.mode == .error
        }
        findings.append(
            .raised(
                node: node, input: input, message: message, step: fired?.count ?? 1,
                operations: operations))
    }

    /// Grads left over from an earlier pass. The root's grad at exactly 1 is not one: the
    /// micrograd lecture seeds it by hand before calling `backward()`, and some engines need it.
    /// Nor is a leftover the pass itself cleared: the node's final grad is what a pass from 0
    /// gives (an engine whose `backward()` zeroes every grad before seeding), where that grad
    /// is judged.
    private mutating func judgeLeftoverGrads() {
        let valuesAgree = !findings.contains { $0.kind == .forward }
        for node in topologicalOrder.reversed() {
            guard let before = nodes.gradsBefore[replay.captureID(of: node)] else { continue }
            if node == replay.root, before == 1 { continue }
            if !unjudgedGrad[node.index], !coerced[node.index],
                finalGradAgrees(node, valuesAgree: valuesAgree)
            {
                continue
            }
            if !Tolerance.agrees(before, 0) {
                findings.append(.notZeroed(node: node, yours: .number(before)))
            }
        }
    }

    private mutating func judgeSeed() {
        // A pass that raised before any `_backward` ran may not have reached its seed.
        guard !raisedBeforeSteps else { return }
        let root = replay.root
        // Freed after the pass, which the leaves' grads show was seeded; or no number.
        let yours = nodes.engineGrad(of: replay.captureID(of: root))
        if unjudgedGrad[root.index],
            freed.contains(root) || unjudgedValue(root) || yours == .absentGrad
        {
            return
        }
        if yours.double.map({ Tolerance.agrees($0, 1) }) != true {
            findings.append(.seed(root: root, yours: yours))
        }
    }

    /// The node's value from the engine's values of its inputs, then what its `_backward` did
    /// to each input.
    private mutating func judgeNode(_ node: NodeID) {
        guard reachable[node.index], !graph.isLeaf(node), !unjudgedValue(node) else { return }
        let id = replay.captureID(of: node)
        let correct = replay.correctValue(of: node)
        // A NaN may stand for text that is no number: only then is the engine's number made.
        let data = nodes.data[id]
        if data.isNaN || !Tolerance.agrees(data, correct) {
            let yours = nodes.engineData(of: id)
            let slack = replay.valueSlack(of: node)
            if yours.double.map({ Replay.agrees($0, correct, slack: slack) }) != true {
                findings.append(.forward(node: node, yours: yours, correct: correct))
            }
        }
        guard orderUnknown.isEmpty || !orderUnknown[node.index], nodes.probed[id] else { return }
        let inputs = graph.inputs(of: node)
        for (position, input) in inputs.enumerated() {
            if position == 1, inputs[0] == input { continue }
            if coerced[input.index] { continue }
            let child = replay.captureID(of: input)
            guard let probe = nodes.storedProbe(of: id, child: child) else { continue }
            let local = replay.correctLocal(of: node, input: input)
            let probeLocal = probe.hasLocal ? probe.local : nil
            let mistake: Finding.EdgeMistake?
            switch probe.mode {
            case .error:
                // Where the pass itself raised here, that finding says it already; where a
                // local is past a double's range (an int of 400 digits), the probe's float
                // grads could not hold it, whatever the engine's own pass did.
                let overflow = inputs.contains {
                    !replay.correctLocal(of: node, input: $0).isFinite
                }
                mistake =
                    (node == raisedIn && !raisedBeforeSteps) || overflow
                    ? nil : .error(message: nodes.probe(of: id, child: child)?.message)
            case .untouched: mistake = Tolerance.agrees(local, 0) ? nil : .untouched(correct: local)
            case .assign: mistake = .assign
            case .ignoresUpstream: mistake = .ignoresUpstream
            case .add:
                let agrees =
                    ReferenceGradients.acceptedLocal(replay, node: node, input: input) != nil
                mistake = agrees ? nil : .local(yours: probeLocal, correct: local)
            }
            if let mistake { findings.append(.edge(node: node, input: input, mistake)) }
        }
    }

    /// Each node must fire once, after every user of it has: a node that fires earlier passes
    /// on a grad that is still missing the later users' share, and one that fires again passes
    /// its share again.
    private mutating func judgeOrder() {
        guard let fired, findings.isEmpty else { return }
        // How often each node fired, in a flat array: the steps are gathered, in a dictionary,
        // only for the few nodes that fired more than once.
        var firings = [Int32](repeating: 0, count: graph.count)
        for node in fired where reachable[node.index] { firings[node.index] += 1 }
        if firings.contains(where: { $0 > 1 }) {
            var steps: [NodeID: [Int]] = [:]
            for (step, node) in fired.enumerated() where firings[node.index] > 1 {
                steps[node, default: []].append(step + 1)
            }
            for node in fired where firings[node.index] > 1 {
                guard let nodeSteps = steps.removeValue(forKey: node) else { continue }
                findings.append(.order(node: node, .firedTwice(steps: nodeSteps)))
            }
        }
        let users = UserIndex(graph: graph)
        var hasFired = [Bool](repeating: false, count: graph.count)
        var judged = [Bool](repeating: false, count: graph.count)
        for (step, node) in fired.enumerated() {
            defer { hasFired[node.index] = true }
            guard reachable[node.index], !judged[node.index], firings[node.index] <= 1 else {
                continue
            }
            judged[node.index] = true
            let early = users.firstUser(of: node) { user in
                reachable[user.index] && !hasFired[user.index]
            }
            if let early {
                findings.append(.order(node: node, .firedEarly(step: step + 1, user: early)))
            }
        }
        for node in topologicalOrder.reversed()
        where !graph.isLeaf(node) && !hasFired[node.index] && !unjudgedGrad[node.index] {
            findings.append(.order(node: node, .neverFired))
        }
    }

    private mutating func judgeFinalGrads() {
        // Grad findings added below leave this as it is: asked once, not once a node.
        let valuesAgree = !findings.contains { $0.kind == .forward }
        for node in topologicalOrder.reversed()
        where !unjudgedGrad[node.index] && !coerced[node.index] {
            let yours = nodes.engineGrad(of: replay.captureID(of: node))
            let correct = gradients[node]
            if !finalGradAgrees(node, valuesAgree: valuesAgree) {
                let explained = node == replay.root && findings.contains { $0.kind == .seed }
                if !explained {
                    findings.append(.grad(node: node, yours: yours, correct: correct))
                }
            }
        }
    }

    /// Whether the engine's final grad of `node` agrees with its correct gradient; where no
    /// value was found wrong (`valuesAgree`), also where it agrees with the gradient the
    /// engine's own values call for (rounding the function amplified, a subgradient chosen at
    /// a kink).
    private func finalGradAgrees(_ node: NodeID, valuesAgree: Bool) -> Bool {
        guard let yours = nodes.engineGrad(of: replay.captureID(of: node)).double else {
            return false
        }
        if Tolerance.agrees(yours, gradients[node]) { return true }
        guard valuesAgree else { return false }
        let reference = reference[node]
        if Tolerance.agrees(yours, reference) { return true }
        // Rounding in arithmetic narrower than a double (`float32`), where the capture says so.
        let rounding = replay.gradRoundingRelative
        return rounding > 0 && yours.isFinite && reference.isFinite
            && Swift.abs(yours - reference)
                <= rounding * max(Swift.abs(yours), Swift.abs(reference))
    }

    /// Marks the operations whose grad the engine set to 0 after its pass, as PyTorch frees
    /// the grad of a non-leaf tensor (DeZero's are kept by the bridge as they fired): a final
    /// grad of exactly 0 where the correct one is not, on a node that fired (where the order
    /// is known), while the pass delivered grads to the leaves, which it could not have done
    /// through a grad that was 0 when it fired. A pass that delivered nothing (a seed of 0)
    /// frees nothing: its seed is judged.
    private mutating func markFreed() {
        guard raisedIn == nil else { return }
        var hasFired: [Bool]?
        if let fired {
            var flags = [Bool](repeating: false, count: graph.count)
            for node in fired { flags[node.index] = true }
            hasFired = flags
        }
        var candidates: [NodeID] = []
        var delivered = false
        for node in topologicalOrder where !unjudgedGrad[node.index] && !coerced[node.index] {
            let id = replay.captureID(of: node)
            guard let yours = nodes.engineGrad(of: id).double else { continue }
            if graph.isLeaf(node) {
                let change = yours - (nodes.gradsBefore[id] ?? 0)
                delivered = delivered || !Tolerance.agrees(change, 0)
            } else if yours == 0, !Tolerance.agrees(gradients[node], 0),
                !Tolerance.agrees(reference[node], 0), hasFired?[node.index] != false
            {
                candidates.append(node)
            }
        }
        guard delivered else { return }
        for node in candidates { unjudgedGrad[node.index] = true }
        freed = candidates
    }

    /// Whether the node's value is one the replay cannot compute with.
    private func unjudgedValue(_ node: NodeID) -> Bool {
        !valueUnjudged.isEmpty && valueUnjudged[node.index]
    }
}
