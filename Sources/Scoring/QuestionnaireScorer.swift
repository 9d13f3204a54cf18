public import WorkbenchKit

/// One participant's scores on one occasion: a value per subscale and composite, nil where the
/// minimum-answered rule was not met.
public struct ScoreCard: Sendable, Hashable, Codable {
    public var participant: String
    /// Scores by subscale or composite id.
    public var scores: [String: Double?]
    /// Scores computed from fewer than all their items (prorated means), by id.
    public var prorated: Set<String>
    /// The instrument's band label for each score that falls in a declared band, by id.
    public var bands: [String: String]

    public init(participant: String, scores: [String: Double?], prorated: Set<String>, bands: [String: String] = [:]) {
        self.participant = participant
        self.scores = scores
        self.prorated = prorated
        self.bands = bands
    }
}

/// Applies a questionnaire's declarative scoring to answers.
///
/// Rules: an answer's score is its option's score (missing-value codes and unanswered items
/// score nothing); an item whose display condition does not hold is not applicable; reverse
/// keying is `min + max − score` before aggregation; a subscale is the mean (or sum) of its
/// answered items and exists only when at least the declared minimum were answered. A sum over
/// partly answered items is prorated (mean × number of items) so it stays on the full scale.
public struct QuestionnaireScorer: Sendable {
    public let questionnaire: Questionnaire
    private let scales: [String: ResponseScale]
    private let items: [String: Questionnaire.Item]
    /// Per item, in questionnaire order: its id and the score of each option code.
    private let itemTable: [(id: String, scores: [String: Double])]
    /// Per subscale and per composite: (item position, min + max when reverse keyed).
    private let subscaleKeys: [[(index: Int, reverseSum: Double?)]]
    private let compositeKeys: [[(index: Int, reverseSum: Double?)]]
    private let hasConditions: Bool

    public init(_ questionnaire: Questionnaire) {
        self.questionnaire = questionnaire
        let scales = Dictionary(questionnaire.scales.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.scales = scales
        items = Dictionary(questionnaire.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        itemTable = questionnaire.items.map { item in
            var scores: [String: Double] = [:]
            for option in scales[item.scale]?.options ?? [] { if let score = option.score { scores[option.code] = score } }
            return (item.id, scores)
        }
        let position = Dictionary(questionnaire.items.enumerated().map { ($1.id, $0) },
                                  uniquingKeysWith: { first, _ in first })
        func compile(_ keys: [Questionnaire.ItemKey]) -> [(index: Int, reverseSum: Double?)] {
            keys.compactMap { key in
                guard let index = position[key.item] else { return nil }
                guard key.reverse, let scale = scales[questionnaire.items[index].scale],
                      let min = scale.min, let max = scale.max else { return (index, nil) }
                return (index, min + max)
            }
        }
        subscaleKeys = questionnaire.subscales.map { compile($0.items) }
        compositeKeys = questionnaire.composites.map { compile($0.items) }
        hasConditions = questionnaire.items.contains { $0.condition != nil }
    }

    /// Every score the questionnaire defines, subscales first: (id, label).
    public var scoreDefinitions: [(id: String, label: String)] {
        questionnaire.subscales.map { ($0.id, $0.label) } + questionnaire.composites.map { ($0.id, $0.label) }
    }

    /// Whether an item is asked, given the answers so far.
    public func isShown(_ itemID: String, answers: [String: String]) -> Bool {
        guard let condition = items[itemID]?.condition else { return true }
        let answer = answers[condition.item]
        switch condition.op {
        case .answered: return answer != nil
        case .equals: return answer == condition.value
        case .notEquals: return answer != nil && answer != condition.value
        }
    }

    /// The score of one item, reverse keyed if asked; nil when unanswered, not applicable or a missing code.
    public func itemScore(_ key: Questionnaire.ItemKey, answers: [String: String]) -> Double? {
        guard let item = items[key.item], let code = answers[key.item], isShown(key.item, answers: answers),
              let scale = scales[item.scale], let score = scale.option(code: code)?.score else { return nil }
        if key.reverse, let min = scale.min, let max = scale.max { return min + max - score }
        return score
    }

    /// Scores one participant's answers (item id → stored code).
    public func score(participant: String, answers: [String: String]) -> ScoreCard {
        // Every item's score once (nil: unanswered, not applicable or a missing-value code).
        let itemScores: [Double?] = itemTable.map { entry in
            guard let code = answers[entry.id], let score = entry.scores[code] else { return nil }
            return hasConditions && !isShown(entry.id, answers: answers) ? nil : score
        }
        func values(_ keys: [(index: Int, reverseSum: Double?)]) -> [Double] {
            keys.compactMap { key in itemScores[key.index].map { score in key.reverseSum.map { $0 - score } ?? score } }
        }
        var scores: [String: Double?] = [:]
        var prorated: Set<String> = []
        for (subscale, keys) in zip(questionnaire.subscales, subscaleKeys) {
            let answered = values(keys)
            let score = aggregate(answered, of: subscale.items.count, subscale.aggregate, subscale.minimumAnswered)
            scores[subscale.id] = score
            if score != nil && answered.count < subscale.items.count { prorated.insert(subscale.id) }
        }
        for (composite, keys) in zip(questionnaire.composites, compositeKeys) {
            let answered: [Double]
            let total: Int
            if composite.subscales.isEmpty {
                answered = values(keys)
                total = composite.items.count
            } else {
                answered = composite.subscales.compactMap { scores[$0] ?? nil }
                total = composite.subscales.count
            }
            let score = aggregate(answered, of: total, composite.aggregate, composite.minimumAnswered)
            scores[composite.id] = score
            let partsProrated = composite.subscales.contains { prorated.contains($0) }
            if score != nil && (answered.count < total || partsProrated) { prorated.insert(composite.id) }
        }
        var bands: [String: String] = [:]
        for band in questionnaire.bands {
            if let value = scores[band.score] ?? nil, value >= band.from, value <= band.to { bands[band.score] = band.label }
        }
        return ScoreCard(participant: participant, scores: scores, prorated: prorated, bands: bands)
    }

    private func aggregate(_ values: [Double], of total: Int, _ aggregate: Questionnaire.Aggregate,
                           _ minimum: Questionnaire.MinimumAnswered) -> Double? {
        guard !values.isEmpty, values.count >= minimum.required(of: total) else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        switch aggregate {
        case .mean: return mean
        case .sum: return values.count == total ? values.reduce(0, +) : mean * Double(total)
        }
    }

    /// The item keys behind a score (for reliability): a subscale's items, or a composite's items
    /// (a composite of subscales uses all their items).
    public func itemKeys(of scoreID: String) -> [Questionnaire.ItemKey]? {
        if let subscale = questionnaire.subscales.first(where: { $0.id == scoreID }) { return subscale.items }
        guard let composite = questionnaire.composites.first(where: { $0.id == scoreID }) else { return nil }
        if composite.subscales.isEmpty { return composite.items }
        return composite.subscales.flatMap { id in questionnaire.subscales.first { $0.id == id }?.items ?? [] }
    }
}
