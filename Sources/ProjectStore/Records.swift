public import Foundation

/// The project row: one per project folder.
public struct ProjectInfo: Codable, Sendable, Hashable, StoredRecord {
    public static let databaseTableName = "project"
    public var name: String
    public var createdAt: Date
    /// The workbench version that created the project.
    public var createdBy: String
}

/// A school in the alliance.
public struct School: Codable, Sendable, Hashable, IdentifiedRecord {
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

}

/// A person whose data the project holds, known by a pseudonym. Real names are never stored here.
public struct Participant: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "participant"
    public var id: Int64?
    /// The name used everywhere in the project and its outputs, e.g. "Teacher A".
    public var pseudonym: String
    /// e.g. "teacher", "enquiry champion", "headteacher", "pupil".
    public var role: String?
    public var schoolID: Int64?
    /// Free attributes used for grouping (e.g. "phase": "primary", "years": "5").
    public var attributes: [String: String]
    /// Real names as they appear in transcripts: used to link speakers and to replace them with the
    /// pseudonym in anonymised output; never written to an anonymised output.
    public var names: [String]

    /// The role that marks an interviewer, whose turns the auto-coder leaves alone and who is no case.
    public static let interviewerRole = "interviewer"

    /// The participant's role is ``interviewerRole`` (any case).
    public var isInterviewer: Bool { role?.lowercased() == Self.interviewerRole }

    public init(id: Int64? = nil, pseudonym: String, role: String? = nil, schoolID: Int64? = nil,
                attributes: [String: String] = [:], names: [String] = []) {
        self.id = id
        self.pseudonym = pseudonym
        self.role = role
        self.schoolID = schoolID
        self.attributes = attributes
        self.names = names
    }


    enum CodingKeys: String, CodingKey {
        case id, pseudonym, role, attributes, names
        case schoolID = "schoolId"
    }
}

/// A compiled plugin the project trusts: loaded only while the file still has this SHA-256.
public struct TrustedPlugin: Codable, Sendable, Hashable, StoredRecord {
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

/// One answer to one questionnaire item, by one participant, on one occasion.
public struct ResponseRecord: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "response"
    public var id: Int64?
    public var participantID: Int64
    /// The instrument's plugin id; ``instrumentVersion`` is the version it was collected with.
    public var instrument: String
    public var instrumentVersion: String
    /// The occasion label, e.g. "autumn-2024" or "pre".
    public var occasion: String
    public var item: String
    /// The stored option code (not the score).
    public var code: String
    /// Where the answer came from: an imported file's name, or "entered".
    public var source: String
    public var recordedAt: Date

    public init(id: Int64? = nil, participantID: Int64, instrument: String, instrumentVersion: String,
                occasion: String, item: String, code: String, source: String, recordedAt: Date) {
        self.id = id
        self.participantID = participantID
        self.instrument = instrument
        self.instrumentVersion = instrumentVersion
        self.occasion = occasion
        self.item = item
        self.code = code
        self.source = source
        self.recordedAt = recordedAt
    }


    enum CodingKeys: String, CodingKey {
        case id, instrument, instrumentVersion, occasion, item, code, source, recordedAt
        case participantID = "participantId"
    }
}

/// One respondent's best-fit level for one maturity-matrix strand on one occasion, with evidence.
public struct JudgementRecord: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "judgement"
    public var id: Int64?
    public var matrix: String
    public var matrixVersion: String
    public var occasion: String
    public var strand: String
    /// The level id.
    public var level: String
    /// Who made the judgement (a pseudonym or a role), if recorded.
    public var respondent: String?
    public var evidence: String
    public var recordedAt: Date

    public init(id: Int64? = nil, matrix: String, matrixVersion: String, occasion: String, strand: String,
                level: String, respondent: String?, evidence: String, recordedAt: Date) {
        self.id = id
        self.matrix = matrix
        self.matrixVersion = matrixVersion
        self.occasion = occasion
        self.strand = strand
        self.level = level
        self.respondent = respondent
        self.evidence = evidence
        self.recordedAt = recordedAt
    }

}

/// An imported transcript: its normalised text (the offsets' reference) and where its original is kept.
public struct SourceRecord: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "source"
    public var id: Int64?
    /// The name sources are referred to by (the original file name).
    public var name: String
    /// txt, docx, vtt or srt.
    public var kind: String
    /// The original file, byte for byte, relative to the project folder.
    public var originalPath: String
    public var sha256: String
    /// UTF-8, NFC, LF line endings, no BOM; offsets are code points into it.
    public var text: String
    /// The participant the whole source belongs to (an interview's interviewee), if given.
    public var caseID: Int64?
    public var importedAt: Date

    public init(id: Int64? = nil, name: String, kind: String, originalPath: String, sha256: String, text: String,
                caseID: Int64?, importedAt: Date) {
        self.id = id
        self.name = name
        self.kind = kind
        self.originalPath = originalPath
        self.sha256 = sha256
        self.text = text
        self.caseID = caseID
        self.importedAt = importedAt
    }


    enum CodingKeys: String, CodingKey {
        case id, name, kind, originalPath, sha256, text, importedAt
        case caseID = "caseId"
    }
}

/// One speaker turn of a source, by code-point offsets into the source's text.
public struct TurnRecord: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "turn"
    public var id: Int64?
    public var sourceID: Int64
    public var position: Int
    public var speaker: String?
    /// The participant speaking, when the speaker is linked to one.
    public var participantID: Int64?
    public var start: Int
    public var end: Int
    public var startTime: Double?
    public var endTime: Double?

    public init(id: Int64? = nil, sourceID: Int64, position: Int, speaker: String?, participantID: Int64?,
                start: Int, end: Int, startTime: Double?, endTime: Double?) {
        self.id = id
        self.sourceID = sourceID
        self.position = position
        self.speaker = speaker
        self.participantID = participantID
        self.start = start
        self.end = end
        self.startTime = startTime
        self.endTime = endTime
    }


    enum CodingKeys: String, CodingKey {
        case id, position, speaker, start, end, startTime, endTime
        case sourceID = "sourceId"
        case participantID = "participantId"
    }
}

/// How one framework's codings are spread: by kind, by coder and over sources.
public struct CodingTally: Sendable, Hashable {
    public var framework: String
    public var manual: Int
    public var automatic: Int
    /// The coders, sorted.
    public var coders: [String]
    /// How many sources hold codings.
    public var sources: Int
}

/// A passage of a source coded with a theme by a coder. Offsets are code points, end exclusive.
public struct CodingRecord: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "coding"
    public var id: Int64?
    public var sourceID: Int64
    public var start: Int
    public var end: Int
    public var framework: String
    public var frameworkVersion: String
    public var theme: String
    /// Who coded it: a researcher's name, or the auto-coder's name for automatic codings.
    public var coder: String
    /// Made by auto-coding: reviewable and removable in one command.
    public var automatic: Bool
    public var createdAt: Date

    public init(id: Int64? = nil, sourceID: Int64, start: Int, end: Int, framework: String, frameworkVersion: String,
                theme: String, coder: String, automatic: Bool, createdAt: Date) {
        self.id = id
        self.sourceID = sourceID
        self.start = start
        self.end = end
        self.framework = framework
        self.frameworkVersion = frameworkVersion
        self.theme = theme
        self.coder = coder
        self.automatic = automatic
        self.createdAt = createdAt
    }


    enum CodingKeys: String, CodingKey {
        case id, start, end, framework, frameworkVersion, theme, coder, automatic, createdAt
        case sourceID = "sourceId"
    }
}

/// A member of the research team, kept by name though they may have coded nothing yet (as
/// another QDA program's users arrive); coders and memo authors are named on their own records.
public struct ResearcherRecord: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "researcher"
    public var id: Int64?
    public var name: String

    public init(id: Int64? = nil, name: String) {
        self.id = id
        self.name = name
    }
}

/// A researcher's summary of what one case says about one theme: a cell of the framework matrix.
public struct ChartSummary: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "chartSummary"
    public var id: Int64?
    public var framework: String
    public var caseName: String
    public var theme: String
    public var text: String
    public var updatedAt: Date

    public init(id: Int64? = nil, framework: String, caseName: String, theme: String, text: String, updatedAt: Date) {
        self.id = id
        self.framework = framework
        self.caseName = caseName
        self.theme = theme
        self.text = text
        self.updatedAt = updatedAt
    }

}
