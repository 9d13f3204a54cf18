import Foundation
/// The evidence log: every enquiry with its cycles — focus, questions, intervention, baseline,
/// success criteria with their computed status, evidence with figures and quotes (each with its
/// provenance), reflections, peer review and the decision. The product's main output.
public struct EvidenceLog: Sendable, Codable, Equatable {
    public var project: String
    public var generatedBy: String
    public var anonymised: Bool
    public var enquiries: [Enquiry]

    public init(project: String, generatedBy: String, anonymised: Bool, enquiries: [Enquiry]) {
        self.project = project
        self.generatedBy = generatedBy
        self.anonymised = anonymised
        self.enquiries = enquiries
    }

    public struct Enquiry: Sendable, Codable, Equatable {
        public var id: Int
        public var title: String
        public var focus: String
        public var questions: [String]
        public var schools: [String]
        public var lead: String?
        public var champions: [String]
        public var startedOn: CalendarDate
        public var cycles: [Cycle]

        public init(id: Int, title: String, focus: String, questions: [String], schools: [String], lead: String?,
                    champions: [String], startedOn: CalendarDate, cycles: [Cycle]) {
            self.id = id
            self.title = title
            self.focus = focus
            self.questions = questions
            self.schools = schools
            self.lead = lead
            self.champions = champions
            self.startedOn = startedOn
            self.cycles = cycles
        }
    }

    public struct Intervention: Sendable, Codable, Equatable {
        public var id: String
        public var name: String
        public var strands: [String]
        public init(id: String, name: String, strands: [String]) {
            self.id = id
            self.name = name
            self.strands = strands
        }
    }

    public struct Criterion: Sendable, Codable, Equatable {
        public var description: String
        public var measure: String
        public var comparison: Comparison
        public var threshold: Double
        public var status: CriterionStatus
        public var value: Double?
        /// The evidence the value comes from.
        public var evidence: String?
        /// The measure in words (e.g. "Teacher efficacy (total): change in the mean"), for readers
        /// who should not meet keys such as `tses-long.TSES.change`.
        public var measureWords: String?
        /// Whether the measure is a count (shown as a whole number).
        public var isCount = false
        public init(description: String, measure: String, comparison: Comparison, threshold: Double, status: CriterionStatus,
                    value: Double?, evidence: String?) {
            self.description = description
            self.measure = measure
            self.comparison = comparison
            self.threshold = threshold
            self.status = status
            self.value = value
            self.evidence = evidence
        }
    }

    /// A number with where it comes from.
    public struct Figure: Sendable, Codable, Equatable {
        public var key: String
        public var label: String
        public var value: Double
        public var provenance: String
        /// A count (passages, cases, strands, levels): shown as a whole number.
        public var isCount: Bool
        public init(key: String, label: String, value: Double, provenance: String, isCount: Bool = false) {
            self.key = key
            self.label = label
            self.value = value
            self.provenance = provenance
            self.isCount = isCount
        }
    }

    /// A quoted passage with its source, offsets and coder.
    public struct Quote: Sendable, Codable, Equatable {
        public var text: String
        public var caseName: String
        public var source: String
        public var start: Int
        public var end: Int
        public var coder: String
        public init(text: String, caseName: String, source: String, start: Int, end: Int, coder: String) {
            self.text = text
            self.caseName = caseName
            self.source = source
            self.start = start
            self.end = end
            self.coder = coder
        }
    }

    /// A before/after pair for the log's charts.
    public struct Change: Sendable, Codable, Equatable {
        public var label: String
        public var before: Double
        public var after: Double
        /// The whole range of the scale the values are on (e.g. 1–9), when there is one: charts
        /// span it rather than the values alone.
        public var scale: ClosedRange<Double>?
        public init(label: String, before: Double, after: Double, scale: ClosedRange<Double>? = nil) {
            self.label = label
            self.before = before
            self.after = after
            self.scale = scale
        }
    }

    public struct Evidence: Sendable, Codable, Equatable {
        public var kind: EvidenceKind
        public var title: String
        public var source: String
        public var recordedOn: CalendarDate
        /// What the figures were computed from (instrument and version, occasions, file).
        public var provenance: String
        public var text: String?
        public var figures: [Figure]
        public var changes: [Change]
        public var summaries: [String]
        public var quotes: [Quote]
        /// What a reader should know before relying on the figures (few pairs, undefined statistics).
        public var warnings: [String]
        public init(kind: EvidenceKind, title: String, source: String, recordedOn: CalendarDate, provenance: String, text: String?,
                    figures: [Figure] = [], changes: [Change] = [], summaries: [String] = [], quotes: [Quote] = [],
                    warnings: [String] = []) {
            self.kind = kind
            self.title = title
            self.source = source
            self.recordedOn = recordedOn
            self.provenance = provenance
            self.text = text
            self.figures = figures
            self.changes = changes
            self.summaries = summaries
            self.quotes = quotes
            self.warnings = warnings
        }
    }

    public struct Reflection: Sendable, Codable, Equatable {
        public var author: String
        public var recordedOn: CalendarDate
        public var wentWell: String?
        public var notEffective: String?
        public var problems: String?
        public var leadershipLearning: String?
        public init(author: String, recordedOn: CalendarDate, wentWell: String?, notEffective: String?, problems: String?,
                    leadershipLearning: String?) {
            self.author = author
            self.recordedOn = recordedOn
            self.wentWell = wentWell
            self.notEffective = notEffective
            self.problems = problems
            self.leadershipLearning = leadershipLearning
        }
    }

    public struct Review: Sendable, Codable, Equatable {
        public var challengedBy: String
        public var challenge: String
        public var response: String?
        public var recordedOn: CalendarDate
        public init(challengedBy: String, challenge: String, response: String?, recordedOn: CalendarDate) {
            self.challengedBy = challengedBy
            self.challenge = challenge
            self.response = response
            self.recordedOn = recordedOn
        }
    }

    public struct Cycle: Sendable, Codable, Equatable {
        public var number: Int
        public var template: String
        public var steps: [String]
        public var interventions: [Intervention]
        public var baseline: String
        public var startedOn: CalendarDate
        public var closedOn: CalendarDate?
        public var criteria: [Criterion]
        public var evidence: [Evidence]
        public var reflections: [Reflection]
        public var reviews: [Review]
        public var decision: CycleDecision?
        public var nextFocus: String?
        public init(number: Int, template: String, steps: [String], interventions: [Intervention], baseline: String,
                    startedOn: CalendarDate, closedOn: CalendarDate?, criteria: [Criterion], evidence: [Evidence],
                    reflections: [Reflection], reviews: [Review], decision: CycleDecision?, nextFocus: String?) {
            self.number = number
            self.template = template
            self.steps = steps
            self.interventions = interventions
            self.baseline = baseline
            self.startedOn = startedOn
            self.closedOn = closedOn
            self.criteria = criteria
            self.evidence = evidence
            self.reflections = reflections
            self.reviews = reviews
            self.decision = decision
            self.nextFocus = nextFocus
        }
    }
}
