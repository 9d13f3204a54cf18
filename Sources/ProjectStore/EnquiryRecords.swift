public import GRDB

// Enquiries and their cycles: focus, intervention, baseline, success criteria, evidence,
// reflections, peer review and the decision for the next cycle. Days are written `YYYY-MM-DD`.

/// An enquiry: a focus and research questions pursued by schools over one or more cycles.
public struct EnquiryRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "enquiry"
    public var id: Int64?
    public var title: String
    public var focus: String
    public var questions: [String]
    public var schools: [String]
    public var lead: String?
    public var champions: [String]
    public var startedOn: String

    public init(id: Int64? = nil, title: String, focus: String, questions: [String], schools: [String], lead: String?,
                champions: [String], startedOn: String) {
        self.id = id
        self.title = title
        self.focus = focus
        self.questions = questions
        self.schools = schools
        self.lead = lead
        self.champions = champions
        self.startedOn = startedOn
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One learning cycle of an enquiry.
public struct CycleRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "cycle"
    public var id: Int64?
    public var enquiryID: Int64
    /// 1 for the enquiry's first cycle, and so on.
    public var number: Int
    /// The cycle template, `id@version`.
    public var template: String
    /// The interventions tried, `id@version`.
    public var interventions: [String]
    public var baseline: String
    public var startedOn: String
    public var closedOn: String?
    /// "continue" or "switch", once closed.
    public var decision: String?
    public var nextFocus: String?

    public init(id: Int64? = nil, enquiryID: Int64, number: Int, template: String, interventions: [String],
                baseline: String, startedOn: String) {
        self.id = id
        self.enquiryID = enquiryID
        self.number = number
        self.template = template
        self.interventions = interventions
        self.baseline = baseline
        self.startedOn = startedOn
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum CodingKeys: String, CodingKey {
        case id, number, template, interventions, baseline, startedOn, closedOn, decision, nextFocus
        case enquiryID = "enquiryId"
    }
}

/// A success criterion: a measure and the threshold it must reach.
public struct CriterionRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "criterion"
    public var id: Int64?
    public var cycleID: Int64
    public var description: String
    /// The measure's key, e.g. `tses-long.TSES.change` (see the evidence kinds).
    public var measure: String
    /// `>=`, `>`, `<=` or `<`.
    public var comparison: String
    public var threshold: Double

    public init(id: Int64? = nil, cycleID: Int64, description: String, measure: String, comparison: String,
                threshold: Double) {
        self.id = id
        self.cycleID = cycleID
        self.description = description
        self.measure = measure
        self.comparison = comparison
        self.threshold = threshold
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum CodingKeys: String, CodingKey {
        case id, description, measure, comparison, threshold
        case cycleID = "cycleId"
    }
}

/// A piece of evidence linked to a cycle. Its figures are computed from the project's data each
/// time they are read, from the references in `detail`.
public struct EvidenceRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "evidence"
    public var id: Int64?
    public var cycleID: Int64
    /// comparison, audit, measures, theme, observation, document or note.
    public var kind: String
    public var title: String
    /// What the evidence refers to, by kind (instrument and occasions, matrix, framework and theme, file, text).
    public var detail: [String: String]
    /// Where it comes from (who collected it, which meeting or document).
    public var source: String
    public var recordedOn: String

    public init(id: Int64? = nil, cycleID: Int64, kind: String, title: String, detail: [String: String], source: String,
                recordedOn: String) {
        self.id = id
        self.cycleID = cycleID
        self.kind = kind
        self.title = title
        self.detail = detail
        self.source = source
        self.recordedOn = recordedOn
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum CodingKeys: String, CodingKey {
        case id, kind, title, detail, source, recordedOn
        case cycleID = "cycleId"
    }
}

/// A reflection in the leadership-learning log.
public struct ReflectionRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "reflection"
    public var id: Int64?
    public var cycleID: Int64
    public var author: String
    public var wentWell: String?
    public var notEffective: String?
    public var problems: String?
    public var leadershipLearning: String?
    public var recordedOn: String

    public init(id: Int64? = nil, cycleID: Int64, author: String, wentWell: String?, notEffective: String?,
                problems: String?, leadershipLearning: String?, recordedOn: String) {
        self.id = id
        self.cycleID = cycleID
        self.author = author
        self.wentWell = wentWell
        self.notEffective = notEffective
        self.problems = problems
        self.leadershipLearning = leadershipLearning
        self.recordedOn = recordedOn
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum CodingKeys: String, CodingKey {
        case id, author, wentWell, notEffective, problems, leadershipLearning, recordedOn
        case cycleID = "cycleId"
    }
}

/// A peer challenge from the regional enquiry cluster, and the response.
public struct PeerReviewRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "peerReview"
    public var id: Int64?
    public var cycleID: Int64
    public var challengedBy: String
    public var challenge: String
    public var response: String?
    public var recordedOn: String

    public init(id: Int64? = nil, cycleID: Int64, challengedBy: String, challenge: String, response: String?,
                recordedOn: String) {
        self.id = id
        self.cycleID = cycleID
        self.challengedBy = challengedBy
        self.challenge = challenge
        self.response = response
        self.recordedOn = recordedOn
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum CodingKeys: String, CodingKey {
        case id, challengedBy, challenge, response, recordedOn
        case cycleID = "cycleId"
    }
}
