import Statistics

/// Inter-coder agreement on coded transcripts, per theme.
///
/// Units are characters (code points) or speaker turns. For each theme, each coder's rating of a
/// unit is "coded" or "not coded". As in NVivo, text coded by neither coder counts as agreement,
/// unless `excludeUncoded` drops those units. A coder with no coding at all on a source has not
/// coded it: their ratings there are missing (Krippendorff's α handles them; percent agreement and
/// Cohen's κ, between the first two coders, use only sources both coded).
public struct CodingAgreement: Sendable {
    public enum Unit: String, Sendable, Codable, CaseIterable {
        case character, turn
    }

    /// A source as the agreement sees it.
    public struct Source: Sendable {
        public var name: String
        public var length: Int
        /// Turn spans, code points, end exclusive.
        public var turns: [(start: Int, end: Int)]

        public init(name: String, length: Int, turns: [(start: Int, end: Int)]) {
            self.name = name
            self.length = length
            self.turns = turns
        }
    }

    /// One coding by one coder.
    public struct Coding: Sendable, Hashable {
        public var source: String
        public var theme: String
        public var coder: String
        public var start: Int
        public var end: Int

        public init(source: String, theme: String, coder: String, start: Int, end: Int) {
            self.source = source
            self.theme = theme
            self.coder = coder
            self.start = start
            self.end = end
        }
    }

    /// Agreement figures over some units.
    public struct Figures: Sendable, Codable, Hashable {
        public var units: Int
        public var percentAgreement: Double?
        public var kappa: Double?
        public var krippendorffAlpha: Double?
    }

    public struct SourceResult: Sendable, Codable {
        public var source: String
        public var figures: Figures
    }

    public struct ThemeResult: Sendable, Codable {
        public var theme: String
        public var figures: Figures
        public var sources: [SourceResult]
    }

    public var unit: Unit
    public var excludeUncoded: Bool
    public var themes: [ThemeResult]
    /// All themes' units pooled.
    public var overall: Figures

    /// Computes agreement of `coders` (at least two) on `themes` over `sources`.
    public init(sources: [Source], codings: [Coding], coders: [String], themes: [String], unit: Unit,
                excludeUncoded: Bool) {
        precondition(coders.count >= 2, "agreement needs two or more coders")
        self.unit = unit
        self.excludeUncoded = excludeUncoded
        let codedSources = Dictionary(grouping: codings, by: \.coder).mapValues { Set($0.map(\.source)) }
        var pooled: [[Bool?]] = Array(repeating: [], count: coders.count)
        var results: [ThemeResult] = []
        for theme in themes {
            var themePooled: [[Bool?]] = Array(repeating: [], count: coders.count)
            var perSource: [SourceResult] = []
            for source in sources {
                var ratings: [[Bool?]] = coders.map { coder in
                    guard codedSources[coder]?.contains(source.name) == true else {
                        return Array(repeating: nil, count: Self.unitCount(source, unit))
                    }
                    let spans = codings.filter { $0.coder == coder && $0.source == source.name && $0.theme == theme }
                    return Self.ratings(source, spans, unit).map { Optional($0) }
                }
                if excludeUncoded {
                    let keep = (0..<Self.unitCount(source, unit)).filter { index in
                        ratings.contains { $0[index] == true }
                    }
                    ratings = ratings.map { row in keep.map { row[$0] } }
                }
                for index in coders.indices {
                    themePooled[index] += ratings[index]
                    pooled[index] += ratings[index]
                }
                perSource.append(SourceResult(source: source.name, figures: Self.figures(ratings)))
            }
            results.append(ThemeResult(theme: theme, figures: Self.figures(themePooled), sources: perSource))
        }
        self.themes = results
        overall = Self.figures(pooled)
    }

    static func unitCount(_ source: Source, _ unit: Unit) -> Int {
        unit == .character ? source.length : source.turns.count
    }

    static func ratings(_ source: Source, _ spans: [Coding], _ unit: Unit) -> [Bool] {
        switch unit {
        case .character:
            var coded = [Bool](repeating: false, count: source.length)
            for span in spans {
                for index in max(0, span.start)..<min(source.length, span.end) { coded[index] = true }
            }
            return coded
        case .turn:
            return source.turns.map { turn in spans.contains { $0.start < turn.end && $0.end > turn.start } }
        }
    }

    static func figures(_ ratings: [[Bool?]]) -> Figures {
        let units = ratings.first?.count ?? 0
        let both = (0..<units).filter { ratings[0][$0] != nil && ratings[1][$0] != nil }
        let kappa = CohenKappa(both.map { ratings[0][$0]! }, both.map { ratings[1][$0]! })
        return Figures(units: both.count, percentAgreement: kappa?.percentAgreement, kappa: kappa?.kappa ?? nil,
                       krippendorffAlpha: KrippendorffAlpha.nominal(ratings))
    }
}

extension CodingAgreement {
    /// A stretch of a source where the coders differ on one theme: some coded it, others did not.
    public struct Disagreement: Sendable, Hashable, Codable {
        public var source: String
        public var theme: String
        /// Code points, end exclusive.
        public var start: Int
        public var end: Int
        public var codedBy: [String]
        public var notCodedBy: [String]
    }

    /// Where `coders` disagree on each theme, source by source: maximal stretches with the same set
    /// of coders coding, where that set is neither empty nor all of them. A coder who coded nothing
    /// in a source is left out of that source (as the agreement figures leave them out).
    public static func disagreements(_ codings: [Coding], coders: [String], themes: [String]) -> [Disagreement] {
        let codedSources = Dictionary(grouping: codings, by: \.coder).mapValues { Set($0.map(\.source)) }
        let wanted = Set(themes)
        var found: [Disagreement] = []
        let groups = Dictionary(grouping: codings.filter { wanted.contains($0.theme) && coders.contains($0.coder) }) {
            "\($0.source)\u{0}\($0.theme)"
        }
        for key in groups.keys.sorted() {
            let spans = groups[key]!
            let source = spans[0].source, theme = spans[0].theme
            let present = coders.filter { codedSources[$0]?.contains(source) == true }
            guard present.count >= 2 else { continue }
            let cuts = Set(spans.flatMap { [$0.start, $0.end] }).sorted()
            for (from, to) in zip(cuts, cuts.dropFirst()) {
                let by = present.filter { coder in spans.contains { $0.coder == coder && $0.start <= from && $0.end >= to } }
                guard !by.isEmpty, by.count < present.count else { continue }
                let others = present.filter { !by.contains($0) }
                if let last = found.last, last.source == source, last.theme == theme, last.end == from,
                   last.codedBy == by {
                    found[found.count - 1].end = to
                } else {
                    found.append(Disagreement(source: source, theme: theme, start: from, end: to, codedBy: by,
                                              notCodedBy: others))
                }
            }
        }
        return found
    }
}
