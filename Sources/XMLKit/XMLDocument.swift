internal import CLibXML2
public import Foundation

/// A parsed XML document (tree). For small documents such as plugin definitions;
/// stream large files with ``XMLStreamReader``.
///
/// Parsing is hardened: no network access, no entity substitution, no DTD loading and no
/// XInclude; documents that declare a DOCTYPE are refused outright, which neutralises
/// external entities, entity expansion bombs and external DTDs. Not `Sendable`: a document
/// belongs to the task that parsed it.
public final class XMLDocument {
    let pointer: xmlDocPtr
    /// The file name used in issues.
    public let name: String
    /// Byte offsets where each line starts, to give validation issues a column.
    private let lineStarts: [Int]
    private let source: [UInt8]

    private init(pointer: xmlDocPtr, name: String, source: [UInt8]) {
        self.pointer = pointer
        self.name = name
        self.source = source
        var starts = [0]
        for (offset, byte) in source.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    /// The 1-based column (in characters) where `<element` starts on `line`, or 0 when not found.
    func column(ofElement element: String, line: Int) -> Int {
        guard line >= 1, line <= lineStarts.count else { return 0 }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] : source.count
        let text = String(decoding: source[start..<end], as: UTF8.self)
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "<") {
            var name = text[text.index(after: open)...].prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
            if let colon = name.firstIndex(of: ":") { name = name[name.index(after: colon)...] }
            if name == element { return text.distance(from: text.startIndex, to: open) + 1 }
            index = text.index(after: open)
        }
        return 0
    }

    deinit { xmlFreeDoc(pointer) }

    /// Parses a file.
    /// - Throws: ``XMLError`` with every problem found, each with file, line and column.
    public convenience init(contentsOf url: URL, limits: XMLLimits = XMLLimits()) throws(XMLError) {
        let bytes = try readLimited(url, limits: limits)
        try self.init(bytes: bytes, name: url.path, limits: limits)
    }

    /// Parses a document held in memory; `name` is used as the file name in issues.
    /// - Throws: ``XMLError`` with every problem found.
    public convenience init(bytes: [UInt8], name: String, limits: XMLLimits = XMLLimits()) throws(XMLError) {
        LibXML.ensureInitialised()
        guard bytes.count <= limits.maxBytes else {
            throw XMLError(file: name, "document is \(bytes.count) bytes, over the limit of \(limits.maxBytes) bytes")
        }
        let collector = IssueCollector(file: name)
        let document: xmlDocPtr? = collector.capturing {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) { base in
                    xmlReadMemory(base, Int32(buffer.count), name, nil, LibXML.safeParseOptions)
                }
            }
        }
        let problems = collector.issues.filter { $0.severity != .warning }
        guard let document, problems.isEmpty else {
            if let document { xmlFreeDoc(document) }
            throw XMLError(problems.isEmpty ? [XMLIssue(severity: .fatal, file: name, line: 0, column: 0,
                                                       message: "document is empty or unreadable")] : problems)
        }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            xmlFreeDoc(document)
            throw XMLError(file: name, line: lineOf("<!DOCTYPE", in: bytes) ?? 0,
                           "DOCTYPE declarations are not allowed (no DTDs or entities in workbench XML)")
        }
        self.init(pointer: document, name: name, source: bytes)
        if let tooDeep = root.flatMap({ $0.firstNode(deeperThan: limits.maxDepth) }) {
            throw XMLError(file: name, line: tooDeep.line,
                           "elements nested deeper than \(limits.maxDepth) levels")
        }
    }

    /// Parses a UTF-8 string; `name` is used as the file name in issues.
    public convenience init(string: String, name: String, limits: XMLLimits = XMLLimits()) throws(XMLError) {
        try self.init(bytes: Array(string.utf8), name: name, limits: limits)
    }

    /// The document element.
    public var root: XMLElement? {
        xmlDocGetRootElement(pointer).map { XMLElement(node: $0, owner: self) }
    }
}

/// An element of an ``XMLDocument``. Valid while its document is alive (it keeps it alive).
public struct XMLElement {
    let node: xmlNodePtr
    let owner: XMLDocument

    /// The local name, without prefix.
    public var name: String { String(cString: node.pointee.name) }

    /// The namespace URI, if any.
    public var namespace: String? { node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) } }

    /// 1-based source line.
    public var line: Int { Int(xmlGetLineNo(node)) }

    /// The value of an attribute without namespace.
    public func attribute(_ name: String) -> String? {
        guard let raw = xmlGetNoNsProp(node, name) else { return nil }
        defer { workbench_xml_free(raw) }
        return String(cString: raw)
    }

    /// Child elements, in document order.
    public var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLElement(node: current, owner: owner)) }
            child = current.pointee.next
        }
        return result
    }

    /// Child elements with the given local name.
    public func children(named name: String) -> [XMLElement] { children.filter { $0.name == name } }

    /// The first child element with the given local name.
    public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

    /// The concatenated text content.
    public var text: String {
        guard let raw = xmlNodeGetContent(node) else { return "" }
        defer { workbench_xml_free(raw) }
        return String(cString: raw)
    }

    /// The text content with runs of white space collapsed and ends trimmed.
    public var normalizedText: String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    func firstNode(deeperThan limit: Int, depth: Int = 1) -> XMLElement? {
        if depth > limit { return self }
        for child in children {
            if let found = child.firstNode(deeperThan: limit, depth: depth + 1) { return found }
        }
        return nil
    }
}
