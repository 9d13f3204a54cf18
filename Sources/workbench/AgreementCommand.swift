public import ArgumentParser
public import FrameworkAnalysis
import Foundation
import Statistics
import WorkbenchCore

struct Agreement: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inter-coder agreement: percent agreement, Cohen's kappa, Krippendorff's alpha.",
        discussion: """
        `agreement themes` (the default) rates each theme separately, coded or not; `agreement scheme` gives every \
        unit one label per coder across all themes; `agreement table FILE.csv` reads labels kept in a spreadsheet. \
        Each takes --disagreements to list the units or passages where the coders differ.
        """,
        subcommands: [Themes.self, Scheme.self, Table.self], defaultSubcommand: Themes.self)

    /// The framework and coders every project agreement needs.
    struct Coders: ParsableArguments {
        @Option(help: "The coding framework.")
        var framework: String

        @Option(help: "Two or more coders, comma separated.")
        var coders: String

        @Option(help: "character or turn.")
        var unit: CodingAgreement.Unit = .character

        @Flag(help: "Leave out units coded by no coder.")
        var excludeUncoded = false

        var names: [String] { coders.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    struct Themes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Agreement per theme, each theme rated coded or not coded (a unit may carry several themes).",
            discussion: """
            Character units follow NVivo: per theme and source, every character is coded or not by each coder, and \
            text coded by neither counts as agreement (use --exclude-uncoded to leave it out). Turn units rate each \
            speaker turn as coded or not. Percent agreement and kappa compare the first two coders; Krippendorff's \
            alpha (nominal) uses all of them, with a coder's ratings missing on sources they did not code.
            """)

        @OptionGroup var project: ProjectOptions
        @OptionGroup var coding: Coders

        @Option(help: "One theme only.")
        var theme: String?

        @Flag(help: "List the stretches where some coders coded a theme and others did not, with their text.")
        var disagreements = false

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let project = try project.open()
            if disagreements {
                let found = try project.coding.disagreements(framework: coding.framework, coders: coding.names,
                                                             theme: theme)
                if format == .json { return try printJSON(found) }
                printRows(format, ["SOURCE", "THEME", "START", "END", "CODED BY", "NOT CODED BY", "TEXT"], found.map {
                    let passage = $0.disagreement
                    return [passage.source, passage.theme, String(passage.start), String(passage.end),
                            passage.codedBy.joined(separator: ", "), passage.notCodedBy.joined(separator: ", "),
                            quoteCell($0.text, format)]
                })
                return
            }
            let result = try project.coding.agreementResult(framework: coding.framework, coders: coding.names,
                                                            theme: theme, unit: coding.unit,
                                                            excludeUncoded: coding.excludeUncoded)
            if format == .json { return try printJSON(result) }
            func row(_ label: String, _ figures: CodingAgreement.Figures) -> [String] {
                [label, String(figures.units), percentCell(figures.percentAgreement, format),
                 cell(figures.kappa, 3, format), cell(figures.krippendorffAlpha, 3, format)]
            }
            printRows(format, ["THEME", "UNITS", format == .csv ? "AGREEMENT (PROPORTION)" : "AGREEMENT", "KAPPA",
                               "ALPHA"],
                      result.themes.map { row($0.theme, $0.figures) } + [row("all themes", result.overall)])
        }
    }

    struct Scheme: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Agreement across all of a framework's themes: one label per unit and coder, a theme or none.",
            discussion: """
            Percent agreement, expected agreement and Cohen's kappa for every pair of coders; Krippendorff's alpha \
            (nominal) for all of them, with its observed and expected disagreement and the number of pairable \
            values. A coder who coded nothing in a source has not rated its units. A unit one coder gave two or \
            more themes is labelled by their combination (--multiple combine) or left out (--multiple leave-out); \
            the output says how many there were. Character units are stretches where no coder's label changes, \
            counted by their length.
            """)

        @OptionGroup var project: ProjectOptions
        @OptionGroup var coding: Coders

        @Option(help: "combine or leave-out: units given two or more themes by one coder.")
        var multiple: NominalAgreement.MultipleThemes = .combine

        @Flag(help: "List every unit where the coders' labels differ, with its text.")
        var disagreements = false

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let result = try project.open().coding.nominalAgreement(
                framework: coding.framework, coders: coding.names, unit: coding.unit,
                excludeUncoded: coding.excludeUncoded, multipleThemes: multiple)
            try printNominal(result, disagreements: disagreements, format: format)
        }
    }

    struct Table: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Agreement of codes kept in a spreadsheet (CSV), no project needed.",
            discussion: """
            Long layout: columns unit, coder and label, one rating per row. Wide layout: the first column names \
            the unit and every other column is a coder. A blank cell is a missing rating; labels are compared \
            exactly as written. Reports what `agreement scheme` reports.
            """)

        @Argument(help: "The CSV file.")
        var file: String

        @Flag(help: "List every unit where the coders' labels differ.")
        var disagreements = false

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            try printNominal(try AgreementTable.agreement(URL(fileURLWithPath: file)), disagreements: disagreements,
                             format: format)
        }
    }
}

/// Prints nominal agreement figures, or its disagreements, in a format.
private func printNominal(_ result: NominalAgreementResult, disagreements: Bool, format: TableFormat) throws {
    let figures = result.figures
    if disagreements {
        if format == .json { return try printJSON(result.disagreements) }
        let withText = result.disagreements.contains { $0.text != nil }
        printRows(format, ["UNIT"] + figures.coders.map { $0.uppercased() } + (withText ? ["TEXT"] : []),
                  result.disagreements.map { found in
                      [found.unit] + found.labels.map { $0.label ?? (format == .csv ? "" : "—") }
                          + (withText ? [quoteCell(found.text ?? "", format)] : [])
                  })
        return
    }
    if format == .json { return try printJSON(result) }
    let alpha = figures.krippendorff
    if format == .table {
        print(([result.framework.map { "Framework \($0)" }, result.file, "\(result.unit) units",
                "coders " + figures.coders.joined(separator: ", ")] as [String?]).compactMap(\.self)
              .joined(separator: " · "))
        print(result.labelling + "\n")
    }
    var rows = figures.pairs.map { pair in
        [pair.first + " – " + pair.second, String(pair.units), percentCell(pair.percentAgreement, format),
         percentCell(pair.expectedAgreement, format), cell(pair.kappa, 3, format), "", "", "", ""]
    }
    rows.append(["all coders", String(figures.pairableUnits), "", "", "", cell(alpha?.alpha ?? nil, 3, format),
                 cell(alpha?.observedDisagreement, 4, format), cell(alpha?.expectedDisagreement, 4, format),
                 alpha.map { String($0.pairableValues) } ?? "0"])
    var header = ["CODERS", "UNITS", format == .csv ? "AGREEMENT (PROPORTION)" : "AGREEMENT",
                  format == .csv ? "EXPECTED AGREEMENT (PROPORTION)" : "EXPECTED", "KAPPA", "ALPHA",
                  "OBSERVED DISAGREEMENT", "EXPECTED DISAGREEMENT", "PAIRABLE VALUES"]
    if format == .csv {
        header += ["MULTIPLE THEMES", "UNITS WITH MULTIPLE THEMES"]
        rows = rows.map { $0 + [figures.multipleThemes.rawValue, String(figures.unitsWithMultipleThemes)] }
    }
    printRows(format, header, rows)
}

/// A proportion as a cell: exact in CSV, a percentage with one decimal in a table.
private func percentCell(_ value: Double?, _ format: TableFormat) -> String {
    format == .csv ? NumberText.exact(value) : value.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
}

/// A quoted passage as a cell: whole in CSV, on one line and cut to 60 characters in a table.
private func quoteCell(_ text: String, _ format: TableFormat) -> String {
    guard format == .table else { return text }
    let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
    return line.count > 60 ? line.prefix(59) + "…" : line
}

extension CodingAgreement.Unit: ExpressibleByArgument {}
extension NominalAgreement.MultipleThemes: ExpressibleByArgument {}
