internal import CLibXML2
public import Foundation

/// Writes well-formed, correctly escaped XML into memory or straight to a file (libxml2's
/// xmlTextWriter); writing to a file keeps memory flat for large documents.
///
/// Not `Sendable`: a writer belongs to one task.
public final class XMLWriter {
    private let buffer: xmlBufferPtr?
    private var writer: xmlTextWriterPtr?
    private var openElements = 0

    /// Starts a UTF-8 document in memory, with an XML declaration.
    /// - Parameter indent: indent nested elements with two spaces.
    public init(indent: Bool = true) {
        LibXML.ensureInitialised()
        buffer = xmlBufferCreate()
        writer = xmlNewTextWriterMemory(buffer, 0)
        Self.start(writer!, indent: indent)
    }

    /// Starts a UTF-8 document written to `url` as it goes; ``close()`` finishes it.
    /// - Throws: ``XMLError`` when the file cannot be created.
    public init(fileAt url: URL, indent: Bool = true) throws(XMLError) {
        LibXML.ensureInitialised()
        buffer = nil
        guard let writer = xmlNewTextWriterFilename(url.path, 0) else {
            throw XMLError(file: url.path, "cannot create the file")
        }
        self.writer = writer
        Self.start(writer, indent: indent)
    }

    private static func start(_ writer: xmlTextWriterPtr, indent: Bool) {
        if indent {
            xmlTextWriterSetIndent(writer, 1)
            xmlTextWriterSetIndentString(writer, "  ")
        }
        xmlTextWriterStartDocument(writer, nil, "UTF-8", nil)
    }

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
        if let buffer { xmlBufferFree(buffer) }
    }

    /// Opens an element; `namespace` declares a default namespace on it.
    public func startElement(_ name: String, namespace: String? = nil) {
        xmlTextWriterStartElement(writer, name)
        if let namespace { xmlTextWriterWriteAttribute(writer, "xmlns", namespace) }
        openElements += 1
    }

    /// Writes an attribute of the element just opened (the value is escaped).
    public func attribute(_ name: String, _ value: String) {
        xmlTextWriterWriteAttribute(writer, name, value)
    }

    /// Writes escaped text content.
    public func text(_ value: String) {
        xmlTextWriterWriteString(writer, value)
    }

    /// Writes `<name>text</name>`.
    public func element(_ name: String, text value: String) {
        startElement(name)
        text(value)
        endElement()
    }

    /// Writes a comment; `--` inside it is replaced so the comment stays well-formed.
    public func comment(_ value: String) {
        var safe = value
        while safe.contains("--") { safe = safe.replacingOccurrences(of: "--", with: "- -") }
        xmlTextWriterWriteComment(writer, safe)
    }

    /// Closes the innermost open element.
    public func endElement() {
        xmlTextWriterEndElement(writer)
        openElements -= 1
    }

    /// Closes every open element and returns the document (empty when writing to a file).
    @discardableResult
    public func finish() -> String {
        while openElements > 0 { endElement() }
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        guard let buffer else {
            xmlFreeTextWriter(writer)
            writer = nil
            return ""
        }
        return String(cString: xmlBufferContent(buffer))
    }
}
