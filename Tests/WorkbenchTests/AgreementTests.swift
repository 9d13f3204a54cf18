import Foundation
import FrameworkAnalysis
import Testing

@Suite("Inter-coder agreement end to end", .serialized)
struct AgreementTests {
    /// A project with one 1,000-character source and NVivo's worked example coded by two coders.
    static func project() throws -> URL {
        // 1,000 characters: "Teacher A: " (11) then 988 letters and a newline; one turn [11, 999).
        let (project, folder) = try TestSupport.project(
            withTranscript: "Teacher A: " + String(repeating: "x", count: 988) + "\n", file: "source.txt")
        let codings = folder.appendingPathComponent("codings.csv")
        try """
        source,start,end,theme,coder
        source.txt,0,200,change.trainees,Researcher 1
        source.txt,0,50,change.trainees,Researcher 2
        source.txt,0,10,outside,Researcher 2
        """.write(to: codings, atomically: true, encoding: .utf8)
        let run = try TestSupport.workbench(["codings", "import", codings.path, "--framework", "hope-challenge",
                                             "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        return project
    }

    static func figures(_ arguments: [String], project: URL, theme: String) throws -> [String: Any] {
        let run = try TestSupport.workbench(["agreement", "--framework", "hope-challenge", "--coders",
                                             "Researcher 1,Researcher 2", "--theme", theme, "--format", "json",
                                             "--project", project.path] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let output = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return try #require(output["overall"] as? [String: Any])
    }

    @Test func reproducesNVivosWorkedExample() throws {
        let project = try Self.project()
        // REFI-QDA.md §6.3: 50 characters coded by both, 150 by one coder, 800 by neither → 85%;
        // κ = 0.34782608695652173 (scikit-learn 1.9.1 cohen_kappa_score on the same 1,000 ratings).
        let character = try Self.figures([], project: project, theme: "change.trainees")
        #expect(character["units"] as? Int == 1_000)
        #expect(close(try #require(character["percentAgreement"] as? Double), 0.85))
        #expect(close(try #require(character["kappa"] as? Double), 0.34782608695652173))
        #expect(character["krippendorffAlpha"] is Double)
        // Excluding text coded by neither: 200 units, 50 agree.
        let excluded = try Self.figures(["--exclude-uncoded"], project: project, theme: "change.trainees")
        #expect(excluded["units"] as? Int == 200)
        #expect(close(try #require(excluded["percentAgreement"] as? Double), 0.25))
        // Turn units: the one turn overlaps both coders' codings.
        let turn = try Self.figures(["--unit", "turn"], project: project, theme: "change.trainees")
        #expect(turn["units"] as? Int == 1)
        #expect(turn["percentAgreement"] as? Double == 1)
    }

    @Test func unknownCodersAreNamed() throws {
        let project = try Self.project()
        let run = try TestSupport.workbench(["agreement", "--framework", "hope-challenge", "--coders", "Researcher 1,Nobody",
                                             "--project", project.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("coder 'Nobody' has no codings"))
    }
}

/// Where coders differ: the stretches shown side by side on the agreement page.
@Suite struct DisagreementTests {
    private func coding(_ coder: String, _ start: Int, _ end: Int, theme: String = "t", source: String = "a")
        -> CodingAgreement.Coding {
        CodingAgreement.Coding(source: source, theme: theme, coder: coder, start: start, end: end)
    }

    @Test func stretchesWhereOnlySomeCodersCodedAreFound() {
        let codings = [coding("A", 0, 10), coding("B", 5, 15), coding("A", 20, 30), coding("B", 20, 30),
                       coding("B", 0, 3, source: "b"), coding("A", 40, 41, theme: "other")]
        let found = CodingAgreement.disagreements(codings, coders: ["A", "B"], themes: ["t"])
        #expect(found.map { [$0.start, $0.end] } == [[0, 5], [10, 15]])
        #expect(found.map(\.codedBy) == [["A"], ["B"]] && found.map(\.notCodedBy) == [["B"], ["A"]])
        #expect(found.allSatisfy { $0.source == "a" }, "A coded nothing in b, so b has no disagreement")
    }

    @Test func neighbouringPiecesWithTheSameCodersJoin() {
        let codings = [coding("A", 0, 10), coding("A", 10, 20), coding("B", 30, 40), coding("C", 30, 35)]
        let found = CodingAgreement.disagreements(codings, coders: ["A", "B", "C"], themes: ["t"])
        #expect(found.map { [$0.start, $0.end] } == [[0, 20], [30, 35], [35, 40]])
        #expect(found[1].codedBy == ["B", "C"] && found[1].notCodedBy == ["A"])
    }
}
