public import Enquiries
public import Foundation
public import FrameworkAnalysis
import PluginHost
public import ProjectStore
import Transcripts
public import WorkbenchKit

// The stages of framework analysis as project data (Srivastava & Thomson): familiarisation memos,
// the inductive draft framework with its history and promotion to a plugin, member checks, and the
// outside-the-framework bucket. Indexing is coding (Coding.swift); charting is the matrix.

extension WorkbenchProject {
    /// An id for a theme named `name` (see ``DraftFramework/themeID(for:)``).
    static func themeID(for name: String) -> String { DraftFramework.themeID(for: name) }

    /// The reference that names the project's draft framework wherever a framework is asked for.
    public static let draftFrameworkID = "draft"

    /// A source by name, or an error listing the sources there are.
    func sourceRecord(_ name: String) throws -> SourceRecord {
        guard let source = try store.sourceRecord(named: name) else { throw try unknownSource(name) }
        return source
    }

    /// The error for a source name the project does not have, listing the ones it has.
    func unknownSource(_ name: String) throws -> WorkbenchError {
        let known = try store.sources().map(\.name)
        return WorkbenchError("unknown source '\(name)'" + (known.isEmpty ? "" : "; sources: " + known.joined(separator: ", ")),
                              code: .notFound, field: "source")
    }

    /// A passage of a source given by code-point offsets (end exclusive) or by quoting its text,
    /// which must occur exactly once.
    static func passage(in source: SourceRecord, start: Int?, end: Int?, quote: String?) throws
        -> (start: Int, end: Int) {
        let length = source.text.codePointCount
        if let quote {
            let needle = Array(quote.precomposedStringWithCanonicalMapping.unicodeScalars)
            let haystack = Array(source.text.unicodeScalars)
            var found: [Int] = []
            if !needle.isEmpty && needle.count <= haystack.count {
                for offset in 0...(haystack.count - needle.count) where haystack[offset] == needle[0]
                    && Array(haystack[offset..<offset + needle.count]) == needle { found.append(offset) }
            }
            guard found.count == 1 else {
                throw WorkbenchError(found.isEmpty ? "the quoted text does not occur in \(source.name)"
                                 : "the quoted text occurs \(found.count) times in \(source.name) (at "
                                    + found.prefix(5).map(String.init).joined(separator: ", ")
                                    + "); give its start and end instead", field: "start")
            }
            return (found[0], found[0] + needle.count)
        }
        if let start, let end {
            guard start >= 0, end > start, end <= length else {
                throw WorkbenchError("offsets \(start)–\(end) are outside \(source.name) (0–\(length), end exclusive)",
                                     field: "start", value: "\(start)–\(end)")
            }
            return (start, end)
        }
        throw WorkbenchError("give the passage by its start and end, or by quoting it", code: .missingValue, field: "quote")
    }

    /// A passage's text cut to a short quote for tables and matrix cells.
    /// Quotes in lists and the framework matrix are cut to this many characters.
    static let quoteLength = 90
    static func shortQuote(_ text: String) -> String { Excerpt.cut(text, to: quoteLength) }
}

// MARK: - Familiarisation

/// A memo as shown to the researcher: its source (nil for a memo on the project) and passage text.
public struct MemoView: Sendable, Codable {
    public var id: Int64
    public var source: String?
    public var start: Int?
    public var end: Int?
    /// The passage's text (nil for a memo on the whole source).
    public var passage: String?
    public var researcher: String
    public var text: String
    public var createdAt: Date
}

extension AnalysisStages {
    /// Writes a familiarisation memo on a source, on a passage of it (by offsets or quote), or, with no
    /// source, on the whole project.
    @discardableResult
    public func addMemo(source name: String?, researcher: String, text: String, start: Int? = nil, end: Int? = nil,
                        quote: String? = nil) throws -> MemoRecord {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw WorkbenchError("the memo is empty") }
        guard let name else {
            guard start == nil, end == nil, quote == nil else {
                throw WorkbenchError("a passage belongs to a source: name the source to memo a passage")
            }
            return try change("memo.add", "\(researcher) wrote a memo on the project") {
                try store.insert(MemoRecord(sourceID: nil, researcher: researcher, text: text, createdAt: Date()))
            }
        }
        let source = try sourceRecord(name)
        let span = (start == nil && end == nil && quote == nil) ? nil
            : try Self.passage(in: source, start: start, end: end, quote: quote)
        return try change("memo.add", "\(researcher) wrote a memo on \(name)") {
            try store.insert(MemoRecord(sourceID: source.id!, start: span?.start, end: span?.end,
                                        researcher: researcher, text: text, createdAt: Date()))
        }
    }

    /// Memos, optionally of one source or researcher; with `anonymise`, real names are replaced in
    /// the memo and passage texts.
    public func memos(source: String? = nil, researcher: String? = nil, anonymise: Bool = false) throws -> [MemoView] {
        let pseudonymiser = anonymise ? try self.pseudonymiser() : nil
        let texts = Dictionary(uniqueKeysWithValues: try store.sources().map { ($0.name, $0.text) })
        if let source, texts[source] == nil { _ = try sourceRecord(source) }
        return try store.memos().compactMap { name, memo in
            guard source == nil || name == source, researcher == nil || memo.researcher == researcher else { return nil }
            var passage = memo.start.map { Transcript(text: name.flatMap { texts[$0] } ?? "", turns: []).slice($0, memo.end!) }
            var text = memo.text
            if let pseudonymiser {
                passage = passage.map(pseudonymiser.apply(text:))
                text = pseudonymiser.apply(text: text)
            }
            return MemoView(id: memo.id!, source: name, start: memo.start, end: memo.end, passage: passage,
                            researcher: memo.researcher, text: text, createdAt: memo.createdAt)
        }
    }
}

// MARK: - Draft framework

extension WorkbenchProject {
    /// The draft framework as a coding framework: its active themes, as a tree. Its version is
    /// `0.N.0` after N changes, so codings and member checks record which state they saw.
    public func draftFramework() throws -> (PluginDescriptor, CodingFramework) {
        let changes = try store.draftChanges()
        let name = (try? store.info().name).map { "Draft framework of \($0)" } ?? "Draft framework"
        let descriptor = PluginDescriptor(id: Self.draftFrameworkID, version: SemanticVersion(0, changes.count, 0),
                                          kind: .codingFramework, displayName: name,
                                          authors: Array(Set(changes.map(\.researcher))).sorted(),
                                          licence: "proprietary")
        return (descriptor, DraftFramework(themes: try store.draftThemes()).framework)
    }
}

extension AnalysisStages {
    /// Adds a theme to the draft framework.
    /// - Parameter id: the theme's id; by default made from its name (e.g. "Pupil voice" → `pupil-voice`).
    @discardableResult
    public func addDraftTheme(_ name: String, id: String? = nil, parent: String? = nil, definition: String? = nil,
                              researcher: String, note: String? = nil) throws -> DraftTheme {
        let change = try applyDraftRule { try $0.adding(name, id: id, parent: parent, definition: definition) }
        try save(change, .add, researcher: researcher, note: note)
        return change.themes[0]
    }

    /// Renames a draft theme; its id, and so its codings, stay.
    public func renameDraftTheme(_ id: String, to name: String, researcher: String, note: String? = nil) throws {
        try save(try applyDraftRule { try $0.renaming(id, to: name) }, .rename, researcher: researcher, note: note)
    }

    /// Sets a draft theme's definition and inclusion/exclusion notes (nil leaves one as it is).
    public func defineDraftTheme(_ id: String, definition: String?, inclusion: String?, exclusion: String?,
                                 researcher: String, note: String? = nil) throws {
        try save(try applyDraftRule { try $0.defining(id, definition: definition, inclusion: inclusion, exclusion: exclusion) }, .define,
                 researcher: researcher, note: note)
    }

    /// Merges draft themes into another: their codings and subthemes move to `target`, and they
    /// stay in the history as merged.
    public func mergeDraftThemes(_ ids: [String], into target: String, researcher: String, note: String? = nil) throws {
        try save(try applyDraftRule { try $0.merging(ids, into: target) }, .merge, researcher: researcher, note: note)
    }

    /// Splits a draft theme into new themes (named by `parts`) that take its place. Its codings
    /// move to `codingsTo` (one of the new parts' ids), which is required when it has codings;
    /// its subthemes move under the first part.
    /// - Returns: the new themes.
    @discardableResult
    public func splitDraftTheme(_ id: String, into parts: [String], codingsTo: String? = nil, researcher: String,
                                note: String? = nil) throws -> [DraftTheme] {
        let codings = try store.codings(framework: Self.draftFrameworkID).filter { $0.coding.theme == id }.count
        let change = try applyDraftRule { try $0.splitting(id, into: parts, codingsTo: codingsTo, codings: codings) }
        try save(change, .split, researcher: researcher, note: note)
        return Array(change.themes[1...parts.count])
    }

    /// Promotes the draft framework to a versioned coding-framework plugin in the project's
    /// `plugins/` folder: the file is written, checked by loading it back, and the draft's codings
    /// move to the new plugin. The draft stays, for the next version.
    /// - Returns: the plugin's descriptor, its file, and how many codings moved.
    public func promoteDraft(id: String, version text: String, name: String? = nil, licence: String = "proprietary",
                             researcher: String, note: String? = nil) throws
        -> (descriptor: PluginDescriptor, file: URL, codings: Int) {
        guard id != Self.draftFrameworkID, id.wholeMatch(of: /[a-z][a-z0-9.\-]*/) != nil else {
            throw WorkbenchError("'\(id)' cannot be a plugin id: use lower-case letters, digits, dots and hyphens, "
                             + "starting with a letter (and not 'draft')")
        }
        guard let version = SemanticVersion(text) else { throw WorkbenchError("'\(text)' is not a version like 1.0.0") }
        let (draft, framework) = try draftFramework()
        guard !framework.themes.isEmpty else { throw WorkbenchError("the draft framework has no themes yet") }
        let registry = try self.registry()
        if let newest = registry.entries.map(\.descriptor).filter({ $0.id == id }).map(\.version).max(),
           !(newest < version) {
            throw WorkbenchError("\(id)@\(newest) exists already; promote to a later version than \(newest)")
        }
        let descriptor = PluginDescriptor(id: id, version: version, kind: .codingFramework,
                                          displayName: name ?? draft.displayName, authors: draft.authors,
                                          licence: licence, provenance: Provenance(
                                            source: "Promoted from the project's draft framework (\(draft.reference))"))
        let file = try project.writePlugin(descriptor, framework, into: store.pluginsFolder)
        do {
            let detail = "promoted \(draft.reference) to \(descriptor.reference)"
            let moved = try change("draft.promote", "Draft: \(detail)") {
                try store.moveCodings(
                    framework: Self.draftFrameworkID, to: id, version: version.description,
                    change: DraftChange(action: .promote, detail: detail, researcher: researcher, note: note, at: Date()))
            }
            forgetRegistry()
            return (descriptor, file, moved)
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
    }

    /// Applies the draft's rules to its current themes; a refusal becomes a ``WorkbenchError``.
    private func applyDraftRule(_ rule: (DraftFramework) throws -> DraftFramework.Change) throws -> DraftFramework.Change {
        let draft = DraftFramework(themes: try store.draftThemes())
        do {
            return try rule(draft)
        } catch let error as DraftError {
            throw WorkbenchError(error.description, code: error.isMissing ? .missingValue : .invalidValue,
                                 field: error.field, underlying: error)
        }
    }

    /// Saves one change to the draft, with its place in the draft's history, as one entry of the project's history.
    private func save(_ change: DraftFramework.Change, _ action: DraftChange.Action, researcher: String,
                      note: String?) throws {
        let record = DraftChange(action: action, detail: change.detail, researcher: researcher, note: note, at: Date())
        try self.change("draft.\(action.rawValue)", "Draft: \(change.detail)") {
            try store.changeDraft(themes: change.themes, recode: change.recode, framework: Self.draftFrameworkID,
                                  change: record)
        }
    }
}

// MARK: - Member checks

extension AnalysisStages {
    /// Records a member check with a participant.
    /// - Parameters:
    ///   - date: the day of the check, `YYYY-MM-DD`.
    ///   - framework: the framework shown (`draft`, an id or `id@version`); the version is recorded.
    @discardableResult
    public func addMemberCheck(participant pseudonym: String, date: CalendarDate, framework reference: String,
                               researcher: String, outcome: MemberCheck.Outcome, changes: String?) throws -> MemberCheck {
        guard let participant = try store.participant(pseudonym: pseudonym) else {
            throw WorkbenchError("unknown participant '\(pseudonym)'; participants: "
                             + (try store.participants().map(\.pseudonym).joined(separator: ", ")))
        }
        let (descriptor, _) = try framework(reference)
        if outcome == .amended && (changes ?? "").isEmpty {
            throw WorkbenchError("an amended member check says what changed", code: .missingValue, field: "changes")
        }
        return try change("member-check.add", "Recorded a member check with \(pseudonym) (\(outcome.rawValue))") {
            try store.insert(MemberCheck(participantID: participant.id!, checkedOn: date,
                                         framework: descriptor.reference, researcher: researcher, outcome: outcome,
                                         changes: changes, recordedAt: Date()))
        }
    }
}

// MARK: - Outside the framework

/// A passage of the outside-the-framework bucket as shown to the researcher.
public struct OutsideView: Sendable, Codable {
    public var id: Int64
    public var source: String
    public var start: Int
    public var end: Int
    public var quote: String
    public var researcher: String
    public var note: String?
    /// Where a passage of the bucket stands.
    public enum Status: String, Sendable, Codable, Hashable {
        case open, coded, dismissed
    }

    public var status: Status
    public var resolvedBy: String?
    public var resolution: String?
}

extension AnalysisStages {
    /// Puts a passage that the framework does not cover in the outside-the-framework bucket.
    @discardableResult
    public func addOutside(source name: String, researcher: String, note: String? = nil, start: Int? = nil,
                           end: Int? = nil, quote: String? = nil) throws -> OutsidePassage {
        let source = try sourceRecord(name)
        let span = try Self.passage(in: source, start: start, end: end, quote: quote)
        return try change("outside.add", "Put \(name) \(span.start)–\(span.end) outside the framework") {
            try store.insert(OutsidePassage(sourceID: source.id!, start: span.start, end: span.end,
                                            researcher: researcher, note: note, createdAt: Date()))
        }
    }

    /// Resolves a bucket passage: by coding it with a theme of a framework (the draft's, perhaps a
    /// theme just added for it) or by dismissing it with a reason.
    @discardableResult
    public func resolveOutside(_ id: Int64, framework reference: String? = nil, theme: String? = nil,
                               dismissReason: String? = nil, researcher: String) throws -> OutsidePassage {
        switch (reference, theme, dismissReason) {
        case (nil, nil, let reason?):
            return try change("outside.resolve", "Dismissed outside passage #\(id)") {
                try store.resolve(outside: id, resolution: .dismissed, by: researcher, note: reason, coding: nil,
                                  at: Date())
            }
        case (let reference?, let theme?, nil):
            let (descriptor, framework) = try self.framework(reference)
            try framework.checkCodable(theme, in: descriptor)
            guard let passage = try store.outsidePassages().first(where: { $0.passage.id == id })?.passage else {
                throw WorkbenchError("there is no outside-the-framework passage #\(id)", code: .notFound)
            }
            let coding = CodingRecord(sourceID: passage.sourceID, start: passage.start, end: passage.end,
                                      framework: descriptor.id, frameworkVersion: descriptor.version.description,
                                      theme: theme, coder: researcher, automatic: false, createdAt: Date())
            return try change("outside.resolve", "Coded outside passage #\(id) with \(theme)") {
                try store.resolve(outside: id, resolution: .coded, by: researcher,
                                  note: "coded with \(theme) (\(descriptor.reference))", coding: coding, at: Date())
            }
        default:
            throw WorkbenchError("resolve a passage either by coding it with a framework's theme, or by dismissing it "
                                 + "with a reason", code: .missingValue, field: "dismiss")
        }
    }

    /// The bucket's passages (open ones only unless `all`), with quotes; anonymised on request.
    public func outside(all: Bool = false, anonymise: Bool = false) throws -> [OutsideView] {
        let pseudonymiser = anonymise ? try self.pseudonymiser() : nil
        let passages = try store.outsidePassages().filter { all || $0.passage.resolution == nil }
        // The texts are read only when there are passages to quote (every matrix asks).
        guard !passages.isEmpty else { return [] }
        let texts = Dictionary(uniqueKeysWithValues: try store.sources().map { ($0.name, $0.text) })
        return passages.map { source, passage in
            var text = Transcript(text: texts[source] ?? "", turns: []).slice(passage.start, passage.end)
            var note = passage.note
            if let pseudonymiser {
                text = pseudonymiser.apply(text: text)
                note = note.map(pseudonymiser.apply(text:))
            }
            return OutsideView(id: passage.id!, source: source, start: passage.start, end: passage.end,
                               quote: Self.shortQuote(text), researcher: passage.researcher, note: note,
                               status: passage.resolution.flatMap { OutsideView.Status(rawValue: $0.rawValue) } ?? .open, resolvedBy: passage.resolvedBy,
                               resolution: passage.resolutionNote)
        }
    }
}

// MARK: - Where the analysis stands

/// Where a project's framework analysis stands, stage by stage.
public struct AnalysisStatus: Sendable, Codable {
    public struct Familiarisation: Sendable, Codable {
        public var memos: Int
        public var researchers: [String]
        public var sourcesWithMemos: Int
        public var sources: Int
    }

    public struct Draft: Sendable, Codable {
        /// `draft@0.N.0`.
        public var reference: String
        public var activeThemes: Int
        public var retiredThemes: Int
        public var changes: Int
        /// Plugins the draft was promoted to, `id@version`, oldest first.
        public var promotions: [String]
    }

    public struct MemberChecks: Sendable, Codable {
        public var count: Int
        public var participants: Int
        /// Outcome → number of checks.
        public var outcomes: [String: Int]
    }

    public struct Indexing: Sendable, Codable {
        public var framework: String
        public var manual: Int
        public var automatic: Int
        public var coders: [String]
        public var sourcesCoded: Int
        /// Matrix cells (case × theme) holding coded passages, and how many of those are summarised.
        public var cellsWithPassages: Int
        public var cellsSummarised: Int
    }

    public struct Outside: Sendable, Codable {
        public var open: Int
        public var coded: Int
        public var dismissed: Int
    }

    public var familiarisation: Familiarisation
    public var draft: Draft
    public var memberChecks: MemberChecks
    /// Indexing and charting, per framework with codings.
    public var frameworks: [Indexing]
    public var outside: Outside
}

extension AnalysisStages {
    /// Counts for each stage of the analysis, for `workbench analysis`.
    public func analysisStatus() throws -> AnalysisStatus {
        let memos = try store.memos()
        let sources = try store.sourceCount()
        let themes = try store.draftThemes()
        let changes = try store.draftChanges()
        let checks = try store.memberChecks()
        let outside = try store.outsidePassages().map(\.passage)
        var frameworks: [AnalysisStatus.Indexing] = []
        for tally in try store.codingTallies() {
            let reference = (try? self.framework(tally.framework).0.reference) ?? tally.framework
            let cells = (try? project.coding.cellCounts(framework: tally.framework)) ?? (withPassages: 0, summarised: 0)
            frameworks.append(AnalysisStatus.Indexing(
                framework: reference, manual: tally.manual, automatic: tally.automatic, coders: tally.coders,
                sourcesCoded: tally.sources, cellsWithPassages: cells.withPassages, cellsSummarised: cells.summarised))
        }
        return AnalysisStatus(
            familiarisation: .init(memos: memos.count, researchers: Array(Set(memos.map(\.memo.researcher))).sorted(),
                                   sourcesWithMemos: Set(memos.compactMap(\.source)).count, sources: sources),
            draft: .init(reference: try draftFramework().0.reference,
                         activeThemes: themes.filter { $0.status == .active }.count,
                         retiredThemes: themes.filter { $0.status != .active }.count, changes: changes.count,
                         promotions: changes.filter { $0.action == .promote }
                            .compactMap { $0.detail.split(separator: " ").last.map(String.init) }),
            memberChecks: .init(count: checks.count, participants: Set(checks.map(\.pseudonym)).count,
                                outcomes: Dictionary(grouping: checks, by: \.check.outcome.rawValue).mapValues(\.count)),
            frameworks: frameworks,
            outside: .init(open: outside.filter { $0.resolution == nil }.count,
                           coded: outside.filter { $0.resolution == .coded }.count,
                           dismissed: outside.filter { $0.resolution == .dismissed }.count))
    }
}
