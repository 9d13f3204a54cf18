import Foundation
import Testing
import ZIPFoundation

/// The outputs of a small generated corpus, kept as snapshots recorded before the corpus-scale
/// speed work: the codings, the framework matrix in every format, the analysis status and the
/// REFI-QDA project file must stay byte for byte what they were, whatever the commands do to be fast.
@Suite("Corpus outputs stay identical", .serialized)
struct CorpusOutputTests {
    static let frameworkID = "generated-corpus"

    /// Twelve transcripts with accented words, an emoji (outside the Basic Multilingual Plane, so
    /// code points and UTF-16 differ), CRLF line ends in some files and a framework with keywords,
    /// a phrase, a pattern and a speaker rule.
    static let project: URL = {
        let folder = try! TestSupport.temporaryFolder()
        let words = ["we", "the", "pupils", "trust", "café", "lesson", "naïve", "questions", "coaching", "really",
                     "think", "modelling", "résumé", "science", "school", "partnership", "👍", "confidence", "and",
                     "planning", "Zoë", "subject", "knowledge", "enjoyed", "so"]
        var state: UInt64 = 7
        func pick(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        var files: [String] = []
        for index in 1...12 {
            let speaker = ["Teacher", "Trainee", "Head"][index % 3] + " \(index)"
            var lines: [String] = []
            for turn in 0..<(20 + index) {
                let said = (0..<(6 + pick(30))).map { _ in words[min(pick(words.count), pick(words.count))] }
                lines.append((turn % 2 == 0 ? "Interviewer" : speaker) + ": " + said.joined(separator: " ") + ".")
            }
            let file = folder.appendingPathComponent("interview-\(index).txt")
            try! Data(lines.joined(separator: index % 4 == 0 ? "\r\n" : "\n").utf8).write(to: file)
            files.append(file.path)
        }
        let project = folder.appendingPathComponent("project")
        func workbench(_ arguments: [String]) {
            let run = try! TestSupport.workbench(arguments)
            precondition(run.status == 0, "\(arguments): \(run.stderr)")
        }
        workbench(["init", project.path])
        let framework = """
            <?xml version="1.0" encoding="UTF-8"?>
            <codingFramework xmlns="urn:workbench:coding-framework:1" id="\(frameworkID)" version="1.0.0">
              <name>Generated corpus</name>
              <author>Tests</author>
              <licence>CC0-1.0</licence>
              <provenance textIncluded="true"><citation>Tests.</citation><source>Tests.</source></provenance>
              <theme id="relations" name="Relations">
                <definition>How people work together.</definition>
                <theme id="relations.trust" name="Trust"><definition>Trust.</definition>
                  <keyword>trust</keyword><keyword>partnership</keyword></theme>
                <theme id="relations.cafe" name="Café talk"><definition>Informal talk.</definition>
                  <keyword>café</keyword><keyword>Zoë</keyword><keyword>👍</keyword></theme>
              </theme>
              <theme id="practice" name="Practice">
                <definition>Teaching.</definition>
                <theme id="practice.modelling" name="Modelling"><definition>Modelling.</definition>
                  <keyword>modelling</keyword><keyword>subject knowledge</keyword></theme>
                <theme id="practice.questions" name="Questions"><definition>Questions.</definition>
                  <keyword>questions</keyword><pattern>\\bnaïve (pupils|science)\\b</pattern></theme>
                <theme id="practice.heads" name="Heads"><definition>What heads say.</definition>
                  <speaker>Head*</speaker></theme>
              </theme>
            </codingFramework>
            """
        try! Data(framework.utf8).write(to: project.appendingPathComponent("plugins/\(frameworkID).xml"))
        workbench(["participants", "add", "Teacher 3", "--role", "teacher", "--attribute", "school=North", "--project", project.path])
        workbench(["transcripts", "import", "--project", project.path] + files)
        workbench(["autocode", frameworkID, "--project", project.path])
        workbench(["codings", "add", "--framework", frameworkID, "--source", "interview-3.txt", "--theme", "relations.trust",
                   "--coder", "Researcher 1", "--start", "13", "--end", "60", "--project", project.path])
        workbench(["codings", "add", "--framework", frameworkID, "--source", "interview-3.txt", "--theme", "practice.modelling",
                   "--coder", "Researcher 2", "--start", "20", "--end", "90", "--project", project.path])
        workbench(["memos", "add", "interview-5.txt", "--text", "Zoë’s café 👍", "--by", "Researcher 1", "--project", project.path])
        workbench(["chart", "summarise", "Teacher 3", "relations.trust", "--text", "Trust first.", "--framework", frameworkID,
                   "--project", project.path])
        return project
    }()

    static func output(_ arguments: [String]) throws -> String {
        let run = try TestSupport.workbench(arguments + ["--project", project.path])
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        return stable(run.stdout)
    }

    static func stable(_ text: String) -> String {
        text.replacingOccurrences(of: project.deletingLastPathComponent().path, with: "<folder>")
            .replacing(/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})?/,
                       with: "<time>")
    }

    @Test func codingsExportIsUnchanged() throws {
        try expectSnapshot(Self.output(["codings", "export"]), named: "corpus-codings.csv")
        try expectSnapshot(Self.output(["codings", "export", "--format", "json"]), named: "corpus-codings.json")
    }

    @Test func frameworkMatrixIsUnchanged() throws {
        for format in ["table", "csv", "json"] {
            try expectSnapshot(Self.output(["chart", Self.frameworkID, "--by", "school", "--format", format]),
                               named: "corpus-chart.\(format == "table" ? "txt" : format)")
        }
        let html = Self.project.deletingLastPathComponent().appendingPathComponent("chart.html")
        _ = try Self.output(["chart", Self.frameworkID, "--format", "html", "--out", html.path])
        try expectSnapshot(Self.stable(String(contentsOf: html, encoding: .utf8)), named: "corpus-chart.html")
        try expectSnapshot(Self.output(["chart", "crosstab", Self.frameworkID, "--attribute", "school", "--format", "csv"]),
                           named: "corpus-crosstab.csv")
    }

    @Test func analysisStatusIsUnchanged() throws {
        try expectSnapshot(Self.output(["analysis", "--format", "json"]), named: "corpus-analysis.json")
    }

    @Test func refiExchangeIsUnchanged() throws {
        let folder = Self.project.deletingLastPathComponent()
        let package = folder.appendingPathComponent("corpus.qdpx")
        _ = try Self.output(["refi", "export", "--out", package.path])
        let archive = try Archive(url: package, accessMode: .read)
        var names: [String] = []
        var qde = Data()
        for entry in archive {
            names.append("\(entry.path) \(entry.uncompressedSize)")
            if entry.path == "project.qde" { _ = try archive.extract(entry) { qde.append($0) } }
        }
        try expectSnapshot(names.sorted().joined(separator: "\n") + "\n", named: "corpus-qdpx-entries.txt")
        try expectSnapshot(Self.stable(String(decoding: qde, as: UTF8.self)), named: "corpus-project.qde")
        let back = folder.appendingPathComponent("imported-\(UUID().uuidString)")
        let run = try TestSupport.workbench(["refi", "import", package.path, "--into", back.path])
        #expect(run.status == 0, "\(run.stderr)")
        try expectSnapshot(Self.stable(run.stdout + run.stderr).replacingOccurrences(of: back.lastPathComponent, with: "<back>"),
                           named: "corpus-refi-import.txt")
        let imported = try TestSupport.workbench(["codings", "export", "--project", back.path])
        try expectSnapshot(Self.stable(imported.stdout), named: "corpus-imported-codings.csv")
    }
}
