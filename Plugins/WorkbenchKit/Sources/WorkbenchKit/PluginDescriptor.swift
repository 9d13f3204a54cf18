/// The kinds of plugin the workbench knows.
public enum PluginKind: String, CaseIterable, Codable, Sendable, Comparable {
    case questionnaire
    case maturityMatrix = "maturity-matrix"
    case observationSchedule = "observation-schedule"
    case codingFramework = "coding-framework"
    case intervention
    case cycleTemplate = "cycle-template"

    /// A short human name, e.g. "maturity matrix".
    public var displayName: String { String(rawValue.map { $0 == "-" ? " " : $0 }) }

    public static func < (lhs: PluginKind, rhs: PluginKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A semantic version `MAJOR.MINOR.PATCH` (pre-release and build parts are not used by plugins).
public struct SemanticVersion: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `"1.2.3"`; returns nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let major = Int(parts[0]), let minor = Int(parts[1]), let patch = Int(parts[2])
        else { return nil }
        self.init(major, minor, patch)
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = SemanticVersion(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a semantic version: \(text)"))
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Where a plugin's content comes from and what may be shared.
public struct Provenance: Hashable, Codable, Sendable {
    /// A bibliographic citation of the instrument or framework the plugin encodes.
    public var citation: String?
    /// Where the content was taken from (a report and line, a URL, "original work").
    public var source: String?
    /// Whether the plugin includes the original wording (false when a licensed text pack is needed).
    public var textIncluded: Bool

    public init(citation: String? = nil, source: String? = nil, textIncluded: Bool = true) {
        self.citation = citation
        self.source = source
        self.textIncluded = textIncluded
    }
}

/// Who a plugin is, in every source: built-in, declarative and compiled.
public struct PluginDescriptor: Hashable, Codable, Sendable {
    /// Stable identifier, lower case: `[a-z][a-z0-9.-]*`.
    public var id: String
    public var version: SemanticVersion
    public var kind: PluginKind
    public var displayName: String
    public var authors: [String]
    /// An SPDX licence identifier, or "proprietary".
    public var licence: String
    public var provenance: Provenance

    public init(id: String, version: SemanticVersion, kind: PluginKind, displayName: String,
                authors: [String] = [], licence: String, provenance: Provenance = Provenance()) {
        self.id = id
        self.version = version
        self.kind = kind
        self.displayName = displayName
        self.authors = authors
        self.licence = licence
        self.provenance = provenance
    }

    /// `id@version`, the key that responses, codings and audits record.
    public var reference: String { "\(id)@\(version)" }

    /// Whether `id` has the shape plugin identifiers must have.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
    }
}
