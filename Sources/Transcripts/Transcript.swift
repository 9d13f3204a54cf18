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
/// UTF-8 position of every 64th code point is kept, so a slice walks at most 63 code points (in
/// bytes) to reach its start. Build it once per text when slicing many passages (codings, turns,
/// quotes).
public struct TextOffsets: Sendable {
    private static let stride = 64
    public let text: String
    /// The UTF-8 offset of every 64th code point.
    private let marks: [Int]

    public init(_ text: String) {
        var text = text
        // Bytes are read in place below, and byte offsets become indices without walking.
        text.makeContiguousUTF8()
        self.text = text
        var marks: [Int] = []
        marks.reserveCapacity(text.utf8.count / Self.stride + 1)
        text.withUTF8Bytes { bytes in
            // A code point starts at every byte that is not a continuation byte.
            var count = 0
            for (offset, byte) in bytes.enumerated() where !UTF8.isContinuation(byte) {
                if count % Self.stride == 0 { marks.append(offset) }
                count += 1
            }
        }
        self.marks = marks
    }

    /// The text between two code-point offsets (clamped to the text).
    public func slice(_ start: Int, _ end: Int) -> String {
        text.withUTF8Bytes { bytes in
            let (from, to) = span(start, end, bytes)
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
        }
    }

    /// The passage between two code-point offsets cut for display (see ``Excerpt/cut(_:to:)``),
    /// without copying the whole passage first.
    public func excerpt(_ start: Int, _ end: Int, limit: Int) -> String {
        text.withUTF8Bytes { bytes in
            let (from, to) = span(start, end, bytes)
            if let cut = Excerpt.verbatimCut(UnsafeBufferPointer(rebasing: bytes[from..<to]), to: limit) { return cut }
            let utf8 = text.utf8
            return Excerpt.cut(text.unicodeScalars[utf8.index(utf8.startIndex, offsetBy: from)
                                                       ..< utf8.index(utf8.startIndex, offsetBy: to)], to: limit)
        }
    }

    /// The UTF-8 offsets of two code-point offsets, clamped to the text and to each other.
    private func span(_ start: Int, _ end: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        let start = max(start, 0), from = offset(start, bytes)
        return (from, end > start ? offset(end, bytes) : from)
    }

    /// Where the code point at `offset` starts in the UTF-8 bytes, or their end.
    private func offset(_ offset: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let mark = offset / Self.stride
        guard mark < marks.count else { return bytes.count }
        var position = marks[mark]
        for _ in 0..<(offset - mark * Self.stride) {
            guard position < bytes.count else { break }
            position += 1
            while position < bytes.count, UTF8.isContinuation(bytes[position]) { position += 1 }
        }
        return position
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

    /// The common case without copying code point by code point: white space in the passage (its
    /// UTF-8 bytes) is single spaces between words, so what is kept is a stretch of the text itself.
    /// Nil otherwise.
    static func verbatimCut(_ bytes: UnsafeBufferPointer<UInt8>, to limit: Int) -> String? {
        // Positions are counted in bytes from the passage's start.
        var count = 0, offset = 0
        var pendingSpace: Int?
        var lastSpace: (count: Int, offset: Int)?
        var kept: Int?, cut = false
        while offset < bytes.count {
            let (scalar, width) = scalar(at: offset, in: bytes)
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
            offset += width
        }
        if !cut, let space = pendingSpace { kept = space }
        func head(_ end: Int?) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[..<(end ?? bytes.count)]), as: UTF8.self)
        }
        guard cut else { return head(kept) }
        guard let lastSpace, lastSpace.count >= limit / 2 else { return head(kept) + "…" }
        var words = Substring(head(lastSpace.offset)).unicodeScalars
        while let first = words.first, isTrimmed(first) { words.removeFirst() }
        while let last = words.last, isTrimmed(last) { words.removeLast() }
        return String(words) + "…"
    }

    /// The code point starting at `offset` in valid UTF-8, and how many bytes it takes.
    private static func scalar(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[offset])
        guard lead >= 0x80 else { return (Unicode.Scalar(UInt8(lead)), 1) }
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = lead & (0x7F >> width)
        for next in 1..<width { value = value << 6 | UInt32(bytes[offset + next] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
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
