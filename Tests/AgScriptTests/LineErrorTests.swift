import AutogradEngine
import Testing

@testable import AgScript

@Suite("Read errors: one case per error, each with a message")
struct ReadErrorTests {
    /// Every case at least once, with both forms of an optional or a flag where the message
    /// differs.
    static let samples: [LineError] = [
        .semicolon,
        .unexpectedCharacter("×"),
        .unexpectedCharacter("\u{1B}"),
        .unterminatedString(quote: "'"),
        .unterminatedString(quote: "\""),
        .exponentWithoutDigits(number: "1e+"),
        .numberRunsIntoName(number: "2", name: "x"),
        .numberOverflows(number: "1e999"),
        .expectedStatement,
        .printWithoutParentheses,
        .nameAlone("x"),
        .callAlone("f"),
        .expectedEquals(after: "x", found: "the number 2"),
        .assignmentToReserved("tanh", role: .function),
        .assignmentToReserved("Value", role: .keyword),
        .valueWithoutNumber,
        .valueTakesNumber,
        .valueGivenName("x"),
        .valueGivenCall(.tanh, isMethod: false),
        .valueGivenCall(.tanh, isMethod: true),
        .expectedLabelArgument,
        .unclosedParenthesis,
        .expectedClosingParenthesis(found: "the end of the line"),
        .backwardWithoutValue,
        .expectedEqualsAfterLabel,
        .expectedQuotedLabel(name: "x"),
        .expectedParenthesesAfterBackward,
        .onlyLabelCanBeSet(attribute: "grad"),
        .valueLost(name: "x", attribute: "tanh"),
        .valueLost(name: "x", attribute: nil),
        .secondBackward(firstLine: 2),
        .unmatchedParenthesis,
        .expectedEndOfLine(found: "'('"),
        .functionNotCalled(.exp),
        .notOneArgument(.log),
        .expectedExpression(found: "'*'"),
        .expectedExpression(found: nil),
        .expectedOperator(found: "the number 2"),
        .expectedMethodName,
        .backwardMethodInExpression,
        .labelInExpression,
        .notAnOperation("sigmiod", suggestion: "sigmoid"),
        .notAnOperation("foo", suggestion: nil),
        .methodNotCalled(.relu),
        .methodWithArguments(.sqrt),
        .constantOverflows,
        .constantDividesByZero,
        .zeroToNegativePower,
        .constantNotReal,
        .truncatedEscape(letter: "x", digits: 2),
        .escapeNotACharacter(codePoint: 0xD800),
        .namedEscape,
        .notAMethod("backwrd", suggestion: "backward"),
        .undefinedName("wieght", suggestion: "weight"),
        .undefinedName("c", suggestion: nil),
        .valueCalled("x"),
        .notAFunction("tanhh", suggestion: "tanh"),
        .notAFunction("f", suggestion: nil),
        .backwardInExpression,
        .valueInExpression,
        .keywordArgumentNotLiteral("_op"),
        .listOutsideFor("params"),
        .updateOfOperation(name: "c", operation: "*"),
        .updateTerm(target: "w", found: "'b.grad'"),
        .updateNestsTooDeeply(limit: 100),
        .hyperparameterIsNode("lr"),
        .nestedLoop,
        .dataChangedOtherwise(name: "w"),
        .gradientSetToNonZero(name: "w"),
        .expectedInFor(expected: "'in'", found: "the end of the line"),
        .notAList("w"),
        .expectedList(found: "the number 2"),
        .listElementNotAName(found: "the number 2"),
        .listInList("params"),
        .expectedListSeparator(found: "'*'"),
        .emptyList,
        .unclosedBracket,
        .forBodyNotUpdate,
        .emptyForBlock,
        .unsupportedAssert,
        .constructorInExpression("Node"),
        .usedAfterUpdate(name: "x", updateLine: 2),
        .backwardAfterUpdate(updateLine: 3),
    ]

    /// How many cases `LineError` has.
    static let caseCount = 74

    /// The position of `error`'s case in its declaration: a switch without `default`, so a new
    /// case does not compile until it has a number here (and a sample above).
    static func ordinal(_ error: LineError) -> Int {
        switch error {
        case .semicolon: 0
        case .unexpectedCharacter: 1
        case .unterminatedString: 2
        case .exponentWithoutDigits: 3
        case .numberRunsIntoName: 4
        case .numberOverflows: 5
        case .expectedStatement: 6
        case .printWithoutParentheses: 7
        case .keywordArgumentNotLiteral: 8
        case .nameAlone: 9
        case .callAlone: 10
        case .expectedEquals: 11
        case .assignmentToReserved: 12
        case .valueWithoutNumber: 13
        case .valueTakesNumber: 14
        case .valueGivenName: 15
        case .valueGivenCall: 16
        case .expectedLabelArgument: 17
        case .unclosedParenthesis: 18
        case .expectedClosingParenthesis: 19
        case .backwardWithoutValue: 20
        case .expectedEqualsAfterLabel: 21
        case .expectedQuotedLabel: 22
        case .expectedParenthesesAfterBackward: 23
        case .onlyLabelCanBeSet: 24
        case .valueLost: 25
        case .secondBackward: 26
        case .unmatchedParenthesis: 27
        case .expectedEndOfLine: 28
        case .functionNotCalled: 29
        case .notOneArgument: 30
        case .expectedExpression: 31
        case .expectedOperator: 32
        case .expectedMethodName: 33
        case .backwardMethodInExpression: 34
        case .labelInExpression: 35
        case .notAnOperation: 36
        case .methodNotCalled: 37
        case .methodWithArguments: 38
        case .constantOverflows: 39
        case .undefinedName: 40
        case .valueCalled: 41
        case .notAFunction: 42
        case .backwardInExpression: 43
        case .valueInExpression: 44
        case .constantDividesByZero: 45
        case .zeroToNegativePower: 46
        case .constantNotReal: 47
        case .truncatedEscape: 48
        case .escapeNotACharacter: 49
        case .namedEscape: 50
        case .notAMethod: 51
        case .listOutsideFor: 52
        case .updateOfOperation: 53
        case .updateTerm: 54
        case .updateNestsTooDeeply: 55
        case .dataChangedOtherwise: 56
        case .gradientSetToNonZero: 57
        case .expectedInFor: 58
        case .notAList: 59
        case .expectedList: 60
        case .listElementNotAName: 61
        case .listInList: 62
        case .expectedListSeparator: 63
        case .emptyList: 64
        case .unclosedBracket: 65
        case .forBodyNotUpdate: 66
        case .emptyForBlock: 67
        case .unsupportedAssert: 68
        case .constructorInExpression: 69
        case .hyperparameterIsNode: 70
        case .nestedLoop: 71
        case .usedAfterUpdate: 72
        case .backwardAfterUpdate: 73
        }
    }

    @Test("the samples cover every case")
    func samplesCoverEveryCase() {
        #expect(Set(Self.samples.map(Self.ordinal)) == Set(0..<Self.caseCount))
    }

    @Test("every message is one line, not empty, and ends without a period", arguments: samples)
    func messageStyle(_ error: LineError) {
        let message = error.message
        #expect(!message.isEmpty)
        #expect(!message.hasSuffix("."))
        #expect(!message.contains("\n"))
        #expect(message.first?.isWhitespace == false && message.last?.isWhitespace == false)
    }

    @Test("a suggestion is the message's last words")
    func suggestionSuffix() {
        #expect(
            LineError.undefinedName("wieght", suggestion: "weight").message
                == "'wieght' is not defined; did you mean 'weight'?")
        #expect(LineError.undefinedName("c", suggestion: nil).message == "'c' is not defined")
    }
}
