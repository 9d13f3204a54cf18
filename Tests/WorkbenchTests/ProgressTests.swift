import Foundation
import Testing
@testable import workbench
import WorkbenchCore

/// Long work shows a progress line on a terminal, and nothing when output is piped or --quiet.
@Suite struct ProgressTests {
    @Test func theLineSaysCountRateAndTimeLeft() {
        let line = ProgressLine.text(WorkProgress(task: "Saving answers", done: 120_000, total: 480_000, unit: "answers"),
                                     elapsed: 2)
        #expect(line == "Saving answers: 120,000 of 480,000 answers (25%), 60,000 answers/s, 6 s left")
        #expect(ProgressLine.text(WorkProgress(task: "Gathering the evidence", done: 0, total: nil, unit: "items"),
                                  elapsed: 0) == "Gathering the evidence…")
    }

    @Test func anImportShowsProgressOnATerminalOnly() throws {
        let root = try TestSupport.temporaryFolder()
        let project = root.appendingPathComponent("p")
        #expect(try TestSupport.workbench(["init", project.path]).status == 0)
        let file = root.appendingPathComponent("answers.csv")
        try answersCSV(people: 1_000).write(to: file, atomically: true, encoding: .utf8)
        func command(_ occasion: String, _ extra: [String] = []) -> [String] {
            ["responses", "import", "tses-long", file.path, "--occasion", occasion, "--add-participants",
             "--project", project.path] + extra
        }
        // Piped: only the result, nothing on standard error.
        let piped = try TestSupport.workbench(command("piped"))
        #expect(piped.status == 0 && piped.stderr.isEmpty, "\(piped.stderr)")
        // On a terminal (script(1) gives the command a pseudo-terminal).
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.fileExists(atPath: script.path), "script(1) from util-linux is needed")
        let quoted = ([TestSupport.workbench.path] + command("terminal")).map { "'\($0)'" }.joined(separator: " ")
        let terminal = try TestSupport.run(script, ["-qec", quoted, "/dev/null"])
        #expect(terminal.status == 0, "\(terminal.stdout)")
        #expect(terminal.stdout.contains("Saving answers: "), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("Imported 24000 answers"))
        let quietly = ([TestSupport.workbench.path] + command("quiet", ["--quiet"])).map { "'\($0)'" }.joined(separator: " ")
        let quiet = try TestSupport.run(script, ["-qec", quietly, "/dev/null"])
        #expect(quiet.status == 0)
        #expect(!quiet.stdout.contains("Saving answers"), "\(quiet.stdout)")
    }

    /// REFI-QDA export and import and the framework matrix report progress too, on a terminal only.
    @Test func exchangeAndTheMatrixShowProgressOnATerminalOnly() throws {
        let (project, root) = try TestSupport.project(
            withTranscript: "Interviewer: How were the pupils?\nTeacher A: The pupils trust the routine now.\n")
        #expect(try TestSupport.workbench(["autocode", "hope-challenge", "--project", project.path]).status == 0)
        let package = root.appendingPathComponent("p.qdpx")
        let commands: [(arguments: [String], shows: String)] = [
            (["refi", "export", "--out", package.path, "--project", project.path], "Writing p.qdpx"),
            (["refi", "import", package.path, "--into", root.appendingPathComponent("back").path], "Reading p.qdpx"),
            (["chart", "hope-challenge", "--format", "json", "--out", root.appendingPathComponent("c.json").path,
              "--project", project.path], "Placing codings in the matrix"),
        ]
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.fileExists(atPath: script.path), "script(1) from util-linux is needed")
        for (index, command) in commands.enumerated() {
            var arguments = command.arguments
            if index == 1 { arguments[arguments.count - 1] += "-terminal" }
            let quoted = ([TestSupport.workbench.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
            let terminal = try TestSupport.run(script, ["-qec", quoted, "/dev/null"])
            #expect(terminal.status == 0, "\(terminal.stdout)")
            #expect(terminal.stdout.contains(command.shows), "\(arguments): \(terminal.stdout)")
            let piped = try TestSupport.workbench(arguments.map { $0.hasSuffix("back-terminal") ? $0 + "-piped" : $0 })
            #expect(piped.status == 0 && !piped.stderr.contains(command.shows), "\(piped.stderr)")
            let quietly = ([TestSupport.workbench.path] + arguments.map { $0.hasSuffix("back-terminal") ? $0 + "-quiet" : $0 }
                           + ["--quiet"]).map { "'\($0)'" }.joined(separator: " ")
            let quiet = try TestSupport.run(script, ["-qec", quietly, "/dev/null"])
            #expect(quiet.status == 0 && !quiet.stdout.contains(command.shows), "\(quiet.stdout)")
        }
    }
}
