public import FrameworkAnalysis
public import Foundation

/// Codes kept in a spreadsheet, for teams who code outside any tool: agreement needs no project.
///
/// Two layouts are read. **Long**: a header with `unit`, `coder` and `label` columns (any order,
/// any case), one rating per row. **Wide**: the first column names the unit, every other column is
/// a coder, one row per unit. A blank label is a missing rating. Labels are compared exactly as
/// written, after trimming.
public enum AgreementTable {
    /// The coders (in the order they first appear) and every unit with their labels.
    /// - Throws: ``WorkbenchError`` naming the file and line for a blank unit or coder, a unit rated
    ///   twice by one coder, a unit listed twice, a coder column named twice, or fewer than two coders.
    public static func read(_ url: URL) throws(WorkbenchError) -> (coders: [String], units: [NominalAgreement.RatedUnit]) {
        let records = try CSVFile.records(url)
        let path = url.path
        let header = records[0].fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let lowered = header.map { $0.lowercased() }
        let read: (coders: [String], units: [NominalAgreement.RatedUnit])
        if let unit = lowered.firstIndex(of: "unit"), let coder = lowered.firstIndex(of: "coder"),
           let label = lowered.firstIndex(of: "label") {
            read = try long(records.dropFirst(), unit: unit, coder: coder, label: label, path: path)
        } else {
            guard !lowered.contains("coder") else {
                throw WorkbenchError("\(path):1: a long table needs the columns unit, coder and label; found "
                                     + header.joined(separator: ", "), field: "file", file: path, line: 1)
            }
            read = try wide(records.dropFirst(), header: header, path: path)
        }
        guard read.coders.count >= 2 else {
            throw WorkbenchError("\(path): agreement needs two or more coders; found "
                                 + (read.coders.isEmpty ? "none" : read.coders.joined(separator: ", ")),
                                 code: .missingValue, field: "file", file: path)
        }
        return read
    }

    private static func long(_ records: ArraySlice<CSVFile.Record>, unit: Int, coder: Int, label: Int,
                             path: String) throws(WorkbenchError) -> (coders: [String], units: [NominalAgreement.RatedUnit]) {
        var coders: [String] = [], coderIndex: [String: Int] = [:]
        var units: [String] = [], unitIndex: [String: Int] = [:]
        var ratings: [[Int: (label: String, line: Int)]] = []
        for record in records {
            let name = record.fields[unit], who = record.fields[coder], given = record.fields[label]
            guard !name.isEmpty else { throw blank("unit", record.line, path) }
            guard !who.isEmpty else { throw blank("coder", record.line, path) }
            if coderIndex[who] == nil { coderIndex[who] = coders.count; coders.append(who) }
            if unitIndex[name] == nil { unitIndex[name] = units.count; units.append(name); ratings.append([:]) }
            let u = unitIndex[name]!, c = coderIndex[who]!
            if let earlier = ratings[u][c] {
                throw WorkbenchError("\(path):\(record.line): unit '\(name)' is rated by '\(who)' again (first on line "
                                     + "\(earlier.line)); keep one row per unit and coder",
                                     code: .duplicate, field: "file", value: name, file: path, line: record.line)
            }
            ratings[u][c] = (given, record.line)
        }
        return (coders, units.indices.map { u in
            NominalAgreement.RatedUnit(unit: units[u], labels: coders.indices.map { c in
                ratings[u][c].flatMap { $0.label.isEmpty ? nil : $0.label }
            })
        })
    }

    private static func wide(_ records: ArraySlice<CSVFile.Record>, header: [String],
                             path: String) throws(WorkbenchError) -> (coders: [String], units: [NominalAgreement.RatedUnit]) {
        let coders = Array(header.dropFirst())
        for (index, name) in coders.enumerated() {
            guard !name.isEmpty else {
                throw WorkbenchError("\(path):1: column \(index + 2) has no coder's name in the header", field: "file",
                                     file: path, line: 1)
            }
            if coders[..<index].contains(name) {
                throw WorkbenchError("\(path):1: coder '\(name)' heads two columns", code: .duplicate, field: "file",
                                     value: name, file: path, line: 1)
            }
        }
        var seen: [String: Int] = [:]
        var units: [NominalAgreement.RatedUnit] = []
        for record in records {
            let name = record.fields[0]
            guard !name.isEmpty else { throw blank(header[0].isEmpty ? "unit" : header[0], record.line, path) }
            if let earlier = seen[name] {
                throw WorkbenchError("\(path):\(record.line): unit '\(name)' is listed again (first on line \(earlier))",
                                     code: .duplicate, field: "file", value: name, file: path, line: record.line)
            }
            seen[name] = record.line
            units.append(.init(unit: name, labels: record.fields.dropFirst().map { $0.isEmpty ? nil : $0 }))
        }
        return (coders, units)
    }

    private static func blank(_ column: String, _ line: Int, _ path: String) -> WorkbenchError {
        WorkbenchError("\(path):\(line): the \(column) is blank", code: .missingValue, field: "file", file: path,
                       line: line)
    }

    /// Agreement of the coders in a spreadsheet of labels, with the units where they differ.
    public static func agreement(_ url: URL) throws(WorkbenchError) -> NominalAgreementResult {
        let (coders, units) = try read(url)
        let figures = NominalAgreement(coders: coders, units: units)
        return NominalAgreementResult(
            file: url.lastPathComponent, unit: "row", figures: figures,
            labelling: "Each row is a unit with one label per coder, compared exactly as written; a blank cell is a "
                + "missing rating.",
            disagreements: units.filter(\.isDisagreement).map { ($0, nil) })
    }
}
