import ArgumentParser
import Foundation
import ProjectStore
import WorkbenchCore
import WorkbenchKit

struct Codings: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Code passages with themes, import and export codings, remove automatic ones.",
        subcommands: [Add.self, List.self, Import.self, Export.self, Remove.self, Delete.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Code one passage, by code-point offsets (end exclusive) or by quoting its text.")

        @OptionGroup var project: ProjectOptions

        @Option(help: "The coding framework: ID or ID@VERSION.")
        var framework: String

        @Option(help: "The source's name.")
        var source: String

        @Option(help: "The theme id.")
        var theme: String

        @Option(help: "Who is coding.")
        var coder: String

        @Option(help: "First code point of the passage.")
        var start: Int?

        @Option(help: "Code point after the passage.")
        var end: Int?

        @Option(help: "The passage's exact text (it must occur once in the source).")
        var quote: String?

        func run() throws {
            let coding = try project.open().coding.addCoding(framework: framework, source: source, theme: theme, coder: coder,
                                                      start: start, end: end, quote: quote)
            print("Coded \(source) [\(coding.start)–\(coding.end)] with \(coding.theme) (\(coding.coder))")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import codings from CSV: source,start,end,theme,coder (code points, end exclusive).")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The CSV file.")
        var file: String

        @Option(help: "The coding framework the themes belong to.")
        var framework: String

        func run() throws {
            let count = try project.open().coding.importCodings(URL(fileURLWithPath: file), framework: framework)
            print("Imported \(count) codings.")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print codings as CSV in the import shape: source,start,end,theme,coder.")

        @OptionGroup var project: ProjectOptions

        @Option(help: "Only codings with this framework.")
        var framework: String?

        @Flag(help: "Offsets into the anonymised texts (see `transcripts show --anonymise`); real names replaced.")
        var anonymise = false

        @Option(help: "csv (the import shape, the default), json or table.")
        var format: TableFormat = .csv

        func run() throws {
            let rows = try project.open().coding.exportCodings(framework: framework, anonymise: anonymise)
            if format == .json { return try printJSON(rows) }
            printRows(format, ["source", "start", "end", "theme", "coder"], rows.map {
                [$0.source, String($0.start), String($0.end), $0.theme, $0.coder]
            })
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove automatic codings.")

        @OptionGroup var project: ProjectOptions

        @Flag(help: "Remove the codings made by auto-coding (required: manual codings are never removed in bulk).")
        var automatic = false

        @Option(help: "Only those with this framework.")
        var framework: String?

        func run() throws {
            guard automatic else { throw ValidationError("only automatic codings can be removed in bulk: add --automatic") }
            let removed = try project.open().coding.removeAutomaticCodings(framework: framework)
            print("Removed \(removed) automatic codings.")
        }
    }
}

struct Autocode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Code every turn that meets a theme's indicators (keywords, patterns, speakers); counts per theme.",
        discussion: """
        Automatic codings are marked as such, replace the previous automatic run on the same sources, and can be \
        removed with `workbench codings remove --automatic`.
        """)

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The coding framework: ID or ID@VERSION.")
    var framework: String

    @Option(parsing: .upToNextOption, help: "Only these sources (default: all).")
    var sources: [String] = []

    @Option(help: "The name recorded as the coder.")
    var coder = "autocode"

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let summary = try project.open().coding.autocode(framework: framework, sources: sources, coder: coder)
        if format == .json { return try printJSON(summary) }
        printRows(format, ["THEME", "NAME", "PASSAGES"], summary.themes.map { [$0.theme, $0.name, String($0.passages)] })
        if format == .table {
            print("\nAuto-coded \(summary.sources) source(s) with \(summary.framework.reference); review the codings "
                  + "before charting.")
        }
    }
}
