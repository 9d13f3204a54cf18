import Foundation
import ProjectStore
import Testing

@Suite("Project store")
struct ProjectStoreTests {
    func newStore() throws -> ProjectStore {
        try ProjectStore.create(at: TestSupport.temporaryFolder().appendingPathComponent("project"),
                                name: "Test", createdBy: "test")
    }

    @Test func createMakesTheFoldersAndAWALDatabase() throws {
        let store = try newStore()
        for folder in ["sources", "plugins", "exports"] {
            var isFolder: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: store.folder.appendingPathComponent(folder).path,
                                                   isDirectory: &isFolder) && isFolder.boolValue)
        }
        #expect(try store.journalMode() == "wal")
        #expect(try store.info().name == "Test")
        // No staging folders are left beside the project.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: store.folder.deletingLastPathComponent().path)
        #expect(siblings == ["project"])
    }

    /// A project built whole, as an import builds one in a staging folder, fills without the
    /// write-ahead log and ends like any other project: in WAL mode, intact, its change undoable.
    @Test func aProjectBuiltWholeEndsInWALModeWithItsChangeInTheHistory() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("built")
        let source = SourceRecord(name: "a.txt", kind: "txt", originalPath: "sources/a.txt", sha256: "0",
                                  text: "Teacher: hello", caseID: nil, importedAt: Date())
        let modeWhileFilling = try ProjectStore.build(at: folder, name: "Built", createdBy: "test") { store in
            try store.change(note) { try store.save(sources: [(source, [])]) }
            return try store.journalMode()
        }
        #expect(modeWhileFilling == "memory")
        #expect(try !FileManager.default.contentsOfDirectory(atPath: folder.path).contains { $0.hasSuffix("-journal") })
        let store = try ProjectStore.open(at: folder)
        #expect(try store.journalMode() == "wal")
        #expect(try store.info().name == "Built")
        #expect(try store.sources().map(\.name) == ["a.txt"])
        #expect(try store.undo()?.summary == note.summary)
        #expect(try store.sources().isEmpty)
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try ProjectStore.build(at: folder.deletingLastPathComponent().appendingPathComponent("other"), name: "Other",
                                   createdBy: "test") { _ in throw Refused() }
        }
    }

    /// Codings are bound straight through SQLite's C API: every value lands as it was given (accents,
    /// the timestamp in GRDB's format), and a row SQLite refuses fails the whole
    /// batch with SQLite's message, leaving none of it.
    @Test func codingsInsertedInBulkKeepEveryValueOrNoneAtAll() throws {
        let store = try newStore()
        let source = SourceRecord(name: "a.txt", kind: "txt", originalPath: "sources/a.txt", sha256: "0", text: "Teacher: hello",
                                  caseID: nil, importedAt: Date())
        try store.change(note) { try store.save(sources: [(source, [])]) }
        let id = try #require(try store.sources().first?.id)
        let when = Date(timeIntervalSince1970: 1_800_000_000.125)
        let good = CodingRecord(sourceID: id, start: 0, end: 5, framework: "f", frameworkVersion: "1.0.0",
                                theme: "thème·1", coder: "Zoë", automatic: true, createdAt: when)
        try store.change(note) { try store.add(codings: [good]) }
        let stored = try #require(try store.codings().first?.coding)
        #expect(stored.theme == "thème·1")
        #expect(stored.coder == "Zoë" && stored.framework == "f" && stored.frameworkVersion == "1.0.0")
        #expect(stored.automatic && stored.start == 0 && stored.end == 5)
        #expect(abs(stored.createdAt.timeIntervalSince(when)) < 0.001)
        var bad = good
        (bad.start, bad.end) = (4, 4)
        #expect(throws: StoreError.self) { try store.change(note) { try store.add(codings: [good, bad]) } }
        #expect(try store.codings().count == 1, "the batch's first row was rolled back with it")
    }

    /// Codings are read back through SQLite's C API with each distinct framework, theme, coder and
    /// time made once: rows that alternate between values, repeat them or differ by one byte all
    /// come back as they went in.
    @Test func codingsReadBackWithEveryValueAsStored() throws {
        let store = try newStore()
        let source = SourceRecord(name: "a.txt", kind: "txt", originalPath: "sources/a.txt", sha256: "0",
                                  text: String(repeating: "Teacher: hello ", count: 20), caseID: nil, importedAt: Date())
        try store.change(note) { try store.save(sources: [(source, [])]) }
        let id = try #require(try store.sources().first?.id)
        let themes = ["thème", "thèmf", "t", "thème", "a much longer theme name than sixteen bytes", "t"]
        let coders = ["Zoë", "Zoë", "Ann", "", "Zoë", "Ann"]
        let written = themes.indices.map { index in
            CodingRecord(sourceID: id, start: index, end: index + 3, framework: index % 2 == 0 ? "f" : "g",
                         frameworkVersion: "1.0.\(index % 3)", theme: themes[index], coder: coders[index],
                         automatic: index % 2 == 1, createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(index % 2)))
        }
        try store.change(note) { try store.add(codings: written) }
        let read = try store.codings().map(\.coding)
        #expect(read.map(\.theme) == themes)
        #expect(read.map(\.coder) == coders)
        #expect(read.map(\.framework) == written.map(\.framework))
        #expect(read.map(\.frameworkVersion) == written.map(\.frameworkVersion))
        #expect(read.map(\.automatic) == written.map(\.automatic))
        #expect(read.map(\.start) == written.map(\.start) && read.map(\.end) == written.map(\.end))
        #expect(read.map { $0.createdAt.timeIntervalSince1970 } == written.map { $0.createdAt.timeIntervalSince1970 })
        #expect(Set(read.compactMap(\.id)).count == written.count)
    }

    /// Codings added out of order come back by source, start and theme (compared byte by byte, as
    /// SQLite compares text), then in the order they were added; with and without a framework.
    @Test func codingsComeBackInSourceStartThemeThenAddedOrder() throws {
        let store = try newStore()
        let sources = ["a.txt", "b.txt"].map { name in
            SourceRecord(name: name, kind: "txt", originalPath: "sources/\(name)", sha256: name,
                         text: String(repeating: "x", count: 50), caseID: nil, importedAt: Date())
        }
        try store.change(note) { try store.save(sources: sources.map { ($0, []) }) }
        let ids = try store.sources().map { $0.id! }
        // (source, start, theme, coder). By bytes a decomposed "é" sorts before "f" and the composed one
        // after it; Swift's strings hold the two equal and both after "f".
        let added: [(Int, Int, String, String)] = [
            (1, 5, "\u{E9}", "first"), (0, 9, "t", "a"), (1, 5, "e\u{301}", "b"), (0, 2, "t", "c"),
            (1, 5, "\u{E9}", "second"), (0, 2, "s", "d"), (1, 0, "t", "e"), (1, 5, "f", "g"),
        ]
        try store.change(note) {
            try store.add(codings: added.map { source, start, theme, coder in
                CodingRecord(sourceID: ids[source], start: start, end: start + 1, framework: coder == "e" ? "g" : "f",
                             frameworkVersion: "1", theme: theme, coder: coder, automatic: false, createdAt: Date())
            })
        }
        #expect(try store.codings().map { "\($0.source) \($0.coding.coder)" }
                    == ["a.txt d", "a.txt c", "a.txt a", "b.txt e", "b.txt b", "b.txt g", "b.txt first", "b.txt second"])
        #expect(try store.codings(framework: "f").map(\.coding.coder) == ["d", "c", "a", "b", "g", "first", "second"])
    }

    /// Turns are bound straight through SQLite's C API: speakers (or none), times (or none) and the
    /// participant a speaker's name links to, in any case of letters, come back as they went in.
    @Test func turnsKeepEveryValueAndLinkSpeakersToParticipants() throws {
        let store = try newStore()
        let person = try store.change(note) { try store.add(Participant(pseudonym: "Zoë Ng")) }
        let source = SourceRecord(name: "a.vtt", kind: "vtt", originalPath: "sources/a.vtt", sha256: "0",
                                  text: String(repeating: "x", count: 40), caseID: nil, importedAt: Date())
        let turns = [
            TurnRecord(sourceID: 0, position: 0, speaker: "ZOË NG", participantID: nil, start: 0, end: 10,
                       startTime: 1.5, endTime: 2.25),
            TurnRecord(sourceID: 0, position: 1, speaker: nil, participantID: nil, start: 10, end: 20,
                       startTime: nil, endTime: 4),
            TurnRecord(sourceID: 0, position: 2, speaker: "Interviewer", participantID: nil, start: 20, end: 40,
                       startTime: 5, endTime: nil),
        ]
        try store.change(note) { try store.save(sources: [(source, turns)]) }
        let (saved, read) = try #require(try store.source(named: "a.vtt"))
        #expect(read.map(\.speaker) == ["ZOË NG", nil, "Interviewer"])
        #expect(read.map(\.participantID) == [person.id, nil, nil])
        #expect(read.map(\.startTime) == [1.5, nil, 5] && read.map(\.endTime) == [2.25, 4, nil])
        #expect(read.map(\.start) == [0, 10, 20] && read.map(\.end) == [10, 20, 40] && read.map(\.position) == [0, 1, 2])
        #expect(read.allSatisfy { $0.sourceID == saved.id })
    }

    /// Auto-coding again replaces that coder's automatic codings of that framework on those sources,
    /// also when the new run finds nothing; other coders, frameworks and sources keep theirs.
    @Test func automaticCodingsAreReplacedEvenByNone() throws {
        let store = try newStore()
        let sources = ["a.txt", "b.txt"].map { name in
            (SourceRecord(name: name, kind: "txt", originalPath: "sources/" + name, sha256: name, text: "Teacher: hello",
                          caseID: nil, importedAt: Date()), [TurnRecord]())
        }
        try store.change(note) { try store.save(sources: sources) }
        let ids = try store.sources().map { $0.id! }
        func coding(_ source: Int64, _ framework: String, _ coder: String) -> CodingRecord {
            CodingRecord(sourceID: source, start: 0, end: 5, framework: framework, frameworkVersion: "1.0.0", theme: "t",
                         coder: coder, automatic: true, createdAt: Date())
        }
        try store.change(note) {
            try store.add(codings: [coding(ids[0], "f", "autocode"), coding(ids[1], "f", "autocode"),
                                    coding(ids[0], "g", "autocode"), coding(ids[0], "f", "other")])
        }
        try store.change(note) {
            try store.add(codings: [CodingRecord](), replacing: (coder: "autocode", framework: "f", sourceIDs: [ids[0]]))
        }
        let left = try store.codings().map { "\($0.coding.sourceID == ids[0] ? "a" : "b") \($0.coding.framework) \($0.coding.coder)" }
        #expect(left.sorted() == ["a f other", "a g autocode", "b f autocode"])
    }

    let note = ChangeNote(action: "test", summary: "a test change", actor: "tester")

    @Test func participantsKeepTheirAttributesAndSchool() throws {
        let store = try newStore()
        let school = try store.change(note) {
            let school = try store.add(School(name: "A Primary School", phase: "primary"))
            try store.add(Participant(pseudonym: "Teacher A", role: "class teacher", schoolID: school.id,
                                      attributes: ["years": "3-4", "phase": "primary"]))
            return school
        }
        let reopened = try ProjectStore.open(at: store.folder)
        let participants = try reopened.participants()
        #expect(participants.count == 1)
        #expect(participants.first?.attributes == ["years": "3-4", "phase": "primary"])
        #expect(participants.first?.schoolID == school.id)
    }

    @Test func foreignKeysAndUniquenessAreEnforced() throws {
        let store = try newStore()
        #expect {
            try store.change(note) { try store.add(Participant(pseudonym: "Trainee A", schoolID: 999)) }
        } throws: { error in
            (error as? StoreError)?.code == .missingReference
                && "\(error)" == "this refers to something that does not exist (or was deleted meanwhile)"
        }
        try store.change(note) { try store.add(Participant(pseudonym: "Trainee A")) }
        #expect {
            try store.change(note) { try store.add(Participant(pseudonym: "Trainee A")) }
        } throws: { error in
            (error as? StoreError)?.code == .duplicate && "\(error)" == "a participant with this pseudonym already exists"
        }
        #expect(try store.participants().count == 1)
    }

    @Test func aNonEmptyFolderIsRefusedAndLeftAsItWas() throws {
        let folder = try TestSupport.temporaryFolder()
        try "keep me".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) {
            try ProjectStore.create(at: folder, name: "x", createdBy: "test")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
    }

    @Test func openingAFolderThatIsNotAProjectSaysSoInPlainWords() throws {
        let folder = try TestSupport.temporaryFolder()
        #expect {
            try ProjectStore.open(at: folder)
        } throws: { error in
            // The front end adds how to make one, in its own words.
            (error as? StoreError)?.code == .notAProject && "\(error)".contains("is not a workbench project")
                && !"\(error)".contains("workbench init")
        }
    }

    @Test func trustedPluginPathsInsideTheProjectAreStoredRelative() throws {
        let store = try newStore()
        let inside = store.pluginsFolder.appendingPathComponent("x.so")
        #expect(store.storedPath(for: inside) == "plugins/x.so")
        #expect(store.storedPath(for: URL(fileURLWithPath: "/opt/x.so")) == "/opt/x.so")
        try store.change(note) {
            try store.trust(TrustedPlugin(path: "plugins/x.so", sha256: "ab", reference: "x@1.0.0", trustedAt: Date()))
        }
        try store.change(note) {
            try store.trust(TrustedPlugin(path: "plugins/x.so", sha256: "cd", reference: "x@1.0.1", trustedAt: Date()))
        }
        let trusted = try store.trustedPlugins()
        #expect(trusted.map(\.sha256) == ["cd"])
        #expect(store.url(of: trusted[0]).path == inside.path)
    }
}
