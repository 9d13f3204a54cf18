import Foundation
import Testing

/// Compares `text` with the snapshot `Snapshots/NAME`, beside this file. With `RECORD_SNAPSHOTS=1`
/// in the environment (or when the snapshot does not exist yet) it writes the snapshot instead and
/// records a failure, so a re-recorded baseline is always looked at before it is committed.
func expectSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    if record || !FileManager.default.fileExists(atPath: file.path) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("Recorded a new snapshot \(name); check it and run the tests again", sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    guard text != expected else { return }
    let got = text.components(separatedBy: "\n"), want = expected.components(separatedBy: "\n")
    let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
    Issue.record("""
        \(name) differs from its snapshot at line \(line + 1):
          expected: \(line < want.count ? want[line] : "(end)")
          got:      \(line < got.count ? got[line] : "(end)")
        (if the change is intended, re-record with RECORD_SNAPSHOTS=1 swift test --filter Snapshot)
        """, sourceLocation: sourceLocation)
}

/// Golden files of the demo's evidence log and of the table, CSV and JSON output of every listing command.
@Suite("Snapshots of the demo", .serialized)
struct SnapshotTests {
    static let demo: URL = {
        let folder = try! TestSupport.temporaryFolder()
        let run = try! TestSupport.workbench(["demo"], in: folder)
        precondition(run.status == 0, run.stderr)
        return folder.appendingPathComponent("demo-project")
    }()

    /// Output with what changes from run to run (the project's folder, times of day) replaced.
    static func stable(_ text: String) -> String {
        text.replacingOccurrences(of: demo.path, with: "<project>")
            .replacing(/\/[^\s",]+\/(MaturityMatrix|Questionnaires|ObservationSchedules|CodingFrameworks|Interventions|CycleTemplates)\//,
                       with: { "<built-in>/\($0.1)/" })
            .replacing(/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?/, with: "<time>")
    }

    @Test func theDemoWritesTheSameEvidenceLog() throws {
        for name in ["evidence-log.md", "evidence-log.html"] {
            let text = try String(contentsOf: Self.demo.appendingPathComponent("exports/\(name)"), encoding: .utf8)
            try expectSnapshot(text, named: "demo-\(name)")
        }
    }

    static let listings: [(name: String, arguments: [String])] = [
        ("schools", ["schools", "list"]), ("participants", ["participants", "list"]),
        ("transcripts", ["transcripts", "list"]), ("transcript", ["transcripts", "show", "teacher-interview.docx"]), ("memos", ["memos", "list"]),
        ("member-checks", ["member-checks", "list"]), ("outside", ["outside", "list", "--all"]),
        ("draft", ["draft", "show"]), ("draft-history", ["draft", "history"]),
        ("codings", ["codings", "list", "--coder", "Researcher 2"]),
        ("codings-export", ["codings", "export", "--framework", "draft"]),
        ("audit", ["audit", "show", "tsa-maturity-matrix"]),
        ("judgements", ["audit", "judgements", "tsa-maturity-matrix"]),
        ("score", ["score", "tses-long", "--occasion", "pre"]),
        ("reliability", ["reliability", "tses-long", "--occasion", "pre"]),
        ("compare", ["compare", "tses-long", "--from", "pre", "--to", "post"]),
        ("chart", ["chart", "hope-challenge", "--coder", "Researcher 1"]),
        ("crosstab", ["chart", "crosstab", "hope-challenge", "--attribute", "role"]),
        ("agreement", ["agreement", "--framework", "hope-challenge", "--coders", "Researcher 1,Researcher 2"]),
        ("analysis", ["analysis"]), ("interventions", ["interventions", "list", "--strand", "jpd.mentoring_coaching"]),
        ("suggest", ["interventions", "suggest"]), ("enquiries", ["enquiry", "list"]), ("cycle", ["cycle", "show", "1"]),
        ("plugins", ["plugins", "list"]), ("plugin", ["plugins", "show", "tsa-maturity-matrix"]),
        ("measures", ["criteria", "measures"]), ("history", ["history", "--limit", "5"]),
    ]

    @Test(arguments: listings)
    func everyListingInEveryFormat(name: String, arguments: [String]) throws {
        for format in ["table", "csv", "json"] {
            let run = try TestSupport.workbench(arguments + ["--format", format, "--project", Self.demo.path])
            #expect(run.status == 0, "\(arguments) \(format): \(run.stderr)")
            try expectSnapshot(Self.stable(run.stdout), named: "\(name).\(format == "table" ? "txt" : format)")
            if format == "json" {
                #expect((try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) != nil, "\(name): valid JSON")
            }
        }
    }
}
