public import Foundation
import PluginHost
import ProjectStore
public import Scoring
public import Statistics
public import WorkbenchKit

extension WorkbenchProject {
    /// A questionnaire plugin by `id` or `id@version`.
    public func questionnaire(_ reference: String) throws -> (PluginDescriptor, Questionnaire) {
        let plugin = try registry().plugin(reference, kind: .questionnaire, as: (any QuestionnairePlugin).self)
        return (plugin.descriptor, plugin.questionnaire)
    }

    /// A maturity-matrix plugin by `id` or `id@version`.
    public func matrix(_ reference: String) throws -> (PluginDescriptor, MaturityMatrix) {
        let plugin = try registry().plugin(reference, kind: .maturityMatrix, as: (any MaturityMatrixPlugin).self)
        return (plugin.descriptor, plugin.matrix)
    }
}

extension Instruments {
    /// Imports a CSV of answers: checked completely first, then saved in one transaction.
    /// - Returns: the table that was saved (layout, participants, answers).
    @discardableResult
    /// - Parameters:
    ///   - occasion: the occasion of every answer; nil when the file has an occasion column.
    ///   - mapping: a `column,item` CSV naming the file's columns; or `columns`, the same as values.
    ///   - labels: also accept an option's label for its code (any case, any spacing).
    ///   - answers: a `scale,answer,code` CSV giving the codes of other answer wordings; or
    ///     `wordings`, the same as values (see ``ResponseTable/wordings(_:)``).
    public func importResponses(_ instrument: String, from file: URL, occasion: String?, mapping: URL? = nil,
                                columns: [String: String]? = nil, labels: Bool = true, answers: URL? = nil,
                                wordings: [String: [String: String]] = [:], addParticipants: Bool = false) throws -> ResponseTable {
        let (descriptor, questionnaire) = try self.questionnaire(instrument)
        report("Reading \(file.lastPathComponent)", 0, of: nil, "answers")
        let table = try mapping.map {
            try ResponseTable(contentsOf: file, questionnaire: questionnaire, mapping: $0, labels: labels, answers: answers)
        } ?? ResponseTable(contentsOf: file, questionnaire: questionnaire, columns: columns, labels: labels,
                           wordings: try answers.map { try ResponseTable.readAnswers($0, questionnaire: questionnaire) } ?? wordings)
        let fileHasOccasions = !table.occasions.isEmpty
        if fileHasOccasions && occasion != nil {
            throw WorkbenchError("\(file.path) has an occasion column (\(table.occasions.joined(separator: ", "))); "
                                 + "leave out the occasion, or the column", field: "occasion")
        }
        if !fileHasOccasions && occasion == nil && !table.answers.isEmpty {
            throw WorkbenchError("\(file.path) has no occasion column: name the occasion of its answers",
                                 code: .missingValue, field: "occasion")
        }
        let known = Set(try store.participants().map(\.pseudonym))
        let unknown = table.participants.filter { !known.contains($0) }
        if !unknown.isEmpty && !addParticipants {
            throw WorkbenchError("\(file.path): unknown participant(s) \(unknown.joined(separator: ", ")); add them with "
                             + "participants first, or let the import add them; nothing was imported", field: "add-participants")
        }
        let occasions = occasion.map { [$0] } ?? table.occasions
        try change("responses.import", "Imported \(table.answers.count) answers to \(descriptor.id) for "
                   + occasions.map { "'\($0)'" }.joined(separator: ", ") + " from \(file.lastPathComponent)") {
            var done = 0
            for each in occasions {
                let answers = table.answers.filter { ($0.occasion ?? occasion) == each }
                let present = table.sittings.filter { ($0.occasion ?? occasion) == each }.map(\.participant)
                try store.save(answers: answers.map { ($0.participant, $0.item, $0.code) },
                               instrument: descriptor.id, version: descriptor.version.description, occasion: each,
                               source: file.lastPathComponent, present: present, addParticipants: addParticipants) { saved in
                    report("Saving answers", done + saved, of: table.answers.count, "answers")
                }
                done += answers.count
            }
        }
        return table
    }

    /// What importing a CSV file would do, before anything is saved: its columns with the item each
    /// would fill (suggested from their names and the items' wording when `columns` is nil), its first
    /// rows, and either the table it gives or every problem.
    public func previewResponses(_ instrument: String, from file: URL, columns: [String: String]? = nil,
                                 labels: Bool = true, wordings: [String: [String: String]] = [:]) throws -> ResponsePreview {
        let (_, questionnaire) = try self.questionnaire(instrument)
        let rows = try CSVFile.rows(file)
        guard let header = rows.first else { throw WorkbenchError("\(file.lastPathComponent) is empty", field: "file") }
        let registry = try self.registry()
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        let chosen = columns ?? Dictionary(names.compactMap { name in
            ResponsePreview.suggestion(for: name, in: questionnaire, wording: { registry.wording(of: $0, in: instrument) })
                .map { (name, $0) }
        }, uniquingKeysWith: { first, _ in first })
        var preview = ResponsePreview(columns: names, mapping: chosen, rows: Array(rows.dropFirst().prefix(5)),
                                      rowCount: rows.count - 1, table: nil, problems: [])
        var unmatched: [String: Set<String>] = [:]
        do {
            preview.table = try ResponseTable(contentsOf: file, questionnaire: questionnaire, columns: chosen, labels: labels,
                                              wordings: wordings, mappingName: nil, unmatched: &unmatched)
        } catch {
            preview.problems = error.message.split(separator: "\n").map(String.init)
        }
        preview.unmatched = unmatched.mapValues { $0.sorted() }
        let known = Set(try store.participants().map(\.pseudonym))
        preview.newParticipants = preview.table?.participants.filter { !known.contains($0) } ?? []
        return preview
    }

    /// Answers stored for an instrument and occasion, by participant, and the plugin version they
    /// were collected with.
    func answers(_ instrument: String, occasion: String) throws -> (PluginDescriptor, Questionnaire, [String: [String: String]]) {
        let (latest, _) = try questionnaire(instrument)
        let rows = try store.responses(instrument: latest.id, occasion: occasion)
        let present = try store.sittings(instrument: latest.id, occasion: occasion)
        guard !rows.isEmpty || !present.isEmpty else {
            let known = try store.occasions(instrument: latest.id)
            throw WorkbenchError("no answers to \(latest.id) for occasion '\(occasion)'"
                             + (known.isEmpty ? "" : "; occasions with answers: " + known.joined(separator: ", ")))
        }
        let versions = Set(rows.map(\.response.instrumentVersion) + present.map(\.version))
        guard versions.count == 1, let version = versions.first else {
            throw WorkbenchError("answers to \(latest.id) for '\(occasion)' were collected with different versions "
                             + "(\(versions.sorted().joined(separator: ", "))); score each version separately")
        }
        let (descriptor, questionnaire) = try self.questionnaire("\(latest.id)@\(version)")
        // One who took part and left every item blank is listed, with no answers.
        var byParticipant = Dictionary(present.map { ($0.pseudonym, [String: String]()) }, uniquingKeysWith: { first, _ in first })
        for row in rows { byParticipant[row.pseudonym, default: [:]][row.response.item] = row.response.code }
        return (descriptor, questionnaire, byParticipant)
    }

    /// Scores every participant who answered on an occasion, with the instrument version they answered.
    public func scores(_ instrument: String, occasion: String) throws -> ScoreReport {
        let (descriptor, questionnaire, answers) = try answers(instrument, occasion: occasion)
        let scorer = QuestionnaireScorer(questionnaire)
        let cards = answers.keys.sorted().map { scorer.score(participant: $0, answers: answers[$0]!) }
        return ScoreReport(instrument: descriptor, occasion: occasion, definitions: scorer.scoreDefinitions,
                           cards: cards)
    }

    /// Cronbach's α for every subscale and composite on an occasion (reverse keying applied).
    public func reliability(_ instrument: String, occasion: String, policy: MissingDataPolicy) throws
        -> [ReliabilityRow] {
        let (_, questionnaire, answers) = try answers(instrument, occasion: occasion)
        let scorer = QuestionnaireScorer(questionnaire)
        let people = answers.keys.sorted()
        return scorer.scoreDefinitions.compactMap { definition in
            guard let keys = scorer.itemKeys(of: definition.id) else { return nil }
            let matrix = people.map { person in keys.map { scorer.itemScore($0, answers: answers[person]!) } }
            let alpha = CronbachAlpha(matrix, policy: policy)
            let n = policy == .listwise ? matrix.filter { $0.allSatisfy { $0 != nil } }.count
                : matrix.filter { $0.contains { $0 != nil } }.count
            return ReliabilityRow(subscale: definition.id, label: definition.label, k: keys.count, n: n,
                                  alpha: alpha?.alpha)
        }
    }

    /// Compares every score between two occasions over the participants scored on both.
    public func compare(_ instrument: String, from before: String, to after: String) throws -> [ComparisonRow] {
        let first = try scores(instrument, occasion: before)
        let second = try scores(instrument, occasion: after)
        guard first.instrument == second.instrument else {
            throw WorkbenchError("'\(before)' was collected with \(first.instrument.reference) and '\(after)' with "
                             + "\(second.instrument.reference); compare answers collected with the same version")
        }
        let (_, questionnaire) = try self.questionnaire(first.instrument.reference)
        return ComparisonRow.rows(before: first, after: second, norms: questionnaire.norms)
    }
}

extension Instruments {
    /// Starts terminal entry for one participant: checks the participant exists and has no answers
    /// for the occasion yet, so nobody types a whole questionnaire that cannot be saved.
    /// - Returns: the instrument, the entry flow, and item wording from a text pack (by item id) for
    ///   instruments that do not include their own.
    public func beginEntry(_ instrument: String, participant: String, occasion: String) throws
        -> (PluginDescriptor, ResponseEntry, [String: String]) {
        let (descriptor, questionnaire) = try self.questionnaire(instrument)
        let wording = try registry().textPacks[descriptor.id]?.texts ?? [:]
        guard try store.participant(pseudonym: participant) != nil else {
            throw WorkbenchError("unknown participant '\(participant)'; add them to the project first", code: .notFound,
                                 field: "participant")
        }
        let existing = try store.responses(instrument: descriptor.id, occasion: occasion)
        if existing.contains(where: { $0.pseudonym == participant }) {
            throw WorkbenchError("\(participant) already has answers to \(descriptor.id) for occasion '\(occasion)'")
        }
        return (descriptor, ResponseEntry(questionnaire), wording)
    }

    /// Saves the answers of a finished entry in one transaction.
    public func finishEntry(_ entry: ResponseEntry, instrument: PluginDescriptor, participant: String,
                            occasion: String) throws {
        try change("responses.enter", "Entered \(participant)'s answers to \(instrument.id) for '\(occasion)'") {
            try store.save(answers: entry.answers.sorted { $0.key < $1.key }.map { (participant, $0.key, $0.value) },
                           instrument: instrument.id, version: instrument.version.description, occasion: occasion,
                           source: "entered")
        }
    }
}

extension Instruments {
    /// Corrects one participant's answers to an instrument on an occasion: `set` holds `ITEM=CODE`
    /// answers (new or changed), `clear` the items to leave unanswered. Codes are checked against
    /// the items' scales of the version the answers were collected with.
    public func editAnswers(_ instrument: String, participant pseudonym: String, occasion: String, set: [String],
                            clear: [String]) throws {
        guard !set.isEmpty || !clear.isEmpty else { throw WorkbenchError("nothing to change: give ITEM=CODE answers or items to clear") }
        let (person, stored, version, descriptor, questionnaire) = try answersOf(pseudonym, instrument, occasion)
        var answers: [String: String] = [:]
        for pair in set {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw WorkbenchError("'\(pair)' is not ITEM=CODE") }
            answers[parts[0]] = try Self.checked(parts[1], item: parts[0], in: questionnaire, descriptor)
        }
        let answered = Set(stored.map(\.response.item))
        for item in clear where !answered.contains(item) {
            throw WorkbenchError("\(pseudonym) has no answer to '\(item)' of \(descriptor.id) for '\(occasion)'")
        }
        try change("responses.edit", "Corrected \(pseudonym)'s answers to \(descriptor.id) for '\(occasion)'") {
            try store.changeAnswers(participant: person.id!, instrument: descriptor.id, version: version,
                                    occasion: occasion, set: answers, clear: clear, at: Date())
        }
    }

    /// One participant's stored answers on an occasion, and the instrument version they were (or,
    /// with none yet, will be) collected with.
    private func answersOf(_ pseudonym: String, _ instrument: String, _ occasion: String) throws
        -> (Participant, [(pseudonym: String, response: ResponseRecord)], String, PluginDescriptor, Questionnaire) {
        let person = try participant(pseudonym)
        let (latest, _) = try questionnaire(instrument)
        let stored = try store.responses(instrument: latest.id, occasion: occasion).filter { $0.pseudonym == pseudonym }
        let version = stored.first?.response.instrumentVersion ?? latest.version.description
        let (descriptor, questionnaire) = try self.questionnaire("\(latest.id)@\(version)")
        return (person, stored, version, descriptor, questionnaire)
    }

    /// A code checked against its item's scale (nil stays nil: the item left unanswered).
    private static func checked(_ code: String?, item id: String, in questionnaire: Questionnaire,
                                _ descriptor: PluginDescriptor) throws -> String? {
        guard let item = questionnaire.items.first(where: { $0.id == id }) else {
            throw WorkbenchError("unknown item '\(id)' in \(descriptor.reference)", code: .notFound, field: id, value: id)
        }
        guard let code else { return nil }
        guard let scale = questionnaire.scale(of: item), scale.option(code: code) != nil else {
            let allowed = questionnaire.scale(of: item)?.options.map(\.code).joined(separator: ", ") ?? ""
            throw WorkbenchError("'\(code)' is not an answer to \(item.id) (allowed: \(allowed))", field: id, value: code)
        }
        return code
    }

    /// Saves answers as a form gives them (item id → option code; nil leaves the item unanswered),
    /// for one participant on one occasion: new answers are added, changed ones replaced, in one
    /// change of the history. Codes are checked against the items' scales.
    public func saveAnswers(_ instrument: String, participant pseudonym: String, occasion: String,
                            answers: [String: String?]) throws {
        guard !answers.isEmpty else { throw WorkbenchError("no answers to save", code: .nothingToDo) }
        let occasion = try Self.required(occasion, "name the occasion (e.g. autumn-2026)")
        let (person, stored, version, descriptor, questionnaire) = try answersOf(pseudonym, instrument, occasion)
        var set: [String: String] = [:]
        for (id, code) in answers {
            let checked = try Self.checked(code, item: id, in: questionnaire, descriptor)
            if let checked { set[id] = checked }
        }
        let answered = Set(stored.map(\.response.item))
        let clear = answers.filter { $0.value == nil && answered.contains($0.key) }.map(\.key).sorted()
        let unchanged = set.allSatisfy { id, code in stored.contains { $0.response.item == id && $0.response.code == code } }
        guard !(unchanged && clear.isEmpty) else { return }
        let what = answers.count == 1 ? "answer to \(answers.first!.key)" : "answers"
        try change("responses.save", "Saved \(pseudonym)'s \(what) of \(descriptor.id) for '\(occasion)'") {
            try store.changeAnswers(participant: person.id!, instrument: descriptor.id, version: version,
                                    occasion: occasion, set: set, clear: clear, at: Date(),
                                    source: stored.isEmpty ? "entered" : "corrected")
        }
    }

    /// Deletes one participant's answers to an instrument on an occasion; returns how many.
    @discardableResult
    public func deleteAnswers(_ instrument: String, participant pseudonym: String, occasion: String) throws -> Int {
        let person = try participant(pseudonym)
        let (descriptor, _) = try questionnaire(instrument)
        guard try store.responses(instrument: descriptor.id, occasion: occasion).contains(where: { $0.pseudonym == pseudonym })
                || store.sittings(instrument: descriptor.id, occasion: occasion).contains(where: { $0.pseudonym == pseudonym })
        else { throw WorkbenchError("\(pseudonym) has no answers to \(descriptor.id) for '\(occasion)'") }
        return try change("responses.delete", "Deleted \(pseudonym)'s answers to \(descriptor.id) for '\(occasion)'") {
            try store.deleteAnswers(participant: person.id!, instrument: descriptor.id, occasion: occasion)
        }
    }
}

/// What importing a CSV file of answers would do (see ``Instruments/previewResponses(_:from:columns:labels:wordings:)``).
public struct ResponsePreview: Sendable {
    /// The file's column names, in order.
    public var columns: [String]
    /// Column → item id or `participant`; columns not named are ignored.
    public var mapping: [String: String]
    /// The first rows (without the header), and how many rows there are.
    public var rows: [[String]]
    public var rowCount: Int
    /// The answers the file gives with this mapping, when it has no problem.
    public var table: ResponseTable?
    /// Every problem, as `file:row:column: message`.
    public var problems: [String]
    /// Participants in the file the project does not have yet.
    public var newParticipants: [String] = []
    /// By scale id, the answers that are neither a code, a label nor a given wording.
    public var unmatched: [String: [String]] = [:]

    /// The item (or `participant`) a column's name suggests: an item id, an item's wording, or a
    /// usual name for the pseudonym column; nil for anything else.
    static func suggestion(for column: String, in questionnaire: Questionnaire,
                           wording: (Questionnaire.Item) -> String?) -> String? {
        let name = column.lowercased().trimmingCharacters(in: .whitespaces)
        if ["participant", "pseudonym", "name", "participant id", "respondent"].contains(name) { return "participant" }
        if let item = questionnaire.items.first(where: { $0.id.lowercased() == name }) { return item.id }
        func plain(_ text: String) -> String {
            text.lowercased().filter { $0.isLetter || $0.isNumber || $0 == " " }.trimmingCharacters(in: .whitespaces)
        }
        return questionnaire.items.first { item in wording(item).map { plain($0) == plain(column) } ?? false }?.id
    }
}
