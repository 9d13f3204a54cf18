import Statistics
public import WorkbenchKit

/// Scores of one questionnaire on one occasion.
public struct ScoreReport: Sendable {
    public var instrument: PluginDescriptor
    public var occasion: String
    /// (id, label) of every subscale and composite, in the instrument's order.
    public var definitions: [(id: String, label: String)]
    public var cards: [ScoreCard]

    public init(instrument: PluginDescriptor, occasion: String, definitions: [(id: String, label: String)],
                cards: [ScoreCard]) {
        self.instrument = instrument
        self.occasion = occasion
        self.definitions = definitions
        self.cards = cards
    }
}

/// Cronbach's α of one subscale or composite.
public struct ReliabilityRow: Sendable, Codable {
    public var subscale: String
    public var label: String
    public var k: Int
    /// Respondents used (see ``MissingDataPolicy``).
    public var n: Int
    /// Nil when α is undefined (fewer than two respondents, or no variance).
    public var alpha: Double?

    public init(subscale: String, label: String, k: Int, n: Int, alpha: Double?) {
        self.subscale = subscale
        self.label = label
        self.k = k
        self.n = n
        self.alpha = alpha
    }
}

/// Before/after comparison of one score over participants with both scores.
public struct ComparisonRow: Sendable, Codable {
    public var subscale: String
    public var label: String
    public var n: Int
    public var meanBefore: Double?
    public var meanAfter: Double?
    public var meanDifference: Double?
    public var sdDifference: Double?
    public var t: Double?
    public var df: Int?
    public var p: Double?
    public var wilcoxon: WilcoxonResult?
    public var cohenDz: Double?
    public var hedgesGz: Double?
    /// The change one person needs for reliable change at 95%, from the instrument's published norms.
    public var reliableChange: Double?
    /// Participants whose change is at least ``reliableChange`` up / down.
    public var reliablyImproved: Int?
    public var reliablyDeclined: Int?
    /// Each participant's before and after score, for plots.
    public var pairs: [Pair]

    public init(subscale: String, label: String, n: Int, meanBefore: Double? = nil, meanAfter: Double? = nil,
                meanDifference: Double? = nil, sdDifference: Double? = nil, t: Double? = nil, df: Int? = nil,
                p: Double? = nil, wilcoxon: WilcoxonResult? = nil, cohenDz: Double? = nil, hedgesGz: Double? = nil,
                reliableChange: Double? = nil, reliablyImproved: Int? = nil, reliablyDeclined: Int? = nil,
                pairs: [Pair] = []) {
        self.subscale = subscale
        self.label = label
        self.n = n
        self.meanBefore = meanBefore
        self.meanAfter = meanAfter
        self.meanDifference = meanDifference
        self.sdDifference = sdDifference
        self.t = t
        self.df = df
        self.p = p
        self.wilcoxon = wilcoxon
        self.cohenDz = cohenDz
        self.hedgesGz = hedgesGz
        self.reliableChange = reliableChange
        self.reliablyImproved = reliablyImproved
        self.reliablyDeclined = reliablyDeclined
        self.pairs = pairs
    }

    public struct WilcoxonResult: Sendable, Codable {
        /// min(W⁺, W⁻), as SciPy reports it.
        public var statistic: Double
        public var wPlus: Double
        public var wMinus: Double
        public var p: Double
        public var method: String
        public var zerosDropped: Int
    }

    public struct Pair: Sendable, Codable {
        public var participant: String
        public var before: Double
        public var after: Double

        public init(participant: String, before: Double, after: Double) {
            self.participant = participant
            self.before = before
            self.after = after
        }
    }
}


extension ComparisonRow {
    /// One row per score: participants scored on both occasions, paired statistics, effect sizes,
    /// and the reliable-change threshold where `norms` give an SD and α for the score.
    public static func rows(before first: ScoreReport, after second: ScoreReport,
                            norms: [Questionnaire.Norm]) -> [ComparisonRow] {
        let later = Dictionary(second.cards.map { ($0.participant, $0) }, uniquingKeysWith: { first, _ in first })
        return first.definitions.map { definition in
        var pairs: [ComparisonRow.Pair] = []
        for card in first.cards {
            guard let x = card.scores[definition.id] ?? nil,
                  let y = later[card.participant]?.scores[definition.id] ?? nil else { continue }
            pairs.append(ComparisonRow.Pair(participant: card.participant, before: x, after: y))
        }
        let xs = pairs.map(\.before), ys = pairs.map(\.after)
        let t = PairedTTest(before: xs, after: ys)
        let wilcoxon = WilcoxonSignedRank(before: xs, after: ys)
        let effect = t.map(PairedEffectSize.init)
        let norm = norms.first { $0.score == definition.id }
        let threshold = norm.flatMap { norm in norm.alpha.map { reliableChangeThreshold(sd: norm.sd, reliability: $0) } }
        return ComparisonRow(
            subscale: definition.id, label: definition.label, n: pairs.count,
            meanBefore: Descriptive.mean(xs), meanAfter: Descriptive.mean(ys),
            meanDifference: Descriptive.mean(zip(ys, xs).map { $0 - $1 }),
            sdDifference: Descriptive.standardDeviation(zip(ys, xs).map { $0 - $1 }),
            t: t?.t, df: t?.df, p: t?.p,
            wilcoxon: wilcoxon.map {
                ComparisonRow.WilcoxonResult(statistic: $0.statistic, wPlus: $0.wPlus, wMinus: $0.wMinus, p: $0.p,
                                             method: $0.method.rawValue, zerosDropped: $0.zeros)
            },
            cohenDz: effect?.cohenDz, hedgesGz: effect?.hedgesGz, reliableChange: threshold,
            reliablyImproved: threshold.map { limit in pairs.filter { $0.after - $0.before >= limit }.count },
            reliablyDeclined: threshold.map { limit in pairs.filter { $0.before - $0.after >= limit }.count },
            pairs: pairs)
        }
    }
}
