import AutogradEngine

/// The `/` prompt: the text being typed while it is open, and the last query, which an empty
/// one repeats.
package struct Search: Sendable, Equatable {
    /// The text typed so far, `nil` while the prompt is closed.
    package private(set) var prompt: String?
    /// The last query submitted.
    package private(set) var lastQuery = ""

    /// A closed prompt with no query yet.
    package init() {}

    /// Opens the prompt, empty.
    package mutating func begin() { prompt = "" }

    /// The most characters the prompt holds: more than any label a pane shows
    /// (`Session.longestLabelShown`); the rest of a paste is dropped.
    package static let longestQuery = 256

    /// Types `character` into the open prompt, while it has room.
    package mutating func type(_ character: Character) {
        guard let typed = prompt, typed.count < Self.longestQuery else { return }
        prompt?.append(character)
    }

    /// Deletes the last character of the open prompt.
    package mutating func deleteBackward() {
        if prompt?.isEmpty == false { prompt?.removeLast() }
    }

    /// Closes the prompt without searching.
    package mutating func cancel() { prompt = nil }

    /// Closes the prompt and returns what to search for: what was typed, or the last query
    /// when nothing was; `nil` when there is nothing to search for.
    package mutating func submit() -> String? {
        let typed = prompt ?? ""
        prompt = nil
        let query = typed.isEmpty ? lastQuery : typed
        guard !query.isEmpty else { return nil }
        lastQuery = query
        return query
    }

    /// The first row after `row` (wrapping around) whose node matches `query`.
    package static func row(
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
