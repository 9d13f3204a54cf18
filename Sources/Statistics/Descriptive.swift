/// Descriptive statistics over complete data (callers drop missing values first).
public enum Descriptive {
    /// The arithmetic mean; nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// The sample variance (denominator n − 1); nil for fewer than two values.
    public static func variance(_ values: [Double]) -> Double? {
        guard values.count > 1, let mean = mean(values) else { return nil }
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    }

    /// The sample standard deviation (denominator n − 1).
    public static func standardDeviation(_ values: [Double]) -> Double? {
        variance(values).map { $0.squareRoot() }
    }

    /// The sample covariance of paired values (denominator n − 1); nil for fewer than two pairs.
    public static func covariance(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "covariance needs paired values")
        guard x.count > 1, let mx = mean(x), let my = mean(y) else { return nil }
        var sum = 0.0
        for index in x.indices { sum += (x[index] - mx) * (y[index] - my) }
        return sum / Double(x.count - 1)
    }

    /// The median; nil for no values.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}
