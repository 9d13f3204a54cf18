import BuiltinInstruments
import Enquiries
import Foundation
import ProjectStore
import Reports
import Testing
import WorkbenchCore
import WorkbenchDemo
import XMLKit

@Suite("Enquiries, cycles and the evidence log", .serialized)
struct EnquiryTests {
    static var examples: URL { TestSupport.repositoryRoot.appendingPathComponent("docs/examples") }

    /// Runs docs/enquiry-cycle.sh with the built workbench in a new folder; returns the project folder.
    static func runScript() throws -> URL {
        let folder = try TestSupport.temporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TestSupport.repositoryRoot.appendingPathComponent("docs/enquiry-cycle.sh").path, "p"]
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["WB": TestSupport.workbench.path, "EXAMPLES": examples.path,
             "READING_AGES": TestSupport.repositoryRoot.appendingPathComponent(
                "Plugins/Examples/ReadingAgeGain/reading-ages.csv").path]) { _, new in new }
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message)")
        return folder.appendingPathComponent("p")
    }

    @Test func theDocumentedCycleGivesTheGoldenLog() throws {
        let project = try Self.runScript()
        let exports = project.appendingPathComponent("exports")
        let log = try String(contentsOf: exports.appendingPathComponent("evidence-log.md"), encoding: .utf8)
        let golden = try String(contentsOf: TestSupport.fixture("golden/enquiry-cycle-log.md"), encoding: .utf8)
        #expect(log == golden)
        // The XML validates against the shipped schema.
        let schema = try XMLSchema(contentsOf: BuiltinInstruments.schemasDirectory.appendingPathComponent("evidence-log.xsd"))
        #expect(schema.validate(fileAt: exports.appendingPathComponent("evidence-log.xml")).isEmpty)
        // The HTML needs nothing from the network and has its charts.
        let html = try String(contentsOf: exports.appendingPathComponent("evidence-log.html"), encoding: .utf8)
        #expect(ReportTests.isSelfContained(html) && ReportTests.svgElements(html).count == 2)
        // The data package lists every table, and each table is there.
        let package = exports.appendingPathComponent("evidence-log-package")
        let descriptor = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: package.appendingPathComponent("datapackage.json"))) as? [String: Any])
        let resources = try #require(descriptor["resources"] as? [[String: Any]])
        #expect(resources.count == 8 && descriptor["profile"] as? String == "tabular-data-package")
        for resource in resources {
            let path = try #require(resource["path"] as? String)
            #expect(FileManager.default.fileExists(atPath: package.appendingPathComponent(path).path), "\(path)")
        }
        let figures = try String(contentsOf: package.appendingPathComponent("figures.csv"), encoding: .utf8)
        #expect(figures.contains("reading-age-months.gain-per-month"))
        // The anonymised log has no staff name.
        let anonymised = try String(contentsOf: exports.appendingPathComponent("evidence-log-anonymised.md"), encoding: .utf8)
        for name in ["Lawson", "Priya", "Greaves", "Eastbrook"] { #expect(!anonymised.contains(name), "\(name)") }
        #expect(anonymised.contains("Staff A"))
    }

    @Test func criterionStatusIsComputedFromTheLinkedData() throws {
        let folder = try TestSupport.temporaryFolder()
        let project = try WorkbenchProject.create(at: folder.appendingPathComponent("p"))
        let enquiry = try project.cycles.newEnquiry(title: "T", focus: "F", questions: ["Q?"], schools: [], lead: nil,
                                             champions: [], date: .day("2025-09-01"))
        let cycle = try project.cycles.startCycle(
            enquiry: enquiry.id!, template: "regional-enquiry-cluster", interventions: ["toolkit.mc1"], baseline: "B",
            criteria: [try CriterionText("Efficacy rises: tses-short.TSES.change >= 0.5")], date: .day("2025-09-02"))
        func status() throws -> (CriterionStatus, Double?) {
            let criterion = try #require(try project.cycles.evidenceLog().enquiries.first?.cycles.first?.criteria.first)
            return (criterion.status, criterion.value)
        }
        #expect(try status().0 == .noData)
        try project.instruments.importResponses("tses-short", from: Self.examples.appendingPathComponent("tses-short-pre.csv"),
                                    occasion: "pre", addParticipants: true)
        try project.instruments.importResponses("tses-short", from: Self.examples.appendingPathComponent("tses-short-post.csv"),
                                    occasion: "post")
        try project.cycles.addEvidence(cycle: cycle.id!, title: "TSES",
                                detail: .comparison(instrument: "tses-short", from: "pre", to: "post"), source: "s",
                                date: .day("2026-01-01"))
        let (met, before) = try status()
        #expect(met == .met && (before ?? 0) > 0.5)
        // Two more teachers whose efficacy fell: the same evidence now gives a smaller change.
        let header = "participant," + (1...12).map { "q\($0)" }.joined(separator: ",")
        for (occasion, value) in [("pre", 9), ("post", 1)] {
            let file = folder.appendingPathComponent("more-\(occasion).csv")
            try (header + "\nTeacher F," + Array(repeating: String(value), count: 12).joined(separator: ",")
                 + "\nTeacher G," + Array(repeating: String(value), count: 12).joined(separator: ",") + "\n")
                .write(to: file, atomically: true, encoding: .utf8)
            try project.instruments.importResponses("tses-short", from: file, occasion: occasion, addParticipants: true)
        }
        let (after, value) = try status()
        #expect(after == .notMet && (value ?? 1) < 0.5)
    }

    @Test func theAnonymisedDemoLogHasNoRealNameInAnyFormat() throws {
        let folder = try TestSupport.temporaryFolder()
        let summary = try Demo.build(at: folder.appendingPathComponent("demo"))
        let names = ["Sarah", "Bennett", "Helen", "Carter", "David", "Okafor"]
        // The plain log has them, so the check below means something.
        let plain = try String(contentsOf: summary.project.store.exportsFolder.appendingPathComponent("evidence-log.md"),
                               encoding: .utf8)
        #expect(names.allSatisfy { plain.contains($0) })
        for format in LogFormat.allCases {
            let out = folder.appendingPathComponent("anonymised-\(format.rawValue)")
            for file in try summary.project.cycles.exportLog(to: out, format: format, anonymise: true) {
                let text = try String(contentsOf: file, encoding: .utf8)
                for name in names { #expect(!text.contains(name), "\(file.lastPathComponent): \(name)") }
            }
        }
    }

    @Test func badInputIsRefusedWithOneLine() throws {
        let folder = try TestSupport.temporaryFolder()
        let project = folder.appendingPathComponent("p")
        #expect(try TestSupport.workbench(["init", project.path]).status == 0)
        #expect(try TestSupport.workbench(["enquiry", "new", "--title", "T", "--focus", "F", "--question", "Q?",
                                           "--date", "2025-09-01", "--project", project.path]).status == 0)
        for (arguments, message) in [
            (["cycle", "start", "--enquiry", "1", "--intervention", "toolkit.mc1", "--baseline", "B",
              "--criterion", "no measure here"], "criterion 'no measure here' is not 'DESCRIPTION: MEASURE >= VALUE'"),
            (["cycle", "start", "--enquiry", "7", "--intervention", "toolkit.mc1", "--baseline", "B"], "no enquiry #7"),
            (["cycle", "start", "--enquiry", "1", "--intervention", "toolkit.nope", "--baseline", "B"], "toolkit.nope"),
            (["enquiry", "new", "--title", "T", "--focus", "F", "--question", "Q?", "--date", "2025-13-01"],
             "'2025-13-01' is not a date"),
            (["evidence", "add", "--cycle", "3", "--kind", "note", "--title", "x", "--source", "s", "--text", "t"],
             "no cycle #3"),
            (["log", "export", "--format", "pdf", "--out", "x.pdf"], "--format must be one of html, md, csv, json, xml"),
        ] {
            let run = try TestSupport.workbench(arguments + ["--project", project.path])
            #expect(run.status != 0)
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
        #expect(try TestSupport.workbench(["cycle", "start", "--enquiry", "1", "--intervention", "toolkit.mc1",
                                           "--baseline", "B", "--date", "2025-09-02", "--project", project.path]).status == 0)
        for (arguments, message) in [
            (["evidence", "add", "--cycle", "1", "--kind", "comparison", "--title", "x", "--source", "s",
              "--instrument", "tses-short", "--from", "pre"], "comparison evidence needs the later occasion (--to)"),
            (["evidence", "add", "--cycle", "1", "--kind", "comparison", "--title", "x", "--source", "s",
              "--instrument", "tses-short", "--from", "pre", "--to", "post"], "pre"),
            (["cycle", "close", "1", "--decision", "maybe"], "Please provide one of 'continue' and 'switch'"),
        ] {
            let run = try TestSupport.workbench(arguments + ["--project", project.path])
            #expect(run.status != 0)
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
        #expect(try TestSupport.workbench(["cycle", "close", "1", "--decision", "switch", "--project", project.path]).status == 0)
        let again = try TestSupport.workbench(["cycle", "close", "1", "--decision", "switch", "--project", project.path])
        #expect(again.status != 0 && again.stderr.contains("was closed on"))
    }
}
