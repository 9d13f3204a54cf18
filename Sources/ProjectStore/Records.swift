public import Foundation
public import GRDB

/// The project row: one per project folder.
public struct ProjectInfo: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "project"
    public var name: String
    public var createdAt: Date
    /// The workbench version that created the project.
    public var createdBy: String
}

/// A school in the alliance.
public struct School: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "school"
    public var id: Int64?
    public var name: String
    /// e.g. "primary", "secondary", "special".
    public var phase: String?

    public init(id: Int64? = nil, name: String, phase: String? = nil) {
        self.id = id
        self.name = name
        self.phase = phase
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A person whose data the project holds, known by a pseudonym. Real names are never stored here.
public struct Participant: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "participant"
    public var id: Int64?
    /// The name used everywhere in the project and its outputs, e.g. "Teacher A".
    public var pseudonym: String
    /// e.g. "teacher", "enquiry champion", "headteacher", "pupil".
    public var role: String?
    public var schoolID: Int64?
    /// Free attributes used for grouping (e.g. "phase": "primary", "years": "5").
    public var attributes: [String: String]

    public init(id: Int64? = nil, pseudonym: String, role: String? = nil, schoolID: Int64? = nil,
                attributes: [String: String] = [:]) {
        self.id = id
        self.pseudonym = pseudonym
        self.role = role
        self.schoolID = schoolID
        self.attributes = attributes
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum CodingKeys: String, CodingKey {
        case id, pseudonym, role, attributes
        case schoolID = "schoolId"
    }
}

/// A compiled plugin the project trusts: loaded only while the file still has this SHA-256.
public struct TrustedPlugin: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "trustedPlugin"
    /// The plugin file: relative to the project folder when inside it, absolute otherwise.
    public var path: String
    public var sha256: String
    /// `id@version` the plugin reported when it was verified.
    public var reference: String
    public var trustedAt: Date

    public init(path: String, sha256: String, reference: String, trustedAt: Date) {
        self.path = path
        self.sha256 = sha256
        self.reference = reference
        self.trustedAt = trustedAt
    }
}
