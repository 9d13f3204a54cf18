public import Foundation

extension FrameworkChart {
    /// The chart as `JSONEncoder` writes it with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`,
    /// byte for byte, but written straight into bytes: a corpus's chart holds hundreds of thousands of
    /// passages, and the encoder's tree of values costs more than the rest of the chart.
    /// Bytes rather than `Data`, so a caller can add to them or write them without a copy.
    public func prettyJSON() throws -> [UInt8] {
        var whole: [UInt8] = []
        try writePrettyJSON { whole += $0 }
        return whole
    }

    /// The bytes of ``prettyJSON()`` handed to `write` in pieces of about a megabyte, in order, so
    /// a large chart's JSON is never held whole; the first error `write` throws stops the writing.
    public func writePrettyJSON(to write: ([UInt8]) throws -> Void) throws {
        try withoutActuallyEscaping(write) { write in try writePrettyJSON(into: PrettyJSON(write: write)) }
    }

    private func writePrettyJSON(into json: PrettyJSON) throws {
        var json = json
        try json.object(0) { json, depth in
            json.key("cases", depth)
            try json.array(cases, depth) { json, person, depth in
                try json.object(depth) { json, depth in
                    json.key("attributes", depth)
                    try json.encoded(person.attributes, depth)
                    json.key("name", depth)
                    json.string(person.name)
                }
            }
            json.key("cells", depth)
            json.array(cells, depth) { json, row, depth in
                json.array(row, depth) { json, cell, depth in
                    json.object(depth) { json, depth in
                        json.key("case", depth)
                        json.string(cell.caseName)
                        json.key("coders", depth)
                        json.array(cell.coders, depth) { json, coder, depth in
                            json.object(depth) { json, depth in
                                json.key("coder", depth)
                                json.string(coder.coder)
                                json.key("passages", depth)
                                json.int(coder.passages)
                            }
                        }
                        json.key("codings", depth)
                        json.int(cell.codings)
                        json.key("count", depth)
                        json.int(cell.count)
                        json.key("passages", depth)
                        json.array(cell.passages, depth) { json, passage, depth in json.passage(passage, depth) }
                        json.key("summary", depth)
                        if let summary = cell.summary { json.string(summary) } else { json.out.append(contentsOf: "null".utf8) }
                        json.key("theme", depth)
                        json.string(cell.theme)
                    }
                }
            }
            json.key("coOccurrence", depth)
            json.array(coOccurrence, depth) { json, pair, depth in
                json.object(depth) { json, depth in
                    json.key("count", depth)
                    json.int(pair.count)
                    json.key("first", depth)
                    json.string(pair.first)
                    json.key("second", depth)
                    json.string(pair.second)
                }
            }
            json.key("framework", depth)
            json.string(framework)
            json.key("interviewerCodings", depth)
            json.int(interviewerCodings)
            json.key("outside", depth)
            json.array(outside, depth) { json, passage, depth in json.passage(passage, depth) }
            json.key("themes", depth)
            json.array(themes, depth) { json, theme, depth in
                json.object(depth) { json, depth in
                    json.key("depth", depth)
                    json.int(theme.depth)
                    json.key("id", depth)
                    json.string(theme.id)
                    json.key("name", depth)
                    json.string(theme.name)
                }
            }
        }
        try json.finish()
    }
}

/// Pretty-printed JSON in the layout of Foundation's `JSONEncoder`: two spaces per level,
/// `"key" : value`, empty containers as an opening and a closing line.
private struct PrettyJSON {
    /// How many bytes are gathered before they are handed on.
    static let piece = 1 << 20
    var out: [UInt8] = []
    /// Whether the object being written has a member already, so the next one needs a comma.
    private var hasMember = false
    private let write: ([UInt8]) throws -> Void
    private var failure: (any Error)?

    init(write: @escaping ([UInt8]) throws -> Void) {
        self.write = write
        out.reserveCapacity(Self.piece + (64 << 10))
    }

    /// Hands on what has been gathered once it fills a piece (or always, at the end).
    private mutating func handOn(always: Bool = false) {
        guard out.count >= Self.piece || always, failure == nil else { return }
        do { try write(out) } catch { failure = error }
        out.removeAll(keepingCapacity: true)
    }

    /// Hands on the rest; throws the error the writer threw, if it threw one.
    mutating func finish() throws {
        handOn(always: true)
        if let failure { throw failure }
    }

    /// An object whose members `body` writes with ``key(_:_:)`` (in sorted order) at the depth it is given.
    mutating func object(_ depth: Int, _ body: (inout PrettyJSON, Int) throws -> Void) rethrows {
        out.append(UInt8(ascii: "{"))
        hasMember = false
        try body(&self, depth + 1)
        end(UInt8(ascii: "}"), depth)
    }

    mutating func end(_ bracket: UInt8, _ depth: Int) {
        newline(depth)
        out.append(bracket)
        hasMember = true
    }

    mutating func newline(_ depth: Int) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// `"name" : ` on a new line at `depth`, after a comma unless it is the object's first member.
    mutating func key(_ name: StaticString, _ depth: Int) {
        if hasMember { out.append(UInt8(ascii: ",")) }
        hasMember = true
        newline(depth)
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: "\" : ".utf8)
    }

    mutating func array<Element>(_ elements: [Element], _ depth: Int,
                                 _ element: (inout PrettyJSON, Element, Int) throws -> Void) rethrows {
        out.append(UInt8(ascii: "["))
        if elements.isEmpty { out.append(UInt8(ascii: "\n")) }
        for (index, value) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            newline(depth + 1)
            try element(&self, value, depth + 1)
            handOn()
        }
        end(UInt8(ascii: "]"), depth)
    }

    mutating func passage(_ passage: FrameworkChart.Passage, _ depth: Int) {
        object(depth) { json, depth in
            json.key("coder", depth)
            json.string(passage.coder)
            json.key("end", depth)
            json.int(passage.end)
            if let note = passage.note {
                json.key("note", depth)
                json.string(note)
            }
            json.key("quote", depth)
            json.string(passage.quote)
            json.key("source", depth)
            json.string(passage.source)
            json.key("start", depth)
            json.int(passage.start)
        }
    }

    mutating func int(_ value: Int) { out.append(contentsOf: String(value).utf8) }

    /// A string with JSON's escapes: quote, backslash, and the control characters (short forms where
    /// JSON has them, `\u00XX` in lower-case hex otherwise); everything else as UTF-8.
    mutating func string(_ text: String) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: bytes[start..<index])
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case 0x08: out.append(contentsOf: #"\b"#.utf8)
                case 0x0C: out.append(contentsOf: #"\f"#.utf8)
                case 0x0A: out.append(contentsOf: #"\n"#.utf8)
                case 0x0D: out.append(contentsOf: #"\r"#.utf8)
                case 0x09: out.append(contentsOf: #"\t"#.utf8)
                default:
                    let hex = String(byte, radix: 16)
                    out.append(contentsOf: (#"\u"# + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                }
            }
            out.append(contentsOf: bytes[start...])
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A value whose keys are chosen by users, written by `JSONEncoder` itself so its key order is
    /// the encoder's, then indented to `depth` (the encoder escapes every newline inside strings, so
    /// each raw newline starts a line; blank lines stay blank).
    mutating func encoded(_ value: [String: String], _ depth: Int) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var lineStart = false
        for byte in try encoder.encode(value) {
            if lineStart && byte != UInt8(ascii: "\n") {
                out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
            }
            out.append(byte)
            lineStart = byte == UInt8(ascii: "\n")
        }
    }
}
