/// The framework matrix of framework analysis: cases (rows) × themes (columns). Each cell holds the
/// researcher's summary, the number of coded passages and the passages themselves.
public struct FrameworkChart: Sendable, Codable {
    public struct Case: Sendable, Codable, Hashable {
        public var name: String
        public var attributes: [String: String]

        public init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }
    }

    public struct Theme: Sendable, Codable, Hashable {
        public var id: String
        public var name: String
        /// Depth in the framework's tree, 0 for top-level themes.
        public var depth: Int

        public init(id: String, name: String, depth: Int) {
            self.id = id
            self.name = name
            self.depth = depth
        }
    }

    /// A coded passage with a short quote.
    public struct Passage: Sendable, Codable, Hashable {
        public var source: String
        public var start: Int
        public var end: Int
        public var coder: String
        public var quote: String
        /// The researcher's note on it (passages outside the framework say why they do not fit).
        public var note: String?

        public init(source: String, start: Int, end: Int, coder: String, quote: String, note: String? = nil) {
            self.source = source
            self.start = start
            self.end = end
            self.coder = coder
            self.quote = quote
            self.note = note
        }
    }

    /// A passage as a reader counts it: the codings of a cell's theme in one source whose spans
    /// overlap, merged, whoever made them.
    public struct DistinctPassage: Sendable, Hashable {
        public var source: String
        public var start: Int
        public var end: Int
        /// The codings merged into it, in order of start.
        public var codings: [Passage]

        /// Who coded it, in the order first met.
        public var coders: [String] {
            var seen = Set<String>()
            return codings.map(\.coder).filter { seen.insert($0).inserted }
        }

        /// The coding to quote: the longest, the earliest of equals (first among `preferred` codings when given).
        public func quoted(preferring preferred: (Passage) -> Bool = { _ in true }) -> Passage {
            let chosen = codings.contains(where: preferred) ? codings.filter(preferred) : codings
            var best = chosen[0]
            for coding in chosen.dropFirst() where coding.end - coding.start > best.end - best.start { best = coding }
            return best
        }
    }

    /// A coder's distinct passages in a cell.
    public struct CoderCount: Sendable, Codable, Hashable {
        public var coder: String
        public var passages: Int
    }

    public struct Cell: Sendable, Codable {
        public var caseName: String
        public var theme: String
        /// Nil when no summary has been written yet.
        public var summary: String?
        /// Every coding of the theme in this case, each coder's, in order of source and start.
        public var passages: [Passage]
        /// Distinct passages: overlapping codings in one source count once, whoever coded them.
        public var count: Int { Self.distinctCount(passages) }
        /// The number of codings, which two coders of one passage make two.
        public var codings: Int { passages.count }
        /// The distinct passages, each with the codings merged into it.
        public var distinctPassages: [DistinctPassage] { Self.merged(passages) }
        /// Each coder's distinct passages, by coder name.
        public var coders: [CoderCount] {
            Dictionary(grouping: passages, by: \.coder).map { CoderCount(coder: $0.key, passages: Self.distinctCount($0.value)) }
                .sorted { $0.coder < $1.coder }
        }

        /// The number of ``merged(_:)`` passages, counted without making them.
        static func distinctCount(_ passages: [Passage]) -> Int {
            var count = 0, end = 0
            var source: String?
            for passage in passages {
                if passage.source == source, passage.start < end {
                    end = max(end, passage.end)
                } else {
                    (count, source, end) = (count + 1, passage.source, passage.end)
                }
            }
            return count
        }

        /// Codings in order of source and start merged where their spans overlap.
        static func merged(_ passages: [Passage]) -> [DistinctPassage] {
            var found: [DistinctPassage] = []
            for passage in passages {
                if let last = found.last, last.source == passage.source, passage.start < last.end {
                    found[found.count - 1].end = max(last.end, passage.end)
                    found[found.count - 1].codings.append(passage)
                } else {
                    found.append(DistinctPassage(source: passage.source, start: passage.start, end: passage.end,
                                                 codings: [passage]))
                }
            }
            return found
        }

        enum CodingKeys: String, CodingKey { case caseName = "case", theme, summary, passages, count, codings, coders }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(caseName, forKey: .caseName)
            try container.encode(theme, forKey: .theme)
            try container.encode(summary, forKey: .summary)
            try container.encode(passages, forKey: .passages)
            try container.encode(count, forKey: .count)
            try container.encode(codings, forKey: .codings)
            try container.encode(coders, forKey: .coders)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            caseName = try container.decode(String.self, forKey: .caseName)
            theme = try container.decode(String.self, forKey: .theme)
            summary = try container.decodeIfPresent(String.self, forKey: .summary)
            passages = try container.decode([Passage].self, forKey: .passages)
        }

        init(caseName: String, theme: String, summary: String?, passages: [Passage]) {
            self.caseName = caseName
            self.theme = theme
            self.summary = summary
            self.passages = passages
        }
    }

    public var framework: String
    public var cases: [Case]
    public var themes: [Theme]
    /// Row by row: `cells[caseIndex][themeIndex]`.
    public var cells: [[Cell]]
    /// Pairs of themes coded on overlapping passages, with how many overlapping pairs of codings.
    public var coOccurrence: [CoOccurrence]
    /// Passages in the outside-the-framework bucket not yet resolved: shown with every chart until
    /// they are coded or dismissed.
    public var outside: [Passage] = []
    /// Codings that start in an interviewer's turn: the interviewer is no case, so they are left out.
    public var interviewerCodings = 0

    public struct CoOccurrence: Sendable, Codable, Hashable {
        public var first: String
        public var second: String
        public var count: Int
    }

    /// One coding placed in the chart.
    public struct Placed: Sendable {
        public var caseName: String
        public var theme: String
        public var passage: Passage

        public init(caseName: String, theme: String, passage: Passage) {
            self.caseName = caseName
            self.theme = theme
            self.passage = passage
        }
    }

    /// Which cell: a case (row) and a theme (column).
    public struct CellID: Sendable, Hashable {
        public var caseName: String
        public var theme: String

        public init(caseName: String, theme: String) {
            self.caseName = caseName
            self.theme = theme
        }
    }

    /// Builds the matrix; rows are sorted by the `groupBy` attribute (then name) when given.
    public init(framework: String, themes: [Theme], cases: [Case], codings: [Placed],
                summaries: [CellID: String], groupBy attribute: String? = nil) {
        self.framework = framework
        self.themes = themes
        let sortedCases = cases.sorted { first, second in
            let left = attribute.flatMap { first.attributes[$0] } ?? ""
            let right = attribute.flatMap { second.attributes[$0] } ?? ""
            return (left, first.name) < (right, second.name)
        }
        self.cases = sortedCases
        // Each coding's source, case and theme as numbers, each name looked up once per coding.
        var sourceNumbers: [String: Int] = [:], caseNumbers: [String: Int] = [:], themeNumbers: [String: Int] = [:]
        var sources: [String] = [], themeIDs: [String] = []
        func number(_ name: String, _ numbers: inout [String: Int], _ names: inout [String]) -> Int {
            if let known = numbers[name] { return known }
            names.append(name)
            numbers[name] = names.count - 1
            return names.count - 1
        }
        var caseNames: [String] = []
        var sourceOf: [Int] = [], caseOf: [Int] = [], themeOf: [Int] = []
        sourceOf.reserveCapacity(codings.count)
        caseOf.reserveCapacity(codings.count)
        themeOf.reserveCapacity(codings.count)
        var last: (source: String, number: Int)?
        for coding in codings {
            // Codings usually come source by source.
            if last?.source != coding.passage.source {
                last = (coding.passage.source, number(coding.passage.source, &sourceNumbers, &sources))
            }
            sourceOf.append(last!.number)
            caseOf.append(number(coding.caseName, &caseNumbers, &caseNames))
            themeOf.append(number(coding.theme, &themeNumbers, &themeIDs))
        }
        func ranks(_ names: [String]) -> [Int] {
            var ranks = [Int](repeating: 0, count: names.count)
            for (rank, number) in names.indices.sorted(by: { names[$0] < names[$1] }).enumerated() { ranks[number] = rank }
            return ranks
        }
        // Passages in source-name order, then by start, then as given.
        let sourceRank = ranks(sources)
        let order = codings.indices.sorted { first, second in
            (sourceRank[sourceOf[first]], codings[first].passage.start, first)
                < (sourceRank[sourceOf[second]], codings[second].passage.start, second)
        }
        var byCell = [[Int]](repeating: [], count: caseNames.count * themeIDs.count)
        for index in order { byCell[caseOf[index] * themeIDs.count + themeOf[index]].append(index) }
        cells = sortedCases.map { person in
            themes.map { theme in
                let passages = caseNumbers[person.name].flatMap { row in
                    themeNumbers[theme.id].map { byCell[row * themeIDs.count + $0].map { codings[$0].passage } }
                }
                return Cell(caseName: person.name, theme: theme.id,
                            summary: summaries[CellID(caseName: person.name, theme: theme.id)], passages: passages ?? [])
            }
        }
        // Overlapping codings of different themes, counted by pairs of themes' ranks among their ids,
        // source by source in order of start.
        let themeRank = ranks(themeIDs)
        var pairs: [Int: Int] = [:]
        var runStart = 0
        while runStart < order.count {
            var runEnd = runStart + 1
            while runEnd < order.count, sourceOf[order[runEnd]] == sourceOf[order[runStart]] { runEnd += 1 }
            for position in runStart..<runEnd {
                let coding = order[position]
                for other in order[(position + 1)..<runEnd] {
                    guard codings[other].passage.start < codings[coding].passage.end else { break }
                    let (first, second) = (themeRank[themeOf[coding]], themeRank[themeOf[other]])
                    guard first != second else { continue }
                    pairs[min(first, second) * themeIDs.count + max(first, second), default: 0] += 1
                }
            }
            runStart = runEnd
        }
        let themesInOrder = themeIDs.sorted()
        coOccurrence = pairs.map { key, count in
            CoOccurrence(first: themesInOrder[key / themeIDs.count], second: themesInOrder[key % themeIDs.count], count: count)
        }.sorted { ($1.count, $0.first, $0.second) < ($0.count, $1.first, $1.second) }
    }
}

extension FrameworkChart {
    /// Theme × attribute cross-tabulation: per theme, per value of a case attribute, the number of
    /// coded passages and of cases with at least one. Cases without the attribute count under "(none)".
    public struct CrossTab: Sendable, Codable {
        public var attribute: String
        /// Attribute values in order, "(none)" last when present.
        public var values: [String]
        public var rows: [Row]

        public struct Row: Sendable, Codable {
            public var theme: String
            /// Passages per attribute value.
            public var passages: [String: Int]
            /// Cases per attribute value.
            public var cases: [String: Int]
        }
    }

    /// Cross-tabulates themes against a case attribute.
    public func crossTab(attribute: String) -> CrossTab {
        let none = "(none)"
        let valueOf = cases.map { $0.attributes[attribute] ?? none }
        var values = Array(Set(valueOf)).filter { $0 != none }.sorted()
        if valueOf.contains(none) { values.append(none) }
        let rows = themes.enumerated().map { column, theme in
            var passages: [String: Int] = [:]
            var caseCounts: [String: Int] = [:]
            for (row, value) in valueOf.enumerated() {
                let count = cells[row][column].count
                passages[value, default: 0] += count
                if count > 0 { caseCounts[value, default: 0] += 1 }
            }
            return CrossTab.Row(theme: theme.id, passages: passages, cases: caseCounts)
        }
        return CrossTab(attribute: attribute, values: values, rows: rows)
    }
}
