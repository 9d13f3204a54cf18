public import Statistics

/// Agreement across all themes at once: each unit gets one label per coder, a theme or "none".
///
/// Where ``CodingAgreement`` rates every theme separately as coded or not (so a unit may carry
/// several themes), this is the single-label figure a methods section reports for a code scheme:
/// percent agreement and Cohen's κ for every pair of coders, and Krippendorff's α (nominal) for all
/// of them, with missing ratings allowed. A unit that one coder gave two or more themes is labelled
/// by their combination ("a + b"), or left out, as ``MultipleThemes`` chooses.
public struct NominalAgreement: Sendable, Codable {
    /// The label of a unit no theme covers.
    public static let none = "none"

    /// What a unit given two or more themes by one coder becomes.
    public enum MultipleThemes: String, Sendable, Codable, CaseIterable {
        /// Its label is the combination of its themes, in framework order: "a + b".
        case combine
        /// The unit is left out for every coder, and counted.
        case leaveOut = "leave-out"
    }

    /// One unit with a label (or nil: not rated) from each coder, standing for `weight` identical units.
    public struct RatedUnit: Sendable, Hashable, Codable {
        /// The unit's name: a row of a table, or "source [start, end)".
        public var unit: String
        public var source: String?
        /// Code points, end exclusive, when the unit is a stretch of a source.
        public var start: Int?
        public var end: Int?
        public var weight: Int
        /// Per coder, in the order of ``NominalAgreement/coders``.
        public var labels: [String?]
        /// Some coder gave the unit two or more themes (its label is their combination).
        public var hasMultipleThemes: Bool

        public init(unit: String, source: String? = nil, start: Int? = nil, end: Int? = nil, weight: Int = 1,
                    labels: [String?], hasMultipleThemes: Bool = false) {
            self.unit = unit
            self.source = source
            self.start = start
            self.end = end
            self.weight = weight
            self.labels = labels
            self.hasMultipleThemes = hasMultipleThemes
        }

        /// Two or more coders rated it and their labels differ.
        public var isDisagreement: Bool {
            let given = labels.compactMap(\.self)
            return given.count >= 2 && Set(given).count > 1
        }
    }

    /// Percent agreement and κ of two coders over the units both rated.
    public struct Pair: Sendable, Codable, Hashable {
        public var first: String
        public var second: String
        public var units: Int
        public var percentAgreement: Double?
        public var expectedAgreement: Double?
        public var kappa: Double?
    }

    public var coders: [String]
    /// How units with several themes from one coder were treated.
    public var multipleThemes: MultipleThemes
    /// Units (counted by weight) that some coder gave two or more themes.
    public var unitsWithMultipleThemes: Int
    /// Units (counted by weight) with two or more ratings.
    public var pairableUnits: Int
    /// Every pair of coders, in the order named.
    public var pairs: [Pair]
    /// Nil when fewer than two values are pairable.
    public var krippendorff: KrippendorffAlpha?

    /// Figures over `units`, rated by `coders` (two or more; each unit has a label slot per coder).
    /// With `.leaveOut`, units with multiple themes are dropped.
    public init(coders: [String], units: [RatedUnit], multipleThemes: MultipleThemes = .combine) {
        precondition(coders.count >= 2, "agreement needs two or more coders")
        precondition(units.allSatisfy { $0.labels.count == coders.count }, "a label slot per coder")
        self.coders = coders
        self.multipleThemes = multipleThemes
        unitsWithMultipleThemes = units.filter(\.hasMultipleThemes).reduce(0) { $0 + $1.weight }
        let kept = multipleThemes == .leaveOut ? units.filter { !$0.hasMultipleThemes } : units
        pairableUnits = kept.filter { $0.labels.compactMap(\.self).count >= 2 }.reduce(0) { $0 + $1.weight }
        var pairs: [Pair] = []
        for i in coders.indices {
            for j in coders.indices where j > i {
                let both = kept.filter { $0.labels[i] != nil && $0.labels[j] != nil }
                let kappa = CohenKappa(both.map { $0.labels[i]! }, both.map { $0.labels[j]! }, weights: both.map(\.weight))
                pairs.append(Pair(first: coders[i], second: coders[j], units: kappa?.units ?? 0,
                                  percentAgreement: kappa?.percentAgreement, expectedAgreement: kappa?.expectedAgreement,
                                  kappa: kappa?.kappa ?? nil))
            }
        }
        self.pairs = pairs
        krippendorff = KrippendorffAlpha(nominal: coders.indices.map { coder in kept.map { $0.labels[coder] } },
                                         weights: kept.map(\.weight))
    }

    /// The label of a unit covered by `themes` (in framework order): "none", the theme, or the combination.
    public static func label(_ themes: [String]) -> String {
        themes.isEmpty ? none : themes.joined(separator: " + ")
    }

    /// The plain-words statement of how units were labelled, for every output format.
    public var treatment: String {
        let count = unitsWithMultipleThemes
        switch multipleThemes {
        case .combine:
            return "Each unit has one label per coder: a theme, or 'none'. \(count) unit(s) given two or more themes "
                + "by one coder are labelled by the combination ('a + b'), which agrees only with the same combination."
        case .leaveOut:
            return "Each unit has one label per coder: a theme, or 'none'. \(count) unit(s) given two or more themes "
                + "by one coder are left out for every coder."
        }
    }
}

extension CodingAgreement {
    /// The units of `sources` labelled by each of `coders` with the `themes` (in framework order)
    /// covering them. Character units are maximal stretches over which no coder's label changes,
    /// weighted by their length; turn units take every theme whose coding overlaps the turn. A coder
    /// with no coding on a source has not rated it. With `excludeUncoded`, units every coder
    /// labelled "none" are left out.
    public static func labelledUnits(sources: [Source], codings: [Coding], coders: [String], themes: [String],
                                     unit: Unit, excludeUncoded: Bool) -> [NominalAgreement.RatedUnit] {
        let order = Dictionary(themes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let coderIndex = Dictionary(coders.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let codedSources = Dictionary(grouping: codings, by: \.coder).mapValues { Set($0.map(\.source)) }
        let bySource = Dictionary(grouping: codings.filter { order[$0.theme] != nil && coderIndex[$0.coder] != nil },
                                  by: \.source)
        var units: [NominalAgreement.RatedUnit] = []
        for source in sources {
            let spans = bySource[source.name] ?? []
            let rated = coders.map { codedSources[$0]?.contains(source.name) == true }
            func labels(_ from: Int, _ to: Int, overlap: Bool) -> (labels: [String?], multiple: Bool) {
                var themeSets = Array(repeating: Set<String>(), count: coders.count)
                for span in spans where overlap ? (span.start < to && span.end > from)
                    : (span.start <= from && span.end >= to) {
                    themeSets[coderIndex[span.coder]!].insert(span.theme)
                }
                let labels = coders.indices.map { index in
                    rated[index] ? NominalAgreement.label(themeSets[index].sorted { order[$0]! < order[$1]! }) : nil
                }
                return (labels, coders.indices.contains { rated[$0] && themeSets[$0].count > 1 })
            }
            var pieces: [NominalAgreement.RatedUnit] = []
            switch unit {
            case .turn:
                for turn in source.turns {
                    let given = labels(turn.start, turn.end, overlap: true)
                    pieces.append(.init(unit: "\(source.name) [\(turn.start), \(turn.end))", source: source.name,
                                        start: turn.start, end: turn.end, labels: given.labels,
                                        hasMultipleThemes: given.multiple))
                }
            case .character:
                let cuts = Set([0, source.length] + spans.flatMap { [$0.start, $0.end] })
                    .filter { $0 >= 0 && $0 <= source.length }.sorted()
                for (from, to) in zip(cuts, cuts.dropFirst()) where to > from {
                    let given = labels(from, to, overlap: false)
                    if let last = pieces.last, last.labels == given.labels, last.end == from {
                        pieces[pieces.count - 1].end = to
                        pieces[pieces.count - 1].weight += to - from
                    } else {
                        pieces.append(.init(unit: "", source: source.name, start: from, end: to, weight: to - from,
                                            labels: given.labels, hasMultipleThemes: given.multiple))
                    }
                }
                for index in pieces.indices {
                    pieces[index].unit = "\(source.name) [\(pieces[index].start!), \(pieces[index].end!))"
                }
            }
            if excludeUncoded {
                pieces.removeAll { piece in piece.labels.allSatisfy { $0 == nil || $0 == NominalAgreement.none } }
            }
            units += pieces
        }
        return units
    }
}
