import Foundation

/// Keyword in context: every occurrence of a term in a text, ignoring case and accents, with the
/// words around it. Offsets are code points into the text, as codings store them.
public struct KeywordSearch: Sendable {
    /// One occurrence: the match `[start, end)` and up to `context` code points either side.
    public struct Hit: Sendable, Hashable, Codable {
        public var start: Int
        public var end: Int
        public var before: String
        public var match: String
        public var after: String
    }

    private let needle: [Unicode.Scalar]

    /// A search for `term` (nil when the term has no letters to look for).
    public init?(_ term: String) {
        needle = term.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars.map(Self.fold)
        if needle.isEmpty { return nil }
    }

    /// Every occurrence in `text`, left to right, not overlapping.
    public func hits(in text: String, context: Int = 60, limit: Int = .max) -> [Hit] {
        let scalars = Array(text.unicodeScalars)
        let folded = scalars.map(Self.fold)
        var hits: [Hit] = []
        var offset = 0
        while offset + needle.count <= folded.count, hits.count < limit {
            guard folded[offset] == needle[0], folded[offset..<offset + needle.count].elementsEqual(needle) else {
                offset += 1
                continue
            }
            let end = offset + needle.count
            func text(_ from: Int, _ to: Int) -> String {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[max(from, 0)..<min(to, scalars.count)])
                return String(view)
            }
            hits.append(Hit(start: offset, end: end, before: text(offset - context, offset), match: text(offset, end),
                            after: text(end, end + context)))
            offset = end
        }
        return hits
    }

    /// One code point without case or accent, when that stays one code point (so offsets carry over).
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            let value = scalar.value
            return value >= 65 && value <= 90 ? Unicode.Scalar(value + 32)! : scalar
        }
        let folded = String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).unicodeScalars
        return folded.count == 1 ? folded.first! : scalar
    }
}
