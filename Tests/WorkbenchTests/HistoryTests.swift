import Foundation
import GRDB
import ProjectStore
import Testing
import WorkbenchCore
import WorkbenchDemo

/// Every row of every user-data table, by table, read straight from the database file.
func projectRows(_ folder: URL) throws -> [String: [[DatabaseValue]]] {
    let queue = try DatabaseQueue(path: folder.appendingPathComponent(ProjectStore.databaseFileName).path)
    return try queue.read { db in
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            AND name NOT LIKE 'journal%' AND name NOT IN ('grdb_migrations', 'project')
            """)
        var rows: [String: [[DatabaseValue]]] = [:]
        for table in tables {
            rows[table] = try Row.fetchAll(db, sql: "SELECT rowid, * FROM \(table.quotedDatabaseIdentifier) ORDER BY rowid")
                .map { Array($0.databaseValues) }
        }
        return rows
    }
}

/// Wide TSES (long form) answers of `people` participants P0, P1, …
func answersCSV(people: Int) -> String {
    var lines = ["participant," + (1...24).map { "q\($0)" }.joined(separator: ",")]
    for person in 0..<people {
        lines.append("P\(person)," + (1...24).map { String(($0 + person) % 9 + 1) }.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
}

@Suite("History, undo and redo")
struct HistoryTests {
    @Test func undoingEveryChangeOfTheDemoEmptiesItAndRedoingRestoresEveryValue() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("demo")
        let project = try Demo.build(at: folder).project
        let built = try projectRows(folder)
        #expect(built["turn"]?.contains { $0.contains { $0.storage.value is Double } } == true,
                "the demo has timed turns, so REAL values go through the journal")
        let entries = try project.history.entries()
        #expect(entries.count > 20)
        #expect(entries.allSatisfy { $0.actor == "demo" && !$0.undone })

        for _ in entries { try project.history.undo() }
        #expect(try projectRows(folder).values.allSatisfy(\.isEmpty))
        #expect(throws: WorkbenchError.self) { try project.history.undo() }
        #expect(try project.history.entries().allSatisfy(\.undone))

        for _ in entries { try project.history.redo() }
        #expect(try projectRows(folder) == built)
        #expect(throws: WorkbenchError.self) { try project.history.redo() }
        #expect(try project.history.entries().allSatisfy { !$0.undone })
    }

    @Test func anImportIsOneEntryAndUndoesAsAWhole() throws {
        let project = try WorkbenchProject.create(at: try TestSupport.temporaryFolder().appendingPathComponent("p"))
        let file = try TestSupport.temporaryFolder().appendingPathComponent("pre.csv")
        try answersCSV(people: 8).write(to: file, atomically: true, encoding: .utf8)
        let before = try projectRows(project.store.folder)
        try project.instruments.importResponses("tses-long", from: file, occasion: "pre", addParticipants: true)
        let after = try projectRows(project.store.folder)
        let entry = try #require(try project.history.entries().first)
        #expect(entry.action == "responses.import")
        #expect(entry.counts == ["participant": ["insert": 8], "response": ["insert": 192], "sitting": ["insert": 8]])
        #expect(try project.history.entries().count == 1)

        // Recorded as one range of rows per table, listed row by row.
        let changes = try project.history.changes(entry: entry.id)
        #expect(changes.count == 208 && changes.allSatisfy { $0.operation == .insert && $0.after != nil })
        #expect(Set(changes.filter { $0.table == "participant" }.compactMap { $0.after?["pseudonym"]?.description })
                == Set((0..<8).map { "P\($0)" }))

        #expect(try project.history.undo().id == entry.id)
        #expect(try projectRows(project.store.folder) == before)
        #expect(try project.history.redo().id == entry.id)
        #expect(try projectRows(project.store.folder) == after)
        // Once undone the range is kept row by row: undo and redo work again the same way.
        #expect(try project.history.undo().id == entry.id)
        #expect(try projectRows(project.store.folder) == before)
        #expect(try project.history.redo().id == entry.id)
        #expect(try projectRows(project.store.folder) == after)
        #expect(try project.history.entries().first?.counts == ["participant": ["insert": 8], "response": ["insert": 192], "sitting": ["insert": 8]])
    }

    @Test func aNewChangeEndsWhatRedoCouldReapply() throws {
        let project = try WorkbenchProject.create(at: try TestSupport.temporaryFolder().appendingPathComponent("p"))
        try project.people.addSchool("A Primary School", phase: "primary")
        try project.people.addSchool("B Secondary School", phase: nil)
        try project.history.undo()
        try project.people.addSchool("C Special School", phase: "special")
        #expect { try project.history.redo() } throws: { "\($0)".contains("nothing to redo") }
        #expect(try project.store.schools().map(\.name) == ["A Primary School", "C Special School"])
        // Undo goes back past the change that can no longer be redone.
        try project.history.undo()
        try project.history.undo()
        #expect(try project.store.schools().isEmpty)
        try project.history.redo()
        #expect(try project.store.schools().map(\.name) == ["A Primary School"])
    }

    @Test func aChangeThatFailsLeavesNoEntryAndNoRows() throws {
        let project = try WorkbenchProject.create(at: try TestSupport.temporaryFolder().appendingPathComponent("p"))
        try project.people.addSchool("A Primary School", phase: nil)
        #expect(throws: (any Error).self) { try project.people.addSchool("A Primary School", phase: nil) }
        #expect(try project.history.entries().count == 1)
        #expect(try project.store.schools().count == 1)
    }

    @Test func autoCodingAgainReplacesTheRunBeforeAndUndoesAndRedoesExactly() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("demo")
        let project = try Demo.build(at: folder).project
        let once = try projectRows(folder)
        try project.coding.autocode(framework: "hope-challenge")
        let entry = try #require(try project.history.entries().first)
        #expect(entry.action == "autocode")
        let twice = try projectRows(folder)
        #expect(twice["coding"]?.count == once["coding"]?.count, "the new run replaced the old one")
        #expect(twice != once, "the replacing run's codings have new ids")
        try project.history.undo()
        #expect(try projectRows(folder) == once)
        try project.history.redo()
        #expect(try projectRows(folder) == twice)
        try project.history.undo()
        #expect(try projectRows(folder) == once)
    }

    @Test func aBulkImportThatFailsLeavesTheJournalTriggersInPlace() throws {
        let project = try WorkbenchProject.create(at: try TestSupport.temporaryFolder().appendingPathComponent("p"))
        let queue = try DatabaseQueue(path: project.store.folder.appendingPathComponent(ProjectStore.databaseFileName).path)
        let triggers = { try queue.read { try String.fetchAll($0, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name") } }
        let before = try triggers()
        let file = try TestSupport.temporaryFolder().appendingPathComponent("pre.csv")
        try answersCSV(people: 3).write(to: file, atomically: true, encoding: .utf8)
        try project.instruments.importResponses("tses-long", from: file, occasion: "pre", addParticipants: true)
        // The same answers again fail inside the bulk insert: nothing saved, the triggers all back.
        #expect(throws: (any Error).self) {
            try project.instruments.importResponses("tses-long", from: file, occasion: "pre", addParticipants: true)
        }
        #expect(try triggers() == before)
        #expect(try project.history.entries().count == 1)
        #expect { try queue.write { try $0.execute(sql: "INSERT INTO school (name) VALUES ('B')") } } throws: {
            "\($0)".contains("outside the journal")
        }
    }

    @Test func writesOutsideAChangeAreRefused() throws {
        let project = try WorkbenchProject.create(at: try TestSupport.temporaryFolder().appendingPathComponent("p"))
        #expect { try project.store.add(School(name: "A")) } throws: { "\($0)".contains("outside a journaled change") }
        // Even SQL that bypasses the store is refused by the database itself.
        let queue = try DatabaseQueue(path: project.store.folder.appendingPathComponent(ProjectStore.databaseFileName).path)
        #expect { try queue.write { try $0.execute(sql: "INSERT INTO school (name) VALUES ('B')") } } throws: {
            "\($0)".contains("outside the journal")
        }
        #expect(try project.store.schools().isEmpty)
    }

    @Test func aKilledImportLeavesDataAndJournalTogether() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("p")
        #expect(try TestSupport.workbench(["init", folder.path]).status == 0)
        // 1,500 participants × 24 items: long enough to be killed in the middle.
        let file = folder.deletingLastPathComponent().appendingPathComponent("answers.csv")
        try answersCSV(people: 1_500).write(to: file, atomically: true, encoding: .utf8)
        let project = try WorkbenchProject.open(at: folder)
        func importing(_ occasion: String) throws -> Process {
            let process = Process()
            process.executableURL = TestSupport.workbench
            process.arguments = ["responses", "import", "tses-long", file.path, "--occasion", occasion,
                                 "--add-participants", "--project", folder.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        // One import to the end, timed; then kills at moments spread over that time, the later ones
        // inside the transaction and around its commit.
        let start = Date()
        let first = try importing("complete")
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        let duration = Date().timeIntervalSince(start)
        var completed = 0
        for (attempt, fraction) in [0.2, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 1.0].enumerated() {
            let process = try importing("o\(attempt)")
            Thread.sleep(forTimeInterval: duration * fraction)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .exit { completed += 1 }
            let imports = try project.history.entries().filter { $0.action == "responses.import" }
            let queue = try DatabaseQueue(path: folder.appendingPathComponent(ProjectStore.databaseFileName).path)
            let answers = try queue.read { db in
                try Int.fetchAll(db, sql: "SELECT COUNT(*) FROM response GROUP BY occasion")
            }
            #expect(imports.count == answers.count, "attempt \(attempt): \(imports.count) entries, \(answers.count) occasions")
            #expect(answers.allSatisfy { $0 == 36_000 })
        }
        #expect(completed < 8, "at least one import was killed")
        // The journal stays usable after every kill.
        if try !project.history.entries().isEmpty { try project.history.undo() }
        try project.people.addSchool("After the kills", phase: nil)
        #expect(try project.store.schools().count == 1)
    }
}

@Suite("Schema upgrades")
struct SchemaUpgradeTests {
    /// v12 moves a source's text to the end of its row. A project in the v11 layout, with an import
    /// undone, opens with the same sources, its id sequence kept, and its history still redoes.
    @Test func sourcesKeepTheirTextsIdsAndHistoryWhenTheirTextMovesLast() throws {
        let (project, folder) = try TestSupport.project(withTranscript: "Teacher A: The routine helps.\n", file: "a.txt")
        let second = folder.appendingPathComponent("b.txt")
        try "Teacher B: Pupils trust it.\n".write(to: second, atomically: true, encoding: .utf8)
        #expect(try TestSupport.workbench(["transcripts", "import", second.path, "--project", project.path]).status == 0)
        #expect(try TestSupport.workbench(["undo", "--project", project.path]).status == 0)
        let database = project.appendingPathComponent(ProjectStore.databaseFileName).path
        func columns(_ db: Database) throws -> [String] {
            try Row.fetchAll(db, sql: "PRAGMA table_info(source)").map { $0["name"] }
        }
        let queue = try DatabaseQueue(path: database)
        let before = try queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                PRAGMA foreign_keys = OFF;
                CREATE TABLE old ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL UNIQUE,
                  "kind" TEXT NOT NULL, "originalPath" TEXT NOT NULL, "sha256" TEXT NOT NULL UNIQUE,
                  "text" TEXT NOT NULL, "caseId" INTEGER REFERENCES "participant"("id") ON DELETE RESTRICT,
                  "importedAt" DATETIME NOT NULL);
                INSERT INTO old SELECT id, name, kind, originalPath, sha256, text, caseId, importedAt FROM source;
                DROP TABLE source;
                ALTER TABLE old RENAME TO source;
                UPDATE sqlite_sequence SET seq = 2 WHERE name = 'source';
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v12:%';
                """)
            return (columns: try columns(db), rows: try Row.fetchAll(db, sql: "SELECT id, name, text FROM source ORDER BY id"))
        }
        #expect(before.columns.firstIndex(of: "text")! < before.columns.firstIndex(of: "caseId")!)
        #expect(before.rows.count == 1)
        try queue.close()

        let list = try TestSupport.workbench(["transcripts", "list", "--project", project.path])
        #expect(list.status == 0, "\(list.stderr)")
        let after = try DatabaseQueue(path: database).read { db in
            (columns: try columns(db), rows: try Row.fetchAll(db, sql: "SELECT id, name, text FROM source ORDER BY id"),
             sequence: try Int.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'source'"),
             triggers: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'source'"))
        }
        #expect(after.columns.last == "text")
        #expect(after.rows == before.rows)
        #expect(after.sequence == 2, "the undone import's id stays taken")
        #expect(after.triggers == 6, "the journal watches the rebuilt table")
        let redo = try TestSupport.workbench(["redo", "--project", project.path])
        #expect(redo.status == 0, "\(redo.stderr)")
        let names = try DatabaseQueue(path: database).read { db in
            try Row.fetchAll(db, sql: "SELECT id, name FROM source ORDER BY id").map { "\($0[0] as Int64) \($0[1] as String)" }
        }
        #expect(names == ["1 a.txt", "2 b.txt"])
    }
}

