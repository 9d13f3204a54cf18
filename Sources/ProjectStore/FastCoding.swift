import Foundation
import GRDB
import GRDBSQLite

/// Codings read from the database by column position, not through `Decodable`: projects hold
/// hundreds of thousands of codings. The positions are the table's (migration v4), which later
/// migrations may only extend.
enum FastCoding {}

extension FastCoding {
    /// Every coding `request` selects, stepped through SQLite's C API with the values codings share
    /// (timestamps of one import, framework, theme and coder names) made into Swift values once
    /// each, found again by their bytes: a corpus's hundreds of thousands of codings hold a few
    /// dozen distinct values.
    static func fetchAll(_ db: Database, _ request: some FetchRequest) throws -> [CodingRecord] {
        let statement = try request.makePreparedRequest(db, forSingleResult: false).statement
        var frameworks = SharedValues<String>(), versions = SharedValues<String>(), themes = SharedValues<String>()
        var coders = SharedValues<String>(), dates = SharedValues<Date>()
        var codings: [CodingRecord] = []
        try eachRow(of: statement, in: db) { row in
            let created = try row.text(9, &dates) { stamp in
                guard let date = Date.fromDatabaseValue(stamp.databaseValue) else {
                    throw DatabaseError(message: "a coding's creation time '\(stamp)' is not a date", sql: statement.sql)
                }
                return date
            }
            var coding = CodingRecord(
                sourceID: row.integer(1), start: Int(row.integer(2)), end: Int(row.integer(3)),
                framework: row.text(4, &frameworks) { $0 }, frameworkVersion: row.text(5, &versions) { $0 },
                theme: row.text(6, &themes) { $0 }, coder: row.text(7, &coders) { $0 }, automatic: row.integer(8) != 0,
                createdAt: created)
            coding.id = row.integer(0)
            codings.append(coding)
        }
        return codings
    }
}

/// Turns read by column position from ``FastTurn/selection`` through SQLite's C API, each
/// speaker's name made once: a corpus holds hundreds of thousands of turns and a few speakers each.
enum FastTurn {
    static let selection = """
        SELECT id, sourceId, position, speaker, participantId, start, "end", startTime, endTime FROM turn
        """

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [TurnRecord] {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        var speakers = SharedValues<String>()
        var turns: [TurnRecord] = []
        try eachRow(of: statement, in: db) { row in
            turns.append(TurnRecord(
                id: row.integer(0), sourceID: row.integer(1), position: Int(row.integer(2)),
                speaker: row.isNull(3) ? nil : row.text(3, &speakers) { $0 },
                participantID: row.isNull(4) ? nil : row.integer(4), start: Int(row.integer(5)), end: Int(row.integer(6)),
                startTime: row.isNull(7) ? nil : row.real(7), endTime: row.isNull(8) ? nil : row.real(8)))
        }
        return turns
    }
}

/// The row a statement stands on, read column by column.
private struct SteppedRow {
    let sqlite: SQLiteStatement

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(sqlite, column) == SQLITE_NULL }
    func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(sqlite, column) }
    func real(_ column: Int32) -> Double { sqlite3_column_double(sqlite, column) }

    /// A text column's value, made by `make` only the first time its bytes are seen.
    func text<Value>(_ column: Int32, _ values: inout SharedValues<Value>, _ make: (String) throws -> Value)
        rethrows -> Value {
        let bytes = UnsafeRawBufferPointer(start: sqlite3_column_text(sqlite, column),
                                           count: Int(sqlite3_column_bytes(sqlite, column)))
        return try values.value(bytes) { try make(String(decoding: $0, as: UTF8.self)) }
    }
}

/// Steps `statement` through every row it selects.
private func eachRow(of statement: Statement, in db: Database, _ body: (SteppedRow) throws -> Void) throws {
    let sqlite = statement.sqliteStatement
    defer { sqlite3_reset(sqlite) }
    while true {
        let code = sqlite3_step(sqlite)
        if code == SQLITE_DONE { return }
        guard code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
        try body(SteppedRow(sqlite: sqlite))
    }
}

/// One value per distinct text of a column, found by the text's bytes (the last one first, then by
/// a hash of the bytes) so reading a row makes no `String` for a text seen before.
private struct SharedValues<Value> {
    private var last: (bytes: [UInt8], value: Value)?
    private var known: [Int: [(bytes: [UInt8], value: Value)]] = [:]

    mutating func value(_ bytes: UnsafeRawBufferPointer, make: (UnsafeRawBufferPointer) throws -> Value) rethrows
        -> Value {
        if let last, Self.same(last.bytes, bytes) { return last.value }
        var hash = 14_695_981_039_346_656_037 as UInt64
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        let key = Int(truncatingIfNeeded: hash)
        let found = known[key]?.first { Self.same($0.bytes, bytes) }
        let entry = try found ?? (Array(bytes), make(bytes))
        if found == nil { known[key, default: []].append(entry) }
        last = entry
        return entry.value
    }

    private static func same(_ kept: [UInt8], _ bytes: UnsafeRawBufferPointer) -> Bool {
        kept.count == bytes.count && kept.withUnsafeBytes { kept in
            kept.isEmpty || memcmp(kept.baseAddress!, bytes.baseAddress!, kept.count) == 0
        }
    }
}
