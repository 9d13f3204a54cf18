import Foundation
import FrameworkAnalysis
import Testing
import Transcripts
import WorkbenchKit

@Suite("Transcript import end to end", .serialized)
struct TranscriptImportTests {
    /// A focus-group transcript with three bracketed speakers, written for these tests.
    static let sample: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wb-focus-group-\(UUID().uuidString).txt")
        try? """
        [id1] The course helped me understand how people lived in the past.

        [id2] The lecture slides were too busy for me.

        [id3] The slides are fine, but there were too many assignments.
        """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }()

    static func project() throws -> URL {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("project")
        #expect(try TestSupport.workbench(["init", folder.path]).status == 0)
        return folder
    }

    @Test(.enabled(if: TestSupport.hasSharedSamples, "needs ../shared/refi-qda beside the checkout (present in CI)"))
    func theREFIQDASampleTranscriptImportsWithItsThreeSpeakers() throws {
        let project = try Self.project()
        let run = try TestSupport.workbench(["transcripts", "import", TestSupport.refiSampleTranscript.path,
                                             "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("7 turns, 874 characters; speakers: id1, id2, id3"))
    }

    @Test func importKeepsTheOriginalAndShowsTurnsWhoseOffsetsRoundTrip() throws {
        let project = try Self.project()
        let crlf = project.deletingLastPathComponent().appendingPathComponent("interview.txt")
        let original = Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array(
            "Interviewer: How was it?\r\nTeacher A: “Better” – the café group loved it 😊\r\n".utf8))
        try original.write(to: crlf)
        let run = try TestSupport.workbench(["transcripts", "import", Self.sample.path, crlf.path, "--case", "Teacher A",
                                             "--attribute", "school=A Primary School", "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("speakers: id1, id2, id3"))
        // The original is kept byte for byte.
        #expect(try Data(contentsOf: project.appendingPathComponent("sources/interview.txt")) == original)

        let shown = try TestSupport.workbench(["transcripts", "show", "interview.txt", "--format", "json",
                                               "--project", project.path])
        struct Output: Decodable {
            var source: String
            var turns: [Turn]
            struct Turn: Decodable { var speaker: String?; var text: String; var start: Int; var end: Int }
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(shown.stdout.utf8))
        #expect(output.source == "interview.txt")
        #expect(output.turns.map(\.speaker) == ["Interviewer", "Teacher A"])
        let normalised = "Interviewer: How was it?\nTeacher A: “Better” – the café group loved it 😊\n"
        let scalars = Array(normalised.unicodeScalars)
        for turn in output.turns {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[turn.start..<turn.end])
            #expect(String(view) == turn.text)
        }
        let participants = try TestSupport.workbench(["participants", "list", "--format", "csv", "--project", project.path])
        #expect(participants.stdout.contains("Teacher A,,,school=A Primary School"))
    }

    @Test func aBatchWithOneBadFileImportsNothing() throws {
        let project = try Self.project()
        let bad = project.deletingLastPathComponent().appendingPathComponent("broken.docx")
        try "not a zip".write(to: bad, atomically: true, encoding: .utf8)
        let run = try TestSupport.workbench(["transcripts", "import", Self.sample.path, bad.path,
                                             "--project", project.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("broken.docx: not a .docx file"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("sources").path) == [])
        let list = try TestSupport.workbench(["transcripts", "list", "--format", "json", "--project", project.path])
        #expect(list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]"
                || list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test func theSameContentTwiceIsRefused() throws {
        let project = try Self.project()
        #expect(try TestSupport.workbench(["transcripts", "import", Self.sample.path, "--project", project.path]).status == 0)
        let copy = project.deletingLastPathComponent().appendingPathComponent("renamed.txt")
        try FileManager.default.copyItem(at: Self.sample, to: copy)
        let again = try TestSupport.workbench(["transcripts", "import", copy.path, "--project", project.path])
        #expect(again.status != 0)
        #expect(again.stderr.contains("has the same content as '\(Self.sample.lastPathComponent)'"))
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("sources/renamed.txt").path))
        let hidden = try FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("sources").path)
        #expect(hidden == [Self.sample.lastPathComponent])
    }
}

@Suite("Pseudonymisation", .serialized)
struct PseudonymisationTests {
    @Test func anonymisedOutputHasNoRealNameAndItsOffsetsRoundTrip() throws {
        let folder = try TestSupport.temporaryFolder()
        let project = folder.appendingPathComponent("project")
        #expect(try TestSupport.workbench(["init", project.path]).status == 0)
        #expect(try TestSupport.workbench(["participants", "add", "Teacher A", "--name", "Jane Smith", "--name", "Jane",
                                           "--project", project.path]).status == 0)
        let file = folder.appendingPathComponent("interview.txt")
        try """
        Interviewer: Thank you, Jane Smith. How did Year 4 find it?
        Jane Smith: They loved it – “Mrs Smith’s light lab”, they called it. Jane’s café corner helped our planning too 😊
        Interviewer: And jane smith's planning?
        """.write(to: file, atomically: true, encoding: .utf8)
        #expect(try TestSupport.workbench(["transcripts", "import", file.path, "--project", project.path]).status == 0)
        let run = try TestSupport.workbench(["transcripts", "show", "interview.txt", "--anonymise", "--format", "json",
                                             "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.lowercased().contains("jane"))
        struct Output: Decodable {
            var turns: [Turn]
            struct Turn: Decodable { var speaker: String?; var text: String; var start: Int; var end: Int }
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(run.stdout.utf8))
        #expect(output.turns.map(\.speaker) == ["Interviewer", "Teacher A", "Interviewer"])
        #expect(output.turns[0].text == "Thank you, Teacher A. How did Year 4 find it?")
        #expect(output.turns[1].text.contains("Teacher A’s café corner"))
        // Offsets refer to the anonymised text: rebuild it from the plain listing and check each turn.
        let text = try TestSupport.workbench(["transcripts", "show", "interview.txt", "--anonymise",
                                              "--project", project.path])
        #expect(!text.stdout.contains("Jane"))
        // Without --anonymise the researcher still sees the source as recorded.
        let plain = try TestSupport.workbench(["transcripts", "show", "interview.txt", "--project", project.path])
        #expect(plain.stdout.contains("Jane Smith"))
        // The speaker was linked to the participant by their real name.
        let listed = try TestSupport.workbench(["participants", "list", "--format", "json", "--project", project.path])
        #expect(!listed.stdout.contains("Jane") && listed.stdout.contains("\"realNamesKept\" : 2"))
        // The framework matrix too: quotes carry no real name when anonymised.
        #expect(try TestSupport.workbench(["autocode", "hope-challenge", "--project", project.path]).status == 0)
        let matrix = folder.appendingPathComponent("matrix.html")
        #expect(try TestSupport.workbench(["chart", "hope-challenge", "--anonymise", "--format", "html", "--out",
                                           matrix.path, "--project", project.path]).status == 0)
        let page = try String(contentsOf: matrix, encoding: .utf8)
        #expect(!page.lowercased().contains("jane") && page.contains("Teacher A"))
    }
}

/// The interviewer's questions are not evidence: the auto-coder leaves them alone and they make no case.
@Suite("Interviewers", .serialized)
struct InterviewerTests {
    static func project(_ text: String, _ arguments: [String] = []) throws -> URL {
        let folder = try TestSupport.temporaryFolder()
        let project = folder.appendingPathComponent("project")
        #expect(try TestSupport.workbench(["init", project.path]).status == 0)
        let file = folder.appendingPathComponent("interview.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let run = try TestSupport.workbench(["transcripts", "import", file.path, "--project", project.path] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try TestSupport.workbench(["autocode", "hope-challenge", "--project", project.path]).status == 0)
        return project
    }

    static func codings(_ project: URL) throws -> [String] {
        let run = try TestSupport.workbench(["codings", "export", "--project", project.path])
        return run.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(4).joined(separator: ",") }
    }

    @Test func theAutoCoderLeavesTheInterviewerAloneAndTheMatrixHasNoInterviewerCase() throws {
        // "planning" (change.staff) is in every turn; only Teacher A's is evidence.
        let project = try Self.project("""
        Interviewer: How has your planning changed?
        Teacher A: My planning is sharper.
        Ms Lee: And the planning of others?
        Moderator 2: Any planning left?
        """, ["--interviewer", "Ms Lee"])
        // Teacher A's turn: "Interviewer: How has your planning changed?\n" is 44 code points, the label 11.
        #expect(try Self.codings(project) == ["interview.txt,55,78,change.staff"])
        let participants = try TestSupport.workbench(["participants", "list", "--format", "json", "--project", project.path])
        #expect(participants.stdout.contains("\"pseudonym\" : \"Ms Lee\"") && participants.stdout.contains("\"role\" : \"interviewer\""))
        // A researcher's coding of a question is kept, but the interviewer is no case of the matrix.
        #expect(try TestSupport.workbench(["codings", "add", "--framework", "hope-challenge", "--source", "interview.txt",
                                           "--theme", "change.staff", "--coder", "R1", "--quote", "How has your planning",
                                           "--project", project.path]).status == 0)
        let chart = try TestSupport.workbench(["chart", "hope-challenge", "--format", "json", "--project", project.path])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(chart.stdout.utf8)) as? [String: Any])
        #expect((json["cases"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Teacher A"])
        #expect(json["interviewerCodings"] as? Int == 1)
        let table = try TestSupport.workbench(["chart", "hope-challenge", "--project", project.path])
        #expect(table.stdout.contains("1 coding(s) start in an interviewer's turn and are not in the matrix"))
    }

    @Test func aThemeWhoseSpeakerRuleNamesTheInterviewerCodesTheirTurns() throws {
        // mechanism.reflection's speaker rule names no one; a framework with a rule for "Interviewer" would
        // code the question. The rule is the plugin's, so it is checked on the engine directly.
        let framework = CodingFramework(themes: [
            .init(id: "questions", name: "Questions", indicators: .init(keywords: ["planning"], speakers: ["Interviewer*"])),
            .init(id: "planning", name: "Planning", indicators: .init(keywords: ["planning"])),
        ])
        let transcript = SpeakerTurns.standard.turns(in: "Interviewer: Your planning?\nTeacher A: My planning.")
        let found = try AutoCoder(framework).code(transcript, interviewerTurns: [0])
        #expect(found.map { "\($0.turn) \($0.theme)" } == ["0 questions", "1 planning", "1 questions"])
    }
}
