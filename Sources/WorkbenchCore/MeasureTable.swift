public import Foundation
public import WorkbenchKit

/// Reads measurement tables: CSV with the header `participant,occasion,measure,value`.
public enum MeasureTable {
    /// The columns a measurement file must have, in any order.
    public static let columns = ["participant", "occasion", "measure", "value"]

    /// Every row as a ``MeasureSample``. Line numbers in errors count records (a quoted field
    /// that spans lines counts once).
    /// - Throws: ``WorkbenchError`` naming the file, row and value at fault: missing columns, a value
    ///   that is not a number, an empty field, or the same participant/occasion/measure twice.
    public static func read(_ url: URL) throws(WorkbenchError) -> [MeasureSample] {
        let path = url.path
        let rows = try CSVFile.rows(url)
        let header = rows.first ?? []
        let missing = columns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw WorkbenchError("\(path):1: missing column(s) \(missing.joined(separator: ", ")); "
                             + "expected \(columns.joined(separator: ","))")
        }
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var samples: [MeasureSample] = []
        var seen: [String: Int] = [:]
        for (offset, row) in rows.dropFirst().enumerated() {
            let line = offset + 2
            var fields: [String: String] = [:]
            for column in columns {
                let value = row[index[column]!]
                guard !value.isEmpty else { throw WorkbenchError("\(path):\(line): empty '\(column)'") }
                fields[column] = value
            }
            guard let value = Double(fields["value"]!), value.isFinite else {
                throw WorkbenchError("\(path):\(line): value '\(fields["value"]!)' is not a number")
            }
            let key = "\(fields["participant"]!)|\(fields["occasion"]!)|\(fields["measure"]!)"
            if let first = seen[key] {
                throw WorkbenchError("\(path):\(line): \(fields["participant"]!) has a second '\(fields["measure"]!)' "
                                 + "for occasion '\(fields["occasion"]!)' (first on line \(first))")
            }
            seen[key] = line
            samples.append(MeasureSample(participant: fields["participant"]!, occasion: fields["occasion"]!,
                                         measure: fields["measure"]!, value: value))
        }
        return samples
    }
}

