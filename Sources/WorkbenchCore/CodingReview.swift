public import Foundation
public import ProjectStore
public import Transcripts
import WorkbenchKit

/// One source as the coding view shows it: its turns, its codings (every framework) and the memos
/// written on it. Offsets are code points into the source's normalised text.
public struct SourceForCoding: Sendable {
    /// A speaker turn and its text.
    public struct Turn: Sendable {
        public var position: Int
        public var speaker: String?
        public var start: Int
        public var end: Int
        public var text: String
    }

    public var name: String
    /// The case (participant) the whole source belongs to, if given.
    public var caseName: String?
    public var turns: [Turn]
    public var codings: [CodingRecord]
    public var memos: [MemoRecord]
    /// The text of any passage of the source.
    public var text: TextOffsets
}

/// An occurrence of a searched term in one source.
public struct KeywordHit: Sendable, Hashable, Codable {
    public var source: String
    public var hit: KeywordSearch.Hit
}

extension Coding {
    /// A source with its turns, codings and memos, read for the coding view.
    public func forCoding(source name: String) throws -> SourceForCoding {
        guard let (source, turnRecords) = try store.source(named: name) else { throw try project.unknownSource(name) }
        let text = TextOffsets(source.text)
        var turns = turnRecords.map {
            SourceForCoding.Turn(position: $0.position, speaker: $0.speaker, start: $0.start, end: $0.end,
                                 text: text.slice($0.start, $0.end))
        }
        if turns.isEmpty {
            turns = [.init(position: 0, speaker: nil, start: 0, end: source.text.codePointCount, text: source.text)]
        }
        let caseName = try source.caseID.flatMap { try store.record(Participant.self, id: $0)?.pseudonym }
        return SourceForCoding(name: name, caseName: caseName, turns: turns, codings: try store.codings(source: source.id!),
                               memos: try store.memos(source: source.id!), text: text)
    }

    /// Gives a coding another theme of its framework.
    public func retheme(_ id: Int64, to theme: String) throws {
        var coding = try codingRecord(id)
        let (descriptor, framework) = try self.framework(coding.framework)
        try framework.checkCodable(theme, in: descriptor)
        guard theme != coding.theme else { throw WorkbenchError("coding #\(id) has that theme already", code: .nothingToDo) }
        let old = coding.theme
        if let same = try store.codings(source: coding.sourceID).first(where: {
            $0.start == coding.start && $0.end == coding.end && $0.framework == coding.framework && $0.theme == theme
                && $0.coder == coding.coder
        }) {
            throw WorkbenchError("\(coding.coder) has coded this passage with \(theme) already (coding #\(same.id!))",
                                 code: .duplicate, field: "theme")
        }
        coding.theme = theme
        try change("coding.retheme", "Coding #\(id) re-themed from \(old) to \(theme)") { try store.update(coding) }
    }

    /// Accepts an automatic coding: it becomes `coder`'s own coding of the same passage and theme.
    public func accept(_ id: Int64, coder: String) throws { try accept([id], coder: coder) }

    /// Accepts automatic codings (as one change): each becomes `coder`'s own coding.
    public func accept(_ ids: [Int64], coder: String) throws {
        let coder = try Self.required(coder, "name the coder accepting the codings")
        let codings = try ids.map { id in
            var coding = try codingRecord(id)
            guard coding.automatic else { throw WorkbenchError("coding #\(id) is not an automatic coding", code: .nothingToDo) }
            coding.automatic = false
            coding.coder = coder
            return coding
        }
        guard let first = codings.first else { throw WorkbenchError("no codings to accept", code: .nothingToDo) }
        let summary = codings.count == 1 ? "\(coder) accepted coding #\(first.id!) (\(first.theme))"
            : "\(coder) accepted \(codings.count) automatic codings"
        try change("coding.accept", summary) { for coding in codings { try store.update(coding) } }
    }

    /// Rejects automatic codings (as one change): they are removed.
    public func reject(_ ids: [Int64]) throws {
        let codings = try ids.map { id in
            let coding = try codingRecord(id)
            guard coding.automatic else { throw WorkbenchError("coding #\(id) is not an automatic coding", code: .nothingToDo) }
            return coding
        }
        guard !codings.isEmpty else { throw WorkbenchError("no codings to reject", code: .nothingToDo) }
        try change("coding.reject", "Rejected \(codings.count) automatic coding\(codings.count == 1 ? "" : "s")") {
            for coding in codings { _ = try store.delete(.coding, id: coding.id!) }
        }
    }

    /// Every occurrence of `term` in every source, ignoring case and accents (at most `limit`).
    public func search(_ term: String, limit: Int = 500) throws -> [KeywordHit] {
        guard let search = KeywordSearch(term) else { return [] }
        var hits: [KeywordHit] = []
        for source in try store.sources() where hits.count < limit {
            hits += search.hits(in: source.text, limit: limit - hits.count).map { KeywordHit(source: source.name, hit: $0) }
        }
        return hits
    }

    private func codingRecord(_ id: Int64) throws -> CodingRecord {
        guard let coding = try store.record(CodingRecord.self, id: id) else {
            throw WorkbenchError("there is no coding #\(id)", code: .notFound, field: "coding")
        }
        return coding
    }
}
