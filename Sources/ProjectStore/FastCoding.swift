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
        let sqlite = statement.sqliteStatement
        defer { sqlite3_reset(sqlite) }
        var frameworks = SharedValues<String>(), versions = SharedValues<String>(), themes = SharedValues<String>()
        var coders = SharedValues<String>(), dates = SharedValues<Date>()
        func text<Value>(_ column: Int32, _ values: inout SharedValues<Value>, _ make: (String) throws -> Value)
            rethrows -> Value {
            let bytes = UnsafeRawBufferPointer(start: sqlite3_column_text(sqlite, column),
                                               count: Int(sqlite3_column_bytes(sqlite, column)))
            return try values.value(bytes) { try make(String(decoding: $0, as: UTF8.self)) }
        }
        var codings: [CodingRecord] = []
        while true {
            let code = sqlite3_step(sqlite)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
            }
            let created = try text(9, &dates) { stamp in
                guard let date = Date.fromDatabaseValue(stamp.databaseValue) else {
                    throw DatabaseError(message: "a coding's creation time '\(stamp)' is not a date", sql: statement.sql)
                }
                return date
            }
            var coding = CodingRecord(
                sourceID: sqlite3_column_int64(sqlite, 1), start: Int(sqlite3_column_int64(sqlite, 2)),
                end: Int(sqlite3_column_int64(sqlite, 3)), framework: text(4, &frameworks) { $0 },
                frameworkVersion: text(5, &versions) { $0 }, theme: text(6, &themes) { $0 },
                coder: text(7, &coders) { $0 }, automatic: sqlite3_column_int64(sqlite, 8) != 0, createdAt: created)
            coding.id = sqlite3_column_int64(sqlite, 0)
            codings.append(coding)
        }
        return codings
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

/// A turn read by column position from ``FastTurn/selection`` rather than through `Decodable`:
/// a corpus holds hundreds of thousands of turns.
struct FastTurn: FetchableRecord {
    static let selection = """
        SELECT id, sourceId, position, speaker, participantId, start, "end", startTime, endTime FROM turn
        """
    var record: TurnRecord

    init(row: Row) throws {
        record = TurnRecord(id: row[0], sourceID: row[1], position: row[2], speaker: row[3], participantID: row[4],
                            start: row[5], end: row[6], startTime: row[7], endTime: row[8])
    }
}
