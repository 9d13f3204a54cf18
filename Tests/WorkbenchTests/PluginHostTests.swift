import Foundation
import PluginHost
import Testing
import WorkbenchKit
import XMLKit

@Suite("Declarative plugins and the registry")
struct DeclarativePluginTests {
    @Test func builtInMaturityMatrixHasTheStructureOfTheSourceReports() throws {
        let registry = try PluginRegistry.load(PluginSources())
        let entry = try registry.entry("tsa-maturity-matrix")
        #expect(entry.origin == .builtin)
        let matrix = try #require((entry.plugin as? any MaturityMatrixPlugin)?.matrix)
        // DOMAIN.md §3.2: three dimensions of four strands.
        #expect(matrix.dimensions.map(\.name) == ["Joint practice development", "Partnership", "Collaborative capital"])
        #expect(matrix.dimensions.map(\.strands.count) == [4, 4, 4])
        #expect(matrix.strands.map(\.id).contains("partnership.fit_governance"))
        #expect(matrix.levels.map(\.label) == ["Beginning", "Developing", "Embedding", "Leading"])
        #expect(entry.descriptor.provenance.citation?.contains("Hargreaves") == true)
    }

    @Test func everyFileInInstrumentsValidates() {
        let files = PluginRegistry.xmlFiles(in: [TestSupport.repositoryRoot.appendingPathComponent("Instruments")])
        #expect(!files.isEmpty)
        for file in files {
            #expect(DeclarativePlugins.validate(fileAt: file).isEmpty, "\(file.path)")
        }
    }

    @Test func aFileWithThreeMistakesReportsAllThreeWithTheirLines() {
        let issues = DeclarativePlugins.validate(fileAt: TestSupport.fixture("three-mistakes.xml"))
        #expect(issues.map(\.line) == [4, 13, 15])
        #expect(issues.map(\.column) == [1, 5, 7])
        #expect(issues[0].message == "'1.0' is not a version like 1.0.0 (three whole numbers, the 'version' attribute of <maturityMatrix>)")
        #expect(issues[1].message == "<strand> needs the attribute 'name' ('name' is required)")
        #expect(issues[2].message == "level 'middle' is used in strand 's2' but no level has that id")
    }

    /// A questionnaire with one mistake, the line it is on and a phrase of the message.
    static let brokenQuestionnaires: [(mistake: String, line: Int, message: String)] = [
        ("<itemRef ref=\"q9\"/>", 9, "item 'q9' is used in subscale 'a' but no item has that id"),
        ("<itemRef ref=\"q1\"/>", 9, "two entries of this score have the item 'q1'; each needs its own"),
        ("<itemRef ref=\"q2\" reverse=\"true\"/>", 9, "its scale 'kind' is nominal"),
        ("</subscale><subscale id=\"b\" label=\"B\" minAnswered=\"3\"><itemRef ref=\"q1\"/>",
         9, "minAnswered is 3 but it has only 1 entry"),
    ]

    @Test(arguments: [
        ("id=\"alliance.broken\"", "id=\"Alliance Survey\"",
         "'Alliance Survey' is not a plugin id: use lower-case letters, digits, dots and hyphens, starting with a letter"),
        ("<item id=\"q2\" scale=\"kind\"/>", "<item id=\"q1\" scale=\"kind\"/>", "two items have the id 'q1'; each needs its own"),
        ("<item id=\"q2\" scale=\"kind\"/>", "<item id=\"q2\" scale=\"kinds\"/>",
         "scale 'kinds' is used in item 'q2' but no scale has that id"),
    ])
    func schemaMessagesAreInAPluginAuthorsWords(original: String, mistake: String, message: String) throws {
        let text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <questionnaire xmlns="urn:workbench:questionnaire:1" id="alliance.broken" version="1.0.0">
          <name>Broken</name><licence>CC-BY-4.0</licence>
          <scale id="agree" min="1" max="4"><option code="1" label="No" score="1"/><option code="4" label="Yes" score="4"/></scale>
          <scale id="kind" kind="nominal"><option code="a" label="Primary"/><option code="b" label="Secondary"/></scale>
          <item id="q1" scale="agree"/>
          <item id="q2" scale="kind"/>
          <scoring><subscale id="a" label="A" minAnswered="1"><itemRef ref="q1"/></subscale></scoring>
        </questionnaire>
        """.replacingOccurrences(of: original, with: mistake)
        let file = try TestSupport.temporaryFolder().appendingPathComponent("broken.xml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let issues = DeclarativePlugins.validate(fileAt: file)
        #expect(issues.map(\.message) == [message])
        #expect(!issues[0].description.contains(":0"))
    }

    @Test(arguments: brokenQuestionnaires)
    func aBrokenInstrumentIsRefusedWithItsLine(mistake: String, line: Int, message: String) throws {
        let text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <questionnaire xmlns="urn:workbench:questionnaire:1" id="alliance.broken" version="1.0.0">
          <name>Broken</name><licence>CC-BY-4.0</licence>
          <scale id="agree" min="1" max="4"><option code="1" label="No" score="1"/><option code="4" label="Yes" score="4"/></scale>
          <scale id="kind" kind="nominal"><option code="a" label="Primary"/><option code="b" label="Secondary"/></scale>
          <item id="q1" scale="agree"/>
          <item id="q2" scale="kind"/>
          <scoring><subscale id="a" label="A" minAnswered="1">
            <itemRef ref="q1"/>\(mistake)
          </subscale></scoring>
        </questionnaire>
        """
        let file = try TestSupport.temporaryFolder().appendingPathComponent("broken.xml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let issues = DeclarativePlugins.validate(fileAt: file)
        #expect(issues.count == 1)
        #expect(issues.first?.line == line)
        #expect(issues.first?.message.contains(message) == true, "\(issues)")
        #expect(issues.first?.description.hasPrefix("\(file.path):\(line):") == true)
    }

    @Test(arguments: [
        ("<related ref=\"nowhere\"/>", 6, "theme 'nowhere' is used in theme"),
        ("<pattern>(unclosed</pattern>", 6, "pattern '(unclosed' is not a valid regular expression"),
    ])
    func aBrokenFrameworkIsRefusedWithItsLine(mistake: String, line: Int, message: String) throws {
        let text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <codingFramework xmlns="urn:workbench:coding-framework:1" id="alliance.frame" version="1.0.0">
          <name>Frame</name><licence>CC-BY-4.0</licence>
          <theme id="a" name="A">
            <keyword>trust</keyword>
            \(mistake)
          </theme>
        </codingFramework>
        """
        let file = try TestSupport.temporaryFolder().appendingPathComponent("frame.xml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let issues = DeclarativePlugins.validate(fileAt: file)
        #expect(issues.count == 1)
        #expect(issues.first?.line == line)
        #expect(issues.first?.message.contains(message) == true, "\(issues)")
    }

    /// A theme marked `codable="false"` is a folder: it loads as one, is written back as one, and
    /// may not carry auto-coding indicators.
    @Test func aFolderThemeLoadsAndIsWrittenBack() throws {
        func file(_ inner: String) throws -> URL {
            let file = try TestSupport.temporaryFolder().appendingPathComponent("frame.xml")
            try """
            <?xml version="1.0" encoding="UTF-8"?>
            <codingFramework xmlns="urn:workbench:coding-framework:1" id="alliance.frame" version="1.0.0">
              <name>Frame</name><licence>CC-BY-4.0</licence>
              <theme id="areas" name="Areas" codable="false">
                \(inner)
                <theme id="pupils" name="Pupils"><keyword>pupil</keyword></theme>
              </theme>
            </codingFramework>
            """.write(to: file, atomically: true, encoding: .utf8)
            return file
        }
        let good = try file("<definition>Where change was seen.</definition>")
        #expect(DeclarativePlugins.validate(fileAt: good).isEmpty)
        let plugin = try #require(try DeclarativePlugins.load(fileAt: good) as? any CodingFrameworkPlugin)
        #expect(plugin.framework.allThemes.map(\.theme.isCodable) == [false, true])
        let again = good.deletingLastPathComponent().appendingPathComponent("again.xml")
        try PluginWriter.codingFramework(plugin.descriptor, plugin.framework).write(to: again, atomically: true, encoding: .utf8)
        let loaded = try #require(try DeclarativePlugins.load(fileAt: again) as? any CodingFrameworkPlugin)
        #expect(loaded.framework == plugin.framework)

        let issues = DeclarativePlugins.validate(fileAt: try file("<keyword>change</keyword>"))
        #expect(issues.count == 1)
        #expect(issues.first?.line == 5)
        #expect(issues.first?.message.contains("theme 'areas' is a folder (codable=\"false\")") == true, "\(issues)")
    }

    @Test func builtInFrameworksHaveTheSourceReportsThemes() throws {
        let registry = try PluginRegistry.load(PluginSources())
        func themes(_ id: String) throws -> CodingFramework {
            try #require((try registry.entry(id).plugin as? any CodingFrameworkPlugin)?.framework)
        }
        // DOMAIN.md §2.17 and §4.1.
        #expect(try themes("modest-claims").themes.count == 8)
        let messages = try themes("key-messages")
        #expect(messages.themes.map(\.children.count) == [5, 3, 5])
        #expect(try themes("big-six").themes.count == 6)
        let hope = try themes("hope-challenge")
        #expect(hope.themes.map(\.name) == ["Areas of change", "Change mechanisms", "Outside the framework"])
        #expect(hope.themes[0].children.map(\.name) == ["Impact on trainees", "School-based staff", "Pupils",
                                                         "Broader impact"])
        #expect(hope.themes[1].children.map(\.name) == ["Mutually respectful partnerships", "Modelling",
                                                         "Discursive reflection"])
        #expect(hope.allThemes.contains { !$0.theme.indicators.isEmpty })
    }

    @Test func tsesKeysMatchThePublishedScoringDirections() throws {
        let registry = try PluginRegistry.load(PluginSources())
        func keys(_ id: String) throws -> [String: [String]] {
            let questionnaire = try #require((try registry.entry(id).plugin as? any QuestionnairePlugin)?.questionnaire)
            return Dictionary(uniqueKeysWithValues: questionnaire.subscales.map { ($0.id, $0.items.map(\.item)) })
        }
        // INSTRUMENTS.md §6.3.
        let long = try keys("tses-long")
        #expect(long["SE"] == [1, 2, 4, 6, 9, 12, 14, 22].map { "q\($0)" })
        #expect(long["IS"] == [7, 10, 11, 17, 18, 20, 23, 24].map { "q\($0)" })
        #expect(long["CM"] == [3, 5, 8, 13, 15, 16, 19, 21].map { "q\($0)" })
        #expect(try keys("tses-short")["SE"] == ["q2", "q3", "q4", "q11"])
        #expect(try keys("tses-short.key-b")["CM"] == ["q1", "q3", "q6", "q8"])
        let plugin = try registry.entry("tses-long")
        #expect(plugin.descriptor.provenance.textIncluded == false)
        let questionnaire = try #require((plugin.plugin as? any QuestionnairePlugin)?.questionnaire)
        #expect(questionnaire.items.allSatisfy { $0.text.isEmpty })
        #expect(questionnaire.norms.first { $0.score == "TSES" } == Questionnaire.Norm(
            score: "TSES", mean: 7.1, sd: 0.94, alpha: 0.94, source: questionnaire.norms.first?.source))
    }

    @Test func aTextPackSuppliesWordingTheInstrumentLeavesOut() throws {
        let folder = try TestSupport.temporaryFolder()
        let pack = folder.appendingPathComponent("tses-short-text.xml")
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <textPack xmlns="urn:workbench:text-pack:1" instrument="tses-short" permission="Licensed to our alliance">
          <text item="q1">Wording supplied by a licensed user for item 1.</text>
        </textPack>
        """.write(to: pack, atomically: true, encoding: .utf8)
        #expect(DeclarativePlugins.validate(fileAt: pack).isEmpty)
        let registry = try PluginRegistry.load(PluginSources(folders: [folder]))
        let questionnaire = try #require((try registry.entry("tses-short").plugin as? any QuestionnairePlugin)?.questionnaire)
        #expect(registry.wording(of: questionnaire.items[0], in: "tses-short") == "Wording supplied by a licensed user for item 1.")
        #expect(registry.wording(of: questionnaire.items[1], in: "tses-short") == nil)

        try String(contentsOf: pack, encoding: .utf8).replacingOccurrences(of: "item=\"q1\"", with: "item=\"q99\"")
            .write(to: pack, atomically: true, encoding: .utf8)
        let unmatched = try PluginRegistry.load(PluginSources(folders: [folder]))
        #expect(unmatched.problems.map(\.description).contains { $0.contains("names item 'q99'") })
        #expect(unmatched.textPacks["tses-short"] == nil)
    }

    @Test(arguments: PluginKind.allCases)
    func starterFilesValidateUnchanged(kind: PluginKind) throws {
        let folder = try TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("starter.xml")
        try PluginStarter.file(kind: kind, id: "alliance.starter").write(to: file, atomically: true, encoding: .utf8)
        #expect(DeclarativePlugins.validate(fileAt: file) == [])
        let plugin = try DeclarativePlugins.load(fileAt: file)
        #expect(plugin.descriptor.kind == kind)
        #expect(plugin.descriptor.reference == "alliance.starter@0.1.0")
        if case .unavailable = PluginDefinition(plugin) { Issue.record("no definition for \(kind)") }
    }

    @Test func starterRefusesAnInvalidID() {
        #expect(throws: PluginError.self) { try PluginStarter.file(kind: .questionnaire, id: "Bad ID") }
    }

    @Test func anUnknownNamespaceIsNamed() throws {
        let folder = try TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("other.xml")
        try "<?xml version=\"1.0\"?>\n<survey xmlns=\"urn:other\"/>".write(to: file, atomically: true, encoding: .utf8)
        let issues = DeclarativePlugins.validate(fileAt: file)
        #expect(issues.count == 1)
        #expect(issues.first?.line == 2)
        #expect(issues.first?.message.contains("is not a workbench plugin") == true)
    }

    @Test func twoFilesClaimingTheSameIDAndVersionAreNamedBoth() throws {
        let folder = try TestSupport.temporaryFolder()
        let text = try PluginStarter.file(kind: .cycleTemplate, id: "alliance.cycle")
        let first = folder.appendingPathComponent("a.xml")
        let second = folder.appendingPathComponent("nested/b.xml")
        try FileManager.default.createDirectory(at: second.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: first, atomically: true, encoding: .utf8)
        try text.write(to: second, atomically: true, encoding: .utf8)
        let registry = try PluginRegistry.load(PluginSources(folders: [folder]))
        let problem = try #require(registry.problems.first)
        #expect(registry.problems.count == 1 && problem.code == .duplicate)
        #expect(problem.description.contains(first.path) && problem.description.contains(second.path)
                && problem.description.contains("alliance.cycle@0.1.0"))
        // Neither file is used, and a lookup says why.
        #expect { _ = try registry.entry("alliance.cycle") } throws: { "\($0)".contains("two plugin files claim") }
    }

    @Test func lookupByIDTakesTheHighestVersion() throws {
        let folder = try TestSupport.temporaryFolder()
        for version in ["0.1.0", "0.10.0", "0.9.3"] {
            let text = try PluginStarter.file(kind: .intervention, id: "alliance.tutoring")
                .replacingOccurrences(of: "version=\"0.1.0\"", with: "version=\"\(version)\"")
            try text.write(to: folder.appendingPathComponent("\(version).xml"), atomically: true, encoding: .utf8)
        }
        let registry = try PluginRegistry.load(PluginSources(builtin: false, folders: [folder]))
        #expect(try registry.entry("alliance.tutoring").descriptor.version == SemanticVersion(0, 10, 0))
        #expect(try registry.entry("alliance.tutoring@0.9.3").descriptor.version == SemanticVersion(0, 9, 3))
        #expect {
            _ = try registry.entry("alliance.tutoring@2.0.0")
        } throws: { error in
            (error as? PluginError)?.description.contains("available: alliance.tutoring@0.1.0") == true
        }
    }

    @Test func anInvalidProjectPluginIsLeftOutAndNamedWithItsPosition() throws {
        let folder = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(at: TestSupport.fixture("three-mistakes.xml"),
                                         to: folder.appendingPathComponent("broken.xml"))
        let registry = try PluginRegistry.load(PluginSources(folders: [folder]))
        let text = registry.problems.map(\.description).joined()
        #expect(registry.problems.count == 1)
        #expect(text.contains("broken.xml:4:1:") && text.contains("and 2 more"))
        #expect(try registry.entry("tsa-maturity-matrix").origin == .builtin)
    }
}

@Suite("Compiled plugins in process")
struct CompiledPluginTests {
    @Test func aPluginForAnotherABIIsRejectedBeforeItsFactoryRuns() {
        #expect {
            _ = try CompiledPlugins.load(fileAt: TestSupport.fixturePlugin("FixtureOtherABIPlugin"))
        } throws: { error in
            let error = error as? PluginError
            return error?.code == .abiMismatch
                && error!.description.contains("built for Workbench plugin ABI \(PluginABI.current + 1)")
        }
    }

    @Test func aLibraryWithoutTheEntryPointsIsNotAPlugin() {
        #expect {
            _ = try CompiledPlugins.load(fileAt: TestSupport.fixturePlugin("FixtureNotAPlugin"))
        } throws: { error in
            (error as? PluginError)?.code == .notAPlugin
        }
    }

    @Test func aPluginWithItsOwnCopyOfTheSDKIsNamedAsSuch() {
        #expect {
            _ = try CompiledPlugins.load(fileAt: TestSupport.fixturePlugin("FixtureOtherSDKCopyPlugin"))
        } throws: { error in
            let error = error as? PluginError
            return error?.code == .otherSDKCopy && error!.description.contains("CopiedSDKPlugin")
                && error!.description.contains("different copy of WorkbenchKit")
        }
    }

    @Test func aTextFileNamedSoCannotBeOpened() throws {
        let file = try TestSupport.temporaryFolder().appendingPathComponent("notes.so")
        try "not a library".write(to: file, atomically: true, encoding: .utf8)
        #expect {
            _ = try CompiledPlugins.load(fileAt: file)
        } throws: { error in
            let error = error as? PluginError
            return error?.code == .cannotOpen && error!.description.contains(file.path)
        }
    }

    @Test func aTrustedFileThatChangedIsRefused() throws {
        let file = try TestSupport.temporaryFolder().appendingPathComponent("plugin.so")
        try FileManager.default.copyItem(at: TestSupport.fixturePlugin("FixtureNotAPlugin"), to: file)
        let digest = try PluginDigest.sha256(fileAt: file)
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        let registry = try PluginRegistry.load(PluginSources(trusted: [TrustedBinary(url: file, sha256: digest)]))
        #expect(registry.problems.map(\.code) == [.changedSinceTrusted])
        #expect(registry.problems[0].description.contains("has changed since it was trusted"))
        #expect(!registry.entries.contains { $0.origin == .compiled })
    }

    @Test func sha256MatchesAKnownDigest() throws {
        // Reference: `printf abc | sha256sum` (FIPS 180-2 test vector).
        let file = try TestSupport.temporaryFolder().appendingPathComponent("abc")
        try "abc".write(to: file, atomically: true, encoding: .utf8)
        #expect(try PluginDigest.sha256(fileAt: file)
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
