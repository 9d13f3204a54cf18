import ArgumentParser
import Foundation
import WorkbenchCore
import WorkbenchKit

struct Interventions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with intervention plugins.", subcommands: [Impact.self])

    struct Impact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run an intervention plugin over measurements and print its impact figures.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The intervention plugin: ID or ID@VERSION.")
        var intervention: String

        @Option(help: "CSV with the columns participant,occasion,measure,value.")
        var data: String

        @Option(help: "The baseline occasion label.")
        var from: String

        @Option(help: "The follow-up occasion label.")
        var to: String

        @Option(help: "Months between the two occasions.")
        var months: Double

        @Option(help: "table or json.")
        var format: OutputFormat = .table

        func run() throws {
            let (descriptor, figures) = try project.open().impact(
                of: intervention, data: URL(fileURLWithPath: data), baseline: from, followUp: to, months: months)
            switch format {
            case .json:
                try printJSON(figures)
            case .table:
                guard !figures.isEmpty else {
                    print("\(descriptor.reference) reports no impact figures (declarative interventions compute none).")
                    return
                }
                print("\(descriptor.displayName) (\(descriptor.reference))")
                printTable(["FIGURE", "VALUE", "UNIT", "N"], figures.map {
                    [$0.label, String(format: "%.2f", $0.value), $0.unit, String($0.n)]
                })
            }
        }
    }
}
