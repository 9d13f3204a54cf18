import Foundation

/// Turns raw bytes into the workbench's plain-text form: UTF-8 (refusing invalid sequences), no
/// byte-order mark, LF line endings (CRLF and CR converted), Unicode NFC.
public enum TextNormalisation {
    /// The largest text file accepted, in bytes.
    public static let maxBytes = 64 << 20

    /// Normalises `bytes` read from `file` (the name is used in errors).
    /// - Throws: ``TranscriptError`` for invalid UTF-8 (with the line and byte offset) or an oversized file.
    public static func normalise(_ bytes: [UInt8], file: String) throws(TranscriptError) -> String {
        guard bytes.count <= maxBytes else {
            throw TranscriptError("\(file): \(bytes.count) bytes, over the limit of \(maxBytes) bytes")
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.starts(with: [0xFF, 0xFE]) || body.starts(with: [0xFE, 0xFF]) {
            throw TranscriptError("\(file): the file is UTF-16; save it as UTF-8")
        }
        guard let decoded = String(validating: body, as: UTF8.self) else {
            let (line, offset) = firstInvalidUTF8(body)
            throw TranscriptError("\(file):\(line): invalid UTF-8 at byte \(offset); save the file as UTF-8")
        }
        let text = lineEndingsToLF(decoded)
        return isNFC(text) ? text : text.precomposedStringWithCanonicalMapping
    }

    /// True when no code point of `text` can change under NFC: all lie below U+0300 (where nothing
    /// decomposes or combines), in General Punctuation after the two quads (curly quotes, dashes),
    /// or among the emoji. Most transcripts are, and skip normalising.
    static func isNFC(_ text: String) -> Bool {
        // Read on the UTF-8 bytes: below 0xCC only ASCII, continuation bytes and the lead bytes of
        // U+0080–U+02FF; the two other ranges are told by their lead and second (or third) bytes.
        text.withUTF8Bytes { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0xCC {
                    index += 1
                } else if byte == 0xE2, index + 2 < bytes.count,
                          (bytes[index + 1] == 0x80 && bytes[index + 2] >= 0x82) || (bytes[index + 1] == 0x81 && bytes[index + 2] <= 0xAF) {
                    index += 3
                } else if byte == 0xF0, index + 3 < bytes.count, bytes[index + 1] == 0x9F, (0x8C...0xAB).contains(bytes[index + 2]) {
                    index += 4
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// CRLF and lone CR become LF.
    static func lineEndingsToLF(_ text: String) -> String {
        guard text.withUTF8Bytes({ $0.contains(13) }) else { return text }
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// 1-based line and 0-based byte offset of the first invalid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> (line: Int, offset: Int) {
        var line = 1
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            let length: Int = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            let end = index + length
            if length == 0 || end > bytes.endIndex || String(validating: bytes[index..<end], as: UTF8.self) == nil {
                return (line, index - bytes.startIndex)
            }
            if byte == 10 { line += 1 }
            index = end
        }
        return (line, bytes.count)
    }
}
