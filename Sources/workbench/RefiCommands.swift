import ArgumentParser
import Foundation
import StagedFiles
import WorkbenchCore
import WorkbenchKit

struct Refi: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exchange projects and codebooks with NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette (REFI-QDA).",
        subcommands: [Export.self, Import.self, ExportCodebook.self, ImportCodebook.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the project as a .qdpx package (valid against the REFI-QDA Project.xsd).")

        @OptionGroup var project: ProjectOptions
        @Option(help: "The .qdpx file to write.") var out: String
        @Flag(help: "Replace participants' real names with their pseudonyms and leave out original files.")
        var anonymise = false

        func run() throws {
            let summary = try project.open().exchange.exportRefi(to: URL(fileURLWithPath: out), anonymise: anonymise)
            print("Wrote \(out): \(summary.sources) source(s), \(summary.codes) code(s), \(summary.codings) coding(s), "
                  + "\(summary.cases) case(s), \(summary.notes) note(s)")
            for loss in summary.leftOut { printError("warning: not in the package (REFI-QDA cannot carry them): \(loss)") }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new project from a .qdpx package (or a .qde with sources/ beside it).",
            discussion: """
            The file is validated against the official schema and read leniently: every deviation tolerated \
            (vendor quirks) is printed as a warning line. Nothing is created unless the whole import succeeds.
            """)

        @Argument(help: "The .qdpx or .qde file.") var file: String
        @Option(help: "The new project's folder (default: the file's name without extension).") var into: String?
        @Flag(help: "No progress line on the terminal.") var quiet = false

        func run() throws {
            let url = URL(fileURLWithPath: file)
            let folder = URL(fileURLWithPath: into ?? url.deletingPathExtension().lastPathComponent)
            let summary = try WorkbenchProject.importRefi(url, into: folder, progress: ProgressLine.sink(quiet: quiet))
            ProgressLine.shared.clear()
            for warning in summary.warnings { printError("warning: \(warning)") }
            print("Imported \(file) into \(folder.path): \(summary.sources) text source(s), \(summary.codes) code(s), "
                  + "\(summary.codings) coding(s), \(summary.cases) case(s), \(summary.memos) memo(s)")
            for framework in summary.frameworks { print("  framework \(framework)") }
            for other in summary.otherSources { print("  \(other)") }
        }
    }

    struct ExportCodebook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-codebook",
            abstract: "Write a coding framework as a .qdc codebook, or as a CSV codebook Taguette imports.")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "The coding framework: draft, ID or ID@VERSION.") var framework: String
        @Option(help: "The file to write (.qdc, or .csv).") var out: String
        @Option(help: "qdc or csv (default: from the file's extension).") var format: CodebookFormat?

        enum CodebookFormat: String, ExpressibleByArgument { case qdc, csv }

        func run() throws {
            let url = URL(fileURLWithPath: out)
            let chosen = format ?? (url.pathExtension.lowercased() == "csv" ? .csv : .qdc)
            let exchange = try project.open().exchange
            let text = chosen == .csv ? try exchange.codebookCSV(framework) : try exchange.codebook(framework)
            try StagedOutput.write(Data(text.utf8), to: url)
            print("Wrote \(out)")
        }
    }

    struct ImportCodebook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-codebook", abstract: "Make a project-local coding framework from a .qdc codebook.")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "The .qdc file.") var file: String
        @Option(help: "The framework's plugin id (default: codebook.<file name>).") var id: String?
        @Option(help: "Its version.") var version = "1.0.0"

        func run() throws {
            let result = try project.open().exchange.importCodebook(URL(fileURLWithPath: file), id: id, version: version)
            for warning in result.warnings { printError("warning: \(warning)") }
            print("Wrote \(result.file.path) (\(result.descriptor.reference))")
        }
    }
}
