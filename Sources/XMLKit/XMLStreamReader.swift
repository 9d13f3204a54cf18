internal import CLibXML2
public import Foundation

/// A forward-only reader for large XML files (libxml2's xmlTextReader): memory stays flat
/// whatever the file size. Same hardening as ``XMLDocument``, plus an optional schema that
/// validates while reading.
///
/// Not `Sendable`: a reader belongs to one task.
public final class XMLStreamReader {
    private let reader: xmlTextReaderPtr
    private let name: String
    private let limits: XMLLimits
    private let collector: IssueCollector
    private let schema: XMLSchema?
    /// The document bytes when reading from memory: libxml2 does not copy them, so the reader owns them.
    private var ownedBuffer: UnsafeMutableBufferPointer<UInt8>?

    /// Opens a file for reading.
    /// - Parameter schema: validates the document while it is read; issues are thrown by ``read(_:)``.
    /// - Throws: ``XMLError`` when the file is missing or over the size limit.
    public init(contentsOf url: URL, limits: XMLLimits = XMLLimits(), schema: XMLSchema? = nil) throws(XMLError) {
        LibXML.ensureInitialised()
        name = url.path
        self.limits = limits
        self.schema = schema
        let size = (try? FileManager.default.attributesOfItem(atPath: name)[.size] as? NSNumber)?.intValue
        guard let size else { throw XMLError(file: name, "cannot read file: no such file") }
        guard size <= limits.maxBytes else {
            throw XMLError(file: name, "file is \(size) bytes, over the limit of \(limits.maxBytes) bytes")
        }
        guard let reader = xmlReaderForFile(name, nil, LibXML.safeParseOptions) else {
            throw XMLError(file: name, "cannot open file")
        }
        self.reader = reader
        collector = IssueCollector(file: name)
        xmlTextReaderSetStructuredErrorHandler(reader, IssueCollector.callback,
                                               Unmanaged.passUnretained(collector).toOpaque())
        if let schema, xmlTextReaderSetSchema(reader, schema.pointerForReader) != 0 {
            xmlFreeTextReader(reader)
            throw XMLError(file: name, "cannot attach schema \(schema.url.path)")
        }
    }

    /// Reads a document held in memory; `name` is used as the file name in issues.
    /// - Throws: ``XMLError`` when the document is over the size limit.
    public init(bytes: [UInt8], name: String, limits: XMLLimits = XMLLimits()) throws(XMLError) {
        LibXML.ensureInitialised()
        self.name = name
        self.limits = limits
        schema = nil
        guard bytes.count <= limits.maxBytes else {
            throw XMLError(file: name, "document is \(bytes.count) bytes, over the limit of \(limits.maxBytes) bytes")
        }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes)
        let created = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
            xmlReaderForMemory($0, Int32(bytes.count), name, nil, LibXML.safeParseOptions)
        }
        guard let created else {
            buffer.deallocate()
            throw XMLError(file: name, "cannot read the document")
        }
        reader = created
        ownedBuffer = buffer
        collector = IssueCollector(file: name)
        xmlTextReaderSetStructuredErrorHandler(reader, IssueCollector.callback,
                                               Unmanaged.passUnretained(collector).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
        ownedBuffer?.deallocate()
    }

    /// Calls `body` for every node in document order.
    ///
    /// The ``XMLNode`` passed in is valid only during the call.
    /// - Throws: ``XMLError`` for malformed XML, a DOCTYPE or nesting over the limit (at once);
    ///   for schema violations after the whole document was read, with every issue; or whatever
    ///   `body` throws.
    public func read(_ body: (XMLNode) throws -> Void) throws {
        while true {
            let status = collector.capturing { xmlTextReaderRead(reader) }
            if status == 0 { break }
            if status < 0 { break }
            let node = XMLNode(reader: reader)
            if node.kind == .documentType {
                // The parser reads ahead: the declaration's own line is found in the document's start.
                throw XMLError(file: name, line: declarationLine() ?? node.line,
                               "DOCTYPE declarations are not allowed (no DTDs or entities in workbench XML)")
            }
            if node.depth >= limits.maxDepth {
                throw XMLError(file: name, line: node.line, "elements nested deeper than \(limits.maxDepth) levels")
            }
            let fatal = collector.issues.filter { $0.severity == .fatal }
            if !fatal.isEmpty { throw XMLError(fatal) }
            try body(node)
        }
        let errors = collector.issues.filter { $0.severity != .warning }
        if !errors.isEmpty { throw XMLError(errors) }
        if schema != nil && xmlTextReaderIsValid(reader) != 1 {
            throw XMLError(file: name, "document is not valid against \(schema!.url.lastPathComponent)")
        }
    }
}

extension XMLStreamReader {
    /// The line of `<!DOCTYPE` within the first megabyte of the document, if there.
    fileprivate func declarationLine() -> Int? {
        var head: [UInt8]
        if let ownedBuffer {
            head = Array(ownedBuffer.prefix(1 << 20))
        } else {
            guard let handle = FileHandle(forReadingAtPath: name) else { return nil }
            defer { try? handle.close() }
            head = [UInt8]((try? handle.read(upToCount: 1 << 20)) ?? Data())
        }
        let marker = Array("<!DOCTYPE".utf8)
        guard head.count >= marker.count else { return nil }
        for index in 0...(head.count - marker.count) where head[index] == marker[0] {
            if Array(head[index..<index + marker.count]) == marker {
                return head[..<index].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            }
        }
        return nil
    }
}

/// The reader's current node. Valid only inside the ``XMLStreamReader/read(_:)`` callback.
public struct XMLNode {
    fileprivate let reader: xmlTextReaderPtr

    fileprivate init(reader: xmlTextReaderPtr) { self.reader = reader }

    /// The kinds of node the reader reports.
    public enum Kind: Sendable {
        case element, endElement, text, whitespace, comment, processingInstruction, documentType, other
    }

    public var kind: Kind {
        switch xmlTextReaderNodeType(reader) {
        case 1: .element
        case 15: .endElement
        case 3, 4: .text
        case 13, 14: .whitespace
        case 8: .comment
        case 7: .processingInstruction
        case 10: .documentType
        default: .other
        }
    }

    /// The local name (elements) or an empty string.
    public var localName: String { xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? "" }

    /// The namespace URI of an element, if any.
    public var namespace: String? { xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } }

    /// The text of a text node.
    public var value: String { xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? "" }

    /// Nesting depth, 0 for the document element.
    public var depth: Int { Int(xmlTextReaderDepth(reader)) }

    /// Whether an element start is written `<x/>` (no matching end node follows).
    public var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }

    /// 1-based source line: the node's own where libxml2 records it, else where the parser is.
    public var line: Int {
        if let node = xmlTextReaderCurrentNode(reader), xmlGetLineNo(node) > 0 { return Int(xmlGetLineNo(node)) }
        return Int(xmlTextReaderGetParserLineNumber(reader))
    }

    /// Whether the node's local name equals `name`, without allocating a `String`.
    public func isNamed(_ name: StaticString) -> Bool {
        guard let local = xmlTextReaderConstLocalName(reader) else { return false }
        return name.withUTF8Buffer { buffer in
            guard Int(xmlStrlen(local)) == buffer.count else { return false }
            return buffer.indices.allSatisfy { local[$0] == buffer[$0] }
        }
    }

    /// An attribute of the current element, without namespace.
    public func attribute(_ name: String) -> String? {
        guard let raw = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { workbench_xml_free(raw) }
        return String(cString: raw)
    }
}
