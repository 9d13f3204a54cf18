public import Foundation
import GRDB
import StagedFiles

/// What a user did, as the journal records it: one entry per change, written in the same
/// transaction as the change.
public struct ChangeNote: Sendable, Hashable {
    /// A stable code for the kind of change, e.g. `participant.edit` or `responses.import`.
    public var action: String
    /// The change in words, e.g. "Renamed participant 'Teacher A' to 'Teacher B'".
    public var summary: String
    /// Who made it.
    public var actor: String

    public init(action: String, summary: String, actor: String) {
        self.action = action
        self.summary = summary
        self.actor = actor
    }
}

/// A change as the journal holds it: what, who, when, and how many rows it touched.
public struct JournalEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var action: String
    public var summary: String
    public var actor: String
    public var at: Date
    /// Reverted by `undo` (and not yet re-applied).
    public var undone: Bool
    /// Rows touched, by table and operation, e.g. `["participant": ["update": 1]]`.
    public var counts: [String: [String: Int]]
}

/// One row a journal entry changed, with its values before and after (nil where the row did not exist).
public struct RowChange: Sendable, Hashable, Codable {
    public enum Operation: String, Sendable, Hashable, Codable {
        case insert, update, delete
    }

    public var table: String
    public var rowID: Int64
    public var operation: Operation
    public var before: [String: JournalValue]?
    public var after: [String: JournalValue]?

    /// The fields whose values differ between before and after, in name order.
    public var changedFields: [String] {
        let names = Set((before ?? [:]).keys).union((after ?? [:]).keys)
        return names.sorted().filter { before?[$0] != after?[$0] }
    }
}

/// A column value as kept in the journal.
public enum JournalValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let integer = try? container.decode(Int64.self) { self = .integer(integer) }
        else if let real = try? container.decode(Double.self) { self = .real(real) }
        else { self = .text(try container.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .integer(let value): try container.encode(value)
        case .real(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): value
        }
    }
}

/// The journal's tables and triggers. Every table of user data has triggers that record each row
/// inserted, updated or deleted under the change being made, and refuse a write made outside one.
///
/// `journalState.entryId` says what the triggers do: the id of the open entry (record), -1 (undo or
/// redo is replaying the journal: do not record) or NULL (no change is open: refuse the write).
enum Journal {
    /// Tables that are not user data: never journaled.
    static let untracked: Set<String> = ["project", "journalEntry", "journalChange", "journalState",
                                         "grdb_migrations", "sqlite_sequence"]

    static let replaying: Int64 = -1

    static func createTables(_ db: Database) throws {
        try db.create(table: "journalEntry") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("action", .text).notNull()
            table.column("summary", .text).notNull()
            table.column("actor", .text).notNull()
            table.column("at", .datetime).notNull()
            table.column("undone", .boolean).notNull().defaults(to: false)
            /// Undone since the last new change, so `redo` may re-apply it; with its place in the redo stack.
            table.column("redoOrder", .integer)
        }
        try db.create(table: "journalChange") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("entryId", .integer).notNull().references("journalEntry", onDelete: .cascade)
            table.column("tableName", .text).notNull()
            table.column("rowId", .integer).notNull()
            table.column("operation", .text).notNull()
            table.column("before", .text)
            table.column("after", .text)
        }
        try db.create(index: "journalChange_by_entry", on: "journalChange", columns: ["entryId"])
        try db.create(table: "journalState") { table in
            table.column("id", .integer).primaryKey().check { $0 == 1 }
            table.column("entryId", .integer)
        }
        try db.execute(sql: "INSERT INTO journalState (id, entryId) VALUES (1, NULL)")
    }

    /// The user-data tables and their columns.
    static func tables(_ db: Database) throws -> [TrackedTable] {
        let names = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """)
        return try names.filter { !untracked.contains($0) }.map { name in
            try TrackedTable(name: name, columns: db.columns(in: name))
        }
    }

    /// (Re)creates the triggers of every user-data table. Call it at the end of every migration
    /// that creates or alters a table.
    static func installTriggers(_ db: Database) throws {
        let existing = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'journal_%'")
        for name in existing { try db.execute(sql: "DROP TRIGGER \(name.quotedDatabaseIdentifier)") }
        for table in try tables(db) {
            for statement in table.triggers { try db.execute(sql: statement) }
        }
    }
}

/// A user-data table as the journal sees it.
struct TrackedTable {
    var name: String
    var columns: [String]
    var realColumns: Set<String>
    /// The column that is the rowid (an `INTEGER PRIMARY KEY`), if any.
    var rowIDColumn: String?

    init(name: String, columns: [ColumnInfo]) {
        self.name = name
        self.columns = columns.map(\.name)
        // REAL values are kept as text with 17 significant digits: SQLite's JSON would round them.
        realColumns = Set(columns.filter {
            let type = $0.type.uppercased()
            return type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")
        }.map(\.name))
        let keys = columns.filter { $0.primaryKeyIndex > 0 }
        rowIDColumn = keys.count == 1 && keys[0].type.uppercased() == "INTEGER" ? keys[0].name : nil
    }

    private var quoted: String { name.quotedDatabaseIdentifier }

    /// `json_object(...)` of the row named `alias` (OLD, NEW or the table itself).
    func jsonObject(_ alias: String) -> String {
        let pairs = columns.map { column in
            let value = "\(alias).\(column.quotedDatabaseIdentifier)"
            let kept = realColumns.contains(column)
                ? "CASE WHEN \(value) IS NULL THEN NULL ELSE printf('%!.17g', \(value)) END" : value
            return "'\(column)', \(kept)"
        }
        return "json_object(\(pairs.joined(separator: ", ")))"
    }

    /// The value of `column` read back from the JSON bound to parameter `?2`.
    private func restored(_ column: String) -> String {
        let value = "json_extract(?2, '$.\"\(column)\"')"
        return realColumns.contains(column) ? "CAST(\(value) AS REAL)" : value
    }

    var triggers: [String] {
        let state = "(SELECT entryId FROM journalState WHERE id = 1)"
        let record = "INSERT INTO journalChange (entryId, tableName, rowId, operation, before, after) VALUES (\(state), '\(name)'"
        var statements: [String] = []
        for event in ["INSERT", "UPDATE", "DELETE"] {
            statements.append("""
                CREATE TRIGGER "journal_\(name)_refuse_\(event.lowercased())" BEFORE \(event) ON \(quoted)
                WHEN \(state) IS NULL
                BEGIN SELECT RAISE(ABORT, 'workbench: a change to \(name) outside the journal'); END
                """)
        }
        statements.append("""
            CREATE TRIGGER "journal_\(name)_insert" AFTER INSERT ON \(quoted) WHEN \(state) > 0
            BEGIN \(record), NEW.rowid, 'insert', NULL, NULL); END
            """)
        statements.append("""
            CREATE TRIGGER "journal_\(name)_update" AFTER UPDATE ON \(quoted) WHEN \(state) > 0
            BEGIN \(record), NEW.rowid, 'update', \(jsonObject("OLD")), \(jsonObject("NEW"))); END
            """)
        statements.append("""
            CREATE TRIGGER "journal_\(name)_delete" AFTER DELETE ON \(quoted) WHEN \(state) > 0
            BEGIN \(record), OLD.rowid, 'delete', \(jsonObject("OLD")), NULL); END
            """)
        return statements
    }

    /// Inserts the row kept as JSON in `?2` with rowid `?1`.
    var restoreSQL: String {
        let names = columns.map(\.quotedDatabaseIdentifier)
        let values = columns.map(restored)
        if rowIDColumn != nil {
            return "INSERT INTO \(quoted) (\(names.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))"
        }
        return "INSERT INTO \(quoted) (rowid, \(names.joined(separator: ", "))) VALUES (?1, \(values.joined(separator: ", ")))"
    }

    /// Sets the row with rowid `?1` to the values kept as JSON in `?2`.
    var setSQL: String {
        let assignments = columns.map { "\($0.quotedDatabaseIdentifier) = \(restored($0))" }
        return "UPDATE \(quoted) SET \(assignments.joined(separator: ", ")) WHERE rowid = ?1"
    }

    var deleteSQL: String { "DELETE FROM \(quoted) WHERE rowid = ?" }

    var snapshotSQL: String { "SELECT \(jsonObject(quoted)) FROM \(quoted) WHERE rowid = ?" }
}

extension ProjectStore {
    // MARK: - Changes and the journal

    /// Makes one change: `body`'s store calls run in one transaction, recorded as one journal entry.
    /// Every store call that writes must run inside a change; a change that writes nothing leaves
    /// no entry. Calls inside `body` join the change (reads see its writes).
    /// - Throws: what `body` throws, or ``StoreError`` from the database; nothing is saved then.
    package func change<T>(_ note: ChangeNote, _ body: () throws -> T) throws -> T {
        if OpenChange.current != nil { return try body() }
        defer { WriterNote.release(in: folder) }
        do {
            return try pool.write { db in
                WriterNote.claim(in: folder, summary: note.summary)
                try db.execute(sql: "INSERT INTO journalEntry (action, summary, actor, at) VALUES (?, ?, ?, ?)",
                               arguments: [note.action, note.summary, note.actor, Date()])
                let entry = db.lastInsertedRowID
                try db.execute(sql: "UPDATE journalState SET entryId = ? WHERE id = 1", arguments: [entry])
                let result = try OpenChange.$current.withValue(OpenChange(db: db)) { try body() }
                try db.execute(sql: "UPDATE journalState SET entryId = NULL WHERE id = 1")
                let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journalChange WHERE entryId = ?",
                                            arguments: [entry]) ?? 0
                if rows == 0 {
                    try db.execute(sql: "DELETE FROM journalEntry WHERE id = ?", arguments: [entry])
                } else {
                    // A new change ends what redo could re-apply.
                    try db.execute(sql: "UPDATE journalEntry SET redoOrder = NULL WHERE redoOrder IS NOT NULL")
                }
                CrashPoint.reach("change-committing")
                return result
            }
        } catch let error as DatabaseError {
            throw wrap(error)
        }
    }

    /// Runs `body`, which only inserts rows into `tables`, inside the open change, and records what
    /// it inserted as one range of rows per table instead of row by row: an import of hundreds of
    /// thousands of rows journals in a few statements. Undo removes the ranges whole; redo brings
    /// their rows back after the change's other row changes, so make bulk inserts a change's last writes.
    package func insertingInBulk<T>(into tables: [String], _ body: () throws -> T) throws(StoreError) -> T {
        guard let open = OpenChange.current else {
            throw StoreError("internal error: a bulk insert was made outside a journaled change")
        }
        let db = open.db
        do {
            guard let entry = try Int64.fetchOne(db, sql: "SELECT entryId FROM journalState WHERE id = 1"), entry > 0 else {
                throw StoreError("internal error: a bulk insert inside undo or redo")
            }
            var before: [String: Int64] = [:]
            for table in tables {
                before[table] = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM \(table.quotedDatabaseIdentifier)")
            }
            // The tables' insert triggers are set aside for the body: even a trigger whose condition is
            // false costs a sub-program per row. Dropped and re-created inside the transaction, they
            // are never missing for anyone else, and a crash rolls the whole change back.
            let names = tables.flatMap { ["journal_\($0)_refuse_insert", "journal_\($0)_insert"] }
            let triggers = try String.fetchAll(db, sql: """
                SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (\(names.map { _ in "?" }.joined(separator: ", ")))
                """, arguments: StatementArguments(names))
            for name in names { try db.execute(sql: "DROP TRIGGER IF EXISTS \(name.quotedDatabaseIdentifier)") }
            let result: T
            do {
                result = try body()
            } catch {
                // Even if a caller caught this and went on, the journal would be whole again.
                for trigger in triggers { try? db.execute(sql: trigger) }
                throw error
            }
            for trigger in triggers { try db.execute(sql: trigger) }
            for table in tables {
                let quoted = table.quotedDatabaseIdentifier
                guard let row = try Row.fetchOne(db, sql: "SELECT MIN(rowid), MAX(rowid), COUNT(*) FROM \(quoted) WHERE rowid > ?",
                                                 arguments: [before[table]]),
                      let first = row[0] as Int64?, let last = row[1] as Int64? else { continue }
                try db.execute(sql: """
                    INSERT INTO journalChange (entryId, tableName, rowId, operation, before, after, lastRowId, rowCount)
                    VALUES (?, ?, ?, 'insert', NULL, NULL, ?, ?)
                    """, arguments: [entry, table, first, last, row[2] as Int64])
            }
            return result
        } catch {
            throw wrap(error)
        }
    }

    /// The journal, newest first.
    /// - Parameter limit: at most this many entries.
    public func history(limit: Int? = nil) throws(StoreError) -> [JournalEntry] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, action, summary, actor, at, undone FROM journalEntry ORDER BY id DESC LIMIT ?
                """, arguments: [limit ?? -1])
            guard let oldest = rows.last.map({ $0["id"] as Int64 }) else { return [] }
            var counts: [Int64: [String: [String: Int]]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT entryId, tableName, operation, SUM(COALESCE(rowCount, 1)) AS n FROM journalChange
                WHERE entryId >= ? GROUP BY entryId, tableName, operation
                """, arguments: [oldest]) {
                counts[row["entryId"], default: [:]][row["tableName"], default: [:]][row["operation"]] = row["n"]
            }
            return rows.map { row in
                JournalEntry(id: row["id"], action: row["action"], summary: row["summary"], actor: row["actor"],
                             at: row["at"], undone: row["undone"], counts: counts[row["id"]] ?? [:])
            }
        }
    }

    /// The rows one entry changed, in the order they changed. The values after an insert are read
    /// from the row itself while it exists.
    /// - Throws: ``StoreError`` when there is no such entry.
    public func changes(entry id: Int64) throws(StoreError) -> [RowChange] {
        try read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM journalEntry WHERE id = ?", arguments: [id]) != nil else {
                throw StoreError("there is no change #\(id) in the history")
            }
            let tables = Dictionary(uniqueKeysWithValues: try Journal.tables(db).map { ($0.name, $0) })
            var changes: [RowChange] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT tableName, rowId, lastRowId FROM journalChange WHERE entryId = ? AND lastRowId IS NOT NULL ORDER BY id
                """, arguments: [id]) {
                guard let tracked = tables[row["tableName"]] else { continue }
                for inserted in try Row.fetchAll(db, sql: """
                    SELECT rowid, \(tracked.jsonObject(tracked.name.quotedDatabaseIdentifier)) FROM \(tracked.name.quotedDatabaseIdentifier)
                    WHERE rowid BETWEEN ? AND ? ORDER BY rowid
                    """, arguments: [row["rowId"], row["lastRowId"]]) {
                    changes.append(RowChange(table: tracked.name, rowID: inserted[0], operation: .insert, before: nil,
                                             after: Self.values(inserted[1])))
                }
            }
            return try changes + Row.fetchAll(db, sql: """
                SELECT tableName, rowId, operation, before, after FROM journalChange
                WHERE entryId = ? AND lastRowId IS NULL ORDER BY id
                """, arguments: [id]).map { row in
                let table: String = row["tableName"]
                let rowID: Int64 = row["rowId"]
                let operation = RowChange.Operation(rawValue: row["operation"]) ?? .update
                var after: String? = row["after"]
                if operation == .insert, after == nil, let tracked = tables[table] {
                    after = try String.fetchOne(db, sql: tracked.snapshotSQL, arguments: [rowID])
                }
                return RowChange(table: table, rowID: rowID, operation: operation,
                                 before: Self.values(row["before"]), after: Self.values(after))
            }
        }
    }

    /// Reverts the latest change not yet undone, in one transaction.
    /// - Returns: the entry undone, or nil when there is nothing to undo.
    @discardableResult
    package func undo() throws(StoreError) -> JournalEntry? {
        try replay { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM journalEntry WHERE undone = 0") else {
                return nil
            }
            let tables = Dictionary(uniqueKeysWithValues: try Journal.tables(db).map { ($0.name, $0) })
            let changes = try Row.fetchAll(db, sql: """
                SELECT id, tableName, rowId, operation, before FROM journalChange
                WHERE entryId = ? AND lastRowId IS NULL ORDER BY id DESC
                """, arguments: [id])
            // A range of inserted rows is kept row by row (for redo) and deleted in two statements.
            for range in try Row.fetchAll(db, sql: """
                SELECT id, tableName, rowId, lastRowId FROM journalChange WHERE entryId = ? AND lastRowId IS NOT NULL
                ORDER BY id DESC
                """, arguments: [id]) {
                let table = try Self.table(range["tableName"], in: tables)
                let quoted = table.name.quotedDatabaseIdentifier
                let bounds: StatementArguments = [range["rowId"] as Int64, range["lastRowId"] as Int64]
                try db.execute(sql: """
                    INSERT INTO journalChange (entryId, tableName, rowId, operation, before, after)
                    SELECT \(id), '\(table.name)', rowid, 'insert', NULL, \(table.jsonObject(quoted)) FROM \(quoted)
                    WHERE rowid BETWEEN ? AND ? ORDER BY rowid
                    """, arguments: bounds)
                try db.execute(sql: "DELETE FROM \(quoted) WHERE rowid BETWEEN ? AND ?", arguments: bounds)
                try db.execute(sql: "DELETE FROM journalChange WHERE id = ?", arguments: [range["id"] as Int64])
            }
            for change in changes {
                let table = try Self.table(change["tableName"], in: tables)
                let rowID: Int64 = change["rowId"]
                switch change["operation"] as String {
                case "insert":
                    guard let snapshot = try String.fetchOne(try db.cachedStatement(sql: table.snapshotSQL),
                                                             arguments: [rowID]) else {
                        throw StoreError("cannot undo change #\(id): its \(table.name) row #\(rowID) is gone")
                    }
                    try db.cachedStatement(sql: "UPDATE journalChange SET after = ? WHERE id = ?")
                        .execute(arguments: [snapshot, change["id"] as Int64])
                    try db.cachedStatement(sql: table.deleteSQL).execute(arguments: [rowID])
                case "update":
                    try db.cachedStatement(sql: table.setSQL).execute(arguments: [rowID, change["before"] as String?])
                default:
                    try db.cachedStatement(sql: table.restoreSQL).execute(arguments: [rowID, change["before"] as String?])
                }
            }
            let order = (try Int64.fetchOne(db, sql: "SELECT MAX(redoOrder) FROM journalEntry") ?? 0) + 1
            try db.execute(sql: "UPDATE journalEntry SET undone = 1, redoOrder = ? WHERE id = ?", arguments: [order, id])
            return id
        }
    }

    /// Re-applies the change undone last, if no new change was made since.
    /// - Returns: the entry re-applied, or nil when there is nothing to redo.
    @discardableResult
    package func redo() throws(StoreError) -> JournalEntry? {
        try replay { db in
            guard let id = try Int64.fetchOne(db, sql: """
                SELECT id FROM journalEntry WHERE redoOrder IS NOT NULL ORDER BY redoOrder DESC LIMIT 1
                """) else { return nil }
            let tables = Dictionary(uniqueKeysWithValues: try Journal.tables(db).map { ($0.name, $0) })
            let changes = try Row.fetchAll(db, sql: """
                SELECT tableName, rowId, operation, after FROM journalChange WHERE entryId = ? ORDER BY id
                """, arguments: [id])
            for change in changes {
                let table = try Self.table(change["tableName"], in: tables)
                let rowID: Int64 = change["rowId"]
                switch change["operation"] as String {
                case "insert":
                    try db.cachedStatement(sql: table.restoreSQL).execute(arguments: [rowID, change["after"] as String?])
                case "update":
                    try db.cachedStatement(sql: table.setSQL).execute(arguments: [rowID, change["after"] as String?])
                default:
                    try db.cachedStatement(sql: table.deleteSQL).execute(arguments: [rowID])
                }
            }
            try db.execute(sql: "UPDATE journalEntry SET undone = 0, redoOrder = NULL WHERE id = ?", arguments: [id])
            return id
        }
    }

    /// Runs an undo or redo: triggers do not record, foreign keys are checked at commit.
    private func replay(_ body: (Database) throws -> Int64?) throws(StoreError) -> JournalEntry? {
        guard OpenChange.current == nil else { throw StoreError("undo and redo cannot run inside a change") }
        let id: Int64?
        defer { WriterNote.release(in: folder) }
        do {
            id = try pool.write { db in
                WriterNote.claim(in: folder, summary: "undo or redo")
                try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
                try db.execute(sql: "UPDATE journalState SET entryId = ? WHERE id = 1", arguments: [Journal.replaying])
                let id = try body(db)
                try db.execute(sql: "UPDATE journalState SET entryId = NULL WHERE id = 1")
                return id
            }
        } catch {
            throw wrap(error)
        }
        guard let id else { return nil }
        return try history().first { $0.id == id }
    }

    private static func table(_ name: String, in tables: [String: TrackedTable]) throws -> TrackedTable {
        guard let table = tables[name] else { throw StoreError("the journal names a table '\(name)' the project does not have") }
        return table
    }

    private static func values(_ json: String?) -> [String: JournalValue]? {
        guard let json else { return nil }
        return try? JSONDecoder().decode([String: JournalValue].self, from: Data(json.utf8))
    }
}

/// The database of the change open on this task, which nested store calls join.
struct OpenChange: @unchecked Sendable {
    // Only used synchronously on the thread that opened the change, inside GRDB's write block.
    let db: Database

    @TaskLocal static var current: OpenChange?
}
