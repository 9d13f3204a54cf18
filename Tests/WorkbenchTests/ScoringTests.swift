import PluginHost
import Scoring
import Testing
import WorkbenchKit

@Suite("Scoring")
struct ScoringTests {
    static func builtin(_ id: String) throws -> Questionnaire {
        let registry = try PluginRegistry.load(PluginSources())
        return try #require((try registry.entry(id).plugin as? any QuestionnairePlugin)?.questionnaire)
    }

    static func answers(_ values: [Int?]) -> [String: String] {
        var answers: [String: String] = [:]
        for (index, value) in values.enumerated() { if let value { answers["q\(index + 1)"] = String(value) } }
        return answers
    }

    @Test func tsesLongFormOracle() throws {
        // INSTRUMENTS.md §5.6: SE 49/8, IS 55/8, CM 47/8, total 151/24.
        let scorer = QuestionnaireScorer(try Self.builtin("tses-long"))
        let responses = [7, 6, 5, 8, 7, 6, 7, 8, 6, 7, 7, 5, 6, 6, 5, 7, 6, 7, 5, 8, 4, 5, 7, 6]
        let card = scorer.score(participant: "T1", answers: Self.answers(responses))
        #expect(close(card.scores["SE"]!!, 49.0 / 8))
        #expect(close(card.scores["IS"]!!, 55.0 / 8))
        #expect(close(card.scores["CM"]!!, 47.0 / 8))
        #expect(close(card.scores["TSES"]!!, 151.0 / 24))
        #expect(card.prorated.isEmpty)
        // Items 12 and 22 missing: SE = mean(7,6,8,6,6,6) = 6.5 under the 75% rule (6 of 8 answered).
        var missing: [Int?] = responses
        missing[11] = nil
        missing[21] = nil
        let partial = scorer.score(participant: "T1", answers: Self.answers(missing))
        #expect(close(partial.scores["SE"]!!, 6.5))
        #expect(partial.prorated.contains("SE"))
        // A third SE item missing leaves 5 of 8: below 75%, so SE is missing.
        missing[0] = nil
        #expect(scorer.score(participant: "T1", answers: Self.answers(missing)).scores["SE"]! == nil)
    }

    @Test func tsesShortFormOracleUnderBothKeys() throws {
        // INSTRUMENTS.md §5.6: key A SE 6.0, IS 7.5, CM 5.0; key B SE 5.25, IS 7.5, CM 5.75; total 74/12.
        let responses = [5, 6, 7, 6, 8, 5, 4, 6, 7, 8, 5, 7]
        let a = QuestionnaireScorer(try Self.builtin("tses-short")).score(participant: "T", answers: Self.answers(responses))
        let b = QuestionnaireScorer(try Self.builtin("tses-short.key-b")).score(participant: "T",
                                                                                answers: Self.answers(responses))
        #expect(close(a.scores["SE"]!!, 6.0) && close(a.scores["IS"]!!, 7.5) && close(a.scores["CM"]!!, 5.0))
        #expect(close(b.scores["SE"]!!, 5.25) && close(b.scores["IS"]!!, 7.5) && close(b.scores["CM"]!!, 5.75))
        #expect(close(a.scores["TSES"]!!, 74.0 / 12) && close(b.scores["TSES"]!!, 74.0 / 12))
    }

    static let psychCase = Questionnaire(
        scales: [ResponseScale(id: "five", min: 1, max: 5, options: (1...5).map {
            ResponseScale.Option(code: "\($0)", label: "\($0)", score: Double($0))
        })],
        items: (1...4).map { Questionnaire.Item(id: "i\($0)", scale: "five") },
        subscales: [Questionnaire.Subscale(id: "s", label: "S", minimumAnswered: .count(1), items: [
            .init(item: "i1"), .init(item: "i2", reverse: true), .init(item: "i3"), .init(item: "i4"),
        ])])

    static let psychRows: [[String: String]] = [
        ["i1": "4", "i2": "5", "i3": "4", "i4": "5"], ["i1": "3", "i3": "4", "i4": "3"], ["i3": "5", "i4": "4"],
        ["i1": "2", "i2": "3", "i3": "2"], ["i1": "5", "i2": "1", "i3": "5", "i4": "4"],
    ]

    @Test func reverseKeyingAndMeanOfAvailableItemsMatchPsych() {
        // INSTRUMENTS.md §5.4: psych 2.2.9 scoreItems(impute="none") → 3.5, 3.333333333, 4.5, 2.333333333, 4.75.
        let scorer = QuestionnaireScorer(Self.psychCase)
        let scores = Self.psychRows.map { scorer.score(participant: "p", answers: $0).scores["s"]!! }
        for (score, expected) in zip(scores, [3.5, 10.0 / 3, 4.5, 7.0 / 3, 4.75]) { #expect(close(score, expected)) }
    }

    @Test func theMinimumAnsweredRuleMakesAScoreMissing() {
        // Same data with a ≥ 75% rule: the third respondent (2 of 4 answered) has no score.
        var questionnaire = Self.psychCase
        questionnaire.subscales[0].minimumAnswered = .proportion(0.75)
        let scorer = QuestionnaireScorer(questionnaire)
        let scores = Self.psychRows.map { scorer.score(participant: "p", answers: $0).scores["s"]! }
        #expect(scores[2] == nil)
        #expect(scores.compactMap { $0 }.count == 4)
    }

    @Test func missingCodesAndConditionsScoreNothing() throws {
        let survey = try Self.builtin("staff-enquiry-survey")
        let scorer = QuestionnaireScorer(survey)
        // "9" is "Prefer not to say": missing. su4 is reverse keyed: 6 − 2 = 4.
        let card = scorer.score(participant: "p", answers: ["su1": "4", "su2": "9", "su3": "5", "su4": "2"])
        #expect(close(card.scores["understanding"]!!, (4 + 5 + 4) / 3.0))
        #expect(card.scores["trust"]! == nil)
        // Bands are declared on the overall score: 1–2.49 low, 2.5–3.49 mixed, 3.5–5 high.
        let full = scorer.score(participant: "q", answers: ["su1": "4", "su2": "4", "su3": "4", "su4": "2", "tr1": "4",
                                                            "tr2": "4", "tr3": "4", "tr4": "2", "ev1": "4", "ev2": "4"])
        #expect(full.bands["overall"] == "high")
        var conditional = Self.psychCase
        conditional.items[3].condition = Questionnaire.Condition(item: "i1", op: .equals, value: "5")
        let gated = QuestionnaireScorer(conditional)
        #expect(!gated.isShown("i4", answers: ["i1": "4"]))
        #expect(gated.itemScore(.init(item: "i4"), answers: ["i1": "4", "i4": "5"]) == nil)
        #expect(gated.itemScore(.init(item: "i4"), answers: ["i1": "5", "i4": "5"]) == 5)
    }

    @Test func auditMediansAreRealLevels() throws {
        let registry = try PluginRegistry.load(PluginSources())
        let matrix = try #require((try registry.entry("tsa-maturity-matrix").plugin as? any MaturityMatrixPlugin)?.matrix)
        let strand = "partnership.high_social_capital"
        let judgements = ["beginning", "embedding", "developing", "leading"].enumerated().map {
            StrandJudgement(strand: strand, occasion: "autumn", level: $1, respondent: "R\($0)")
        } + [StrandJudgement(strand: strand, occasion: "summer", level: "embedding", respondent: nil)]
        let results = AuditSummary.results(judgements, matrix: matrix, occasions: ["autumn", "summer"])
        #expect(results.count == 2)
        #expect(results[0].n == 4)
        #expect(results[0].median.id == "developing")  // lower median of ranks 1, 2, 3, 4
        #expect(results[0].lowest.id == "beginning" && results[0].highest.id == "leading")
        #expect(results[1].median.id == "embedding")
    }
}
