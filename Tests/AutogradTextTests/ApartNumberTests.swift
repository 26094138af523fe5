import AutogradText
import Testing

@Suite struct ApartNumberTests {
    @Test("two numbers that disagree never read the same")
    func apart() {
        // 0.64690001 and 0.64690004 both read 0.6469 in four decimals.
        let close = NumberFormat.apart(0.64690001, 0.64690004)
        #expect(close.yours != close.correct)
        #expect(close.yours == "0.64690001")
        #expect(close.correct == "0.64690004")
        #expect(close.relative == "4.6e-08")
        // Four decimals that tell them apart are kept, with no relative difference.
        let far = NumberFormat.apart(0.9640, 0.0707)
        #expect(far.yours == "0.9640")
        #expect(far.correct == "0.0707")
        #expect(far.relative == nil)
        // Neighbouring doubles need all 17 digits.
        let next = NumberFormat.apart(1.0, 1.0.nextUp)
        #expect(next.yours != next.correct)
    }
}
