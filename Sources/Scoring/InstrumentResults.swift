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
    /// What a reader should know before quoting α: too few respondents, a negative or undefined α.
    public var warnings: [String]

    public init(subscale: String, label: String, k: Int, n: Int, alpha: Double?) {
        self.subscale = subscale
        self.label = label
        self.k = k
        self.n = n
        self.alpha = alpha
        warnings = Self.warnings(n: n, alpha: alpha)
    }

    /// The warnings for α from `n` respondents.
    static func warnings(n: Int, alpha: Double?) -> [String] {
        var found: [String] = []
        if n < 3 {
            found.append("alpha from \(n) respondent\(n == 1 ? "" : "s"): with fewer than 3 it says nothing about "
                         + "the scale's consistency")
        }
        if let alpha, alpha < 0 {
            found.append("alpha is negative: the items disagree more than chance, which usually means a reverse-keyed "
                         + "item not marked as reversed, items that do not measure one thing, or too few respondents")
        } else if alpha == nil {
            found.append("alpha is undefined: too few respondents answered the items, or the totals do not vary")
        }
        return found
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
    /// 95% confidence interval of the mean difference (paired t).
    public var confidenceLow: Double?
    public var confidenceHigh: Double?
    public var cohenDz: Double?
    /// Hedges' g_z with the exact J; nil for fewer than 3 pairs.
    public var hedgesGz: Double?
    /// Hedges' g_z with the approximation J ≈ 1 − 3/(4·df − 1); nil for fewer than 3 pairs.
    public var hedgesGzApproximate: Double?
    /// What a reader should know: too few pairs, and why a statistic is undefined.
    public var warnings: [String]
    /// The change one person needs for reliable change at 95%, from the instrument's published norms.
    public var reliableChange: Double?
    /// Participants whose change is at least ``reliableChange`` up / down.
    public var reliablyImproved: Int?
    public var reliablyDeclined: Int?
    /// Each participant's before and after score, for plots.
    public var pairs: [Pair]

    public init(subscale: String, label: String, n: Int, meanBefore: Double? = nil, meanAfter: Double? = nil,
                meanDifference: Double? = nil, sdDifference: Double? = nil, t: Double? = nil, df: Int? = nil,
                p: Double? = nil, confidenceLow: Double? = nil, confidenceHigh: Double? = nil,
                wilcoxon: WilcoxonResult? = nil, cohenDz: Double? = nil, hedgesGz: Double? = nil,
                hedgesGzApproximate: Double? = nil, warnings: [String] = [], reliableChange: Double? = nil,
                reliablyImproved: Int? = nil, reliablyDeclined: Int? = nil, pairs: [Pair] = []) {
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
        self.confidenceLow = confidenceLow
        self.confidenceHigh = confidenceHigh
        self.wilcoxon = wilcoxon
        self.cohenDz = cohenDz
        self.hedgesGz = hedgesGz
        self.hedgesGzApproximate = hedgesGzApproximate
        self.warnings = warnings
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
    /// Why figures are missing or weak: no or few pairs, differences that do not vary, g_z at df = 1.
    static func warnings(pairs n: Int, test: PairedTTest?) -> [String] {
        switch n {
        case 0: return ["no participant was scored on both occasions"]
        case 1: return ["one pair only: no test or effect size can be computed"]
        default: break
        }
        var found: [String] = []
        if n < 5 {
            found.append("only \(n) pairs: with fewer than 5, p-values and effect sizes are unstable; "
                         + "report each participant's change instead")
        }
        if test == nil {
            found.append("every participant changed by the same amount (SD of differences 0): t, p, the confidence "
                         + "interval, d_z and g_z are undefined")
        } else if n == 2 {
            found.append("g_z is undefined for 2 pairs (df = 1): the small-sample correction is 0")
        }
        return found
    }

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
            confidenceLow: t?.confidenceInterval.lowerBound, confidenceHigh: t?.confidenceInterval.upperBound,
            wilcoxon: wilcoxon.map {
                ComparisonRow.WilcoxonResult(statistic: $0.statistic, wPlus: $0.wPlus, wMinus: $0.wMinus, p: $0.p,
                                             method: $0.method.rawValue, zerosDropped: $0.zeros)
            },
            cohenDz: effect?.cohenDz, hedgesGz: effect?.hedgesGz, hedgesGzApproximate: effect?.hedgesGzApproximate,
            warnings: warnings(pairs: xs.count, test: t),
            reliableChange: threshold,
            reliablyImproved: threshold.map { limit in pairs.filter { $0.after - $0.before >= limit }.count },
            reliablyDeclined: threshold.map { limit in pairs.filter { $0.before - $0.after >= limit }.count },
            pairs: pairs)
        }
    }
}
