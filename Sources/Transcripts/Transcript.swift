import Foundation

/// A transcript as the workbench keeps it: normalised plain text (UTF-8, NFC, LF line endings,
/// no BOM) and the speaker turns inside it.
///
/// Offsets are Unicode code points into ``text``, end exclusive (the REFI-QDA rule), so the text
/// of a turn is exactly `text.unicodeScalars[start..<end]`.
public struct Transcript: Sendable, Hashable {
    public var text: String
    public var turns: [Turn]

    public init(text: String, turns: [Turn]) {
        self.text = text
        self.turns = turns
    }

    /// One speaker turn.
    public struct Turn: Sendable, Hashable, Codable {
        /// The speaker as written in the source (nil when the source names none).
        public var speaker: String?
        public var text: String
        /// Code-point offsets into the transcript's text, end exclusive.
        public var start: Int
        public var end: Int
        /// Media time in seconds, when the source gives it (WebVTT, SRT, `Name (00:01:02):`).
        public var startTime: Double?
        public var endTime: Double?

        public init(speaker: String?, text: String, start: Int, end: Int, startTime: Double? = nil,
                    endTime: Double? = nil) {
            self.speaker = speaker
            self.text = text
            self.start = start
            self.end = end
            self.startTime = startTime
            self.endTime = endTime
        }
    }

    /// The text between two code-point offsets. For many slices of one text use ``TextOffsets``.
    public func slice(_ start: Int, _ end: Int) -> String {
        let scalars = text.unicodeScalars, start = max(start, 0)
        let from = scalars.index(scalars.startIndex, offsetBy: start, limitedBy: scalars.endIndex) ?? scalars.endIndex
        let to = scalars.index(from, offsetBy: max(end - start, 0), limitedBy: scalars.endIndex) ?? scalars.endIndex
        return String(scalars[from..<to])
    }
}

/// Code-point offsets into one text, resolved without walking from its start each time: the
/// position of every 64th code point is kept, so a slice walks at most 63 code points to reach
/// its start. Build it once per text when slicing many passages (codings, turns, quotes).
public struct TextOffsets: Sendable {
    private static let stride = 64
    public let text: String
    private let marks: [String.Index]

    public init(_ text: String) {
        self.text = text
        var marks: [String.Index] = []
        marks.reserveCapacity(text.utf8.count / Self.stride + 1)
        let utf8 = text.utf8
        text.withUTF8Bytes { bytes in
            // A code point starts at every byte that is not a continuation byte, and the UTF-8 view
            // of a native string reaches a byte offset without walking.
            var count = 0
            for (offset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
                if count % Self.stride == 0 { marks.append(utf8.index(utf8.startIndex, offsetBy: offset)) }
                count += 1
            }
        }
        self.marks = marks
    }

    /// The text between two code-point offsets (clamped to the text).
    public func slice(_ start: Int, _ end: Int) -> String { String(scalars(start, end)) }

    /// The passage between two code-point offsets cut for display (see ``Excerpt/cut(_:to:)``),
    /// without copying the whole passage first.
    public func excerpt(_ start: Int, _ end: Int, limit: Int) -> String {
        let passage = scalars(start, end)
        return Excerpt.verbatimCut(passage, to: limit) ?? Excerpt.cut(passage, to: limit)
    }

    /// The code points between two offsets, each found from the nearest mark before it.
    private func scalars(_ start: Int, _ end: Int) -> Substring.UnicodeScalarView {
        let start = max(start, 0), from = index(start)
        return text.unicodeScalars[from..<(end > start ? index(end) : from)]
    }

    /// Where the code point at `offset` starts, or the end of the text.
    private func index(_ offset: Int) -> String.Index {
        let mark = offset / Self.stride
        guard mark < marks.count else { return text.unicodeScalars.endIndex }
        let scalars = text.unicodeScalars
        return scalars.index(marks[mark], offsetBy: offset - mark * Self.stride, limitedBy: scalars.endIndex)
            ?? scalars.endIndex
    }
}

/// Why a transcript could not be read: one line naming the file and, where known, the line.
public struct TranscriptError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Builds a transcript's text and turns, tracking code-point offsets as text is appended.
struct TranscriptBuilder {
    private(set) var text = ""
    private(set) var turns: [Transcript.Turn] = []
    private var length = 0

    /// Appends text that belongs to no turn (labels, separators).
    mutating func append(_ piece: String) {
        text += piece
        length += piece.unicodeScalars.count
    }

    /// Appends a turn's text and records its offsets.
    mutating func appendTurn(speaker: String?, _ piece: String, startTime: Double? = nil, endTime: Double? = nil) {
        let start = length
        append(piece)
        turns.append(Transcript.Turn(speaker: speaker, text: piece, start: start, end: length,
                                     startTime: startTime, endTime: endTime))
    }

    var transcript: Transcript { Transcript(text: text, turns: turns) }
}

/// A passage shortened for display: cut at a word boundary, with an ellipsis when cut.
public enum Excerpt {
    /// `text` in at most `limit` characters (plus the ellipsis), ending at a whole word when it
    /// can; runs of white space become one space.
    public static func cut(_ text: String, to limit: Int) -> String { cut(text.unicodeScalars, to: limit) }

    /// The common case without copying code point by code point: white space in the passage is
    /// single spaces between words, so what is kept is a stretch of the text itself. Nil otherwise.
    static func verbatimCut(_ scalars: Substring.UnicodeScalarView, to limit: Int) -> String? {
        // Positions are counted in UTF-8 bytes from the passage's start: walking by the iterator
        // and reaching a byte offset through the UTF-8 view are both cheaper than scalar indices.
        var count = 0, offset = 0
        var pendingSpace: Int?
        var lastSpace: (count: Int, offset: Int)?
        var kept: Int?, cut = false
        for scalar in scalars {
            if isSpace(scalar) {
                guard scalar == " ", pendingSpace == nil, count > 0 else { return nil }
                pendingSpace = offset
            } else {
                if let space = pendingSpace {
                    guard count < limit else { (kept, cut) = (space, true); break }
                    lastSpace = (count, space)
                    count += 1
                    pendingSpace = nil
                }
                guard count < limit else { (kept, cut) = (offset, true); break }
                count += 1
            }
            offset += UTF8.width(scalar)
        }
        if !cut, let space = pendingSpace { kept = space }
        let utf8 = Substring(scalars).utf8
        func head(_ bytes: Int?) -> Substring.UnicodeScalarView {
            scalars[..<(bytes.map { utf8.index(utf8.startIndex, offsetBy: $0) } ?? scalars.endIndex)]
        }
        guard cut else { return String(head(kept)) }
        guard let lastSpace, lastSpace.count >= limit / 2 else { return String(head(kept)) + "…" }
        var words = head(lastSpace.offset)
        while let first = words.first, isTrimmed(first) { words.removeFirst() }
        while let last = words.last, isTrimmed(last) { words.removeLast() }
        return String(words) + "…"
    }

    static func cut(_ scalars: some Sequence<Unicode.Scalar>, to limit: Int) -> String {
        // One pass over the code points, stopping once past the limit: the coding view cuts
        // thousands of passages per page.
        var head = String.UnicodeScalarView()
        var count = 0, lastSpace: Int?, pendingSpace = false, cut = false
        for scalar in scalars {
            if isSpace(scalar) {
                pendingSpace = !head.isEmpty
                continue
            }
            if pendingSpace {
                guard count < limit else { cut = true; break }
                lastSpace = count
                head.append(" ")
                count += 1
                pendingSpace = false
            }
            guard count < limit else { cut = true; break }
            head.append(scalar)
            count += 1
        }
        guard cut else { return String(head) }
        guard let lastSpace, lastSpace >= limit / 2 else { return String(head) + "…" }
        // The whole words, without punctuation or spaces at either end.
        var words = head.prefix(lastSpace)
        while let first = words.first, isTrimmed(first) { words.removeFirst() }
        while let last = words.last, isTrimmed(last) { words.removeLast() }
        return String(words) + "…"
    }

    /// White space, with a fast path for ASCII.
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar == " " || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace
    }

    /// Punctuation (general categories P*) and horizontal spaces (Zs and tab).
    private static func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .spaceSeparator: true
        default: scalar == "\t"
        }
    }
}
