/// How respondents with unanswered items enter a reliability estimate.
public enum MissingDataPolicy: String, Sendable, CaseIterable, Codable {
    /// Only respondents who answered every item (pingouin `nan_policy="listwise"`).
    case listwise
    /// Each covariance from the respondents who answered both items (psych `alpha()` default,
    /// pingouin `nan_policy="pairwise"`).
    case pairwise
}

/// Cronbach's α for a set of items.
public struct CronbachAlpha: Sendable, Hashable, Codable {
    /// α = k/(k−1) · (1 − Σ item variances / variance of the total), from the item covariance matrix.
    public var alpha: Double
    /// Respondents used: complete cases (listwise) or respondents with at least one answer (pairwise).
    public var n: Int
    /// Number of items.
    public var k: Int
    public var policy: MissingDataPolicy

    /// Computes α; `responses[r][i]` is respondent r's score on item i (nil when unanswered).
    /// Returns nil when fewer than two items or too few respondents leave α undefined.
    public init?(_ responses: [[Double?]], policy: MissingDataPolicy) {
        guard let k = responses.first?.count, k >= 2 else { return nil }
        precondition(responses.allSatisfy { $0.count == k }, "every respondent needs one entry per item")
        let rows: [[Double?]]
        switch policy {
        case .listwise: rows = responses.filter { $0.allSatisfy { $0 != nil } }
        case .pairwise: rows = responses.filter { $0.contains { $0 != nil } }
        }
        var covarianceSum = 0.0
        var varianceSum = 0.0
        for i in 0..<k {
            for j in i..<k {
                var x: [Double] = []
                var y: [Double] = []
                for row in rows {
                    if let a = row[i], let b = row[j] {
                        x.append(a)
                        y.append(b)
                    }
                }
                guard let covariance = Descriptive.covariance(x, y) else { return nil }
                if i == j {
                    varianceSum += covariance
                    covarianceSum += covariance
                } else {
                    covarianceSum += 2 * covariance
                }
            }
        }
        guard covarianceSum > 0 else { return nil }
        self.alpha = Double(k) / Double(k - 1) * (1 - varianceSum / covarianceSum)
        self.n = rows.count
        self.k = k
        self.policy = policy
    }
}

/// The change one person's score must exceed to count as reliable at 95% (Jacobson & Truax):
/// 1.96 · SD · √2 · √(1 − reliability), from published norms.
public func reliableChangeThreshold(sd: Double, reliability: Double) -> Double {
    1.959963984540054 * sd * 2.0.squareRoot() * (1 - reliability).squareRoot()
}
