public import Transcripts

/// Replaces real names with pseudonyms in transcripts, for anonymised output: in speaker labels and
/// inside the text (whole words, any case, the longest name first, e.g. "Jane Smith" before "Jane").
/// Turn offsets are recomputed for the anonymised text, so they still round-trip.
public struct Pseudonymiser {
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
        guard !names.isEmpty else { return transcript }
        var text = transcript.text
        let matches: [KeywordMatcher.Match] = text.withUTF8 { bytes in
            let all = matcher.allMatches(in: bytes).filter { AutoCoder.isWholeWord($0, in: bytes) }
                .sorted { ($0.start, $1.end - $1.start) < ($1.start, $0.end - $0.start) }
            var chosen: [KeywordMatcher.Match] = []
            for match in all where match.start >= (chosen.last?.end ?? 0) { chosen.append(match) }
            return chosen
        }
        guard !matches.isEmpty else { return relabel(transcript) }
        // Byte offsets → code-point offsets at the match boundaries, in one pass.
        var scalarAt: [Int: Int] = [:]
        let wanted = Set(matches.flatMap { [$0.start, $0.end] })
        var bytes = 0, scalars = 0
        for scalar in transcript.text.unicodeScalars {
            if wanted.contains(bytes) { scalarAt[bytes] = scalars }
            bytes += String(scalar).utf8.count
            scalars += 1
        }
        if wanted.contains(bytes) { scalarAt[bytes] = scalars }
        let source = Array(transcript.text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var shifts: [(at: Int, delta: Int)] = []
        var position = 0
        for match in matches {
            let start = scalarAt[match.start]!, end = scalarAt[match.end]!
            output.append(contentsOf: source[position..<start])
            let replacement = pseudonyms[match.keyword].unicodeScalars
            output.append(contentsOf: replacement)
            shifts.append((end, replacement.count - (end - start)))
            position = end
        }
        output.append(contentsOf: source[position...])
        func moved(_ offset: Int) -> Int { offset + shifts.filter { $0.at <= offset }.reduce(0) { $0 + $1.delta } }
        let anonymised = String(output)
        let reference = Transcript(text: anonymised, turns: [])
        return relabel(Transcript(text: anonymised, turns: transcript.turns.map { turn in
            var turn = turn
            turn.start = moved(turn.start)
            turn.end = moved(turn.end)
            turn.text = reference.slice(turn.start, turn.end)
            return turn
        }))
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
