import AutogradCapture
import AutogradEngine

/// A capture written as the Python bridge writes one, from a short description: the tests
/// state the engine's numbers by hand, as a buggy or correct engine would have produced them.
struct CapturedNodeSpec {
    var id: Int
    var op: String?
    var label: String?
    var data: Double
    var grad: Double
    var gradBefore: Double?
    var children: [Int] = []
    var ordered = true
    var line: Int?
    /// `(child, local, mode)` per distinct child; `nil` for a node that was not probed.
    var probe: [(child: Int, local: Double?, mode: String)]?
    /// `made_by`'s JSON object, as the bridge writes it, when the node was made inside the
    /// engine.
    var madeBy: String?

    /// A leaf.
    static func leaf(_ id: Int, _ label: String?, data: Double, grad: Double) -> Self {
        CapturedNodeSpec(id: id, op: "", label: label, data: data, grad: grad)
    }

    /// An operation node whose `_backward` the bridge probed as `add` with the given locals.
    static func node(
        _ id: Int, _ op: String?, _ children: [Int], data: Double, grad: Double,
        locals: [Double], label: String? = nil, ordered: Bool = true
    ) -> Self {
        let distinct = children.enumerated().filter { position, child in
            !children[..<position].contains(child)
        }.map(\.element)
        return CapturedNodeSpec(
            id: id, op: op, label: label, data: data, grad: grad, children: children,
            ordered: ordered,
            probe: zip(distinct, locals).map { (child: $0, local: $1, mode: "add") })
    }

    var json: String {
        var fields = ["\"id\": \(id)"]
        fields.append("\"op\": " + (op.map(quoted) ?? "null"))
        fields.append("\"label\": " + (label.map(quoted) ?? "null"))
        fields.append("\"data\": \(number(data))")
        fields.append("\"grad\": \(number(grad))")
        if let gradBefore { fields.append("\"grad_before\": \(number(gradBefore))") }
        fields.append("\"children\": [\(children.map(String.init).joined(separator: ", "))]")
        fields.append("\"ordered\": \(ordered)")
        if let line { fields.append("\"file\": \"train.py\", \"line\": \(line)") }
        if let madeBy { fields.append("\"made_by\": " + madeBy) }
        if let probe {
            let entries = probe.map { entry in
                "{\"child\": \(entry.child), \"local\": \(entry.local.map(number) ?? "null"), \"mode\": \"\(entry.mode)\"}"
            }
            fields.append("\"probe\": [\(entries.joined(separator: ", "))]")
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

/// The whole document around one capture.
func captureDocument(
    root: Int, nodes: [CapturedNodeSpec], fired: [Int]? = nil, index: Int = 0,
    raised: String? = nil
) -> String {
    """
    {"format": "autograd-capture/1", "engine": "test.Value", "script": "train.py",
     "captures": [\(captureJSON(root: root, nodes: nodes, fired: fired, index: index, raised: raised))]}
    """
}

/// One capture's object.
func captureJSON(
    root: Int, nodes: [CapturedNodeSpec], fired: [Int]?, index: Int, raised: String? = nil
) -> String {
    let firedText = fired.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "null"
    let raisedText = raised.map { ", \"raised\": " + quoted($0) } ?? ""
    return """
        {"index": \(index), "call": {"file": "train.py", "line": 40}, "root": \(root),
         "nodes": [\(nodes.map(\.json).joined(separator: ",\n   "))],
         "fired": \(firedText)\(raisedText)}
        """
}

/// Reads and judges a one-capture document.
func review(root: Int, nodes: [CapturedNodeSpec], fired: [Int]? = nil, raised: String? = nil)
    throws -> Review
{
    let document = try CaptureReader.read(
        Array(captureDocument(root: root, nodes: nodes, fired: fired, raised: raised).utf8),
        path: "t.json")
    return Review(try Replay(document.captures[0]))
}

private func number(_ value: Double) -> String {
    if value.isNaN { return "\"nan\"" }
    if value.isInfinite { return value > 0 ? "\"inf\"" : "\"-inf\"" }
    return "\(value)"
}

private func quoted(_ text: String) -> String {
    var escaped = "\""
    for character in text {
        if character == "\"" || character == "\\" { escaped.append("\\") }
        escaped.append(character)
    }
    return escaped + "\""
}
