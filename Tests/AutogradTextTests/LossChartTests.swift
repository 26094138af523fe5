import AutogradEngine
import AutogradText
import Testing

/// The expected charts were worked out by hand from the layout `LossChart` documents: each
/// loss's dot row is `round((loss - low) / (high - low) × (dot rows - 1))`, the epochs spread to
/// `round(i × (dot columns - 1) / (N - 1))` with the columns between interpolated, and the
/// comments give the rows each dot column ends up covering.
@Suite("Loss chart: the loss per epoch as braille, block or ASCII text")
struct LossChartTests {
    /// The lines of a chart, for comparing with the expected lines.
    private func chart(
        _ losses: [Double], _ style: LossChart.Style = .braille, width: Int, height: Int
    ) -> [String] {
        LossChart(losses: losses, style: style).lines(width: width, height: height)
    }

    @Test("a halving loss in braille: labels left, epochs below, dots joined into a line")
    func decreasingBraille() {
        // 8 cells = 16 dot columns by 16 dot rows; epochs at columns 0, 5, 10, 15 on rows
        // 15, 6, 2, 0; the columns between on 13 12 10 8 | 6 5 4 3 | 2 1 1 0; column 1 reaches
        // up to 14, 3 to 11, 4 to 9, 5 to 7, to touch the column before.
        let expected = [
            "1.0000 ┤⠱⡀      ",
            "       │ ⠘⡄     ",
            "       │  ⠘⠢⡀   ",
            "0.1250 ┤    ⠈⠒⠤⣀",
            "       └1──────4",
        ]
        #expect(chart([1, 0.5, 0.25, 0.125], width: 16, height: 5) == expected)
    }

    @Test("a halving loss in ASCII: a dot a cell in thirds, | where a column covers more")
    func decreasingASCII() {
        // 8 dot columns by 12 dot rows; epochs at columns 0, 2, 5, 7 on rows 11, 5, 2, 0;
        // between them 8 | 4 3 | 1; column 1 reaches up to 10, column 2 up to 7.
        let expected = [
            "1.0000 +'|      ",
            "       | '|     ",
            "       |  '-.   ",
            "0.1250 +     '-.",
            "       +1------4",
        ]
        #expect(chart([1, 0.5, 0.25, 0.125], .ascii, width: 16, height: 5) == expected)
        let lines = LossChart(losses: [1, 0.5, 0.25, 0.125], style: .ascii)
            .lines(width: 16, height: 5)
        #expect(lines.allSatisfy { $0.unicodeScalars.allSatisfy { (32..<127).contains($0.value) } })
    }

    @Test("a constant loss: one label, on the row of its line through the middle dot row")
    func constant() {
        // 16 dot rows; the middle one, rounding down, is row 7: the top dots of the third cell
        // row.
        let expected = [
            "       │        ",
            "       │        ",
            "0.5000 ┤⠉⠉⠉⠉⠉⠉⠉⠉",
            "       │        ",
            "       └1──────3",
        ]
        #expect(chart([0.5, 0.5, 0.5], width: 16, height: 5) == expected)
    }

    @Test("losses a few rounding errors apart are a constant series, not noise stretched tall")
    func nearlyConstant() {
        // 36, 36 + 1 ulp·4, 36 + 1 ulp·8: what three epochs with a tiny learning rate give.
        let nearly = [36.0, 36.000000000000014, 36.00000000000003]
        #expect(chart(nearly, width: 16, height: 5) == chart([36, 36, 36], width: 16, height: 5))
    }

    @Test("one loss: a dot at the first column, the axis reads 1 alone")
    func oneValue() {
        // 8 dot rows, the middle row 3 is the top dot of the second cell row.
        let expected = [
            "       │        ",
            "0.7000 ┤⠁       ",
            "       └1───────",
        ]
        #expect(chart([0.7], width: 16, height: 3) == expected)
        #expect(LossChart(losses: [0.7]).column(ofEpoch: 1, width: 16, height: 3) == 8)
    }

    @Test("NaN in the middle: left out of the scale, the line broken round it, ? on top")
    func nanInTheMiddle() {
        // Scale 0…3 over 12 dot rows: 3 at row 11, 1 at row 4, 0 at row 0; epoch 2 (NaN) at dot
        // column 5, cell 2; columns 11–14 between epochs 3 and 4 on rows 3 2 1 1.
        let expected = [
            "3.0000 ┤⠁ ?     ",
            "       │     ⡀  ",
            "0.0000 ┤     ⠈⠢⢄",
            "       └1──────4",
        ]
        #expect(chart([3, .nan, 1, 0], width: 16, height: 4) == expected)
    }

    @Test("an infinity is marked as NaN is and does not stretch the scale")
    func infinity() {
        #expect(
            chart([3, .infinity, 1, 0], width: 16, height: 4)
                == chart([3, .nan, 1, 0], width: 16, height: 4))
        #expect(
            chart([3, -.infinity, 1, 0], .ascii, width: 16, height: 4)
                == chart([3, .nan, 1, 0], .ascii, width: 16, height: 4))
    }

    /// 100 epochs: 1.0 for the first 50, 0.5 for the rest, and a spike to 2.0 at epoch 58.
    private let spiky: [Double] = (0..<100).map { $0 == 57 ? 2.0 : $0 < 50 ? 1.0 : 0.5 }

    @Test("100 epochs in 20 block columns: five epochs a bar, the spike's bar full height")
    func resampledBlocks() {
        // 16 eighths: 0.5 fills 1, 1.0 fills 6, 2.0 fills 16; epoch 58 is in column 11.
        let expected = [
            "2.0000 ┤           █        ",
            "0.5000 ┤▆▆▆▆▆▆▆▆▆▆▁█▁▁▁▁▁▁▁▁",
            "       └1────────────────100",
        ]
        #expect(chart(spiky, .blocks, width: 28, height: 3) == expected)
        #expect(
            LossChart(losses: spiky, style: .blocks).column(ofEpoch: 58, width: 28, height: 3) == 19
        )
    }

    @Test("100 epochs in 20 ASCII columns: each column spans its share's lowest to highest")
    func resampledASCII() {
        // 9 dot rows: 0.5 on row 0, 1.0 on row 3, 2.0 on row 8; column 10 reaches up to row 2
        // to meet column 9, column 11 spans 0…8 with the spike.
        let expected = [
            "2.0000 +           |        ",
            "       |.......... |        ",
            "0.5000 +          ||........",
            "       +1----------------100",
        ]
        #expect(chart(spiky, .ascii, width: 28, height: 4) == expected)
    }

    @Test("100 epochs in 20 braille cells: the spike's column reaches the top row")
    func resampledBraille() {
        let lines = LossChart(losses: spiky).lines(width: 28, height: 4)
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.displayWidth == 28 })
        let top = Array(lines[0])
        #expect(top[..<8] == Array("2.0000 ┤")[...])
        #expect(top[8...].filter { $0 != " " }.count == 1)
    }

    @Test("large losses: scientific labels widen the gutter, the plot takes what is left")
    func largeLosses() {
        // 24 dot columns by 8 dot rows, a straight line from row 7 to row 0.
        let expected = [
            "2.0000e+07 ┤⠉⠒⠢⠤⢄⣀      ",
            "1.0000e+07 ┤      ⠉⠑⠒⠢⠤⣀",
            "           └1──────────2",
        ]
        #expect(chart([2e7, 1e7], width: 24, height: 3) == expected)
    }

    @Test("small sizes drop the y-axis, then the x-axis, then the epoch labels")
    func smallSizes() {
        // One row of 10 dot columns by 4 dot rows: epochs at 0, 3, 6, 9 on rows 3, 1, 0, 0.
        #expect(chart([1, 0.5, 0.25, 0.125], width: 5, height: 1) == ["⠑⠢⠤⣀⣀"])
        #expect(chart([1, 0.5, 0.25, 0.125], width: 5, height: 2) == ["⠑⠢⠤⣀⣀", "1───4"])
        #expect(chart([1, 0.5, 0.25, 0.125], .ascii, width: 2, height: 2).last == "--")
        #expect(chart([1, 0.5], width: 0, height: 5).isEmpty)
        #expect(chart([1, 0.5], width: 5, height: 0).isEmpty)
    }

    @Test("nothing to draw: one line that says so, cut or padded to the width")
    func messages() {
        #expect(chart([], width: 16, height: 5) == ["no losses yet   "])
        #expect(chart([], width: 5, height: 5) == ["no lo"])
        #expect(
            chart([.nan, .infinity], width: 30, height: 5) == ["no finite loss in 2 epochs    "])
        #expect(LossChart(losses: []).column(ofEpoch: 1, width: 16, height: 5) == nil)
        #expect(LossChart(losses: [.nan]).column(ofEpoch: 1, width: 16, height: 5) == nil)
    }

    @Test("column(ofEpoch:) finds the cell that draws an epoch, after the gutter")
    func epochColumns() {
        let chart = LossChart(losses: [1, 0.5, 0.25, 0.125])
        #expect(chart.column(ofEpoch: 1, width: 16, height: 5) == 8)
        #expect(chart.column(ofEpoch: 2, width: 16, height: 5) == 10)
        #expect(chart.column(ofEpoch: 4, width: 16, height: 5) == 15)
        #expect(chart.column(ofEpoch: 0, width: 16, height: 5) == nil)
        #expect(chart.column(ofEpoch: 5, width: 16, height: 5) == nil)
        #expect(chart.column(ofEpoch: 4, width: 5, height: 1) == 4)
    }

    @Test("every size and series: at most height lines, each exactly width columns")
    func everySize() {
        let series: [[Double]] = [
            [], [1], [1, .nan], [.nan, 1, .infinity, 2], (1...50).map { 1 / Double($0) }, spiky,
            [-1e308, 1e308, 0], [0, .leastNonzeroMagnitude],
        ]
        for losses in series {
            for style in LossChart.Style.allCases {
                let chart = LossChart(losses: losses, style: style)
                for width in 0...30 {
                    for height in 0...5 {
                        let lines = chart.lines(width: width, height: height)
                        #expect(lines.count <= height)
                        #expect(lines.allSatisfy { $0.displayWidth == width })
                        for epoch in 0...losses.count + 1 {
                            if let column = chart.column(
                                ofEpoch: epoch, width: width, height: height)
                            {
                                #expect((0..<width).contains(column))
                            }
                        }
                    }
                }
            }
        }
    }
}
