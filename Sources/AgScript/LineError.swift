import AutogradEngine

/// Why a line of an `.ag` file could not be read, with what the message needs to say so.
///
/// The lexer and the builder throw one of these with the byte offset it is about; `message`
/// makes the sentence a diagnostic shows only when it is reported. Messages start in lower
/// case and end without a period.
enum LineError: Equatable {
    /// What a reserved name is, for "cannot assign to …".
    enum ReservedRole: Equatable {
        /// One of the functions: `tanh`, `exp`, ….
        case function
        /// `backward` or `Value`.
        case keyword
    }

    // MARK: Lexical errors

    /// A `;`, as in `x = 1.0; y = 2.0`.
    case semicolon
    /// A character no token starts with.
    case unexpectedCharacter(Unicode.Scalar)
    /// A string whose closing `quote` is missing.
    case unterminatedString(quote: Unicode.Scalar)
    /// A number such as `1e+`, whose exponent has no digits.
    case exponentWithoutDigits(number: String)
    /// A number that runs into a name, as in `2x`.
    case numberRunsIntoName(number: String, name: String)
    /// A number literal too large for a double.
    case numberOverflows(number: String)
    /// `\x`, `\u` or `\U` without its `digits` hexadecimal digits.
    case truncatedEscape(letter: Character, digits: Int)
    /// An escape whose code point is no character (a surrogate, or beyond U+10FFFF).
    case escapeNotACharacter(codePoint: UInt32)
    /// `\N{…}`, which needs Unicode's names.
    case namedEscape

    // MARK: Statements

    /// A line that starts with something other than a name.
    case expectedStatement
    /// `print x`, Python 2's print, which Python 3 (and `.ag`) reads as no statement.
    case printWithoutParentheses
    /// A name alone on its line.
    case nameAlone(String)
    /// `name(…)` alone on its line.
    case callAlone(String)
    /// A name followed by something other than `=` or `.`.
    case expectedEquals(after: String, found: String)
    /// An assignment to a function's name or a keyword.
    case assignmentToReserved(String, role: ReservedRole)
    /// `Value()` with nothing in it.
    case valueWithoutNumber
    /// `Value(…)` whose argument is not a number (names and calls have cases of their own).
    case valueTakesNumber
    /// `Value(x)` given the name `x`.
    case valueGivenName(String)
    /// `Value(…)` given a call of `function`, written `.function()` when `isMethod`.
    case valueGivenCall(Op, isMethod: Bool)
    /// `Value(2.0, …)` where `label='text'` should follow the comma.
    case expectedLabelArgument
    /// A `(` the line ends before closing.
    case unclosedParenthesis
    /// Something other than `)` where `Value(…)` should close.
    case expectedClosingParenthesis(found: String)
    /// `backward` with nothing after it.
    case backwardWithoutValue
    /// `NAME.label` not followed by `=`.
    case expectedEqualsAfterLabel
    /// `NAME.label =` not followed by a string.
    case expectedQuotedLabel(name: String)
    /// `NAME.backward` not followed by `()`.
    case expectedParenthesesAfterBackward
    /// `NAME.attribute = …` for an attribute other than `label`.
    case onlyLabelCanBeSet(attribute: String)
    /// `NAME.attribute…` alone on its line; `attribute` is `nil` when no name follows the dot.
    case valueLost(name: String, attribute: String?)
    /// A second `backward` statement; the first is on `firstLine`.
    case secondBackward(firstLine: Int)
    /// A `)` with no `(` of its own.
    case unmatchedParenthesis
    /// Something after a complete statement.
    case expectedEndOfLine(found: String)
    /// A keyword argument of a leaf constructor whose value is not a literal.
    case keywordArgumentNotLiteral(String)

    // MARK: Training and expectations

    /// A list (`params`) used where a value is needed.
    case listOutsideFor(String)
    /// An update of `name`, bound to a node computed by `operation`.
    case updateOfOperation(name: String, operation: String)
    /// `name` used in an expression after its update on `updateLine`, which runs after the
    /// backward pass: Python would use the updated value.
    case usedAfterUpdate(name: String, updateLine: Int)
    /// A backward pass after the update on `updateLine`, which would run before it in Python.
    case backwardAfterUpdate(updateLine: Int)
    /// An update of `target` whose right side uses `found` (described), which is neither a
    /// number, nor a name bound to a plain number, nor `target.grad`.
    case updateTerm(target: String, found: String)
    /// An update's right side nested deeper than `limit` operations.
    case updateNestsTooDeeply(limit: Int)
    /// A name an update reads as a number that the file also updates.
    case hyperparameterIsNode(String)
    /// `NAME.data` followed by something other than `+=` or `-=`.
    case dataChangedOtherwise(name: String)
    /// `NAME.grad` set to something other than 0, or changed by `+=` (…).
    case gradientSetToNonZero(name: String)
    /// A `for` whose parts are out of place: `expected` is what should come next.
    case expectedInFor(expected: String, found: String)
    /// A `for` over the value `name`, which is not a list.
    case notAList(String)
    /// A `for` over something that is neither a list nor a name.
    case expectedList(found: String)
    /// A list element that is not a name.
    case listElementNotAName(found: String)
    /// A list element that is itself a list.
    case listInList(String)
    /// Something other than `,` or `]` after a list element.
    case expectedListSeparator(found: String)
    /// `[]`.
    case emptyList
    /// A `[` the line ends before closing.
    case unclosedBracket
    /// A `for` body that is neither an update nor a zeroing.
    case forBodyNotUpdate
    /// A `for` in a loop's body.
    case nestedLoop
    /// A `for` line ending in `:` with no indented line after it.
    case emptyForBlock
    /// An `assert` of a form the reader does not check.
    case unsupportedAssert

    // MARK: Expressions

    /// A function named without being called, as in `y = tanh`.
    case functionNotCalled(Op)
    /// A call of `function` with no argument, or more than one.
    case notOneArgument(Op)
    /// Something other than an operand where one should be; `found` is `nil` when the whole
    /// expression is missing.
    case expectedExpression(found: String?)
    /// Something other than an operator after an operand.
    case expectedOperator(found: String)
    /// A `.` not followed by a name.
    case expectedMethodName
    /// `.backward()` inside an expression.
    case backwardMethodInExpression
    /// `.label` inside an expression.
    case labelInExpression
    /// `.name()` where `name` is not an operation; `suggestion` is a close one.
    case notAnOperation(String, suggestion: String?)
    /// `x.name()` on its own line, where `name` is neither a function nor `backward`.
    case notAMethod(String, suggestion: String?)
    /// `.function` without `()`.
    case methodNotCalled(Op)
    /// `.function(…)` with something between the parentheses.
    case methodWithArguments(Op)
    /// Constant arithmetic whose finite operands give an infinite result.
    case constantOverflows
    /// A constant divided by zero (Python raises ZeroDivisionError).
    case constantDividesByZero
    /// `0 ** k` with a negative `k` (Python raises ZeroDivisionError).
    case zeroToNegativePower
    /// A negative constant raised to a fractional power, which Python makes complex.
    case constantNotReal

    // MARK: Names

    /// A name that is not bound; `suggestion` is a close one that is.
    case undefinedName(String, suggestion: String?)
    /// `name(…)` where `name` is a value.
    case valueCalled(String)
    /// `name(…)` where `name` is neither a function nor bound; `suggestion` is a close function.
    case notAFunction(String, suggestion: String?)
    /// `backward` inside an expression.
    case backwardInExpression
    /// `Value(…)` inside a larger expression.
    case valueInExpression
    /// A leaf constructor other than `Value` (`Node(…)`, `value(…)`) inside a larger expression.
    case constructorInExpression(String)

    /// The sentence a diagnostic shows.
    var message: String {
        switch self {
        case .semicolon:
            return "unexpected ';': write one statement per line"
        case .unexpectedCharacter(let scalar):
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            if scalar.isControlCharacter { return "unexpected character \(code)" }
            return "unexpected character '\(String(scalar))' (\(code))"
        case .unterminatedString(let quote):
            return "unterminated string: it needs a closing \(String(quote))"
        case .exponentWithoutDigits(let number):
            return "invalid number '\(number)': the exponent needs digits"
        case .numberRunsIntoName(let number, let name):
            return "invalid number '\(number)\(name)'; write '\(number) * \(name)' to multiply"
        case .numberOverflows(let number):
            return "the number \(number) overflows a 64-bit float"
        case .truncatedEscape(let letter, let digits):
            return "truncated \\\(letter) escape: it needs \(digits) hexadecimal digits"
        case .escapeNotACharacter(let codePoint):
            return
                "the escape U+\(String(codePoint, radix: 16, uppercase: true)) is not a character"
        case .namedEscape:
            return "\\N{…} escapes are not supported: write the character itself"
        case .expectedStatement:
            return "expected a statement such as 'x = 2.0' or 'backward x'"
        case .printWithoutParentheses:
            return "print is a function: write print(...), or leave the line out"
        case .nameAlone(let name):
            return "'\(name)' alone does nothing: write 'backward \(name)' to differentiate it"
        case .callAlone(let name):
            return "a call on its own line is lost: assign it, as in 'y = \(name)(…)'"
        case .expectedEquals(let name, let found):
            return "expected '=' after '\(name)', found \(found)"
        case .assignmentToReserved(let name, let role):
            let what =
                switch role {
                case .function: "a function"
                case .keyword: "a keyword"
                }
            return "cannot assign to '\(name)': it is \(what)"
        case .valueWithoutNumber:
            return "Value() needs a number, as in Value(2.0)"
        case .valueTakesNumber:
            return "Value() takes a number"
        case .valueGivenName(let name):
            return "Value() takes a number, not the name '\(name)'"
        case .valueGivenCall(let function, let isMethod):
            let call = isMethod ? ".\(function.spelling)()" : "\(function.spelling)()"
            return "Value() takes a number, not a call of \(call)"
        case .expectedLabelArgument:
            return "expected label='text' after ','"
        case .unclosedParenthesis:
            return "'(' was never closed"
        case .expectedClosingParenthesis(let found):
            return "expected ')', found \(found)"
        case .backwardWithoutValue:
            return "expected the value to differentiate after 'backward'"
        case .expectedEqualsAfterLabel:
            return "expected '=' after '.label'"
        case .expectedQuotedLabel(let name):
            return "expected a quoted label, as in \(name).label = '\(name)'"
        case .expectedParenthesesAfterBackward:
            return "expected '()' after '.backward'"
        case .onlyLabelCanBeSet(let attribute):
            return "only '.label' can be set, not '.\(attribute)'"
        case .valueLost(let name, let attribute):
            let shown = attribute.map { "\(name).\($0)()" } ?? "\(name)…"
            return "a value computed on its own line is lost: assign it, as in 'y = \(shown)'"
        case .secondBackward(let firstLine):
            return "a second backward statement: the first is on line \(firstLine)"
        case .unmatchedParenthesis:
            return "unmatched ')'"
        case .expectedEndOfLine(let found):
            return "expected the end of the line, found \(found)"
        case .keywordArgumentNotLiteral(let name):
            return
                "'\(name)=' is ignored here, so its value must be a literal: a number, a string, True, False, None, () or []"
        case .listOutsideFor(let name):
            return "'\(name)' is a list: use it only in a loop, as in 'for p in \(name):'"
        case .usedAfterUpdate(let name, let updateLine):
            return
                "'\(name)' is used after its update on line \(updateLine), but updates run after the backward pass: Python would use the new value here; move the update after the backward pass"
        case .backwardAfterUpdate(let updateLine):
            return
                "the backward pass comes after the update on line \(updateLine), but updates run after it: move the update after the backward pass"
        case .updateOfOperation(let name, let operation):
            return
                "only leaves can be updated: '\(name)' is computed by '\(operation)' from other values"
        case .updateTerm(let target, let found):
            return
                "an update of '\(target)' is built from numbers, names bound to plain numbers and '\(target).grad', not \(found)"
        case .updateNestsTooDeeply(let limit):
            return "this update nests too deeply: at most \(limit) operations"
        case .hyperparameterIsNode(let name):
            return
                "'\(name)' is updated by this file, so an update cannot read it as a number: bind the number to a name of its own that nothing updates (rate = 0.05)"
        case .dataChangedOtherwise(let name):
            return
                "'\(name).data' changes only by an update: '\(name).data += …' or '\(name).data -= …'"
        case .gradientSetToNonZero(let name):
            return
                "a gradient can only be zeroed, as in '\(name).grad = 0': the backward pass computes it"
        case .expectedInFor(let expected, let found):
            return "expected \(expected) in 'for p in params:', found \(found)"
        case .notAList(let name):
            return
                "'\(name)' is a value, not a list: a loop runs over a list, as in 'for p in [w, b]:'"
        case .expectedList(let found):
            return "expected a list after 'in', as in 'for p in [w, b]:', found \(found)"
        case .listElementNotAName(let found):
            return "a list holds names bound to values, as in [w, b], not \(found)"
        case .listInList(let name):
            return "'\(name)' is a list: a list holds values, not lists"
        case .expectedListSeparator(let found):
            return "expected ',' or ']' in the list, found \(found)"
        case .emptyList:
            return "an empty list: a list needs at least one value, as in [w, b]"
        case .unclosedBracket:
            return "'[' was never closed"
        case .forBodyNotUpdate:
            return
                "a loop's body is an update ('p.data -= lr * p.grad') or a zeroing ('p.grad = 0')"
        case .nestedLoop:
            return
                "loops do not nest: a loop's body is an update or a zeroing; put every node in one list instead ('for p in [w, b, c]:')"
        case .emptyForBlock:
            return
                "the loop has no body: write it after ':' or on the next lines, indented deeper than 'for'"
        case .unsupportedAssert:
            return
                "an assert is 'assert x.grad == 4.0' or 'assert abs(x.grad - 4.0) < 1e-6' (or x.data)"
        case .functionNotCalled(let function):
            let name = function.spelling
            return "'\(name)' is a function: call it as \(name)(x)"
        case .notOneArgument(let function):
            return "\(function.spelling)() takes exactly one argument"
        case .expectedExpression(let found):
            guard let found else { return "expected an expression" }
            return "expected an expression, found \(found)"
        case .expectedOperator(let found):
            return "expected an operator or the end of the line, found \(found)"
        case .expectedMethodName:
            return "expected a method name after '.'"
        case .backwardMethodInExpression:
            return "'.backward()' is a statement of its own: write 'x.backward()' on its own line"
        case .labelInExpression:
            return "'.label' is set on its own line: x.label = 'text'"
        case .notAMethod(let name, let suggestion):
            return "'\(name)' is not a method\(Self.hint(suggestion))"
        case .notAnOperation(let name, let suggestion):
            return "'\(name)' is not an operation\(Self.hint(suggestion))"
        case .methodNotCalled(let function):
            let name = function.spelling
            return "'.\(name)' is a method: call it as .\(name)()"
        case .methodWithArguments(let function):
            return "'.\(function.spelling)()' takes no arguments"
        case .constantOverflows:
            return "this constant overflows a 64-bit float"
        case .constantDividesByZero:
            return "this constant divides by zero"
        case .zeroToNegativePower:
            return "0 raised to a negative power divides by zero"
        case .constantNotReal:
            return
                "a negative number raised to a fractional power is not a real number (Python makes it complex)"
        case .undefinedName(let name, let suggestion):
            return "'\(name)' is not defined\(Self.hint(suggestion))"
        case .valueCalled(let name):
            return "'\(name)' is a value, not a function"
        case .notAFunction(let name, let suggestion):
            return "'\(name)' is not a function\(Self.hint(suggestion))"
        case .backwardInExpression:
            return "'backward' starts a statement of its own, as in 'backward x'"
        case .valueInExpression:
            return "Value(...) may only form a whole right-hand side, as in 'x = Value(2.0)'"
        case .constructorInExpression(let name):
            return "\(name)(...) may only form a whole right-hand side, as in 'x = \(name)(2.0)'"
        }
    }

    /// The message suffix `; did you mean 'x'?`, or nothing.
    private static func hint(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
}
