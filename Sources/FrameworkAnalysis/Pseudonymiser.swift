public import Transcripts

/// Replaces real names with pseudonyms in transcripts, for anonymised output: in speaker labels and
/// inside the text (whole words, any case, the longest name first, e.g. "Jane Smith" before "Jane").
/// Turn offsets are recomputed for the anonymised text, so they still round-trip.
public struct Pseudonymiser: Sendable {
    private let names: [String]
    private let pseudonyms: [String]
    private let lookup: [String: String]
    private let matcher: KeywordMatcher

    /// - Parameter pseudonyms: real name → pseudonym.
    public init(pseudonyms map: [String: String]) {
        let pairs = map.filter { !$0.key.isEmpty }.sorted { $0.key.count > $1.key.count }
        names = pairs.map(\.key)
        pseudonyms = pairs.map(\.value)
        lookup = Dictionary(pairs.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        matcher = KeywordMatcher(keywords: names)
    }

    /// The transcript with every real name replaced by its pseudonym.
    public func apply(_ transcript: Transcript) -> Transcript {
        guard let (anonymised, moved) = replace(transcript.text) else { return relabel(transcript) }
        let reference = TextOffsets(anonymised)
        return relabel(Transcript(text: anonymised, turns: transcript.turns.map { turn in
            var turn = turn
            turn.start = moved(turn.start)
            turn.end = moved(turn.end)
            turn.text = reference.slice(turn.start, turn.end)
            return turn
        }))
    }

    /// `text` with every real name replaced by its pseudonym.
    public func apply(text: String) -> String {
        replace(text)?.text ?? text
    }

    /// `text` anonymised, with passages (code-point offsets, end exclusive) moved to the same words
    /// in the anonymised text.
    public func apply(text: String, spans: [(start: Int, end: Int)]) -> (text: String, spans: [(start: Int, end: Int)]) {
        guard let (anonymised, moved) = replace(text) else { return (text, spans) }
        return (anonymised, spans.map { (moved($0.start), moved($0.end)) })
    }

    /// The text with names replaced and a map from old to new code-point offsets; nil when no name occurs.
    private func replace(_ text: String) -> (text: String, moved: (Int) -> Int)? {
        guard !names.isEmpty else { return nil }
        var text = text
        let matches: [KeywordMatcher.Match] = text.withUTF8 { bytes in
            let all = matcher.allMatches(in: bytes).filter { AutoCoder.isWholeWord($0, in: bytes) }
                .sorted { ($0.start, $1.end - $1.start) < ($1.start, $0.end - $0.start) }
            var chosen: [KeywordMatcher.Match] = []
            for match in all where match.start >= (chosen.last?.end ?? 0) { chosen.append(match) }
            return chosen
        }
        guard !matches.isEmpty else { return nil }
        // Byte offsets → code-point offsets at the match boundaries, in one pass.
        var scalarAt: [Int: Int] = [:]
        let wanted = Set(matches.flatMap { [$0.start, $0.end] })
        var bytes = 0, scalars = 0
        for scalar in text.unicodeScalars {
            if wanted.contains(bytes) { scalarAt[bytes] = scalars }
            bytes += String(scalar).utf8.count
            scalars += 1
        }
        if wanted.contains(bytes) { scalarAt[bytes] = scalars }
        let source = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        // After each replaced name ends (old offset), the total shift so far.
        var ends: [Int] = []
        var shifts: [Int] = []
        var position = 0
        for match in matches {
            let start = scalarAt[match.start]!, end = scalarAt[match.end]!
            output.append(contentsOf: source[position..<start])
            let replacement = pseudonyms[match.keyword].unicodeScalars
            output.append(contentsOf: replacement)
            ends.append(end)
            shifts.append((shifts.last ?? 0) + replacement.count - (end - start))
            position = end
        }
        output.append(contentsOf: source[position...])
        let moved: (Int) -> Int = { offset in
            // The last name ending at or before `offset` gives the shift (binary search).
            var low = 0, high = ends.count
            while low < high {
                let middle = (low + high) / 2
                if ends[middle] <= offset { low = middle + 1 } else { high = middle }
            }
            return offset + (low == 0 ? 0 : shifts[low - 1])
        }
        return (String(output), moved)
    }

    private func relabel(_ transcript: Transcript) -> Transcript {
        var transcript = transcript
        for index in transcript.turns.indices {
            if let speaker = transcript.turns[index].speaker, let pseudonym = lookup[speaker.lowercased()] {
                transcript.turns[index].speaker = pseudonym
            }
        }
        return transcript
    }
}
