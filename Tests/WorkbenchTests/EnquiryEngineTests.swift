import Enquiries
import Testing

/// The enquiry engine on its own: figures from engine results, criteria from figures.
@Suite("Enquiry engine")
struct EnquiryEngineTests {
    static func evidence(_ title: String) -> EvidenceLog.Evidence {
        EvidenceLog.Evidence(kind: .measures, title: title, source: "s", recordedOn: .day("2025-01-01"), provenance: "", text: nil)
    }

    @Test func aMeasurementFileGivesMeansGainAndGainPerMonthOverPairedParticipants() throws {
        var item = Self.evidence("Reading")
        try EvidenceFigures.measures(before: ["A": 100, "B": 110, "C": 90], after: ["A": 127, "B": 137], file: "f.csv",
                                     measure: "reading age", key: "reading-age", from: "pre", to: "post", months: 7,
                                     into: &item)
        #expect(item.figures.map(\.key) == ["reading-age.before", "reading-age.after", "reading-age.gain",
                                             "reading-age.gain-per-month"])
        #expect(item.figures.map(\.value) == [105, 132, 27, 27.0 / 7])
        #expect(item.figures[3].provenance == "f.csv, 2 participants with both, over 7 months")
        #expect {
            try EvidenceFigures.measures(before: ["A": 1], after: ["B": 2], file: "f.csv", measure: "m", key: "m",
                                         from: "pre", to: "post", months: nil, into: &item)
        } throws: { "\($0)" == "f.csv: no participant has 'm' on both 'pre' and 'post'" }
    }

    @Test func theLatestEvidenceGivingTheMeasureDecidesACriterion() {
        var early = Self.evidence("Early"), late = Self.evidence("Late"), other = Self.evidence("Other")
        early.figures = [.init(key: "x.gain", label: "", value: 3, provenance: "")]
        late.figures = [.init(key: "x.gain", label: "", value: 1, provenance: "")]
        other.figures = [.init(key: "y.gain", label: "", value: 9, provenance: "")]
        let criterion = EvidenceLog.Criterion(description: "d", measure: "x.gain", comparison: .atLeast, threshold: 2,
                                              evidence: [early, late, other])
        #expect(criterion.status == .notMet && criterion.value == 1 && criterion.evidence == "Late")
        let none = EvidenceLog.Criterion(description: "d", measure: "z.gain", comparison: .below, threshold: 2,
                                         evidence: [early])
        #expect(none.status == .noData && none.value == nil)
        #expect(Comparison.atLeast.holds(0.5 - 1e-13, 0.5) && !Comparison.above.holds(0.5, 0.5))
    }
}
