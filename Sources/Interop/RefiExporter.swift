public import Foundation
public import FrameworkAnalysis
import PluginHost
public import ProjectStore
public import WorkbenchKit

/// Maps a workbench project onto REFI-QDA, one method per section of the exchange format (users,
/// frameworks as codes, cases and variables, schools as sets, sources with their coded passages
/// and memos, memos on the project), as the importer reads them back. GUIDs are named from stable
/// names and timestamps come from the data, so two exports of one project are byte-identical.
public struct RefiExporter {
    /// A framework by `id@version`, as its codings were made with it; nil when it is no longer available.
    public typealias FrameworkLookup = (String) -> (PluginDescriptor, CodingFramework)?

    /// The theme colours given to codes of frameworks that set none (by top-level theme).
    static let palette = ["#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F",
                          "#BCBD22", "#17BECF"]

    let store: ProjectStore
    let draft: (descriptor: PluginDescriptor, framework: CodingFramework)
    let lookup: FrameworkLookup
    let pseudonymiser: Pseudonymiser?
    var project: RefiProject
    /// Original files to put in the package, by their name in it.
    var files: [String: URL] = [:]

    private let info: ProjectInfo
    private let codings: [(source: String, coding: CodingRecord)]
    private let memos: [(source: String?, memo: MemoRecord)]
    private var user: [String: String] = [:]
    private var codeGUID: [String: String] = [:]
    private var sourceGUID: [Int64: String] = [:]

    /// - Parameters:
    ///   - draft: the project's draft framework as it stands (its codings go with it).
    ///   - pseudonymiser: when given, real names are replaced in texts, memos and source names,
    ///     offsets move to match, and original files (which hold the real names) are left out.
    public init(store: ProjectStore, origin: String, draft: (PluginDescriptor, CodingFramework),
                pseudonymiser: Pseudonymiser?, frameworks lookup: @escaping FrameworkLookup) throws {
        self.store = store
        self.draft = draft
        self.lookup = lookup
        self.pseudonymiser = pseudonymiser
        info = try store.info()
        codings = try store.codings()
        memos = try store.memos()
        project = RefiProject(name: info.name, origin: origin, created: info.createdAt)
    }

    /// The whole project and the original files to package with it.
    public mutating func run() throws -> (project: RefiProject, files: [String: URL]) {
        try exportUsers()
        try exportFrameworks()
        makeCodeNamesUnique()
        let sources = try store.sources()
        sourceGUID = Dictionary(uniqueKeysWithValues: sources.map { ($0.id!, StableGUID.guid("source:\($0.name)")) })
        try exportCases(sources)
        try exportSchools(sources)
        exportSources(sources)
        exportProjectMemos()
        return (project, files)
    }

    /// The research team: everyone who coded or wrote a memo, and everyone named on the team.
    mutating func exportUsers() throws {
        let names = Set(codings.map(\.coding.coder)).union(memos.map(\.memo.researcher))
            .union(try store.researchers()).sorted()
        user = Dictionary(uniqueKeysWithValues: names.map { ($0, StableGUID.guid("user:\($0)")) })
        project.users = names.map { RefiProject.User(guid: user[$0]!, name: pseudonymiser?.apply(text: $0) ?? $0) }
    }

    /// Every framework with codings, and the draft when it has themes: a folder code carrying the
    /// framework's plugin file as its note, with the themes as codes below it.
    mutating func exportFrameworks() throws {
        var references = Set(codings.map { reference($0.coding) })
        if !draft.framework.themes.isEmpty { references.insert(draft.descriptor.reference) }
        for reference in references.sorted() {
            let (descriptor, framework) = reference == draft.descriptor.reference ? draft : framework(reference)
            let key = Self.key(descriptor, draftID: draft.descriptor.id)
            let folder = StableGUID.guid("framework:\(key)")
            let definition = StableGUID.guid("framework-definition:\(key)")
            for (theme, _) in framework.allThemes {
                codeGUID["\(reference)/\(theme.id)"] = StableGUID.guid("code:\(key)/\(theme.id)")
            }
            project.codes.append(RefiProject.Code(
                guid: folder, name: "\(descriptor.displayName) [\(reference)]", isCodable: false,
                description: "Coding framework \(reference), exported by R&D Workbench. Its note holds the "
                    + "framework's definition file.", noteRefs: [definition],
                children: Self.codes(framework, key: key)))
            project.notes.append(RefiProject.Note(
                guid: definition, name: "Coding framework \(reference) (R&D Workbench plugin file)",
                text: PluginWriter.codingFramework(descriptor, framework), creatingUser: nil, created: info.createdAt))
        }
    }

    /// Code names unique across the codebook: tools such as QualCoder identify a code by its name and
    /// lose the codings of a second code of the same name. A repeated name gets its parent's name,
    /// `Modelling (Change mechanisms)` (a framework's name for its top-level themes), then a number if
    /// that is taken too. The GUIDs, which a workbench
    /// reading the package back goes by, stay as they are.
    mutating func makeCodeNamesUnique() {
        func names(_ codes: [RefiProject.Code]) -> [String] { codes.flatMap { [$0.name] + names($0.children) } }
        let counts = Dictionary(names(project.codes).map { ($0, 1) }, uniquingKeysWith: +)
        var taken = Set(counts.keys)
        func rename(_ codes: inout [RefiProject.Code], parent: String?) {
            for index in codes.indices {
                let name = codes[index].name
                if counts[name, default: 0] > 1, let parent {
                    var unique = "\(name) (\(parent))"
                    var number = 2
                    while taken.contains(unique) {
                        unique = "\(name) (\(parent)) \(number)"
                        number += 1
                    }
                    taken.insert(unique)
                    codes[index].name = unique
                }
                // A framework's folder is named `Name [id@version]`; its themes take the name alone, which
                // a draft keeps from version to version.
                let label = parent == nil ? String(name.prefix { $0 != "[" }).trimmingCharacters(in: .whitespaces) : name
                rename(&codes[index].children, parent: label)
            }
        }
        rename(&project.codes, parent: nil)
    }

    /// Participants as cases, with role, school and their attributes as variables.
    mutating func exportCases(_ sources: [SourceRecord]) throws {
        let participants = try store.participants()
        let schoolName = Dictionary(uniqueKeysWithValues: try store.schools().map { ($0.id!, $0.name) })
        let variableNames = ["role", "school"] + Set(participants.flatMap(\.attributes.keys))
            .subtracting(["role", "school"]).sorted()
        project.variables = variableNames.map {
            RefiProject.Variable(guid: StableGUID.guid("variable:\($0)"), name: $0, kind: .text)
        }
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
    }

    /// Each school as a set of the sources of its participants' cases.
    mutating func exportSchools(_ sources: [SourceRecord]) throws {
        let participants = try store.participants()
        for school in try store.schools() {
            let members = participants.filter { $0.schoolID == school.id }.map(\.id)
            project.sets.append(RefiProject.RefiSet(
                guid: StableGUID.guid("set:school:\(school.name)"), name: "School: \(school.name)",
                description: school.phase.map { "phase: \($0)" },
                sources: sources.filter { members.contains($0.caseID) }.compactMap { sourceGUID[$0.id!] }))
        }
    }

    /// Each source with its text, its coded passages (one selection per passage, a coding per
    /// coder and theme) and its memos.
    mutating func exportSources(_ sources: [SourceRecord]) {
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
            refi.selections = selections(of: source, own, Array(spans.prefix(own.count)))
            var seenMemos: [String: Int] = [:]
            for (index, item) in notes.enumerated() {
                let memo = item.memo
                // Named by content, not by row id, so a re-imported project exports the same GUIDs.
                let identity = "\(source.name):\(memo.start ?? -1):\(memo.end ?? -1):\(memo.researcher):\(memo.text)"
                seenMemos[identity, default: 0] += 1
                let memoKey = "\(identity)#\(seenMemos[identity]!)"
                let note = self.note(memo, guid: StableGUID.guid("memo:\(memoKey)"))
                project.notes.append(note)
                if memo.start != nil {
                    let span = spans[own.count + notes.prefix(index).filter { $0.memo.start != nil }.count]
                    // The memo's text also as the selection's description: some tools show only that.
                    refi.selections.append(RefiProject.Selection(
                        guid: StableGUID.guid("memo-selection:\(memoKey)"), start: span.0, end: span.1,
                        creatingUser: user[memo.researcher], created: memo.createdAt, description: note.text,
                        noteRefs: [note.guid]))
                } else {
                    refi.noteRefs.append(note.guid)
                }
            }
            project.sources.append(refi)
        }
    }

    /// Memos on the whole project hang from the project.
    mutating func exportProjectMemos() {
        var seen: [String: Int] = [:]
        for item in memos where item.source == nil {
            let identity = "project:\(item.memo.researcher):\(item.memo.text)"
            seen[identity, default: 0] += 1
            let note = self.note(item.memo, guid: StableGUID.guid("memo:\(identity)#\(seen[identity]!)"))
            project.notes.append(note)
            project.noteRefs.append(note.guid)
        }
        // Their texts also as the project's description, which some tools show instead of notes.
        let texts = project.noteRefs.compactMap { guid in project.notes.first { $0.guid == guid }?.text }
        if !texts.isEmpty { project.description = texts.joined(separator: "\n\n") }
    }

    /// The passages of a source: one selection per distinct span and coder, made by that coder (tools
    /// such as QualCoder take the coder from the selection, not from each coding), each with its
    /// codings in a fixed order.
    private func selections(of source: SourceRecord, _ own: [CodingRecord], _ spans: [(Int, Int)]) -> [RefiProject.Selection] {
        var passages: [String: (start: Int, end: Int, coder: String, codings: [CodingRecord])] = [:]
        for (coding, span) in zip(own, spans) {
            passages["\(span.0):\(span.1):\(coding.coder)", default: (span.0, span.1, coding.coder, [])].codings.append(coding)
        }
        return passages.sorted {
            ($0.value.start, $0.value.end, $0.value.coder) < ($1.value.start, $1.value.end, $1.value.coder)
        }.map { key, passage in
            var seen: [String: Int] = [:]
            let sorted = passage.codings.sorted {
                ($0.framework, $0.frameworkVersion, $0.theme, $0.coder, $0.id ?? 0)
                    < ($1.framework, $1.frameworkVersion, $1.theme, $1.coder, $1.id ?? 0)
            }
            return RefiProject.Selection(
                guid: StableGUID.guid("selection:\(source.name):\(key)"), start: passage.start, end: passage.end,
                creatingUser: user[passage.coder], created: passage.codings.map(\.createdAt).min(),
                codings: sorted.map { coding in
                    let framework = coding.framework == draft.descriptor.id ? draft.descriptor.id : reference(coding)
                    let identity = "\(source.name):\(key):\(framework)/\(coding.theme):\(coding.coder)"
                    seen[identity, default: 0] += 1
                    return RefiProject.Coding(
                        guid: StableGUID.guid("coding:\(identity)#\(seen[identity]!)"),
                        code: codeGUID["\(reference(coding))/\(coding.theme)"]!,
                        creatingUser: user[coding.coder], created: coding.createdAt)
                })
        }
    }

    private func note(_ memo: MemoRecord, guid: String) -> RefiProject.Note {
        RefiProject.Note(guid: guid, name: "Memo by \(pseudonymiser?.apply(text: memo.researcher) ?? memo.researcher)",
                         text: pseudonymiser?.apply(text: memo.text) ?? memo.text, creatingUser: user[memo.researcher],
                         created: memo.createdAt)
    }

    /// The framework a coding was made with: the draft as it stands, else `id@version`.
    private func reference(_ coding: CodingRecord) -> String {
        coding.framework == draft.descriptor.id ? draft.descriptor.reference : "\(coding.framework)@\(coding.frameworkVersion)"
    }

    /// A framework as it stood for codings of `reference`; falls back to the themes the codings
    /// name when the plugin is no longer available.
    private func framework(_ reference: String) -> (PluginDescriptor, CodingFramework) {
        if let found = lookup(reference) { return found }
        let parts = reference.split(separator: "@").map(String.init)
        let themes = Set(codings.map(\.coding).filter { "\($0.framework)@\($0.frameworkVersion)" == reference }
            .map(\.theme)).sorted()
        return (PluginDescriptor(id: parts[0], version: SemanticVersion(parts.last ?? "") ?? SemanticVersion(1, 0, 0),
                                 kind: .codingFramework, displayName: parts[0], licence: "proprietary"),
                CodingFramework(themes: themes.map { CodingFramework.Theme(id: $0, name: $0) }))
    }

    /// What a framework's GUIDs are named from: `id@version`, except the draft's, whose GUIDs do not
    /// change with its version so its themes keep their identity.
    public static func key(_ descriptor: PluginDescriptor, draftID: String) -> String {
        descriptor.id == draftID ? descriptor.id : descriptor.reference
    }

    /// A framework's themes as REFI-QDA codes: GUIDs from `key` and the theme id, the definition and
    /// the inclusion and exclusion notes (on their own lines) as the description, and a colour (the
    /// theme's own, else one per top-level theme).
    public static func codes(_ framework: CodingFramework, key: String) -> [RefiProject.Code] {
        func code(_ theme: CodingFramework.Theme, colour: String) -> RefiProject.Code {
            let notes = [theme.definition, theme.inclusion.map { "Include: \($0)" },
                         theme.exclusion.map { "Exclude: \($0)" }].compactMap { $0 }
            return RefiProject.Code(guid: StableGUID.guid("code:\(key)/\(theme.id)"), name: theme.name,
                                    isCodable: theme.isCodable, color: theme.colour ?? colour,
                                    description: notes.isEmpty ? nil : notes.joined(separator: "\n"),
                                    children: theme.children.map { code($0, colour: theme.colour ?? colour) })
        }
        return framework.themes.enumerated().map { index, theme in
            code(theme, colour: palette[index % palette.count])
        }
    }
}
