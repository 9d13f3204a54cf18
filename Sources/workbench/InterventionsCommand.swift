import ArgumentParser
import Foundation
import Statistics
import Scoring
import WorkbenchCore
import WorkbenchKit

struct Interventions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The intervention toolkit: list candidates by strand, suggest them after an audit, run impact plugins.",
        subcommands: [List.self, Suggest.self, Impact.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List interventions, optionally those serving one maturity-matrix strand.")

        @OptionGroup var project: RegistryOptions
        @Option(help: "A strand id, e.g. partnership.high_social_capital.") var strand: String?
        @Option(help: "table, csv or json.") var format: TableFormat = .table

        func run() throws {
            let list = try PluginCatalogue.toolkit(in: project.registry(), strand: strand)
            if format == .json { return try printJSON(list) }
            printRows(format, ["ID", "INTERVENTION", "STRANDS"], list.map {
                [$0.id, $0.summary, $0.strands.joined(separator: " ")]
            })
        }
    }

    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rank toolkit interventions for the weakest strands of the latest maturity-matrix audit.")

        @OptionGroup var project: ProjectOptions
        @Option(help: "The maturity matrix.") var matrix = "tsa-maturity-matrix"
        @Option(help: "The audit occasion (default: the latest).") var occasion: String?
        @Option(help: "How many to show.") var top = 10
        @Option(help: "table, csv or json.") var format: TableFormat = .table

        func run() throws {
            let result = try project.open().plugins.suggestInterventions(matrix: matrix, occasion: occasion, top: top)
            if format == .json { return try printJSON(result.suggestions) }
            if format == .table {
                print("Weakest strands at '\(result.occasion)': "
                      + result.weakest.map { "\($0.strand) (\($0.median.label))" }.joined(separator: ", ") + "\n")
            }
            printRows(format, ["SCORE", "ID", "INTERVENTION", "WEAK STRANDS SERVED"], result.suggestions.map {
                [String($0.score), $0.intervention, $0.name, $0.strands.joined(separator: " ")]
            })
        }
    }

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

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let (descriptor, figures) = try project.open().plugins.impact(
                of: intervention, data: URL(fileURLWithPath: data), baseline: from, followUp: to, months: months)
            switch format {
            case .json:
                try printJSON(figures)
            case .csv:
                printCSV(["FIGURE", "VALUE", "UNIT", "N"], figures.map {
                    [$0.label, NumberText.exact($0.value), $0.unit, String($0.n)]
                })
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
