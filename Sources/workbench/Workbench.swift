import ArgumentParser
import Enquiries
import Foundation
import PluginHost
import ProjectStore
import StagedFiles
import WorkbenchCore

@main
struct Workbench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbench",
        abstract: "R&D workbench for school-improvement enquiry: instruments, framework analysis, evidence logs.",
        discussion: """
        Start with `workbench demo` to make a sample project, or `workbench init DIR` for your own.
        Commands that work on a project use the current folder unless you pass --project DIR (before or after \
        the command) or set WORKBENCH_PROJECT. Every change is recorded: `workbench history` lists them and \
        `workbench undo` reverts the latest.
        """,
        version: workbenchVersion,
        subcommands: [Init.self, Demo.self, Plugins.self, Schools.self, Participants.self, Responses.self,
                      Score.self, Reliability.self, Compare.self, Audit.self, Report.self, Transcripts.self,
                      Memos.self, Draft.self, MemberChecks.self, Codings.self, Autocode.self, Outside.self,
                      Chart.self, Agreement.self, Analysis.self, Refi.self, Enquiry.self, Cycle.self, Evidence.self,
                      Reflect.self, Review.self, Log.self,
                      Interventions.self, Criteria.self, Reflections.self, Reviews.self, History.self, Undo.self,
                      Redo.self, Check.self, Serve.self]
    )

    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        do {
            try takeLeadingProject(&arguments)
            try checkCommandPath(arguments)
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            ProgressLine.shared.clear()
        } catch let error as StoreError {
            fail(error.description + hint(for: error))
        } catch let error as WorkbenchError {
            fail(error.description + hint(for: error))
        } catch let error as PluginError {
            fail(error.description)
        } catch let error as StagedOutputError {
            fail(error.description)
        } catch let error as EnquiryError {
            fail(error.description + (error.missingField.map { " (--\($0))" } ?? ""))
        } catch let error as UnknownCommand {
            fail(error.message, status: ExitCode.validationFailure.rawValue)
        } catch {
            ProgressLine.shared.clear()
            exit(withError: error)
        }
    }

    /// `workbench --project DIR COMMAND …`: the project given before the command applies to it.
    static func takeLeadingProject(_ arguments: inout [String]) throws {
        guard let first = arguments.first else { return }
        if first == "--project" {
            guard arguments.count > 1 else { throw ValidationError("--project needs a folder") }
            setenv("WORKBENCH_PROJECT", arguments[1], 1)
            arguments.removeFirst(2)
        } else if first.hasPrefix("--project=") {
            setenv("WORKBENCH_PROJECT", String(first.dropFirst("--project=".count)), 1)
            arguments.removeFirst()
        }
    }

    /// Names an unknown command as such (with the nearest one), rather than complaining about an option after it.
    static func checkCommandPath(_ arguments: [String]) throws {
        var configuration = Workbench.configuration
        var path = ["workbench"]
        for word in arguments {
            if word.hasPrefix("-") || word == "help" { return }
            guard !configuration.subcommands.isEmpty, configuration.defaultSubcommand == nil else { return }
            var names: [String] = []
            var next: CommandConfiguration?
            for subcommand in configuration.subcommands {
                let name = subcommand._commandName
                names.append(name)
                if name == word { next = subcommand.configuration }
            }
            guard let next else {
                let nearest = names.min { WorkbenchProject.editDistance($0, word) < WorkbenchProject.editDistance($1, word) }
                let parent = path.joined(separator: " ")
                throw UnknownCommand(message: "unknown command '\(parent) \(word)'" + (nearest.map { "; did you mean '\($0)'?" } ?? "")
                                      + " (`\(parent) --help` lists the commands)")
            }
            configuration = next
            path.append(word)
        }
    }

    /// What the user can do about a store error, in this front end's words.
    static func hint(for error: StoreError) -> String {
        switch error.code {
        case .hasDependants: " (add --cascade to delete them too)"
        case .notAProject: "; run `workbench init DIR` to make one, or pass --project DIR"
        default: ""
        }
    }

    /// The option a message's field is given with, for what was missing.
    static func hint(for error: WorkbenchError) -> String {
        guard error.code == .missingValue, let field = error.field else { return "" }
        return " (--\(field))"
    }

    static func fail(_ message: String, status: Int32 = 1) -> Never {
        ProgressLine.shared.clear()
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
        Foundation.exit(status)
    }
}

/// A command name the workbench does not have.
struct UnknownCommand: Error {
    var message: String
}
