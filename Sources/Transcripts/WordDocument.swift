public import Foundation
import XMLKit
import ZIPFoundation

/// Reads the paragraphs of a Word `.docx` file: text runs, tabs, line breaks and tables (a
/// transcript table's rows as speaker turns, any other table's cells in order). Deleted text of
/// tracked changes and field codes are left out.
public enum WordDocument {
    /// The largest `word/document.xml` accepted, uncompressed.
    public static let maxDocumentBytes = 64 << 20
    /// A larger expansion than this from compressed to uncompressed size is treated as a zip bomb.
    public static let maxCompressionRatio = 200

    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// The document's paragraphs, in order.
    /// - Throws: ``TranscriptError`` for a file that is not a zip archive, has no `word/document.xml`,
    ///   expands beyond the limits (zip bombs), or holds malformed XML.
    public static func paragraphs(of url: URL) throws(TranscriptError) -> [String] {
        let file = url.path
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw TranscriptError("\(file): not a .docx file (it is not a zip archive)")
        }
        guard let entry = archive["word/document.xml"] else {
            throw TranscriptError("\(file): not a .docx file (no word/document.xml in the archive)")
        }
        let declared = Int(clamping: entry.uncompressedSize)
        let compressed = max(Int(clamping: entry.compressedSize), 1)
        func refusal(_ size: Int) -> TranscriptError {
            let text = "\(file): word/document.xml"
            guard size <= maxDocumentBytes else {
                return TranscriptError("\(text) holds \(sizeText(size)) of text, over the limit of \(sizeText(maxDocumentBytes)) "
                                       + "for one transcript; split the document")
            }
            return TranscriptError("\(text) expands \(size / compressed) times (\(sizeText(compressed)) to \(sizeText(size))), over "
                                   + "the limit of \(maxCompressionRatio) times; refused as a possible zip bomb")
        }
        guard declared <= maxDocumentBytes, declared / compressed <= maxCompressionRatio else { throw refusal(declared) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(declared)
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                // The declared size cannot be trusted: count what really comes out.
                guard bytes.count + chunk.count <= maxDocumentBytes,
                      (bytes.count + chunk.count) / compressed <= maxCompressionRatio else {
                    throw refusal(bytes.count + chunk.count)
                }
                bytes.append(contentsOf: chunk)
            }
        } catch let error as TranscriptError {
            throw error
        } catch {
            throw TranscriptError("\(file): the archive is damaged (\(error))")
        }
        return try paragraphs(inDocumentXML: bytes, name: "\(file)!word/document.xml")
    }

    /// The paragraphs of a `word/document.xml` part.
    static func paragraphs(inDocumentXML bytes: [UInt8], name: String) throws(TranscriptError) -> [String] {
        var paragraphs: [String] = []
        var stack: [String] = []
        var inText = false
        // The outermost table being read: its rows, each a list of cells, each a list of paragraphs.
        // Paragraphs of nested tables belong to the outer cell they sit in.
        var tableDepth = 0
        var rows: [[[String]]] = []
        func finish(_ paragraph: String) {
            guard tableDepth > 0 else { return paragraphs.append(paragraph) }
            if rows.isEmpty { rows.append([]) }
            if rows[rows.count - 1].isEmpty { rows[rows.count - 1].append([]) }
            rows[rows.count - 1][rows[rows.count - 1].count - 1].append(paragraph)
        }
        do {
            let reader = try XMLStreamReader(bytes: bytes, name: name, limits: XMLLimits(maxBytes: maxDocumentBytes))
            try reader.read { node in
                guard node.namespace == wordNamespace || node.kind == .text || node.kind == .whitespace else { return }
                switch node.kind {
                case .element:
                    if node.isNamed("p") {
                        stack.append("")
                        if node.isEmptyElement { finish(stack.removeLast()) }
                    } else if node.isNamed("t") {
                        inText = !node.isEmptyElement
                    } else if node.isNamed("tab"), !stack.isEmpty {
                        stack[stack.count - 1] += "\t"
                    } else if node.isNamed("br") || node.isNamed("cr"), !stack.isEmpty {
                        // A break straight after a speaker label starts the label's text on its line.
                        stack[stack.count - 1] += isLabel(stack[stack.count - 1]) ? " " : "\n"
                    } else if node.isNamed("tbl"), !node.isEmptyElement {
                        tableDepth += 1
                        if tableDepth == 1 { rows = [] }
                    } else if node.isNamed("tr"), tableDepth == 1 {
                        rows.append([])
                    } else if node.isNamed("tc"), tableDepth == 1 {
                        if rows.isEmpty { rows.append([]) }
                        rows[rows.count - 1].append([])
                    }
                case .endElement:
                    if node.isNamed("p"), !stack.isEmpty {
                        finish(stack.removeLast())
                    } else if node.isNamed("t") {
                        inText = false
                    } else if node.isNamed("tbl"), tableDepth > 0 {
                        tableDepth -= 1
                        if tableDepth == 0 { paragraphs += tableParagraphs(rows) }
                    }
                case .text, .whitespace:
                    if inText, !stack.isEmpty { stack[stack.count - 1] += node.value }
                default:
                    break
                }
            }
        } catch let error as XMLError {
            throw TranscriptError(error.issues.first?.description ?? "\(name): malformed XML")
        } catch {
            throw TranscriptError("\(name): \(error)")
        }
        return paragraphs
    }

    /// A paragraph's text so far is a speaker label alone: `Name:`, `[Name]`, `{Name}` or `Name (00:01):`.
    static func isLabel(_ text: String) -> Bool {
        let label = text.trimmingCharacters(in: .whitespaces)
        guard !label.contains("\n"), label.count >= 2, label.count <= 62 else { return false }
        switch label.last {
        case ":": return true
        case "]": return label.first == "["
        case "}": return label.first == "{"
        default: return false
        }
    }

    /// A table's paragraphs. A transcript table, where each row is a speaker cell and a text cell
    /// (optionally after a time cell), gives one `Speaker: text` paragraph per row (`Speaker (time):
    /// text` with a time), a header row naming the speaker and text columns left out. It is recognised
    /// by that header, or by a speaker who speaks in more than one row. Any other table gives its cells'
    /// paragraphs in order.
    static func tableParagraphs(_ rows: [[[String]]]) -> [String] {
        func clean(_ cell: [String]) -> String {
            cell.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let asText = rows.flatMap { $0.flatMap(\.self) }
        var body = rows.map { $0.map(clean) }
        func heading(_ cell: String) -> String { cell.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ": ")) }
        let speakerHeadings: Set<String> = ["speaker", "name", "who", "participant", "person", "role"]
        let textHeadings: Set<String> = ["transcript", "text", "utterance", "response", "answer", "speech", "dialogue",
                                         "content", "what was said"]
        let hasHeader = body.first.map { row in
            row.contains { speakerHeadings.contains(heading($0)) } && row.contains { textHeadings.contains(heading($0)) }
        } ?? false
        if hasHeader { body.removeFirst() }
        var turns: [(speaker: String, time: String?, text: String)] = []
        for row in body {
            let cells = row.filter { !$0.isEmpty }
            guard !cells.isEmpty else { continue }
            let time = cells.count >= 3 && isTime(cells[0]) ? cells[0] : nil
            let rest = time == nil ? cells : Array(cells.dropFirst())
            guard rest.count >= 2, isSpeaker(rest[0]) else { return asText }
            let speaker = rest[0].hasSuffix(":") ? String(rest[0].dropLast()) : rest[0]
            turns.append((speaker.trimmingCharacters(in: .whitespaces), time, rest.dropFirst().joined(separator: "\n")))
        }
        let repeats = Set(turns.map(\.speaker)).count < turns.count
        guard !turns.isEmpty, hasHeader || repeats else { return asText }
        return turns.map { turn in
            turn.speaker + (turn.time.map { " (\($0))" } ?? "") + ": " + turn.text
        }
    }

    /// A cell that can be a speaker's name: one line of letters, digits, spaces and `.'’-`, up to 41
    /// characters, starting with a letter (the plain label form), with or without a closing colon.
    static func isSpeaker(_ cell: String) -> Bool {
        let name = cell.hasSuffix(":") ? cell.dropLast() : Substring(cell)
        guard let first = name.first, first.isLetter, name.count <= 41 else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || " .'’-".contains($0) }
    }

    /// A cell holding only a time such as `00:01:02`, `1:02` or `00:01:02.500`.
    static func isTime(_ cell: String) -> Bool {
        cell.wholeMatch(of: /\d{1,2}:\d{2}(:\d{2})?([.,]\d+)?/) != nil
    }
}

extension WordDocument {
    /// Writes a minimal valid `.docx` with one paragraph per string (used for sample data and tests).
    /// - Throws: ZIPFoundation's error when the file cannot be created.
    public static func write(paragraphs: [String], to url: URL) throws {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        let body = paragraphs.map { "<w:p><w:r><w:t xml:space=\"preserve\">\(escape($0))</w:t></w:r></w:p>" }.joined()
        let parts = [
            ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
            ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
            ("word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"\(wordNamespace)\"><w:body>\(body)</w:body></w:document>"),
        ]
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                (position: Int64, size: Int) in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }
}
