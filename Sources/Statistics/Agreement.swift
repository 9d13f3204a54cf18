/// Agreement between two raters who each assign one category per unit.
public struct CohenKappa: Sendable, Hashable, Codable {
    /// Observed agreement: agreeing units ÷ all units.
    public var percentAgreement: Double
    /// Chance agreement: Σ over categories of p_A(c)·p_B(c).
    public var expectedAgreement: Double
    /// (P_o − P_e) / (1 − P_e); nil when P_e = 1 (both raters used one and the same category throughout).
    public var kappa: Double?
    public var units: Int

    /// Nil for no units. `first[i]` and `second[i]` are the two ratings of unit i.
    public init?<Category: Hashable>(_ first: [Category], _ second: [Category]) {
        precondition(first.count == second.count, "both raters need a rating per unit")
        guard !first.isEmpty else { return nil }
        let n = Double(first.count)
        var agree = 0
        var countsA: [Category: Int] = [:]
        var countsB: [Category: Int] = [:]
        for (a, b) in zip(first, second) {
            if a == b { agree += 1 }
            countsA[a, default: 0] += 1
            countsB[b, default: 0] += 1
        }
        percentAgreement = Double(agree) / n
        expectedAgreement = countsA.reduce(0) { $0 + Double($1.value) / n * Double(countsB[$1.key] ?? 0) / n }
        kappa = expectedAgreement < 1 ? (percentAgreement - expectedAgreement) / (1 - expectedAgreement) : nil
        units = first.count
    }
}

/// Krippendorff's α for nominal data: any number of raters, missing ratings allowed.
public enum KrippendorffAlpha {
    /// α = 1 − D_o / D_e from the coincidence matrix. `ratings[rater][unit]` is nil when missing;
    /// units with fewer than two ratings are not pairable and are left out. Returns nil when no
    /// unit is pairable or every pairable value is the same (no expected disagreement).
    public static func nominal<Value: Hashable>(_ ratings: [[Value?]]) -> Double? {
        guard let unitCount = ratings.first?.count else { return nil }
        precondition(ratings.allSatisfy { $0.count == unitCount }, "every rater needs an entry per unit")
        var coincidences: [Value: [Value: Double]] = [:]
        for unit in 0..<unitCount {
            let values = ratings.compactMap { $0[unit] }
            let m = Double(values.count)
            guard m >= 2 else { continue }
            for i in values.indices {
                for j in values.indices where i != j {
                    coincidences[values[i], default: [:]][values[j], default: 0] += 1 / (m - 1)
                }
            }
        }
        let marginals = coincidences.mapValues { $0.values.reduce(0, +) }
        let total = marginals.values.reduce(0, +)
        guard total > 1 else { return nil }
        let observed = coincidences.reduce(0.0) { sum, row in
            sum + row.value.filter { $0.key != row.key }.values.reduce(0, +)
        }
        let sameSquares = marginals.values.reduce(0.0) { $0 + $1 * $1 }
        let expected = (total * total - sameSquares) / (total - 1)
        guard expected > 0 else { return nil }
        return 1 - observed / expected
    }
}
