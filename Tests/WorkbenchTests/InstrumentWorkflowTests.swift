import Foundation
import ProjectStore
import Testing
import WorkbenchCore

/// End-to-end instrument work through the command line: import, score, reliability, compare, audits.
@Suite("Instrument workflow", .serialized)
struct InstrumentWorkflowTests {
    /// A new project with participants T1–T4.
    static func project() throws -> URL {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("project")
        #expect(try TestSupport.workbench(["init", folder.path]).status == 0)
        for name in ["T1", "T2", "T3", "T4"] {
            #expect(try TestSupport.workbench(["participants", "add", name, "--project", folder.path]).status == 0)
        }
        return folder
    }

    static func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let pre = """
    participant,su1,su2,su3,su4,tr1,tr2,tr3,tr4,ev1,ev2,ev3
    T1,4,3,4,2,3,3,4,2,3,2,2
    T2,3,3,3,3,2,3,3,3,2,2,1
    T3,5,4,4,1,4,4,4,2,4,3,3
    T4,2,2,3,4,2,2,2,4,2,1,1
    """
    static let post = """
    participant,su1,su2,su3,su4,tr1,tr2,tr3,tr4,ev1,ev2,ev3
    T1,5,4,4,1,4,4,4,2,4,3,3
    T2,4,4,3,2,3,,,,3,,
    T3,5,5,5,1,5,4,5,1,5,4,4
    T4,3,3,3,3,3,3,2,3,3,2,2
    """

    static func json(_ run: TestSupport.Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func importScoreReliabilityAndCompare() throws {
        let project = try Self.project()
        let p = project.path
        let pre = try Self.write(Self.pre, "pre.csv", in: project)
        let post = try Self.write(Self.post, "post.csv", in: project)
        #expect(try TestSupport.workbench(["responses", "import", "staff-enquiry-survey", pre, "--occasion", "pre",
                                           "--project", p]).status == 0)
        #expect(try TestSupport.workbench(["responses", "import", "staff-enquiry-survey", post, "--occasion", "post",
                                           "--project", p]).status == 0)

        let scores = try Self.json(try TestSupport.workbench(["score", "staff-enquiry-survey", "--occasion", "post",
                                                              "--format", "json", "--project", p]))
        let participants = try #require(scores["participants"] as? [[String: Any]])
        #expect(participants.map { $0["participant"] as? String } == ["T1", "T2", "T3", "T4"])
        let t1 = try #require(participants[0]["subscales"] as? [String: Any])
        // T1 post understanding: su1 5, su2 4, su3 4, su4 reversed 6 − 1 = 5 → 4.5.
        #expect(t1["understanding"] as? Double == 4.5)
        let t2 = try #require(participants[1]["subscales"] as? [String: Any])
        #expect(t2["trust"] is NSNull)  // one of four trust items answered: below the minimum of 3

        let reliability = try Self.json(try TestSupport.workbench(["reliability", "staff-enquiry-survey", "--occasion",
                                                                   "pre", "--missing", "listwise", "--format", "json",
                                                                   "--project", p]))
        let rows = try #require(reliability["subscales"] as? [[String: Any]])
        #expect(rows.first?["subscale"] as? String == "understanding")
        #expect(rows.first?["n"] as? Int == 4)
        #expect(rows.first?["alpha"] is Double)

        let comparison = try Self.json(try TestSupport.workbench(["compare", "staff-enquiry-survey", "--from", "pre",
                                                                  "--to", "post", "--format", "json", "--project", p]))
        let subscales = try #require(comparison["subscales"] as? [[String: Any]])
        let understanding = try #require(subscales.first { $0["subscale"] as? String == "understanding" })
        for key in ["n", "meanDifference", "sdDifference", "t", "df", "p", "wilcoxon", "cohenDz", "hedgesGz"] {
            #expect(understanding[key] != nil, "missing \(key)")
        }
        let wilcoxon = try #require(understanding["wilcoxon"] as? [String: Any])
        #expect(wilcoxon["statistic"] is Double && wilcoxon["p"] is Double && wilcoxon["method"] is String)
        #expect(understanding["n"] as? Int == 4)
        // Differences 0.75, 0.75, 0.5, 0.75: mean 0.6875. SciPy 1.17.1 `ttest_1samp(...).confidence_interval()`:
        // [0.48859710591976824, 0.8864028940802318]; d_z 5.5, g_z 3.979806900070472 (exact J), 4.0 (approximate).
        #expect(understanding["meanDifference"] as? Double == 0.6875)
        #expect(close(try #require(understanding["confidenceLow"] as? Double), 0.48859710591976824))
        #expect(close(try #require(understanding["confidenceHigh"] as? Double), 0.8864028940802318))
        #expect(close(try #require(understanding["hedgesGz"] as? Double), 3.979806900070472))
        #expect(close(try #require(understanding["hedgesGzApproximate"] as? Double), 4.0))
        let warnings = try #require(understanding["warnings"] as? [String])
        #expect(warnings.contains { $0.hasPrefix("only 4 pairs: with fewer than 5") })

        // The same interval and warning in the table and the CSV.
        let table = try TestSupport.workbench(["compare", "staff-enquiry-survey", "--from", "pre", "--to", "post",
                                               "--project", p])
        #expect(table.stdout.contains("[0.49, 0.89]"))
        #expect(table.stdout.contains("warning: understanding: only 4 pairs"))
        let csv = try TestSupport.workbench(["compare", "staff-enquiry-survey", "--from", "pre", "--to", "post",
                                             "--format", "csv", "--project", p])
        let lines = csv.stdout.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let line = try #require(lines.first { $0.hasPrefix("understanding,") })
        let row = line.split(separator: ",").map(String.init)
        let low = try #require(header.firstIndex(of: "CI LOW")), high = try #require(header.firstIndex(of: "CI HIGH"))
        #expect(close(try #require(Double(row[low])), 0.48859710591976824))
        #expect(close(try #require(Double(row[high])), 0.8864028940802318))
        #expect(header.last == "WARNINGS" && line.hasSuffix(",\"only 4 pairs: with fewer than 5, p-values and effect "
                                                             + "sizes are unstable; report each participant's change instead\""))

        // Reliability from 4 respondents carries no warning; the HTML report lists the comparison's.
        let html = try TestSupport.workbench(["report", "instrument", "staff-enquiry-survey", "--from", "pre", "--to", "post",
                                              "--out", project.appendingPathComponent("r.html").path, "--project", p])
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOf: project.appendingPathComponent("r.html"), encoding: .utf8)
        #expect(page.contains("<ul class=\"warnings\"><li>") && page.contains("only 4 pairs"))
        #expect(page.contains("[0.49, 0.89]"))
    }

    /// One file with an occasion column holds every occasion, long or wide, and answers may be labels.
    @Test func oneFileWithAnOccasionColumnImportsEveryOccasion() throws {
        func lines(_ text: String, occasion: String) -> [String] {
            text.split(separator: "\n").dropFirst().map { "\($0),\(occasion)" }
        }
        let header = Self.pre.split(separator: "\n")[0] + ",occasion"
        let wide = ([String(header)] + lines(Self.pre, occasion: "pre") + lines(Self.post, occasion: "post"))
            .joined(separator: "\n")
            // Labels for codes, in any case and spacing: T1's su1 on pre is 4 ("Agree"), on post 5.
            .replacingOccurrences(of: "T1,4,3,4,2", with: "T1,agree,3,4,2")
            .replacingOccurrences(of: "T1,5,4,4,1", with: "T1,Strongly  AGREE,4,4,1")
        var long = ["participant,item,value,occasion"]
        let items = Self.pre.split(separator: "\n")[0].split(separator: ",").dropFirst().map(String.init)
        for (text, occasion) in [(Self.pre, "pre"), (Self.post, "post")] {
            for row in text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
                let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                for (item, value) in zip(items, fields.dropFirst()) { long.append("\(fields[0]),\(item),\(value),\(occasion)") }
            }
        }
        for (name, text) in [("wide.csv", wide), ("long.csv", long.joined(separator: "\n"))] {
            let project = try Self.project()
            let file = try Self.write(text, name, in: project)
            let run = try TestSupport.workbench(["responses", "import", "staff-enquiry-survey", file, "--project", project.path])
            #expect(run.status == 0, "\(name): \(run.stderr)")
            #expect(run.stdout.contains("for occasions 'pre', 'post'"), "\(run.stdout)")
            if name == "wide.csv" { #expect(run.stdout.contains("'agree' → 4") && run.stdout.contains("'Strongly  AGREE' → 5")) }
            let comparison = try Self.json(try TestSupport.workbench(["compare", "staff-enquiry-survey", "--from", "pre",
                                                                      "--to", "post", "--format", "json", "--project",
                                                                      project.path]))
            let understanding = try #require((comparison["subscales"] as? [[String: Any]])?.first)
            #expect(understanding["n"] as? Int == 4 && understanding["meanDifference"] as? Double == 0.6875, "\(name)")
        }
    }

    @Test(arguments: [
        ("participant,item,value,occasion\nT1,su1,4,pre\n", ["--occasion", "pre"], "has an occasion column (pre); leave out the occasion"),
        ("participant,item,value\nT1,su1,4\n", [], "has no occasion column: name the occasion"),
        ("participant,item,value,occasion\nT1,su1,4,\n", [], "o.csv:2:4: no occasion"),
        ("participant,su1,occasion\nT1,4,pre\nT1,5,pre\n", [], "o.csv:3:1: T1 appears on more than one row for 'pre'"),
        ("participant,item,value,occasion\nT1,su1,4,pre\nT1,su1,5,pre\n", [], "o.csv:3:3: a second answer from T1 to su1 on 'pre'"),
        ("participant,su1,occasion\nT1,Agree a lot,pre\n", [], "value 'Agree a lot' is not on the scale of su1"),
    ]) func occasionColumnsAndLabelsAreChecked(_ text: String, _ extra: [String], _ message: String) throws {
        let project = try Self.project()
        let file = try Self.write(text, "o.csv", in: project)
        let run = try TestSupport.workbench(["responses", "import", "staff-enquiry-survey", file, "--project", project.path]
                                            + extra)
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        let score = try TestSupport.workbench(["score", "staff-enquiry-survey", "--occasion", "pre", "--project", project.path])
        #expect(score.status != 0, "nothing was imported")
    }

    /// A participant who took part and left every item blank is listed with null scores, from a wide
    /// file and a long one alike; deleting their answers takes them off the occasion, and undo brings
    /// them back.
    @Test func aParticipantWhoLeftEverythingBlankIsListed() throws {
        for (name, text) in [("wide.csv", "participant,su1,su2\nT1,4,4\nT2,,\n"),
                             ("long.csv", "participant,item,value\nT1,su1,4\nT1,su2,4\nT2,su1,\nT2,su2,\n")] {
            let project = try Self.project()
            let file = try Self.write(text, name, in: project)
            let run = try TestSupport.workbench(["responses", "import", "staff-enquiry-survey", file, "--occasion", "pre",
                                                 "--project", project.path])
            #expect(run.status == 0 && run.stdout.contains("2 answers from 2 participant(s)"), "\(name): \(run.stdout)\(run.stderr)")
            func scores() throws -> [String: [String: Any]] {
                let json = try Self.json(try TestSupport.workbench(["score", "staff-enquiry-survey", "--occasion", "pre",
                                                                    "--format", "json", "--project", project.path]))
                let people = try #require(json["participants"] as? [[String: Any]])
                return Dictionary(uniqueKeysWithValues: people.map { ($0["participant"] as! String, $0["subscales"] as! [String: Any]) })
            }
            let listed = try scores()
            #expect(listed.keys.sorted() == ["T1", "T2"], "\(name)")
            let blank = try #require(listed["T2"])
            #expect(!blank.isEmpty && blank.values.allSatisfy { $0 is NSNull }, "\(name): \(blank)")
            let deleted = try TestSupport.workbench(["responses", "delete", "staff-enquiry-survey", "--participant", "T2",
                                                     "--occasion", "pre", "--project", project.path])
            #expect(deleted.status == 0 && deleted.stdout.contains("Deleted 0 answers of T2"), "\(deleted.stdout)\(deleted.stderr)")
            #expect(try scores().keys.sorted() == ["T1"])
            #expect(try TestSupport.workbench(["undo", "--project", project.path]).status == 0)
            #expect(try scores().keys.sorted() == ["T1", "T2"])
        }
    }

    /// An answers file gives the codes of wordings a form tool uses that are not the labels.
    @Test func anAnswersFileMapsOtherWordingsToCodes() throws {
        let project = try Self.project()
        let file = try Self.write("participant,su1,su2\nT1,Agree a lot,  somewhat \nT2,Agree,2\n", "a.csv", in: project)
        let answers = try Self.write("scale,answer,code\nagreement,Agree a lot,5\n,Somewhat,3\n", "answers.csv", in: project)
        let run = try TestSupport.workbench(["responses", "import", "staff-enquiry-survey", file, "--occasion", "pre",
                                             "--answers", answers, "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("'Agree a lot' → 5") && run.stdout.contains("'somewhat' → 3")
                && run.stdout.contains("'Agree' → 4"), "\(run.stdout)")
        let stored = try WorkbenchProject.open(at: project).store.responses(instrument: "staff-enquiry-survey", occasion: "pre")
        #expect(stored.map { "\($0.pseudonym),\($0.response.item),\($0.response.code)" }
                == ["T1,su1,5", "T1,su2,3", "T2,su1,4", "T2,su2,2"])
    }

    @Test(arguments: [
        ("scale,answer\nagreement,Agree a lot\n", "answers.csv:1: an answers file needs the header scale,answer,code"),
        ("scale,answer,code\nfrequency,Agree a lot,5\n", "answers.csv:2:1: unknown scale 'frequency' (scales: agreement)"),
        ("scale,answer,code\nagreement,Agree a lot,7\n", "answers.csv:2:3: code '7' is not on the scale agreement (codes: 1, 2, 3, 4, 5, 9)"),
        ("scale,answer,code\n,Agree a lot,7\n", "answers.csv:2:3: code '7' is not on any scale"),
        ("scale,answer,code\nagreement,Agree a lot,5\nagreement,agree A LOT,4\n", "answers.csv:3:3: 'agree A LOT' is given the codes 5 and 4"),
    ]) func aBadAnswersFileIsNamedByLine(_ text: String, _ message: String) throws {
        let project = try Self.project()
        let file = try Self.write("participant,su1\nT1,Agree a lot\n", "a.csv", in: project)
        let answers = try Self.write(text, "answers.csv", in: project)
        let run = try TestSupport.workbench(["responses", "import", "staff-enquiry-survey", file, "--occasion", "pre",
                                             "--answers", answers, "--project", project.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        let score = try TestSupport.workbench(["score", "staff-enquiry-survey", "--occasion", "pre", "--project", project.path])
        #expect(score.status != 0, "nothing was imported")
    }

    @Test func reliabilityWarnsAtSmallNAndWhenAlphaIsNegative() throws {
        let project = try Self.project()
        // Two respondents whose items run opposite ways: α is negative and from fewer than 3 people.
        let pre = try Self.write("""
        participant,su1,su2,su3,su4,tr1,tr2,tr3,tr4,ev1,ev2,ev3
        T1,5,2,5,5,3,3,4,2,3,2,2
        T2,1,4,2,1,2,3,3,3,2,2,1
        """, "pre.csv", in: project)
        #expect(try TestSupport.workbench(["responses", "import", "staff-enquiry-survey", pre, "--occasion", "pre",
                                           "--project", project.path]).status == 0)
        let reliability = try Self.json(try TestSupport.workbench(["reliability", "staff-enquiry-survey", "--occasion",
                                                                   "pre", "--format", "json", "--project", project.path]))
        let rows = try #require(reliability["subscales"] as? [[String: Any]])
        let understanding = try #require(rows.first { $0["subscale"] as? String == "understanding" })
        #expect(try #require(understanding["alpha"] as? Double) < 0)
        let warnings = try #require(understanding["warnings"] as? [String])
        #expect(warnings.contains { $0.hasPrefix("alpha from 2 respondents") })
        #expect(warnings.contains { $0.hasPrefix("alpha is negative") && $0.contains("reverse-keyed") })
        let table = try TestSupport.workbench(["reliability", "staff-enquiry-survey", "--occasion", "pre",
                                               "--project", project.path])
        #expect(table.stdout.contains("warning: understanding: alpha is negative"))
    }

    @Test func aCSVWithOneBadValueImportsNothingAndNamesRowColumnAndValue() throws {
        let project = try Self.project()
        let bad = try Self.write(Self.pre.replacingOccurrences(of: "T3,5,4,4", with: "T3,5,4,7"), "bad.csv", in: project)
        let run = try TestSupport.workbench(["responses", "import", "staff-enquiry-survey", bad, "--occasion", "pre",
                                             "--project", project.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("bad.csv:4:4: value '7' is not on the scale of su3"))
        let score = try TestSupport.workbench(["score", "staff-enquiry-survey", "--occasion", "pre",
                                               "--project", project.path])
        #expect(score.status != 0)
        #expect(score.stderr.contains("no answers"))
    }

    @Test(arguments: [
        ("participant,su1,zz9\nT1,4,3\n", "bad.csv:1:3: unknown item column 'zz9'"),
        ("participant,su1\nT1,4\nT1,3\n", "bad.csv:3:1: T1 appears on more than one row"),
        ("participant,item,value\nT1,su1,4\nT1,su1,5\n", "bad.csv:3:3: a second answer from T1 to su1"),
        ("participant,item,value\nT1,nope,4\n", "bad.csv:2:2: unknown item 'nope'"),
        ("participant,su1\nT9,4\n", "unknown participant(s) T9"),
        ("su1,su2\n4,3\n", "bad.csv:1: no participant column"),
    ])
    func badFilesAreRefusedWithTheirPosition(content: String, message: String) throws {
        let project = try Self.project()
        let file = try Self.write(content, "bad.csv", in: project)
        let run = try TestSupport.workbench(["responses", "import", "staff-enquiry-survey", file, "--occasion", "pre",
                                             "--project", project.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func aMappingFileImportsAFormToolExport() throws {
        let project = try Self.project()
        let export = try Self.write("""
        Timestamp,Your code,I can explain the question,Colleagues describe the aims
        2025-01-01 10:00,T1,4,3
        2025-01-01 10:05,T2,5,
        """, "export.csv", in: project)
        let mapping = try Self.write("column,item\nYour code,participant\nI can explain the question,su1\n"
                                     + "Colleagues describe the aims,su2\n", "mapping.csv", in: project)
        let run = try TestSupport.workbench(["responses", "import", "staff-enquiry-survey", export, "--occasion", "pre",
                                             "--mapping", mapping, "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Imported 3 answers from 2 participant(s)"))
    }

    @Test func auditsGiveTheMedianLevelAndChange() throws {
        let project = try Self.project()
        let strand = "partnership.high_social_capital"
        for (level, respondent, occasion) in [("beginning", "Head A", "autumn"), ("developing", "Head B", "autumn"),
                                              ("developing", "Head C", "autumn"), ("embedding", "Head A", "summer")] {
            let run = try TestSupport.workbench(["audit", "record", "tsa-maturity-matrix", "--strand", strand,
                                                 "--level", level, "--evidence", "minutes of the steering group",
                                                 "--respondent", respondent, "--occasion", occasion,
                                                 "--project", project.path])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let unknown = try TestSupport.workbench(["audit", "record", "tsa-maturity-matrix", "--strand", "nope",
                                                 "--level", "leading", "--evidence", "x", "--occasion", "autumn",
                                                 "--project", project.path])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown strand 'nope'"))
        let shown = try Self.json(try TestSupport.workbench(["audit", "show", "tsa-maturity-matrix", "--format", "json",
                                                             "--project", project.path]))
        let strands = try #require(shown["strands"] as? [[String: Any]])
        let row = try #require(strands.first { $0["strand"] as? String == strand })
        #expect(row["change"] as? Int == 1)
        let autumn = try #require((row["occasions"] as? [String: Any])?["autumn"] as? [String: Any])
        #expect((autumn["median"] as? [String: Any])?["id"] as? String == "developing")
        #expect(autumn["n"] as? Int == 3)
    }

    /// A whole audit from one CSV gives the same results as judgement by judgement, and shows its evidence.
    @Test func anAuditImportedFromCSVGivesTheSameResultsAndShowsItsEvidence() throws {
        let project = try Self.project()
        let strand = "partnership.high_social_capital"
        let file = try Self.write("""
        Occasion,Respondent,Strand,Level,Evidence
        autumn,Head A,\(strand),beginning,Steering group minutes of 3 October
        autumn,Head B,\(strand),Developing,"Two joint INSET days, one cancelled"
        autumn,Head C,\(strand),developing,Peer visits log
        summer,Head A,\(strand),embedding,Shared lesson study across four schools
        """, "audit.csv", in: project)
        let run = try TestSupport.workbench(["audit", "import", "tsa-maturity-matrix", file, "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Imported 4 judgement(s) for 'autumn', 'summer'."))
        let shown = try Self.json(try TestSupport.workbench(["audit", "show", "tsa-maturity-matrix", "--format", "json",
                                                             "--project", project.path]))
        let row = try #require((shown["strands"] as? [[String: Any]])?.first { $0["strand"] as? String == strand })
        #expect(row["change"] as? Int == 1)
        let autumn = try #require((row["occasions"] as? [String: Any])?["autumn"] as? [String: Any])
        #expect((autumn["median"] as? [String: Any])?["id"] as? String == "developing" && autumn["n"] as? Int == 3)
        let evidence = try #require(row["judgements"] as? [[String: Any]]).compactMap { $0["evidence"] as? String }
        #expect(evidence.contains("Two joint INSET days, one cancelled"))
        let table = try TestSupport.workbench(["audit", "show", "tsa-maturity-matrix", "--project", project.path])
        #expect(table.stdout.contains("'autumn': Developing (Head B) — Two joint INSET days, one cancelled"))
        let page = project.appendingPathComponent("audit.html")
        #expect(try TestSupport.workbench(["report", "instrument", "tsa-maturity-matrix", "--out", page.path,
                                           "--project", project.path]).status == 0)
        #expect(try String(contentsOf: page, encoding: .utf8).contains("<td>Shared lesson study across four schools</td>"))
    }

    @Test(arguments: [
        ("strand,level,evidence\nx,y,z\n", "audit.csv:1: the columns occasion are missing"),
        ("strand,level,evidence,occasion\nnope,developing,e,autumn\n", "audit.csv:2: unknown strand 'nope'"),
        ("strand,level,evidence,occasion\npartnership.high_social_capital,great,e,autumn\n", "audit.csv:2: unknown level 'great'"),
        ("strand,level,evidence,occasion\npartnership.high_social_capital,developing,,autumn\n", "audit.csv:2: no evidence"),
        ("strand,level,evidence,occasion\npartnership.high_social_capital,developing,e,\n", "audit.csv:2: no occasion"),
        ("strand,level,evidence,occasion,respondent\npartnership.high_social_capital,developing,e,autumn,A\n"
         + "partnership.high_social_capital,embedding,f,autumn,A\n", "audit.csv:3: A judges partnership.high_social_capital on 'autumn' again (first on line 2)"),
    ]) func badAuditFilesAreNamedByLineAndImportNothing(_ text: String, _ message: String) throws {
        let project = try Self.project()
        let file = try Self.write(text, "audit.csv", in: project)
        let run = try TestSupport.workbench(["audit", "import", "tsa-maturity-matrix", file, "--project", project.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        let shown = try TestSupport.workbench(["audit", "show", "tsa-maturity-matrix", "--project", project.path])
        #expect(shown.status != 0 && shown.stderr.contains("no judgements recorded"))
    }

    @Test func terminalEntryDrivenThroughAPseudoTerminal() throws {
        let project = try Self.project()
        // Answers for the 11 items: one invalid answer ("7") is asked again, one item is skipped (empty line).
        let answers = ["4", "7", "3", "4", "2", "3", "", "4", "2", "3", "2", "2"].joined(separator: "\n") + "\n"
        let command = [TestSupport.workbench.path, "responses", "enter", "staff-enquiry-survey",
                       "--participant", "T1", "--occasion", "pre", "--project", project.path]
            .map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", command, "/dev/null"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(answers.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("[1/11] su1"))
        #expect(text.contains("'7' is not an answer to su2"))
        #expect(text.contains("Saved 10 answers for T1."))
        let scores = try Self.json(try TestSupport.workbench(["score", "staff-enquiry-survey", "--occasion", "pre",
                                                              "--format", "json", "--project", project.path]))
        let first = try #require((scores["participants"] as? [[String: Any]])?.first?["subscales"] as? [String: Any])
        // su1 4, su2 3, su3 4, su4 reversed 6 − 2 = 4 → 3.75.
        #expect(first["understanding"] as? Double == 3.75)
    }
}

/// A form tool's export read with its columns chosen and its answers given as labels.
@Suite struct ResponsePreviewTests {
    @Test func columnsAreSuggestedFromWordingAndLabelsBecomeCodes() throws {
        let folder = try TestSupport.temporaryFolder()
        let project = try WorkbenchCore.WorkbenchProject.create(at: folder.appendingPathComponent("p"))
        _ = try project.people.addParticipant("Teacher A", role: nil, school: nil, attributes: [], names: [])
        let file = folder.appendingPathComponent("export.csv")
        try """
        When,Who,I can explain the question our enquiry is trying to answer.,su2
        today,Teacher A,agree,Strongly Agree
        """.write(to: file, atomically: true, encoding: .utf8)
        let suggested = try project.instruments.previewResponses("staff-enquiry-survey", from: file)
        #expect(suggested.mapping == ["I can explain the question our enquiry is trying to answer.": "su1", "su2": "su2"])
        #expect(suggested.table == nil && suggested.problems.contains { $0.contains("no participant column") })

        var columns = suggested.mapping
        columns["Who"] = "participant"
        let chosen = try project.instruments.previewResponses("staff-enquiry-survey", from: file, columns: columns)
        let table = try #require(chosen.table, "\(chosen.problems)")
        #expect(table.answers.map(\.code).sorted() == ["4", "5"])
        #expect(table.labelsRead["agreement"] == ["agree": "4", "Strongly Agree": "5"])
        #expect(try project.store.responses(instrument: "staff-enquiry-survey", occasion: "x").isEmpty, "a preview saves nothing")

        columns["When"] = "su2"
        let twice = try project.instruments.previewResponses("staff-enquiry-survey", from: file, columns: columns)
        #expect(twice.problems.contains { $0.contains("2 columns are mapped to su2") })
        // Without labels (the CLI's default) a label is not a code.
        #expect(throws: WorkbenchCore.WorkbenchError.self) {
            try project.instruments.importResponses("staff-enquiry-survey", from: file, occasion: "x", columns: columns)
        }
    }
}
