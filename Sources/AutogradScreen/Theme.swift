/// The styles of the debugger's markers, in color or, when the terminal has no colors or
/// NO_COLOR is set, in monochrome attributes only. Every marker differs from the others in
/// both.
package struct Theme: Sendable {
    /// The title line.
    package let title: Style
    /// A pane's header line.
    package let header: Style
    /// The execution point: the node seeded or firing at this step.
    package let execution: Style
    /// A breakpoint marker.
    package let breakpoint: Style
    /// A gradient changed on this step.
    package let changedNow: Style
    /// A gradient changed earlier in the backward pass.
    package let changedBefore: Style
    /// A gradient nothing has added to yet.
    package let untouched: Style
    /// The marker of a gradient that is final.
    package let final: Style
    /// A node the root does not depend on.
    package let unused: Style
    /// NaN or an infinity.
    package let problem: Style
    /// The source line of the execution point.
    package let currentLine: Style
    /// Secondary text: line numbers, hints.
    package let faint: Style

    /// Colors and attributes.
    package static let color = Theme(
        title: Style(reverse: true), header: Style(foreground: .cyan, bold: true),
        execution: Style(foreground: .yellow, bold: true),
        breakpoint: Style(foreground: .red, bold: true),
        changedNow: Style(foreground: .green, bold: true), changedBefore: Style(foreground: .cyan),
        untouched: Style(dim: true), final: Style(foreground: .green), unused: Style(dim: true),
        problem: Style(foreground: .red, bold: true),
        currentLine: Style(foreground: .yellow, bold: true),
        faint: Style(dim: true))

    /// Attributes only: bold, dim, underline and reverse.
    package static let monochrome = Theme(
        title: Style(reverse: true), header: Style(bold: true), execution: Style(bold: true),
        breakpoint: Style(bold: true), changedNow: Style(bold: true, underline: true),
        changedBefore: Style.plain, untouched: Style(dim: true), final: Style.plain,
        unused: Style(dim: true), problem: Style(underline: true),
        currentLine: Style(bold: true), faint: Style(dim: true))
}

/// Text marks that tell the markers apart without any attribute at all.
package struct Marks: Sendable {
    /// In the breakpoint column.
    package let breakpoint: Character
    /// In the execution column.
    package let execution: Character
    /// A gradient that is final.
    package let final: Character
    /// A gradient still pending.
    package let pending: Character
    /// The selected source line.
    package let selectedLine: Character
    /// Where someone's engine disagrees with the correct number.
    package let wrong: Character
    /// A closed fold of the graph by line.
    package let closedFold: Character
    /// An open fold of the graph by line.
    package let openFold: Character

    /// The marks for a glyph set.
    package init(_ glyphs: GlyphSet) {
        switch glyphs {
        case .unicode:
            (breakpoint, execution, final, pending, selectedLine) = ("◆", "▶", "✓", "·", "›")
            wrong = "✗"
            (closedFold, openFold) = ("▸", "▾")
        case .ascii:
            (breakpoint, execution, final, pending, selectedLine) = ("*", ">", "=", ".", "-")
            wrong = "x"
            (closedFold, openFold) = ("+", "-")
        }
    }
}
