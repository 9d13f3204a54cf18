public import Foundation
import FrameworkAnalysis
import Interop
import PluginHost
import ProjectStore
import StagedFiles
import Transcripts
import WorkbenchKit

extension WorkbenchProject {
    /// Imports a REFI-QDA project (`.qdpx`, or a `.qde` with `sources/` beside it) as a new
    /// workbench project in `folder`. The project is built in a staging folder and moved into
    /// place only when everything was read and saved, so a failure leaves nothing behind.
    /// - Parameter progress: where to report how far the import has got.
    public static func importRefi(_ url: URL, into folder: URL, progress: ProgressSink? = nil) throws -> RefiImportSummary {
        let files = FileManager.default
        let folder = folder.standardizedFileURL
        if let existing = try? files.contentsOfDirectory(atPath: folder.path), !existing.isEmpty {
            throw WorkbenchError("\(folder.path) is not empty; import into a new folder", field: "into")
        }
        // Extracted files go to a scratch folder beside the new project, swept if the process is killed.
        var summary = try StagedOutput.withScratch(beside: folder) { scratch in
            progress?(WorkProgress(task: "Reading \(url.lastPathComponent)", done: 0, total: nil, unit: "sources"))
            let read = try RefiReader.read(url, scratch: scratch)
            return try StagedOutput.write(to: folder) { staging in
                let name = read.project.name.isEmpty ? url.deletingPathExtension().lastPathComponent : read.project.name
                return try WorkbenchProject.build(at: staging, name: name) { project in
                    var project = project
                    project.progress = progress
                    var importer = RefiImporter(project: project, read: read, file: url)
                    return try project.change("refi.import", "Imported the REFI-QDA project \(url.lastPathComponent)") {
                        try importer.run()
                    }
                }
            }
        }
        summary.project = try WorkbenchProject.open(at: folder)
        return summary
    }
}

/// One import: maps a read REFI-QDA project onto a fresh workbench project.
private struct RefiImporter {
    let project: WorkbenchProject
    let read: RefiReader.Result
    let file: URL
    var warnings: [String] = []
    /// Code GUID → (framework id, version, theme id).
    var themeOf: [String: (framework: String, version: String, theme: String)] = [:]
    var frameworks: [String] = []
    var consumedNotes: Set<String> = []
    /// User GUID → name.
    let users: [String: String]

    init(project: WorkbenchProject, read: RefiReader.Result, file: URL) {
        self.project = project
        self.read = read
        self.file = file
        warnings = read.warnings
        users = Dictionary(read.project.users.map { ($0.guid, $0.name ?? $0.guid) }, uniquingKeysWith: { first, _ in first })
    }

    var refi: RefiProject { read.project }
    var store: ProjectStore { project.store }

    mutating func run() throws -> RefiImportSummary {
        try importFrameworks()
        let cases = try importCases()
        let (sourceIDs, otherSources) = try importSources(caseOf: cases.caseOf)
        let (codings, memos) = try importCodingsAndMemos(sourceIDs)
        // Notes on the project, and notes attached to nothing the workbench keeps, become memos on the project.
        let projectNotes = Set(refi.noteRefs)
        var projectMemos = 0
        // The project's own description is a memo on the project too, unless it repeats the project's
        // notes (as the workbench writes it).
        let projectTexts = refi.noteRefs.compactMap { guid in refi.notes.first { $0.guid == guid }?.text }
        if let description = refi.description?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty,
           description != projectTexts.joined(separator: "\n\n").trimmingCharacters(in: .whitespacesAndNewlines) {
            try store.insert(MemoRecord(sourceID: nil, researcher: "project description", text: description,
                                        createdAt: refi.created ?? Date()))
            projectMemos += 1
        }
        for note in refi.notes where !consumedNotes.contains(note.guid) {
            try store.insert(MemoRecord(sourceID: nil, researcher: note.creatingUser.map { users[$0] ?? $0 } ?? "unknown",
                                     text: note.text, createdAt: note.created ?? refi.created ?? Date()))
            projectMemos += 1
            if !projectNotes.contains(note.guid) {
                warnings.append("note '\(note.name ?? note.guid)' is attached to nothing the workbench keeps "
                                + "(a case, a link, a code); kept as a memo on the project")
            }
        }
        // Every user is kept on the team, those who coded nothing too.
        for name in Set(users.values).sorted() { _ = try store.insert(ResearcherRecord(name: name)) }
        let otherSets = refi.sets.filter { !$0.name.hasPrefix("School: ") }
        if !otherSets.isEmpty {
            warnings.append("\(otherSets.count) set(s) not imported (the workbench groups by case attributes): "
                            + otherSets.map(\.name).joined(separator: ", "))
        }
        return RefiImportSummary(project: project, sources: sourceIDs.count, codes: refi.allCodes.count,
                                 codings: codings, cases: cases.count, memos: memos + projectMemos, frameworks: frameworks,
                                 otherSources: otherSources, warnings: warnings)
    }

    // MARK: - Codebook

    /// Folder codes the workbench wrote carry their framework's plugin file in a note: those
    /// frameworks come back exactly. Every other code goes into one framework made for the import.
    mutating func importFrameworks() throws {
        let notes = Dictionary(refi.notes.map { ($0.guid, $0) }, uniquingKeysWith: { first, _ in first })
        let registry = try project.registry()
        var foreign: [RefiProject.Code] = []
        for code in refi.codes {
            guard !code.isCodable, let note = code.noteRefs.compactMap({ notes[$0] }).first,
                  let (descriptor, framework) = try definition(in: note) else {
                foreign.append(code)
                continue
            }
            consumedNotes.insert(note.guid)
            let reference = descriptor.reference
            let key = Exchange.refiKey(descriptor)
            for (theme, _) in framework.allThemes {
                themeOf[StableGUID.guid("code:\(key)/\(theme.id)")] = (descriptor.id, descriptor.version.description, theme.id)
            }
            // Codes added to the folder by another tool after our export.
            let known = Set(framework.allThemes.map { StableGUID.guid("code:\(key)/\($0.theme.id)") })
            let added = code.children.flatMap(\.flattened).filter { !known.contains($0.code.guid) }
            if !added.isEmpty {
                warnings.append("framework \(reference): \(added.count) code(s) added outside the workbench were "
                                + "imported into a separate framework")
                foreign += code.children.filter { !known.contains($0.guid) }
            }
            if descriptor.id == WorkbenchProject.draftFrameworkID {
                try restoreDraft(framework)
                frameworks.append("\(reference) (restored as the project's draft framework)")
                warnings.append("the draft framework's themes were restored; its history of changes is not part of "
                                + "REFI-QDA and starts again")
            } else if let existing = registry.entries.first(where: { $0.descriptor.reference == reference }) {
                let same = (existing.plugin as? any CodingFrameworkPlugin)?.framework == framework
                if !same {
                    throw WorkbenchError("\(file.path): framework \(reference) differs from the \(existing.origin.rawValue) "
                                     + "plugin of the same id and version (\(existing.file.path)); nothing was imported")
                }
                frameworks.append("\(reference) (already available)")
            } else {
                _ = try project.writePlugin(descriptor, framework, into: store.pluginsFolder)
                frameworks.append("\(reference) (written to plugins/)")
            }
        }
        guard !foreign.isEmpty else { return }
        var taken = Set<String>()
        // A folder code with codings (against its own marking) keeps them: it becomes a theme.
        let coded = Set(refi.sources.flatMap { $0.selections.flatMap { $0.codings.map(\.code) } + $0.codings.map(\.code) })
        let misfiled = foreign.flatMap(\.flattened).map(\.code).filter { !$0.isCodable && coded.contains($0.guid) }
        if !misfiled.isEmpty {
            warnings.append("\(misfiled.count) code(s) marked not codable have codings and were imported as themes: "
                            + misfiled.map { "'\($0.name)'" }.joined(separator: ", "))
        }
        let themes = foreign.map { Exchange.theme(from: $0, taken: &taken, coded: coded) }
        let framework = CodingFramework(themes: themes)
        let base = WorkbenchProject.themeID(for: refi.name.isEmpty ? file.deletingPathExtension().lastPathComponent
                                                                    : refi.name)
        var id = "refi." + (base.isEmpty ? "imported" : base.lowercased())
        let ids = Set(registry.entries.map(\.descriptor.id))
        var counter = 2
        while ids.contains(id) {
            id = "refi.\(base.lowercased())-\(counter)"
            counter += 1
        }
        let descriptor = PluginDescriptor(
            id: id, version: SemanticVersion(1, 0, 0), kind: .codingFramework,
            displayName: "Codebook of \(refi.name.isEmpty ? file.lastPathComponent : refi.name)", licence: "proprietary",
            provenance: Provenance(source: "Imported from \(file.lastPathComponent)"
                                   + (refi.origin.map { " (origin: \($0))" } ?? "")))
        // Map each code to its theme: both trees have the same shape.
        func map(_ codes: [RefiProject.Code], _ themes: [CodingFramework.Theme]) {
            for (code, theme) in zip(codes, themes) {
                themeOf[code.guid] = (id, "1.0.0", theme.id)
                map(code.children, theme.children)
            }
        }
        map(foreign, themes)
        warnings += RefiReader.colourWarnings(foreign.flatMap(\.flattened).map(\.code), label: file.path)
        _ = try project.writePlugin(descriptor, framework, into: store.pluginsFolder)
        frameworks.append("\(descriptor.reference) (made from the codebook, written to plugins/)")
    }

    /// The framework a workbench definition note holds, if it holds one.
    mutating func definition(in note: RefiProject.Note) throws -> (PluginDescriptor, CodingFramework)? {
        guard note.text.contains("urn:workbench:coding-framework:1") else { return nil }
        let temporary = read.folder.appendingPathComponent("definition-\(UUID()).xml")
        try Data(note.text.utf8).write(to: temporary)
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            guard let plugin = try DeclarativePlugins.load(fileAt: temporary) as? any CodingFrameworkPlugin else {
                return nil
            }
            return (plugin.descriptor, plugin.framework)
        } catch {
            warnings.append("note '\(note.name ?? note.guid)' looks like a workbench framework but does not load "
                            + "(\(error)); its codes were imported as a plain codebook")
            return nil
        }
    }

    func restoreDraft(_ framework: CodingFramework) throws {
        var position = 0
        var themes: [DraftTheme] = []
        func add(_ theme: CodingFramework.Theme, parent: String?) {
            position += 1
            themes.append(DraftTheme(id: theme.id, name: theme.name, parentID: parent, definition: theme.definition,
                                     inclusion: theme.inclusion, exclusion: theme.exclusion, position: position))
            for child in theme.children { add(child, parent: theme.id) }
        }
        framework.themes.forEach { add($0, parent: nil) }
        try store.changeDraft(themes: themes, framework: WorkbenchProject.draftFrameworkID, change: DraftChange(
            action: .`import`, detail: "restored \(themes.count) draft theme(s) from \(file.lastPathComponent)",
            researcher: "import", at: refi.created ?? Date()))
    }

    // MARK: - Cases

    /// Participants from the cases; returns source GUID → participant id, and how many there are.
    mutating func importCases() throws -> (caseOf: [String: Int64], count: Int) {
        let variables = Dictionary(uniqueKeysWithValues: refi.variables.map { ($0.guid, $0.name) })
        var phases: [String: String] = [:]
        for set in refi.sets where set.name.hasPrefix("School: ") {
            if let phase = set.description, phase.hasPrefix("phase: ") {
                phases[String(set.name.dropFirst("School: ".count))] = String(phase.dropFirst("phase: ".count))
            }
        }
        var caseOf: [String: Int64] = [:]
        var used = Set<String>()
        var unnamed = 0
        for item in refi.cases {
            var name = item.name?.trimmingCharacters(in: .whitespaces) ?? ""
            if name.isEmpty {
                unnamed += 1
                name = "Case \(unnamed)"
            }
            var unique = name
            var counter = 2
            while used.contains(unique) {
                unique = "\(name) (\(counter))"
                counter += 1
            }
            if unique != name { warnings.append("two cases are named '\(name)'; the second became '\(unique)'") }
            used.insert(unique)
            var attributes: [String: String] = [:]
            for value in item.values {
                guard let key = variables[value.variable] else {
                    warnings.append("case '\(unique)': a value of an unknown variable \(value.variable) was not imported")
                    continue
                }
                attributes[key] = value.value
            }
            let role = attributes.removeValue(forKey: "role")
            var schoolID: Int64?
            if let school = attributes.removeValue(forKey: "school") {
                schoolID = try (store.school(named: school) ?? store.add(School(name: school, phase: phases[school]))).id
            }
            let person = try store.add(Participant(pseudonym: unique, role: role, schoolID: schoolID,
                                                   attributes: attributes))
            for source in item.sourceRefs { caseOf[source] = person.id }
            if !item.selectionRefs.isEmpty {
                warnings.append("case '\(unique)': \(item.selectionRefs.count) passage reference(s) not imported "
                                + "(cases link whole sources and speakers)")
            }
        }
        if unnamed > 0 { warnings.append("\(unnamed) case(s) had no name and were named 'Case N'") }
        for source in refi.sources where !source.values.isEmpty {
            warnings.append("source '\(source.name ?? source.guid)': variables on sources are not imported")
        }
        return (caseOf, refi.cases.count)
    }

    // MARK: - Sources

    /// Saves the text sources and keeps non-text sources' files. The originals are kept as they
    /// came: a `.qdpx` is copied once into `sources/` and its text sources point at it; original
    /// files it holds (e.g. `.docx`) are kept beside; a bare `.qde`'s texts are written out.
    mutating func importSources(caseOf: [String: Int64]) throws -> (ids: [String: Int64], other: [String]) {
        var records: [(SourceRecord, [TurnRecord])] = []
        var names = Set<String>()
        var hashes = Set<String>()
        var originals: [(from: URL?, text: String, to: URL)] = []
        let keepsPackage = file.pathExtension.lowercased() != "qde"
        var packageName = file.lastPathComponent
        if keepsPackage {
            if refi.sources.contains(where: { ($0.name ?? $0.guid) == packageName }) { packageName = "refi-" + packageName }
            try FileManager.default.copyItem(at: file, to: store.sourcesFolder.appendingPathComponent(packageName))
        }
        // Speaker turns and digests are independent per source: found on every core.
        let prepared = try project.inParallel(refi.sources, task: "Finding speaker turns", unit: "sources") { source in
            (turns: SpeakerTurns.standard.turns(in: source.text).turns, digest: PluginDigest.sha256(of: Data(source.text.utf8)))
        }
        for (source, prepared) in zip(refi.sources, prepared) {
            var name = (source.name?.isEmpty == false ? source.name! : source.guid)
                .replacingOccurrences(of: "/", with: "-")
            if names.contains(name) || (keepsPackage && name == packageName) {
                var counter = 2
                while names.contains("\(name) (\(counter))") { counter += 1 }
                warnings.append("two sources are named '\(name)'; the second became '\(name) (\(counter))'")
                name = "\(name) (\(counter))"
            }
            names.insert(name)
            let rich = source.richFile.flatMap { read.files[$0] }
            var digest = prepared.digest
            if !hashes.insert(digest).inserted {
                // Sources whose text files are missing (warned of already) are all empty alike.
                if !source.text.isEmpty {
                    warnings.append("source '\(name)' has the same content as another source; both were kept")
                }
                digest = PluginDigest.sha256(of: Data(source.text.utf8) + Data(source.guid.utf8))
                hashes.insert(digest)
            }
            let kind = rich.map { $0.pathExtension.lowercased() } ?? "txt"
            var stored = "sources/" + packageName
            if rich != nil || !keepsPackage {
                stored = "sources/" + name
                originals.append((rich, source.text, store.folder.appendingPathComponent(stored)))
            }
            let turns = prepared.turns.enumerated().map { index, turn in
                TurnRecord(sourceID: 0, position: index, speaker: turn.speaker, participantID: nil, start: turn.start,
                           end: turn.end, startTime: nil, endTime: nil)
            }
            records.append((SourceRecord(name: name, kind: kind, originalPath: stored, sha256: digest,
                                         text: source.text, caseID: caseOf[source.guid],
                                         importedAt: source.created ?? refi.created ?? Date()), turns))
        }
        for (from, text, to) in originals {
            // The package's files were extracted for this import: move them rather than copy.
            if let from { try FileManager.default.copyItem(at: from, to: to) } else { try Data(text.utf8).write(to: to) }
        }
        try store.save(sources: records)
        var ids: [String: Int64] = [:]
        let saved = Dictionary(uniqueKeysWithValues: try store.sourcesWithoutText().map { ($0.name, $0.id!) })
        for (source, record) in zip(refi.sources, records) { ids[source.guid] = saved[record.0.name] }
        var other: [String] = []
        for source in refi.otherSources {
            let label = "\(source.kind) '\(source.name ?? source.guid)'"
            if let name = source.file, let url = read.files[name] {
                let target = store.sourcesFolder.appendingPathComponent(name)
                try FileManager.default.copyItem(at: url, to: target)
                other.append("\(label): kept as sources/\(name)")
            } else {
                other.append("\(label): its file \(source.path ?? "(none)") is not in the package")
            }
        }
        if !other.isEmpty {
            warnings.append("\(other.count) non-text source(s) kept as files, not analysed: "
                            + other.joined(separator: "; "))
        }
        return (ids, other)
    }

    // MARK: - Codings and memos

    mutating func importCodingsAndMemos(_ sourceIDs: [String: Int64]) throws -> (codings: Int, memos: Int) {
        let notes = Dictionary(refi.notes.map { ($0.guid, $0) }, uniquingKeysWith: { first, _ in first })
        var memos: [MemoRecord] = []
        let fallbackDate = refi.created ?? Date()
        // Codings go to the store source by source as they are made, not gathered first: a corpus has
        // hundreds of thousands. The counts are complete once the store has taken them all.
        var count = 0, unknownCoder = 0, unknownCode = 0, empty = 0
        let themeOf = themeOf, users = users
        let codings = refi.sources.lazy.flatMap { source -> [CodingRecord] in
            guard let sourceID = sourceIDs[source.guid] else { return [] }
            var spans = source.selections.flatMap { selection in
                selection.codings.map { (start: selection.start, end: selection.end, coding: $0) }
            }
            if !source.codings.isEmpty {
                let length = source.text.codePointCount
                spans += source.codings.map { (0, length, $0) }
            }
            var made: [CodingRecord] = []
            made.reserveCapacity(spans.count)
            for (start, end, coding) in spans {
                guard let theme = themeOf[coding.code] else {
                    unknownCode += 1
                    continue
                }
                guard start >= 0, end > start else {
                    empty += 1
                    continue
                }
                var coder = "unknown coder"
                if let guid = coding.creatingUser { coder = users[guid] ?? guid } else { unknownCoder += 1 }
                made.append(CodingRecord(sourceID: sourceID, start: start, end: end, framework: theme.framework,
                                         frameworkVersion: theme.version, theme: theme.theme, coder: coder,
                                         automatic: false, createdAt: coding.created ?? fallbackDate))
            }
            count += made.count
            return made
        }
        for source in refi.sources {
            guard let sourceID = sourceIDs[source.guid] else { continue }
            if !source.codings.isEmpty {
                warnings.append("source '\(source.name ?? source.guid)': \(source.codings.count) coding(s) of the whole "
                                + "source imported as codings of its full text")
            }
            func memo(_ noteGUID: String, start: Int?, end: Int?) {
                guard let note = notes[noteGUID] else {
                    warnings.append("source '\(source.name ?? source.guid)': a reference to a missing note \(noteGUID)")
                    return
                }
                consumedNotes.insert(noteGUID)
                memos.append(MemoRecord(sourceID: sourceID, start: start, end: end,
                                        researcher: note.creatingUser.map { users[$0] ?? $0 } ?? "unknown",
                                        text: note.text, createdAt: note.created ?? fallbackDate))
            }
            for note in source.noteRefs { memo(note, start: nil, end: nil) }
            if let description = source.description, !description.isEmpty {
                memos.append(MemoRecord(sourceID: sourceID, researcher: source.creatingUser.map { users[$0] ?? $0 }
                                            ?? "unknown", text: description, createdAt: source.created ?? fallbackDate))
            }
            for selection in source.selections {
                let valid = selection.start >= 0 && selection.end > selection.start
                for note in selection.noteRefs {
                    memo(note, start: valid ? selection.start : nil, end: valid ? selection.end : nil)
                }
                // A description repeating a note the selection refers to (as the workbench writes it) is that note.
                if let description = selection.description, !description.isEmpty,
                   !selection.noteRefs.contains(where: { notes[$0]?.text == description }) {
                    memos.append(MemoRecord(sourceID: sourceID, start: valid ? selection.start : nil,
                                            end: valid ? selection.end : nil,
                                            researcher: selection.creatingUser.map { users[$0] ?? $0 } ?? "unknown",
                                            text: description, createdAt: selection.created ?? fallbackDate))
                }
            }
        }
        try store.add(codings: codings)
        if unknownCoder > 0 { warnings.append("\(unknownCoder) coding(s) name no user; recorded as 'unknown coder'") }
        if unknownCode > 0 { warnings.append("\(unknownCode) coding(s) refer to codes not in the codebook; not imported") }
        if empty > 0 { warnings.append("\(empty) coding(s) of empty selections (start = end) not imported") }
        for memo in memos { try store.insert(memo) }
        return (count, memos.count)
    }
}
