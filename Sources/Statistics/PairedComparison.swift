import Foundation

/// Paired t-test on post − pre differences.
public struct PairedTTest: Sendable, Hashable, Codable {
    public var n: Int
    public var meanBefore: Double
    public var meanAfter: Double
    public var meanDifference: Double
    public var sdDifference: Double
    public var t: Double
    public var df: Int
    /// Two-sided p.
    public var p: Double
    /// 95% confidence interval of the mean difference.
    public var confidenceInterval: ClosedRange<Double>

    /// Nil for fewer than two pairs or no variation in the differences.
    /// - Parameter decimals: differences are rounded to this many decimals first, so that identical
    ///   changes (e.g. of means of thirds) do not show spurious floating-point variation.
    public init?(before: [Double], after: [Double], decimals: Int = 10) {
        precondition(before.count == after.count, "paired data needs equal lengths")
        let scale = pow(10.0, Double(decimals))
        let differences = zip(after, before).map { (($0 - $1) * scale).rounded() / scale }
        guard differences.count > 1, let mean = Descriptive.mean(differences),
              let sd = Descriptive.standardDeviation(differences), sd > 0 else { return nil }
        n = differences.count
        meanBefore = Descriptive.mean(before)!
        meanAfter = Descriptive.mean(after)!
        meanDifference = mean
        sdDifference = sd
        let standardError = sd / Double(n).squareRoot()
        t = mean / standardError
        df = n - 1
        p = Distributions.studentTTwoSided(t, df: Double(df))
        let margin = Distributions.studentTQuantile(0.975, df: Double(df)) * standardError
        confidenceInterval = (mean - margin)...(mean + margin)
    }
}

/// Standardised effect sizes for a single-group pre/post design (Lakens 2013).
public struct PairedEffectSize: Sendable, Hashable, Codable {
    /// Cohen's d_z = mean difference / SD of differences (= t/√n).
    public var cohenDz: Double
    /// Hedges' g_z = J · d_z with the exact correction J = Γ(df/2) / (√(df/2) · Γ((df−1)/2)), df = n − 1;
    /// nil for df ≤ 1, where J is 0.
    public var hedgesGz: Double?
    /// Hedges' g_z with the common approximation J ≈ 1 − 3/(4·df − 1); nil for df ≤ 1.
    public var hedgesGzApproximate: Double?

    public init(_ test: PairedTTest) {
        cohenDz = test.meanDifference / test.sdDifference
        let df = Double(test.df)
        hedgesGz = Self.hedgesCorrection(df: df).map { $0 * cohenDz }
        hedgesGzApproximate = Self.approximateHedgesCorrection(df: df).map { $0 * cohenDz }
    }

    /// The exact small-sample correction J for `df` degrees of freedom; nil for df ≤ 1.
    public static func hedgesCorrection(df: Double) -> Double? {
        guard df > 1 else { return nil }
        return exp(lgamma(df / 2) - lgamma((df - 1) / 2)) / (df / 2).squareRoot()
    }

    /// The approximation J ≈ 1 − 3/(4·df − 1) (Hedges 1981; Borenstein et al. 2009); nil for df ≤ 1.
    public static func approximateHedgesCorrection(df: Double) -> Double? {
        guard df > 1 else { return nil }
        return 1 - 3 / (4 * df - 1)
    }
}

/// Wilcoxon signed-rank test on post − pre differences, zeros dropped (R and SciPy default).
///
/// Method: the exact null distribution when there are no ties and no zero differences and
/// n ≤ 50 (as SciPy); otherwise the normal approximation with tie correction and continuity
/// correction (as R's `wilcox.test` and SciPy `method="approx", correction=True`).
public struct WilcoxonSignedRank: Sendable, Hashable, Codable {
    public enum Method: String, Sendable, Codable {
        case exact
        case normalApproximation = "normal approximation with tie and continuity corrections"
    }

    /// Non-zero differences ranked.
    public var n: Int
    /// Zero differences dropped before ranking.
    public var zeros: Int
    /// Sum of ranks of positive differences (R's V).
    public var wPlus: Double
    /// Sum of ranks of negative differences.
    public var wMinus: Double
    /// min(W⁺, W⁻), SciPy's two-sided statistic.
    public var statistic: Double
    /// Two-sided p.
    public var p: Double
    public var method: Method

    /// Nil when every difference is zero.
    /// - Parameter decimals: differences are rounded to this many decimals before ranking, so
    ///   floating-point noise does not split ties.
    public init?(before: [Double], after: [Double], decimals: Int = 10) {
        precondition(before.count == after.count, "paired data needs equal lengths")
        let scale = pow(10.0, Double(decimals))
        let all = zip(after, before).map { (($0 - $1) * scale).rounded() / scale }
        let differences = all.filter { $0 != 0 }
        zeros = all.count - differences.count
        n = differences.count
        guard n > 0 else { return nil }
        let order = differences.indices.sorted { abs(differences[$0]) < abs(differences[$1]) }
        var ranks = [Double](repeating: 0, count: n)
        var tieSizes: [Int] = []
        var start = 0
        while start < n {
            var end = start
            while end + 1 < n && abs(differences[order[end + 1]]) == abs(differences[order[start]]) { end += 1 }
            let averageRank = Double(start + end + 2) / 2
            for position in start...end { ranks[order[position]] = averageRank }
            tieSizes.append(end - start + 1)
            start = end + 1
        }
        wPlus = differences.indices.filter { differences[$0] > 0 }.reduce(0) { $0 + ranks[$1] }
        wMinus = differences.indices.filter { differences[$0] < 0 }.reduce(0) { $0 + ranks[$1] }
        statistic = min(wPlus, wMinus)
        let hasTies = tieSizes.contains { $0 > 1 }
        if !hasTies && zeros == 0 && n <= 50 {
            method = .exact
            p = min(1, 2 * Self.exactLowerTail(Int(statistic), n: n))
        } else {
            method = .normalApproximation
            let nn = Double(n)
            let centred = wPlus - nn * (nn + 1) / 4
            let tieTerm = tieSizes.reduce(0.0) { $0 + Double($1 * $1 * $1 - $1) } / 48
            let sigma = (nn * (nn + 1) * (2 * nn + 1) / 24 - tieTerm).squareRoot()
            let correction = centred > 0 ? 0.5 : (centred < 0 ? -0.5 : 0)
            let z = (centred - correction) / sigma
            p = min(1, 2 * min(Distributions.normalCDF(z), Distributions.normalUpperTail(z)))
        }
    }

    /// P(W ≤ w) under the null for n untied ranks: counts of subsets of {1…n} by rank sum.
    static func exactLowerTail(_ w: Int, n: Int) -> Double {
        let maxSum = n * (n + 1) / 2
        var counts = [Double](repeating: 0, count: maxSum + 1)
        counts[0] = 1
        for rank in 1...n {
            for sum in stride(from: maxSum, through: rank, by: -1) { counts[sum] += counts[sum - rank] }
        }
        let total = pow(2.0, Double(n))
        return counts[0...min(w, maxSum)].reduce(0, +) / total
    }
}
