public import Foundation

/// A day of the calendar, written `YYYY-MM-DD`: checked once when it is read, compared and
/// stored as that text.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Reads `YYYY-MM-DD`; nil when the text is not a real day in that form.
    public init?(_ text: String) {
        guard let match = text.wholeMatch(of: /([0-9]{4})-([0-9]{2})-([0-9]{2})/),
              let year = Int(match.1), let month = Int(match.2), let day = Int(match.3),
              (1...12).contains(month), (1...Self.days(in: month, of: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Today, in UTC.
    public static func today(_ now: Date = Date()) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDate(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))!
    }

    /// Reads `YYYY-MM-DD`.
    /// - Throws: ``EnquiryError`` naming the text when it is not a real day.
    public static func parse(_ text: String) throws(EnquiryError) -> CalendarDate {
        guard let date = CalendarDate(text) else { throw EnquiryError("'\(text)' is not a date like 2025-03-14") }
        return date
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "'\(text)' is not a date like 2025-03-14"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A value of an enquiry that is not acceptable, in plain words, naming the input it concerns.
public struct EnquiryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The input at fault (e.g. `instrument`), when one is missing.
    public var missingField: String?

    public init(_ description: String, missingField: String? = nil) {
        self.description = description
        self.missingField = missingField
    }
}

extension CalendarDate {
    /// A fixed day written in the source, e.g. `.day("2025-03-14")`; one that is not a real day is a
    /// programming error. (Not a string literal conversion, so `date ?? "open"` cannot compile by accident.)
    public static func day(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(text) else { preconditionFailure("'\(text)' is not a date like 2025-03-14") }
        return date
    }
}
