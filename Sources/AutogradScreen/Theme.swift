/// The styles of the debugger's markers, in color or, when the terminal has no colors or
/// NO_COLOR is set, in monochrome attributes only. Every marker differs from the others in
/// both.
public struct Theme: Sendable {
    /// The title line.
    public let title: Style
    /// A pane's header line.
    public let header: Style
    /// The execution point: the node seeded or firing at this step.
    public let execution: Style
    /// A breakpoint marker.
    public let breakpoint: Style
    /// A gradient changed on this step.
    public let changedNow: Style
    /// A gradient changed earlier in the backward pass.
    public let changedBefore: Style
    /// A gradient nothing has added to yet.
    public let untouched: Style
    /// The marker of a gradient that is final.
    public let final: Style
    /// A node the root does not depend on.
    public let unused: Style
    /// NaN or an infinity.
    public let problem: Style
    /// The source line of the execution point.
    public let currentLine: Style
    /// Secondary text: line numbers, hints.
    public let faint: Style

    /// Colors and attributes.
    public static let color = Theme(
        title: Style(reverse: true), header: Style(foreground: .cyan, bold: true),
        execution: Style(foreground: .yellow, bold: true),
        breakpoint: Style(foreground: .red, bold: true),
        changedNow: Style(foreground: .green, bold: true), changedBefore: Style(foreground: .cyan),
        untouched: Style(dim: true), final: Style(foreground: .green), unused: Style(dim: true),
        problem: Style(foreground: .red, bold: true),
        currentLine: Style(foreground: .yellow, bold: true),
        faint: Style(dim: true))

    /// Attributes only: bold, dim, underline and reverse.
    public static let monochrome = Theme(
        title: Style(reverse: true), header: Style(bold: true), execution: Style(bold: true),
        breakpoint: Style(bold: true), changedNow: Style(bold: true, underline: true),
        changedBefore: Style.plain, untouched: Style(dim: true), final: Style.plain,
        unused: Style(dim: true), problem: Style(underline: true),
        currentLine: Style(bold: true), faint: Style(dim: true))
}

/// Text marks that tell the markers apart without any attribute at all.
public struct Marks: Sendable {
    /// In the breakpoint column.
    public let breakpoint: Character
    /// In the execution column.
    public let execution: Character
    /// A gradient that is final.
    public let final: Character
    /// A gradient still pending.
    public let pending: Character
    /// The selected source line.
    public let selectedLine: Character
    /// Where someone's engine disagrees with the correct number.
    public let wrong: Character
    /// A closed fold of the graph by line.
    public let closedFold: Character
    /// An open fold of the graph by line.
    public let openFold: Character

    /// The marks for a glyph set.
    public init(_ glyphs: GlyphSet) {
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
