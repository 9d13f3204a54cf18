public import Transcripts
public import WorkbenchKit

/// Applies a coding framework's indicators to transcripts: a turn is coded with a theme when one
/// of the theme's keywords occurs in it as whole words (any case), one of its patterns matches it,
/// or its speaker matches one of the theme's speaker rules. An interviewer's turn is coded only by
/// speaker rules.
public struct AutoCoder {
    /// One automatic coding: a whole turn with a theme.
    public struct Coding: Sendable, Hashable {
        public var turn: Int
        public var theme: String
        public var start: Int
        public var end: Int
    }

    private let matcher: KeywordMatcher
    /// For each keyword of the matcher, the themes it indicates.
    private let keywordThemes: [[String]]
    private let patterns: [(theme: String, regex: Regex<AnyRegexOutput>)]
    private let speakers: [(theme: String, rule: String)]

    /// Compiles the indicators of every theme of `framework`.
    /// - Throws: the regular-expression error of a pattern that does not compile (the plugin loader
    ///   has already refused such files, so this only happens for frameworks built in code).
    public init(_ framework: CodingFramework) throws {
        var keywords: [String] = []
        var index: [String: Int] = [:]
        var themesOf: [[String]] = []
        var patterns: [(String, Regex<AnyRegexOutput>)] = []
        var speakers: [(String, String)] = []
        for (theme, _) in framework.allThemes where theme.isCodable {
            for keyword in theme.indicators.keywords {
                let key = keyword.lowercased()
                if let existing = index[key] {
                    if !themesOf[existing].contains(theme.id) { themesOf[existing].append(theme.id) }
                } else {
                    index[key] = keywords.count
                    keywords.append(keyword)
                    themesOf.append([theme.id])
                }
            }
            for pattern in theme.indicators.patterns {
                patterns.append((theme.id, try Regex(pattern).ignoresCase()))
            }
            speakers += theme.indicators.speakers.map { (theme.id, $0) }
        }
        matcher = KeywordMatcher(keywords: keywords)
        keywordThemes = themesOf
        self.patterns = patterns
        self.speakers = speakers
    }

    /// The codings of one transcript, by turn order then theme.
    /// - Parameter interviewerTurns: positions of the interviewer's turns, which keywords and
    ///   patterns leave alone: only a theme's speaker rule codes them.
    public func code(_ transcript: Transcript, interviewerTurns: Set<Int> = []) -> [Coding] {
        var found = Set<Coding>()
        // Turn boundaries in UTF-8 bytes, to place keyword matches found in the byte stream.
        var scalarOffset = 0, byteOffset = 0
        var boundaries = transcript.turns.flatMap { [$0.start, $0.end] }.sorted()
        boundaries.reverse()
        var bytesAt: [Int: Int] = [:]
        for scalar in transcript.text.unicodeScalars {
            while let next = boundaries.last, next == scalarOffset {
                bytesAt[next] = byteOffset
                boundaries.removeLast()
            }
            scalarOffset += 1
            byteOffset += UTF8.width(scalar)
        }
        for remaining in boundaries { bytesAt[remaining] = byteOffset }
        let byteBounds = transcript.turns.map { (start: bytesAt[$0.start]!, end: bytesAt[$0.end]!) }

        var text = transcript.text
        text.withUTF8 { bytes in
            for match in matcher.allMatches(in: bytes) where Self.isWholeWord(match, in: bytes) {
                guard let turn = Self.turn(containing: match.start, byteBounds), !interviewerTurns.contains(turn) else {
                    continue
                }
                for theme in keywordThemes[match.keyword] {
                    let span = transcript.turns[turn]
                    found.insert(Coding(turn: turn, theme: theme, start: span.start, end: span.end))
                }
            }
        }
        for (position, turn) in transcript.turns.enumerated() {
            for (theme, regex) in patterns where !interviewerTurns.contains(position)
                && (try? regex.firstMatch(in: turn.text)) != nil {
                found.insert(Coding(turn: position, theme: theme, start: turn.start, end: turn.end))
            }
            guard let speaker = turn.speaker else { continue }
            for (theme, rule) in speakers where Self.speaker(speaker, matches: rule) {
                found.insert(Coding(turn: position, theme: theme, start: turn.start, end: turn.end))
            }
        }
        return found.sorted { ($0.turn, $0.theme) < ($1.turn, $1.theme) }
    }

    static func speaker(_ name: String, matches rule: String) -> Bool {
        if rule.hasSuffix("*") { return name.lowercased().hasPrefix(rule.dropLast().lowercased()) }
        return name.lowercased() == rule.lowercased()
    }

    static func turn(containing byte: Int, _ bounds: [(start: Int, end: Int)]) -> Int? {
        var low = 0, high = bounds.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if byte < bounds[middle].start { high = middle - 1 } else if byte >= bounds[middle].end { low = middle + 1 } else { return middle }
        }
        return nil
    }

    /// Whether the match is not part of a longer word (letters or digits on either side).
    static func isWholeWord(_ match: KeywordMatcher.Match, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func isWordByte(_ byte: UInt8) -> Bool {
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 95 || byte >= 0x80
        }
        if match.start > 0 {
            // A non-ASCII character before the match: decode it to see whether it is a letter.
            var index = match.start - 1
            if bytes[index] >= 0x80 {
                while index > 0 && bytes[index] & 0xC0 == 0x80 { index -= 1 }
                if let scalar = String(validating: UnsafeBufferPointer(rebasing: bytes[index..<match.start]), as: UTF8.self)?
                    .unicodeScalars.first, scalar.properties.isAlphabetic { return false }
            } else if isWordByte(bytes[index]) {
                return false
            }
        }
        if match.end < bytes.count {
            let byte = bytes[match.end]
            if byte >= 0x80 {
                var end = match.end + 1
                while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
                if let scalar = String(validating: UnsafeBufferPointer(rebasing: bytes[match.end..<end]), as: UTF8.self)?
                    .unicodeScalars.first, scalar.properties.isAlphabetic { return false }
            } else if isWordByte(byte) {
                return false
            }
        }
        return true
    }
}
