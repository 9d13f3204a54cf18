import Foundation

/// How a success criterion's measure is compared with its threshold.
public enum Comparison: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case atLeast = ">="
    case above = ">"
    case atMost = "<="
    case below = "<"

    /// In words, as a target reads: "at least", "more than", "at most", "less than".
    public var words: String {
        switch self {
        case .atLeast: "at least"
        case .above: "more than"
        case .atMost: "at most"
        case .below: "less than"
        }
    }

    /// Whether `value` meets `threshold`; at-least and at-most allow for rounding in the 12th decimal.
    public func holds(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .atLeast: value >= threshold - 1e-12
        case .above: value > threshold
        case .atMost: value <= threshold + 1e-12
        case .below: value < threshold
        }
    }

    public var description: String { rawValue }
}

/// Where a success criterion stands, from the latest evidence that gives its measure.
public enum CriterionStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case met
    case notMet = "not met"
    case noData = "no data"

    /// The status of `comparison` against `threshold` for a value (nil when no evidence gives it).
    public init(value: Double?, _ comparison: Comparison, _ threshold: Double) {
        guard let value else { self = .noData; return }
        self = comparison.holds(value, threshold) ? .met : .notMet
    }

    public var description: String { rawValue }
}

/// A success criterion as people write it: `DESCRIPTION: MEASURE >= VALUE`.
public struct CriterionText: Sendable, Hashable {
    public var description: String
    public var measure: String
    public var comparison: Comparison
    public var threshold: Double

    public init(description: String, measure: String, comparison: Comparison, threshold: Double) {
        self.description = description
        self.measure = measure
        self.comparison = comparison
        self.threshold = threshold
    }

    /// - Throws: ``EnquiryError`` naming the text when it is not `DESCRIPTION: MEASURE OP VALUE`.
    public init(_ text: String) throws(EnquiryError) {
        guard let match = text.wholeMatch(of: /(.+?):\s*([A-Za-z0-9][A-Za-z0-9._\-]*)\s*(>=|<=|>|<)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*/),
              let comparison = Comparison(rawValue: String(match.3)), let threshold = Double(match.4) else {
            throw EnquiryError("criterion '\(text)' is not 'DESCRIPTION: MEASURE >= VALUE' "
                               + "(e.g. 'Efficacy rises: tses-long.TSES.change >= 0.5')")
        }
        description = String(match.1).trimmingCharacters(in: .whitespaces)
        measure = String(match.2)
        self.comparison = comparison
        self.threshold = threshold
    }
}
