import Foundation

/// One problem found while parsing or validating XML, with its position.
public struct XMLIssue: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case warning, error, fatal
    }

    public var severity: Severity
    /// The file (or in-memory document name) the issue is in.
    public var file: String
    /// 1-based line; 0 when libxml2 could not tell.
    public var line: Int
    /// 1-based column; 0 when libxml2 could not tell.
    public var column: Int
    public var message: String
    /// The XPath-like location of the offending node, when known (e.g. `/matrix/dimension[2]`).
    public var nodePath: String?
    /// The local name of the element at fault, used to find its column in the source.
    var element: String?

    public init(severity: Severity, file: String, line: Int, column: Int, message: String, nodePath: String? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.nodePath = nodePath
    }

    /// `file:line:col: message`, the form editors and CI logs understand.
    public var description: String {
        line <= 0 ? "\(file): \(message)" : column <= 0 ? "\(file):\(line): \(message)" : "\(file):\(line):\(column): \(message)"
    }
}

/// XML that could not be read or did not validate: every issue found, in document order.
public struct XMLError: Error, Sendable, CustomStringConvertible {
    public var issues: [XMLIssue]

    public init(_ issues: [XMLIssue]) { self.issues = issues }

    /// A single fatal issue at a position.
    public init(file: String, line: Int = 0, column: Int = 0, _ message: String) {
        self.issues = [XMLIssue(severity: .fatal, file: file, line: line, column: column, message: message)]
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Limits applied to untrusted XML before and while it is parsed.
public struct XMLLimits: Sendable {
    /// Largest accepted document, in bytes.
    public var maxBytes: Int
    /// Deepest accepted element nesting. libxml2 itself refuses more than 256 levels in tree parsing.
    public var maxDepth: Int

    public init(maxBytes: Int = 64 << 20, maxDepth: Int = 256) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }
}

/// A size in words for limits and refusals: bytes, KiB, MiB or GiB.
package func sizeText(_ count: Int) -> String {
    ByteCountFormatter.string(fromByteCount: Int64(count), countStyle: .binary)
}
