internal import CLibXML2
public import Foundation

/// A compiled XSD 1.0 schema.
///
/// Compile once and share: the compiled schema is immutable and safe to use from many tasks
/// at once; every validation gets its own libxml2 validation context.
public final class XMLSchema: @unchecked Sendable {
    private let pointer: xmlSchemaPtr
    var pointerForReader: xmlSchemaPtr { pointer }
    /// Where the schema was loaded from.
    public let url: URL

    /// Compiles the schema at `url`; `xs:include`/`xs:import` resolve relative to it.
    /// - Throws: ``XMLError`` with every problem in the schema.
    public init(contentsOf url: URL) throws(XMLError) {
        LibXML.ensureInitialised()
        self.url = url
        let path = url.path
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw XMLError(file: path, "cannot read schema: no such file")
        }
        let collector = IssueCollector(file: path)
        let compiled: xmlSchemaPtr? = collector.capturing {
            guard let parser = xmlSchemaNewParserCtxt(path) else { return nil }
            defer { xmlSchemaFreeParserCtxt(parser) }
            xmlSchemaSetParserStructuredErrors(parser, IssueCollector.callback,
                                               Unmanaged.passUnretained(collector).toOpaque())
            return xmlSchemaParse(parser)
        }
        guard let compiled else {
            throw XMLError(collector.issues.isEmpty
                           ? [XMLIssue(severity: .fatal, file: path, line: 0, column: 0, message: "schema failed to compile")]
                           : collector.issues)
        }
        pointer = compiled
    }

    deinit { xmlSchemaFree(pointer) }

    /// Validates a parsed document; returns every issue (empty when valid).
    public func validate(_ document: XMLDocument) -> [XMLIssue] {
        let collector = IssueCollector(file: document.name)
        guard let context = xmlSchemaNewValidCtxt(pointer) else {
            return [XMLIssue(severity: .fatal, file: document.name, line: 0, column: 0,
                             message: "cannot create a validation context")]
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(context, IssueCollector.callback,
                                          Unmanaged.passUnretained(collector).toOpaque())
        // libxml2's generic notes (e.g. "Unimplemented block") are captured, not printed, and are no verdict.
        let result = collector.capturing { xmlSchemaValidateDoc(context, document.pointer) }
        collector.issues.removeAll { $0.message.hasPrefix("libxml2: ") }
        if result != 0 && collector.issues.isEmpty {
            collector.issues.append(XMLIssue(severity: .error, file: document.name, line: 0, column: 0,
                                             message: "validation failed (libxml2 code \(result))"))
        }
        return collector.issues.map { issue in
            guard issue.column == 0, let element = issue.element ?? Self.elementNamed(in: issue.message) else {
                return issue
            }
            var located = issue
            located.column = document.column(ofElement: element, line: issue.line)
            return located
        }
    }

    /// The element a libxml2 validation message starts with: `Element 'strand': …` gives `strand`.
    private static func elementNamed(in message: String) -> String? {
        guard message.hasPrefix("Element '") else { return nil }
        let name = message.dropFirst("Element '".count).prefix { $0 != "'" }
        return name.isEmpty ? nil : String(name.split(separator: ":").last ?? name)
    }

    /// Parses and validates a file; parse problems come back as issues too.
    public func validate(fileAt url: URL, limits: XMLLimits = XMLLimits()) -> [XMLIssue] {
        do {
            return validate(try XMLDocument(contentsOf: url, limits: limits))
        } catch {
            return error.issues
        }
    }
}

/// The version of libxml2 in use, e.g. "2.9.14".
public var libxml2Version: String { LibXML.version }
