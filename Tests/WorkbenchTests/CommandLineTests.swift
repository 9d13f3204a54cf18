import Foundation
import Testing

/// End-to-end tests: they run the built `workbench` executable as a user would.
@Suite("workbench command line", .serialized)
struct CommandLineTests {
    @Test func versionAndHelpOnEveryCommand() throws {
        let version = try TestSupport.workbench(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let commands = [[], ["init"], ["demo"], ["plugins"], ["plugins", "list"], ["plugins", "show"],
                        ["plugins", "validate"], ["plugins", "new"], ["plugins", "verify"], ["plugins", "trust"],
                        ["interventions"], ["interventions", "impact"]]
        for command in commands {
            let run = try TestSupport.workbench(command + ["--help"])
            #expect(run.status == 0, "\(command)")
            #expect(run.stdout.contains("USAGE: workbench"), "\(command)")
        }
    }

    @Test func demoMakesAProjectAndListsItsPlugins() throws {
        let folder = try TestSupport.temporaryFolder()
        let run = try TestSupport.workbench(["demo"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("tsa-maturity-matrix"))
        #expect(run.stdout.contains("demo-alliance.reading-mentoring"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("demo-project/workbench.sqlite").path))
        // Running it again never overwrites the project: one error line, non-zero exit.
        let again = try TestSupport.workbench(["demo"], in: folder)
        #expect(again.status != 0)
        #expect(again.stderr.split(separator: "\n").count == 1)
        #expect(again.stderr.contains("already holds a workbench project"))
    }

    @Test func validateExitCodes() throws {
        let instruments = TestSupport.repositoryRoot.appendingPathComponent("Instruments").path
        let valid = try TestSupport.workbench(["plugins", "validate", instruments])
        #expect(valid.status == 0, "\(valid.stdout)")
        let invalid = try TestSupport.workbench(["plugins", "validate", TestSupport.fixture("three-mistakes.xml").path])
        #expect(invalid.status == 1)
        let lines = invalid.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.map { $0.split(separator: ":")[1] } == ["4", "13", "15"])
    }

    @Test func newWritesAStarterThatValidatesUnchanged() throws {
        let folder = try TestSupport.temporaryFolder()
        let made = try TestSupport.workbench(["plugins", "new", "--kind", "questionnaire", "alliance.staff-survey"],
                                             in: folder)
        #expect(made.status == 0)
        let check = try TestSupport.workbench(["plugins", "validate", "alliance.staff-survey.xml"], in: folder)
        #expect(check.status == 0, "\(check.stdout)")
        let clash = try TestSupport.workbench(["plugins", "new", "--kind", "questionnaire", "alliance.staff-survey"],
                                              in: folder)
        #expect(clash.status != 0)
    }

    @Test func errorsAreOneLineWithoutAStackTrace() throws {
        let run = try TestSupport.workbench(["plugins", "show", "no-such-plugin"],
                                            in: try TestSupport.temporaryFolder())
        #expect(run.status != 0)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stderr.contains("unknown plugin 'no-such-plugin'"))
    }

    @Test(arguments: [
        ("FixtureOtherSDKCopyPlugin", "REJECTED", "different copy of WorkbenchKit"),
        ("FixtureOtherABIPlugin", "REJECTED", "this host provides ABI"),
        ("FixtureNotAPlugin", "REJECTED", "is not a Workbench plugin"),
        // The "Index out of range" detail is printed by debug builds only, so only the verdict is checked.
        ("FixtureTrappingPlugin", "CRASHED (signal 4)", "while loading"),
    ])
    func verifyReportsEachFailureAndTheHostSurvives(product: String, verdict: String, detail: String) throws {
        let run = try TestSupport.workbench(["plugins", "verify", TestSupport.fixturePlugin(product).path])
        #expect(!run.signalled)
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix(verdict), "\(run.stdout)")
        #expect(run.stdout.contains(detail), "\(run.stdout)")
    }

    @Test func verifyRejectsATextFileNamedSo() throws {
        let file = try TestSupport.temporaryFolder().appendingPathComponent("plugin.so")
        try "hello".write(to: file, atomically: true, encoding: .utf8)
        let run = try TestSupport.workbench(["plugins", "verify", file.path])
        #expect(!run.signalled && run.status == 1)
        #expect(run.stdout.hasPrefix("REJECTED") && run.stdout.contains("cannot load plugin"))
    }

    @Test func aTrappingPluginCannotBeTrusted() throws {
        let project = try TestSupport.temporaryFolder().appendingPathComponent("p")
        #expect(try TestSupport.workbench(["init", project.path]).status == 0)
        let run = try TestSupport.workbench(["plugins", "trust", TestSupport.fixturePlugin("FixtureTrappingPlugin").path,
                                             "--project", project.path])
        #expect(!run.signalled && run.status == 1)
        #expect(run.stdout.contains("not trusted: CRASHED"))
        let list = try TestSupport.workbench(["plugins", "list", "--project", project.path])
        #expect(list.status == 0)
        #expect(!list.stdout.contains("compiled"))
    }
}
