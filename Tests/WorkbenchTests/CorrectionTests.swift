import Enquiries
import Foundation
import FrameworkAnalysis
import ProjectStore
import Reports
import Scoring
import Testing
import WorkbenchCore
import WorkbenchDemo

/// Correcting and deleting everything a user enters, each as one change that undo reverts.
@Suite("Corrections")
struct CorrectionTests {
    static func demo() throws -> WorkbenchProject {
        try Demo.build(at: try TestSupport.temporaryFolder().appendingPathComponent("demo")).project
    }

    @Test func aRenamedSchoolIsRenamedInItsEnquiriesAndUndoRestoresBoth() throws {
        let project = try Self.demo()
        let before = try projectRows(project.store.folder)
        try project.people.editSchool("A Primary School", name: "Ash Primary School", phase: "")
        #expect(try project.store.school(named: "Ash Primary School")?.phase == nil)
        #expect(try project.store.enquiries()[0].schools == ["Ash Primary School", "B Secondary School"])
        #expect { try project.people.editSchool("Ash Primary School", name: "B Secondary School") } throws: {
            "\($0)" == "a school called 'B Secondary School' already exists"
        }
        try project.history.undo()
        #expect(try projectRows(project.store.folder) == before)
    }

    @Test func deletingSomethingOthersDependOnIsRefusedNamingThemUnlessCascading() throws {
        let project = try Self.demo()
        #expect {
            try project.people.deleteParticipant("Trainee A")
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .hasDependants
                && error.description == "participant 'Trainee A' cannot be deleted: 48 answers, 1 member check, "
                    + "1 transcript (where they speak, in 2 turns: deleting only unlinks these) and 1 matrix summary "
                    + "(of their case) depend on it"
        }
        let before = try projectRows(project.store.folder)
        let removed = try project.people.deleteParticipant("Trainee A", cascade: true)
        #expect(removed.map(\.kind) == [.response, .memberCheck, .source, .summary])
        #expect(try project.store.sources().count == 3, "transcripts they speak in stay")
        #expect(try project.store.participant(pseudonym: "Trainee A") == nil)
        #expect(try project.instruments.scores("tses-long", occasion: "pre").cards.count == 7)
        #expect(try project.coding.chart(framework: "hope-challenge").cells.joined().allSatisfy {
            $0.summary == nil || $0.caseName != "Trainee A"
        })
        // One change, undone as a whole.
        #expect(try project.history.entries().first?.action == "participant.delete")
        try project.history.undo()
        #expect(try projectRows(project.store.folder) == before)
        // A participant nothing depends on goes without --cascade.
        try project.people.addParticipant("Visitor", role: nil, school: nil, attributes: [])
        #expect(try project.people.deleteParticipant("Visitor").isEmpty)
    }

    @Test func aNewPseudonymFollowsTheParticipantIntoTheMatrix() throws {
        let project = try Self.demo()
        try project.people.editParticipant("Teacher A", .init(pseudonym: "Teacher Z", setAttributes: ["years=5-6"],
                                                       removeNames: ["Sarah"]))
        let person = try #require(try project.store.participant(pseudonym: "Teacher Z"))
        #expect(person.attributes == ["years": "5-6"])
        #expect(person.names == ["Sarah Bennett"])
        let chart = try project.coding.chart(framework: "hope-challenge")
        #expect(chart.cases.contains { $0.name == "Teacher Z" })
        #expect(!chart.cases.contains { $0.name == "Teacher A" })
        #expect { try project.people.editParticipant("Teacher Z", .init(removeAttributes: ["colour"])) } throws: {
            "\($0)".contains("has no attribute 'colour'")
        }
        #expect { try project.people.editParticipant("Teacher Z", .init()) } throws: { "\($0)".contains("nothing to change") }
    }

    @Test func oneParticipantsAnswersAreCorrectedAndDeleted() throws {
        let project = try Self.demo()
        let before = try project.instruments.scores("tses-long", occasion: "pre").cards.first { $0.participant == "Trainee A" }
        try project.instruments.editAnswers("tses-long", participant: "Trainee A", occasion: "pre", set: ["q1=9", "q2=1"], clear: ["q3"])
        let rows = try project.store.responses(instrument: "tses-long", occasion: "pre").filter { $0.pseudonym == "Trainee A" }
        #expect(rows.count == 23)
        #expect(rows.first { $0.response.item == "q1" }?.response.code == "9")
        #expect(rows.first { $0.response.item == "q1" }?.response.source == "corrected")
        #expect(try project.instruments.scores("tses-long", occasion: "pre").cards.first { $0.participant == "Trainee A" } != before)
        #expect { try project.instruments.editAnswers("tses-long", participant: "Trainee A", occasion: "pre", set: ["q1=12"], clear: []) }
            throws: { "\($0)".contains("'12' is not an answer to q1") }
        #expect { try project.instruments.editAnswers("tses-long", participant: "Trainee A", occasion: "pre", set: ["q99=1"], clear: []) }
            throws: { "\($0)".contains("unknown item 'q99'") }
        #expect(try project.instruments.deleteAnswers("tses-long", participant: "Trainee A", occasion: "pre") == 23)
        #expect { try project.instruments.deleteAnswers("tses-long", participant: "Trainee A", occasion: "pre") } throws: {
            "\($0)".contains("has no answers")
        }
        try project.history.undo()
        try project.history.undo()
        #expect(try project.instruments.scores("tses-long", occasion: "pre").cards.first { $0.participant == "Trainee A" } == before)
    }

    @Test func aSecondJudgementByTheSameRespondentReplacesTheFirst() throws {
        let project = try Self.demo()
        let strand = "jpd.joint_practice_development"
        let count = try project.audits.judgements("tsa-maturity-matrix").count
        try project.audits.recordJudgement(matrix: "tsa-maturity-matrix", strand: strand, level: "embedding",
                                    evidence: "Minutes of the March meeting", respondent: "Head A", occasion: "autumn")
        let judgements = try project.audits.judgements("tsa-maturity-matrix")
        #expect(judgements.count == count)
        let mine = judgements.filter { $0.strand == strand && $0.respondent == "Head A" && $0.occasion == "autumn" }
        #expect(mine.map(\.level) == ["embedding"])
        // The earlier judgement stays in the history, and undo brings it back.
        let change = try project.history.changes(entry: try project.history.entries()[0].id)
        #expect(change.map(\.operation) == [.delete, .insert])
        #expect(change[0].before?["level"] == .text("developing"))
        try project.audits.editJudgement(mine[0].id!, level: "Beginning", evidence: "Re-read the minutes")
        #expect(try project.audits.judgements("tsa-maturity-matrix").first { $0.id == mine[0].id }?.level == "beginning")
        try project.audits.deleteJudgement(mine[0].id!)
        #expect(try project.audits.judgements("tsa-maturity-matrix").count == count - 1)
        #expect { try project.audits.editJudgement(mine[0].id!, level: "embedding") } throws: { "\($0)".contains("no audit judgement") }
    }

    @Test func aMistypedCriterionIsCorrectedAndItsStatusFollows() throws {
        let project = try Self.demo()
        let cycle = try #require(try project.store.cycles().first)
        #expect {
            try project.cycles.addCriterion(cycle: cycle.id!, try CriterionText("Efficacy: tses-lng.TSES.change >= 0.5"))
        } throws: { error in
            let error = error as? WorkbenchError
            return error?.message.hasPrefix("unknown measure 'tses-lng.TSES.change'; nearest: tses-long.TSES.change") == true
                && error?.code == .notFound && error?.value == "tses-lng.TSES.change"
        }
        let criterion = try project.cycles.addCriterion(cycle: cycle.id!, try CriterionText("Efficacy: tses-long.TSES.change >= 9"))
        func status() throws -> CriterionStatus? {
            try project.cycles.evidenceLog().enquiries[0].cycles[0].criteria.first { $0.description == "Efficacy" }?.status
        }
        #expect(try status() == .notMet)
        try project.cycles.editCriterion(criterion.id!, try CriterionText("Efficacy: tses-long.TSES.change >= 0.1"))
        #expect(try status() == .met)
        try project.cycles.deleteCriterion(criterion.id!)
        #expect(try status() == nil)
        // Measurement files name their own measures.
        #expect(try project.cycles.addCriterion(cycle: cycle.id!, try CriterionText("Reading: reading-age.gain >= 1")).id != nil)
    }

    @Test func enquiriesAndCyclesAreCorrectedReopenedAndDeleted() throws {
        let project = try Self.demo()
        let before = try projectRows(project.store.folder)
        let enquiry = try #require(try project.store.enquiries().first)
        try project.cycles.editEnquiry(enquiry.id!, .init(title: "Confident science teaching", lead: "", date: .day("2024-09-10")))
        let edited = try #require(try project.store.enquiries().first)
        #expect(edited.title == "Confident science teaching" && edited.lead == nil && edited.startedOn == .day("2024-09-10"))
        let cycles = try project.store.cycles()
        try project.cycles.reopenCycle(cycles[1].id!)
        #expect(try project.store.cycles()[1].closedOn == nil)
        #expect { try project.cycles.reopenCycle(cycles[1].id!) } throws: { "\($0)".contains("is open") }
        try project.cycles.editCycle(cycles[1].id!, baseline: "Reading ages in March, corrected")
        let details = try project.cycles.cycleDetails(cycles[0].id!)
        try project.cycles.editEvidence(details.evidence[0].id!, title: "TSES, September and February", date: .day("2025-02-11"))
        let evidence = try #require(try project.cycles.cycleDetails(cycles[0].id!).evidence.first { $0.id == details.evidence[0].id })
        #expect(evidence.title == "TSES, September and February" && evidence.recordedOn == .day("2025-02-11"))
        #expect { try project.cycles.editEvidence(details.evidence[0].id!) } throws: { "\($0)".contains("nothing to change") }
        try project.cycles.deleteEvidence(details.evidence[0].id!)
        try project.cycles.editReflection(details.reflections[0].id!, problems: "")
        #expect(try project.cycles.cycleDetails(cycles[0].id!).reflections[0].problems == nil)
        #expect { try project.cycles.editReflection(details.reflections[0].id!, wentWell: "", notEffective: "", leadershipLearning: "") }
            throws: { "\($0)".contains("delete it instead") }
        try project.cycles.deleteReflection(details.reflections[0].id!)
        #expect(try project.cycles.cycleDetails(cycles[0].id!).reflections.isEmpty)
        try project.cycles.editReview(details.reviews[0].id!, response: "We compared with non-participants.")
        try project.cycles.deleteReview(details.reviews[0].id!)
        #expect { try project.cycles.deleteEnquiry(enquiry.id!) } throws: {
            ($0 as? StoreError)?.code == .hasDependants && "\($0)".contains("2 cycles depend on it")
        }
        #expect { try project.cycles.deleteCycle(cycles[0].id!) } throws: { "\($0)".contains("success criteria") }
        let removed = try project.cycles.deleteEnquiry(enquiry.id!, cascade: true)
        #expect(removed == [Dependant(kind: .cycle, count: 2)])
        #expect(try project.store.cycles().isEmpty && project.store.enquiries().isEmpty)
        for _ in 0..<10 { try project.history.undo() }
        #expect(try projectRows(project.store.folder) == before)
    }

    @Test func researchersCorrectMemosChecksOutsidePassagesSummariesAndSingleCodings() throws {
        let project = try Self.demo()
        let memo = try #require(try project.stages.memos().first)
        try project.stages.editMemo(memo.id, text: "Confidence and knowledge, together.")
        #expect(try project.stages.memos().first?.text == "Confidence and knowledge, together.")
        try project.stages.deleteMemo(memo.id)
        #expect(try project.stages.memos().count == 3)

        let check = try #require(try project.store.memberChecks().first?.check)
        #expect { try project.stages.editMemberCheck(check.id!, outcome: .amended) } throws: { "\($0)".contains("says what changed") }
        try project.stages.editMemberCheck(check.id!, outcome: .amended, changes: "Renamed a theme")
        try project.stages.deleteMemberCheck(check.id!)

        let outside = try #require(try project.stages.outside().first)
        try project.stages.resolveOutside(outside.id, dismissReason: "Out of scope", researcher: "Researcher 1")
        #expect(try project.stages.outside().isEmpty)
        try project.stages.reopenOutside(outside.id)
        #expect(try project.stages.outside().map(\.id) == [outside.id])
        try project.stages.editOutside(outside.id, note: "")
        try project.stages.deleteOutside(outside.id)
        #expect(try project.stages.outside(all: true).isEmpty)

        try project.coding.removeSummary(framework: "hope-challenge", case: "Trainee A", theme: "change.trainees")
        #expect { try project.coding.removeSummary(framework: "hope-challenge", case: "Trainee A", theme: "change.trainees") }
            throws: { "\($0)".contains("has no summary") }

        // A duplicate manual coding is refused; a single coding goes by id or by its passage.
        let coding = try #require(try project.coding.codings(framework: "hope-challenge", coder: "Researcher 1").first)
        #expect {
            try project.coding.addCoding(framework: "hope-challenge", source: coding.source, theme: coding.theme,
                                  coder: coding.coder, start: coding.start, end: coding.end)
        } throws: { "\($0)".contains("has coded this passage") && "\($0)".contains("already") }
        #expect { try project.coding.deleteCoding(source: coding.source, start: coding.start, end: coding.end) } throws: {
            "\($0)".contains("codings cover") && "\($0)".contains("name the theme and coder")
        }
        let deleted = try project.coding.deleteCoding(source: coding.source, start: coding.start, end: coding.end,
                                               theme: coding.theme, coder: "Researcher 1")
        #expect(deleted == coding.id)
        let other = try #require(try project.coding.codings(coder: "Researcher 2").first)
        try project.coding.deleteCoding(other.id)
        #expect(try !project.coding.codings().contains { $0.id == other.id || $0.id == coding.id })
        #expect { try project.coding.deleteCoding(other.id) } throws: { "\($0)".contains("no coding #") }
    }

    @Test func checksAtTheDoorRefusePhantomCasesRealNamesAndDuplicateImports() throws {
        let project = try Self.demo()
        #expect { try project.coding.summarise(framework: "hope-challenge", case: "Trainee Q", theme: "change.trainees", text: "x") }
            throws: { "\($0)".hasPrefix("unknown case 'Trainee Q'; cases: ") }
        #expect { try project.coding.summarise(framework: "hope-challenge", case: "Sarah", theme: "change.staff", text: "x") }
            throws: { "\($0)" == "'Sarah' is a real name kept for Teacher A; summarise the case 'Teacher A'" }
        let coding = try #require(try project.coding.codings(coder: "Researcher 1").first)
        let file = try TestSupport.temporaryFolder().appendingPathComponent("codings.csv")
        try """
            source,start,end,theme,coder
            \(coding.source),\(coding.start),\(coding.end),\(coding.theme),Researcher 1
            \(coding.source),0,5,\(coding.theme),Researcher 3
            \(coding.source),0,5,\(coding.theme),Researcher 3

            """.write(to: file, atomically: true, encoding: .utf8)
        #expect { try project.coding.importCodings(file, framework: "hope-challenge") } throws: { error in
            "\(error)" == "\(file.path):2:5: Researcher 1 coded this passage with \(coding.theme) already (in the project)\n"
                + "\(file.path):4:5: Researcher 3 coded this passage with \(coding.theme) already on line 3"
        }
    }

    @Test func anUndoneTranscriptImportCanBeImportedAgain() throws {
        let project = try WorkbenchProject.create(at: try TestSupport.temporaryFolder().appendingPathComponent("p"))
        let file = try TestSupport.temporaryFolder().appendingPathComponent("interview.txt")
        try "Interviewer: How did it go?\nTeacher A: Better than I feared.\n".write(to: file, atomically: true, encoding: .utf8)
        try project.coding.importTranscripts([file])
        try project.history.undo()
        #expect(try project.store.sources().isEmpty)
        try project.coding.importTranscripts([file])
        #expect(try project.store.sources().map(\.name) == ["interview.txt"])
        // A different file under the same name is still refused.
        try project.history.undo()
        try "Interviewer: Another one.\n".write(to: file, atomically: true, encoding: .utf8)
        #expect { try project.coding.importTranscripts([file]) } throws: { "\($0)".contains("already exists in the project") }
    }

    /// Sources and turns are journalled as bulk inserts: undo removes them whole, redo brings back
    /// every turn of every source (turns are restored before their sources' rows are checked).
    @Test func aTranscriptImportOfSeveralFilesIsUndoneAndRedoneWhole() throws {
        let project = try WorkbenchProject.create(at: try TestSupport.temporaryFolder().appendingPathComponent("p"))
        let folder = try TestSupport.temporaryFolder()
        let files = try (1...3).map { index in
            let file = folder.appendingPathComponent("interview-\(index).txt")
            try "Interviewer: Question \(index)?\nTeacher \(index): Answer é \(index).\nInterviewer: Thanks.\n"
                .write(to: file, atomically: true, encoding: .utf8)
            return file
        }
        try project.coding.importTranscripts(files)
        func turns() throws -> [String] {
            try project.store.allTurns().values.flatMap { $0 }.map { "\($0.sourceID) \($0.position) \($0.speaker ?? "") \($0.start)" }.sorted()
        }
        let before = try turns()
        #expect(before.count == 9)
        try project.history.undo()
        #expect(try project.store.sources().isEmpty && turns().isEmpty)
        try project.history.redo()
        #expect(try project.store.sources().map(\.name) == files.map(\.lastPathComponent))
        #expect(try turns() == before)
    }

    @Test func aTranscriptImportedForANewCaseBelongsToIt() throws {
        let project = try WorkbenchProject.create(at: try TestSupport.temporaryFolder().appendingPathComponent("p"))
        let file = try TestSupport.temporaryFolder().appendingPathComponent("interview.txt")
        try "Interviewer: How did it go?\nTeacher Q: Better than I feared.\n".write(to: file, atomically: true, encoding: .utf8)
        try project.coding.importTranscripts([file], case: "Teacher Q", attributes: ["school=A"])
        let person = try #require(try project.store.participant(pseudonym: "Teacher Q"))
        #expect(person.attributes == ["school": "A"])
        #expect(try project.store.sources().first?.caseID == person.id)
    }
}
