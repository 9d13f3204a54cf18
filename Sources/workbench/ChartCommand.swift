import ArgumentParser
import FrameworkAnalysis
import Foundation
import StagedFiles
import Reports
import WorkbenchCore

struct Chart: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The framework matrix: cases × themes with summaries, counts and coded passages.",
        subcommands: [Show.self, Summarise.self, Crosstab.self], defaultSubcommand: Show.self)

    struct Crosstab: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Themes × the values of a case attribute: coded passages (and cases) in each.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The coding framework.")
        var framework: String

        @Option(help: "The participant attribute, e.g. role or school.")
        var attribute: String

        @Option(help: "Only this coder's codings (default: every coder's).")
        var coder: String?

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let table = try project.open().coding.chart(framework: framework, coder: coder).crossTab(attribute: attribute)
            if format == .json { return try printJSON(table) }
            printRows(format, ["THEME"] + table.values, table.rows.map { row in
                [row.theme] + table.values.map { value in
                    let passages = row.passages[value] ?? 0
                    return format == .csv ? String(passages) : "\(passages) (\(row.cases[value] ?? 0) cases)"
                }
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print or write the framework matrix.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The coding framework.")
        var framework: String

        @Option(help: "Group the rows by this participant attribute (e.g. role, school).")
        var by: String?

        @Option(help: "Only this coder's codings (default: every coder's).")
        var coder: String?

        @Flag(help: "Replace participants' real names with their pseudonyms in quotes and case names.")
        var anonymise = false

        @Option(help: "table, csv, json or html.")
        var format: ChartFormat = .table

        @Option(help: "Write to this file instead of standard output (html is always written to a file).")
        var out: String?

        enum ChartFormat: String, ExpressibleByArgument { case table, csv, json, html }

        func run() throws {
            let chart = try project.open().coding.chart(framework: framework, groupBy: by, coder: coder, anonymise: anonymise)
            var text = ""
            switch format {
            case .json:
                // Written in pieces as it is made: a corpus's chart runs to tens of megabytes.
                func json(_ write: ([UInt8]) throws -> Void) throws {
                    try chart.writePrettyJSON(to: write)
                    try write([UInt8(ascii: "\n")])
                }
                if let out {
                    try StagedOutput.write(to: URL(fileURLWithPath: out), pieces: json)
                } else {
                    try json { try FileHandle.standardOutput.write(contentsOf: $0) }
                }
                return
            case .html:
                guard let out else { throw ValidationError("--format html needs --out FILE.html") }
                let html = ChartPage.html(chart, groupBy: by, generated: "made by R&D Workbench \(workbenchVersion)")
                try StagedOutput.write(Data(html.utf8), to: URL(fileURLWithPath: out))
                print("Wrote \(out): \(chart.cases.count) cases × \(chart.themes.count) themes")
                return
            case .csv:
                var rows = [["case", "theme", "count", "codings", "coders", "summary", "quotes"]]
                for row in chart.cells {
                    for cell in row where cell.count > 0 || cell.summary != nil {
                        rows.append([cell.caseName, cell.theme, String(cell.count), String(cell.codings),
                                     cell.coders.map { "\($0.coder): \($0.passages)" }.joined(separator: " | "),
                                     cell.summary ?? "",
                                     cell.distinctPassages.map { $0.quoted().quote }.joined(separator: " | ")])
                    }
                }
                text = CSVFile.text(rows)
            case .table:
                let rows = chart.cases.indices.map { index in
                    [chart.cases[index].name + (by.flatMap { chart.cases[index].attributes[$0] }.map { " (\($0))" } ?? "")]
                        + chart.cells[index].map { cell in
                            cell.count == 0 && cell.summary == nil ? "" : "\(cell.count)" + (cell.summary == nil ? " ·" : " ✓")
                        }
                }
                printTable(["CASE"] + chart.themes.map(\.id), rows)
                if !chart.outside.isEmpty {
                    print("\nOutside the framework, \(chart.outside.count) open (resolve with `workbench outside resolve`):")
                    for passage in chart.outside {
                        print("  \(passage.source) [\(passage.start)–\(passage.end)] “\(passage.quote)”"
                              + (passage.note.map { " — \($0)" } ?? ""))
                    }
                }
                if chart.interviewerCodings > 0 {
                    print("\n\(chart.interviewerCodings) coding(s) start in an interviewer's turn and are not in the matrix: "
                          + "the interviewer is no case.")
                }
                let coders = Set(chart.cells.joined().flatMap(\.passages).map(\.coder)).sorted()
                print("\nCells: distinct coded passages (overlapping codings of a theme in one case count once, "
                      + "whoever coded them); ✓ summarised, · not summarised yet. Coded by: "
                      + (coders.isEmpty ? "nobody yet" : coders.joined(separator: ", ")) + ". "
                      + "Summarise with `workbench chart summarise CASE THEME --text … --framework \(framework)`.")
                return
            }
            if let out { try StagedOutput.write(Data(text.utf8), to: URL(fileURLWithPath: out)) } else { print(text, terminator: "") }
        }
    }

    struct Summarise: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the summary of one cell of the matrix.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The case (participant).")
        var caseName: String

        @Argument(help: "The theme id.")
        var theme: String

        @Option(help: "The summary, in the researcher's words.")
        var text: String?

        @Flag(help: "Remove the cell's summary instead.")
        var clear = false

        @Option(help: "The coding framework.")
        var framework: String

        func validate() throws {
            guard (text == nil) == clear else { throw ValidationError("give the summary with --text, or --clear to remove it") }
        }

        func run() throws {
            if clear {
                try project.open().coding.removeSummary(framework: framework, case: caseName, theme: theme)
                return print("Removed the summary of \(caseName) × \(theme).")
            }
            try project.open().coding.summarise(framework: framework, case: caseName, theme: theme, text: text!)
            print("Summarised \(caseName) × \(theme).")
        }
    }
}
