import ArgumentParser
import Foundation
import ProjectStore
import WorkbenchCore

struct Participants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, list, correct and delete participants (by pseudonym only).",
        subcommands: [Add.self, List.self, Edit.self, Delete.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a participant.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The pseudonym used everywhere, e.g. \"Teacher A\". Never a real name.")
        var pseudonym: String

        @Option(help: "Role, e.g. teacher, enquiry champion, headteacher.")
        var role: String?

        @Option(help: "The school's name (added with `workbench schools add`).")
        var school: String?

        @Option(name: .customLong("attribute"), help: ArgumentHelp("KEY=VALUE, repeatable.", valueName: "KEY=VALUE"))
        var attributes: [String] = []

        @Option(name: .customLong("name"), help: ArgumentHelp(
            "A real name as it appears in transcripts (repeatable): links speakers, and is replaced by the pseudonym in anonymised output.",
            valueName: "NAME"))
        var names: [String] = []

        func run() throws {
            let added = try project.open().people.addParticipant(pseudonym, role: role, school: school,
                                                          attributes: attributes, names: names)
            print("Added \(added.pseudonym)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List participants.")

        @OptionGroup var project: ProjectOptions

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let participants = try project.open().people.participants()
            if format == .json { return try printJSON(participants) }
            printRows(format, ["PSEUDONYM", "ROLE", "SCHOOL", "ATTRIBUTES"], participants.map {
                [$0.pseudonym, $0.role ?? "", $0.school ?? "",
                 $0.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
            })
        }
    }
}

struct Schools: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, list, correct and delete the alliance's schools.",
        subcommands: [Add.self, List.self, Edit.self, Delete.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a school.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The school's name.")
        var name: String

        @Option(help: "primary, secondary, special, …")
        var phase: String?

        func run() throws {
            try project.open().people.addSchool(name, phase: phase)
            print("Added \(name)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List schools.")

        @OptionGroup var project: ProjectOptions

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let schools = try project.open().people.schools()
            if format == .json { return try printJSON(schools) }
            printRows(format, ["SCHOOL", "PHASE"], schools.map { [$0.name, $0.phase ?? ""] })
        }
    }
}
