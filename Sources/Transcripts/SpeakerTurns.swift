import Foundation

/// Finds speaker turns in plain text, one speaker label per line start.
///
/// Recognised labels: `Name: text`, `[Name] text`, `{Name} text`, `#Name: text` and
/// `Name (00:01:02): text`, or a custom regular expression with the named groups `speaker` and
/// `text` (and optionally `time`). Lines without a label continue the current turn; text before
/// the first label, or in a file with no labels at all, becomes turns without a speaker, one
/// per paragraph.
public struct SpeakerTurns: Sendable {
    private let patterns: [Pattern]

    struct Pattern: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
        /// A cheap test every line the pattern matches passes, so most lines skip the regex.
        var mayMatch: @Sendable (Substring) -> Bool = { _ in true }
    }

    /// The built-in label forms.
    public static let standard = SpeakerTurns(patterns: [
        Pattern(regex: try! Regex(#"^\[(?<speaker>[^\]\n]{1,60})\]:?[ \t]*(?<text>.*)$"#), mayMatch: { $0.first == "[" }),
        Pattern(regex: try! Regex(#"^\{(?<speaker>[^}\n]{1,60})\}:?[ \t]*(?<text>.*)$"#), mayMatch: { $0.first == "{" }),
        Pattern(regex: try! Regex(#"^#(?<speaker>[^:\n]{1,60}):[ \t]*(?<text>.*)$"#), mayMatch: { $0.first == "#" }),
        Pattern(regex: try! Regex(
            #"^(?<speaker>[^:\[\]{}()\n]{1,60}?)[ \t]*\((?<time>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\)[ \t]*:?[ \t]*(?<text>.*)$"#),
                mayMatch: { $0.utf8.contains(UInt8(ascii: "(")) }),
        // The label is at most 41 characters, so its colon comes within the first 42.
        Pattern(regex: try! Regex(#"^(?<speaker>\p{L}[\p{L}\p{N} .'’\-]{0,40}?):(?:[ \t]+(?<text>.*))?$"#),
                mayMatch: { $0.unicodeScalars.prefix(42).contains(":") }),
    ])

    private init(patterns: [Pattern]) { self.patterns = patterns }

    /// A custom label pattern (tried before the built-in ones).
    /// - Throws: ``TranscriptError`` when the expression does not compile or lacks a `speaker` or `text` group.
    public init(customPattern: String) throws(TranscriptError) {
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(customPattern)
        } catch {
            throw TranscriptError("speaker pattern '\(customPattern)' is not a valid regular expression: \(error)")
        }
        guard customPattern.contains("(?<speaker>"), customPattern.contains("(?<text>") else {
            throw TranscriptError("speaker pattern '\(customPattern)' needs the named groups (?<speaker>…) and (?<text>…)")
        }
        patterns = [Pattern(regex: regex)] + SpeakerTurns.standard.patterns
    }

    /// The turns of `text` (already normalised), with code-point offsets into it.
    public func turns(in text: String) -> Transcript {
        var turns: [Transcript.Turn] = []
        var current: (speaker: String?, start: Int, end: Int, time: Double?)?
        var unlabelled: (start: Int, end: Int)?
        var offset = 0
        func close() {
            if let open = current {
                turns.append(Transcript.Turn(speaker: open.speaker, text: "", start: open.start, end: open.end,
                                             startTime: open.time))
                current = nil
            }
            if let open = unlabelled {
                turns.append(Transcript.Turn(speaker: nil, text: "", start: open.start, end: open.end))
                unlabelled = nil
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let length = line.unicodeScalars.count
            defer { offset += length + 1 }
            let content = line.drop { $0 == " " || $0 == "\t" }
            guard !content.isEmpty else {
                if unlabelled != nil { close() }
                continue
            }
            let leading = line.unicodeScalars.count - content.unicodeScalars.count
            let lineEnd = offset + length - trailingBlankCount(line)
            if let match = label(in: line) {
                close()
                let start = offset + match.textOffset
                current = (match.speaker, start, max(start, lineEnd), match.time)
            } else if current != nil {
                current!.end = lineEnd
            } else if unlabelled != nil {
                unlabelled!.end = lineEnd
            } else {
                unlabelled = (offset + leading, lineEnd)
            }
        }
        close()
        let scalars = Array(text.unicodeScalars)
        for index in turns.indices {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[turns[index].start..<turns[index].end])
            turns[index].text = String(view)
        }
        return Transcript(text: text, turns: turns)
    }

    private func trailingBlankCount(_ line: Substring) -> Int {
        line.unicodeScalars.reversed().prefix { $0 == " " || $0 == "\t" }.count
    }

    private func label(in line: Substring) -> (speaker: String, textOffset: Int, time: Double?)? {
        for pattern in patterns where pattern.mayMatch(line) {
            guard let match = try? pattern.regex.wholeMatch(in: line),
                  let speaker = match.output["speaker"]?.substring else { continue }
            let name = speaker.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.split(separator: " ").count <= 6 else { continue }
            let textStart = match.output["text"]?.substring?.startIndex ?? line.endIndex
            let offset = line.unicodeScalars.distance(from: line.startIndex, to: textStart)
            let time = match.output["time"]?.substring.flatMap { Timecode.seconds(String($0)) }
            return (name, offset, time)
        }
        return nil
    }
}

/// Parses media timestamps: `hh:mm:ss.mmm`, `hh:mm:ss,mmm`, `mm:ss.mmm`, `hh:mm:ss`, `mm:ss`.
enum Timecode {
    static func seconds(_ text: String) -> Double? {
        let parts = text.replacingOccurrences(of: ",", with: ".").split(separator: ":")
        guard (2...3).contains(parts.count) else { return nil }
        var total = 0.0
        for part in parts {
            guard let value = Double(part), value >= 0 else { return nil }
            total = total * 60 + value
        }
        return total
    }
}
