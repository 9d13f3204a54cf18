import Foundation

/// How figures are written: one rule for the command line and the reports.
public enum NumberText {
    /// Fixed decimals, for people; nil when the value is missing (the caller writes its placeholder).
    public static func fixed(_ value: Double?, _ decimals: Int = 2) -> String? {
        value.map { String(format: "%.\(decimals)f", $0) }
    }

    /// A p-value for people: three decimals, or "< 0.001" below that.
    public static func p(_ value: Double?) -> String? {
        value.map { $0 < 0.001 ? "< 0.001" : String(format: "%.3f", $0) }
    }

    /// A value for machines (CSV cells): the shortest text that reads back to the same number;
    /// empty when missing.
    public static func exact(_ value: Double?) -> String {
        value.map { "\($0)" } ?? ""
    }
}
