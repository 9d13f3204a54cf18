public import ArgumentParser
import Foundation
import StagedFiles
import PluginHost
import ProjectStore
import WorkbenchCore
public import WorkbenchKit
import XMLKit

struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, inspect, validate, create, verify and trust plugins.",
        subcommands: [List.self, Show.self, Validate.self, New.self, Verify.self, Trust.self, Untrust.self, Probe.self])
}

/// The registry a plugin command sees: the project's when there is one, else the built-ins.
struct RegistryOptions: ParsableArguments {
    @Option(name: .customLong("project"),
            help: ArgumentHelp("The project folder (default: the current folder if it is a project).",
                               valueName: "DIR"))
    var folder: String?

    func registry() throws -> PluginRegistry {
        let registry: PluginRegistry
        if let folder {
            registry = try WorkbenchProject.open(at: URL(fileURLWithPath: folder)).registry()
        } else if FileManager.default.fileExists(atPath: ProjectStore.databaseFileName) {
            registry = try WorkbenchProject.open(at: URL(fileURLWithPath: ".")).registry()
        } else {
            registry = try PluginRegistry.load(PluginSources())
        }
        registry.warnings.forEach { printError("warning: \($0)") }
        registry.problems.forEach { printError("warning: not loaded: \($0)") }
        return registry
    }
}

extension Plugins {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the plugins available to the project.")

        @OptionGroup var project: RegistryOptions

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let entries = try project.registry().entries
            switch format {
            case .json:
                try printJSON(entries.map { PluginListing($0) })
            case .csv:
                printCSV(["ID", "VERSION", "KIND", "SOURCE", "NAME"], entries.map {
                    [$0.descriptor.id, $0.descriptor.version.description, $0.descriptor.kind.rawValue, $0.origin.rawValue,
                     $0.descriptor.displayName]
                })
            case .table:
                printPluginTable(entries)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one plugin: its descriptor and content.")

        @OptionGroup var project: RegistryOptions

        @Argument(help: "ID (the highest version) or ID@VERSION.")
        var plugin: String

        @Option(help: "table, csv (the plugin's description) or json (with its whole definition).")
        var format: TableFormat = .table

        func run() throws {
            let registry = try project.registry()
            let entry = try registry.entry(plugin)
            if format == .csv {
                let descriptor = entry.descriptor
                return printCSV(["FIELD", "VALUE"], [
                    ["id", descriptor.id], ["version", descriptor.version.description], ["kind", descriptor.kind.rawValue],
                    ["name", descriptor.displayName], ["source", entry.origin.rawValue], ["file", entry.file.path],
                    ["authors", descriptor.authors.joined(separator: "; ")], ["licence", descriptor.licence],
                    ["citation", descriptor.provenance.citation ?? ""],
                    ["text included", descriptor.provenance.textIncluded ? "yes" : "no"],
                ])
            }
            if format == .json {
                try printJSON(PluginListing(entry, definition: true))
                return
            }
            let descriptor = entry.descriptor
            print("\(descriptor.displayName) — \(descriptor.reference) (\(descriptor.kind.displayName))")
            print("  source:  \(entry.origin.rawValue), \(entry.file.path)")
            if !descriptor.authors.isEmpty { print("  authors: \(descriptor.authors.joined(separator: "; "))") }
            print("  licence: \(descriptor.licence)")
            if let citation = descriptor.provenance.citation { print("  cites:   \(citation)") }
            if !descriptor.provenance.textIncluded { print("  text:    not included (supply a licensed text pack)") }
            print("")
            switch PluginDefinition(entry.plugin) {
            case .maturityMatrix(let matrix):
                print("Levels: " + matrix.levels.map { "\($0.rank) \($0.label)" }.joined(separator: " < "))
                for dimension in matrix.dimensions {
                    print("\(dimension.name) [\(dimension.id)]")
                    dimension.strands.forEach { print("  - \($0.name) [\($0.id)]") }
                }
            case .questionnaire(let questionnaire):
                print("\(questionnaire.items.count) items on \(questionnaire.scales.count) scale(s)")
                for scale in questionnaire.scales {
                    print("  scale \(scale.id): " + scale.options.map { "\($0.code) = \($0.label)" }.joined(separator: ", "))
                }
                questionnaire.items.forEach {
                    print("  \($0.id) [\($0.scale)] "
                          + (registry.wording(of: $0, in: descriptor.id) ?? "(wording not included)"))
                }
                for subscale in questionnaire.subscales {
                    let items = subscale.items.map { $0.reverse ? "\($0.item) (reversed)" : $0.item }
                    print("Subscale \(subscale.label) [\(subscale.id)]: \(subscale.aggregate.rawValue) of "
                          + items.joined(separator: ", ") + "; at least \(subscale.minimumAnswered) answered")
                }
                for composite in questionnaire.composites {
                    let parts = composite.subscales.isEmpty ? "\(composite.items.count) items"
                        : composite.subscales.joined(separator: ", ")
                    print("Composite \(composite.label) [\(composite.id)]: \(composite.aggregate.rawValue) of \(parts); "
                          + "at least \(composite.minimumAnswered) answered")
                }
            case .observationSchedule(let schedule):
                for section in schedule.sections {
                    print("\(section.name) [\(section.id)]")
                    section.criteria.forEach { print("  - \($0.text) [\($0.id)]") }
                }
            case .codingFramework(let framework):
                func show(_ themes: [CodingFramework.Theme], depth: Int) {
                    for theme in themes {
                        print(String(repeating: "  ", count: depth) + "- \(theme.name) [\(theme.id)]"
                              + (theme.isCodable ? "" : " (folder: code with its themes)"))
                        show(theme.children, depth: depth + 1)
                    }
                }
                show(framework.themes, depth: 0)
            case .intervention(let intervention):
                print(intervention.summary)
                if !intervention.strands.isEmpty { print("Strands: " + intervention.strands.joined(separator: ", ")) }
                if !intervention.suggestedMeasures.isEmpty {
                    print("Measures: " + intervention.suggestedMeasures.joined(separator: "; "))
                }
            case .cycleTemplate(let template):
                for (index, step) in template.steps.enumerated() {
                    let artefacts = step.artefacts.isEmpty ? "" : " → " + step.artefacts.joined(separator: ", ")
                    print("\(index + 1). \(step.name) [\(step.id)]\(artefacts)")
                }
            case .unavailable:
                print("(this plugin does not provide the content its kind promises)")
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check plugin files against their schemas; print every issue as file:line:col: message.",
            discussion: "Exits 0 when every file is valid, 1 otherwise. Folders are searched for .xml files.")

        @Argument(help: "Plugin files or folders.")
        var paths: [String]

        func run() throws {
            var failed = false
            var files: [URL] = []
            for path in paths {
                let url = URL(fileURLWithPath: path)
                guard FileManager.default.fileExists(atPath: url.path) else {
                    print("\(path): no such file or folder")
                    failed = true
                    continue
                }
                let found = PluginRegistry.xmlFiles(in: [url])
                if found.isEmpty {
                    print("\(path): no plugin files (.xml) here; check compiled plugins with `workbench plugins verify`")
                    failed = true
                }
                files += found
            }
            var claimed: [String: URL] = [:]
            let builtins = try PluginRegistry.load(PluginSources()).entries
            for file in Array(Set(files)).sorted(by: { $0.path < $1.path }) {
                let check = PluginCatalogue.check(fileAt: file, builtins: builtins)
                check.issues.forEach { print($0.description) }
                check.problems.forEach { print("\(file.path): \($0)") }
                check.notes.forEach { print("\(file.path): note: \($0)") }
                failed = failed || !check.issues.isEmpty || !check.problems.isEmpty
                guard let reference = check.plugin?.reference else { continue }
                if let other = claimed[reference] {
                    print("\(file.path): \(reference) is also claimed by \(other.path)")
                    failed = true
                }
                claimed[reference] = file
            }
            if failed { throw ExitCode.failure }
            print("\(files.count) plugin file(s) valid")
        }
    }

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a valid, commented starter plugin file to edit.")

        @Option(help: ArgumentHelp("The kind of plugin.", valueName: "KIND"))
        var kind: PluginKind

        @Argument(help: "The plugin id, e.g. my-alliance.staff-survey.")
        var id: String

        @Option(help: "Where to write it (default: ID.xml in the current folder; - for standard output).")
        var out: String?

        func run() throws {
            let text = try PluginStarter.file(kind: kind, id: id)
            let destination = out ?? "\(id).xml"
            if destination == "-" {
                print(text, terminator: "")
                return
            }
            guard !FileManager.default.fileExists(atPath: destination) else {
                throw ValidationError("\(destination) already exists; choose another --out or remove it")
            }
            try StagedOutput.write(Data(text.utf8), to: URL(fileURLWithPath: destination))
            print("Wrote \(destination); edit it, then run `workbench plugins validate \(destination)`.")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a compiled plugin in a child process and report OK, REJECTED or CRASHED.")

        @Argument(help: "The plugin's .so file.")
        var path: String

        func run() throws {
            let outcome = PluginVerifier.verify(fileAt: URL(fileURLWithPath: path), executable: currentExecutable,
                                                arguments: probeArguments)
            print(outcome.description)
            if case .ok = outcome { return }
            throw ExitCode.failure
        }
    }

    struct Trust: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a compiled plugin and record its SHA-256 so the project loads it.",
            discussion: "A trusted file that later changes is refused until it is trusted again.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The plugin's .so file.")
        var path: String

        func run() throws {
            let url = URL(fileURLWithPath: path)
            let outcome = try project.open().plugins.trust(pluginAt: url, executable: currentExecutable,
                                                   arguments: probeArguments)
            guard case .ok(let summary) = outcome else {
                print("not trusted: \(outcome)")
                throw ExitCode.failure
            }
            print("Trusted \(url.standardizedFileURL.path): \(summary)")
        }
    }

    struct Untrust: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop loading a compiled plugin (the file stays).")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The plugin's .so file, as trusted.")
        var path: String

        func run() throws {
            let reference = try project.open().plugins.untrust(pluginAt: URL(fileURLWithPath: path))
            print("No longer trusted: \(path) (\(reference))")
        }
    }

    /// The child side of `verify`: loads the plugin in this process and prints its summary.
    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a compiled plugin in this process (used by verify).", shouldDisplay: false)

        @Argument var path: String

        func run() throws {
            let plugin = try CompiledPlugins.load(fileAt: URL(fileURLWithPath: path))
            print(plugin.descriptor.verificationSummary)
        }
    }
}

extension PluginKind: @retroactive ExpressibleByArgument {}
