public import WorkbenchKit

/// One respondent's best-fit judgement of one strand on one occasion.
public struct StrandJudgement: Sendable, Hashable, Codable {
    public var strand: String
    public var occasion: String
    public var level: String
    public var respondent: String?
    /// How we know: the evidence the respondent gave.
    public var evidence: String?

    public init(strand: String, occasion: String, level: String, respondent: String?, evidence: String? = nil) {
        self.strand = strand
        self.occasion = occasion
        self.level = level
        self.respondent = respondent
        self.evidence = evidence
    }
}

/// The audit result for one strand on one occasion: levels stay ordinal, never averaged.
public struct StrandResult: Sendable, Hashable, Codable {
    public var strand: String
    public var occasion: String
    /// Number of judgements.
    public var n: Int
    /// The median level; with an even number of judgements, the lower of the two middle levels
    /// (the cautious reading), so the result is always a real level.
    public var median: MaturityMatrix.Level
    public var lowest: MaturityMatrix.Level
    public var highest: MaturityMatrix.Level
    /// How many judgements chose each level, by level id.
    public var counts: [String: Int]
}

/// Summaries of maturity-matrix audits.
public enum AuditSummary {
    /// Per strand (in matrix order) and occasion (in the order given): median level and spread.
    public static func results(_ judgements: [StrandJudgement], matrix: MaturityMatrix,
                               occasions: [String]) -> [StrandResult] {
        let levels = Dictionary(matrix.levels.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var results: [StrandResult] = []
        for strand in matrix.strands {
            for occasion in occasions {
                let chosen = judgements.filter { $0.strand == strand.id && $0.occasion == occasion }
                    .compactMap { levels[$0.level] }.sorted { $0.rank < $1.rank }
                guard !chosen.isEmpty else { continue }
                results.append(StrandResult(
                    strand: strand.id, occasion: occasion, n: chosen.count,
                    median: chosen[(chosen.count - 1) / 2], lowest: chosen.first!, highest: chosen.last!,
                    counts: Dictionary(grouping: chosen, by: \.id).mapValues(\.count)))
            }
        }
        return results
    }
}

/// A maturity-matrix audit over its occasions.
public struct AuditReport: Sendable {
    public var matrix: PluginDescriptor
    public var definition: MaturityMatrix
    /// Occasions in the order first recorded.
    public var occasions: [String]
    /// Per strand and occasion: median level and spread.
    public var results: [StrandResult]
    /// Every judgement behind the results, with its evidence, in the order recorded.
    public var judgements: [StrandJudgement]

    public init(matrix: PluginDescriptor, definition: MaturityMatrix, occasions: [String], results: [StrandResult],
                judgements: [StrandJudgement] = []) {
        self.matrix = matrix
        self.definition = definition
        self.occasions = occasions
        self.results = results
        self.judgements = judgements
    }

    /// The judgements of a strand on an occasion, with their evidence.
    public func judgements(strand: String, occasion: String) -> [StrandJudgement] {
        judgements.filter { $0.strand == strand && $0.occasion == occasion }
    }

    /// The result for a strand on an occasion, if judged.
    public func result(strand: String, occasion: String) -> StrandResult? {
        results.first { $0.strand == strand && $0.occasion == occasion }
    }

    /// Change in median rank from the first to the last occasion on which the strand was judged.
    public func change(strand: String) -> Int? {
        let judged = occasions.compactMap { result(strand: strand, occasion: $0) }
        guard judged.count > 1 else { return nil }
        return judged.last!.median.rank - judged.first!.median.rank
    }
}
