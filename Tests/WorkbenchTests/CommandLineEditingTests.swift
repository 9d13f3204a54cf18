import Foundation
import Testing

/// The command line as people type it: the project named before the command or in the
/// environment, unknown commands, corrections, history, undo and redo.
@Suite("workbench command line: corrections and history", .serialized)
struct CommandLineEditingTests {
    @Test func theProjectCanBeNamedBeforeTheCommandOrInTheEnvironment() throws {
        let folder = try TestSupport.temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        #expect(try TestSupport.workbench(["init", project]).status == 0)
        #expect(try TestSupport.workbench(["--project", project, "schools", "add", "A Primary School"]).status == 0)
        #expect(try TestSupport.workbench(["--project=\(project)", "schools", "add", "B School"]).status == 0)
        let process = Process()
        process.executableURL = TestSupport.workbench
        process.arguments = ["schools", "list", "--format", "csv"]
        process.environment = ProcessInfo.processInfo.environment.merging(["WORKBENCH_PROJECT": project]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let listed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(listed == "SCHOOL,PHASE\nA Primary School,\nB School,\n")
    }

    @Test func anUnknownCommandIsNamedWithTheNearestOne() throws {
        let run = try TestSupport.workbench(["scroe", "--project", "x"])
        #expect(run.status == 64)
        #expect(run.stderr == "Error: unknown command 'workbench scroe'; did you mean 'score'? (`workbench --help` lists the commands)\n")
        let nested = try TestSupport.workbench(["schools", "ad", "x"])
        #expect(nested.stderr.hasPrefix("Error: unknown command 'workbench schools ad'; did you mean 'add'?"))
    }

    @Test func correctionsSayWhatDependsAndUndoRedoSayWhatTheyDid() throws {
        let folder = try TestSupport.temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        #expect(try TestSupport.workbench(["init", project]).status == 0)
        func run(_ arguments: String...) throws -> TestSupport.Run { try TestSupport.workbench(["--project", project] + arguments) }
        #expect(try run("schools", "add", "A Primary School").status == 0)
        #expect(try run("participants", "add", "Teacher A", "--school", "A Primary School").status == 0)
        let refused = try run("schools", "delete", "A Primary School")
        #expect(refused.status == 1)
        #expect(refused.stderr == "Error: school 'A Primary School' cannot be deleted: 1 participant depends on it "
                + "(add --cascade to delete them too)\n")
        let cascaded = try run("schools", "delete", "A Primary School", "--cascade")
        #expect(cascaded.stdout == "Deleted A Primary School, with 1 participant.\n")
        let history = try run("history", "--format", "csv")
        #expect(history.stdout.split(separator: "\n").count == 4)
        #expect(history.stdout.contains("Deleted school 'A Primary School',\"participant -1, school -1\","))
        let undo = try run("undo")
        #expect(undo.stdout.hasPrefix("Undid #3: Deleted school 'A Primary School'"))
        #expect(try run("participants", "list", "--format", "csv").stdout.contains("Teacher A,,A Primary School,"))
        #expect(try run("redo").stdout == "Redid #3: Deleted school 'A Primary School'\n")
        #expect(try run("redo").stderr == "Error: there is nothing to redo (redo re-applies what undo reverted, until a new change is made)\n")
        let notAProject = try TestSupport.workbench(["schools", "list", "--project", folder.path])
        #expect(notAProject.stderr.hasSuffix("run `workbench init DIR` to make one, or pass --project DIR\n"))
    }
}

extension CommandLineEditingTests {
    @Test func theLibraryNamesTheFieldAndTheCommandLineItsOption() throws {
        let folder = try TestSupport.temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        #expect(try TestSupport.workbench(["init", project]).status == 0)
        let run = try TestSupport.workbench(["enquiry", "new", "--title", "T", "--focus", "F", "--project", project])
        #expect(run.stderr == "Error: an enquiry needs at least one research question (--question)\n")
    }
}

extension CommandLineEditingTests {
    @Test func aMissingOutputFolderIsNamedAndAnExportReplacesTheOldFileWhole() throws {
        let folder = try TestSupport.temporaryFolder()
        #expect(try TestSupport.workbench(["demo"], in: folder).status == 0)
        let project = folder.appendingPathComponent("demo-project").path
        for arguments in [["log", "export", "--format", "md", "--out", "/no/such/folder/log.md"],
                          ["refi", "export", "--out", "/no/such/folder/p.qdpx"],
                          ["chart", "hope-challenge", "--format", "html", "--out", "/no/such/folder/m.html"],
                          ["report", "instrument", "tses-long", "--out", "/no/such/folder/r.html"]] {
            let run = try TestSupport.workbench(arguments + ["--project", project])
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stderr == "Error: the folder /no/such/folder does not exist; create it first or choose another place\n",
                    "\(arguments)")
        }
        let out = folder.appendingPathComponent("log.md")
        try "old".write(to: out, atomically: true, encoding: .utf8)
        #expect(try TestSupport.workbench(["log", "export", "--format", "md", "--out", out.path, "--project", project]).status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("# "))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "no staging files are left: \(left)")
    }
}

extension CommandLineEditingTests {
    @Test func anOpenCycleIsListedWithWhatComesNext() throws {
        let folder = try TestSupport.temporaryFolder()
        let project = folder.appendingPathComponent("p").path
        func run(_ arguments: String...) throws -> TestSupport.Run { try TestSupport.workbench(arguments + ["--project", project]) }
        #expect(try TestSupport.workbench(["init", project]).status == 0)
        #expect(try run("enquiry", "new", "--title", "T", "--focus", "F", "--question", "Q?", "--date", "2025-09-01").status == 0)
        #expect(try run("cycle", "start", "--enquiry", "1", "--intervention", "toolkit.mc1", "--baseline", "B",
                        "--criterion", "Up: tses-short.TSES.change >= 0.5", "--date", "2025-09-02").status == 0)
        let list = try run("enquiry", "list")
        #expect(list.status == 0 && list.stdout.contains("2025-09-02 to open"), "\(list.stdout)\(list.stderr)")
        let show = try run("cycle", "show", "1")
        #expect(show.stdout.contains("Criteria: 0 met, 0 not met, 1 without data; next: link evidence"), "\(show.stdout)")
        let json = try run("cycle", "show", "1", "--format", "json")
        #expect(json.stdout.contains("\"next\" : \"evidence\""))
    }
}
