public import Foundation
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

    /// Imports a whole audit from CSV: the columns `strand`, `level`, `evidence` and `occasion`, and
    /// optionally `respondent` (any order and case), one judgement per row. Every row is checked
    /// first (an unknown strand or level, missing evidence or occasion, a respondent judging a strand
    /// twice on one occasion), each problem named by file and line; then all are saved in one change.
    /// - Returns: the judgements saved.
    @discardableResult
    public func importJudgements(matrix reference: String, from file: URL) throws -> [JudgementRecord] {
        let (descriptor, matrix) = try self.matrix(reference)
        let records = try CSVFile.records(file)
        let path = file.path
        let header = records[0].fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let required = ["strand", "level", "evidence", "occasion"]
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw WorkbenchError("\(path):1: the columns \(missing.joined(separator: ", ")) are missing; an audit file "
                                 + "has strand, level, evidence, occasion and optionally respondent", field: "file",
                                 file: path, line: 1)
        }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        let strand = column("strand")!, level = column("level")!, evidence = column("evidence")!
        let occasion = column("occasion")!, respondent = column("respondent")
        var problems: [String] = []
        var judgements: [JudgementRecord] = []
        var seen: [String: Int] = [:]
        let now = Date()
        for record in records.dropFirst() {
            let fields = record.fields, line = record.line
            func problem(_ message: String) { problems.append("\(path):\(line): \(message)") }
            let strandID = fields[strand], given = fields[level], text = fields[evidence], when = fields[occasion]
            let who = respondent.map { fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            guard matrix.strands.contains(where: { $0.id == strandID }) else {
                problem("unknown strand '\(strandID)'; strands: " + matrix.strands.map(\.id).joined(separator: ", "))
                continue
            }
            guard let chosen = matrix.levels.first(where: { $0.id == given || $0.label.lowercased() == given.lowercased() })
            else {
                problem("unknown level '\(given)'; levels: " + matrix.levels.map(\.id).joined(separator: ", "))
                continue
            }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                problem("no evidence for \(strandID): how do we know?")
                continue
            }
            guard !when.isEmpty else {
                problem("no occasion")
                continue
            }
            if let who {
                let key = "\(who)\u{0}\(strandID)\u{0}\(when)"
                if let first = seen[key] {
                    problem("\(who) judges \(strandID) on '\(when)' again (first on line \(first))")
                    continue
                }
                seen[key] = line
            }
            judgements.append(JudgementRecord(matrix: descriptor.id, matrixVersion: descriptor.version.description,
                                              occasion: when, strand: strandID, level: chosen.id, respondent: who,
                                              evidence: text, recordedAt: now))
        }
        guard problems.isEmpty else { throw WorkbenchError(problems.joined(separator: "\n"), field: "file", file: path) }
        return try change("judgements.import", "Imported \(judgements.count) judgements with \(descriptor.id) from "
                          + file.lastPathComponent) {
            try judgements.map { try store.record($0) }
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
            StrandJudgement(strand: $0.strand, occasion: $0.occasion, level: $0.level, respondent: $0.respondent,
                            evidence: $0.evidence)
        }
        return AuditReport(matrix: descriptor, definition: matrix, occasions: occasions,
                           results: AuditSummary.results(judgements, matrix: matrix, occasions: occasions),
                           judgements: judgements)
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
