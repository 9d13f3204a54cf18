import Foundation
import GRDB

extension ProjectStore {
    /// The files the project's records keep in its folder, by stored path (`sources/NAME`), with the
    /// SHA-256 recorded for them (nil when the record keeps none, as for evidence documents).
    public func keptFiles() throws(StoreError) -> [String: String?] {
        try read { db in
            var kept: [String: String?] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT originalPath, sha256 FROM source") {
                kept[row[0]] = row[1] as String?
            }
            for path in try String.fetchAll(db, sql: """
                SELECT json_extract(detail, '$.file') FROM evidence WHERE json_extract(detail, '$.file') IS NOT NULL
                """) where kept[path] == nil {
                kept[path] = String?.none
            }
            return kept
        }
    }

    /// Stored paths of files that records in the history refer to, so an undone import's originals
    /// are known to be needed by redo.
    public func filesInHistory() throws(StoreError) -> Set<String> {
        try read { db in
            Set(try String?.fetchAll(db, sql: """
                SELECT json_extract(before, '$.originalPath') FROM journalChange WHERE tableName = 'source'
                UNION SELECT json_extract(after, '$.originalPath') FROM journalChange WHERE tableName = 'source'
                UNION SELECT json_extract(json_extract(before, '$.detail'), '$.file') FROM journalChange
                    WHERE tableName = 'evidence'
                UNION SELECT json_extract(json_extract(after, '$.detail'), '$.file') FROM journalChange
                    WHERE tableName = 'evidence'
                """).compactMap { $0 })
        }
    }

    /// What SQLite's integrity and foreign-key checks report, one line each; empty when the database is sound.
    public func databaseProblems() throws(StoreError) -> [String] {
        try read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0]
                let rowID: Int64? = row[1]
                let parent: String = row[2]
                problems.append("\(table) row #\(rowID.map(String.init) ?? "?") refers to a \(parent) row that does not exist")
            }
            return problems
        }
    }
}
