public import ArgumentParser
public import Enquiries
import Foundation
public import ProjectStore
import PluginHost
import Statistics
import WorkbenchCore
import WorkbenchKit

/// The project a command works on.
struct ProjectOptions: ParsableArguments {
    @Option(name: .customLong("project"), help: ArgumentHelp(
        "The project folder (default: WORKBENCH_PROJECT, else the current folder).", valueName: "DIR"))
    var folder: String?

    @Flag(help: "No progress line on the terminal for long work.")
    var quiet = false

    func open() throws -> WorkbenchProject {
        let folder = folder ?? ProcessInfo.processInfo.environment["WORKBENCH_PROJECT"].flatMap { $0.isEmpty ? nil : $0 } ?? "."
        let environment = ProcessInfo.processInfo.environment
        let wait = environment["WORKBENCH_BUSY_TIMEOUT"].flatMap(TimeInterval.init) ?? ProjectStore.defaultBusyTimeout
        var project = try WorkbenchProject.open(at: URL(fileURLWithPath: folder), busyTimeout: wait)
        project.progress = ProgressLine.sink(quiet: quiet)
        // Plugin files that cannot be used are named on every command; only commands that need them fail.
        for problem in (try? project.plugins.problems()) ?? [] { printError("warning: plugin not loaded: \(problem)") }
        return project
    }
}

/// How tabular results are printed.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// Prints rows as CSV (RFC 4180 quoting).
func printCSV(_ header: [String], _ rows: [[String]]) {
    // Written a megabyte at a time: an export of a corpus's codings is hundreds of thousands of lines.
    fflush(nil)
    var chunk: [UInt8] = []
    chunk.reserveCapacity((1 << 20) + (1 << 16))
    func flush() {
        FileHandle.standardOutput.write(Data(chunk))
        chunk.removeAll(keepingCapacity: true)
    }
    func add(_ row: [String]) {
        CSVFile.append(row: row, to: &chunk)
        if chunk.count >= 1 << 20 { flush() }
    }
    add(header)
    rows.forEach(add)
    flush()
}

/// Prints rows in the chosen format (JSON is handled by the caller).
func printRows(_ format: TableFormat, _ header: [String], _ rows: [[String]]) {
    format == .csv ? printCSV(header, rows) : printTable(header, rows)
}

/// A number for tables: fixed decimals, or "—" when missing.
func formatted(_ value: Double?, _ decimals: Int = 2) -> String {
    NumberText.fixed(value, decimals) ?? "—"
}

/// A number as a cell: exact and empty when missing in CSV, fixed decimals in a table.
func cell(_ value: Double?, _ decimals: Int, _ format: TableFormat) -> String {
    format == .csv ? NumberText.exact(value) : formatted(value, decimals)
}

/// A p-value as a cell: exact in CSV, "< 0.001" or three decimals in a table.
func pCell(_ p: Double?, _ format: TableFormat) -> String {
    format == .csv ? NumberText.exact(p) : NumberText.p(p) ?? "—"
}

/// The host's own executable, re-run to load plugins in a child process.
var currentExecutable: URL {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
}

/// The arguments that put the host in its "load this plugin and report" mode.
let probeArguments = ["plugins", "probe"]

/// Prints rows as aligned columns under a header.
func printTable(_ header: [String], _ rows: [[String]]) {
    let widths = header.indices.map { column in
        ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
        zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    print(line(header))
    print(line(widths.map { String(repeating: "-", count: $0) }))
    rows.forEach { print(line($0)) }
}

/// Prints plugins as the table `plugins list` and `demo` show.
func printPluginTable(_ entries: [PluginRegistry.Entry]) {
    printTable(["ID", "VERSION", "KIND", "SOURCE", "NAME"], entries.map {
        [$0.descriptor.id, $0.descriptor.version.description, $0.descriptor.kind.rawValue, $0.origin.rawValue,
         $0.descriptor.displayName]
    })
}

/// Prints a value as pretty, key-sorted JSON.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public static var defaultValueDescription: String { "YYYY-MM-DD" }
}

extension CycleDecision: ExpressibleByArgument {}
extension EvidenceKind: ExpressibleByArgument {}
extension MemberCheck.Outcome: ExpressibleByArgument {}
