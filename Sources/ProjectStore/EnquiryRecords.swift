public import Enquiries

// Enquiries and their cycles: focus, intervention, baseline, success criteria, evidence,
// reflections, peer review and the decision for the next cycle. Days are stored as `YYYY-MM-DD`.


/// An enquiry: a focus and research questions pursued by schools over one or more cycles.
public struct EnquiryRecord: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "enquiry"
    public var id: Int64?
    public var title: String
    public var focus: String
    public var questions: [String]
    public var schools: [String]
    public var lead: String?
    public var champions: [String]
    public var startedOn: CalendarDate

    public init(id: Int64? = nil, title: String, focus: String, questions: [String], schools: [String], lead: String?,
                champions: [String], startedOn: CalendarDate) {
        self.id = id
        self.title = title
        self.focus = focus
        self.questions = questions
        self.schools = schools
        self.lead = lead
        self.champions = champions
        self.startedOn = startedOn
    }

}

/// One learning cycle of an enquiry.
public struct CycleRecord: Codable, Sendable, Hashable, IdentifiedRecord {
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
    public var startedOn: CalendarDate
    public var closedOn: CalendarDate?
    /// Once closed: continue the intervention or switch.
    public var decision: CycleDecision?
    public var nextFocus: String?

    public init(id: Int64? = nil, enquiryID: Int64, number: Int, template: String, interventions: [String],
                baseline: String, startedOn: CalendarDate) {
        self.id = id
        self.enquiryID = enquiryID
        self.number = number
        self.template = template
        self.interventions = interventions
        self.baseline = baseline
        self.startedOn = startedOn
    }


    enum CodingKeys: String, CodingKey {
        case id, number, template, interventions, baseline, startedOn, closedOn, decision, nextFocus
        case enquiryID = "enquiryId"
    }
}

/// A success criterion: a measure and the threshold it must reach.
public struct CriterionRecord: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "criterion"
    public var id: Int64?
    public var cycleID: Int64
    public var description: String
    /// The measure's key, e.g. `tses-long.TSES.change` (see the evidence kinds).
    public var measure: String
    public var comparison: Comparison
    public var threshold: Double

    public init(id: Int64? = nil, cycleID: Int64, description: String, measure: String, comparison: Comparison,
                threshold: Double) {
        self.id = id
        self.cycleID = cycleID
        self.description = description
        self.measure = measure
        self.comparison = comparison
        self.threshold = threshold
    }


    enum CodingKeys: String, CodingKey {
        case id, description, measure, comparison, threshold
        case cycleID = "cycleId"
    }
}

/// A piece of evidence linked to a cycle. Its figures are computed from the project's data each
/// time they are read, from the references in its detail.
public struct EvidenceRecord: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "evidence"
    public var id: Int64?
    public var cycleID: Int64
    public var title: String
    /// What the evidence refers to (its kind with the instrument and occasions, matrix, framework and theme, file, text).
    public var detail: EvidenceDetail
    /// Where it comes from (who collected it, which meeting or document).
    public var source: String
    public var recordedOn: CalendarDate

    public var kind: EvidenceKind { detail.kind }

    public init(id: Int64? = nil, cycleID: Int64, title: String, detail: EvidenceDetail, source: String,
                recordedOn: CalendarDate) {
        self.id = id
        self.cycleID = cycleID
        self.title = title
        self.detail = detail
        self.source = source
        self.recordedOn = recordedOn
    }


    enum CodingKeys: String, CodingKey {
        case id, kind, title, detail, source, recordedOn
        case cycleID = "cycleId"
    }

    // Stored as the kind and a JSON object of its fields (migration v8).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(Int64.self, forKey: .id)
        cycleID = try container.decode(Int64.self, forKey: .cycleID)
        title = try container.decode(String.self, forKey: .title)
        source = try container.decode(String.self, forKey: .source)
        recordedOn = try container.decode(CalendarDate.self, forKey: .recordedOn)
        let kind = try container.decode(EvidenceKind.self, forKey: .kind)
        let fields = try container.decode([String: String].self, forKey: .detail)
        do {
            detail = try EvidenceDetail(kind: kind, fields: fields)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .detail, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(cycleID, forKey: .cycleID)
        try container.encode(kind, forKey: .kind)
        try container.encode(title, forKey: .title)
        try container.encode(detail.fields, forKey: .detail)
        try container.encode(source, forKey: .source)
        try container.encode(recordedOn, forKey: .recordedOn)
    }
}

/// A reflection in the leadership-learning log.
public struct ReflectionRecord: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "reflection"
    public var id: Int64?
    public var cycleID: Int64
    public var author: String
    public var wentWell: String?
    public var notEffective: String?
    public var problems: String?
    public var leadershipLearning: String?
    public var recordedOn: CalendarDate

    public init(id: Int64? = nil, cycleID: Int64, author: String, wentWell: String?, notEffective: String?,
                problems: String?, leadershipLearning: String?, recordedOn: CalendarDate) {
        self.id = id
        self.cycleID = cycleID
        self.author = author
        self.wentWell = wentWell
        self.notEffective = notEffective
        self.problems = problems
        self.leadershipLearning = leadershipLearning
        self.recordedOn = recordedOn
    }


    enum CodingKeys: String, CodingKey {
        case id, author, wentWell, notEffective, problems, leadershipLearning, recordedOn
        case cycleID = "cycleId"
    }
}

/// A peer challenge from the regional enquiry cluster, and the response.
public struct PeerReviewRecord: Codable, Sendable, Hashable, IdentifiedRecord {
    public static let databaseTableName = "peerReview"
    public var id: Int64?
    public var cycleID: Int64
    public var challengedBy: String
    public var challenge: String
    public var response: String?
    public var recordedOn: CalendarDate

    public init(id: Int64? = nil, cycleID: Int64, challengedBy: String, challenge: String, response: String?,
                recordedOn: CalendarDate) {
        self.id = id
        self.cycleID = cycleID
        self.challengedBy = challengedBy
        self.challenge = challenge
        self.response = response
        self.recordedOn = recordedOn
    }


    enum CodingKeys: String, CodingKey {
        case id, challengedBy, challenge, response, recordedOn
        case cycleID = "cycleId"
    }
}
