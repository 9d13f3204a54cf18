import Foundation
import Testing

/// Opening a project that another process is changing, or that cannot be written.
@Suite struct ProjectAccessTests {
    @Test func aWriterThatGivesUpWaitingNamesTheCommandHoldingTheProject() throws {
        let project = try TestSupport.temporaryFolder().appendingPathComponent("p")
        #expect(try TestSupport.workbench(["init", project.path]).status == 0)
        let file = project.deletingLastPathComponent().appendingPathComponent("answers.csv")
        var lines = ["participant," + (1...24).map { "q\($0)" }.joined(separator: ",")]
        for person in 1...6_000 { lines.append("P\(person)," + (1...24).map { String(($0 + person) % 9 + 1) }.joined(separator: ",")) }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let holder = Process()
        holder.executableURL = TestSupport.workbench
        holder.arguments = ["responses", "import", "tses-long", file.path, "--occasion", "pre", "--add-participants",
                            "--project", project.path]
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        defer { holder.waitUntilExit() }
        // The import holds the project while it saves: its note appears once it has the lock.
        let note = project.appendingPathComponent(".workbench-writer")
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: note.path) && Date() < deadline && holder.isRunning {
            Thread.sleep(forTimeInterval: 0.01)
        }
        try #require(FileManager.default.fileExists(atPath: note.path), "the import finished before it could be caught")
        let waiting = try TestSupport.workbench(["schools", "add", "A", "--project", project.path],
                                                environment: ["WORKBENCH_BUSY_TIMEOUT": "0.2"])
        #expect(waiting.status != 0)
        #expect(waiting.stderr.contains("is busy"), "\(waiting.stderr)")
        #expect(waiting.stderr.contains("responses import"), "\(waiting.stderr)")
        #expect(waiting.stderr.contains("process \(holder.processIdentifier)"), "\(waiting.stderr)")
        #expect(waiting.stderr.contains("Nothing was changed"))
        holder.waitUntilExit()
        #expect(holder.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: note.path), "the note goes with the change")
    }

    @Test func aReadOnlyProjectCanBeReadAndSaysSoWhenChanged() throws {
        let folder = try TestSupport.temporaryFolder()
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        let project = folder.appendingPathComponent("demo")
        #expect(try TestSupport.workbench(["demo", project.path]).status == 0)
        let everything = FileManager.default.enumerator(atPath: project.path)?.compactMap { $0 as? String } ?? []
        for path in [""] + everything {
            let url = project.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            try FileManager.default.setAttributes([.posixPermissions: isFolder.boolValue ? 0o555 : 0o444],
                                                  ofItemAtPath: url.path)
        }
        defer {
            for path in [""] + everything {
                try? FileManager.default.setAttributes([.posixPermissions: 0o755],
                                                       ofItemAtPath: project.appendingPathComponent(path).path)
            }
        }
        // The superuser may write anywhere: run as an unprivileged user then.
        func run(_ arguments: [String]) throws -> TestSupport.Run {
            guard getuid() == 0 else { return try TestSupport.workbench(arguments) }
            return try TestSupport.run(URL(fileURLWithPath: "/usr/bin/setpriv"),
                                       ["--reuid=65534", "--regid=65534", "--clear-groups", TestSupport.workbench.path]
                                        + arguments)
        }
        let list = try run(["participants", "list", "--project", project.path])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("Trainee"))
        let history = try run(["history", "--limit", "1", "--project", project.path])
        #expect(history.status == 0, "\(history.stderr)")
        let change = try run(["schools", "add", "A", "--project", project.path])
        #expect(change.status != 0)
        #expect(change.stderr.contains("\(project.path) is read-only"), "\(change.stderr)")
    }
}
