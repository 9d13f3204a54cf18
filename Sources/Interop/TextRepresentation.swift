import Foundation

/// A source text normalised the workbench's way (no BOM, LF line endings, NFC) together with
/// where each code-point offset of the original lands in the normalised text, so selections made
/// in the original can be moved.
struct TextRepresentation {
    var text: String
    /// `floor[i]`: the normalised offset of original offset `i` (0...count), rounded down to the
    /// start of the character it falls in.
    private var floor: [Int]?
    /// Original offsets that fall inside a character (e.g. between `\r` and `\n`), none when empty.
    private var inside: Set<Int> = []
    private var ceilingOf: [Int: Int] = [:]
    /// The text's length in code points.
    private(set) var length: Int
    /// What normalising changed, for the import's warnings.
    var changes: [String] = []

    init(_ raw: String) {
        let unicode = raw.unicodeScalars
        let hasBOM = unicode.first == "\u{FEFF}"
        let hasCR = raw.utf8.contains(13)
        let (scalarCount, belowCombining) = Self.scan(raw)
        let simple = !hasBOM && !hasCR && belowCombining
        if simple || (!hasBOM && !hasCR && raw.precomposedStringWithCanonicalMappingScalars == Array(unicode)) {
            text = raw
            length = scalarCount
            return
        }
        if hasBOM { changes.append("a byte-order mark") }
        if hasCR { changes.append("CR or CRLF line endings") }
        var output = String.UnicodeScalarView()
        var floor: [Int] = []
        floor.reserveCapacity(unicode.count + 1)
        var count = 0
        var composed = false
        var pendingCeilings: [Int] = []
        var original = 0
        for character in raw {
            let scalars = Array(character.unicodeScalars)
            let replacement: [Unicode.Scalar]
            if original == 0 && scalars == ["\u{FEFF}"] {
                replacement = []
            } else if character == "\r\n" || character == "\r" {
                replacement = ["\n"]
            } else {
                replacement = String(character).precomposedStringWithCanonicalMappingScalars
                if replacement != scalars { composed = true }
            }
            for index in scalars.indices {
                floor.append(count)
                if index > 0 {
                    inside.insert(original + index)
                    pendingCeilings.append(original + index)
                }
            }
            output.append(contentsOf: replacement)
            count += replacement.count
            for offset in pendingCeilings { ceilingOf[offset] = count }
            pendingCeilings.removeAll()
            original += scalars.count
        }
        floor.append(count)
        if composed { changes.append("text not in Unicode NFC") }
        text = String(output)
        length = count
        self.floor = floor
    }

    /// The number of code points in `text`, and whether every one lies below U+0300 (none can
    /// combine or change under NFC), read from its UTF-8 bytes: a code point starts at every byte
    /// that is not a continuation byte, and one at U+0300 or above starts with a byte from 0xCC.
    private static func scan(_ text: String) -> (count: Int, belowCombining: Bool) {
        var text = text
        return text.withUTF8 { bytes in
            var count = 0
            var highest: UInt8 = 0
            for byte in bytes {
                if byte & 0xC0 != 0x80 { count += 1 }
                highest = max(highest, byte)
            }
            return (count, highest < 0xCC)
        }
    }

    /// Where a selection `[start, end)` of the original lies in the normalised text; nil when it
    /// lies outside the original. A boundary inside a character widens the selection to whole characters.
    func move(start: Int, end: Int) -> (start: Int, end: Int, widened: Bool)? {
        guard let floor else {
            return start >= 0 && end <= length && start <= end ? (start, end, false) : nil
        }
        guard start >= 0, end < floor.count, start <= end else { return nil }
        let widened = inside.contains(start) || inside.contains(end)
        return (floor[start], inside.contains(end) ? ceilingOf[end]! : floor[end], widened)
    }
}

extension String {
    /// This string's NFC form as code points.
    fileprivate var precomposedStringWithCanonicalMappingScalars: [Unicode.Scalar] {
        Array(precomposedStringWithCanonicalMapping.unicodeScalars)
    }
}
