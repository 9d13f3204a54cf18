public import Foundation
import GRDB
import GRDBSQLite
import StagedFiles

/// Why a project could not be created, opened or changed. One line naming the folder or value.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is, for front ends that add their own hints.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Storage: String, Hashable, Sendable {
            case notAProject, notFound, duplicate, hasDependants, missingReference, busy, readOnly, database
        }

        private let storage: Storage
        private init(_ storage: Storage) { self.storage = storage }

        /// The folder holds no project.
        public static let notAProject = Code(.notAProject)
        /// The record asked for does not exist.
        public static let notFound = Code(.notFound)
        /// A value that must be unique is taken.
        public static let duplicate = Code(.duplicate)
        /// Other records depend on the one to delete (see ``StoreError/dependants``).
        public static let hasDependants = Code(.hasDependants)
        /// A record refers to one that does not exist.
        public static let missingReference = Code(.missingReference)
        /// Another process kept the project locked for longer than the store waits.
        public static let busy = Code(.busy)
        /// The project folder or its database cannot be written.
        public static let readOnly = Code(.readOnly)
        /// Anything else the database reports.
        public static let database = Code(.database)

        public var description: String { storage.rawValue }
    }

    public var code: Code
    public var description: String
    /// For ``Code/hasDependants``: what depends on the record.
    public var dependants: [Dependant]

    public init(_ description: String, code: Code = .database, dependants: [Dependant] = []) {
        self.description = description
        self.code = code
        self.dependants = dependants
    }
}

/// A participant's answer slot on one instrument and occasion.
private struct AnswerKey: Hashable {
    var participant: Int64
    var item: String
}

/// A project folder: `workbench.sqlite` (WAL, foreign keys, migrations), `sources/` (imported
/// originals, unchanged), `plugins/` (project-local plugins) and `exports/`.
///
/// Safe to share between tasks: GRDB's pool serialises writes and runs reads concurrently.
public final class ProjectStore: Sendable {
    /// The database file inside a project folder.
    public static let databaseFileName = "workbench.sqlite"
    /// The subfolders every project has.
    public static let subfolders = ["sources", "plugins", "exports"]

    public let folder: URL
    /// A pool for every project; a queue only while ``build(at:name:createdBy:_:)`` fills a new one.
    let pool: any DatabaseWriter
    /// How long a change waits for another process's change to finish, in seconds.
    public let busyTimeout: TimeInterval

    private init(folder: URL, pool: any DatabaseWriter, busyTimeout: TimeInterval) {
        self.folder = folder
        self.pool = pool
        self.busyTimeout = busyTimeout
    }

    public var sourcesFolder: URL { folder.appendingPathComponent("sources") }
    public var pluginsFolder: URL { folder.appendingPathComponent("plugins") }
    public var exportsFolder: URL { folder.appendingPathComponent("exports") }

    /// Creates a new project in `folder`, which must not exist or be empty. Built in a temporary
    /// sibling folder and moved into place, so a failure leaves nothing behind.
    /// - Parameter createdBy: the workbench version, recorded in the project.
    /// - Throws: ``StoreError`` when the folder holds files already or cannot be written.
    public static func create(at folder: URL, name: String, createdBy: String) throws(StoreError) -> ProjectStore {
        try makeFolder(at: folder, name: name, createdBy: createdBy)
        return try open(at: folder)
    }

    /// Creates a project in `folder` and fills it with `fill` before anything else opens it, as an
    /// import does in a staging folder. While it fills, the database keeps its rollback journal in
    /// memory and does not flush, so every page is written once (not to the write-ahead log and
    /// again to the database); it is closed in WAL mode like every project. A failure or a crash
    /// meanwhile can leave the database damaged: `folder` must be one that is thrown away then.
    package static func build<T>(at folder: URL, name: String, createdBy: String,
                                 _ fill: (ProjectStore) throws -> T) throws -> T {
        try makeFolder(at: folder, name: name, createdBy: createdBy)
        let folder = folder.standardizedFileURL
        let path = folder.appendingPathComponent(databaseFileName).path
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration(busyTimeout: defaultBusyTimeout))
            try queue.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = MEMORY")
                try db.execute(sql: "PRAGMA synchronous = OFF")
            }
        } catch {
            throw StoreError("cannot open \(path): \(error)")
        }
        let result = try fill(ProjectStore(folder: folder, pool: queue, busyTimeout: defaultBusyTimeout))
        do {
            let mode = try queue.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
            guard mode == "wal" else { throw StoreError("\(path) could not be put in WAL mode (it reports '\(mode ?? "")')") }
            try queue.close()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("cannot close \(path): \(error)")
        }
        return result
    }

    /// Makes the folder of a new project with its database, migrated and holding the project row.
    private static func makeFolder(at folder: URL, name: String, createdBy: String) throws(StoreError) {
        let folder = folder.standardizedFileURL
        let files = FileManager.default
        if let existing = try? files.contentsOfDirectory(atPath: folder.path) {
            if existing.contains(databaseFileName) {
                throw StoreError("\(folder.path) already holds a workbench project")
            }
            guard existing.isEmpty else {
                throw StoreError("\(folder.path) is not empty; choose a new or empty folder for the project")
            }
        } else if files.fileExists(atPath: folder.path) {
            throw StoreError("\(folder.path) is a file, not a folder")
        }
        do {
            try files.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
            try StagedOutput.write(to: folder) { staging in
                for subfolder in subfolders {
                    try files.createDirectory(at: staging.appendingPathComponent(subfolder),
                                              withIntermediateDirectories: true)
                }
                let pool = try openPool(staging.appendingPathComponent(databaseFileName))
                try pool.write { db in
                    var info = ProjectInfo(name: name, createdAt: Date(), createdBy: createdBy)
                    try info.insert(db)
                }
                try pool.close()
            }
        } catch let error as StagedOutputError {
            throw StoreError("cannot create a project in \(folder.path): \(error)")
        } catch {
            throw StoreError("cannot create a project in \(folder.path): \(error.localizedDescription)")
        }
    }

    /// Opens the project in `folder`, applying any pending migrations. A folder this process cannot
    /// write is opened read-only: everything can be read, and a change says the folder is read-only.
    /// - Parameter busyTimeout: how long a change waits for another process's change, in seconds.
    /// - Throws: ``StoreError`` when the folder is not a project or its database cannot be read.
    public static func open(at folder: URL, busyTimeout: TimeInterval = defaultBusyTimeout) throws(StoreError)
        -> ProjectStore {
        let folder = folder.standardizedFileURL
        let database = folder.appendingPathComponent(databaseFileName)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw StoreError("\(folder.path) is a file, not a project folder", code: .notAProject)
        }
        guard FileManager.default.fileExists(atPath: database.path) else {
            throw StoreError("\(folder.path) is not a workbench project (no \(databaseFileName))", code: .notAProject)
        }
        let writable = FileManager.default.isWritableFile(atPath: folder.path)
            && FileManager.default.isWritableFile(atPath: database.path)
        do {
            return ProjectStore(folder: folder, pool: try openPool(database, readOnly: !writable, busyTimeout: busyTimeout),
                                busyTimeout: busyTimeout)
        } catch let error as StoreError {
            throw error
        } catch {
            let wrapped = wrap(error, folder: folder, busyTimeout: busyTimeout)
            if wrapped.code == .busy { throw wrapped }
            throw StoreError("cannot open \(database.path): \(error)")
        }
    }

    /// Whether the project is open read-only (its folder or database cannot be written).
    public var isReadOnly: Bool { pool.configuration.readonly }

    /// How long a change waits by default for another process's change to finish, in seconds.
    public static let defaultBusyTimeout: TimeInterval = 120

    private static func configuration(busyTimeout: TimeInterval) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "workbench"
        // Writers from other processes (a second command, the web app) queue instead of failing.
        configuration.busyMode = .timeout(busyTimeout)
        // Readers map the file rather than copy its pages into a cache (a command reads a corpus
        // once). The writer keeps a large import's pages in memory until the commit instead of
        // spilling to the WAL again and again (the cache grows only as far as a change needs), and
        // the statement journal every journaled insert needs in memory rather than in /var/tmp.
        configuration.prepareDatabase { db in
            if db.configuration.readonly {
                try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            } else {
                try db.execute(sql: "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY")
            }
        }
        return configuration
    }

    private static func openPool(_ url: URL, readOnly: Bool = false, busyTimeout: TimeInterval = defaultBusyTimeout)
        throws -> DatabasePool {
        var configuration = Self.configuration(busyTimeout: busyTimeout)
        guard readOnly else {
            let pool = try DatabasePool(path: url.path, configuration: configuration)
            // Migrating takes the write lock: only when needed, so opening does not wait for other writers.
            if try !pool.read({ db in try Migrations.migrator.hasCompletedMigrations(db) }) {
                try Migrations.migrator.migrate(pool)
            }
            return pool
        }
        // A read-only folder cannot hold the WAL's shared-memory file; nothing can change the database
        // meanwhile, so it is read as immutable.
        configuration.readonly = true
        let pool = try DatabasePool(path: url.absoluteString + "?immutable=1", configuration: configuration)
        guard try pool.read({ db in try Migrations.migrator.hasCompletedMigrations(db) }) else {
            throw StoreError("\(url.deletingLastPathComponent().path) was made by an earlier version of the workbench "
                             + "and must be upgraded, but its folder is read-only; make it writable and try again",
                             code: .readOnly)
        }
        return pool
    }

    /// The project row.
    public func info() throws(StoreError) -> ProjectInfo {
        try read { db in
            guard let info = try ProjectInfo.fetchOne(db) else { throw StoreError("the project row is missing") }
            return info
        }
    }

    /// The journal mode SQLite reports ("wal" for every project).
    public func journalMode() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    // MARK: - Schools and participants

    /// Adds a school; names are unique.
    @discardableResult
    package func add(_ school: School) throws(StoreError) -> School {
        try write { db in
            var school = school
            try school.insert(db)
            return school
        }
    }

    /// All schools, by name.
    public func schools() throws(StoreError) -> [School] {
        try read { db in try School.order(Column("name")).fetchValues(db) }
    }

    /// Adds a participant; pseudonyms are unique and the school must exist.
    @discardableResult
    package func add(_ participant: Participant) throws(StoreError) -> Participant {
        try write { db in
            var participant = participant
            try participant.insert(db)
            return participant
        }
    }

    /// All participants, by pseudonym.
    public func participants() throws(StoreError) -> [Participant] {
        try read { db in try Participant.order(Column("pseudonym")).fetchValues(db) }
    }

    /// The participant with this pseudonym, if any.
    public func participant(pseudonym: String) throws(StoreError) -> Participant? {
        try read { db in try Participant.filter(Column("pseudonym") == pseudonym).fetchValue(db) }
    }

    /// The school with this name, if any.
    public func school(named name: String) throws(StoreError) -> School? {
        try read { db in try School.filter(Column("name") == name).fetchValue(db) }
    }

    // MARK: - Responses and audits

    /// Saves a batch of answers to one instrument on one occasion in one transaction: all or nothing.
    /// - Parameters:
    ///   - answers: (pseudonym, item, code) triples.
    ///   - addParticipants: create participants the project does not have yet; otherwise they are an error.
    /// - Throws: ``StoreError`` naming an unknown participant, or an answer that is already stored.
    /// - Parameter saved: called with the number of answers saved so far, every 10,000 and at the end.
    package func save(answers: [(pseudonym: String, item: String, code: String)], instrument: String,
                     version: String, occasion: String, source: String, present: [String] = [],
                     addParticipants: Bool = false, saved: (Int) -> Void = { _ in }) throws(StoreError) {
        let now = Date()
        try insertingInBulk(into: [Participant.databaseTableName, ResponseRecord.databaseTableName, "sitting"]) {
        try write { db in
            var ids = try Dictionary(uniqueKeysWithValues: Participant.fetchAll(db).map { ($0.pseudonym, $0.id!) })
            // What is stored already, read once: imports bring hundreds of thousands of answers.
            var stored = Set(try Row.fetchAll(db, sql: """
                SELECT participantId, item FROM response WHERE instrument = ? AND occasion = ?
                """, arguments: [instrument, occasion]).map { AnswerKey(participant: $0[0], item: $0[1]) })
            let insert = try db.cachedStatement(sql: """
                INSERT INTO response (participantId, instrument, instrumentVersion, occasion, item, code, source, recordedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let recordedAt = now.databaseValue
            func participantID(_ pseudonym: String) throws -> Int64 {
                if let id = ids[pseudonym] { return id }
                guard addParticipants else {
                    throw StoreError("unknown participant '\(pseudonym)'; add them first or import with --add-participants")
                }
                var participant = Participant(pseudonym: pseudonym)
                try participant.insert(db)
                ids[pseudonym] = participant.id
                return participant.id!
            }
            // Everyone who took part, so that one who left every item blank is still listed.
            let sitting = try db.cachedStatement(sql: """
                INSERT INTO sitting (participantId, instrument, instrumentVersion, occasion) VALUES (?, ?, ?, ?)
                """)
            for pseudonym in present {
                try sitting.execute(arguments: [try participantID(pseudonym), instrument, version, occasion])
            }
            for (index, answer) in answers.enumerated() {
                if index % 10_000 == 0 { saved(index) }
                let participantID = try participantID(answer.pseudonym)
                guard stored.insert(AnswerKey(participant: participantID, item: answer.item)).inserted else {
                    throw StoreError("\(answer.pseudonym) already has an answer to \(answer.item) of \(instrument) "
                                     + "for occasion '\(occasion)'; nothing was saved")
                }
                try insert.execute(arguments: [participantID, instrument, version, occasion, answer.item, answer.code,
                                               source, recordedAt])
            }
            saved(answers.count)
        }
        }
    }

    /// Answers to an instrument on an occasion, with each participant's pseudonym.
    public func responses(instrument: String, occasion: String) throws(StoreError)
        -> [(pseudonym: String, response: ResponseRecord)] {
        try read { db in
            let rows = try ResponseRecord
                .filter(Column("instrument") == instrument && Column("occasion") == occasion)
                .order(Column("participantId"), Column("item")).fetchValues(db)
            let names = try Dictionary(uniqueKeysWithValues: Participant.fetchAll(db).map { ($0.id!, $0.pseudonym) })
            return rows.map { (names[$0.participantID] ?? "?", $0) }
        }
    }

    /// The occasions with answers to an instrument, in order of first recording.
    /// Who took part in an instrument on an occasion by an import, answers or not: pseudonym and
    /// the instrument version.
    public func sittings(instrument: String, occasion: String) throws(StoreError) -> [(pseudonym: String, version: String)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT participant.pseudonym, sitting.instrumentVersion FROM sitting
                JOIN participant ON participant.id = sitting.participantId
                WHERE sitting.instrument = ? AND sitting.occasion = ? ORDER BY participant.pseudonym
                """, arguments: [instrument, occasion]).map { ($0[0], $0[1]) }
        }
    }

    public func occasions(instrument: String) throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT occasion FROM response WHERE instrument = ? GROUP BY occasion ORDER BY MIN(id)
                """, arguments: [instrument])
        }
    }

    /// Records an audit judgement. A named respondent's earlier judgement of the same strand on the
    /// same occasion (with the same matrix) is replaced; it stays in the history.
    @discardableResult
    package func record(_ judgement: JudgementRecord) throws(StoreError) -> JudgementRecord {
        try write { db in
            if let respondent = judgement.respondent {
                try JudgementRecord.filter(Column("matrix") == judgement.matrix && Column("occasion") == judgement.occasion
                                           && Column("strand") == judgement.strand && Column("respondent") == respondent)
                    .deleteAll(db)
            }
            var judgement = judgement
            try judgement.insert(db)
            return judgement
        }
    }

    /// Every judgement made with a matrix, in the order recorded.
    public func judgements(matrix: String) throws(StoreError) -> [JudgementRecord] {
        try read { db in try JudgementRecord.filter(Column("matrix") == matrix).order(Column("id")).fetchValues(db) }
    }

    // MARK: - Transcripts

    /// Saves imported sources with their turns in one transaction. A speaker is linked to the
    /// participant whose pseudonym equals the speaker's name, when there is one.
    /// - Parameters:
    ///   - sources: each source with its turns (their `sourceID` is filled in here).
    ///   - case: the participant every source belongs to, created if new; its attributes are merged in.
    /// - Throws: ``StoreError`` naming a source whose name or content is already in the project.
    package func save(sources: [(SourceRecord, [TurnRecord])],
                     case caseParticipant: (pseudonym: String, attributes: [String: String])? = nil,
                     interviewers: [String] = []) throws(StoreError) {
        try write { db in
            var caseID: Int64?
            if let caseParticipant {
                var participant = try Participant.filter(Column("pseudonym") == caseParticipant.pseudonym).fetchValue(db)
                    ?? Participant(pseudonym: caseParticipant.pseudonym)
                participant.attributes.merge(caseParticipant.attributes) { _, new in new }
                try participant.save(db)
                caseID = participant.id
            }
            // Interviewers are participants with that role, made when new, so their turns link to them.
            let everyone = try Participant.fetchAll(db)
            for name in interviewers {
                var person = everyone.first { ([$0.pseudonym] + $0.names).contains { $0.lowercased() == name.lowercased() } }
                    ?? Participant(pseudonym: name)
                guard person.role?.lowercased() != Participant.interviewerRole else { continue }
                person.role = Participant.interviewerRole
                try person.save(db)
            }
            var participants: [String: Int64] = [:]
            for person in try Participant.fetchAll(db) {
                for name in [person.pseudonym] + person.names { participants[name.lowercased()] = person.id! }
            }
            // Sources and turns go in as bulk inserts: a corpus brings hundreds of thousands of turns.
            try insertingInBulk(into: [SourceRecord.databaseTableName, TurnRecord.databaseTableName]) {
                for (source, turns) in sources {
                    if let existing = try SourceRecord.filter(Column("name") == source.name || Column("sha256") == source.sha256)
                        .fetchValue(db) {
                        throw StoreError(existing.name == source.name
                                         ? "a source named '\(source.name)' is already in the project; nothing was imported"
                                         : "\(source.name) has the same content as '\(existing.name)', already imported; "
                                            + "nothing was imported")
                    }
                    var source = source
                    source.caseID = source.caseID ?? caseID
                    try source.insert(db)
                    try insert(turns, of: source.id!, participants: participants, db)
                }
            }
        }
    }

    /// Every source (without loading their texts' turns).
    public func sources() throws(StoreError) -> [SourceRecord] {
        try read { db in try SourceRecord.order(Column("name")).fetchValues(db) }
    }

    /// Every source with its text left empty, for work that needs only names and cases.
    public func sourcesWithoutText() throws(StoreError) -> [SourceRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, kind, originalPath, sha256, caseId, importedAt FROM source ORDER BY name")
                .map { row in
                    var source = SourceRecord(name: row[1], kind: row[2], originalPath: row[3], sha256: row[4], text: "",
                                              caseID: row[5], importedAt: row[6])
                    source.id = row[0]
                    return source
                }
        }
    }

    /// A source by name, without its turns.
    public func sourceRecord(named name: String) throws(StoreError) -> SourceRecord? {
        try read { db in try SourceRecord.filter(Column("name") == name).fetchValue(db) }
    }

    /// A source by name, with its turns in order.
    public func source(named name: String) throws(StoreError) -> (SourceRecord, [TurnRecord])? {
        try read { db in
            guard let source = try SourceRecord.filter(Column("name") == name).fetchValue(db) else { return nil }
            let turns = try FastTurn.fetchAll(db, sql: FastTurn.selection + " WHERE sourceId = ? ORDER BY position",
                                              arguments: [source.id!])
            return (source, turns)
        }
    }

    // MARK: - Codings

    /// Adds codings in one transaction, taking them from `codings` one by one (a lazy sequence
    /// need not hold them all at once). With `replacing`, first removes that coder's automatic
    /// codings of that framework on those sources, whether or not new codings take their place.
    package func add(codings: some Sequence<CodingRecord>,
                     replacing automatic: (coder: String, framework: String, sourceIDs: [Int64])? = nil)
        throws(StoreError) {
        try write { db in
            if let automatic {
                try CodingRecord.filter(Column("automatic") == true && Column("coder") == automatic.coder
                                        && Column("framework") == automatic.framework
                                        && automatic.sourceIDs.contains(Column("sourceId")))
                    .deleteAll(db)
            }
            try insertingInBulk(into: [CodingRecord.databaseTableName]) { try insert(codings, db) }
        }
    }

    /// Inserts a source's turns through one prepared statement, their values bound straight through
    /// SQLite's C API (a corpus brings hundreds of thousands); a turn's speaker names its participant
    /// when one of `participants` (lower-cased names) has that name.
    private func insert(_ turns: [TurnRecord], of sourceID: Int64, participants: [String: Int64], _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO turn (sourceId, position, speaker, participantId, start, "end", startTime, endTime)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let sqlite = statement.sqliteStatement
        defer {
            sqlite3_reset(sqlite)
            sqlite3_clear_bindings(sqlite)
        }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for turn in turns {
            sqlite3_reset(sqlite)
            sqlite3_bind_int64(sqlite, 1, sourceID)
            sqlite3_bind_int64(sqlite, 2, Int64(turn.position))
            if let speaker = turn.speaker {
                sqlite3_bind_text(sqlite, 3, speaker, Int32(speaker.utf8.count), transient)
            } else {
                sqlite3_bind_null(sqlite, 3)
            }
            let named = participants.isEmpty ? nil : turn.speaker.flatMap { participants[$0.lowercased()] }
            if let participant = turn.participantID ?? named {
                sqlite3_bind_int64(sqlite, 4, participant)
            } else {
                sqlite3_bind_null(sqlite, 4)
            }
            sqlite3_bind_int64(sqlite, 5, Int64(turn.start))
            sqlite3_bind_int64(sqlite, 6, Int64(turn.end))
            if let time = turn.startTime { sqlite3_bind_double(sqlite, 7, time) } else { sqlite3_bind_null(sqlite, 7) }
            if let time = turn.endTime { sqlite3_bind_double(sqlite, 8, time) } else { sqlite3_bind_null(sqlite, 8) }
            let code = sqlite3_step(sqlite)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: statement.sql)
            }
        }
    }

    private func insert(_ codings: some Sequence<CodingRecord>, _ db: Database) throws {
        // One prepared statement for the batch, its values bound straight through SQLite's C API:
        // imports and auto-coding bring hundreds of thousands of codings, and boxing nine values
        // per row costs more than SQLite's own work.
        let statement = try db.cachedStatement(sql: """
            INSERT INTO coding (sourceId, start, "end", framework, frameworkVersion, theme, coder, automatic, createdAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let sqlite = statement.sqliteStatement
        defer {
            sqlite3_reset(sqlite)
            sqlite3_clear_bindings(sqlite)
        }
        // SQLITE_TRANSIENT: SQLite copies each text before the String that held it goes.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        var dates: [Date: String] = [:]
        for coding in codings {
            let date = dates[coding.createdAt] ?? String.fromDatabaseValue(coding.createdAt.databaseValue)!
            dates[coding.createdAt] = date
            sqlite3_reset(sqlite)
            sqlite3_bind_int64(sqlite, 1, coding.sourceID)
            sqlite3_bind_int64(sqlite, 2, Int64(coding.start))
            sqlite3_bind_int64(sqlite, 3, Int64(coding.end))
            func bind(_ index: Int32, _ text: String) {
                sqlite3_bind_text(sqlite, index, text, Int32(text.utf8.count), transient)
            }
            bind(4, coding.framework)
            bind(5, coding.frameworkVersion)
            bind(6, coding.theme)
            bind(7, coding.coder)
            sqlite3_bind_int64(sqlite, 8, coding.automatic ? 1 : 0)
            bind(9, date)
            let code = sqlite3_step(sqlite)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: statement.sql)
            }
        }
    }

    /// Adds one manual coding and returns it with its id.
    /// - Throws: ``StoreError`` when the coder has coded the same passage with the same theme already.
    @discardableResult
    package func add(coding: CodingRecord) throws(StoreError) -> CodingRecord {
        try write { db in
            if let existing = try CodingRecord.filter(
                Column("sourceId") == coding.sourceID && Column("start") == coding.start && Column("end") == coding.end
                    && Column("framework") == coding.framework && Column("theme") == coding.theme
                    && Column("coder") == coding.coder).fetchValue(db) {
                throw StoreError("\(coding.coder) has coded this passage (\(coding.start)–\(coding.end)) with "
                                 + "\(coding.theme) already (coding #\(existing.id!))")
            }
            var coding = coding
            try coding.insert(db)
            return coding
        }
    }

    /// Removes automatic codings (optionally of one framework); returns how many were removed.
    @discardableResult
    package func removeAutomaticCodings(framework: String?) throws(StoreError) -> Int {
        try write { db in
            var request = CodingRecord.filter(Column("automatic") == true)
            if let framework { request = request.filter(Column("framework") == framework) }
            return try request.deleteAll(db)
        }
    }

    /// Every coding, with its source's name, ordered by source, start and theme, then in the order
    /// they were added.
    public func codings(framework: String? = nil) throws(StoreError) -> [(source: String, coding: CodingRecord)] {
        try read { db in
            // The table is read in its own order and sorted here: through an index SQLite fetches every
            // row by its id, and `+framework` keeps it off the framework index. Reading a corpus's
            // codings in order is 5× faster, and they were mostly added in the order wanted.
            var request = CodingRecord.order(Column("id"))
            if let framework { request = request.filter(sql: "+framework = ?", arguments: [framework]) }
            var codings = try FastCoding.fetchAll(db, request)
            func precedes(_ first: CodingRecord, _ second: CodingRecord) -> Bool {
                if first.sourceID != second.sourceID { return first.sourceID < second.sourceID }
                if first.start != second.start { return first.start < second.start }
                // As SQLite compares text: byte by byte, not as Swift compares strings.
                let (one, other) = (first.theme.utf8, second.theme.utf8)
                if !one.elementsEqual(other) { return one.lexicographicallyPrecedes(other) }
                return first.id! < second.id!
            }
            codings.sortUnlessSorted(by: precedes)
            let names = try sourceNames(db)
            return codings.map { (names[$0.sourceID] ?? "?", $0) }
        }
    }

    /// How each framework's codings are spread, counted by SQLite rather than read one by one,
    /// in framework order.
    public func codingTallies() throws(StoreError) -> [CodingTally] {
        try read { db in
            // Counted from the framework index, then DISTINCT over the table: NOT INDEXED, since through
            // an index SQLite fetches every row by its id, and GROUP BY over a whole table sorts it.
            var automatic: [String: Int] = [:], coders: [String: [String]] = [:], sources: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT framework, COUNT(*) FROM coding NOT INDEXED WHERE automatic GROUP BY framework
                """) { automatic[row[0]] = row[1] }
            for row in try Row.fetchAll(db, sql: "SELECT DISTINCT framework, coder FROM coding NOT INDEXED") {
                coders[row[0], default: []].append(row[1])
            }
            for row in try Row.fetchAll(db, sql: "SELECT DISTINCT framework, sourceId FROM coding NOT INDEXED") {
                sources[row[0], default: 0] += 1
            }
            return try Row.fetchAll(db, sql: "SELECT framework, COUNT(*) FROM coding GROUP BY framework").map { row in
                let framework: String = row[0], count: Int = row[1]
                return CodingTally(framework: framework, manual: count - (automatic[framework] ?? 0),
                                   automatic: automatic[framework] ?? 0, coders: (coders[framework] ?? []).sorted(),
                                   sources: sources[framework] ?? 0)
            }.sorted { $0.framework < $1.framework }
        }
    }

    /// Where each of a framework's codings starts, with its theme: what placing it in a case needs.
    public func codingStarts(framework: String) throws(StoreError) -> [(sourceID: Int64, start: Int, theme: String)] {
        try read { db in
            var starts: [(sourceID: Int64, start: Int, theme: String)] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT sourceId, start, theme FROM coding NOT INDEXED WHERE framework = ?",
                                           arguments: [framework])
            while let row = try rows.next() { starts.append((row[0], row[1], row[2])) }
            return starts
        }
    }

    /// Source names by id, without reading the texts.
    func sourceNames(_ db: Database) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM source") { names[row[0]] = row[1] as String }
        return names
    }

    /// How many sources the project has.
    public func sourceCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source") ?? 0 }
    }

    /// The speakers of each source's turns, in the order they first speak, by source id.
    public func speakers() throws(StoreError) -> [Int64: [String]] {
        try read { db in
            var speakers: [Int64: [String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT sourceId, speaker FROM turn WHERE speaker IS NOT NULL GROUP BY sourceId, speaker
                ORDER BY sourceId, MIN(position)
                """) {
                speakers[row[0], default: []].append(row[1])
            }
            return speakers
        }
    }

    /// How many manual and automatic codings each source has, by source id.
    public func codingCounts() throws(StoreError) -> [Int64: (manual: Int, automatic: Int)] {
        try read { db in
            var counts: [Int64: (manual: Int, automatic: Int)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sourceId, automatic, COUNT(*) FROM coding GROUP BY sourceId, automatic") {
                let id: Int64 = row[0], automatic: Bool = row[1], count: Int = row[2]
                var pair = counts[id] ?? (0, 0)
                if automatic { pair.automatic = count } else { pair.manual = count }
                counts[id] = pair
            }
            return counts
        }
    }

    /// The codings of one source (every framework), ordered by start, end and theme.
    public func codings(source id: Int64) throws(StoreError) -> [CodingRecord] {
        try read { db in
            try FastCoding.fetchAll(db, CodingRecord.filter(Column("sourceId") == id)
                .order(Column("start"), Column("end"), Column("theme")))
        }
    }

    /// Sets (or replaces) the summary of a framework-matrix cell.
    package func summarise(_ summary: ChartSummary) throws(StoreError) {
        try write { db in
            try ChartSummary.filter(Column("framework") == summary.framework && Column("caseName") == summary.caseName
                                    && Column("theme") == summary.theme).deleteAll(db)
            var summary = summary
            try summary.insert(db)
        }
    }

    /// Every cell summary of a framework.
    /// What the REFI-QDA format cannot carry, with how many of each the project holds: chart
    /// summaries, member checks, open outside passages, automatic flags, draft history, answers,
    /// audit judgements and enquiries.
    public func recordsREFILeavesOut() throws(StoreError) -> [(what: String, count: Int)] {
        try read { db in
            let counts: [(String, String)] = [
                ("chart summaries (framework matrix cells)", "SELECT COUNT(*) FROM chartSummary"),
                ("member checks", "SELECT COUNT(*) FROM memberCheck"),
                ("passages in the outside-the-framework bucket", "SELECT COUNT(*) FROM outsidePassage"),
                ("automatic flags on codings (the codings go, as their coder's)",
                 "SELECT COUNT(*) FROM coding WHERE automatic"),
                ("changes in the draft framework's history", "SELECT COUNT(*) FROM draftChange"),
                ("questionnaire answers", "SELECT COUNT(*) FROM response"),
                ("audit judgements", "SELECT COUNT(*) FROM judgement"),
                ("enquiries (with their cycles, criteria, evidence, reflections and reviews)", "SELECT COUNT(*) FROM enquiry"),
            ]
            return try counts.map { ($0.0, try Int.fetchOne(db, sql: $0.1) ?? 0) }.filter { $0.1 > 0 }
        }
    }

    /// The research team's names in order, whether or not they have coded or written anything.
    public func researchers() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT name FROM researcher ORDER BY name") }
    }

    public func summaries(framework: String) throws(StoreError) -> [ChartSummary] {
        try read { db in try ChartSummary.filter(Column("framework") == framework).fetchValues(db) }
    }

    /// Turns of every source, by source id.
    public func allTurns() throws(StoreError) -> [Int64: [TurnRecord]] {
        try read { db in
            // Read in the table's order and put in order here, as codings are (see `codings(framework:)`):
            // a source's turns are added in order.
            Dictionary(grouping: try FastTurn.fetchAll(db, sql: FastTurn.selection), by: \.sourceID).mapValues { turns in
                var turns = turns
                turns.sortUnlessSorted { $0.position < $1.position }
                return turns
            }
        }
    }

    // MARK: - Trusted plugins

    /// Records (or replaces) trust in a compiled plugin file.
    package func trust(_ plugin: TrustedPlugin) throws(StoreError) {
        try write { db in
            var plugin = plugin
            try plugin.save(db)
        }
    }

    /// Removes the trust in a compiled plugin file.
    package func untrust(path: String) throws(StoreError) {
        try write { db in _ = try TrustedPlugin.deleteOne(db, key: path) }
    }

    /// Every trusted compiled plugin.
    public func trustedPlugins() throws(StoreError) -> [TrustedPlugin] {
        try read { db in try TrustedPlugin.order(Column("path")).fetchValues(db) }
    }

    /// The absolute location of a trusted plugin's file.
    public func url(of plugin: TrustedPlugin) -> URL {
        plugin.path.hasPrefix("/") ? URL(fileURLWithPath: plugin.path) : folder.appendingPathComponent(plugin.path)
    }

    /// How to record `url` in the project: relative when inside the project folder, so the folder can move.
    public func storedPath(for url: URL) -> String {
        let path = url.standardizedFileURL.resolvingSymlinksInPath().path
        let root = folder.resolvingSymlinksInPath().path + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    // MARK: - Access

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            if let open = OpenChange.current { return try body(open.db) }
            return try pool.read(body)
        } catch {
            throw wrap(error)
        }
    }

    /// Runs `body` in the open change (see ``change(_:_:)``); outside one it is a programming error.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        guard let open = OpenChange.current else {
            throw StoreError("internal error: a change to the project was made outside a journaled change")
        }
        do { return try body(open.db) } catch { throw wrap(error) }
    }

    func wrap(_ error: any Error) -> StoreError {
        Self.wrap(error, folder: folder, busyTimeout: busyTimeout)
    }

    /// `error` in words, naming the folder and the process holding it when it is busy or read-only.
    static func wrap(_ error: any Error, folder: URL, busyTimeout: TimeInterval) -> StoreError {
        let wrapped = Self.wrap(error)
        switch wrapped.code {
        case .busy:
            let holder = WriterNote.current(in: folder).map { " (" + $0.sentence + ")" } ?? ""
            let wait = busyTimeout < 1 ? String(format: "%.1f", busyTimeout) : String(Int(busyTimeout))
            return StoreError("the project \(folder.path) is busy: another process is changing it\(holder) and did not "
                              + "finish within \(wait) s. Nothing was changed; try again when it has finished",
                              code: .busy)
        case .readOnly:
            return StoreError("the project folder \(folder.path) is read-only, so nothing can be changed in it; "
                              + "commands that only read still work", code: .readOnly)
        default:
            return wrapped
        }
    }

    static func wrap(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else { return StoreError("\(error)") }
        let message = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError("the project is locked by another process", code: .busy)
        case .SQLITE_READONLY, .SQLITE_PERM:
            return StoreError("the project cannot be written", code: .readOnly)
        default: break
        }
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            return StoreError(Self.duplicateSentence(message), code: .duplicate)
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return StoreError("this refers to something that does not exist (or was deleted meanwhile)",
                              code: .missingReference)
        default:
            return StoreError("the project's database refused the change: \(message)")
        }
    }

    /// A sentence for SQLite's "UNIQUE constraint failed: table.column, …".
    static func duplicateSentence(_ message: String) -> String {
        let columns = message.split(separator: ":").last.map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        } ?? []
        switch columns.first {
        case "school.name": return "a school with this name already exists"
        case "participant.pseudonym": return "a participant with this pseudonym already exists"
        case "source.name": return "a source with this name is already in the project"
        case "source.sha256": return "a source with the same content is already in the project"
        case "response.participantId": return "this participant already has an answer to this item on this occasion"
        case "cycle.enquiryId": return "this enquiry already has a cycle with this number"
        case "chartSummary.framework": return "this matrix cell already has a summary"
        case "draftTheme.id": return "the draft already has a theme with this id"
        default: return "this would duplicate something the project already holds (\(columns.joined(separator: ", ")))"
        }
    }
}

extension Array {
    /// Sorts the elements unless they are in order already: rows read in a table's own order were
    /// mostly added in the order wanted, and checking costs one pass.
    mutating func sortUnlessSorted(by precedes: (Element, Element) -> Bool) {
        if zip(self, dropFirst()).contains(where: { precedes($1, $0) }) { sort(by: precedes) }
    }
}
