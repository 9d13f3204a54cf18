import Foundation
import FrameworkAnalysis
import Statistics
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

    @Test func schemeGivesEachCharacterOneLabelPerCoder() throws {
        // Researcher 1: "change.trainees" on [0, 200); Researcher 2: on [0, 50), and "outside" on [0, 10).
        // Labels: [0, 10) differs (a combination), [10, 50) agrees, [50, 200) differs, the rest "none".
        // scikit-learn 1.9.1 cohen_kappa_score on the 1,000 labels: 0.31034482758620685; krippendorff 0.9.0:
        // 0.2729256649238464; leaving out the 10 combined: κ 0.3011764705882354 over 990 characters.
        let project = try Self.project()
        func scheme(_ extra: [String]) throws -> [String: Any] {
            let run = try TestSupport.workbench(["agreement", "scheme", "--framework", "hope-challenge", "--coders",
                                                 "Researcher 1,Researcher 2", "--format", "json", "--project",
                                                 project.path] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            let output = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect((output["labelling"] as? String)?.contains("10 unit(s) given two or more themes") == true)
            return try #require(output["figures"] as? [String: Any])
        }
        let combined = try scheme([])
        let pair = try #require((combined["pairs"] as? [[String: Any]])?.first)
        #expect(pair["units"] as? Int == 1_000)
        #expect(close(try #require(pair["percentAgreement"] as? Double), 0.84))
        #expect(close(try #require(pair["kappa"] as? Double), 0.31034482758620685))
        let alpha = try #require(combined["krippendorff"] as? [String: Any])
        #expect(close(try #require(alpha["alpha"] as? Double), 0.2729256649238464))
        let leftOut = try #require((try scheme(["--multiple", "leave-out"])["pairs"] as? [[String: Any]])?.first)
        #expect(leftOut["units"] as? Int == 990)
        #expect(close(try #require(leftOut["kappa"] as? Double), 0.3011764705882354))

        let list = try TestSupport.workbench(["agreement", "scheme", "--framework", "hope-challenge", "--coders",
                                              "Researcher 1,Researcher 2", "--disagreements", "--format", "csv",
                                              "--project", project.path])
        #expect(list.status == 0, "\(list.stderr)")
        let rows = list.stdout.split(separator: "\n")
        #expect(rows.first == "UNIT,RESEARCHER 1,RESEARCHER 2,TEXT")
        #expect(rows.count == 3)
        #expect(rows[1] == "\"source.txt [0, 10)\",change.trainees,change.trainees + outside,Teacher A:")
        #expect(rows[2] == "\"source.txt [50, 200)\",change.trainees,none," + String(repeating: "x", count: 150))
    }

    @Test func themeDisagreementsAreListedWithTheirText() throws {
        let project = try Self.project()
        let run = try TestSupport.workbench(["agreement", "--framework", "hope-challenge", "--coders",
                                             "Researcher 1,Researcher 2", "--disagreements", "--format", "json",
                                             "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        let found = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        let passages = found.compactMap { $0["disagreement"] as? [String: Any] }
        #expect(passages.map { "\($0["theme"]!) \($0["start"]!)-\($0["end"]!)" }
                == ["change.trainees 50-200", "outside 0-10"])
        #expect(found.first?["text"] as? String == String(repeating: "x", count: 150))
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

/// One label per unit and coder across all themes: scikit-learn 1.9.1 `cohen_kappa_score` and
/// krippendorff 0.9.0 `alpha(level_of_measurement="nominal")` (Python 3.11), on the same codings
/// expanded to one rating per character or turn. D_o and D_e were computed in NumPy from the
/// coincidence matrix (Krippendorff, "Computing Krippendorff's alpha-reliability", 2011), and
/// 1 − D_o/D_e agrees with the library's α to 1e-15.
@Suite struct NominalAgreementTests {
    static let sources = [CodingAgreement.Source(name: "a", length: 40, turns: [(0, 20), (20, 40)]),
                          CodingAgreement.Source(name: "b", length: 30, turns: [(0, 10), (10, 30)])]
    static let codings: [CodingAgreement.Coding] = [
        ("A", "a", 0, 10, "t1"), ("A", "a", 5, 15, "t2"), ("A", "a", 25, 35, "t3"), ("A", "b", 0, 12, "t1"),
        ("B", "a", 0, 12, "t1"), ("B", "a", 20, 38, "t3"), ("B", "b", 0, 10, "t1"), ("B", "b", 15, 20, "t2"),
        ("C", "a", 2, 10, "t1"), ("C", "a", 12, 15, "t2"), ("C", "a", 26, 35, "t3"),
    ].map { CodingAgreement.Coding(source: $0.1, theme: $0.4, coder: $0.0, start: $0.2, end: $0.3) }

    static func figures(_ unit: CodingAgreement.Unit, _ multiple: NominalAgreement.MultipleThemes,
                        excludeUncoded: Bool = false) -> NominalAgreement {
        let units = CodingAgreement.labelledUnits(sources: sources, codings: codings, coders: ["A", "B", "C"],
                                                  themes: ["t1", "t2", "t3"], unit: unit, excludeUncoded: excludeUncoded)
        return NominalAgreement(coders: ["A", "B", "C"], units: units, multipleThemes: multiple)
    }

    /// Pairs as (units, percent agreement, κ), then α, D_o, D_e and n.
    static func check(_ figures: NominalAgreement, pairs: [(Int, Double, Double?)],
                      alpha: Double, observed: Double, expected: Double, values: Int) throws {
        #expect(figures.pairs.map { "\($0.first)\($0.second)" } == ["AB", "AC", "BC"])
        for (pair, want) in zip(figures.pairs, pairs) {
            #expect(pair.units == want.0)
            #expect(close(try #require(pair.percentAgreement), want.1))
            if let kappa = want.2 { #expect(close(try #require(pair.kappa), kappa)) } else { #expect(pair.kappa == nil) }
        }
        let krippendorff = try #require(figures.krippendorff)
        #expect(close(try #require(krippendorff.alpha), alpha))
        #expect(close(krippendorff.observedDisagreement, observed))
        #expect(close(krippendorff.expectedDisagreement, expected))
        #expect(krippendorff.pairableValues == values)
    }

    @Test func characterUnitsWithCombinedLabels() throws {
        let figures = Self.figures(.character, .combine)
        #expect(figures.pairableUnits == 70)
        try Self.check(figures, pairs: [(70, 0.6428571428571429, 0.4994279176201373),
                                        (40, 0.75, 0.6536796536796536), (40, 0.6, 0.4395796847635727)],
                       alpha: 0.5394783534421577, observed: 0.32222222222222224, expected: 0.6996896337678461,
                       values: 180)
        // Only characters 5–10 carry a combination (A: t1 + t2).
        #expect(figures.unitsWithMultipleThemes == 5)
        #expect(figures.treatment.contains("5 unit(s)") && figures.treatment.contains("combination"))
    }

    @Test func characterUnitsLeavingOutMultipleThemes() throws {
        let figures = Self.figures(.character, .leaveOut)
        #expect(figures.pairableUnits == 65)
        try Self.check(figures, pairs: [(65, 0.6923076923076923, 0.5526496902959395),
                                        (35, 0.8571428571428571, 0.782608695652174),
                                        (35, 0.5428571428571428, 0.334916864608076)],
                       alpha: 0.5682790391576176, observed: 0.2909090909090909, expected: 0.6738359201773836,
                       values: 165)
    }

    @Test func characterUnitsWithoutTheUncoded() throws {
        let figures = Self.figures(.character, .combine, excludeUncoded: true)
        try Self.check(figures, pairs: [(50, 0.5, 0.32650862068965514), (33, 0.696969696969697, 0.6071428571428571),
                                        (33, 0.5151515151515151, 0.33333333333333337)],
                       alpha: 0.4090768755788824, observed: 0.43609022556390975, expected: 0.7379813169286854,
                       values: 133)
    }

    @Test func turnUnits() throws {
        try Self.check(Self.figures(.turn, .combine),
                       pairs: [(4, 0.5, 0.2727272727272727), (2, 1.0, 1.0), (2, 0.5, 0.33333333333333337)],
                       alpha: 0.48571428571428565, observed: 0.4, expected: 0.7777777777777778, values: 10)
        // Leaving out the turn where A and C gave two themes leaves A and C one turn with one label
        // each: κ is undefined (scikit-learn: nan), never 0.
        try Self.check(Self.figures(.turn, .leaveOut),
                       pairs: [(3, 0.6666666666666666, 0.5), (1, 1.0, nil), (1, 1.0, nil)],
                       alpha: 0.6, observed: 0.2857142857142857, expected: 0.7142857142857143, values: 7)
    }

    @Test func weightsCountAsRepeatedUnits() throws {
        // scikit-learn: cohen_kappa_score(a, b, sample_weight=[3, 1, 4, 1, 5]) = -0.15596330275229353.
        let kappa = try #require(CohenKappa(["x", "y", "x", "z", "y"], ["x", "y", "y", "z", "x"], weights: [3, 1, 4, 1, 5]))
        #expect(close(try #require(kappa.kappa), -0.15596330275229353))
        #expect(kappa.units == 14)
        let ratings: [[String?]] = [["x", "y", nil, "x"], ["x", "x", "y", "y"], [nil, "y", "y", "x"]]
        let weighted = KrippendorffAlpha.nominal(ratings, weights: [2, 1, 3, 1])
        let repeated = KrippendorffAlpha.nominal(ratings.map { [$0[0], $0[0], $0[1], $0[2], $0[2], $0[2], $0[3]] })
        #expect(close(try #require(weighted), try #require(repeated)))
    }

    @Test func disagreementsAreTheUnitsWhoseLabelsDiffer() {
        let units = CodingAgreement.labelledUnits(sources: Self.sources, codings: Self.codings, coders: ["A", "B", "C"],
                                                  themes: ["t1", "t2", "t3"], unit: .turn, excludeUncoded: false)
        #expect(units.filter(\.isDisagreement).map(\.unit) == ["a [0, 20)", "b [10, 30)"])
        #expect(units[0].labels == ["t1 + t2", "t1", "t1 + t2"] && units[0].hasMultipleThemes)
        #expect(units[2].labels == ["t1", "t1", nil], "C coded nothing in b")
    }
}

/// `agreement table`: codes kept in a spreadsheet, long or wide, checked against the turn figures above.
@Suite struct AgreementTableTests {
    static let long = """
    unit,coder,label
    1,A,t1 + t2
    1,B,t1
    1,C,t1 + t2
    2,A,t3
    2,B,t3
    2,C,t3
    3,A,t1
    3,B,t1
    4,B,t2
    4,A,t1
    4,C,
    """
    static let wide = """
    turn,A,B,C
    1,t1 + t2,t1,t1 + t2
    2,t3,t3,t3
    3,t1,t1,
    4,t1,t2,
    """

    static func run(_ text: String, _ arguments: [String] = ["--format", "json"]) throws -> (TestSupport.Run, URL) {
        let file = try TestSupport.temporaryFolder().appendingPathComponent("labels.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (try TestSupport.workbench(["agreement", "table", file.path] + arguments), file)
    }

    @Test(arguments: [long, wide]) func longAndWideGiveTheReferenceFigures(_ text: String) throws {
        let (run, _) = try Self.run(text)
        #expect(run.status == 0, "\(run.stderr)")
        let output = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let figures = try #require(output["figures"] as? [String: Any])
        #expect(figures["coders"] as? [String] == ["A", "B", "C"])
        let pairs = try #require(figures["pairs"] as? [[String: Any]])
        #expect(pairs.map { $0["units"] as? Int } == [4, 2, 2])
        #expect(close(try #require(pairs[0]["kappa"] as? Double), 0.2727272727272727))
        #expect(close(try #require(pairs[2]["kappa"] as? Double), 0.33333333333333337))
        let alpha = try #require(figures["krippendorff"] as? [String: Any])
        #expect(close(try #require(alpha["alpha"] as? Double), 0.48571428571428565))
        #expect(alpha["pairableValues"] as? Int == 10)
    }

    @Test func disagreementsListEachCodersLabel() throws {
        let (run, _) = try Self.run(Self.wide, ["--disagreements", "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "UNIT,A,B,C\n1,t1 + t2,t1,t1 + t2\n4,t1,t2,\n")
    }

    @Test(arguments: [
        ("unit,coder,label\n1,A,x\n1,B,y\n1,A,z\n", "labels.csv:4: unit '1' is rated by 'A' again (first on line 2)"),
        ("unit,coder,label\n1,A,x\n,B,y\n", "labels.csv:3: the unit is blank"),
        ("unit,coder,label\n1,A,x\n1,,y\n", "labels.csv:3: the coder is blank"),
        ("unit,coder,code\n1,A,x\n", "labels.csv:1: a long table needs the columns unit, coder and label"),
        ("unit,coder,label\n1,A,x\n2,A,y\n", "agreement needs two or more coders; found A"),
        ("turn,A\n1,x\n", "agreement needs two or more coders; found A"),
        ("turn,A,A\n1,x,y\n", "labels.csv:1: coder 'A' heads two columns"),
        ("turn,A,\n1,x,y\n", "labels.csv:1: column 3 has no coder's name"),
        ("turn,A,B\n1,x,y\n1,x,x\n", "labels.csv:3: unit '1' is listed again (first on line 2)"),
    ]) func badTablesAreNamedByLine(_ text: String, _ message: String) throws {
        let (run, _) = try Self.run(text)
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
