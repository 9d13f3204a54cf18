public import Foundation
public import FrameworkAnalysis
import GRDB

extension ProjectStore {
    // MARK: - Familiarisation memos

    /// Every memo, with its source's name (nil for a memo on the project), in the order written.
    public func memos() throws(StoreError) -> [(source: String?, memo: MemoRecord)] {
        try read { db in
            let names = try sourceNames(db)
            return try MemoRecord.order(Column("id")).fetchValues(db).map { ($0.sourceID.map { names[$0] ?? "?" }, $0) }
        }
    }

    /// The memos written on one source or its passages, oldest first.
    public func memos(source id: Int64) throws(StoreError) -> [MemoRecord] {
        try read { db in try MemoRecord.filter(Column("sourceId") == id).order(Column("id")).fetchValues(db) }
    }

    // MARK: - Draft framework

    /// The draft framework's themes (active and retired), in order.
    public func draftThemes() throws(StoreError) -> [DraftTheme] {
        try read { db in try DraftTheme.order(Column("position")).fetchValues(db) }
    }

    /// The draft framework's history, oldest first.
    public func draftChanges() throws(StoreError) -> [DraftChange] {
        try read { db in try DraftChange.order(Column("id")).fetchValues(db) }
    }

    /// Applies one change to the draft in one transaction: saves the themes given, moves codings of
    /// `framework` from one theme to another as `recode` says, and records the change.
    package func changeDraft(themes: [DraftTheme], recode: [String: String] = [:], framework: String,
                            change: DraftChange) throws(StoreError) {
        try write { db in
            for var theme in themes { try theme.save(db) }
            for (from, to) in recode {
                try db.execute(sql: "UPDATE coding SET theme = ? WHERE framework = ? AND theme = ?",
                               arguments: [to, framework, from])
            }
            var change = change
            try change.insert(db)
        }
    }

    /// Moves every coding of framework `from` to `to`@`version` and records the change; returns
    /// how many codings moved.
    @discardableResult
    package func moveCodings(framework from: String, to: String, version: String, change: DraftChange)
        throws(StoreError) -> Int {
        try write { db in
            try db.execute(sql: "UPDATE coding SET framework = ?, frameworkVersion = ? WHERE framework = ?",
                           arguments: [to, version, from])
            let moved = db.changesCount
            var change = change
            try change.insert(db)
            return moved
        }
    }

    // MARK: - Member checks

    /// Every member check with the participant's pseudonym, by date.
    public func memberChecks() throws(StoreError) -> [(pseudonym: String, check: MemberCheck)] {
        try read { db in
            let names = try Dictionary(uniqueKeysWithValues: Participant.fetchAll(db).map { ($0.id!, $0.pseudonym) })
            return try MemberCheck.order(Column("checkedOn"), Column("id")).fetchValues(db)
                .map { (names[$0.participantID] ?? "?", $0) }
        }
    }

    // MARK: - Outside the framework

    /// Every passage of the bucket with its source's name, in the order added.
    public func outsidePassages() throws(StoreError) -> [(source: String, passage: OutsidePassage)] {
        try read { db in
            let names = try sourceNames(db)
            return try OutsidePassage.order(Column("id")).fetchValues(db).map { (names[$0.sourceID] ?? "?", $0) }
        }
    }

    /// Resolves an open passage, coding it first when `coding` is given; one transaction.
    /// - Throws: ``StoreError`` when there is no such passage or it is resolved already.
    package func resolve(outside id: Int64, resolution: OutsidePassage.Resolution, by researcher: String,
                        note: String?, coding: CodingRecord?, at date: Date) throws(StoreError) -> OutsidePassage {
        try write { db in
            guard var passage = try OutsidePassage.fetchOne(db, key: id) else {
                throw StoreError("there is no outside-the-framework passage #\(id)", code: .notFound)
            }
            if let resolution = passage.resolution {
                throw StoreError("passage #\(id) was already resolved (\(resolution.rawValue) by "
                                 + "\(passage.resolvedBy ?? "?"))")
            }
            if var coding {
                try coding.insert(db)
                passage.codingID = coding.id
            }
            passage.resolution = resolution
            passage.resolvedBy = researcher
            passage.resolvedAt = date
            passage.resolutionNote = note
            try passage.update(db)
            return passage
        }
    }
}
