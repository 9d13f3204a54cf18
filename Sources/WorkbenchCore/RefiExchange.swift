public import Foundation
import FrameworkAnalysis
public import Interop
import PluginHost
import ProjectStore
import StagedFiles
import Transcripts
public import WorkbenchKit

// REFI-QDA exchange: the project as a `.qdpx` and back, and frameworks as `.qdc` codebooks.
//
// Each coding framework becomes a folder code named "Name [id@version]" holding its themes; the
// folder carries a note with the framework's plugin file, so a workbench reading the package
// back gets every theme id, note and indicator, while other tools see an ordinary codebook.
// GUIDs are UUIDv5 of stable names, and timestamps come from the data.

/// What an export wrote.
public struct RefiExportSummary: Sendable {
    public var file: URL
    public var sources: Int
    public var codes: Int
    public var codings: Int
    public var cases: Int
    public var notes: Int
    /// What the format cannot carry and was left out, with counts, in words.
    public var leftOut: [String]
}

/// What an import made.
public struct RefiImportSummary: Sendable {
    public var project: WorkbenchProject
    public var sources: Int
    public var codes: Int
    public var codings: Int
    public var cases: Int
    public var memos: Int
    /// Coding frameworks used: `id@version` and whether the project got its own plugin file for it.
    public var frameworks: [String]
    /// Non-text sources kept as files in the project's `sources/` (name and file), or noted missing.
    public var otherSources: [String]
    public var warnings: [String]
}

extension Exchange {
    /// The REFI-QDA view of the project (see ``RefiExporter``).
    /// - Parameter anonymise: replace participants' real names in texts, memos and source names,
    ///   moving offsets to match, and leave out original files (which hold the real names).
    public func refiProject(anonymise: Bool = false) throws -> (project: RefiProject, files: [String: URL]) {
        var exporter = try RefiExporter(store: store, origin: "R&D Workbench \(workbenchVersion)",
                                        draft: try draftFramework(), pseudonymiser: anonymise ? try pseudonymiser() : nil,
                                        frameworks: { try? project.framework($0) })
        return try exporter.run()
    }

    /// Writes the project as a `.qdpx` package.
    @discardableResult
    public func exportRefi(to url: URL, anonymise: Bool = false) throws -> RefiExportSummary {
        report("Gathering the project", 0, of: nil, "files")
        let (project, files) = try refiProject(anonymise: anonymise)
        try RefiWriter.writePackage(project, files: files, to: url) { done, total in
            report("Writing \(url.lastPathComponent)", done, of: total, "files")
        }
        return RefiExportSummary(file: url, sources: project.sources.count, codes: project.allCodes.count,
                                 codings: project.codingCount, cases: project.cases.count, notes: project.notes.count,
                                 leftOut: try store.recordsREFILeavesOut().map { "\($0.count) \($0.what)" })
    }

    /// A framework as a `.qdc` codebook (themes as codes, with their notes and colours).
    public func codebook(_ reference: String) throws -> String {
        let (descriptor, framework) = try self.framework(reference)
        return RefiWriter.codebook(RefiExporter.codes(framework, key: Self.refiKey(descriptor)),
                                   origin: "R&D Workbench \(workbenchVersion): \(descriptor.reference)")
    }

    /// A framework as a CSV codebook in the layout Taguette's codebook import reads: a `tag` and a
    /// `description` column, one row per theme in framework order. A theme's name is its tag; where
    /// two themes share a name, each is named `Parent / Name`. The description holds the definition
    /// and the inclusion and exclusion notes.
    public func codebookCSV(_ reference: String) throws -> String {
        let (_, framework) = try self.framework(reference)
        let all = framework.allThemes
        let names = Dictionary(all.map { ($0.theme.id, $0.theme.name) }, uniquingKeysWith: { first, _ in first })
        let counts = Dictionary(all.map { ($0.theme.name, 1) }, uniquingKeysWith: +)
        let rows = all.map { entry -> [String] in
            let theme = entry.theme
            var tag = theme.name
            if counts[tag, default: 0] > 1, entry.path.count > 1, let parent = names[entry.path[entry.path.count - 2]] {
                tag = parent + " / " + tag
            }
            let description = [theme.definition, theme.inclusion.map { "Include: " + $0 },
                               theme.exclusion.map { "Exclude: " + $0 }].compactMap(\.self).joined(separator: " ")
            return [tag, description]
        }
        return CSVFile.text([["tag", "description"]] + rows)
    }

    /// What a framework's GUIDs are named from (see ``RefiExporter/key(_:draftID:)``).
    static func refiKey(_ descriptor: PluginDescriptor) -> String {
        RefiExporter.key(descriptor, draftID: draftFrameworkID)
    }

    /// Makes a project-local coding-framework plugin from a `.qdc` codebook.
    /// - Returns: the plugin, its file and the tolerated deviations.
    public func importCodebook(_ url: URL, id: String? = nil, version: String = "1.0.0") throws
        -> (descriptor: PluginDescriptor, file: URL, warnings: [String]) {
        let (codebook, warnings) = try RefiReader.readCodebook(url)
        let base = url.deletingPathExtension().lastPathComponent
        let id = id ?? "codebook." + (Self.themeID(for: base).isEmpty ? "imported" : Self.themeID(for: base))
        guard let semantic = SemanticVersion(version) else { throw WorkbenchError("'\(version)' is not a version like 1.0.0") }
        if try registry().entries.contains(where: { $0.descriptor.id == id && $0.descriptor.version == semantic }) {
            throw WorkbenchError("\(id)@\(version) exists already; choose another id or version", code: .duplicate,
                                 field: "version")
        }
        var taken = Set<String>()
        let framework = CodingFramework(themes: codebook.codes.map { Self.theme(from: $0, taken: &taken) })
        let descriptor = PluginDescriptor(
            id: id, version: semantic, kind: .codingFramework, displayName: base, licence: "proprietary",
            provenance: Provenance(source: "Imported from the REFI-QDA codebook \(url.lastPathComponent)"
                                   + (codebook.origin.map { " (origin: \($0))" } ?? "")))
        let file = try project.writePlugin(descriptor, framework, into: store.pluginsFolder)
        forgetRegistry()
        return (descriptor, file, warnings)
    }

    /// A theme for a REFI-QDA code: its id made from the name (unique within `taken`), its
    /// description as the definition, its colour when valid.
    /// A code marked `isCodable="false"` stays a folder, unless `coded` (the GUIDs of codes that
    /// codings use) holds it.
    static func theme(from code: RefiProject.Code, taken: inout Set<String>, coded: Set<String> = [])
        -> CodingFramework.Theme {
        var id = themeID(for: code.name)
        if id.isEmpty { id = "code" }
        var unique = id
        var counter = 2
        while taken.contains(unique) {
            unique = "\(id)-\(counter)"
            counter += 1
        }
        taken.insert(unique)
        // Descriptions the workbench wrote hold the inclusion and exclusion notes on their own lines.
        var definition: [String] = [], inclusion: String?, exclusion: String?
        for line in (code.description ?? "").split(whereSeparator: \.isNewline) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("Include: ") {
                inclusion = String(text.dropFirst("Include: ".count))
            } else if text.hasPrefix("Exclude: ") {
                exclusion = String(text.dropFirst("Exclude: ".count))
            } else if !text.isEmpty {
                definition.append(text)
            }
        }
        return CodingFramework.Theme(
            id: unique, name: code.name.isEmpty ? unique : code.name,
            definition: definition.isEmpty ? nil : definition.joined(separator: " "), inclusion: inclusion,
            exclusion: exclusion, colour: code.color.flatMap { RefiReader.isColour($0) ? $0 : nil },
            isCodable: code.isCodable || coded.contains(code.guid),
            children: code.children.map { theme(from: $0, taken: &taken, coded: coded) })
    }
}

extension WorkbenchProject {
    /// Writes a coding-framework plugin file into `folder` after checking it loads.
    func writePlugin(_ descriptor: PluginDescriptor, _ framework: CodingFramework, into folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("\(descriptor.id)-\(descriptor.version).xml")
        guard !FileManager.default.fileExists(atPath: file.path) else { throw WorkbenchError("\(file.path) exists already") }
        try StagedOutput.write(to: file) { staging in
            try Data(PluginWriter.codingFramework(descriptor, framework,
                                                  comment: "Written by R&D Workbench \(workbenchVersion)").utf8)
                .write(to: staging)
            _ = try DeclarativePlugins.load(fileAt: staging)
        }
        return file
    }
}
