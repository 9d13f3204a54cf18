import FrameworkAnalysis
import Foundation
import Reports
import Testing
import Transcripts
import WorkbenchKit

@Suite("Coding and auto-coding")
struct CodingTests {
    static let framework = CodingFramework(themes: [
        .init(id: "confidence", name: "Confidence", indicators: .init(keywords: ["confidence", "out of my depth"])),
        .init(id: "pupils", name: "Pupils", indicators: .init(patterns: [#"\bchild(ren)?\b"#])),
        .init(id: "trainees", name: "Trainees", indicators: .init(speakers: ["Trainee*"])),
        .init(id: "cafe", name: "Café", indicators: .init(keywords: ["CAFÉ"])),
    ])

    @Test func indicatorsCodeWholeTurns() throws {
        let text = """
        Interviewer: Confidences aside, what changed?
        Trainee A: I was out of my depth; now my CONFIDENCE is higher.
        Teacher A: The children enjoyed the café – “brilliant” 😊
        """
        let transcript = SpeakerTurns.standard.turns(in: text)
        let codings = try AutoCoder(Self.framework).code(transcript)
        let byTurn = Dictionary(grouping: codings, by: \.turn).mapValues { Set($0.map(\.theme)) }
        #expect(byTurn[0] == nil)  // "Confidences" is not the whole word "confidence"
        #expect(byTurn[1] == ["confidence", "trainees"])
        #expect(byTurn[2] == ["pupils", "cafe"])
        for coding in codings {
            #expect(transcript.slice(coding.start, coding.end) == transcript.turns[coding.turn].text)
        }
    }

    @Test func pseudonymisedTurnsStillRoundTrip() {
        let text = "Jane Smith: I’m Jane 😊 and JANE SMITH agrees.\nInterviewer: Thanks, Janet stays.\n"
        let transcript = SpeakerTurns.standard.turns(in: text)
        let anonymised = Pseudonymiser(pseudonyms: ["Jane Smith": "Teacher A", "Jane": "Teacher A"]).apply(transcript)
        #expect(anonymised.text == "Teacher A: I’m Teacher A 😊 and Teacher A agrees.\nInterviewer: Thanks, Janet stays.\n")
        #expect(anonymised.turns.map(\.speaker) == ["Teacher A", "Interviewer"])
        for turn in anonymised.turns { #expect(anonymised.slice(turn.start, turn.end) == turn.text) }
    }

    static func project() throws -> (URL, String) {
        let (project, folder) = try TestSupport.project(
            withTranscript: "Interviewer: What changed?\nTrainee A: My confidence in subject knowledge grew.\n")
        return (project, folder.path)
    }

    @Test func codingsImportExportRoundTrip() throws {
        let (project, folder) = try Self.project()
        let csv = "source,start,end,theme,coder\ninterview.txt,38,76,change.trainees,Researcher 1\n"
            + "interview.txt,13,26,outside,Researcher 2\n"
        let file = URL(fileURLWithPath: folder).appendingPathComponent("codings.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let imported = try TestSupport.workbench(["codings", "import", file.path, "--framework", "hope-challenge",
                                                  "--project", project.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let exported = try TestSupport.workbench(["codings", "export", "--project", project.path])
        #expect(exported.stdout == "source,start,end,theme,coder\ninterview.txt,13,26,outside,Researcher 2\n"
                + "interview.txt,38,76,change.trainees,Researcher 1\n")
    }

    @Test(arguments: [
        ("interview.txt,38,999,outside,R", "codings.csv:2:3: offsets 38–999 are outside interview.txt"),
        ("nowhere.txt,0,5,outside,R", "codings.csv:2:1: unknown source 'nowhere.txt'"),
        ("interview.txt,0,5,no-theme,R", "codings.csv:2:4: unknown theme 'no-theme'"),
    ])
    func badCodingRowsImportNothing(row: String, message: String) throws {
        let (project, folder) = try Self.project()
        let file = URL(fileURLWithPath: folder).appendingPathComponent("codings.csv")
        try "source,start,end,theme,coder\ninterview.txt,0,5,outside,R\n\(row)\n".replacingOccurrences(
            of: "interview.txt,0,5,outside,R\n\(row)", with: row).write(to: file, atomically: true, encoding: .utf8)
        let run = try TestSupport.workbench(["codings", "import", file.path, "--framework", "hope-challenge",
                                             "--project", project.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        let exported = try TestSupport.workbench(["codings", "export", "--project", project.path])
        #expect(exported.stdout == "source,start,end,theme,coder\n")
    }

    @Test func autocodeMarksAutomaticCodingsThatCanBeRemoved() throws {
        let (project, _) = try Self.project()
        let run = try TestSupport.workbench(["autocode", "hope-challenge", "--format", "json", "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        let output = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let themes = try #require(output["themes"] as? [[String: Any]])
        #expect(themes.first { $0["theme"] as? String == "change.trainees" }?["passages"] as? Int == 1)
        // Running it again replaces the earlier automatic codings rather than doubling them.
        _ = try TestSupport.workbench(["autocode", "hope-challenge", "--project", project.path])
        let exported = try TestSupport.workbench(["codings", "export", "--project", project.path])
        #expect(exported.stdout.split(separator: "\n").count == 2)
        let removed = try TestSupport.workbench(["codings", "remove", "--automatic", "--project", project.path])
        #expect(removed.stdout.contains("Removed 1 automatic codings."))
    }
}

@Suite("Framework matrix", .serialized)
struct ChartTests {
    @Test func cellsHoldCountsQuotesAndSummaries() throws {
        let (project, folder) = try CodingTests.project()
        #expect(try TestSupport.workbench(["participants", "add", "Trainee A", "--role", "trainee",
                                           "--project", project.path]).status == 0)
        let file = URL(fileURLWithPath: folder).appendingPathComponent("second.txt")
        try "Trainee A: Modelling by my tutor helped; my confidence grew.\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try TestSupport.workbench(["transcripts", "import", file.path, "--project", project.path]).status == 0)
        #expect(try TestSupport.workbench(["autocode", "hope-challenge", "--project", project.path]).status == 0)
        let summarised = try TestSupport.workbench(["chart", "summarise", "Trainee A", "change.trainees", "--text",
                                                    "Confidence grew through modelling.", "--framework", "hope-challenge",
                                                    "--project", project.path])
        #expect(summarised.status == 0, "\(summarised.stderr)")
        let run = try TestSupport.workbench(["chart", "hope-challenge", "--by", "role", "--format", "json",
                                             "--project", project.path])
        let chart = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let cases = try #require(chart["cases"] as? [[String: Any]])
        #expect(cases.map { $0["name"] as? String } == ["Trainee A"])
        let cells = try #require((chart["cells"] as? [[[String: Any]]])?.first)
        let trainees = try #require(cells.first { $0["theme"] as? String == "change.trainees" })
        // Both transcripts' Trainee A turns are coded: one linked by the speaker's pseudonym.
        #expect(trainees["count"] as? Int == 2)
        #expect(trainees["summary"] as? String == "Confidence grew through modelling.")
        let modelling = try #require(cells.first { $0["theme"] as? String == "mechanism.modelling" })
        #expect(modelling["summary"] is NSNull)
        let quotes = (modelling["passages"] as? [[String: Any]])?.compactMap { $0["quote"] as? String }
        #expect(quotes == ["Modelling by my tutor helped; my confidence grew."])
        let overlap = try #require(chart["coOccurrence"] as? [[String: Any]])
        #expect(overlap.contains { $0["first"] as? String == "change.trainees" && $0["second"] as? String == "mechanism.modelling" })

        // Theme × attribute: the role comes from the participant record.
        let crossTab = try TestSupport.workbench(["chart", "crosstab", "hope-challenge", "--attribute", "role",
                                                  "--format", "json", "--project", project.path])
        let table = try #require(try JSONSerialization.jsonObject(with: Data(crossTab.stdout.utf8)) as? [String: Any])
        #expect(table["values"] as? [String] == ["trainee"])
        let rows = try #require(table["rows"] as? [[String: Any]])
        let row = try #require(rows.first { $0["theme"] as? String == "change.trainees" })
        #expect((row["passages"] as? [String: Int])?["trainee"] == 2)
        #expect((row["cases"] as? [String: Int])?["trainee"] == 1)

        let html = URL(fileURLWithPath: folder).appendingPathComponent("chart.html")
        #expect(try TestSupport.workbench(["chart", "hope-challenge", "--format", "html", "--out", html.path,
                                           "--project", project.path]).status == 0)
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(ReportTests.isSelfContained(page))
        #expect(page.contains("not summarised yet") && page.contains("Confidence grew through modelling."))
        // The overview links every non-empty cell to its detailed cell, and each target exists.
        let links = page.matches(of: /href="#(cell-\d+-\d+)"/).map { String($0.1) }
        let targets = Set(page.matches(of: /id="(cell-\d+-\d+)"/).map { String($0.1) })
        #expect(!links.isEmpty && Set(links) == targets)
        let unknown = try TestSupport.workbench(["chart", "summarise", "Nobody", "change", "--text", "x",
                                                 "--framework", "hope-challenge", "--project", project.path])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown case 'Nobody'"))
    }
}

@Suite struct FrameworkChartJSONTests {
    /// A large matrix's JSON comes in pieces of about a megabyte that join to the encoder's bytes; a
    /// piece the writer refuses ends the writing with the writer's error, and nothing more is handed on.
    @Test func chartJSONInPiecesJoinsToTheWholeAndStopsAtAnError() throws {
        let placed = (0..<6_000).map { index in
            FrameworkChart.Placed(caseName: "case \(index % 7)", theme: "t\(index % 3)", passage: .init(
                source: "source \(index % 11)", start: index, end: index + 5, coder: "Ann",
                quote: String(repeating: "quote \(index) \"é\" ", count: 20)))
        }
        let chart = FrameworkChart(framework: "f@1.0.0", themes: (0..<3).map { .init(id: "t\($0)", name: "T\($0)", depth: 0) },
                                   cases: (0..<7).map { .init(name: "case \($0)", attributes: [:]) }, codings: placed,
                                   summaries: [:])
        var pieces: [[UInt8]] = []
        try chart.writePrettyJSON { pieces.append($0) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        #expect(pieces.count > 2)
        #expect(pieces.dropLast().allSatisfy { $0.count >= 1 << 20 && $0.count < (1 << 20) + (64 << 10) })
        #expect(Data(pieces.joined()) == (try encoder.encode(chart)))
        struct Full: Error {}
        var handed = 0
        #expect(throws: Full.self) {
            try chart.writePrettyJSON { _ in
                handed += 1
                if handed == 2 { throw Full() }
            }
        }
        #expect(handed == 2)
    }

    /// The matrix's own JSON writer must give `JSONEncoder`'s bytes, whatever the text holds:
    /// quotes, backslashes, slashes, every control character, accents and emoji; notes, summaries,
    /// empty cells and user-named attributes.
    @Test func chartJSONIsTheEncodersByteForByte() throws {
        let awkward = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
            + ["café", "👍🏽", "\u{2028}", "“trust”", "a/b", #"C:\dir"#, "\r\n", "", "e\u{301}"]
        var state: UInt64 = 3
        func pick(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        func text() -> String { (0..<pick(12)).map { _ in awkward[pick(awkward.count)] }.joined() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for _ in 0..<40 {
            let themes = (0..<(1 + pick(4))).map { FrameworkChart.Theme(id: "t\($0)", name: text(), depth: pick(3)) }
            let keys = ["school", "Role", "role2", "role10", "Ärea", "b", text()]
            let cases = (0..<pick(4)).map { index in
                FrameworkChart.Case(name: "case \(index) " + text(), attributes: Dictionary(
                    (0..<pick(4)).map { _ in (keys[pick(keys.count)], text()) }, uniquingKeysWith: { first, _ in first }))
            }
            let placed = (0..<pick(30)).compactMap { _ -> FrameworkChart.Placed? in
                guard !cases.isEmpty else { return nil }
                let start = pick(500)
                return FrameworkChart.Placed(caseName: cases[pick(cases.count)].name, theme: themes[pick(themes.count)].id,
                                             passage: .init(source: "s\(pick(3)) " + text(), start: start,
                                                            end: start + pick(50), coder: text(), quote: text()))
            }
            let summaries = Dictionary(cases.prefix(2).map { (FrameworkChart.CellID(caseName: $0.name, theme: "t0"), text()) },
                                       uniquingKeysWith: { a, _ in a })
            var chart = FrameworkChart(framework: text(), themes: themes, cases: cases, codings: placed, summaries: summaries)
            chart.outside = (0..<pick(3)).map { _ in
                .init(source: text(), start: pick(9), end: 9, coder: text(), quote: text(), note: pick(2) == 0 ? nil : text())
            }
            let expected = try encoder.encode(chart)
            let written = Data(try chart.prettyJSON())
            #expect(written == expected, "\(String(decoding: written, as: UTF8.self))\n---\n\(String(decoding: expected, as: UTF8.self))")
        }
    }
}

/// Counts that mean what they say: a cell counts distinct passages, not codings.
@Suite struct DistinctPassageTests {
    static func placed(_ coder: String, _ source: String, _ start: Int, _ end: Int, theme: String = "t",
                       caseName: String = "A") -> FrameworkChart.Placed {
        .init(caseName: caseName, theme: theme, passage: .init(source: source, start: start, end: end, coder: coder,
                                                               quote: "\(source) \(start)-\(end)"))
    }

    static func chart(_ codings: [FrameworkChart.Placed]) -> FrameworkChart {
        FrameworkChart(framework: "f@1.0.0", themes: [.init(id: "t", name: "T", depth: 0), .init(id: "u", name: "U", depth: 0)],
                       cases: [.init(name: "A", attributes: [:]), .init(name: "B", attributes: [:])], codings: codings,
                       summaries: [:])
    }

    @Test func overlappingCodingsOfAThemeInACaseCountOnce() {
        let chart = Self.chart([
            // One passage coded by the auto-coder and two researchers with slightly different spans.
            Self.placed("autocode", "s1", 10, 50), Self.placed("R1", "s1", 10, 50), Self.placed("R2", "s1", 12, 48),
            // R1 coded two overlapping bits of a second passage: still one passage, for R1 too.
            Self.placed("R1", "s1", 100, 120), Self.placed("R1", "s1", 110, 130),
            // Touching is not overlapping; another source is another passage.
            Self.placed("R2", "s1", 130, 140), Self.placed("R2", "s2", 10, 50),
            // Another theme, another case: their own cells.
            Self.placed("R1", "s1", 10, 50, theme: "u"), Self.placed("R1", "s3", 0, 5, caseName: "B"),
        ])
        let cell = chart.cells[0][0]
        #expect(cell.codings == 7)
        #expect(cell.count == 4)
        #expect(cell.distinctPassages.map { [$0.start, $0.end] } == [[10, 50], [100, 130], [130, 140], [10, 50]])
        #expect(cell.distinctPassages.map(\.source) == ["s1", "s1", "s1", "s2"])
        #expect(cell.distinctPassages[0].coders == ["autocode", "R1", "R2"])
        #expect(cell.coders.map { "\($0.coder) \($0.passages)" } == ["R1 2", "R2 3", "autocode 1"])
        // The quote shown is the longest coding's, or the longest of the preferred ones.
        #expect(cell.distinctPassages[1].quoted().quote == "s1 100-120")
        #expect(cell.distinctPassages[0].quoted { $0.coder == "R2" }.quote == "s1 12-48")
        #expect(chart.cells[0][1].count == 1 && chart.cells[1][0].count == 1)
        #expect(chart.crossTab(attribute: "none").rows[0].passages["(none)"] == 5)
    }

    @Test func theMatrixPageShowsEachPassageOnceWithItsCoders() {
        let chart = Self.chart([Self.placed("autocode", "s1", 10, 50), Self.placed("R1", "s1", 10, 50),
                                Self.placed("R2", "s1", 12, 48)])
        let html = ChartPage.html(chart, groupBy: nil, generated: "test")
        #expect(html.components(separatedBy: "“s1 10-50”").count == 2, "one quote for the three codings")
        #expect(html.contains("s1 [10–50], coded by autocode, R1, R2"))
        #expect(html.contains("1 passage</summary>"))
    }
}
