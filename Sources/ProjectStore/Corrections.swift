public import Foundation
import GRDB

/// The kinds of record a user enters, and so can correct or delete.
public enum RecordKind: String, Sendable, Hashable, CaseIterable, Codable {
    case school, participant, response, judgement, source, coding, memo, memberCheck, outsidePassage, enquiry, cycle
    case criterion, evidence, reflection, peerReview
    case summary = "chartSummary"

    /// The table that holds it.
    var table: String { rawValue }

    /// How a sentence names one or several of them: "1 answer", "192 answers".
    public func noun(_ count: Int) -> String { "\(count) \(count == 1 ? names.one : names.many)" }

    /// The singular and plural names.
    var names: (one: String, many: String) {
        switch self {
        case .school: ("school", "schools")
        case .participant: ("participant", "participants")
        case .response: ("answer", "answers")
        case .judgement: ("audit judgement", "audit judgements")
        case .source: ("transcript", "transcripts")
        case .coding: ("coding", "codings")
        case .memo: ("memo", "memos")
        case .memberCheck: ("member check", "member checks")
        case .outsidePassage: ("outside-the-framework passage", "outside-the-framework passages")
        case .enquiry: ("enquiry", "enquiries")
        case .cycle: ("cycle", "cycles")
        case .criterion: ("success criterion", "success criteria")
        case .evidence: ("piece of evidence", "pieces of evidence")
        case .reflection: ("reflection", "reflections")
        case .peerReview: ("peer review", "peer reviews")
        case .summary: ("matrix summary", "matrix summaries")
        }
    }
}

/// Records that depend on another: how many of a kind, and how they refer to it.
public struct Dependant: Sendable, Hashable, Codable, CustomStringConvertible {
    public var kind: RecordKind
    public var count: Int
    /// How they refer to it, e.g. "as their case" or "speaking".
    public var relation: String?

    public init(kind: RecordKind, count: Int, relation: String? = nil) {
        self.kind = kind
        self.count = count
        self.relation = relation
    }

    public var description: String { kind.noun(count) + (relation.map { " (\($0))" } ?? "") }
}

extension [Dependant] {
    /// "192 answers, 2 member checks and 1 transcript (as its case)".
    public var sentence: String {
        let parts = map(\.description)
        guard parts.count > 1 else { return parts.first ?? "nothing" }
        return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }

    /// "depends" for one record, "depend" for several.
    public var verb: String { count == 1 && first?.count == 1 ? "depends" : "depend" }
}

/// A link from one table to another: a foreign key, or (for matrix summaries) the case's name.
private struct Link {
    var child: RecordKind
    var column: String
    var relation: String?
    /// Deleting the parent deletes these rows in the database itself (they are part of it).
    var isPart = false
}

extension ProjectStore {
    // MARK: - Corrections

    /// Saves a changed record (it must exist).
    /// - Throws: ``StoreError`` when it does not, or a uniqueness rule is broken.
    package func update<Record: StoredRecord>(_ record: Record) throws(StoreError) {
        try write { db in
            do {
                try record.update(db)
            } catch RecordError.recordNotFound {
                throw StoreError("there is no such \(Record.databaseTableName) (it may have been deleted)", code: .notFound)
            }
        }
    }

    /// What depends on a record: rows elsewhere that refer to it.
    public func dependants(of kind: RecordKind, id: Int64) throws(StoreError) -> [Dependant] {
        try read { db in try Self.dependants(of: kind, id: id, db) }
    }

    /// Deletes a record. Without `cascade`, a record others depend on is refused with an error
    /// naming them (code ``StoreError/Code/hasDependants``); with it, they are deleted too (links
    /// from speaker turns and outside passages are cleared instead).
    /// - Returns: what was deleted or unlinked with it.
    @discardableResult
    package func delete(_ kind: RecordKind, id: Int64, cascade: Bool = false) throws(StoreError) -> [Dependant] {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM \(kind.table.quotedDatabaseIdentifier) WHERE id = ?",
                                    arguments: [id]) != nil else {
                throw StoreError("there is no \(kind.names.one) #\(id)", code: .notFound)
            }
            let dependants = try Self.dependants(of: kind, id: id, db)
            if !dependants.isEmpty && !cascade {
                throw StoreError("\(try Self.name(of: kind, id: id, db)) cannot be deleted: "
                                 + "\(dependants.sentence) \(dependants.verb) on it", code: .hasDependants, dependants: dependants)
            }
            try Self.deleteWithDependants(kind, id: id, db)
            return dependants
        }
    }

    private static func links(to kind: RecordKind) -> [Link] {
        switch kind {
        case .school: [Link(child: .participant, column: "schoolId")]
        case .participant:
            [Link(child: .response, column: "participantId"), Link(child: .memberCheck, column: "participantId"),
             Link(child: .source, column: "caseId", relation: "as their case")]
        case .source:
            [Link(child: .coding, column: "sourceId", isPart: true), Link(child: .memo, column: "sourceId", isPart: true),
             Link(child: .outsidePassage, column: "sourceId", isPart: true)]
        case .enquiry: [Link(child: .cycle, column: "enquiryId")]
        case .cycle:
            [Link(child: .criterion, column: "cycleId", isPart: true), Link(child: .evidence, column: "cycleId", isPart: true),
             Link(child: .reflection, column: "cycleId", isPart: true), Link(child: .peerReview, column: "cycleId", isPart: true)]
        default: []
        }
    }

    private static func dependants(of kind: RecordKind, id: Int64, _ db: Database) throws -> [Dependant] {
        var found: [Dependant] = []
        for link in links(to: kind) {
            let count = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM \(link.child.table.quotedDatabaseIdentifier) WHERE \(link.column.quotedDatabaseIdentifier) = ?
                """, arguments: [id]) ?? 0
            if count > 0 { found.append(Dependant(kind: link.child, count: count, relation: link.relation)) }
        }
        if kind == .school {
            let naming = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM enquiry WHERE EXISTS (SELECT 1 FROM json_each(enquiry.schools)
                WHERE value = (SELECT name FROM school WHERE id = ?))
                """, arguments: [id]) ?? 0
            if naming > 0 { found.append(Dependant(kind: .enquiry, count: naming, relation: "naming it")) }
        }
        if kind == .participant {
            let speaking = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM turn WHERE participantId = ?", arguments: [id]) ?? 0
            if speaking > 0 {
                found.append(Dependant(kind: .source, count: try Int.fetchOne(db, sql: """
                    SELECT COUNT(DISTINCT sourceId) FROM turn WHERE participantId = ?
                    """, arguments: [id]) ?? 0, relation: "where they speak, in \(speaking) turns: deleting only unlinks these"))
            }
            let summaries = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM chartSummary WHERE caseName = (SELECT pseudonym FROM participant WHERE id = ?)
                """, arguments: [id]) ?? 0
            if summaries > 0 { found.append(Dependant(kind: .summary, count: summaries, relation: "of their case")) }
        }
        return found
    }

    private static func deleteWithDependants(_ kind: RecordKind, id: Int64, _ db: Database) throws {
        for link in links(to: kind) where !link.isPart {
            let children = try Int64.fetchAll(db, sql: """
                SELECT id FROM \(link.child.table.quotedDatabaseIdentifier) WHERE \(link.column.quotedDatabaseIdentifier) = ?
                """, arguments: [id])
            for child in children { try deleteWithDependants(link.child, id: child, db) }
        }
        if kind == .school {
            // Enquiries that name the school no longer do.
            try db.execute(sql: """
                UPDATE enquiry SET schools = (SELECT json_group_array(value) FROM json_each(enquiry.schools) WHERE value != ?1)
                WHERE EXISTS (SELECT 1 FROM json_each(enquiry.schools) WHERE value = ?1)
                """, arguments: [try String.fetchOne(db, sql: "SELECT name FROM school WHERE id = ?", arguments: [id])])
        }
        if kind == .participant {
            try db.execute(sql: "UPDATE turn SET participantId = NULL WHERE participantId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM sitting WHERE participantId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM chartSummary WHERE caseName = (SELECT pseudonym FROM participant WHERE id = ?)",
                           arguments: [id])
        }
        try db.execute(sql: "DELETE FROM \(kind.table.quotedDatabaseIdentifier) WHERE id = ?", arguments: [id])
    }

    /// A record as a sentence names it, e.g. "participant 'Teacher A'".
    private static func name(of kind: RecordKind, id: Int64, _ db: Database) throws -> String {
        let noun = kind.names.one
        let column: String? = switch kind {
        case .school, .source: "name"
        case .participant: "pseudonym"
        case .enquiry: "title"
        default: nil
        }
        if let column, let name = try String.fetchOne(db, sql: """
            SELECT \(column) FROM \(kind.table.quotedDatabaseIdentifier) WHERE id = ?
            """, arguments: [id]) {
            return "\(noun) '\(name)'"
        }
        return "\(noun) #\(id)"
    }
}

extension ProjectStore {
    /// The record of a type with this id, if any.
    public func record<Record: StoredRecord>(_ type: Record.Type, id: Int64) throws(StoreError) -> Record? {
        try read { db in try Record.fetchOne(db, key: id) }
    }

    /// Replaces one participant's answers to an instrument on an occasion: `set` gives new or
    /// changed answers (item → code), `clear` the items to leave unanswered.
    package func changeAnswers(participant: Int64, instrument: String, version: String, occasion: String,
                              set: [String: String], clear: [String], at date: Date,
                              source: String = "corrected") throws(StoreError) {
        try write { db in
            for item in clear {
                try db.execute(sql: """
                    DELETE FROM response WHERE participantId = ? AND instrument = ? AND occasion = ? AND item = ?
                    """, arguments: [participant, instrument, occasion, item])
            }
            for (item, code) in set.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: """
                    UPDATE response SET code = ?, source = ?, recordedAt = ?
                    WHERE participantId = ? AND instrument = ? AND occasion = ? AND item = ?
                    """, arguments: [code, source, date, participant, instrument, occasion, item])
                if db.changesCount == 0 {
                    var record = ResponseRecord(participantID: participant, instrument: instrument,
                                                instrumentVersion: version, occasion: occasion, item: item, code: code,
                                                source: source, recordedAt: date)
                    try record.insert(db)
                }
            }
        }
    }

    /// Deletes one participant's answers to an instrument on an occasion, and their taking part;
    /// returns how many answers.
    @discardableResult
    package func deleteAnswers(participant: Int64, instrument: String, occasion: String) throws(StoreError) -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM response WHERE participantId = ? AND instrument = ? AND occasion = ?",
                           arguments: [participant, instrument, occasion])
            let count = db.changesCount
            try db.execute(sql: "DELETE FROM sitting WHERE participantId = ? AND instrument = ? AND occasion = ?",
                           arguments: [participant, instrument, occasion])
            return count
        }
    }

    /// Renames a matrix case in its summaries (a participant's pseudonym changed).
    package func renameCase(_ old: String, to new: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE chartSummary SET caseName = ? WHERE caseName = ?", arguments: [new, old])
        }
    }

    /// Removes the summary of one matrix cell; returns whether there was one.
    @discardableResult
    package func removeSummary(framework: String, case caseName: String, theme: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM chartSummary WHERE framework = ? AND caseName = ? AND theme = ?",
                           arguments: [framework, caseName, theme])
            return db.changesCount > 0
        }
    }
}
