public import Foundation
public import Enquiries
public import FrameworkAnalysis

// The stages of framework analysis as data: familiarisation memos, the draft framework and its
// history, member checks and the outside-the-framework bucket.

/// A familiarisation note by a researcher on a source, on a passage of it, or on the whole project.
public struct MemoRecord: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "memo"
    public var id: Int64?
    /// Nil for a memo on the whole project.
    public var sourceID: Int64?
    /// The passage (code points, end exclusive); both nil for a memo on the whole source.
    public var start: Int?
    public var end: Int?
    public var researcher: String
    public var text: String
    public var createdAt: Date

    public init(id: Int64? = nil, sourceID: Int64?, start: Int? = nil, end: Int? = nil, researcher: String,
                text: String, createdAt: Date) {
        self.id = id
        self.sourceID = sourceID
        self.start = start
        self.end = end
        self.researcher = researcher
        self.text = text
        self.createdAt = createdAt
    }


    enum CodingKeys: String, CodingKey {
        case id, start, end, researcher, text, createdAt
        case sourceID = "sourceId"
    }
}

extension DraftTheme: StoredRecord {
    public static let databaseTableName = "draftTheme"
}

/// One change to the draft framework, in words: its history.
public struct DraftChange: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "draftChange"

    /// The kinds of change to a draft framework.
    public enum Action: String, Codable, Sendable, CaseIterable {
        case add, rename, define, merge, split, promote, `import`
    }

    public var id: Int64?
    public var action: Action
    /// What changed, e.g. "merged 'Trust' into 'Relationships'".
    public var detail: String
    public var researcher: String
    public var note: String?
    public var at: Date

    public init(id: Int64? = nil, action: Action, detail: String, researcher: String, note: String? = nil, at: Date) {
        self.id = id
        self.action = action
        self.detail = detail
        self.researcher = researcher
        self.note = note
        self.at = at
    }

}

/// A member check: a participant shown the framework (or their summaries) and what came of it.
public struct MemberCheck: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "memberCheck"

    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case confirmed, amended, disputed
        case noResponse = "no-response"
    }

    public var id: Int64?
    public var participantID: Int64
    /// The day of the check.
    public var checkedOn: CalendarDate
    /// The framework version shown, `id@version`.
    public var framework: String
    /// Who carried out the check.
    public var researcher: String
    public var outcome: Outcome
    /// Changes made as a result, in words.
    public var changes: String?
    public var recordedAt: Date

    public init(id: Int64? = nil, participantID: Int64, checkedOn: CalendarDate, framework: String, researcher: String,
                outcome: Outcome, changes: String? = nil, recordedAt: Date) {
        self.id = id
        self.participantID = participantID
        self.checkedOn = checkedOn
        self.framework = framework
        self.researcher = researcher
        self.outcome = outcome
        self.changes = changes
        self.recordedAt = recordedAt
    }


    enum CodingKeys: String, CodingKey {
        case id, checkedOn, framework, researcher, outcome, changes, recordedAt
        case participantID = "participantId"
    }
}

/// A passage that does not fit the framework, kept visible until it is resolved: coded with a
/// theme (perhaps a new one) or dismissed with a reason.
public struct OutsidePassage: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "outsidePassage"

    public enum Resolution: String, Codable, Sendable {
        case coded, dismissed
    }

    public var id: Int64?
    public var sourceID: Int64
    public var start: Int
    public var end: Int
    public var researcher: String
    public var note: String?
    public var createdAt: Date
    /// Nil while the passage is open.
    public var resolution: Resolution?
    public var resolvedBy: String?
    public var resolvedAt: Date?
    public var resolutionNote: String?
    /// The coding made when the passage was resolved by coding it.
    public var codingID: Int64?

    public init(id: Int64? = nil, sourceID: Int64, start: Int, end: Int, researcher: String, note: String? = nil,
                createdAt: Date) {
        self.id = id
        self.sourceID = sourceID
        self.start = start
        self.end = end
        self.researcher = researcher
        self.note = note
        self.createdAt = createdAt
    }


    enum CodingKeys: String, CodingKey {
        case id, start, end, researcher, note, createdAt, resolution, resolvedBy, resolvedAt, resolutionNote
        case sourceID = "sourceId"
        case codingID = "codingId"
    }
}
