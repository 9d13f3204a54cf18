import ArgumentParser
import Foundation
import WorkbenchCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the project: originals present and unchanged, no leftovers, the database sound.",
        discussion: """
            Reports originals the records keep but the folder lacks, originals changed since import, hidden \
            files left by a killed command, files in sources/ no record uses, and what SQLite's integrity and \
            foreign-key checks say. --repair finishes interrupted imports and removes leftovers; it never \
            deletes an original. Exits non-zero while a problem remains.
            """)

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Finish interrupted imports and remove leftovers.")
    var repair = false

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let result = try project.open().check(repair: repair)
        if format == .json {
            try printJSON(result)
        } else if result.findings.isEmpty && format == .table {
            print("The project is sound: every original is in place, no leftovers, the database checks pass.")
        } else {
            printRows(format, ["FINDING", "FILE", "DETAIL", "REPAIRED"], result.findings.map {
                [$0.kind.rawValue, $0.path ?? "", $0.detail, $0.repaired ? "yes" : ""]
            })
            if format == .table && result.isClean { print("No problems: the files listed are kept as they are.") }
        }
        if !result.isClean { throw ExitCode.failure }
    }
}
