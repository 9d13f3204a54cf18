public import Foundation
public import ProjectStore

extension ChangeHistory {
    /// The project's changes, newest first.
    public func entries(limit: Int? = nil) throws -> [JournalEntry] {
        try store.history(limit: limit)
    }

    /// The rows one change touched, with their values before and after.
    public func changes(entry id: Int64) throws -> [RowChange] {
        try store.changes(entry: id)
    }

    /// Reverts the latest change not yet undone.
    /// - Throws: ``WorkbenchError`` when there is nothing to undo.
    @discardableResult
    public func undo() throws -> JournalEntry {
        guard let entry = try store.undo() else { throw WorkbenchError("there is nothing to undo") }
        forgetRegistry()
        return entry
    }

    /// Re-applies the change undone last.
    /// - Throws: ``WorkbenchError`` when nothing was undone since the last change.
    @discardableResult
    public func redo() throws -> JournalEntry {
        guard let entry = try store.redo() else {
            throw WorkbenchError("there is nothing to redo (redo re-applies what undo reverted, until a new change is made)")
        }
        forgetRegistry()
        return entry
    }
}

extension ChangeHistory {
    /// A moment in local time as the history shows it: `2026-12-02 00:46:05`.
    public static func localTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }
}

extension JournalEntry {
    /// When the change was made, in local time (see ``ChangeHistory/localTime(_:)``).
    public var localTime: String { ChangeHistory.localTime(at) }
}
