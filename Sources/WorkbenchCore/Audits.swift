import Foundation
public import ProjectStore
public import Scoring
import WorkbenchKit

extension Audits {
    /// Records one respondent's best-fit level for one strand, with evidence.
    /// - Throws: ``WorkbenchError`` naming an unknown strand or level and listing the valid ones.
    @discardableResult
    public func recordJudgement(matrix reference: String, strand: String, level: String, evidence: String,
                                respondent: String?, occasion: String) throws -> JudgementRecord {
        let (descriptor, matrix) = try self.matrix(reference)
        guard matrix.strands.contains(where: { $0.id == strand }) else {
            throw WorkbenchError("unknown strand '\(strand)' in \(descriptor.reference); strands: "
                             + matrix.strands.map(\.id).joined(separator: ", "))
        }
        guard let chosen = matrix.levels.first(where: { $0.id == level || $0.label.lowercased() == level.lowercased() })
        else {
            throw WorkbenchError("unknown level '\(level)' in \(descriptor.reference); levels: "
                             + matrix.levels.map(\.id).joined(separator: ", "))
        }
        guard !evidence.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw WorkbenchError("a judgement needs its evidence: how do we know?", code: .missingValue, field: "evidence")
        }
        let record = JudgementRecord(matrix: descriptor.id, matrixVersion: descriptor.version.description,
                                     occasion: occasion, strand: strand, level: chosen.id, respondent: respondent,
                                     evidence: evidence, recordedAt: Date())
        let by = respondent.map { " by \($0)" } ?? ""
        return try change("judgement.record", "Recorded \(strand) at \(chosen.label)\(by) for '\(occasion)' (\(descriptor.id))") {
            try store.record(record)
        }
    }

    /// The audit results of a matrix over every occasion it was used on.
    public func audit(_ reference: String) throws -> AuditReport {
        let (descriptor, matrix) = try self.matrix(reference)
        let records = try store.judgements(matrix: descriptor.id)
        guard !records.isEmpty else { throw WorkbenchError("no judgements recorded with \(descriptor.id) yet") }
        var occasions: [String] = []
        for record in records where !occasions.contains(record.occasion) { occasions.append(record.occasion) }
        let judgements = records.map {
            StrandJudgement(strand: $0.strand, occasion: $0.occasion, level: $0.level, respondent: $0.respondent)
        }
        return AuditReport(matrix: descriptor, definition: matrix, occasions: occasions,
                           results: AuditSummary.results(judgements, matrix: matrix, occasions: occasions))
    }
}

extension Audits {
    /// Every judgement recorded with a matrix, in the order recorded (with their ids, for corrections).
    public func judgements(_ reference: String) throws -> [JudgementRecord] {
        let (descriptor, _) = try self.matrix(reference)
        return try store.judgements(matrix: descriptor.id)
    }

    /// Corrects a judgement's level or evidence (nil leaves one as it is).
    public func editJudgement(_ id: Int64, level: String? = nil, evidence: String? = nil) throws {
        var judgement = try self.judgement(id)
        let (descriptor, matrix) = try self.matrix("\(judgement.matrix)@\(judgement.matrixVersion)")
        if let level {
            guard let chosen = matrix.levels.first(where: { $0.id == level || $0.label.lowercased() == level.lowercased() })
            else {
                throw WorkbenchError("unknown level '\(level)' in \(descriptor.reference); levels: "
                                 + matrix.levels.map(\.id).joined(separator: ", "))
            }
            judgement.level = chosen.id
        }
        if let evidence { judgement.evidence = try Self.required(evidence, "a judgement needs its evidence: how do we know?") }
        guard level != nil || evidence != nil else { throw WorkbenchError("nothing to change: give a level or evidence") }
        try change("judgement.edit", "Corrected judgement #\(id) (\(judgement.strand), '\(judgement.occasion)')") {
            try store.update(judgement)
        }
    }

    /// Deletes a judgement.
    public func deleteJudgement(_ id: Int64) throws {
        let judgement = try self.judgement(id)
        try change("judgement.delete", "Deleted judgement #\(id) (\(judgement.strand), '\(judgement.occasion)')") {
            try store.delete(.judgement, id: id)
        }
    }

    private func judgement(_ id: Int64) throws -> JudgementRecord {
        guard let judgement = try store.record(JudgementRecord.self, id: id) else {
            throw WorkbenchError("there is no audit judgement #\(id)")
        }
        return judgement
    }
}
