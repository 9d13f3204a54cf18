/// Agreement between two raters who each assign one category per unit.
public struct CohenKappa: Sendable, Hashable, Codable {
    /// Observed agreement: agreeing units ÷ all units.
    public var percentAgreement: Double
    /// Chance agreement: Σ over categories of p_A(c)·p_B(c).
    public var expectedAgreement: Double
    /// (P_o − P_e) / (1 − P_e); nil when P_e = 1 (both raters used one and the same category throughout).
    public var kappa: Double?
    /// The units rated, each counted by its weight.
    public var units: Int

    /// Nil for no units. `first[i]` and `second[i]` are the two ratings of unit i, which stands for
    /// `weights[i]` identical units (1 each by default, as scikit-learn's `sample_weight`).
    public init?<Category: Hashable>(_ first: [Category], _ second: [Category], weights: [Int]? = nil) {
        precondition(first.count == second.count, "both raters need a rating per unit")
        precondition(weights == nil || weights!.count == first.count, "one weight per unit")
        var agree = 0, total = 0
        var countsA: [Category: Int] = [:]
        var countsB: [Category: Int] = [:]
        for index in first.indices {
            let weight = weights?[index] ?? 1
            let a = first[index], b = second[index]
            if a == b { agree += weight }
            total += weight
            countsA[a, default: 0] += weight
            countsB[b, default: 0] += weight
        }
        guard total > 0 else { return nil }
        let n = Double(total)
        percentAgreement = Double(agree) / n
        expectedAgreement = countsA.reduce(0) { $0 + Double($1.value) / n * Double(countsB[$1.key] ?? 0) / n }
        kappa = expectedAgreement < 1 ? (percentAgreement - expectedAgreement) / (1 - expectedAgreement) : nil
        units = total
    }
}

/// Krippendorff's α for nominal data: any number of raters, missing ratings allowed.
public struct KrippendorffAlpha: Sendable, Hashable, Codable {
    /// 1 − D_o / D_e; nil when every pairable value is the same (no expected disagreement).
    public var alpha: Double?
    /// D_o: the share of pairable value pairs, within units, that differ.
    public var observedDisagreement: Double
    /// D_e: the share of all pairs of pairable values, across units, that differ.
    public var expectedDisagreement: Double
    /// n: the values in units with two or more ratings, each unit counted by its weight.
    public var pairableValues: Int

    /// α from the coincidence matrix. `ratings[rater][unit]` is nil when missing; units with fewer
    /// than two ratings are not pairable and are left out; unit i stands for `weights[i]` identical
    /// units (1 each by default). Nil when fewer than two values are pairable.
    public init?<Value: Hashable>(nominal ratings: [[Value?]], weights: [Int]? = nil) {
        guard let unitCount = ratings.first?.count else { return nil }
        precondition(ratings.allSatisfy { $0.count == unitCount }, "every rater needs an entry per unit")
        precondition(weights == nil || weights!.count == unitCount, "one weight per unit")
        // Per value: its pairable count n_c; disagreeing coincidences summed over all values.
        var marginals: [Value: Int] = [:]
        var observed = 0.0
        var pairable = 0
        for unit in 0..<unitCount {
            let values = ratings.compactMap { $0[unit] }
            guard values.count >= 2 else { continue }
            let weight = weights?[unit] ?? 1
            var counts: [Value: Int] = [:]
            for value in values { counts[value, default: 0] += 1 }
            let m = values.count
            // Ordered pairs of different values in the unit: m² − Σ m_c².
            let different = m * m - counts.values.reduce(0) { $0 + $1 * $1 }
            observed += Double(weight) * Double(different) / Double(m - 1)
            for (value, count) in counts { marginals[value, default: 0] += weight * count }
            pairable += weight * m
        }
        guard pairable > 1 else { return nil }
        let n = Double(pairable)
        let sameSquares = marginals.values.reduce(0.0) { $0 + Double($1) * Double($1) }
        observedDisagreement = observed / n
        expectedDisagreement = (n * n - sameSquares) / (n * (n - 1))
        pairableValues = pairable
        alpha = expectedDisagreement > 0 ? 1 - observedDisagreement / expectedDisagreement : nil
    }

    /// α alone; see ``init(nominal:weights:)``.
    public static func nominal<Value: Hashable>(_ ratings: [[Value?]], weights: [Int]? = nil) -> Double? {
        KrippendorffAlpha(nominal: ratings, weights: weights)?.alpha
    }
}
