public import Foundation
import XMLKit
import ZIPFoundation

/// Reads the paragraphs of a Word `.docx` file: text runs, tabs, line breaks and table cells
/// (each cell's paragraphs in order). Deleted text of tracked changes and field codes are left out.
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
        do {
            let reader = try XMLStreamReader(bytes: bytes, name: name, limits: XMLLimits(maxBytes: maxDocumentBytes))
            try reader.read { node in
                guard node.namespace == wordNamespace || node.kind == .text || node.kind == .whitespace else { return }
                switch node.kind {
                case .element:
                    if node.isNamed("p") {
                        stack.append("")
                        if node.isEmptyElement { paragraphs.append(stack.removeLast()) }
                    } else if node.isNamed("t") {
                        inText = !node.isEmptyElement
                    } else if node.isNamed("tab"), !stack.isEmpty {
                        stack[stack.count - 1] += "\t"
                    } else if node.isNamed("br") || node.isNamed("cr"), !stack.isEmpty {
                        stack[stack.count - 1] += "\n"
                    }
                case .endElement:
                    if node.isNamed("p"), !stack.isEmpty {
                        paragraphs.append(stack.removeLast())
                    } else if node.isNamed("t") {
                        inText = false
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
