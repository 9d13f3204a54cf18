internal import CLibXML2
import Foundation

/// One-time libxml2 set-up and the shared pieces every XMLKit entry point uses.
enum LibXML {
    /// Runs `xmlInitParser` and `xmlSchemaInitTypes` exactly once, before any concurrent use.
    /// (On libxml2 2.9 the first does not initialise the XSD built-in types, which are otherwise
    /// built lazily behind an unlocked flag.) `xmlCleanupParser` is never called.
    private static let initialised: Bool = {
        xmlInitParser()
        xmlSchemaInitTypes()
        return true
    }()

    static func ensureInitialised() { _ = initialised }

    /// Parser options for untrusted input: no network, no entity substitution, no DTD loading,
    /// no XInclude, no "huge" mode, CDATA merged into text.
    static let safeParseOptions: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)

    /// The libxml2 version this process runs with, e.g. "2.9.14".
    static var version: String { String(cString: workbench_xml_version()) }
}

/// Collects libxml2's structured errors into `XMLIssue`s during one synchronous call.
final class IssueCollector {
    var issues: [XMLIssue] = []
    let fallbackFile: String

    init(file: String) { fallbackFile = file }

    /// The C callback: `userData` is an unretained `IssueCollector`.
    static let callback: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        let collector = Unmanaged<IssueCollector>.fromOpaque(userData).takeUnretainedValue()
        collector.record(error.pointee)
    }

    /// The C callback for libxml2's generic messages: kept as warnings, never printed.
    static let messageCallback: workbench_xml_message_sink = { userData, message in
        guard let userData, let message else { return }
        let collector = Unmanaged<IssueCollector>.fromOpaque(userData).takeUnretainedValue()
        var text = String(cString: message)
        while text.last?.isWhitespace == true { text.removeLast() }
        guard !text.isEmpty else { return }
        collector.issues.append(XMLIssue(severity: .warning, file: collector.fallbackFile, line: 0, column: 0,
                                         message: "libxml2: " + text))
    }

    func record(_ error: xmlError) {
        let severity: XMLIssue.Severity
        switch error.level {
        case XML_ERR_WARNING: severity = .warning
        case XML_ERR_FATAL: severity = .fatal
        default: severity = .error
        }
        var message = error.message.map { String(cString: $0) } ?? "unknown XML error"
        while message.last?.isWhitespace == true { message.removeLast() }
        var path: String?
        var element: String?
        if let node = error.node?.assumingMemoryBound(to: xmlNode.self) {
            if let raw = xmlGetNodePath(node) {
                path = String(cString: raw)
                workbench_xml_free(raw)
            }
            if node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name {
                element = String(cString: name)
            }
        }
        let file = error.file.map { String(cString: $0) } ?? fallbackFile
        var issue = XMLIssue(severity: severity, file: file, line: Int(error.line),
                             column: Int(error.int2), message: Self.withoutNamespaces(message), nodePath: path)
        issue.element = element
        issues.append(issue)
    }

    /// Drops `{namespace-uri}` from names in libxml2's messages: `'{urn:x}strand'` reads as `'strand'`.
    static func withoutNamespaces(_ message: String) -> String {
        var result = ""
        var skipping = false
        for character in message {
            if character == "{" && !skipping && (result.last == "'" || result.last == "[") {
                skipping = true
            } else if skipping {
                if character == "}" { skipping = false }
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Runs `body` with this collector installed as the calling thread's libxml2 error handler.
    /// `body` must be synchronous: libxml2 keeps the handler per thread.
    func capturing<T>(_ body: () throws -> T) rethrows -> T {
        let context = Unmanaged.passUnretained(self).toOpaque()
        xmlSetStructuredErrorFunc(context, IssueCollector.callback)
        workbench_xml_route_generic_messages(context, IssueCollector.messageCallback)
        defer {
            xmlSetStructuredErrorFunc(nil, nil)
            workbench_xml_route_generic_messages(nil, IssueCollector.messageCallback)
        }
        return try withExtendedLifetime(self) { try body() }
    }
}

/// Reads a file for parsing, refusing it before reading when it is over the size limit.
func readLimited(_ url: URL, limits: XMLLimits) throws(XMLError) -> [UInt8] {
    let path = url.path
    let size: Int
    do {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    } catch {
        throw XMLError(file: path, "cannot read file: \(describe(error))")
    }
    guard size <= limits.maxBytes else {
        throw XMLError(file: path, "file is \(size) bytes, over the limit of \(limits.maxBytes) bytes")
    }
    do {
        return [UInt8](try Data(contentsOf: url))
    } catch {
        throw XMLError(file: path, "cannot read file: \(describe(error))")
    }
}

/// A short reason for a Foundation file error (without the Objective-C domain noise).
func describe(_ error: any Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
       let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
        return String(cString: strerror(code.rawValue))
    }
    if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError || nsError.code == 260 {
        return "no such file"
    }
    return nsError.localizedDescription
}

/// 1-based line of the first occurrence of `needle` in `bytes`, if any.
func lineOf(_ needle: String, in bytes: [UInt8]) -> Int? {
    let pattern = Array(needle.utf8)
    guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
    var line = 1
    var index = 0
    while index <= bytes.count - pattern.count {
        if bytes[index] == UInt8(ascii: "\n") { line += 1 }
        if bytes[index] == pattern[0], Array(bytes[index..<index + pattern.count]) == pattern { return line }
        index += 1
    }
    return nil
}
