import Foundation

/// Where a cycle stands in the enquiry method: which of its parts are recorded, what comes next,
/// and how its success criteria stand.
public struct CycleProgress: Sendable, Codable, Hashable {
    /// The parts of a cycle, in the order the method takes them.
    public enum Part: String, Sendable, Codable, Hashable, CaseIterable {
        case intervention, baseline, criteria, evidence, reflection, review, decision

        /// In a sentence, e.g. "link evidence".
        public var task: String {
            switch self {
            case .intervention: "choose the intervention(s)"
            case .baseline: "write the baseline"
            case .criteria: "set the success criteria"
            case .evidence: "link evidence"
            case .reflection: "reflect in the leadership log"
            case .review: "record the peer challenge"
            case .decision: "close the cycle with a decision"
            }
        }
    }

    public var done: [Part]
    /// The first part not yet recorded; nil once the cycle is closed.
    public var next: Part?
    public var criteriaMet: Int
    public var criteriaNotMet: Int
    public var criteriaWithoutData: Int

    public init(_ cycle: EvidenceLog.Cycle) {
        let recorded: [Part: Bool] = [
            .intervention: !cycle.interventions.isEmpty,
            .baseline: !cycle.baseline.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            .criteria: !cycle.criteria.isEmpty, .evidence: !cycle.evidence.isEmpty,
            .reflection: !cycle.reflections.isEmpty, .review: !cycle.reviews.isEmpty, .decision: cycle.decision != nil,
        ]
        done = Part.allCases.filter { recorded[$0] == true }
        next = cycle.closedOn == nil ? Part.allCases.first { recorded[$0] != true } : nil
        criteriaMet = cycle.criteria.filter { $0.status == .met }.count
        criteriaNotMet = cycle.criteria.filter { $0.status == .notMet }.count
        criteriaWithoutData = cycle.criteria.filter { $0.status == .noData }.count
    }
}
