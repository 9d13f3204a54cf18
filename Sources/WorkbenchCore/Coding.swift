public import Foundation
public import FrameworkAnalysis
import PluginHost
public import ProjectStore
import Transcripts
public import WorkbenchKit

/// How many passages auto-coding coded with each theme.
public struct AutoCodingSummary: Sendable, Encodable {
    /// A theme and the number of passages coded with it.
    public struct ThemeCount: Sendable, Codable, Hashable {
        public var theme: String
        public var name: String
        public var passages: Int
    }

    public var framework: PluginDescriptor
    public var sources: Int
    /// Every theme of the framework, in its order.
    public var themes: [ThemeCount]

    enum CodingKeys: String, CodingKey { case framework, sources, themes }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(framework.reference, forKey: .framework)
        try container.encode(sources, forKey: .sources)
        try container.encode(themes, forKey: .themes)
    }
}

/// A coding in the shape codings are imported and exported in.
public struct CodingRow: Sendable, Codable, Hashable {
    public var source: String
    public var start: Int
    public var end: Int
    public var theme: String
    public var coder: String
}

extension WorkbenchProject {
    /// A coding-framework plugin by `id` or `id@version`.
    /// `draft` (or `draft@…`) names the project's draft framework.
    public func framework(_ reference: String) throws -> (PluginDescriptor, CodingFramework) {
        if reference == Self.draftFrameworkID || reference.hasPrefix(Self.draftFrameworkID + "@") {
            return try draftFramework()
        }
        let plugin = try registry().plugin(reference, kind: .codingFramework, as: (any CodingFrameworkPlugin).self)
        return (plugin.descriptor, plugin.framework)
    }
}

extension CodingFramework {
    /// Checks that `theme` is a theme of this framework that passages can be coded with (not a folder).
    func checkCodable(_ theme: String, in descriptor: PluginDescriptor) throws {
        guard let entry = allThemes.first(where: { $0.theme.id == theme })?.theme else {
            throw WorkbenchError("unknown theme '\(theme)' in \(descriptor.reference); themes: "
                             + allThemes.filter(\.theme.isCodable).map(\.theme.id).joined(separator: ", "),
                             code: .notFound, field: "theme")
        }
        guard entry.isCodable else {
            throw WorkbenchError("'\(entry.name)' (\(theme)) is a folder in \(descriptor.reference): code the passage with "
                             + "one of its themes: " + entry.children.map(\.id).joined(separator: ", "), field: "theme")
        }
    }
}

extension Coding {
    /// Codes one passage, given by code-point offsets or by quoting its text (which must occur once).
    @discardableResult
    public func addCoding(framework reference: String, source name: String, theme: String, coder: String,
                          start: Int? = nil, end: Int? = nil, quote: String? = nil) throws -> CodingRecord {
        let (descriptor, framework) = try self.framework(reference)
        try framework.checkCodable(theme, in: descriptor)
        let source = try sourceRecord(name)
        let span = try Self.passage(in: source, start: start, end: end, quote: quote)
        let coding = CodingRecord(sourceID: source.id!, start: span.0, end: span.1, framework: descriptor.id,
                                  frameworkVersion: descriptor.version.description, theme: theme, coder: coder,
                                  automatic: false, createdAt: Date())
        return try change("coding.add", "Coded \(name) \(span.0)–\(span.1) with \(theme) (\(descriptor.id)) as \(coder)") {
            try store.add(coding: coding)
        }
    }

    /// Removes automatic codings (of one framework, or all); returns how many were removed.
    @discardableResult
    public func removeAutomaticCodings(framework reference: String?) throws -> Int {
        let framework = try reference.map { try self.framework($0).0.id }
        return try change("codings.remove-automatic", "Removed the automatic codings" + (framework.map { " of \($0)" } ?? "")) {
            try store.removeAutomaticCodings(framework: framework)
        }
    }

    /// Imports codings from CSV with the columns `source,start,end,theme,coder` (code points, end
    /// exclusive). Every row is checked first; nothing is saved unless all are valid.
    @discardableResult
    public func importCodings(_ file: URL, framework reference: String) throws -> Int {
        let (descriptor, framework) = try self.framework(reference)
        let rows = try CSVFile.rows(file)
        let columns = ["source", "start", "end", "theme", "coder"]
        guard let header = rows.first, Set(columns).isSubset(of: Set(header)) else {
            throw WorkbenchError("\(file.path):1: the header must have the columns \(columns.joined(separator: ","))")
        }
        let index = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        let themes = Set(framework.allThemes.filter(\.theme.isCodable).map(\.theme.id))
        let folders = Set(framework.allThemes.filter { !$0.theme.isCodable }.map(\.theme.id))
        let sources = Dictionary(uniqueKeysWithValues: try store.sources().map { ($0.name, $0) })
        var problems: [String] = []
        var codings: [CodingRecord] = []
        let now = Date()
        // The same passage, theme and coder once: already in the project (line 0) or earlier in the file.
        var seen: [String: Int] = [:]
        func key(_ source: Int64, _ start: Int, _ end: Int, _ theme: String, _ coder: String) -> String {
            "\(source)\u{0}\(start)\u{0}\(end)\u{0}\(theme)\u{0}\(coder)"
        }
        for (_, coding) in try store.codings(framework: descriptor.id) where !coding.automatic {
            seen[key(coding.sourceID, coding.start, coding.end, coding.theme, coding.coder)] = 0
        }
        for (offset, row) in rows.dropFirst().enumerated() {
            let line = offset + 2
            func field(_ name: String) -> String { row[index[name]!] }
            func problem(_ column: String, _ message: String) {
                problems.append("\(file.path):\(line):\(index[column]! + 1): \(message)")
            }
            guard let source = sources[field("source")] else { problem("source", "unknown source '\(field("source"))'"); continue }
            guard let start = Int(field("start")), let end = Int(field("end")) else {
                problem("start", "start and end must be whole numbers (got '\(field("start"))', '\(field("end"))')")
                continue
            }
            let length = source.text.codePointCount
            guard start >= 0, end > start, end <= length else {
                problem("end", "offsets \(start)–\(end) are outside \(source.name) (0–\(length), end exclusive)")
                continue
            }
            guard themes.contains(field("theme")) else {
                problem("theme", folders.contains(field("theme")) ? "'\(field("theme"))' is a folder, not a theme to code with"
                                                                   : "unknown theme '\(field("theme"))'")
                continue
            }
            guard !field("coder").isEmpty else { problem("coder", "no coder"); continue }
            let identity = key(source.id!, start, end, field("theme"), field("coder"))
            if let first = seen[identity] {
                problem("coder", "\(field("coder")) coded this passage with \(field("theme")) "
                        + (first == 0 ? "already (in the project)" : "already on line \(first)"))
                continue
            }
            seen[identity] = line
            codings.append(CodingRecord(sourceID: source.id!, start: start, end: end, framework: descriptor.id,
                                        frameworkVersion: descriptor.version.description, theme: field("theme"),
                                        coder: field("coder"), automatic: false, createdAt: now))
        }
        guard problems.isEmpty else { throw WorkbenchError(problems.joined(separator: "\n")) }
        try change("codings.import", "Imported \(codings.count) codings with \(descriptor.id) from \(file.lastPathComponent)") {
            try store.add(codings: codings)
        }
        return codings.count
    }

    /// Codings in the import shape (`source,start,end,theme,coder`). With `anonymise`, offsets refer
    /// to the anonymised text (as an anonymised transcript shows it) and real names in source names
    /// are replaced too.
    public func exportCodings(framework reference: String?, anonymise: Bool = false) throws -> [CodingRow] {
        let framework = try reference.map { try self.framework($0).0.id }
        let pseudonymiser = anonymise ? try self.pseudonymiser() : nil
        // Texts are needed only to move offsets into the anonymised text.
        let texts = pseudonymiser == nil ? [:] : Dictionary(uniqueKeysWithValues: try store.sources().map { ($0.name, $0.text) })
        var rows = try store.codings(framework: framework).map {
            CodingRow(source: $0.source, start: $0.coding.start, end: $0.coding.end, theme: $0.coding.theme,
                      coder: $0.coding.coder)
        }
        if let pseudonymiser {
            for (source, indices) in Dictionary(grouping: rows.indices, by: { rows[$0].source }) {
                let moved = pseudonymiser.apply(text: texts[source] ?? "",
                                                spans: indices.map { (rows[$0].start, rows[$0].end) }).spans
                let name = pseudonymiser.apply(text: source)
                for (index, span) in zip(indices, moved) {
                    rows[index].source = name
                    rows[index].coder = pseudonymiser.apply(text: rows[index].coder)
                    (rows[index].start, rows[index].end) = span
                }
            }
        }
        return rows
    }

    /// Auto-codes sources (all, or those named) with a framework's indicators: each turn is coded
    /// with every theme one of whose indicators it meets; an interviewer's turn (see ``Interviewers``)
    /// only by a theme whose speaker rule names them. Earlier automatic codings by the same coder
    /// with this framework on these sources are replaced.
    public func autocode(framework reference: String, sources names: [String] = [], coder: String = "autocode")
        throws -> AutoCodingSummary {
        let (descriptor, framework) = try self.framework(reference)
        let coderEngine = try AutoCoder(framework)
        let all = try store.sources()
        let chosen = names.isEmpty ? all : try names.map { name in
            guard let source = all.first(where: { $0.name == name }) else { throw WorkbenchError("unknown source '\(name)'") }
            return source
        }
        var codings: [CodingRecord] = []
        var counts: [String: Int] = [:]
        let now = Date()
        // Sources are coded on every core. The engine is only read; its regular expressions compile
        // their programs once, atomically, so sharing it between threads is safe.
        nonisolated(unsafe) let engine = coderEngine
        let interviewers = Interviewers(try store.participants())
        let turns = try store.allTurns()
        let coded = try inParallel(chosen, task: "Auto-coding", unit: "sources") { source in
            let theirs = Set((turns[source.id!] ?? []).filter(interviewers.speaks).map(\.position))
            return engine.code(try transcript(source.name), interviewerTurns: theirs)
        }
        for (source, found) in zip(chosen, coded) {
            for coding in found {
                counts[coding.theme, default: 0] += 1
                codings.append(CodingRecord(sourceID: source.id!, start: coding.start, end: coding.end,
                                            framework: descriptor.id, frameworkVersion: descriptor.version.description,
                                            theme: coding.theme, coder: coder, automatic: true, createdAt: now))
            }
        }
        try change("autocode", "Auto-coded \(chosen.count) sources with \(descriptor.reference) as \(coder): "
                   + "\(codings.count) codings") {
            try store.add(codings: codings, replacing: (coder, descriptor.id, chosen.compactMap(\.id)))
        }
        return AutoCodingSummary(framework: descriptor, sources: chosen.count,
                                 themes: framework.allThemes.map {
                                     .init(theme: $0.theme.id, name: $0.theme.name, passages: counts[$0.theme.id] ?? 0)
                                 })
    }
}

extension Coding {
    /// Inter-coder agreement of `coders` on a framework's themes (or one theme), over every source.
    public func agreement(framework reference: String, coders: [String], theme: String? = nil,
                          unit: CodingAgreement.Unit, excludeUncoded: Bool) throws -> CodingAgreement {
        let input = try agreementInput(framework: reference, coders: coders, theme: theme)
        return CodingAgreement(sources: input.sources, codings: input.codings, coders: coders, themes: input.themes,
                               unit: unit, excludeUncoded: excludeUncoded)
    }

    /// Agreement of `coders` across all of a framework's themes at once: every unit gets one label
    /// per coder (a theme or "none"), with units given several themes treated as `multipleThemes` says.
    public func nominalAgreement(framework reference: String, coders: [String], unit: CodingAgreement.Unit,
                                 excludeUncoded: Bool, multipleThemes: NominalAgreement.MultipleThemes) throws
        -> NominalAgreementResult {
        let input = try agreementInput(framework: reference, coders: coders, theme: nil)
        let units = CodingAgreement.labelledUnits(sources: input.sources, codings: input.codings, coders: coders,
                                                  themes: input.themes, unit: unit, excludeUncoded: excludeUncoded)
        let figures = NominalAgreement(coders: coders, units: units, multipleThemes: multipleThemes)
        var texts: [String: TextOffsets] = [:]
        let differing = units.filter { $0.isDisagreement && (multipleThemes == .combine || !$0.hasMultipleThemes) }
        for name in Set(differing.compactMap(\.source)) {
            if let (source, _) = try store.source(named: name) { texts[name] = TextOffsets(source.text) }
        }
        return NominalAgreementResult(
            framework: reference, unit: unit.rawValue, excludeUncoded: excludeUncoded, figures: figures,
            disagreements: differing.map { unit in
                (unit, unit.source.flatMap { texts[$0] }.map { $0.slice(unit.start!, unit.end!) })
            })
    }

    /// The sources, codings and themes agreement works on; checks the coders and the theme.
    private func agreementInput(framework reference: String, coders: [String], theme: String?) throws
        -> (sources: [CodingAgreement.Source], codings: [CodingAgreement.Coding], themes: [String]) {
        guard coders.count >= 2 else { throw WorkbenchError("agreement needs two or more coders", code: .missingValue, field: "coders") }
        if let repeated = coders.first(where: { name in coders.filter { $0 == name }.count > 1 }) {
            throw WorkbenchError("coder '\(repeated)' is named twice", field: "coders")
        }
        let (descriptor, framework) = try self.framework(reference)
        let all = framework.allThemes.map(\.theme.id)
        if let theme, !all.contains(theme) {
            throw WorkbenchError("unknown theme '\(theme)' in \(descriptor.reference)")
        }
        let codings = try store.codings(framework: descriptor.id)
        let known = Set(codings.map(\.coding.coder))
        if let missing = coders.first(where: { !known.contains($0) }) {
            throw WorkbenchError("coder '\(missing)' has no codings with \(descriptor.id); coders: "
                             + known.sorted().joined(separator: ", "))
        }
        let turns = try store.allTurns()
        let sources = try store.sources().map { source in
            CodingAgreement.Source(name: source.name, length: source.text.codePointCount,
                                   turns: (turns[source.id!] ?? []).map { ($0.start, $0.end) })
        }
        return (sources,
                codings.map { CodingAgreement.Coding(source: $0.source, theme: $0.coding.theme, coder: $0.coding.coder,
                                                     start: $0.coding.start, end: $0.coding.end) },
                theme.map { [$0] } ?? all)
    }
}

extension Coding {
    /// A passage where coders disagree on a theme, with its text.
    public struct DisagreementView: Sendable, Codable {
        public var disagreement: CodingAgreement.Disagreement
        public var text: String
    }

    /// The stretches where `coders` differ on a framework's themes (or one theme), with their text.
    public func disagreements(framework reference: String, coders: [String], theme: String? = nil) throws
        -> [DisagreementView] {
        let (descriptor, framework) = try self.framework(reference)
        let codings = try store.codings(framework: descriptor.id).map {
            CodingAgreement.Coding(source: $0.source, theme: $0.coding.theme, coder: $0.coding.coder,
                                   start: $0.coding.start, end: $0.coding.end)
        }
        let found = CodingAgreement.disagreements(codings, coders: coders,
                                                  themes: theme.map { [$0] } ?? framework.allThemes.map(\.theme.id))
        var texts: [String: TextOffsets] = [:]
        for name in Set(found.map(\.source)) {
            if let (source, _) = try store.source(named: name) { texts[name] = TextOffsets(source.text) }
        }
        return found.map { DisagreementView(disagreement: $0, text: texts[$0.source]?.slice($0.start, $0.end) ?? "") }
    }
}

extension Coding {
    /// The framework matrix of a coding framework: cases × themes with summaries and coded passages.
    /// A coding's case is the source's case if it has one, else the participant (or, if unlinked,
    /// the speaker) of the turn where the coding starts.
    /// - Parameters:
    ///   - coder: only this coder's codings (by default every coder's).
    ///   - anonymise: replace participants' real names with their pseudonyms in quotes and case names.
    public func chart(framework reference: String, groupBy attribute: String? = nil, coder: String? = nil,
                      anonymise: Bool = false) throws -> FrameworkChart {
        let (descriptor, framework) = try self.framework(reference)
        let store = self.store, pseudonymiser = anonymise ? try self.pseudonymiser() : nil
        report("Reading the codings", 0, of: nil, "codings")
        // The sources and turns are read on one core while the codings are read on the other.
        let (resolver, codings) = try concurrently({ try CaseResolver(store, sources: try store.sources(), pseudonymiser) },
                                                   { try store.codings(framework: descriptor.id) })
        let participants = resolver.participants
        var cases: [String: FrameworkChart.Case] = [:]
        // Each coding's case first; then its quote, cut source by source (the codings come in source
        // order) on every core.
        var kept: [(coding: CodingRecord, source: String, caseName: String)] = []
        kept.reserveCapacity(codings.count)
        var runs: [(text: String, range: Range<Int>)] = []
        var current: (name: String, source: SourceRecord?)?
        var interviewerCodings = 0
        for (sourceName, coding) in codings where coder == nil || coding.coder == coder {
            if current?.name != sourceName { current = (sourceName, resolver.source(named: sourceName)) }
            guard let source = current?.source else { continue }
            if resolver.isInterviewers(in: source, at: coding.start) {
                interviewerCodings += 1
                continue
            }
            let person = resolver.person(in: source, at: coding.start)
            // A participant's attributes win over a speaker of the same name.
            if !person.attributes.isEmpty || cases[person.name] == nil { cases[person.name] = person }
            if kept.last?.source != sourceName { runs.append((source.text, kept.count..<kept.count)) }
            kept.append((coding, sourceName, person.name))
            runs[runs.count - 1].range = runs[runs.count - 1].range.lowerBound..<kept.count
        }
        let placing = kept
        let quotes = try inParallel(runs, task: "Placing codings in the matrix", unit: "sources") { run in
            let offsets = TextOffsets(run.text)
            return placing[run.range].map { item in
                let coding = item.coding
                return pseudonymiser.map { Self.shortQuote($0.apply(text: offsets.slice(coding.start, coding.end))) }
                    ?? offsets.excerpt(coding.start, coding.end, limit: WorkbenchProject.quoteLength)
            }
        }.joined()
        // Coders are named once each, anonymised when asked (a coder may be a member of staff).
        var coderNames: [String: String] = [:]
        let placed = zip(kept, quotes).map { kept, quote in
            let coder = kept.coding.coder
            if coderNames[coder] == nil { coderNames[coder] = pseudonymiser?.apply(text: coder) ?? coder }
            return FrameworkChart.Placed(caseName: kept.caseName, theme: kept.coding.theme, passage: .init(
                source: kept.source, start: kept.coding.start, end: kept.coding.end, coder: coderNames[coder]!,
                quote: quote))
        }
        var summaries: [FrameworkChart.CellID: String] = [:]
        for summary in try store.summaries(framework: descriptor.id) {
            summaries[.init(caseName: summary.caseName, theme: summary.theme)] = pseudonymiser?.apply(text: summary.text)
                ?? summary.text
            if cases[summary.caseName] == nil {
                let person = participants.first { $0.pseudonym == summary.caseName }
                cases[summary.caseName] = FrameworkChart.Case(name: summary.caseName, attributes: person?.attributes ?? [:])
            }
        }
        var chart = FrameworkChart(framework: descriptor.reference,
                              themes: framework.allThemes.map { .init(id: $0.theme.id, name: $0.theme.name,
                                                                      depth: $0.path.count - 1) },
                              cases: Array(cases.values), codings: placed, summaries: summaries, groupBy: attribute)
        chart.interviewerCodings = interviewerCodings
        chart.outside = try project.stages.outside(anonymise: anonymise).map {
            FrameworkChart.Passage(source: $0.source, start: $0.start, end: $0.end, coder: $0.researcher,
                                   quote: $0.quote, note: $0.note)
        }
        return chart
    }

    /// Writes the researcher's summary for one cell of the framework matrix.
    public func summarise(framework reference: String, case caseName: String, theme: String, text: String) throws {
        let (descriptor, framework) = try self.framework(reference)
        guard framework.allThemes.contains(where: { $0.theme.id == theme }) else {
            throw WorkbenchError("unknown theme '\(theme)' in \(descriptor.reference)")
        }
        // A case is a participant, or a speaker linked to no participant; never a real name.
        let participants = try store.participants()
        if let person = participants.first(where: { $0.names.contains(caseName) }) {
            throw WorkbenchError("'\(caseName)' is a real name kept for \(person.pseudonym); summarise the case "
                             + "'\(person.pseudonym)'")
        }
        let isParticipant = participants.contains { $0.pseudonym == caseName }
        let isSpeaker = try store.allTurns().values.contains { $0.contains { $0.speaker == caseName && $0.participantID == nil } }
        guard isParticipant || isSpeaker else {
            let cases = try self.chart(framework: reference).cases.map(\.name).sorted()
            throw WorkbenchError("unknown case '\(caseName)'; cases: " + cases.joined(separator: ", "))
        }
        try change("summary.set", "Summarised \(caseName) × \(theme) (\(descriptor.id))") {
            try store.summarise(ChartSummary(framework: descriptor.id, caseName: caseName, theme: theme, text: text,
                                             updatedAt: Date()))
        }
    }
}

extension Coding {
    /// How many cells of a framework's matrix have passages, and how many of those are summarised,
    /// without reading the codings whole or cutting quotes: what `analysis` reports.
    func cellCounts(framework reference: String) throws -> (withPassages: Int, summarised: Int) {
        let (descriptor, framework) = try self.framework(reference)
        let themes = Set(framework.allThemes.map(\.theme.id))
        let resolver = try CaseResolver(store, sources: try store.sourcesWithoutText(), nil)
        var cells = Set<FrameworkChart.CellID>()
        for coding in try store.codingStarts(framework: reference) where themes.contains(coding.theme) {
            guard let caseName = resolver.caseName(source: coding.sourceID, at: coding.start) else { continue }
            cells.insert(.init(caseName: caseName, theme: coding.theme))
        }
        let summarised = try store.summaries(framework: descriptor.id).filter {
            cells.contains(.init(caseName: $0.caseName, theme: $0.theme))
        }.count
        return (cells.count, summarised)
    }

    /// The turn holding code point `offset`, among turns in text order (a binary search).
    static func turn(at offset: Int, in turns: [TurnRecord]) -> TurnRecord? {
        var low = 0, high = turns.count
        while low < high {
            let middle = (low + high) / 2
            if turns[middle].start <= offset { low = middle + 1 } else { high = middle }
        }
        guard low > 0, offset < turns[low - 1].end else { return nil }
        return turns[low - 1]
    }
}

/// Finds the case of a coding for the framework matrix: the source's case if it has one, else the
/// participant (or, if unlinked, the speaker) of the turn where the coding starts.
struct CaseResolver {
    /// Participants with role and school among their attributes.
    let participants: [Participant]
    let pseudonymiser: Pseudonymiser?
    private let byID: [Int64: Participant]
    private let sources: [String: SourceRecord]
    private let sourcesByID: [Int64: SourceRecord]
    private let turns: [Int64: [TurnRecord]]
    let interviewers: Interviewers

    init(_ store: ProjectStore, sources: [SourceRecord], _ pseudonymiser: Pseudonymiser?) throws {
        let schools = Dictionary(uniqueKeysWithValues: try store.schools().map { ($0.id!, $0.name) })
        participants = try store.participants().map { person in
            var person = person
            if let role = person.role { person.attributes["role"] = person.attributes["role"] ?? role }
            if let school = person.schoolID.flatMap({ schools[$0] }) {
                person.attributes["school"] = person.attributes["school"] ?? school
            }
            return person
        }
        byID = Dictionary(uniqueKeysWithValues: participants.map { ($0.id!, $0) })
        interviewers = Interviewers(participants)
        self.sources = Dictionary(uniqueKeysWithValues: sources.map { ($0.name, $0) })
        sourcesByID = Dictionary(uniqueKeysWithValues: sources.map { ($0.id!, $0) })
        turns = try store.allTurns()
        self.pseudonymiser = pseudonymiser
    }

    /// The source of that name, or nil when it is gone.
    func source(named name: String) -> SourceRecord? { sources[name] }

    /// A passage of `source` starting at `offset` is the interviewer's: the source has no case of its
    /// own and the turn there is an interviewer's (see ``Interviewers``).
    func isInterviewers(in source: SourceRecord, at offset: Int) -> Bool {
        guard source.caseID == nil, let turn = turns[source.id!].flatMap({ Coding.turn(at: offset, in: $0) }) else {
            return false
        }
        return interviewers.speaks(turn)
    }

    /// The name of the case of a passage starting at `offset`, or nil when its source is gone.
    func caseName(source id: Int64, at offset: Int) -> String? {
        sourcesByID[id].map { person(in: $0, at: offset).name }
    }

    /// The case of a passage of `source` starting at `offset`.
    func person(in source: SourceRecord, at offset: Int) -> FrameworkChart.Case {
        let turn = turns[source.id!].flatMap { Coding.turn(at: offset, in: $0) }
        if let person = (source.caseID ?? turn?.participantID).flatMap({ byID[$0] }) {
            return FrameworkChart.Case(name: person.pseudonym, attributes: person.attributes)
        }
        let speaker = turn?.speaker ?? "(no speaker)"
        return FrameworkChart.Case(name: pseudonymiser?.apply(text: speaker) ?? speaker, attributes: [:])
    }
}

/// Who is an interviewer: a participant whose role is `interviewer` (given at import with
/// `interviewers`, or on the participant), or a speaker linked to no participant whose label is
/// "Interviewer", "Moderator" or "Facilitator", alone or followed by a number or a name ("Interviewer 2").
/// The auto-coder leaves their turns alone unless a theme's speaker rule names them, and they are
/// no case of the framework matrix.
struct Interviewers {
    private let ids: Set<Int64>

    init(_ participants: [Participant]) {
        ids = Set(participants.filter(\.isInterviewer).compactMap(\.id))
    }

    /// The turn is spoken by an interviewer.
    func speaks(_ turn: TurnRecord) -> Bool {
        if let id = turn.participantID { return ids.contains(id) }
        return turn.speaker.map(Self.isInterviewerLabel) ?? false
    }

    static func isInterviewerLabel(_ speaker: String) -> Bool {
        let words = speaker.lowercased().split(separator: " ")
        guard let first = words.first, words.count <= 2 else { return false }
        return ["interviewer", "moderator", "facilitator"].contains { word in
            first == word || (first.hasPrefix(word) && first.dropFirst(word.count).allSatisfy(\.isNumber))
        }
    }
}
