import Foundation
@testable import Interop
import PluginHost
import ProjectStore
import Testing
import WorkbenchCore
import WorkbenchDemo
import WorkbenchKit
import XMLKit
import ZIPFoundation

@Suite("REFI-QDA exchange", .serialized)
struct RefiTests {
    /// The bytes of one entry of a zip archive.
    static func entry(_ name: String, in url: URL) throws -> Data {
        let archive = try Archive(url: url, accessMode: .read)
        let entry = try #require(archive[name])
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return data
    }

    /// Writes a package holding `entries` (path, text) to `url`.
    static func package(_ url: URL, _ entries: [(String, String)]) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for (name, text) in entries {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    static func demo() throws -> (WorkbenchProject, URL) {
        let folder = try TestSupport.temporaryFolder()
        let summary = try Demo.build(at: folder.appendingPathComponent("demo"))
        return (summary.project, folder)
    }

    @Test func stableGUIDsAreUUIDv5() {
        // Reference values from Python 3.11's uuid module:
        //   ns = uuid.uuid5(uuid.NAMESPACE_URL, "rd-workbench.refi-qda")
        //   str(uuid.uuid5(ns, "user:Researcher 1")).upper()
        #expect(StableGUID.namespace.uuidString == "3DE5C417-1FFD-58C4-B299-DC26FAB89F55")
        #expect(StableGUID.guid("user:Researcher 1") == "AF2A169A-BEA0-599E-A38A-8DE05216BB10")
        // Written by hand, as Foundation writes them.
        for uuid in (0..<500).map({ _ in UUID() }) + [StableGUID.namespace, UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))] {
            #expect(StableGUID.text(uuid) == uuid.uuidString)
        }
    }

    @Test func exportIsValidDeterministicAndHoldsOneProjectAndFlatSources() throws {
        let (project, folder) = try Self.demo()
        let first = folder.appendingPathComponent("first.qdpx")
        let second = folder.appendingPathComponent("second.qdpx")
        let summary = try project.exchange.exportRefi(to: first)
        try project.exchange.exportRefi(to: second)
        let qde = try Self.entry("project.qde", in: first)
        #expect(qde == (try Self.entry("project.qde", in: second)))
        let file = folder.appendingPathComponent("project.qde")
        try qde.write(to: file)
        let schema = try XMLSchema(contentsOf: RefiSchemas.projectURL)
        #expect(schema.validate(fileAt: file).isEmpty)
        // Exactly one project.qde; every other entry is sources/<GUID>.<ext>; texts have no BOM.
        let names = try Archive(url: first, accessMode: .read).map(\.path)
        #expect(names.filter { $0.hasSuffix(".qde") } == ["project.qde"])
        let guid = /sources\/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\.(txt|docx)/
        #expect(names.filter { $0 != "project.qde" }.allSatisfy { $0.wholeMatch(of: guid) != nil })
        #expect(names.filter { $0.hasSuffix(".txt") }.count == summary.sources)
        for name in names where name.hasSuffix(".txt") {
            #expect(try Self.entry(name, in: first).prefix(3) != Data([0xEF, 0xBB, 0xBF]))
        }
        // Coders are creatingUsers; offsets are the project's.
        let text = String(decoding: qde, as: UTF8.self)
        #expect(text.contains("name=\"Researcher 2\"") && !text.contains("<Sets/>"))
    }

    /// The package is written by our own ZIP writer (zlib at a faster level, texts deflated beside
    /// the project file): ZIPFoundation reads every entry back, checking each CRC-32, and an original
    /// file arrives byte for byte.
    @Test func packageEntriesReadBackWithTheirChecksums() throws {
        let (project, folder) = try Self.demo()
        let package = folder.appendingPathComponent("entries.qdpx")
        try project.exchange.exportRefi(to: package)
        let archive = try Archive(url: package, accessMode: .read)
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            #expect(data.count == Int(entry.uncompressedSize), "\(entry.path)")
        }
        let docx = try #require(archive.first { $0.path.hasSuffix(".docx") })
        let source = try #require(try project.store.sources().first { $0.kind == "docx" })
        #expect(try Self.entry(docx.path, in: package)
                == Data(contentsOf: project.store.folder.appendingPathComponent(source.originalPath)))
        #expect(try Self.entry("project.qde", in: package).starts(with: Data("<?xml".utf8)))
    }

    @Test func importOfAnExportReproducesTheProject() throws {
        let (project, folder) = try Self.demo()
        let package = folder.appendingPathComponent("demo.qdpx")
        try project.exchange.exportRefi(to: package)
        let imported = try WorkbenchProject.importRefi(package, into: folder.appendingPathComponent("back"))
        let back = imported.project
        // Sources: names and texts.
        #expect(try back.store.sources().map { [$0.name, $0.text] } == (try project.store.sources().map { [$0.name, $0.text] }))
        // Codings: offsets, themes, framework versions and coders.
        func codings(_ project: WorkbenchProject) throws -> [String] {
            try project.store.codings().map {
                "\($0.source) \($0.coding.start)-\($0.coding.end) \($0.coding.framework)/\($0.coding.theme) \($0.coding.coder)"
                    + ($0.coding.framework == "draft" ? "" : "@\($0.coding.frameworkVersion)")
            }.sorted()
        }
        #expect(try codings(back) == (try codings(project)))
        #expect(try back.store.codings().count == 66)
        // Themes: the frameworks come back whole (the built-in one is reused, the draft restored).
        #expect(try back.framework("hope-challenge").1 == (try project.framework("hope-challenge").1))
        #expect(try back.draftFramework().1 == (try project.draftFramework().1))
        // Cases with their variables.
        func cases(_ project: WorkbenchProject) throws -> [String] {
            let schools = Dictionary(uniqueKeysWithValues: try project.store.schools().map { ($0.id!, $0.name) })
            return try project.store.participants().map {
                "\($0.pseudonym)|\($0.role ?? "")|\($0.schoolID.flatMap { schools[$0] } ?? "")|"
                    + $0.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            }
        }
        #expect(try cases(back) == (try cases(project)))
        #expect(try back.store.schools().map(\.phase) == (try project.store.schools().map(\.phase)))
        // Memos: where, by whom, what.
        func memos(_ project: WorkbenchProject) throws -> [String] {
            try project.stages.memos().map { "\($0.source ?? "(project)") \($0.start ?? -1)-\($0.end ?? -1) \($0.researcher): \($0.text)" }
                .sorted()
        }
        #expect(try memos(back) == (try memos(project)))
        #expect(imported.sources == 3 && imported.cases == 11 && imported.memos == 4)
        #expect(try back.stages.memos().contains { $0.source == nil })
        // A second export of the imported project describes the same data.
        let again = folder.appendingPathComponent("again.qdpx")
        try back.exchange.exportRefi(to: again)
        // The files keep whole seconds; the draft's version restarts (its history stays behind).
        func comparable(_ project: WorkbenchProject) throws -> RefiProject {
            var refi = try project.exchange.refiProject().project
            func second(_ date: Date?) -> Date? { date.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) } }
            for source in refi.sources.indices {
                for selection in refi.sources[source].selections.indices {
                    refi.sources[source].selections[selection].created = second(refi.sources[source].selections[selection].created)
                    for coding in refi.sources[source].selections[selection].codings.indices {
                        refi.sources[source].selections[selection].codings[coding].created =
                            second(refi.sources[source].selections[selection].codings[coding].created)
                    }
                }
            }
            refi.codes = refi.codes.map { code in
                var code = code
                code.name = code.name.replacing(/draft@[0-9.]+/, with: "draft")
                code.description = code.description?.replacing(/draft@[0-9.]+/, with: "draft")
                return code
            }
            return refi
        }
        let first = try comparable(project), second = try comparable(back)
        #expect(first.sources.map(\.selections) == second.sources.map(\.selections))
        #expect(first.codes == second.codes)
        #expect(first.cases == second.cases && first.variables == second.variables && first.users == second.users)
    }

    @Test func anonymisedExportHasNoRealNameAnywhere() throws {
        let project = try AnalysisStageTests.project()
        _ = try project.coding.autocode(framework: "hope-challenge")
        try project.stages.addMemo(source: "interview.txt", researcher: "R1", text: "Jane is candid", quote: "Jane’s class")
        let folder = try TestSupport.temporaryFolder()
        let package = folder.appendingPathComponent("anonymised.qdpx")
        try project.exchange.exportRefi(to: package, anonymise: true)
        let archive = try Archive(url: package, accessMode: .read)
        var texts: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            texts[entry.path] = String(decoding: data, as: UTF8.self)
            #expect(!texts[entry.path]!.lowercased().contains("jane"), "\(entry.path)")
        }
        #expect(!archive.contains { $0.path.hasSuffix(".docx") })
        // Offsets point into the anonymised text.
        let (refi, _) = try project.exchange.refiProject(anonymise: true)
        let source = try #require(refi.sources.first)
        let memo = try #require(source.selections.first { !$0.noteRefs.isEmpty })
        let scalars = Array(source.text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[memo.start..<memo.end])) == "Teacher A’s class")
    }

    @Test func codebookExportIsValidAndImportsBack() throws {
        let (project, folder) = try Self.demo()
        let file = folder.appendingPathComponent("hope.qdc")
        try project.exchange.codebook("hope-challenge").write(to: file, atomically: true, encoding: .utf8)
        let schema = try XMLSchema(contentsOf: RefiSchemas.codebookURL)
        #expect(schema.validate(fileAt: file).isEmpty)
        let (descriptor, _, warnings) = try project.exchange.importCodebook(file, id: "hope.copy")
        #expect(warnings.isEmpty)
        let original = try project.framework("hope-challenge").1.allThemes
        let copy = try project.framework(descriptor.reference).1.allThemes
        #expect(copy.map(\.theme.name) == original.map(\.theme.name))
        #expect(copy.map(\.path.count) == original.map(\.path.count))
        #expect(copy.allSatisfy { $0.theme.colour != nil })
    }

    /// A code another tool marks `isCodable="false"` arrives as a folder: passages cannot be coded
    /// with it (by hand or from a CSV), and it is written back as a folder.
    @Test func aNonCodableCodeStaysAFolder() throws {
        let (project, folder) = try Self.demo()
        let file = folder.appendingPathComponent("folders.qdc")
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Vendor"><Codes>
          <Code guid="11111111-1111-1111-1111-111111111111" name="Areas" isCodable="false">
            <Code guid="22222222-2222-2222-2222-222222222222" name="Pupils" isCodable="true"/>
            <Code guid="33333333-3333-3333-3333-333333333333" name="Staff" isCodable="true"/>
          </Code>
        </Codes></CodeBook>
        """.write(to: file, atomically: true, encoding: .utf8)
        let (descriptor, _, warnings) = try project.exchange.importCodebook(file, id: "vendor.folders")
        #expect(warnings.isEmpty, "\(warnings)")
        let themes = try project.framework(descriptor.reference).1.allThemes.map(\.theme)
        #expect(themes.map(\.id) == ["areas", "pupils", "staff"])
        #expect(themes.map(\.isCodable) == [false, true, true])

        let source = try #require(try project.store.sources().first)
        let before = try project.store.codings().count
        #expect { try project.coding.addCoding(framework: descriptor.reference, source: source.name, theme: "areas",
                                               coder: "R1", start: 0, end: 5) } throws: { error in
            "\(error)".contains("'Areas' (areas) is a folder") && "\(error)".contains("pupils, staff")
        }
        let csv = folder.appendingPathComponent("codings.csv")
        try "source,start,end,theme,coder\n\(source.name),0,5,pupils,R1\n\(source.name),0,5,areas,R1\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        #expect { try project.coding.importCodings(csv, framework: descriptor.reference) } throws: { error in
            "\(error)".contains(":3:4: 'areas' is a folder, not a theme to code with")
        }
        #expect(try project.store.codings().count == before)
        try project.coding.addCoding(framework: descriptor.reference, source: source.name, theme: "pupils",
                                     coder: "R1", start: 0, end: 5)

        let written = try project.exchange.codebook(descriptor.reference)
        #expect(written.contains("name=\"Areas\" isCodable=\"false\""))
        #expect(written.contains("name=\"Pupils\" isCodable=\"true\""))
    }

    /// A package coding a code it marks not codable keeps the coding: that code becomes a theme, and
    /// the import says so.
    @Test func aCodedNonCodableCodeBecomesATheme() throws {
        let folder = try TestSupport.temporaryFolder()
        let package = folder.appendingPathComponent("vendor.qdpx")
        let qde = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Project xmlns="urn:QDA-XML:project:1.0" name="Vendor" origin="Vendor 1.0">
          <Users><User guid="11111111-1111-1111-1111-111111111111" name="Ann"/></Users>
          <CodeBook><Codes>
            <Code guid="44444444-4444-4444-4444-444444444444" name="Areas" isCodable="false">
              <Code guid="55555555-5555-5555-5555-555555555555" name="Pupils" isCodable="true"/>
            </Code>
          </Codes></CodeBook>
          <Sources>
            <TextSource guid="33333333-3333-3333-3333-333333333333" name="interview" plainTextPath="internal://interview.txt">
              <PlainTextSelection guid="66666666-6666-6666-6666-666666666666" startPosition="0" endPosition="5" creatingUser="11111111-1111-1111-1111-111111111111">
                <Coding guid="77777777-7777-7777-7777-777777777777" creatingUser="11111111-1111-1111-1111-111111111111"><CodeRef targetGUID="44444444-4444-4444-4444-444444444444"/></Coding>
              </PlainTextSelection>
              <PlainTextSelection guid="66666666-6666-6666-6666-666666666667" startPosition="6" endPosition="11" creatingUser="11111111-1111-1111-1111-111111111111">
                <Coding guid="77777777-7777-7777-7777-777777777778" creatingUser="11111111-1111-1111-1111-111111111111"><CodeRef targetGUID="55555555-5555-5555-5555-555555555555"/></Coding>
              </PlainTextSelection>
            </TextSource>
          </Sources>
        </Project>
        """
        try Self.package(package, [("project.qde", qde), ("sources/interview.txt", "A: hello there\n")])
        let imported = try WorkbenchProject.importRefi(package, into: folder.appendingPathComponent("p"))
        #expect(imported.codings == 2)
        #expect(imported.warnings.contains { $0.contains("1 code(s) marked not codable have codings and were imported as themes: 'Areas'") },
                "\(imported.warnings)")
        let reference = try #require(try imported.project.store.codings().first?.coding.framework)
        #expect(try imported.project.framework(reference).1.allThemes.map(\.theme.isCodable) == [true, true])
    }

    /// An annotation arrives on its passage, whether the note holds its own selection (as QualCoder
    /// writes it) or a `Link` joins a selection to the note (as NVivo writes it); a user who did
    /// nothing is kept.
    @Test func annotationNotesLandOnTheirPassages() throws {
        let folder = try TestSupport.temporaryFolder()
        let package = folder.appendingPathComponent("annotated.qdpx")
        let user = "11111111-1111-1111-1111-111111111111"
        let qde = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Project xmlns="urn:QDA-XML:project:1.0" name="Annotated" origin="Vendor 1.0">
          <Users><User guid="\(user)" name="Ann"/><User guid="11111111-1111-1111-1111-111111111112" name="Bea"/></Users>
          <Sources>
            <TextSource guid="33333333-3333-3333-3333-333333333333" name="interview" plainTextPath="internal://interview.txt">
              <PlainTextSelection guid="66666666-6666-6666-6666-666666666666" startPosition="16" endPosition="21" creatingUser="\(user)"/>
              <NoteRef targetGUID="99999999-9999-9999-9999-999999999991"/>
            </TextSource>
          </Sources>
          <Notes>
            <Note guid="99999999-9999-9999-9999-999999999991" creatingUser="\(user)" creationDateTime="2026-01-15T10:00:00Z">
              <PlainTextContent>Greets warmly</PlainTextContent>
              <PlainTextSelection guid="66666666-6666-6666-6666-666666666667" startPosition="3" endPosition="8"/>
            </Note>
            <Note guid="99999999-9999-9999-9999-999999999992" name="Link memo" creatingUser="\(user)" plainTextPath="internal://memo.txt"/>
          </Notes>
          <Links>
            <Link guid="12121212-1212-1212-1212-121212121212" originGUID="66666666-6666-6666-6666-666666666666" targetGUID="99999999-9999-9999-9999-999999999992"/>
          </Links>
        </Project>
        """
        try Self.package(package, [("project.qde", qde), ("sources/interview.txt", "A: hello there, world\n"),
                                   ("sources/memo.txt", "Says 'world' of the school")])
        let imported = try WorkbenchProject.importRefi(package, into: folder.appendingPathComponent("p"))
        let memos = try imported.project.stages.memos()
        #expect(memos.map(\.text).sorted() == ["Greets warmly", "Says 'world' of the school"])
        #expect(memos.first { $0.text == "Greets warmly" }?.passage == "hello")
        #expect(memos.first { $0.text.hasPrefix("Says") }?.passage == "world")
        #expect(memos.allSatisfy { $0.researcher == "Ann" })
        // Bea coded nothing and wrote nothing, yet stays on the team and goes out again.
        #expect(try imported.project.store.researchers() == ["Ann", "Bea"])
        #expect(try imported.project.exchange.refiProject(anonymise: false).0.users.map(\.name) == ["Ann", "Bea"])
        #expect(!imported.warnings.contains { $0.contains("not imported") || $0.contains("attached to nothing") },
                "\(imported.warnings)")
    }

    /// What a package holds arrives: a note's text kept in a file, a project description, a source
    /// named only by its file; sources whose files are missing are not called duplicates.
    @Test func importKeepsNoteFilesDescriptionsAndFileNames() throws {
        let folder = try TestSupport.temporaryFolder()
        let package = folder.appendingPathComponent("vendor.qdpx")
        let qde = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Project xmlns="urn:QDA-XML:project:1.0" name="Vendor" origin="Vendor 1.0">
          <Users><User guid="11111111-1111-1111-1111-111111111111" name="Ann"/></Users>
          <Sources>
            <TextSource guid="33333333-3333-3333-3333-333333333333" plainTextPath="internal://interview-3.txt"/>
            <TextSource guid="88888888-8888-8888-8888-888888888881" name="lost one" plainTextPath="internal://gone-1.txt"/>
            <TextSource guid="88888888-8888-8888-8888-888888888882" name="lost two" plainTextPath="internal://gone-2.txt"/>
          </Sources>
          <Notes><Note guid="99999999-9999-9999-9999-999999999999" name="Reflexive memo" creatingUser="11111111-1111-1111-1111-111111111111" plainTextPath="internal://memo-1.txt"/></Notes>
          <Description>Pilot of the mentoring study, spring term.</Description>
          <NoteRef targetGUID="99999999-9999-9999-9999-999999999999"/>
        </Project>
        """
        try Self.package(package, [("project.qde", qde), ("sources/interview-3.txt", "A: hello\n"),
                             ("sources/memo-1.txt", "I came to the interviews as a former mentor.\r\n")])
        let imported = try WorkbenchProject.importRefi(package, into: folder.appendingPathComponent("p"))
        #expect(try imported.project.store.sources().map(\.name).sorted() == ["interview-3.txt", "lost one", "lost two"])
        #expect(!imported.warnings.contains { $0.contains("same content") }, "\(imported.warnings)")
        #expect(imported.warnings.filter { $0.contains("is not in the package") }.count == 2)
        let memos = try imported.project.store.memos().map { "\($0.memo.researcher): \($0.memo.text)" }.sorted()
        #expect(memos == ["Ann: I came to the interviews as a former mentor.",
                          "project description: Pilot of the mentoring study, spring term."])
    }

    /// An export says what REFI-QDA cannot carry, with counts; a framework also goes out as the CSV
    /// codebook Taguette imports.
    @Test func exportNamesWhatTheFormatLeavesOutAndWritesATaguetteCodebook() throws {
        let (project, folder) = try Self.demo()
        let summary = try project.exchange.exportRefi(to: folder.appendingPathComponent("demo.qdpx"))
        let automatic = try project.store.codings().filter(\.coding.automatic).count
        #expect(summary.leftOut.contains("\(automatic) automatic flags on codings (the codings go, as their coder's)"))
        #expect(summary.leftOut.contains { $0.hasSuffix(" questionnaire answers") })
        #expect(summary.leftOut.contains { $0.hasSuffix(" chart summaries (framework matrix cells)") })
        let run = try TestSupport.workbench(["refi", "export", "--out", folder.appendingPathComponent("cli.qdpx").path,
                                             "--project", folder.appendingPathComponent("demo").path])
        #expect(run.status == 0 && run.stderr.contains("warning: not in the package (REFI-QDA cannot carry them): "))

        let csv = try project.exchange.codebookCSV("hope-challenge")
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "tag,description")
        let names = try project.framework("hope-challenge").1.allThemes.map(\.theme.name)
        #expect(lines.count == names.count + 1)
        #expect(lines.dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" }
                .allSatisfy { tag in names.contains { tag.hasPrefix($0) || tag.hasPrefix("\"" + $0) || tag.contains(" / ") } })
        #expect(lines.contains { $0.hasPrefix("Impact on trainees,") })
    }

    /// The package as QualCoder needs it: one selection per coder made by that coder, code names
    /// unique across the codebook, passage memos also as the selection's description and project
    /// memos as the project's; and it still reads back into the same project.
    @Test func exportSuitsToolsThatReadCodersFromSelectionsAndCodesByName() throws {
        let (project, folder) = try Self.demo()
        // The demo's draft has a theme named like a hope-challenge theme, "Modelling": QualCoder would merge them.
        try project.stages.addMemo(source: nil, researcher: "Researcher 1", text: "The alliance's first enquiry.")
        let (refi, _) = try project.exchange.refiProject()
        let selections = refi.sources.flatMap(\.selections)
        let coded = selections.filter { !$0.codings.isEmpty }
        #expect(!coded.isEmpty && coded.allSatisfy { selection in
            selection.creatingUser != nil && selection.codings.allSatisfy { $0.creatingUser == selection.creatingUser }
        })
        #expect(coded.count == Set(coded.map { "\($0.start):\($0.end):\($0.creatingUser!)" }).count)
        #expect(coded.reduce(0) { $0 + $1.codings.count } == (try project.store.codings().count))
        let names = refi.allCodes.map(\.code.name)
        #expect(Set(names).count == names.count, "code names are unique")
        #expect(names.contains("Modelling (Change mechanisms)")
                && names.contains("Modelling (Draft framework of Demo alliance enquiry)"))
        let notes = Dictionary(uniqueKeysWithValues: refi.notes.map { ($0.guid, $0.text) })
        let memoSelections = selections.filter { $0.codings.isEmpty && !$0.noteRefs.isEmpty }
        #expect(!memoSelections.isEmpty && memoSelections.allSatisfy { $0.description == notes[$0.noteRefs[0]] })
        #expect(refi.description?.contains("The alliance's first enquiry.") == true)

        // Valid against the schema (Description before NoteRef), and back without a memo twice.
        let file = folder.appendingPathComponent("demo.qdpx")
        try project.exchange.exportRefi(to: file)
        let qde = folder.appendingPathComponent("project.qde")
        try Self.entry("project.qde", in: file).write(to: qde)
        #expect(try XMLSchema(contentsOf: RefiSchemas.projectURL).validate(fileAt: qde).isEmpty)
        let back = try WorkbenchProject.importRefi(file, into: folder.appendingPathComponent("back"))
        #expect(try back.project.store.memos().count == (try project.store.memos().count))
        #expect(try back.project.store.codings().count == (try project.store.codings().count))
    }

    /// QualCoder's own export: text files begin with a byte-order mark its positions do not count;
    /// each selection's name holds the text it selects, which shows how to read them.
    @Test func aQualCoderPackageWithABOMImportsWithExactOffsets() throws {
        let raw = "\u{FEFF}Teacher A: the pupils enjoyed the shadow puppets\nInterviewer: why?\n"
        let folder = try TestSupport.temporaryFolder()
        let package = folder.appendingPathComponent("qualcoder.qdpx")
        // Positions counted without the BOM: "pupils" 15..<21, "shadow puppets" 34..<48, "why?" 62..<66.
        func selection(_ guid: Int, _ start: Int, _ end: Int, _ name: String) -> String {
            """
            <PlainTextSelection guid="44444444-4444-4444-4444-44444444444\(guid)" name="\(name)" startPosition="\(start)" \
            endPosition="\(end)" creatingUser="11111111-1111-1111-1111-111111111111"><Coding guid="55555555-5555-5555-5555-55555555555\(guid)" \
            creatingUser="11111111-1111-1111-1111-111111111111"><CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding>\
            </PlainTextSelection>
            """
        }
        let qde = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Project xmlns="urn:QDA-XML:project:1.0" name="qc" origin="QualCoder 3.6">
          <Users><User guid="11111111-1111-1111-1111-111111111111" name="default"/></Users>
          <CodeBook><Codes><Code guid="22222222-2222-2222-2222-222222222222" name="Pupils" isCodable="true"/></Codes></CodeBook>
          <Sources><TextSource guid="33333333-3333-3333-3333-333333333333" name="interview.txt" plainTextPath="internal://33333333-3333-3333-3333-333333333333.txt">
          \(selection(1, 15, 21, "pupils"))\(selection(2, 34, 48, "shadow puppets"))\(selection(3, 62, 66, "why?"))
          </TextSource></Sources>
        </Project>
        """
        try Self.package(package, [("project.qde", qde), ("sources/33333333-3333-3333-3333-333333333333.txt", raw)])
        let imported = try WorkbenchProject.importRefi(package, into: folder.appendingPathComponent("p"))
        #expect(imported.warnings.contains { $0.contains("QualCoder positions do not count the text file's byte-order mark") })
        let source = try #require(try imported.project.store.sources().first)
        let scalars = Array(source.text.unicodeScalars)
        let quotes = try imported.project.store.codings().map {
            String(String.UnicodeScalarView(scalars[$0.coding.start..<$0.coding.end]))
        }
        #expect(quotes == ["pupils", "shadow puppets", "why?"])
    }

    @Test func offsetsAreRemappedAcrossBOMCRLFAndDecomposedText() throws {
        // The source as a vendor might store it: BOM, CRLF, "é" decomposed (e + U+0301), an emoji.
        let raw = "\u{FEFF}A: Cafe\u{301} 😊 time\r\nB: more\r\n"
        let folder = try TestSupport.temporaryFolder()
        let package = folder.appendingPathComponent("vendor.qdpx")
        // Offsets in the raw text: "Café" at 4..<9 (5 code points with the BOM at 0), "more" at 21..<25.
        let qde = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Project xmlns="urn:QDA-XML:project:1.0" name="Vendor" origin="QualCoder 3.6">
          <Users><User guid="11111111-1111-1111-1111-111111111111" name="Ann"/></Users>
          <CodeBook><Codes><Code guid="22222222-2222-2222-2222-222222222222" name="Food" isCodable="true"/></Codes></CodeBook>
          <Sources><TextSource guid="33333333-3333-3333-3333-333333333333" name="talk" plainTextPath="internal://33333333-3333-3333-3333-333333333333.txt">
            <PlainTextSelection guid="44444444-4444-4444-4444-444444444444" startPosition="4" endPosition="9">
              <Coding guid="55555555-5555-5555-5555-555555555555" creatingUser="11111111-1111-1111-1111-111111111111"><CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding>
            </PlainTextSelection>
            <PlainTextSelection guid="66666666-6666-6666-6666-666666666666" startPosition="21" endPosition="25">
              <Coding guid="77777777-7777-7777-7777-777777777777" creatingUser="11111111-1111-1111-1111-111111111111"><CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding>
            </PlainTextSelection>
          </TextSource></Sources>
        </Project>
        """
        try Self.package(package, [("project.qde", qde), ("sources/33333333-3333-3333-3333-333333333333.txt", raw)])
        let imported = try WorkbenchProject.importRefi(package, into: folder.appendingPathComponent("p"))
        #expect(imported.warnings.contains { $0.contains("byte-order mark, CR or CRLF line endings, text not in Unicode NFC") })
        let source = try #require(try imported.project.store.sources().first)
        #expect(source.text == "A: Café 😊 time\nB: more\n")
        let quotes = try imported.project.store.codings().map { coding in
            String(String.UnicodeScalarView(Array(source.text.unicodeScalars)[coding.coding.start..<coding.coding.end]))
        }
        #expect(quotes == ["Café", "more"])
        #expect(try imported.project.store.codings().map(\.coding.coder) == ["Ann", "Ann"])
    }

    /// Texts are read on every core: the warnings still come in the sources' order, and a text that
    /// expands like a zip bomb refuses the import wherever it lies in the package.
    @Test func textsReadOnEveryCoreKeepTheSourcesOrder() throws {
        let folder = try TestSupport.temporaryFolder()
        let count = 12
        func guid(_ prefix: String, _ index: Int) -> String { prefix + String(format: "-0000-0000-0000-%012d", index) }
        func package(_ name: String, bombAt bomb: Int?) throws -> URL {
            var sources = ""
            for index in 0..<count {
                sources += """
                <TextSource guid="\(guid("33333333", index))" name="talk \(index)" plainTextPath="internal://\(guid("33333333", index)).txt">
                  <PlainTextSelection guid="\(guid("44444444", index))" startPosition="0" endPosition="\(1000 + index)">
                    <Coding guid="\(guid("55555555", index))"><CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding>
                  </PlainTextSelection>
                </TextSource>
                """
            }
            let qde = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Project xmlns="urn:QDA-XML:project:1.0" name="Many">
              <CodeBook><Codes><Code guid="22222222-2222-2222-2222-222222222222" name="Food" isCodable="true"/></Codes></CodeBook>
              <Sources>\(sources)</Sources>
            </Project>
            """
            let url = folder.appendingPathComponent(name)
            let archive = try Archive(url: url, accessMode: .create)
            var entries = [("project.qde", Data(qde.utf8))]
            for index in 0..<count {
                entries.append(("sources/\(guid("33333333", index)).txt",
                                index == bomb ? Data(count: 8 << 20) : Data("A: line \(index)\r\n".utf8)))
            }
            for (path, data) in entries {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            return url
        }
        let imported = try WorkbenchProject.importRefi(try package("many.qdpx", bombAt: nil),
                                                        into: folder.appendingPathComponent("p"))
        let expected = (0..<count).flatMap { index in
            ["source 'talk \(index)': normalised CR or CRLF line endings; selection offsets re-mapped to match",
             "source 'talk \(index)': selection \(guid("44444444", index)) [0, \(1000 + index)) lies outside the text; dropped"]
        }
        #expect(imported.warnings.filter { $0.hasPrefix("source 'talk ") } == expected)
        let texts = try imported.project.store.sources().map { "\($0.name)=\($0.text)" }.sorted()
        #expect(texts == (0..<count).map { "talk \($0)=A: line \($0)\n" }.sorted())

        let target = folder.appendingPathComponent("q")
        #expect {
            try WorkbenchProject.importRefi(try package("bomb.qdpx", bombAt: 9), into: target)
        } throws: { error in
            "\(error)".contains("sources/\(guid("33333333", 9)).txt' expands") && "\(error)".contains("zip bomb")
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    /// Per sample: text sources, codes, codings and cases, counted in each file with Python's
    /// ElementTree (TextSource elements under Sources, Code elements, Coding elements inside text
    /// sources, Case elements).
    @Test(.enabled(if: TestSupport.hasSharedSamples, "needs ../shared/refi-qda (beside the checkout, as in CI)"),
          arguments: [
            ("derived-minimal-text-qdpx/sample-study-text-only.qdpx", 1, 4, 2, 1, "set(s) not imported"),
            ("vendor-exports/nvivo-mac-15.0.0_via-qc.qdpx", 2, 262, 0, 0, "ignored the empty file 'sources/.root'"),
            ("vendor-exports/qc-1.3.2-demo.qdpx", 2, 262, 205, 0, "has no internal:// scheme"),
            ("qdpx-toolkit-hand-authored/project.qde", 1, 4, 2, 1, "4 non-text source(s) kept as files"),
            ("f4-2025-export.project.qde", 4, 1, 2, 0, "is not in the package; imported without text"),
          ])
    func everySampleImports(sample: String, sources: Int, codes: Int, codings: Int, cases: Int, warning: String) throws {
        let url = TestSupport.sharedFolder.appendingPathComponent("refi-qda/samples/\(sample)")
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("p")
        let imported = try WorkbenchProject.importRefi(url, into: folder)
        #expect((imported.sources, imported.codes, imported.codings, imported.cases) == (sources, codes, codings, cases))
        #expect(try imported.project.store.sources().count == sources)
        #expect(try imported.project.store.codings().count == codings)
        #expect(imported.warnings.contains { $0.contains(warning) }, "\(imported.warnings)")
    }

    @Test(.enabled(if: TestSupport.hasSharedSamples, "needs ../shared/refi-qda (beside the checkout, as in CI)"))
    func aNoteLinkedToASelectionBecomesAMemoOnItsPassage() throws {
        let url = TestSupport.sharedFolder.appendingPathComponent(
            "refi-qda/samples/derived-minimal-text-qdpx/sample-study-text-only.qdpx")
        let imported = try WorkbenchProject.importRefi(url, into: TestSupport.temporaryFolder().appendingPathComponent("p"))
        let memos = try imported.project.stages.memos()
        // The note's Link joins it to the selection 0–15 ("Diet and health" in the sample's own name).
        #expect(memos.map { [$0.source, $0.start.map(String.init), $0.end.map(String.init)] }
                == [["Interview 1.txt", "0", "15"]])
        #expect(memos.first?.text == "Remember to follow up on diet-related comments.")
        #expect(!imported.warnings.contains { $0.contains("note reference") || $0.contains("Link") })
    }

    @Test(.enabled(if: TestSupport.hasSharedSamples, "needs ../shared/refi-qda (beside the checkout, as in CI)"),
          arguments: [
            ("taguette-1.5-codebook.qdc", 3, "does not validate against Codebook.xsd"),
            ("atlasti-23.4-codebook.qdc", 1, "names 'urn:QDA-XML:codebook:0:4', an older version"),
            ("refi-spec-annexA1-codebook.qdc", 6, ""),
          ])
    func everySampleCodebookImports(sample: String, codes: Int, warning: String) throws {
        let folder = try TestSupport.temporaryFolder()
        let project = try WorkbenchProject.create(at: folder.appendingPathComponent("p"))
        let url = TestSupport.sharedFolder.appendingPathComponent("refi-qda/samples/\(sample)")
        let (descriptor, _, warnings) = try project.exchange.importCodebook(url)
        #expect(try project.framework(descriptor.reference).1.allThemes.count == codes)
        #expect(warning.isEmpty ? warnings.isEmpty : warnings.contains { $0.contains(warning) }, "\(warnings)")
    }

    @Test func badPackagesAreRefusedAndLeaveNothing() throws {
        let (project, folder) = try Self.demo()
        let good = folder.appendingPathComponent("good.qdpx")
        try project.exchange.exportRefi(to: good)
        let bytes = try Data(contentsOf: good)

        let truncated = folder.appendingPathComponent("truncated.qdpx")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let corrupt = folder.appendingPathComponent("corrupt.qdpx")
        try Data("this is not a zip file".utf8).write(to: corrupt)

        let bomb = folder.appendingPathComponent("bomb.qdpx")
        let archive = try Archive(url: bomb, accessMode: .create)
        let size = 64 << 20
        try archive.addEntry(with: "project.qde", type: .file, uncompressedSize: Int64(size),
                             compressionMethod: .deflate) { _, chunk in Data(count: chunk) }

        let xxe = folder.appendingPathComponent("xxe.qdpx")
        let payload = Data("""
        <?xml version="1.0"?>
        <!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>
        """.utf8)
        let xxeArchive = try Archive(url: xxe, accessMode: .create)
        try xxeArchive.addEntry(with: "project.qde", type: .file, uncompressedSize: Int64(payload.count)) { position, size in
            payload.subdata(in: Int(position)..<Int(position) + size)
        }

        for (file, message) in [(truncated, "not a .qdpx package"), (corrupt, "not a .qdpx package"),
                                (bomb, "refused as a possible zip bomb"), (xxe, "external entity")] {
            let target = folder.appendingPathComponent("into-\(file.lastPathComponent)")
            let run = try TestSupport.workbench(["refi", "import", file.path, "--into", target.path])
            #expect(run.status != 0)
            #expect(run.stderr.contains(message), "\(file.lastPathComponent): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: target.path))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".partial") }
            #expect(leftovers.isEmpty)
        }
        // The exported project itself is untouched by any of this.
        #expect(try project.store.codings().count == 66)
    }
}

@Suite("Source text representation")
struct TextRepresentationTests {
    /// The byte-level shortcut (every code point below U+0300) must agree with the code-point
    /// rule, at the boundary and across one- to four-byte characters.
    @Test(arguments: ["", "plain", "Café ǅ ʿ˿", "e\u{301}", "a\u{300}b", "é😊 x", "\u{2FF}", "\u{300}", "日本"])
    func lengthAndNormalFormMatchTheCodePointRule(_ raw: String) {
        let representation = TextRepresentation(raw)
        // Compared code point by code point: String's == holds for canonically equivalent texts.
        let nfc = Array(raw.precomposedStringWithCanonicalMapping.unicodeScalars)
        #expect(Array(representation.text.unicodeScalars) == nfc)
        let whole = representation.move(start: 0, end: raw.unicodeScalars.count)
        #expect(whole?.end == representation.text.unicodeScalars.count)
        #expect(representation.move(start: 0, end: raw.unicodeScalars.count + 1) == nil)
        #expect(representation.changes.isEmpty == (Array(raw.unicodeScalars) == nfc))
    }
}
