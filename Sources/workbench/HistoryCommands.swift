import ArgumentParser
import Foundation
import ProjectStore
import WorkbenchCore

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the project's changes, newest first: what, who, when, and the rows each touched.",
        discussion: "`workbench undo` reverts the latest change not yet undone; `workbench redo` re-applies it.")

    @OptionGroup var project: ProjectOptions

    @Option(help: "Show only the latest N changes.")
    var limit: Int?

    @Option(help: ArgumentHelp("Show the rows one change touched, with their values before and after.",
                               valueName: "N"))
    var entry: Int64?

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let project = try project.open()
        if let entry { return try show(try project.history.changes(entry: entry)) }
        let entries = try project.history.entries(limit: limit)
        if format == .json { return try printJSON(entries) }
        if entries.isEmpty && format == .table { return print("No changes recorded yet.") }
        printRows(format, ["#", "WHEN", "WHO", "CHANGE", "ROWS", "STATE"], entries.map {
            [String($0.id), $0.localTime, $0.actor, $0.summary, Self.rows($0.counts), $0.undone ? "undone" : ""]
        })
    }

    private func show(_ changes: [RowChange]) throws {
        if format == .json { return try printJSON(changes) }
        var rows: [[String]] = []
        for change in changes {
            let fields = change.operation == .update ? change.changedFields
                : ((change.before ?? change.after) ?? [:]).keys.sorted()
            for field in fields {
                rows.append([change.table, String(change.rowID), change.operation.rawValue, field,
                             change.before?[field]?.description ?? "", change.after?[field]?.description ?? ""])
            }
        }
        printRows(format, ["TABLE", "ROW", "OPERATION", "FIELD", "BEFORE", "AFTER"], rows)
    }

    /// `participant +1, response ~2, coding -3`: rows inserted, updated and deleted by table.
    static func rows(_ counts: [String: [String: Int]]) -> String {
        let signs = [("insert", "+"), ("update", "~"), ("delete", "-")]
        return counts.keys.sorted().map { table in
            table + " " + signs.compactMap { operation, sign in counts[table]?[operation].map { sign + String($0) } }
                .joined(separator: " ")
        }.joined(separator: ", ")
    }

}

struct Undo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Revert the latest change not yet undone (repeat to go further back).")

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let entry = try project.open().history.undo()
        print("Undid #\(entry.id): \(entry.summary) (\(entry.actor), \(entry.localTime))")
    }
}

struct Redo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Re-apply the change undone last.")

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let entry = try project.open().history.redo()
        print("Redid #\(entry.id): \(entry.summary)")
    }
}
