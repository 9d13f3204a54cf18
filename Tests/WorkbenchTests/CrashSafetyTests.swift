import Foundation
import GRDB
import ProjectStore
import Testing
import WorkbenchCore

/// The real CLI killed with SIGKILL at named moments (`WORKBENCH_CRASH_AT`): every trial leaves the
/// project complete or unchanged, no hidden leftovers once it is opened again, and `check` clean.
@Suite struct CrashSafetyTests {
    /// A project and a folder of `count` small transcripts beside it.
    private func projectWithTranscripts(_ count: Int) throws -> (project: URL, files: [URL]) {
        let root = try TestSupport.temporaryFolder()
        let project = root.appendingPathComponent("p")
        #expect(try TestSupport.workbench(["init", project.path]).status == 0)
        let incoming = root.appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        let files = try (1...count).map { index in
            let file = incoming.appendingPathComponent("interview-\(index).txt")
            try "Interviewer: What changed in lesson \(index)?\nTeacher \(index): The pupils read more and talk about the books.\n"
                .write(to: file, atomically: true, encoding: .utf8)
            return file
        }
        return (project, files)
    }

    private func killed(_ arguments: [String], at point: String) throws -> TestSupport.Run {
        let run = try TestSupport.workbench(arguments, environment: ["WORKBENCH_CRASH_AT": point])
        #expect(run.signalled, "the command was killed at \(point): \(run.stderr)")
        return run
    }

    private func counts(_ project: URL) throws -> (sources: Int, turns: Int) {
        let queue = try DatabaseQueue(path: project.appendingPathComponent(ProjectStore.databaseFileName).path)
        return try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM turn") ?? -1)
        }
    }

    /// `check` on the project (which opens it first) passes, and nothing hidden is left.
    private func expectSound(_ project: URL, _ label: String) throws {
        let check = try TestSupport.workbench(["check", "--project", project.path, "--format", "json"])
        #expect(check.status == 0, "\(label): check failed: \(check.stdout) \(check.stderr)")
        #expect(TestSupport.hiddenEntries(under: project).isEmpty, "\(label): \(TestSupport.hiddenEntries(under: project))")
    }

    @Test(arguments: ["originals-recorded", "original-placing#1", "original-placing#7", "original-placing#20"])
    func aTranscriptImportKilledAfterItsCommitIsFinishedOnTheNextOpen(point: String) throws {
        let (project, files) = try projectWithTranscripts(20)
        _ = try killed(["transcripts", "import", "--project", project.path] + files.map(\.path), at: point)
        // Saved in the database: the next open puts every original in place.
        try expectSound(project, point)
        #expect(try counts(project).sources == 20)
        let kept = try FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("sources").path)
        #expect(Set(kept) == Set(files.map(\.lastPathComponent)))
        for file in files {
            #expect(try Data(contentsOf: project.appendingPathComponent("sources/" + file.lastPathComponent))
                    == Data(contentsOf: file))
        }
    }

    @Test func aTranscriptImportKilledBeforeItsCommitLeavesTheProjectUnchanged() throws {
        let (project, files) = try projectWithTranscripts(20)
        _ = try killed(["transcripts", "import", "--project", project.path] + files.map(\.path), at: "change-committing")
        #expect(!TestSupport.hiddenEntries(under: project).isEmpty, "the killed import left its staged copies")
        try expectSound(project, "before the commit")
        #expect(try counts(project) == (0, 0))
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("sources").path).isEmpty)
        // And the same files import afterwards.
        let again = try TestSupport.workbench(["transcripts", "import", "--project", project.path] + files.map(\.path))
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try counts(project).sources == 20)
    }

    @Test(arguments: ["html", "csv"])
    func anExportKilledWhileBeingWrittenLeavesTheOlderExport(format: String) throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("demo")
        #expect(try TestSupport.workbench(["demo", folder.path]).status == 0)
        let target = folder.appendingPathComponent("exports/log." + format)
        let export = ["log", "export", "--project", folder.path, "--format", format, "--out", target.path]
        #expect(try TestSupport.workbench(export).status == 0)
        let before = try snapshot(target)
        // A change, so that the next export differs; then the export is killed before its rename.
        #expect(try TestSupport.workbench(["schools", "add", "A New School", "--project", folder.path]).status == 0)
        _ = try killed(export, at: "output-built")
        #expect(try snapshot(target) == before, "the older export is still whole")
        try expectSound(folder, "export \(format)")
        // Replaced for real, the export changes.
        #expect(try TestSupport.workbench(export).status == 0)
        #expect(TestSupport.hiddenEntries(under: folder).isEmpty)
    }

    @Test func aFolderExportKilledJustAfterTheSwapHasTheNewExportAndNoLeftoverAfterTheNextOpen() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("demo")
        #expect(try TestSupport.workbench(["demo", folder.path]).status == 0)
        let target = folder.appendingPathComponent("exports/log")
        let export = ["log", "export", "--project", folder.path, "--format", "csv", "--out", target.path]
        #expect(try TestSupport.workbench(export).status == 0)
        #expect(try TestSupport.workbench(["schools", "add", "A New School", "--project", folder.path]).status == 0)
        _ = try killed(export, at: "folder-exchanged")
        let tables = try FileManager.default.contentsOfDirectory(atPath: target.path)
        #expect(!tables.isEmpty && tables.allSatisfy { !$0.hasPrefix(".") })
        #expect(!TestSupport.hiddenEntries(under: folder).isEmpty, "the old folder was left beside")
        try expectSound(folder, "after the swap")
    }

    @Test func aKilledRefiExportLeavesNothingBehindOnceSwept() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("demo")
        #expect(try TestSupport.workbench(["demo", folder.path]).status == 0)
        let out = folder.deletingLastPathComponent().appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let target = out.appendingPathComponent("project.qdpx")
        _ = try killed(["refi", "export", "--project", folder.path, "--out", target.path], at: "output-built")
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(!TestSupport.hiddenEntries(under: out).isEmpty, "the killed export left its staging files")
        // The next write into that folder sweeps what the killed process left.
        let run = try TestSupport.workbench(["refi", "export", "--project", folder.path, "--out", target.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(TestSupport.hiddenEntries(under: out).isEmpty, "\(TestSupport.hiddenEntries(under: out))")
        #expect(FileManager.default.fileExists(atPath: target.path))
    }

    @Test func aKilledRefiImportMakesNoProjectAndItsLeftoversGoWithTheNextImport() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("demo")
        #expect(try TestSupport.workbench(["demo", folder.path]).status == 0)
        let package = folder.deletingLastPathComponent().appendingPathComponent("demo.qdpx")
        #expect(try TestSupport.workbench(["refi", "export", "--project", folder.path, "--out", package.path]).status == 0)
        let into = try TestSupport.temporaryFolder()
        let target = into.appendingPathComponent("imported")
        _ = try killed(["refi", "import", package.path, "--into", target.path], at: "change-committing")
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(!TestSupport.hiddenEntries(under: into).isEmpty)
        let run = try TestSupport.workbench(["refi", "import", package.path, "--into", target.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(TestSupport.hiddenEntries(under: into).isEmpty, "\(TestSupport.hiddenEntries(under: into))")
        try expectSound(target, "refi import")
    }

    /// A file's bytes, or a folder's files and their bytes.
    private func snapshot(_ url: URL) throws -> [String: Data] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return [:] }
        guard isFolder.boolValue else { return ["": try Data(contentsOf: url)] }
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
            files[name] = try Data(contentsOf: url.appendingPathComponent(name))
        }
        return files
    }
}
