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

    /// The text between two code-point offsets.
    public func slice(_ start: Int, _ end: Int) -> String {
        let scalars = text.unicodeScalars
        let from = scalars.index(scalars.startIndex, offsetBy: max(start, 0), limitedBy: scalars.endIndex)
            ?? scalars.endIndex
        let to = scalars.index(from, offsetBy: max(end - max(start, 0), 0), limitedBy: scalars.endIndex)
            ?? scalars.endIndex
        return String(scalars[from..<to])
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
