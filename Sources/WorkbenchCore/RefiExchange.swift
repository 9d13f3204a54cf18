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
    /// The theme colours given to codes of frameworks that set none (by top-level theme).
    static let palette = ["#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F",
                          "#BCBD22", "#17BECF"]

    /// The REFI-QDA view of the project.
    /// - Parameter anonymise: replace participants' real names in texts, memos and source names,
    ///   moving offsets to match, and leave out original files (which hold the real names).
    public func refiProject(anonymise: Bool = false) throws -> (project: RefiProject, files: [String: URL]) {
        let info = try store.info()
        let pseudonymiser = anonymise ? try self.pseudonymiser() : nil
        var project = RefiProject(name: info.name, origin: "R&D Workbench \(workbenchVersion)", created: info.createdAt)
        let codings = try store.codings()
        let memos = try store.memos()
        let userNames = Set(codings.map(\.coding.coder)).union(memos.map(\.memo.researcher)).sorted()
        let user = Dictionary(uniqueKeysWithValues: userNames.map { ($0, StableGUID.guid("user:\($0)")) })
        project.users = userNames.map { RefiProject.User(guid: user[$0]!, name: $0) }

        // Frameworks: every one with codings, and the draft when it has themes. Draft codings go
        // with the draft as it stands (merges and splits re-theme them).
        let (draft, draftFramework) = try self.draftFramework()
        func reference(_ coding: CodingRecord) -> String {
            coding.framework == draft.id ? draft.reference : "\(coding.framework)@\(coding.frameworkVersion)"
        }
        var references = Set(codings.map { reference($0.coding) })
        if !draftFramework.themes.isEmpty { references.insert(draft.reference) }
        var codeGUID: [String: String] = [:]
        for reference in references.sorted() {
            let (descriptor, framework) = reference == draft.reference ? (draft, draftFramework)
                : try frameworkForExport(reference, codings: codings.map(\.coding))
            let key = Self.refiKey(descriptor)
            let folder = StableGUID.guid("framework:\(key)")
            let definition = StableGUID.guid("framework-definition:\(key)")
            for (theme, _) in framework.allThemes {
                codeGUID["\(reference)/\(theme.id)"] = StableGUID.guid("code:\(key)/\(theme.id)")
            }
            project.codes.append(RefiProject.Code(
                guid: folder, name: "\(descriptor.displayName) [\(reference)]", isCodable: false,
                description: "Coding framework \(reference), exported by R&D Workbench. Its note holds the "
                    + "framework's definition file.", noteRefs: [definition],
                children: Self.refiCodes(framework, key: key)))
            project.notes.append(RefiProject.Note(
                guid: definition, name: "Coding framework \(reference) (R&D Workbench plugin file)",
                text: PluginWriter.codingFramework(descriptor, framework), creatingUser: nil, created: info.createdAt))
        }

        // Cases and their variables.
        let participants = try store.participants()
        let schools = try store.schools()
        let schoolName = Dictionary(uniqueKeysWithValues: schools.map { ($0.id!, $0.name) })
        let variableNames = ["role", "school"] + Set(participants.flatMap(\.attributes.keys))
            .subtracting(["role", "school"]).sorted()
        project.variables = variableNames.map {
            RefiProject.Variable(guid: StableGUID.guid("variable:\($0)"), name: $0, kind: .text)
        }
        let sources = try store.sources()
        let sourceGUID = Dictionary(uniqueKeysWithValues: sources.map { ($0.id!, StableGUID.guid("source:\($0.name)")) })
        for person in participants {
            var values: [String: String] = person.attributes
            values["role"] = person.role ?? values["role"]
            values["school"] = person.schoolID.flatMap { schoolName[$0] } ?? values["school"]
            project.cases.append(RefiProject.Case(
                guid: StableGUID.guid("case:\(person.pseudonym)"), name: person.pseudonym,
                values: variableNames.compactMap { name in
                    values[name].map { RefiProject.VariableValue(variable: StableGUID.guid("variable:\(name)"), value: $0) }
                },
                sourceRefs: sources.filter { $0.caseID == person.id }.compactMap { sourceGUID[$0.id!] }))
        }
        for school in schools {
            let members = participants.filter { $0.schoolID == school.id }.map(\.id)
            project.sets.append(RefiProject.RefiSet(
                guid: StableGUID.guid("set:school:\(school.name)"), name: "School: \(school.name)",
                description: school.phase.map { "phase: \($0)" },
                sources: sources.filter { members.contains($0.caseID) }.compactMap { sourceGUID[$0.id!] }))
        }

        // Sources with their coded passages and memos.
        var files: [String: URL] = [:]
        let codingsBySource = Dictionary(grouping: codings, by: \.source)
        let memosBySource = Dictionary(grouping: memos, by: \.source)
        for source in sources {
            let guid = sourceGUID[source.id!]!
            let own = (codingsBySource[source.name] ?? []).map(\.coding)
            let notes = memosBySource[source.name] ?? []
            var text = source.text
            var spans = own.map { ($0.start, $0.end) } + notes.compactMap { item in item.memo.start.map { ($0, item.memo.end!) } }
            var name = source.name
            if let pseudonymiser {
                (text, spans) = pseudonymiser.apply(text: text, spans: spans)
                name = pseudonymiser.apply(text: name)
            }
            var refi = RefiProject.TextSource(guid: guid, name: name, text: text, created: source.importedAt)
            if pseudonymiser == nil, source.kind == "docx" {
                let original = store.folder.appendingPathComponent(source.originalPath)
                if FileManager.default.fileExists(atPath: original.path) {
                    refi.richFile = "\(guid).docx"
                    files["\(guid).docx"] = original
                }
            }
            var passages: [String: (start: Int, end: Int, codings: [CodingRecord])] = [:]
            for (coding, span) in zip(own, spans) {
                passages["\(span.0):\(span.1)", default: (span.0, span.1, [])].codings.append(coding)
            }
            for (key, passage) in passages.sorted(by: { ($0.value.start, $0.value.end) < ($1.value.start, $1.value.end) }) {
                var seen: [String: Int] = [:]
                let sorted = passage.codings.sorted {
                    ($0.framework, $0.frameworkVersion, $0.theme, $0.coder, $0.id ?? 0)
                        < ($1.framework, $1.frameworkVersion, $1.theme, $1.coder, $1.id ?? 0)
                }
                refi.selections.append(RefiProject.Selection(
                    guid: StableGUID.guid("selection:\(source.name):\(key)"), start: passage.start, end: passage.end,
                    codings: sorted.map { coding in
                        let framework = coding.framework == draft.id ? draft.id : reference(coding)
                        let identity = "\(source.name):\(key):\(framework)/\(coding.theme):\(coding.coder)"
                        seen[identity, default: 0] += 1
                        return RefiProject.Coding(
                            guid: StableGUID.guid("coding:\(identity)#\(seen[identity]!)"),
                            code: codeGUID["\(reference(coding))/\(coding.theme)"]!,
                            creatingUser: user[coding.coder], created: coding.createdAt)
                    }))
            }
            var seenMemos: [String: Int] = [:]
            for (index, item) in notes.enumerated() {
                let memo = item.memo
                // Named by content, not by row id, so a re-imported project exports the same GUIDs.
                let identity = "\(source.name):\(memo.start ?? -1):\(memo.end ?? -1):\(memo.researcher):\(memo.text)"
                seenMemos[identity, default: 0] += 1
                let memoKey = "\(identity)#\(seenMemos[identity]!)"
                let note = RefiProject.Note(
                    guid: StableGUID.guid("memo:\(memoKey)"), name: "Memo by \(memo.researcher)",
                    text: pseudonymiser?.apply(text: memo.text) ?? memo.text, creatingUser: user[memo.researcher],
                    created: memo.createdAt)
                project.notes.append(note)
                if memo.start != nil {
                    let span = spans[own.count + notes.prefix(index).filter { $0.memo.start != nil }.count]
                    refi.selections.append(RefiProject.Selection(
                        guid: StableGUID.guid("memo-selection:\(memoKey)"), start: span.0, end: span.1,
                        creatingUser: user[memo.researcher], created: memo.createdAt, noteRefs: [note.guid]))
                } else {
                    refi.noteRefs.append(note.guid)
                }
            }
            project.sources.append(refi)
        }
        // Memos on the whole project hang from the project.
        var seenMemos: [String: Int] = [:]
        for item in memos where item.source == nil {
            let memo = item.memo
            let identity = "project:\(memo.researcher):\(memo.text)"
            seenMemos[identity, default: 0] += 1
            let note = RefiProject.Note(guid: StableGUID.guid("memo:\(identity)#\(seenMemos[identity]!)"),
                                        name: "Memo by \(memo.researcher)",
                                        text: pseudonymiser?.apply(text: memo.text) ?? memo.text,
                                        creatingUser: user[memo.researcher], created: memo.createdAt)
            project.notes.append(note)
            project.noteRefs.append(note.guid)
        }
        return (project, files)
    }

    /// A framework as it stood for codings of `reference` (`id@version`); falls back to the themes
    /// the codings name when the plugin is no longer available.
    private func frameworkForExport(_ reference: String, codings: [CodingRecord]) throws
        -> (PluginDescriptor, CodingFramework) {
        if let found = try? framework(reference) { return found }
        let parts = reference.split(separator: "@").map(String.init)
        let themes = Set(codings.filter { "\($0.framework)@\($0.frameworkVersion)" == reference }.map(\.theme)).sorted()
        return (PluginDescriptor(id: parts[0], version: SemanticVersion(parts.last ?? "") ?? SemanticVersion(1, 0, 0),
                                 kind: .codingFramework, displayName: parts[0], licence: "proprietary"),
                CodingFramework(themes: themes.map { CodingFramework.Theme(id: $0, name: $0) }))
    }

    /// Writes the project as a `.qdpx` package.
    @discardableResult
    public func exportRefi(to url: URL, anonymise: Bool = false) throws -> RefiExportSummary {
        let (project, files) = try refiProject(anonymise: anonymise)
        try RefiWriter.writePackage(project, files: files, to: url)
        return RefiExportSummary(file: url, sources: project.sources.count, codes: project.allCodes.count,
                                 codings: project.codingCount, cases: project.cases.count, notes: project.notes.count)
    }

    /// A framework as a `.qdc` codebook (themes as codes, with their notes and colours).
    public func codebook(_ reference: String) throws -> String {
        let (descriptor, framework) = try self.framework(reference)
        return RefiWriter.codebook(Self.refiCodes(framework, key: Self.refiKey(descriptor)),
                                   origin: "R&D Workbench \(workbenchVersion): \(descriptor.reference)")
    }

    /// What a framework's GUIDs are named from: `id@version`, except the draft's, whose GUIDs do not
    /// change with its version so its themes keep their identity.
    static func refiKey(_ descriptor: PluginDescriptor) -> String {
        descriptor.id == draftFrameworkID ? descriptor.id : descriptor.reference
    }

    /// A framework's themes as REFI-QDA codes: GUIDs from `key` and the theme id, the definition and
    /// the inclusion and exclusion notes (on their own lines) as the description, and a colour (the
    /// theme's own, else one per top-level theme).
    static func refiCodes(_ framework: CodingFramework, key: String) -> [RefiProject.Code] {
        func code(_ theme: CodingFramework.Theme, colour: String) -> RefiProject.Code {
            let notes = [theme.definition, theme.inclusion.map { "Include: \($0)" },
                         theme.exclusion.map { "Exclude: \($0)" }].compactMap { $0 }
            return RefiProject.Code(guid: StableGUID.guid("code:\(key)/\(theme.id)"), name: theme.name,
                                    isCodable: true, color: theme.colour ?? colour,
                                    description: notes.isEmpty ? nil : notes.joined(separator: "\n"),
                                    children: theme.children.map { code($0, colour: theme.colour ?? colour) })
        }
        return framework.themes.enumerated().map { index, theme in
            code(theme, colour: palette[index % palette.count])
        }
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
    static func theme(from code: RefiProject.Code, taken: inout Set<String>) -> CodingFramework.Theme {
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
            children: code.children.map { theme(from: $0, taken: &taken) })
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
