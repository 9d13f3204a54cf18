import FrameworkAnalysis
import Enquiries
import Foundation
import PluginHost
import ProjectStore
import Testing
import Transcripts
import WorkbenchCore
import WorkbenchKit

@Suite("Framework-analysis stages")
struct AnalysisStageTests {
    static let interview = """
    Interviewer: Thank you, Jane Smith. What changed for you?
    Jane Smith: I felt out of my depth at first. Now my subject knowledge is much stronger.
    Interviewer: What helped?
    Jane Smith: Watching the tutor model the lesson, and the debrief afterwards. Jane’s class asked for more.
    """

    /// A new project with one participant (real name Jane Smith) and one interview.
    static func project() throws -> WorkbenchProject {
        let folder = try TestSupport.temporaryFolder()
        let project = try WorkbenchProject.create(at: folder.appendingPathComponent("project"))
        try project.people.addParticipant("Teacher A", role: "teacher", school: nil, attributes: [],
                                   names: ["Jane Smith", "Jane"])
        let file = folder.appendingPathComponent("interview.txt")
        try interview.write(to: file, atomically: true, encoding: .utf8)
        try project.coding.importTranscripts([file])
        return project
    }

    static func draftCodings(_ project: WorkbenchProject) throws -> [String] {
        try project.store.codings(framework: "draft").map(\.coding.theme).sorted()
    }

    @Test func draftThemesMergeSplitRenameWithHistory() throws {
        let project = try Self.project()
        try project.stages.addDraftTheme("Confidence", researcher: "R1")
        try project.stages.addDraftTheme("Subject knowledge", researcher: "R1", note: "from the first read")
        try project.stages.addDraftTheme("Learning from the tutor", researcher: "R2")
        try project.stages.addDraftTheme("Modelling detail", parent: "learning-from-the-tutor", researcher: "R2")
        try project.coding.addCoding(framework: "draft", source: "interview.txt", theme: "confidence", coder: "R1",
                              quote: "I felt out of my depth")
        try project.coding.addCoding(framework: "draft", source: "interview.txt", theme: "learning-from-the-tutor",
                              coder: "R1", quote: "Watching the tutor model the lesson")
        #expect(throws: WorkbenchError.self) { try project.stages.addDraftTheme("Confidence", researcher: "R1") }

        // A merge moves the merged theme's codings to the target.
        try project.stages.mergeDraftThemes(["confidence"], into: "subject-knowledge", researcher: "R1")
        #expect(try Self.draftCodings(project) == ["learning-from-the-tutor", "subject-knowledge"])
        // A rename keeps the id, so codings stay.
        try project.stages.renameDraftTheme("subject-knowledge", to: "Knowledge and confidence", researcher: "R2")
        // A split of a coded theme must say where the codings go.
        let refused = #expect(throws: WorkbenchError.self) {
            try project.stages.splitDraftTheme("learning-from-the-tutor", into: ["Modelling", "Debrief"], researcher: "R2")
        }
        #expect(refused?.description.contains("has 1 codings") == true)
        let parts = try project.stages.splitDraftTheme("learning-from-the-tutor", into: ["Modelling", "Debrief"],
                                                codingsTo: "modelling", researcher: "R2")
        #expect(parts.map(\.id) == ["modelling", "debrief"])
        #expect(try Self.draftCodings(project) == ["modelling", "subject-knowledge"])
        // Retired themes cannot be changed or coded.
        #expect(throws: WorkbenchError.self) { try project.stages.renameDraftTheme("confidence", to: "x", researcher: "R1") }
        #expect(throws: WorkbenchError.self) {
            try project.coding.addCoding(framework: "draft", source: "interview.txt", theme: "confidence", coder: "R1",
                                  quote: "debrief")
        }

        let (descriptor, framework) = try project.draftFramework()
        #expect(descriptor.reference == "draft@0.7.0")
        // The subtheme of the split theme moved under its first part.
        #expect(framework.allThemes.map { $0.path.joined(separator: "/") }
                == ["subject-knowledge", "modelling", "modelling/modelling-detail", "debrief"])
        #expect(framework.themes[0].name == "Knowledge and confidence")
        let history = try project.store.draftChanges()
        #expect(history.map(\.action) == [.add, .add, .add, .add, .merge, .rename, .split])
        #expect(history[1].note == "from the first read")
        #expect(history[4].detail == "merged 'Confidence' into 'Subject knowledge' (subject-knowledge)")
        let retired = try project.store.draftThemes().filter { $0.status != .active }
        #expect(retired.map(\.id) == ["confidence", "learning-from-the-tutor"])
        #expect(retired[1].replacedBy == ["modelling", "debrief"])
    }

    @Test func promotionWritesAValidVersionedPluginAndMovesCodings() throws {
        let project = try Self.project()
        try project.stages.addDraftTheme("Subject knowledge", researcher: "R1")
        try project.stages.defineDraftTheme("subject-knowledge", definition: "Grasp of the content & <its> language",
                                     inclusion: "Talk about knowing the science", exclusion: nil, researcher: "R1")
        try project.stages.addDraftTheme("Debrief", researcher: "R2")
        try project.coding.addCoding(framework: "draft", source: "interview.txt", theme: "debrief", coder: "R2",
                              quote: "the debrief afterwards")
        #expect(throws: WorkbenchError.self) { try project.stages.promoteDraft(id: "Not An Id", version: "1.0.0", researcher: "R1") }
        let result = try project.stages.promoteDraft(id: "alliance.interviews", version: "1.0.0", name: "Alliance interviews",
                                              researcher: "R1")
        #expect(result.codings == 1)
        #expect(result.file.lastPathComponent == "alliance.interviews-1.0.0.xml")
        #expect(DeclarativePlugins.validate(fileAt: result.file).isEmpty)
        let (descriptor, framework) = try project.framework("alliance.interviews")
        #expect(descriptor.reference == "alliance.interviews@1.0.0")
        #expect(framework.themes.map(\.id) == ["subject-knowledge", "debrief"])
        #expect(framework.themes[0].definition == "Grasp of the content & <its> language")
        #expect(framework.themes[0].inclusion == "Talk about knowing the science")
        let moved = try project.store.codings(framework: "alliance.interviews").map(\.coding)
        #expect(moved.map(\.theme) == ["debrief"] && moved.map(\.frameworkVersion) == ["1.0.0"])
        #expect(try project.store.codings(framework: "draft").isEmpty)
        // The same or an earlier version is refused, and nothing is written.
        let again = #expect(throws: WorkbenchError.self) {
            try project.stages.promoteDraft(id: "alliance.interviews", version: "1.0.0", researcher: "R1")
        }
        #expect(again?.description.contains("alliance.interviews@1.0.0 exists already") == true)
        // The draft goes on; a later version sits beside the first.
        try project.stages.renameDraftTheme("debrief", to: "Debrief and reflection", researcher: "R2")
        let next = try project.stages.promoteDraft(id: "alliance.interviews", version: "1.1.0", researcher: "R2")
        #expect(next.codings == 0)
        #expect(try project.framework("alliance.interviews@1.0.0").1.themes[1].name == "Debrief")
        #expect(try project.framework("alliance.interviews").1.themes[1].name == "Debrief and reflection")
        #expect(try project.stages.analysisStatus().draft.promotions
                == ["alliance.interviews@1.0.0", "alliance.interviews@1.1.0"])
    }

    @Test func writtenFrameworksReadBackUnchanged() throws {
        let registry = try PluginRegistry.load(PluginSources())
        let frameworks = registry.entries.filter { $0.descriptor.kind == .codingFramework }
        #expect(frameworks.count >= 4)
        let folder = try TestSupport.temporaryFolder()
        for entry in frameworks {
            let original = try #require(entry.plugin as? any CodingFrameworkPlugin)
            let file = folder.appendingPathComponent("\(entry.descriptor.id).xml")
            try PluginWriter.codingFramework(entry.descriptor, original.framework)
                .write(to: file, atomically: true, encoding: .utf8)
            let loaded = try #require(try DeclarativePlugins.load(fileAt: file) as? any CodingFrameworkPlugin)
            #expect(loaded.framework == original.framework, "\(entry.descriptor.id)")
            #expect(loaded.descriptor == entry.descriptor, "\(entry.descriptor.id)")
        }
    }

    @Test func memberChecksRecordTheFrameworkVersionAndRefuseBadInput() throws {
        let project = try Self.project()
        try project.stages.addDraftTheme("Confidence", researcher: "R1")
        let check = try project.stages.addMemberCheck(participant: "Teacher A", date: .day("2025-03-14"), framework: "draft",
                                               researcher: "R1", outcome: .amended, changes: "Split a theme")
        #expect(check.framework == "draft@0.1.0")
        let deductive = try project.stages.addMemberCheck(participant: "Teacher A", date: .day("2025-06-01"),
                                                   framework: "hope-challenge", researcher: "R2", outcome: .confirmed,
                                                   changes: nil)
        #expect(deductive.framework == "hope-challenge@1.0.0")
        for (participant, outcome, message) in [
            ("Teacher Z", MemberCheck.Outcome.confirmed, "unknown participant 'Teacher Z'"),
            ("Teacher A", .amended, "an amended member check says what changed"),
        ] {
            let error = #expect(throws: WorkbenchError.self) {
                try project.stages.addMemberCheck(participant: participant, date: .day("2025-03-14"), framework: "draft",
                                           researcher: "R1", outcome: outcome, changes: nil)
            }
            #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
        }
        for text in ["2025-02-30", "14/03/2025", "2025-13-01", "2023-02-29"] {
            #expect(CalendarDate(text) == nil, "\(text)")
            #expect { try CalendarDate.parse(text) } throws: { "\($0)" == "'\(text)' is not a date like 2025-03-14" }
        }
        let leapDay = "2024-02-29"
        #expect(CalendarDate(leapDay)?.description == leapDay)
        #expect(try project.store.memberChecks().map(\.check.outcome) == [.amended, .confirmed])
    }

    @Test func outsidePassagesStayInTheChartUntilResolved() throws {
        let project = try Self.project()
        let first = try project.stages.addOutside(source: "interview.txt", researcher: "R1", note: "about the class, not Jane",
                                           quote: "class asked for more")
        let second = try project.stages.addOutside(source: "interview.txt", researcher: "R1", quote: "What helped?")
        var chart = try project.coding.chart(framework: "hope-challenge")
        #expect(chart.outside.map(\.quote) == ["class asked for more", "What helped?"])
        // Anonymised, the note loses the real name too.
        #expect(try project.coding.chart(framework: "hope-challenge", anonymise: true).outside[0].note
                == "about the class, not Teacher A")

        try project.stages.resolveOutside(first.id!, framework: "hope-challenge", theme: "change.pupils", researcher: "R2")
        try project.stages.resolveOutside(second.id!, dismissReason: "the interviewer's question", researcher: "R2")
        chart = try project.coding.chart(framework: "hope-challenge")
        #expect(chart.outside.isEmpty)
        // Coding it made a manual coding of exactly that passage by the resolver.
        let coding = try #require(try project.store.codings(framework: "hope-challenge").first?.coding)
        #expect((coding.start, coding.end, coding.theme, coding.coder, coding.automatic)
                == (first.start, first.end, "change.pupils", "R2", false))
        #expect(try project.stages.outside(all: true).map(\.status) == [.coded, .dismissed])
        #expect(throws: StoreError.self) { try project.stages.resolveOutside(first.id!, dismissReason: "x", researcher: "R1") }
        #expect(throws: WorkbenchError.self) {
            try project.stages.resolveOutside(first.id!, framework: "hope-challenge", theme: "change.pupils",
                                       dismissReason: "both", researcher: "R1")
        }
        #expect(throws: StoreError.self) { try project.stages.resolveOutside(99, dismissReason: "x", researcher: "R1") }
        let status = try project.stages.analysisStatus().outside
        #expect((status.open, status.coded, status.dismissed) == (0, 1, 1))
    }

    @Test func memosOnSourcesAndPassagesAnonymised() throws {
        let project = try Self.project()
        try project.stages.addMemo(source: "interview.txt", researcher: "R1", text: "Jane links knowledge and confidence")
        let memo = try project.stages.addMemo(source: "interview.txt", researcher: "R2", text: "Turning point",
                                       quote: "Jane Smith: I felt out of my depth")
        #expect(memo.start == 58)  // the first line, with its newline, is 58 code points
        #expect(throws: WorkbenchError.self) {
            try project.stages.addMemo(source: "interview.txt", researcher: "R1", text: "x", quote: "Jane Smith")
        }
        #expect(throws: WorkbenchError.self) { try project.stages.addMemo(source: "none.txt", researcher: "R1", text: "x") }
        let plain = try project.stages.memos()
        #expect(plain.map(\.passage) == [nil, "Jane Smith: I felt out of my depth"])
        let anonymised = try project.stages.memos(anonymise: true)
        #expect(anonymised.map(\.text) == ["Teacher A links knowledge and confidence", "Turning point"])
        #expect(anonymised[1].passage == "Teacher A: I felt out of my depth")
        #expect(try project.stages.memos(researcher: "R2").count == 1)
        // A memo on the whole project; a passage needs a source.
        try project.stages.addMemo(source: nil, researcher: "R3", text: "Trust recurs everywhere")
        #expect(try project.stages.memos(researcher: "R3").map(\.source) == [nil])
        #expect(throws: WorkbenchError.self) { try project.stages.addMemo(source: nil, researcher: "R3", text: "x", quote: "Jane") }
        let status = try project.stages.analysisStatus().familiarisation
        #expect((status.memos, status.researchers, status.sourcesWithMemos) == (3, ["R1", "R2", "R3"], 1))
    }

    @Test func anonymisedCodingsExportPointsIntoTheAnonymisedText() throws {
        let project = try Self.project()
        _ = try project.coding.autocode(framework: "hope-challenge")
        try project.coding.addCoding(framework: "hope-challenge", source: "interview.txt", theme: "outside", coder: "R1",
                              quote: "Jane’s class asked for more")
        let rows = try project.coding.exportCodings(framework: "hope-challenge", anonymise: true)
        #expect(!rows.contains { $0.source.contains("Jane") || $0.coder.contains("Jane") })
        let anonymised = try project.transcript("interview.txt", anonymise: true)
        let plain = try project.transcript("interview.txt")
        let pseudonymiser = try project.pseudonymiser()
        let original = try project.store.codings(framework: "hope-challenge").map(\.coding)
        #expect(rows.count == original.count && rows.count >= 2)
        for (row, coding) in zip(rows, original) {
            let text = anonymised.slice(row.start, row.end)
            #expect(text == pseudonymiser.apply(text: plain.slice(coding.start, coding.end)))
        }
        #expect(rows.contains { anonymised.slice($0.start, $0.end) == "Teacher A’s class asked for more" })
    }

    @Test func stageCommandsFailWithOneLine() throws {
        let folder = try TestSupport.temporaryFolder()
        let project = folder.appendingPathComponent("project")
        #expect(try TestSupport.workbench(["init", project.path]).status == 0)
        for (arguments, message) in [
            (["draft", "merge", "a", "--into", "b", "--by", "R1"], "Error: the draft has no theme 'b'"),
            (["member-checks", "add", "Nobody", "--date", "2025-01-01", "--framework", "draft", "--outcome",
              "confirmed", "--by", "R1"], "Error: unknown participant 'Nobody'"),
            (["member-checks", "add", "Nobody", "--date", "2025-01-01", "--framework", "draft", "--outcome",
              "maybe", "--by", "R1"], "--outcome must be one of confirmed, amended, disputed, no-response"),
            (["outside", "resolve", "7", "--dismiss", "no", "--by", "R1"], "Error: there is no outside-the-framework passage #7"),
            (["memos", "add", "none.txt", "--text", "x", "--by", "R1"], "Error: unknown source 'none.txt'"),
        ] {
            let run = try TestSupport.workbench(arguments + ["--project", project.path])
            #expect(run.status != 0)
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
    }
}
