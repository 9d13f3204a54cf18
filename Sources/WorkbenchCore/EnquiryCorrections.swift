import Foundation
public import Enquiries
import PluginHost
public import ProjectStore
import WorkbenchKit

// Correcting what was entered about enquiries and cycles: every field can be changed, a closed
// cycle re-opened, and anything deleted (refused while other records depend on it, unless cascading).

/// What to change about an enquiry; `nil` leaves a field as it is.
public struct EnquiryChanges: Sendable {
    public var title: String?
    public var focus: String?
    public var questions: [String]?
    public var schools: [String]?
    /// An empty lead clears it.
    public var lead: String?
    public var champions: [String]?
    public var date: CalendarDate?

    public init(title: String? = nil, focus: String? = nil, questions: [String]? = nil, schools: [String]? = nil,
                lead: String? = nil, champions: [String]? = nil, date: CalendarDate? = nil) {
        self.title = title
        self.focus = focus
        self.questions = questions
        self.schools = schools
        self.lead = lead
        self.champions = champions
        self.date = date
    }
}

/// A cycle with what was recorded in it, each with its id for corrections.
public struct CycleDetails: Sendable, Codable {
    public var cycle: CycleRecord
    public var criteria: [CriterionRecord]
    public var evidence: [EvidenceRecord]
    public var reflections: [ReflectionRecord]
    public var reviews: [PeerReviewRecord]
    /// Where it stands: what is recorded, what comes next, how its criteria stand.
    public var progress: CycleProgress
}

extension EnquiryCycles {
    /// Corrects an enquiry.
    public func editEnquiry(_ id: Int64, _ changes: EnquiryChanges) throws {
        var enquiry = try self.enquiry(id)
        let old = enquiry
        if let title = changes.title { enquiry.title = try Self.required(title, "an enquiry needs a title") }
        if let focus = changes.focus { enquiry.focus = try Self.required(focus, "an enquiry needs a focus") }
        if let questions = changes.questions {
            guard !questions.isEmpty else { throw WorkbenchError("an enquiry needs at least one research question") }
            enquiry.questions = questions
        }
        if let schools = changes.schools {
            for school in schools { _ = try self.school(school) }
            enquiry.schools = schools
        }
        if let lead = changes.lead { enquiry.lead = lead.isEmpty ? nil : lead }
        if let champions = changes.champions { enquiry.champions = champions }
        if let date = changes.date { enquiry.startedOn = date }
        guard enquiry != old else { throw WorkbenchError("nothing to change for enquiry #\(id)") }
        try change("enquiry.edit", "Corrected enquiry #\(id) '\(enquiry.title)'") { try store.update(enquiry) }
    }

    /// Deletes an enquiry; refused while it has cycles, unless `cascade` (they go with it, with
    /// their criteria, evidence, reflections and reviews).
    @discardableResult
    public func deleteEnquiry(_ id: Int64, cascade: Bool = false) throws -> [Dependant] {
        let enquiry = try self.enquiry(id)
        return try change("enquiry.delete", "Deleted enquiry #\(id) '\(enquiry.title)'") {
            try store.delete(.enquiry, id: id, cascade: cascade)
        }
    }

    /// A cycle with its criteria, evidence, reflections and reviews.
    public func cycleDetails(_ id: Int64) throws -> CycleDetails {
        let cycle = try self.cycle(id)
        guard let logged = try evidenceLog(cycle: id).enquiries.first?.cycles.first else {
            throw WorkbenchError("no cycle #\(id)", code: .notFound, field: "cycle")
        }
        return CycleDetails(cycle: cycle, criteria: try store.criteria(cycle: id), evidence: try store.evidence(cycle: id),
                            reflections: try store.reflections(cycle: id), reviews: try store.reviews(cycle: id),
                            progress: CycleProgress(logged))
    }

    /// Corrects a cycle's template, interventions, baseline or start date (nil leaves one as it is).
    public func editCycle(_ id: Int64, template: String? = nil, interventions: [String]? = nil, baseline: String? = nil,
                          date: CalendarDate? = nil) throws {
        var cycle = try self.cycle(id)
        let old = cycle
        let registry = try self.registry()
        if let template {
            cycle.template = try registry.plugin(template, kind: .cycleTemplate, as: (any CycleTemplatePlugin).self)
                .descriptor.reference
        }
        if let interventions {
            guard !interventions.isEmpty else { throw WorkbenchError("a cycle tries at least one intervention") }
            cycle.interventions = try interventions.map {
                try registry.plugin($0, kind: .intervention, as: (any InterventionPlugin).self).descriptor.reference
            }
        }
        if let baseline { cycle.baseline = baseline }
        if let date { cycle.startedOn = date }
        guard cycle != old else { throw WorkbenchError("nothing to change for cycle #\(id)") }
        try change("cycle.edit", "Corrected cycle #\(id)") { try store.update(cycle) }
    }

    /// Re-opens a closed cycle: its closing date, decision and next focus are cleared (and kept in the history).
    public func reopenCycle(_ id: Int64) throws {
        var cycle = try self.cycle(id)
        guard cycle.closedOn != nil else { throw WorkbenchError("cycle #\(id) is open") }
        cycle.closedOn = nil
        cycle.decision = nil
        cycle.nextFocus = nil
        try change("cycle.reopen", "Re-opened cycle #\(id)") { try store.update(cycle) }
    }

    /// Deletes a cycle; refused while it holds criteria, evidence, reflections or reviews, unless `cascade`.
    @discardableResult
    public func deleteCycle(_ id: Int64, cascade: Bool = false) throws -> [Dependant] {
        _ = try cycle(id)
        return try change("cycle.delete", "Deleted cycle #\(id)") { try store.delete(.cycle, id: id, cascade: cascade) }
    }

    /// Adds a success criterion to a cycle; its measure is checked first.
    @discardableResult
    public func addCriterion(cycle id: Int64, _ text: CriterionText) throws -> CriterionRecord {
        _ = try cycle(id)
        try checkMeasure(text.measure)
        return try change("criterion.add", "Added the criterion '\(text.description)' to cycle #\(id)") {
            try store.insert(CriterionRecord(cycleID: id, description: text.description, measure: text.measure,
                                             comparison: text.comparison, threshold: text.threshold))
        }
    }

    /// Replaces a success criterion's description, measure, comparison and threshold.
    public func editCriterion(_ id: Int64, _ text: CriterionText) throws {
        guard var criterion = try store.record(CriterionRecord.self, id: id) else {
            throw WorkbenchError("there is no success criterion #\(id)")
        }
        try checkMeasure(text.measure)
        criterion.description = text.description
        criterion.measure = text.measure
        criterion.comparison = text.comparison
        criterion.threshold = text.threshold
        try change("criterion.edit", "Corrected criterion #\(id) '\(text.description)'") { try store.update(criterion) }
    }

    /// Deletes a success criterion.
    public func deleteCriterion(_ id: Int64) throws {
        guard let criterion = try store.record(CriterionRecord.self, id: id) else {
            throw WorkbenchError("there is no success criterion #\(id)")
        }
        try change("criterion.delete", "Deleted criterion #\(id) '\(criterion.description)'") {
            try store.delete(.criterion, id: id)
        }
    }

    /// Corrects a piece of evidence's title, source or date (what it refers to is fixed: delete and add again).
    public func editEvidence(_ id: Int64, title: String? = nil, source: String? = nil, date: CalendarDate? = nil) throws {
        guard var evidence = try store.record(EvidenceRecord.self, id: id) else {
            throw WorkbenchError("there is no evidence #\(id)")
        }
        let old = evidence
        if let title { evidence.title = try Self.required(title, "evidence needs a title") }
        if let source { evidence.source = try Self.required(source, "evidence needs its source") }
        if let date { evidence.recordedOn = date }
        guard evidence != old else { throw WorkbenchError("nothing to change for evidence #\(id)") }
        try change("evidence.edit", "Corrected evidence #\(id) '\(evidence.title)'") { try store.update(evidence) }
    }

    /// Deletes a piece of evidence.
    public func deleteEvidence(_ id: Int64) throws {
        guard let evidence = try store.record(EvidenceRecord.self, id: id) else {
            throw WorkbenchError("there is no evidence #\(id)")
        }
        try change("evidence.delete", "Deleted evidence #\(id) '\(evidence.title)'") { try store.delete(.evidence, id: id) }
    }

    /// Corrects a reflection (nil leaves a field as it is; an empty text clears it).
    public func editReflection(_ id: Int64, author: String? = nil, wentWell: String? = nil, notEffective: String? = nil,
                               problems: String? = nil, leadershipLearning: String? = nil, date: CalendarDate? = nil) throws {
        guard var reflection = try store.record(ReflectionRecord.self, id: id) else {
            throw WorkbenchError("there is no reflection #\(id)")
        }
        let old = reflection
        func cleared(_ text: String?, _ current: String?) -> String? { text.map { $0.isEmpty ? nil : $0 } ?? current }
        if let author { reflection.author = try Self.required(author, "a reflection needs its author") }
        reflection.wentWell = cleared(wentWell, reflection.wentWell)
        reflection.notEffective = cleared(notEffective, reflection.notEffective)
        reflection.problems = cleared(problems, reflection.problems)
        reflection.leadershipLearning = cleared(leadershipLearning, reflection.leadershipLearning)
        if let date { reflection.recordedOn = date }
        guard [reflection.wentWell, reflection.notEffective, reflection.problems, reflection.leadershipLearning]
            .contains(where: { $0 != nil }) else {
            throw WorkbenchError("a reflection keeps at least one of what went well, what was not effective, problems "
                             + "or leadership learning; delete it instead")
        }
        guard reflection != old else { throw WorkbenchError("nothing to change for reflection #\(id)") }
        try change("reflection.edit", "Corrected reflection #\(id) by \(reflection.author)") { try store.update(reflection) }
    }

    /// Deletes a reflection.
    public func deleteReflection(_ id: Int64) throws {
        guard try store.record(ReflectionRecord.self, id: id) != nil else { throw WorkbenchError("there is no reflection #\(id)") }
        try change("reflection.delete", "Deleted reflection #\(id)") { try store.delete(.reflection, id: id) }
    }

    /// Corrects a peer review (nil leaves a field as it is; an empty response clears it).
    public func editReview(_ id: Int64, challengedBy: String? = nil, challenge: String? = nil, response: String? = nil,
                           date: CalendarDate? = nil) throws {
        guard var review = try store.record(PeerReviewRecord.self, id: id) else {
            throw WorkbenchError("there is no peer review #\(id)")
        }
        let old = review
        if let challengedBy { review.challengedBy = try Self.required(challengedBy, "a peer review names who challenged") }
        if let challenge { review.challenge = try Self.required(challenge, "a peer review needs its challenge") }
        if let response { review.response = response.isEmpty ? nil : response }
        if let date { review.recordedOn = date }
        guard review != old else { throw WorkbenchError("nothing to change for peer review #\(id)") }
        try change("review.edit", "Corrected peer review #\(id) by \(review.challengedBy)") { try store.update(review) }
    }

    /// Deletes a peer review.
    public func deleteReview(_ id: Int64) throws {
        guard try store.record(PeerReviewRecord.self, id: id) != nil else { throw WorkbenchError("there is no peer review #\(id)") }
        try change("review.delete", "Deleted peer review #\(id)") { try store.delete(.peerReview, id: id) }
    }
}

extension WorkbenchProject {
    /// An enquiry by id, or an error listing the enquiries there are.
    func enquiry(_ id: Int64) throws -> EnquiryRecord {
        let enquiries = try store.enquiries()
        guard let enquiry = enquiries.first(where: { $0.id == id }) else {
            throw WorkbenchError("no enquiry #\(id)" + (enquiries.isEmpty ? "; the project has no enquiries yet"
                                                    : "; enquiries: " + enquiries.map { "#\($0.id!)" }.joined(separator: ", ")))
        }
        return enquiry
    }
}
