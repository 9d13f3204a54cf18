import Foundation
import GRDB
import ProjectStore
import Testing

/// Two real CLI processes writing to one project at once: the second waits for the first (busy
/// timeout, immediate transactions) instead of failing, and no row is lost.
@Suite(.serialized) struct ConcurrencyTests {
    private static let rounds = 20

    /// Starts two workbench commands together and waits for both; returns their failures.
    private func together(_ first: [String], _ second: [String]) throws -> [String] {
        let processes = try [first, second].map { arguments in
            let process = Process()
            process.executableURL = TestSupport.workbench
            process.arguments = arguments
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            return (process, errors)
        }
        return processes.compactMap { process, errors in
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return process.terminationStatus == 0 ? nil : text
        }
    }

    private func count(_ project: URL, _ sql: String) throws -> Int {
        let queue = try DatabaseQueue(path: project.appendingPathComponent(ProjectStore.databaseFileName).path)
        return try queue.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    private func newProject() throws -> URL {
        let project = try TestSupport.temporaryFolder().appendingPathComponent("p")
        #expect(try TestSupport.workbench(["init", project.path]).status == 0)
        return project
    }

    @Test func twoResponseImportsAtOnceBothLand() throws {
        let project = try newProject()
        let file = project.deletingLastPathComponent().appendingPathComponent("answers.csv")
        var lines = ["participant," + (1...24).map { "q\($0)" }.joined(separator: ",")]
        for person in 1...300 { lines.append("P\(person)," + (1...24).map { String(($0 + person) % 9 + 1) }.joined(separator: ",")) }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        var failures: [String] = []
        for round in 1...Self.rounds {
            let command = { (occasion: String) in
                ["responses", "import", "tses-long", file.path, "--occasion", occasion, "--add-participants",
                 "--project", project.path]
            }
            failures += try together(command("a\(round)"), command("b\(round)"))
        }
        #expect(failures.isEmpty, "\(failures.count) failures: \(failures.first ?? "")")
        #expect(try count(project, "SELECT COUNT(*) FROM response") == Self.rounds * 2 * 300 * 24)
        #expect(try count(project, "SELECT COUNT(*) FROM participant") == 300)
    }

    @Test func twoCodingImportsAtOnceBothLand() throws {
        let project = try newProject()
        let transcript = project.deletingLastPathComponent().appendingPathComponent("interview.txt")
        let turns = (1...400).map { "Teacher \($0 % 3 + 1): Research and development in lesson \($0) went well for the pupils." }
        try turns.joined(separator: "\n").write(to: transcript, atomically: true, encoding: .utf8)
        #expect(try TestSupport.workbench(["transcripts", "import", transcript.path, "--project", project.path]).status == 0)
        func codings(_ coder: String) throws -> URL {
            let file = project.deletingLastPathComponent().appendingPathComponent("codings-\(coder).csv")
            let rows = (0..<300).map { "interview.txt,\($0 * 20),\($0 * 20 + 10),rnd,\(coder)" }
            try (["source,start,end,theme,coder"] + rows).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            return file
        }
        var failures: [String] = []
        for round in 1...Self.rounds {
            let command = { (file: URL) in ["codings", "import", file.path, "--framework", "big-six", "--project", project.path] }
            failures += try together(command(try codings("A\(round)")), command(try codings("B\(round)")))
        }
        #expect(failures.isEmpty, "\(failures.count) failures: \(failures.first ?? "")")
        #expect(try count(project, "SELECT COUNT(*) FROM coding") == Self.rounds * 2 * 300)
    }

    @Test func aTranscriptImportBesideAutoCodingBothLand() throws {
        let project = try newProject()
        let incoming = project.deletingLastPathComponent().appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        let text = (1...300).map { "Teacher: Research and development and school-to-school support, turn \($0)." }
            .joined(separator: "\n")
        let first = incoming.appendingPathComponent("first.txt")
        try text.write(to: first, atomically: true, encoding: .utf8)
        #expect(try TestSupport.workbench(["transcripts", "import", first.path, "--project", project.path]).status == 0)
        var failures: [String] = []
        for round in 1...Self.rounds {
            let file = incoming.appendingPathComponent("interview-\(round).txt")
            try (text + "\nRound \(round).").write(to: file, atomically: true, encoding: .utf8)
            failures += try together(["transcripts", "import", file.path, "--project", project.path],
                                     ["autocode", "big-six", "--project", project.path])
        }
        #expect(failures.isEmpty, "\(failures.count) failures: \(failures.first ?? "")")
        #expect(try count(project, "SELECT COUNT(*) FROM source") == Self.rounds + 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("sources").path)
        #expect(files.count == Self.rounds + 1)
    }
}
