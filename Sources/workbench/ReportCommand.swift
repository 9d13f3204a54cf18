import ArgumentParser
import Foundation
import WorkbenchCore

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write self-contained HTML reports (inline SVG charts, nothing loaded from the network).",
        subcommands: [Instrument.self])

    struct Instrument: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A questionnaire's before/after comparison, or a maturity matrix's audit over time.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The questionnaire or maturity matrix: ID or ID@VERSION.")
        var instrument: String

        @Option(help: "The HTML file to write.")
        var out: String

        @Option(help: "Questionnaires: the earlier occasion (default: the first with answers).")
        var from: String?

        @Option(help: "Questionnaires: the later occasion (default: the last with answers).")
        var to: String?

        @Flag(help: "Maturity matrices: add a radar chart (the heat map is the primary view).")
        var radar = false

        func run() throws {
            let summary = try project.open().instruments.writeReport(instrument, to: URL(fileURLWithPath: out), from: from,
                                                         to: to, radar: radar)
            print("Wrote \(out): \(summary)")
        }
    }
}
