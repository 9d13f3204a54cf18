import CSV
import Foundation

/// Reading and writing CSV the same way everywhere: UTF-8 (a BOM is accepted), fields trimmed,
/// one clear error naming the file and line.
public enum CSVFile {
    /// Every record of a CSV file, fields trimmed; every record padded to the header's width.
    static func rows(_ url: URL) throws(WorkbenchError) -> [[String]] {
        let path = url.path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkbenchError("\(path): no such file or not readable")
        }
        guard var text = String(validating: data, as: UTF8.self) else {
            throw WorkbenchError("\(path): not UTF-8 text; save the file as CSV UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: true)
        } catch {
            throw WorkbenchError("\(path):1: not a readable CSV file (\(error))")
        }
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        if let error = reader.error { throw WorkbenchError("\(path):\(rows.count + 1): malformed CSV (\(error))") }
        let width = rows.first?.count ?? 0
        for index in rows.indices where index > 0 {
            if rows[index].count > width {
                throw WorkbenchError("\(path):\(index + 1): \(rows[index].count) fields, but the header has \(width)")
            }
            rows[index] += Array(repeating: "", count: width - rows[index].count)
        }
        return rows
    }

    /// One CSV field, quoted when needed (RFC 4180).
    public static func field(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
