import FrameworkAnalysis
import Testing

@Suite("Keyword matcher")
struct KeywordMatcherTests {
    /// Every occurrence of every keyword by brute force over lower-cased bytes (ASCII folding).
    static func bruteForce(_ keywords: [String], _ text: String) -> Set<KeywordMatcher.Match> {
        let haystack = Array(text.lowercased().utf8)
        var found: Set<KeywordMatcher.Match> = []
        for (id, keyword) in keywords.enumerated() {
            let needle = Array(keyword.lowercased().utf8)
            guard !needle.isEmpty, haystack.count >= needle.count else { continue }
            for start in 0...(haystack.count - needle.count) where Array(haystack[start..<start + needle.count]) == needle {
                found.insert(.init(keyword: id, start: start, end: start + needle.count))
            }
        }
        return found
    }

    @Test func findsEveryOccurrenceLikeBruteForce() {
        let keywords = ["confidence", "subject knowledge", "know", "ledge", "he", "she", "his", "hers", "e", "xyz"]
        var seed: UInt64 = 7
        let words = ["she", "sells", "his", "hers", "confidence", "Subject", "knowledge", "KNOW", "ledger", "the", "e"]
        for _ in 0..<50 {
            var text = ""
            for _ in 0..<40 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1
                text += words[Int(seed >> 33) % words.count] + (seed % 3 == 0 ? "\n" : " ")
            }
            let matcher = KeywordMatcher(keywords: keywords)
            #expect(Set(matcher.allMatches(in: text)) == Self.bruteForce(keywords, text))
        }
    }

    @Test func caseInsensitiveBeyondASCII() {
        let matcher = KeywordMatcher(keywords: ["café", "ÉCOLE"])
        let text = "Le CAFÉ et le Café près de l’école"
        let found = matcher.allMatches(in: text).map { $0.keyword }
        #expect(found == [0, 0, 1])
    }

    @Test func leftmostFirstPrefersTheEarlierKeywordAndDoesNotOverlap() {
        var text = "reading age and reading ages"
        let first = KeywordMatcher(keywords: ["reading", "reading age", "age"])
        let second = KeywordMatcher(keywords: ["reading age", "reading", "age"])
        let a = text.withUTF8 { first.leftmostFirstMatches(in: $0) }
        let b = text.withUTF8 { second.leftmostFirstMatches(in: $0) }
        #expect(a.map(\.keyword) == [0, 2, 0, 2])
        #expect(b.map(\.keyword) == [0, 0])
    }
}
