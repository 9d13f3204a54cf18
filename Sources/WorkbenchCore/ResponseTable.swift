public import Foundation
public import WorkbenchKit

/// Questionnaire answers read from a CSV file, checked against the instrument before anything is saved.
///
/// Two layouts are recognised from the header:
/// - **long**: the columns `participant,item,value`, one answer per row;
/// - **wide**: a `participant` column and one column per item, named by item id, one participant
///   per row; exports from online form tools use a mapping file (CSV `column,item`, where the item
///   `participant` marks the pseudonym column and `occasion` the occasion column) and their other
///   columns are ignored.
/// Either layout may have an `occasion` column, so one file holds every occasion. An empty cell is
/// an unanswered item. An answer may be an option's code, its label (any case, any spacing), or a
/// wording an answers file (CSV `scale,answer,code`) gives the code of.
public struct ResponseTable: Sendable {
    /// One answer: pseudonym, item id and the stored option code.
    public struct Answer: Sendable, Hashable {
        public var participant: String
        public var item: String
        public var code: String
        /// The row's occasion, when the file has an occasion column.
        public var occasion: String?
    }

    public enum Layout: String, Sendable {
        case wide, long
    }

    /// One participant taking part on one occasion (a row of a wide file; the rows of a long file),
    /// whether or not they answered anything.
    public struct Sitting: Sendable, Hashable {
        public var participant: String
        public var occasion: String?
    }

    public private(set) var answers: [Answer] = []
    /// Everyone the file lists, per occasion, in file order: those who left every item blank too.
    public private(set) var sittings: [Sitting] = []
    public private(set) var layout: Layout
    /// Participants in file order.
    public private(set) var participants: [String] = []
    /// The occasions of an occasion column, in file order (empty without one).
    public private(set) var occasions: [String] = []
    /// Answers given as an option's label or a wording from the answers file rather than its code:
    /// by scale, each answer as written and the code it became.
    public private(set) var labelsRead: [String: [String: String]] = [:]

    /// Reads and checks `url` against `questionnaire`.
    /// - Parameters:
    ///   - mapping: a `column,item` CSV renaming the file's columns (wide layout only).
    ///   - labels: also accept an option's label for its code (any case, any spacing).
    ///   - answers: a `scale,answer,code` CSV giving the code of other answer wordings (see ``readAnswers(_:questionnaire:)``).
    /// - Throws: ``WorkbenchError`` listing every problem as `file:row:column: message` (row 1 is the
    ///   header): a value outside the item's scale, an unknown item, a duplicate answer, a missing
    ///   participant or occasion.
    public init(contentsOf url: URL, questionnaire: Questionnaire, mapping: URL?, labels: Bool,
                answers: URL? = nil) throws(WorkbenchError) {
        let itemIDs = Set(questionnaire.items.map(\.id))
        try self.init(contentsOf: url, questionnaire: questionnaire,
                      columns: try mapping.map { url throws(WorkbenchError) in try Self.readMapping(url, itemIDs: itemIDs) },
                      labels: labels,
                      wordings: try answers.map { url throws(WorkbenchError) in try Self.readAnswers(url, questionnaire: questionnaire) } ?? [:],
                      mappingName: mapping?.path)
    }

    /// Reads and checks `url` with its columns named by `columns` (column → item id, or
    /// `participant`; other columns are ignored), or by their own names when nil.
    /// - Parameters:
    ///   - labels: also accept an option's label (any case) for its code, e.g. "Agree" for 4.
    ///   - wordings: codes of other answer wordings, as ``readAnswers(_:questionnaire:)`` reads them.
    public init(contentsOf url: URL, questionnaire: Questionnaire, columns: [String: String]?, labels: Bool = false,
                wordings: [String: [String: String]] = [:], mappingName: String? = nil) throws(WorkbenchError) {
        var unmatched: [String: Set<String>] = [:]
        try self.init(contentsOf: url, questionnaire: questionnaire, columns: columns, labels: labels, wordings: wordings,
                      mappingName: mappingName, unmatched: &unmatched)
    }

    /// Reads and checks `url`, collecting in `unmatched` (by scale) every answer that is neither a
    /// code, a label nor a given wording, also when the read fails.
    init(contentsOf url: URL, questionnaire: Questionnaire, columns: [String: String]?, labels: Bool,
         wordings: [String: [String: String]], mappingName: String?, unmatched: inout [String: Set<String>]) throws(WorkbenchError) {
        let path = url.path
        let rows = try CSVFile.rows(url)
        guard let header = rows.first else { throw WorkbenchError("\(path):1: the file is empty") }
        var problems: [String] = []
        func problem(_ row: Int, _ column: Int, _ message: String) {
            problems.append("\(path):\(row):\(column): \(message)")
        }
        let itemsByID = Dictionary(questionnaire.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let scales = Dictionary(questionnaire.scales.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var labelsRead: [String: [String: String]] = [:]
        /// The stored code of a value (its code, or with `labels` its label), or nil with a problem.
        func check(_ code: String, item: String, row: Int, column: Int) -> String? {
            guard let scale = itemsByID[item].flatMap({ scales[$0.scale] }) else { return nil }
            if scale.option(code: code) != nil { return code }
            if labels, let option = scale.options.first(where: { Self.sameLabel($0.label, code) }) {
                labelsRead[scale.id, default: [:]][code] = option.code
                return option.code
            }
            if let mapped = wordings[scale.id]?[Self.squeezed(code)] ?? wordings[""]?[Self.squeezed(code)],
               scale.option(code: mapped) != nil {
                labelsRead[scale.id, default: [:]][code] = mapped
                return mapped
            }
            unmatched[scale.id, default: []].insert(code)
            let allowed = scale.options.map(\.code).joined(separator: ", ")
            problem(row, column, "value '\(code)' is not on the scale of \(item) (allowed: \(allowed)"
                    + (labels ? " or their labels: " + scale.options.map(\.label).joined(separator: ", ") : "")
                    + (wordings.isEmpty ? "" : ", or a wording in the answers file") + ")")
            return nil
        }
        var seen: [String: Int] = [:]
        func record(_ participant: String, _ item: String, _ code: String, occasion: String?, row: Int, column: Int,
                    into answers: inout [Answer]) {
            let key = participant + "\u{0}" + item + "\u{0}" + (occasion ?? "")
            if let first = seen[key] {
                problem(row, column, "a second answer from \(participant) to \(item)"
                        + (occasion.map { " on '\($0)'" } ?? "") + " (first on row \(first))")
                return
            }
            seen[key] = row
            if let stored = check(code, item: item, row: row, column: column) {
                answers.append(Answer(participant: participant, item: item, code: stored, occasion: occasion))
            }
        }
        var answers: [Answer] = []
        var participants: [String] = []
        var sittings: [Sitting] = [], present = Set<Sitting>()
        var known = Set<String>()
        let normalized = header.map { $0.trimmingCharacters(in: .whitespaces) }
        let longColumns = Set(normalized).subtracting(["occasion"])
        if columns == nil && longColumns == ["participant", "item", "value"] {
            layout = .long
            let (p, i, v) = (normalized.firstIndex(of: "participant")!, normalized.firstIndex(of: "item")!,
                             normalized.firstIndex(of: "value")!)
            let o = normalized.firstIndex(of: "occasion")
            for (offset, fields) in rows.dropFirst().enumerated() {
                let row = offset + 2
                let participant = fields[p], item = fields[i], code = fields[v]
                if participant.isEmpty { problem(row, p + 1, "no participant"); continue }
                let occasion = o.map { fields[$0] }
                if let o, occasion?.isEmpty == true { problem(row, o + 1, "no occasion"); continue }
                guard itemsByID[item] != nil else {
                    problem(row, i + 1, "unknown item '\(item)' (not in \(questionnaire.items.count) items of the instrument)")
                    continue
                }
                if known.insert(participant).inserted { participants.append(participant) }
                if present.insert(Sitting(participant: participant, occasion: occasion)).inserted {
                    sittings.append(Sitting(participant: participant, occasion: occasion))
                }
                if code.isEmpty { continue }
                record(participant, item, code, occasion: occasion, row: row, column: v + 1, into: &answers)
            }
        } else {
            layout = .wide
            var columnItems: [Int: String] = [:]
            var participantColumn: Int?, occasionColumn: Int?
            if let renames = columns {
                for (index, name) in normalized.enumerated() {
                    guard let target = renames[name] else { continue }
                    if target == "participant" {
                        participantColumn = index
                    } else if target == "occasion" {
                        occasionColumn = index
                    } else if itemsByID[target] != nil {
                        columnItems[index] = target
                    } else {
                        problem(1, index + 1, "column '\(name)' is mapped to '\(target)', which is not an item")
                    }
                }
                for (name, target) in renames.sorted(by: { $0.key < $1.key }) where !normalized.contains(name) {
                    problems.append("\(mappingName ?? path): column '\(name)' (for \(target)) is not in \(url.lastPathComponent)")
                }
                let mapped = Dictionary(grouping: columnItems, by: \.value).filter { $0.value.count > 1 }
                for (item, both) in mapped.sorted(by: { $0.key < $1.key }) {
                    problem(1, both.map(\.key).min()! + 1, "\(both.count) columns are mapped to \(item)")
                }
            } else {
                for (index, name) in normalized.enumerated() {
                    if name == "participant" {
                        participantColumn = index
                    } else if name == "occasion" && itemsByID[name] == nil {
                        occasionColumn = index
                    } else if itemsByID[name] != nil {
                        columnItems[index] = name
                    } else {
                        problem(1, index + 1, "unknown item column '\(name)'; use a mapping file "
                                + "for exports with other column names")
                    }
                }
            }
            guard let participantColumn else {
                throw WorkbenchError("\(path):1: no participant column (name one 'participant', or map it)")
            }
            let orderedItems = columnItems.sorted { $0.key < $1.key }
            var seenRows = Set<String>()
            for (offset, fields) in rows.dropFirst().enumerated() {
                let row = offset + 2
                let participant = fields[participantColumn]
                guard !participant.isEmpty else { problem(row, participantColumn + 1, "no participant"); continue }
                let occasion = occasionColumn.map { fields[$0] }
                if let occasionColumn, occasion?.isEmpty == true {
                    problem(row, occasionColumn + 1, "no occasion")
                    continue
                }
                let rowKey = participant + "\u{0}" + (occasion ?? "")
                guard seenRows.insert(rowKey).inserted else {
                    problem(row, participantColumn + 1, "\(participant) appears on more than one row"
                            + (occasion.map { " for '\($0)'" } ?? ""))
                    continue
                }
                if known.insert(participant).inserted { participants.append(participant) }
                sittings.append(Sitting(participant: participant, occasion: occasion))
                for (column, item) in orderedItems where !fields[column].isEmpty {
                    record(participant, item, fields[column], occasion: occasion, row: row, column: column + 1,
                           into: &answers)
                }
            }
        }
        guard problems.isEmpty else { throw WorkbenchError(problems.joined(separator: "\n")) }
        self.answers = answers
        self.participants = participants
        self.sittings = sittings
        // Every occasion someone took part in, answers or not, in file order.
        var listed = Set<String>()
        self.occasions = sittings.compactMap(\.occasion).filter { listed.insert($0).inserted }
        self.labelsRead = labelsRead
    }

    /// The same answer label, whatever the case and the spaces: "Strongly agree", "strongly  agree", "StronglyAgree".
    static func sameLabel(_ label: String, _ given: String) -> Bool { squeezed(label) == squeezed(given) }

    /// An answer as labels are compared: lower case, without spaces.
    private static func squeezed(_ text: String) -> String { text.lowercased().filter { !$0.isWhitespace } }

    /// Answer wordings with their codes as the reader looks them up, from (scale, wording, code)
    /// triples; an empty scale stands for every scale.
    public static func wordings(_ given: [(scale: String, answer: String, code: String)]) -> [String: [String: String]] {
        var wordings: [String: [String: String]] = [:]
        for (scale, answer, code) in given { wordings[scale, default: [:]][squeezed(answer)] = code }
        return wordings
    }

    /// An answers file: `scale,answer,code` rows giving the option code of an answer wording the
    /// instrument's labels do not have ("Agree strongly" → 5), compared in any case and spacing. An
    /// empty scale applies the row to every scale with that code.
    /// - Returns: by scale id ("" for every scale), each squeezed wording and its code.
    /// - Throws: ``WorkbenchError`` naming the file, row and column of an unknown scale, a code not on
    ///   the scale, or a wording given two codes.
    public static func readAnswers(_ url: URL, questionnaire: Questionnaire) throws(WorkbenchError) -> [String: [String: String]] {
        let rows = try CSVFile.rows(url)
        guard let header = rows.first?.map({ $0.trimmingCharacters(in: .whitespaces) }), header == ["scale", "answer", "code"] else {
            throw WorkbenchError("\(url.path):1: an answers file needs the header scale,answer,code")
        }
        let scales = Dictionary(questionnaire.scales.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var wordings: [String: [String: String]] = [:]
        var problems: [String] = []
        for (offset, row) in rows.dropFirst().enumerated() where row.count >= 3 && !row[1].isEmpty {
            let line = offset + 2, scale = row[0].trimmingCharacters(in: .whitespaces), code = row[2]
            let targets = scale.isEmpty ? questionnaire.scales.filter { $0.option(code: code) != nil } : scales[scale].map { [$0] } ?? []
            if !scale.isEmpty && targets.isEmpty {
                problems.append("\(url.path):\(line):1: unknown scale '\(scale)' (scales: "
                                + questionnaire.scales.map(\.id).joined(separator: ", ") + ")")
                continue
            }
            guard !targets.isEmpty, targets.allSatisfy({ $0.option(code: code) != nil }) else {
                problems.append("\(url.path):\(line):3: code '\(code)' is not on " + (scale.isEmpty ? "any scale" : "the scale \(scale)")
                                + (scale.isEmpty ? "" : " (codes: " + scales[scale]!.options.map(\.code).joined(separator: ", ") + ")"))
                continue
            }
            let wording = squeezed(row[1])
            if let earlier = wordings[scale]?[wording], earlier != code {
                problems.append("\(url.path):\(line):3: '\(row[1])' is given the codes \(earlier) and \(code)")
                continue
            }
            wordings[scale, default: [:]][wording] = code
        }
        guard problems.isEmpty else { throw WorkbenchError(problems.joined(separator: "\n")) }
        return wordings
    }

    /// A mapping file: `column,item` rows renaming source columns to item ids (or `participant`, `occasion`).
    static func readMapping(_ url: URL, itemIDs: Set<String>) throws(WorkbenchError) -> [String: String] {
        let rows = try CSVFile.rows(url)
        guard let header = rows.first, header == ["column", "item"] else {
            throw WorkbenchError("\(url.path):1: a mapping file needs the header column,item")
        }
        var renames: [String: String] = [:]
        for (offset, row) in rows.dropFirst().enumerated() where !row[0].isEmpty {
            guard row[1] == "participant" || row[1] == "occasion" || itemIDs.contains(row[1]) else {
                throw WorkbenchError("\(url.path):\(offset + 2):2: unknown item '\(row[1])'")
            }
            renames[row[0]] = row[1]
        }
        return renames
    }
}
