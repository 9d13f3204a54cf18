public import ArgumentParser
public import FrameworkAnalysis
import Foundation
import Statistics
import WorkbenchCore

struct Agreement: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inter-coder agreement per theme: percent agreement, Cohen's kappa, Krippendorff's alpha.",
        discussion: """
        Character units follow NVivo: per theme and source, every character is coded or not by each coder, and \
        text coded by neither counts as agreement (use --exclude-uncoded to leave it out). Turn units rate each \
        speaker turn as coded or not. Percent agreement and kappa compare the first two coders; Krippendorff's \
        alpha (nominal) uses all of them, with a coder's ratings missing on sources they did not code.
        """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "The coding framework.")
    var framework: String

    @Option(help: "Two or more coders, comma separated.")
    var coders: String

    @Option(help: "One theme only.")
    var theme: String?

    @Option(help: "character or turn.")
    var unit: CodingAgreement.Unit = .character

    @Flag(help: "Leave out units coded by no coder.")
    var excludeUncoded = false

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let names = coders.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let result = try project.open().coding.agreementResult(framework: framework, coders: names, theme: theme,
                                                               unit: unit, excludeUncoded: excludeUncoded)
        if format == .json { return try printJSON(result) }
        func row(_ label: String, _ figures: CodingAgreement.Figures) -> [String] {
            let agreement = format == .csv ? NumberText.exact(figures.percentAgreement)
                : figures.percentAgreement.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
            return [label, String(figures.units), agreement, cell(figures.kappa, 3, format),
                    cell(figures.krippendorffAlpha, 3, format)]
        }
        printRows(format, ["THEME", "UNITS", format == .csv ? "AGREEMENT (PROPORTION)" : "AGREEMENT", "KAPPA", "ALPHA"],
                  result.themes.map { row($0.theme, $0.figures) } + [row("all themes", result.overall)])
    }
}

extension CodingAgreement.Unit: ExpressibleByArgument {}
