import ArgumentParser
import WorkbenchCore

@main
struct Workbench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbench",
        abstract: "R&D workbench for school-improvement enquiry: instruments, framework analysis, evidence logs.",
        discussion: """
        Start with `workbench demo` to make a sample project, or `workbench init DIR` for your own.
        Commands that work on a project use the current folder unless you pass --project DIR.
        """,
        version: workbenchVersion,
        subcommands: [Init.self, Demo.self, Plugins.self, Schools.self, Participants.self, Responses.self,
                      Score.self, Reliability.self, Compare.self, Audit.self, Report.self, Transcripts.self,
                      Memos.self, Draft.self, MemberChecks.self, Codings.self, Autocode.self, Outside.self,
                      Chart.self, Agreement.self, Analysis.self, Refi.self, Enquiry.self, Cycle.self, Evidence.self,
                      Reflect.self, Review.self, Log.self,
                      Interventions.self, History.self, Undo.self, Redo.self]
    )
}
