import Foundation
import StagedFiles
public import WorkbenchCore
import Enquiries
import FrameworkAnalysis
import ProjectStore
import Transcripts

/// The sample interviews of the demo: written for the workbench in the spirit of the Hope Challenge
/// study's interviews (trainees, a class teacher and a science coordinator talking about a science
/// topic taught together), in the three transcript formats.
enum DemoTranscripts {
    static let trainees = """
    Interviewer: Looking back at the light topic, what changed for you?
    Trainee A: Before the project I felt out of my depth with the science. Now my subject knowledge is much \
    stronger and I can explain reflection without notes.
    Interviewer: What helped most?
    Trainee A: Watching the tutor teach the first lesson. The modelling showed me how to run an investigation \
    with a whole class.
    Trainee B: For me it was the debrief after each lesson. The discussion made me reflect on what the pupils \
    actually understood.
    Trainee B: The children enjoyed the shadow puppets so much that they asked to carry on at lunchtime.
    Interviewer: Anything you would change?
    Trainee C: More time in school. The partnership with the class teachers felt respectful, but the weeks \
    went quickly.
    """

    static let teacher = [
        "Interviewer: Thank you, Sarah. How did the project affect you as the class teacher?",
        "Teacher A: My confidence in teaching science has grown. I have new resources and I plan investigations "
            + "now instead of worksheets.",
        "Interviewer: And the pupils?",
        "Teacher A: The children are more independent. Quiet pupils started asking their own questions about light.",
        "Science Coordinator: We are sharing the planning across the year group, and I presented it at a "
            + "conference for other schools.",
    ]

    static let debrief = """
    WEBVTT

    00:00:02.000 --> 00:00:09.500
    <v Trainee D>My confidence in actually teaching was low at first, because I had not taught science before.

    00:00:10.000 --> 00:00:17.000
    <v Trainee E>Seeing it modelled, then trying it and talking it through in the debrief, that was what worked.

    00:00:18.000 --> 00:00:24.000
    <v Teacher A>There was real trust between us and the university team.
    """

    /// Writes and imports the three interviews, auto-codes them, adds two researchers' codings
    /// (a first pass and a second coder's pass that differs in places), and returns the files.
    static func add(to project: WorkbenchProject) throws -> [URL] {
        // The files are written in a scratch folder beside the project, swept if the demo is killed.
        try StagedOutput.withScratch(beside: project.store.folder) { folder in try add(to: project, writingIn: folder) }
    }

    private static func add(to project: WorkbenchProject, writingIn folder: URL) throws -> [URL] {
        let files = [folder.appendingPathComponent("trainee-focus-group.txt"),
                     folder.appendingPathComponent("teacher-interview.docx"),
                     folder.appendingPathComponent("debrief-recording.vtt")]
        try trainees.write(to: files[0], atomically: true, encoding: .utf8)
        try WordDocument.write(paragraphs: teacher, to: files[1])
        try debrief.write(to: files[2], atomically: true, encoding: .utf8)
        try project.coding.importTranscripts(files)
        try addStages(to: project)
        _ = try project.coding.autocode(framework: "hope-challenge")

        // Researcher 1 accepts the automatic codings; Researcher 2 codes independently and differs
        // on some passages, so the agreement figures have something to show.
        let automatic = try project.store.codings(framework: "hope-challenge").filter { $0.coding.automatic }
        var first: [CodingRecord] = []
        var second: [CodingRecord] = []
        for (index, item) in automatic.enumerated() {
            var coding = item.coding
            coding.id = nil
            coding.automatic = false
            coding.coder = "Researcher 1"
            first.append(coding)
            guard index % 5 != 3 else { continue }
            coding.coder = "Researcher 2"
            if index % 7 == 2 { coding.end = max(coding.start + 1, coding.end - 20) }
            second.append(coding)
        }
        try project.change("codings.add", "Demo: two researchers' codings of the interviews") {
            try project.store.add(codings: first + second)
        }
        return files.map { project.store.sourcesFolder.appendingPathComponent($0.lastPathComponent) }
    }

    /// The stages before deductive indexing: familiarisation memos, an inductive draft framework
    /// with a history, a member check, and a passage left outside the framework (still open).
    static func addStages(to project: WorkbenchProject) throws {
        let focusGroup = "trainee-focus-group.txt"
        try project.stages.addMemo(source: focusGroup, researcher: "Researcher 1",
                            text: "Subject knowledge and confidence come up together for every trainee.",
                            quote: "my subject knowledge is much stronger")
        try project.stages.addMemo(source: "teacher-interview.docx", researcher: "Researcher 2",
                            text: "The class teacher talks about pupils first, her own learning second.")
        try project.stages.addMemo(source: "debrief-recording.vtt", researcher: "Researcher 1",
                            text: "Modelling, rehearsal and debrief described as one sequence.",
                            quote: "Seeing it modelled, then trying it and talking it through in the debrief")
        try project.stages.addMemo(source: nil, researcher: "Researcher 2",
                            text: "Across all three interviews, confidence is the first word people reach for.")
        try project.stages.addDraftTheme("Subject knowledge", researcher: "Researcher 1")
        try project.stages.addDraftTheme("Confidence", researcher: "Researcher 1")
        try project.stages.addDraftTheme("Learning from the tutor", researcher: "Researcher 2")
        try project.stages.addDraftTheme("Pupil engagement", researcher: "Researcher 2")
        try project.coding.addCoding(framework: "draft", source: focusGroup, theme: "confidence", coder: "Researcher 1",
                              quote: "I felt out of my depth with the science")
        try project.stages.mergeDraftThemes(["confidence"], into: "subject-knowledge", researcher: "Researcher 1",
                                     note: "Trainees never talk about one without the other.")
        try project.stages.renameDraftTheme("subject-knowledge", to: "Subject knowledge and confidence",
                                     researcher: "Researcher 1")
        try project.stages.splitDraftTheme("learning-from-the-tutor", into: ["Modelling", "Debrief and reflection"],
                                    researcher: "Researcher 2", note: "Two mechanisms, described separately.")
        try project.stages.addMemberCheck(participant: "Trainee A", date: .day("2025-03-14"), framework: "draft",
                                   researcher: "Researcher 1", outcome: .confirmed, changes: nil)
        try project.stages.addOutside(source: focusGroup, researcher: "Researcher 2",
                               note: "Time pressure of the placement: neither an area of change nor a mechanism.",
                               quote: "the weeks went quickly")
    }
}
