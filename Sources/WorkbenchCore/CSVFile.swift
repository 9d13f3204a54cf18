import Foundation

/// Reading and writing CSV the same way everywhere: UTF-8 (a BOM is accepted), RFC 4180 quoting,
/// the separator a spreadsheet used (comma, semicolon or tab, read from the header), unquoted
/// fields trimmed, blank lines skipped, and one clear error naming the file and line.
///
/// Hand-written rather than a library's because errors must name the line where a record starts
/// (a quoted field may span lines) and the line where an unterminated quote opened.
public enum CSVFile {
    /// Every record of a CSV file, header first, each padded to the header's width.
    /// - Throws: ``WorkbenchError`` for a folder or unreadable path, text that is not UTF-8, an
    ///   unterminated quote, a record wider than the header, an empty file or one with only a header.
    static func rows(_ url: URL) throws(WorkbenchError) -> [[String]] {
        try records(url).map(\.fields)
    }

    /// A record and the line it starts on (1-based).
    struct Record {
        var fields: [String]
        var line: Int
    }

    /// Every record with the line it starts on; see ``rows(_:)``.
    static func records(_ url: URL) throws(WorkbenchError) -> [Record] {
        let path = url.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw WorkbenchError("\(path): no such file", code: .notFound, field: "file")
        }
        guard !isFolder.boolValue else {
            throw WorkbenchError("\(path) is a folder, not a CSV file; name the file inside it", field: "file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkbenchError("\(path): cannot be read (permission denied)", field: "file")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw WorkbenchError("\(path): not UTF-8 text; save the file as CSV UTF-8", field: "file")
        }
        var records = try parse(bytes, separator: separator(of: bytes), path: path)
        guard let header = records.first else { throw WorkbenchError("\(path):1: the file is empty", field: "file") }
        guard records.count > 1 else {
            throw WorkbenchError("\(path): only a header row, no rows below it; nothing to import", field: "file")
        }
        let width = header.fields.count
        for index in records.indices.dropFirst() {
            let count = records[index].fields.count
            if count > width {
                throw WorkbenchError("\(path):\(records[index].line): \(count) fields, but the header has \(width)")
            }
            records[index].fields += Array(repeating: "", count: width - count)
        }
        return records
    }

    private static let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")

    /// The separator the header line uses most outside quotes: comma, semicolon or tab.
    private static func separator(of bytes: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var quoted = false
        for byte in bytes {
            if byte == quote { quoted.toggle() } else if !quoted {
                if byte == newline || byte == carriage { break }
                if counts[byte] != nil { counts[byte]! += 1 }
            }
        }
        let comma = UInt8(ascii: ",")
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $1.key == comma) }!
        return best.value == 0 ? comma : best.key
    }

    private static func parse(_ bytes: [UInt8], separator: UInt8, path: String) throws(WorkbenchError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1, quoteLine = 0
        var inQuotes = false, wasQuoted = false
        var index = 0
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        func finishField() {
            var slice = field[...]
            if !wasQuoted {
                while let first = slice.first, first == space || (first == tab && separator != tab) { slice.removeFirst() }
                while let last = slice.last, last == space || (last == tab && separator != tab) { slice.removeLast() }
            }
            fields.append(String(decoding: slice, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func finishRecord() {
            finishField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(fields: fields, line: recordLine)) }
            fields.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < bytes.count && bytes[index + 1] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
            } else if byte == quote && field.allSatisfy({ $0 == space || $0 == tab }) {
                field.removeAll(keepingCapacity: true)
                inQuotes = true
                wasQuoted = true
                quoteLine = line
            } else if byte == separator {
                finishField()
            } else if byte == newline || byte == carriage {
                if byte == carriage && index + 1 < bytes.count && bytes[index + 1] == newline { index += 1 }
                finishRecord()
                line += 1
                recordLine = line
            } else {
                field.append(byte)
            }
            index += 1
        }
        if inQuotes {
            throw WorkbenchError("\(path):\(quoteLine): unterminated quote: a field opens with \" and never closes; "
                                 + "close it, or double any \" inside the field (\"\")")
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { finishRecord() }
        return records
    }

    /// One CSV field, quoted when needed (RFC 4180).
    public static func field(_ value: String) -> String {
        var bytes: [UInt8] = []
        append(field: value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A whole CSV text: one record per row, each ended by a line feed.
    public static func text(_ rows: [[String]]) -> String {
        var bytes: [UInt8] = []
        for row in rows { append(row: row, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one CSV record (fields, commas and a line feed) to UTF-8 bytes: what a writer of
    /// many rows uses.
    public static func append(row fields: [String], to bytes: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(field: field, to: &bytes)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Appends one CSV field, quoted when needed, to UTF-8 bytes.
    private static func append(field value: String, to bytes: inout [UInt8]) {
        var value = value
        value.withUTF8 { utf8 in
            // Bytes, not characters: CRLF is one Character, equal neither to CR nor to LF.
            guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                return bytes.append(contentsOf: utf8)
            }
            bytes.append(0x22)
            for byte in utf8 {
                if byte == 0x22 { bytes.append(0x22) }
                bytes.append(byte)
            }
            bytes.append(0x22)
        }
    }
}
