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
        /// The plain `Name: text` form, read by ``SpeakerTurns/plainLabel(in:)`` where that is equivalent.
        var isPlainLabel = false
    }

    /// The built-in label forms.
    public static let standard = SpeakerTurns(patterns: [
        Pattern(regex: try! Regex(#"^\[(?<speaker>[^\]\n]{1,60})\]:?[ \t]*(?<text>.*)$"#), mayMatch: { $0.utf8.first == UInt8(ascii: "[") }),
        Pattern(regex: try! Regex(#"^\{(?<speaker>[^}\n]{1,60})\}:?[ \t]*(?<text>.*)$"#), mayMatch: { $0.utf8.first == UInt8(ascii: "{") }),
        Pattern(regex: try! Regex(#"^#(?<speaker>[^:\n]{1,60}):[ \t]*(?<text>.*)$"#), mayMatch: { $0.utf8.first == UInt8(ascii: "#") }),
        Pattern(regex: try! Regex(
            #"^(?<speaker>[^:\[\]{}()\n]{1,60}?)[ \t]*\((?<time>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\)[ \t]*:?[ \t]*(?<text>.*)$"#),
                mayMatch: { $0.withUTF8Bytes { $0.contains(UInt8(ascii: "(")) } }),
        // The label is at most 41 characters, so its colon comes within the first 42.
        Pattern(regex: try! Regex(#"^(?<speaker>\p{L}[\p{L}\p{N} .'’\-]{0,40}?):(?:[ \t]+(?<text>.*))?$"#),
                mayMatch: { $0.unicodeScalars.prefix(42).contains(":") }, isPlainLabel: true),
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
    /// - Parameter labelLines: the lines (0-based) where a speaker label may stand, when the source
    ///   knows (a Word paragraph's first line); every other line continues the turn. Nil: every line.
    public func turns(in text: String, labelLines: Set<Int>? = nil) -> Transcript {
        var text = text
        text.makeContiguousUTF8()
        let utf8 = text.utf8
        // A turn's bounds in code points (what is stored) and in UTF-8 bytes (to cut its text).
        typealias Open = (speaker: String?, start: Int, end: Int, bytes: Range<Int>, time: Double?)
        var found: [Open] = []
        var current: Open?
        var unlabelled: Open?
        func close() {
            if let open = current { found.append(open) }
            if let open = unlabelled { found.append(open) }
            (current, unlabelled) = (nil, nil)
        }
        func index(_ byte: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: byte) }
        // Lines are found on the bytes: a line feed byte is always a line feed, never joins a
        // grapheme cluster, and counting code points is counting the bytes that start one.
        text.withUTF8Bytes { bytes in
            func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            var offset = 0, lineStart = 0, lineNumber = 0
            while lineStart <= bytes.count {
                let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                let length = codePoints(in: UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]))
                defer { (offset, lineStart, lineNumber) = (offset + length + 1, lineEnd + 1, lineNumber + 1) }
                let line = text[index(lineStart)..<index(lineEnd)]
                var blank = lineStart
                while blank < lineEnd, isBlank(bytes[blank]) { blank += 1 }
                var leading = blank - lineStart, isEmpty = blank == lineEnd
                if blank > lineStart, blank < lineEnd, bytes[blank] >= 0x80 {
                    // A combining mark may join the last blank into another character.
                    let content = line.drop { $0 == " " || $0 == "\t" }
                    (leading, isEmpty) = (line.unicodeScalars.count - content.unicodeScalars.count, content.isEmpty)
                }
                guard !isEmpty else {
                    if unlabelled != nil { close() }
                    continue
                }
                var back = lineEnd
                while back > lineStart, isBlank(bytes[back - 1]) { back -= 1 }
                let end = offset + length - (lineEnd - back)
                if labelLines?.contains(lineNumber) != false, let match = label(in: line) {
                    close()
                    let start = offset + match.textOffset, startByte = lineStart + match.textByte
                    current = (match.speaker, start, max(start, end), startByte..<max(startByte, back), match.time)
                } else if current != nil {
                    current!.end = end
                    current!.bytes = current!.bytes.lowerBound..<back
                } else if unlabelled != nil {
                    unlabelled!.end = end
                    unlabelled!.bytes = unlabelled!.bytes.lowerBound..<back
                } else {
                    unlabelled = (nil, offset + leading, end, (lineStart + leading)..<back, nil)
                }
            }
        }
        close()
        return Transcript(text: text, turns: found.map { open in
            Transcript.Turn(speaker: open.speaker, text: String(text[index(open.bytes.lowerBound)..<index(open.bytes.upperBound)]),
                            start: open.start, end: open.end, startTime: open.time)
        })
    }

    /// The label a line starts with: the speaker, where the text starts (in code points and in
    /// bytes from the line's start) and the time it gives.
    private func label(in line: Substring) -> (speaker: String, textOffset: Int, textByte: Int, time: Double?)? {
        for pattern in patterns where pattern.mayMatch(line) {
            if pattern.isPlainLabel, let plain = Self.plainLabel(in: line) {
                guard let (name, offset) = plain else { continue }
                return (name, offset, offset, nil)
            }
            guard let match = try? pattern.regex.wholeMatch(in: line),
                  let speaker = match.output["speaker"]?.substring else { continue }
            let name = speaker.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.split(separator: " ").count <= 6 else { continue }
            let textStart = match.output["text"]?.substring?.startIndex ?? line.endIndex
            let offset = line.unicodeScalars.distance(from: line.startIndex, to: textStart)
            let time = match.output["time"]?.substring.flatMap { Timecode.seconds(String($0)) }
            return (name, offset, line.utf8.distance(from: line.startIndex, to: textStart), time)
        }
        return nil
    }

    /// The plain `Name: text` label read without the regular expression, for lines where that is
    /// exactly equivalent: an ASCII name and no line-breaking character (which the expression's
    /// `.` would not match). Returns nil when the expression must decide, `.some(nil)` for no label.
    static func plainLabel(in line: Substring) -> (name: String, textOffset: Int)?? {
        let bytes = line.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return .some(nil) }
        let name = bytes[..<colon]
        guard name.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard name.count <= 41, let first = name.first else { return .some(nil) }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        func isNameByte(_ byte: UInt8) -> Bool {
            isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: " ") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "'")
                || byte == UInt8(ascii: "-")
        }
        guard isLetter(first), name.dropFirst().allSatisfy(isNameByte) else { return .some(nil) }
        var rest = bytes[bytes.index(after: colon)...]
        // Characters that end a line for the expression's `.`: VT, FF, CR, NEL, LS, PS.
        func breaksLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var previous: (UInt8, UInt8) = (0, 0)
            for byte in bytes {
                if byte == 0x0B || byte == 0x0C || byte == 0x0D { return true }
                if (previous.1 == 0xC2 && byte == 0x85) || (previous == (0xE2, 0x80) && (byte == 0xA8 || byte == 0xA9)) {
                    return true
                }
                previous = (previous.1, byte)
            }
            return false
        }
        if Substring(rest).withUTF8Bytes(breaksLine) { return nil }
        if let space = rest.first {
            guard space == UInt8(ascii: " ") || space == UInt8(ascii: "\t") else { return .some(nil) }
            rest = rest.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            // A combining mark there would join the space into another character for the expression.
            if let next = rest.first, next >= 0x80 { return nil }
        }
        let speaker = String(decoding: name, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard !speaker.isEmpty, speaker.split(separator: " ").count <= 6 else { return .some(nil) }
        // ASCII up to the text: its offset in code points is its offset in bytes.
        return .some((speaker, bytes.distance(from: bytes.startIndex, to: rest.startIndex)))
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
