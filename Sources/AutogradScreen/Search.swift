import AutogradEngine

/// The `/` prompt: the text being typed while it is open, and the last query, which an empty
/// one repeats.
public struct Search: Sendable, Equatable {
    /// The text typed so far, `nil` while the prompt is closed.
    public private(set) var prompt: String?
    /// The last query submitted.
    public private(set) var lastQuery = ""

    /// A closed prompt with no query yet.
    public init() {}

    /// Opens the prompt, empty.
    public mutating func begin() { prompt = "" }

    /// The most characters the prompt holds: more than any label a pane shows
    /// (`Session.longestLabelShown`); the rest of a paste is dropped.
    public static let longestQuery = 256

    /// Types `character` into the open prompt, while it has room.
    public mutating func type(_ character: Character) {
        guard let typed = prompt, typed.count < Self.longestQuery else { return }
        prompt?.append(character)
    }

    /// Deletes the last character of the open prompt.
    public mutating func deleteBackward() {
        if prompt?.isEmpty == false { prompt?.removeLast() }
    }

    /// Closes the prompt without searching.
    public mutating func cancel() { prompt = nil }

    /// Closes the prompt and returns what to search for: what was typed, or the last query
    /// when nothing was; `nil` when there is nothing to search for.
    public mutating func submit() -> String? {
        let typed = prompt ?? ""
        prompt = nil
        let query = typed.isEmpty ? lastQuery : typed
        guard !query.isEmpty else { return nil }
        lastQuery = query
        return query
    }

    /// The first row after `row` (wrapping around) whose node matches `query`.
    public static func row(
        matching query: String, after row: Int, in layout: DagLayout, graph: Graph
    ) -> Int? {
        let search = LabelSearch(query)
        let count = layout.rows.count
        for offset in 1...max(1, count) {
            let candidate = (row + offset) % count
            let node = layout.rows[candidate]
            if search.matches(node, label: graph.label(of: node)) { return candidate }
        }
        return nil
    }
}
