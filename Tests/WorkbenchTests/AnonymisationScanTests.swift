import Enquiries
import Foundation
import ProjectStore
import Testing
import WorkbenchCore
import WorkbenchDemo
import ZIPFoundation

/// No real name in any anonymised output: the demo project, with real names put in every place a name
/// can go, and every anonymised export in every format scanned for each of them.
@Suite("Anonymised outputs hold no real name", .serialized)
struct AnonymisationScanTests {
    /// The demo's participant's real names ("Sarah Bennett", "Sarah") and its staff ("Ms Helen Carter",
    /// "Mr David Okafor"), as words to look for.
    static let names = ["Sarah", "Bennett", "Helen", "Carter", "David", "Okafor"]

    static func project() throws -> (folder: URL, project: URL) {
        let folder = try TestSupport.temporaryFolder()
        let location = folder.appendingPathComponent("demo")
        let project = try Demo.build(at: location).project
        let everyone = "Sarah Bennett told Helen Carter and David Okafor; Sarah agreed."
        // Free text everywhere: memos on a source, on a passage and on the project, a matrix summary, a
        // passage outside the framework and a reflection; and as a coder and a reflection's author.
        _ = try project.stages.addMemo(source: "teacher-interview.docx", researcher: "Researcher 1", text: everyone)
        _ = try project.stages.addMemo(source: "teacher-interview.docx", researcher: "Researcher 1", text: everyone,
                                       quote: "Sarah")
        _ = try project.stages.addMemo(source: nil, researcher: "Researcher 1", text: everyone)
        try project.coding.summarise(framework: "hope-challenge", case: "Teacher A", theme: "change.staff", text: everyone)
        _ = try project.stages.addOutside(source: "teacher-interview.docx", researcher: "Researcher 1", note: everyone,
                                          quote: "Thank you, Sarah")
        // A champion who codes too: their name is a coder's.
        _ = try project.coding.addCoding(framework: "hope-challenge", source: "teacher-interview.docx",
                                         theme: "change.pupils", coder: "Mr David Okafor", quote: "The children")
        let cycle = try #require(try project.store.cycles().first?.id)
        _ = try project.cycles.reflect(cycle: cycle, author: "Ms Helen Carter", wentWell: everyone, notEffective: nil,
                                   problems: nil, leadershipLearning: everyone, date: .day("2025-03-01"))
        return (folder, location)
    }

    /// Every anonymised output: (what it is, its text).
    static func outputs(_ folder: URL, _ project: URL) throws -> [(String, String)] {
        var found: [(String, String)] = []
        func run(_ arguments: [String]) throws {
            let result = try TestSupport.workbench(arguments + ["--project", project.path])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            found.append((arguments.joined(separator: " "), result.stdout))
        }
        for source in ["teacher-interview.docx", "trainee-focus-group.txt", "debrief-recording.vtt"] {
            for format in ["table", "json"] { try run(["transcripts", "show", source, "--anonymise", "--format", format]) }
        }
        for format in ["table", "csv", "json"] {
            try run(["chart", "hope-challenge", "--anonymise", "--format", format])
            try run(["memos", "list", "--anonymise", "--format", format])
            try run(["outside", "list", "--all", "--anonymise", "--format", format])
        }
        for format in ["csv", "json"] { try run(["codings", "export", "--anonymise", "--format", format]) }
        let html = folder.appendingPathComponent("matrix.html")
        try run(["chart", "hope-challenge", "--anonymise", "--format", "html", "--out", html.path])
        found.append(("matrix.html", try String(contentsOf: html, encoding: .utf8)))
        for format in ["html", "md", "xml", "csv", "json"] {
            let out = folder.appendingPathComponent("log-\(format)")
            try run(["log", "export", "--anonymise", "--format", format, "--out", out.path])
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: out.path, isDirectory: &isFolder)
            let files = isFolder.boolValue
                ? try FileManager.default.contentsOfDirectory(at: out, includingPropertiesForKeys: nil) : [out]
            for file in files { found.append(("log \(file.lastPathComponent)", try String(contentsOf: file, encoding: .utf8))) }
        }
        let package = folder.appendingPathComponent("anonymised.qdpx")
        try run(["refi", "export", "--anonymise", "--out", package.path])
        for entry in try Archive(url: package, accessMode: .read) {
            var data = Data()
            _ = try Archive(url: package, accessMode: .read).extract(entry) { data.append($0) }
            found.append(("qdpx \(entry.path)", entry.path + "\n" + String(decoding: data, as: UTF8.self)))
        }
        return found
    }

    @Test func noRealNameInAnyAnonymisedOutput() throws {
        let (folder, project) = try Self.project()
        let outputs = try Self.outputs(folder, project)
        #expect(outputs.count > 30)
        for (what, text) in outputs {
            for name in Self.names {
                let leaks = text.ranges(of: try Regex("\\b\(name)\\b").ignoresCase()).count
                #expect(leaks == 0, "\(name) in \(what)")
            }
        }
        // The scan can fail: the same outputs without --anonymise hold the names.
        let plain = try TestSupport.workbench(["memos", "list", "--project", project.path])
        #expect(Self.names.allSatisfy { plain.stdout.contains($0) })
    }
}
