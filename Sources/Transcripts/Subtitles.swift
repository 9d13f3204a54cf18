import Foundation

/// Reads WebVTT and SRT subtitle files as transcripts: one turn per cue, with its times.
///
/// The transcript text is built as one line per cue, `Speaker: text` when the cue names a
/// speaker (WebVTT `<v Name>` voice tags, or `Name:` at the start of the cue), so turns point
/// into readable plain text. Other markup is removed and entities are decoded.
public enum Subtitles {
    /// Parses normalised WebVTT text.
    /// - Throws: ``TranscriptError`` when the `WEBVTT` header is missing or a timing line is malformed.
    public static func webVTT(_ text: String, file: String) throws(TranscriptError) -> Transcript {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, first.hasPrefix("WEBVTT") else {
            throw TranscriptError("\(file):1: not a WebVTT file (the first line must start with WEBVTT)")
        }
        return try cues(lines, file: file, firstLine: 1)
    }

    /// Parses normalised SRT text: blocks separated by blank lines, each a cue number, a timing
    /// line (`00:00:01,000 --> 00:00:04,000`) and the text.
    /// - Throws: ``TranscriptError`` naming the line of a block without a well-formed timing line.
    public static func srt(_ text: String, file: String) throws(TranscriptError) -> Transcript {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            guard !lines[index].trimmingCharacters(in: .whitespaces).isEmpty else {
                index += 1
                continue
            }
            // A block: an optional cue number, then its timing line.
            let number = lines[index].trimmingCharacters(in: .whitespaces).allSatisfy(\.isNumber)
            let timing = number ? index + 1 : index
            guard timing < lines.count, lines[timing].contains("-->") else {
                let at = min(timing, lines.count - 1)
                throw TranscriptError("\(file):\(at + 1): expected a cue timing line such as "
                                      + "'00:00:01,000 --> 00:00:04,000', found '\(lines[at].prefix(60))'")
            }
            while index < lines.count && !lines[index].trimmingCharacters(in: .whitespaces).isEmpty { index += 1 }
        }
        return try cues(lines, file: file, firstLine: 0)
    }

    private static func cues(_ lines: [String], file: String, firstLine: Int) throws(TranscriptError) -> Transcript {
        var builder = TranscriptBuilder()
        var index = firstLine
        while index < lines.count {
            guard lines[index].contains("-->") else {
                if lines[index].hasPrefix("NOTE") || lines[index].hasPrefix("STYLE") || lines[index].hasPrefix("REGION") {
                    while index < lines.count && !lines[index].isEmpty { index += 1 }
                }
                index += 1
                continue
            }
            let timing = lines[index].components(separatedBy: "-->")
            let startText = timing[0].trimmingCharacters(in: .whitespaces)
            let endText = timing[1].trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
            guard let start = Timecode.seconds(startText), let end = Timecode.seconds(endText) else {
                throw TranscriptError("\(file):\(index + 1): malformed cue timing '\(lines[index])'")
            }
            index += 1
            var cueLines: [String] = []
            while index < lines.count && !lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
                cueLines.append(lines[index])
                index += 1
            }
            var speaker: String?
            var texts: [String] = []
            for line in cueLines {
                var line = line
                if let voice = line.range(of: #"<v(\.[^ >]*)?[ \t]+([^>]+)>"#, options: .regularExpression) {
                    let tag = String(line[voice])
                    speaker = tag.dropFirst(2).drop { $0 != " " && $0 != "\t" }.dropLast()
                        .trimmingCharacters(in: .whitespaces)
                    line.removeSubrange(voice)
                }
                let plain = decodeEntities(line.replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression))
                    .trimmingCharacters(in: .whitespaces)
                if !plain.isEmpty { texts.append(plain) }
            }
            var body = texts.joined(separator: " ")
            if speaker == nil, let colon = body.firstIndex(of: ":"), body.distance(from: body.startIndex, to: colon) <= 40,
               body[body.startIndex..<colon].split(separator: " ").count <= 4, body[body.startIndex..<colon].first?.isLetter == true {
                speaker = String(body[body.startIndex..<colon])
                body = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            guard !body.isEmpty else { continue }
            if let speaker { builder.append("\(speaker): ") }
            builder.appendTurn(speaker: speaker, body, startTime: start, endTime: end)
            builder.append("\n")
        }
        return builder.transcript
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{00A0}").replacingOccurrences(of: "&lrm;", with: "\u{200E}")
            .replacingOccurrences(of: "&rlm;", with: "\u{200F}").replacingOccurrences(of: "&amp;", with: "&")
    }
}
