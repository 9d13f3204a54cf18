import Foundation
public import Enquiries
public import ProjectStore
import Transcripts
import WorkbenchKit

// Correcting what researchers entered: memos, member checks, outside-the-framework entries,
// matrix summaries and single manual codings.

/// A coding as listed for review and correction.
public struct CodingView: Sendable, Codable, Hashable {
    public var id: Int64
    public var source: String
    public var start: Int
    public var end: Int
    public var framework: String
    public var theme: String
    public var coder: String
    public var automatic: Bool
    public var quote: String
}

extension AnalysisStages {
    private func outsidePassage(_ id: Int64) throws -> OutsidePassage {
        guard let passage = try store.record(OutsidePassage.self, id: id) else {
            throw WorkbenchError("there is no outside-the-framework passage #\(id)")
        }
        return passage
    }


    /// Replaces a memo's text.
    public func editMemo(_ id: Int64, text: String) throws {
        guard var memo = try store.record(MemoRecord.self, id: id) else { throw WorkbenchError("there is no memo #\(id)") }
        memo.text = try Self.required(text, "the memo is empty")
        try change("memo.edit", "Corrected memo #\(id) by \(memo.researcher)") { try store.update(memo) }
    }

    /// Deletes a memo.
    public func deleteMemo(_ id: Int64) throws {
        guard let memo = try store.record(MemoRecord.self, id: id) else { throw WorkbenchError("there is no memo #\(id)") }
        try change("memo.delete", "Deleted memo #\(id) by \(memo.researcher)") { try store.delete(.memo, id: id) }
    }

    /// Corrects a member check (nil leaves a field as it is; an empty text clears the changes).
    public func editMemberCheck(_ id: Int64, date: CalendarDate? = nil, outcome: MemberCheck.Outcome? = nil,
                                changes: String? = nil) throws {
        guard var check = try store.record(MemberCheck.self, id: id) else {
            throw WorkbenchError("there is no member check #\(id)")
        }
        let old = check
        if let date { check.checkedOn = date }
        if let outcome { check.outcome = outcome }
        if let changes { check.changes = changes.isEmpty ? nil : changes }
        if check.outcome == .amended && (check.changes ?? "").isEmpty {
            throw WorkbenchError("an amended member check says what changed")
        }
        guard check != old else { throw WorkbenchError("nothing to change for member check #\(id)") }
        try change("member-check.edit", "Corrected member check #\(id)") { try store.update(check) }
    }

    /// Deletes a member check.
    public func deleteMemberCheck(_ id: Int64) throws {
        guard try store.record(MemberCheck.self, id: id) != nil else { throw WorkbenchError("there is no member check #\(id)") }
        try change("member-check.delete", "Deleted member check #\(id)") { try store.delete(.memberCheck, id: id) }
    }

    /// Replaces the note of an outside-the-framework passage (an empty note clears it).
    public func editOutside(_ id: Int64, note: String) throws {
        var passage = try outsidePassage(id)
        passage.note = note.isEmpty ? nil : note
        try change("outside.edit", "Corrected outside passage #\(id)") { try store.update(passage) }
    }

    /// Re-opens a resolved outside passage: it shows under every chart again. A coding made when
    /// it was resolved stays (delete it separately if it was wrong).
    public func reopenOutside(_ id: Int64) throws {
        var passage = try outsidePassage(id)
        guard passage.resolution != nil else { throw WorkbenchError("outside passage #\(id) is open") }
        passage.resolution = nil
        passage.resolvedBy = nil
        passage.resolvedAt = nil
        passage.resolutionNote = nil
        passage.codingID = nil
        try change("outside.reopen", "Re-opened outside passage #\(id)") { try store.update(passage) }
    }

    /// Deletes an outside-the-framework passage.
    public func deleteOutside(_ id: Int64) throws {
        _ = try outsidePassage(id)
        try change("outside.delete", "Deleted outside passage #\(id)") { try store.delete(.outsidePassage, id: id) }
    }
}

extension Coding {
    /// Removes the summary of one cell of the framework matrix.
    public func removeSummary(framework reference: String, case caseName: String, theme: String) throws {
        let (descriptor, _) = try framework(reference)
        let removed = try change("summary.delete", "Removed the summary of \(caseName) × \(theme) (\(descriptor.id))") {
            try store.removeSummary(framework: descriptor.id, case: caseName, theme: theme)
        }
        guard removed else { throw WorkbenchError("\(caseName) × \(theme) has no summary in \(descriptor.id)") }
    }

    /// Codings (of one framework, source or coder), with their ids.
    public func codings(framework reference: String? = nil, source: String? = nil, coder: String? = nil) throws
        -> [CodingView] {
        let framework = try reference.map { try self.framework($0).0.id }
        if let source { _ = try sourceRecord(source) }
        let texts = Dictionary(uniqueKeysWithValues: try store.sources().map { ($0.name, TextOffsets($0.text)) })
        return try store.codings(framework: framework).compactMap { name, coding in
            guard source == nil || name == source, coder == nil || coding.coder == coder else { return nil }
            let text = texts[name]?.slice(coding.start, coding.end) ?? ""
            return CodingView(id: coding.id!, source: name, start: coding.start, end: coding.end,
                              framework: coding.framework, theme: coding.theme, coder: coding.coder,
                              automatic: coding.automatic, quote: Self.shortQuote(text))
        }
    }

    /// Deletes one coding, manual or automatic, by id.
    public func deleteCoding(_ id: Int64) throws {
        guard let coding = try store.record(CodingRecord.self, id: id) else { throw WorkbenchError("there is no coding #\(id)") }
        try change("coding.delete", "Deleted coding #\(id) (\(coding.theme) by \(coding.coder))") {
            try store.delete(.coding, id: id)
        }
    }

    /// Deletes the coding of a passage (by offsets or quote), narrowed by theme and coder when
    /// several codings cover exactly that passage.
    /// - Returns: the id of the coding deleted.
    @discardableResult
    public func deleteCoding(source name: String, start: Int? = nil, end: Int? = nil, quote: String? = nil,
                             theme: String? = nil, coder: String? = nil) throws -> Int64 {
        let source = try sourceRecord(name)
        let span = try Self.passage(in: source, start: start, end: end, quote: quote)
        let matches = try codings(source: name).filter {
            $0.start == span.start && $0.end == span.end && (theme == nil || $0.theme == theme)
                && (coder == nil || $0.coder == coder)
        }
        guard let only = matches.first, matches.count == 1 else {
            throw WorkbenchError(matches.isEmpty ? "no coding of \(name) covers exactly \(span.start)–\(span.end)"
                             : "\(matches.count) codings cover \(name) \(span.start)–\(span.end): "
                                + matches.map { "#\($0.id) \($0.theme) by \($0.coder)" }.joined(separator: ", ")
                                + "; name the theme and coder, or the coding's id")
        }
        try deleteCoding(only.id)
        return only.id
    }

}
