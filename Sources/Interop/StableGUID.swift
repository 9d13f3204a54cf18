import Crypto
public import Foundation

/// Name-based GUIDs (UUID version 5, RFC 9562 §5.5): the same name always gives the same GUID, so
/// exports of the same project are byte-identical and can be diffed.
public enum StableGUID {
    /// The workbench's namespace: UUIDv5 of "rd-workbench.refi-qda" in the URL namespace.
    public static let namespace = make("rd-workbench.refi-qda", in: UUID(uuidString: "6ba7b811-9dad-11d1-80b4-00c04fd430c8")!)

    /// The GUID for `name` in the workbench's namespace, upper-case as most REFI-QDA tools write them.
    public static func guid(_ name: String) -> String { text(make(name, in: namespace)) }

    /// `uuid` as `UUID.uuidString` writes it (upper-case hex, 8-4-4-4-12), without the C library's
    /// `printf` that Foundation goes through on Linux: an export names every coding and selection.
    static func text(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                var count = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[count] = UInt8(ascii: "-")
                        count += 1
                    }
                    text[count] = digits[Int(byte >> 4)]
                    text[count + 1] = digits[Int(byte & 0x0F)]
                    count += 2
                }
                return count
            }
        }
    }

    private static let digits = Array("0123456789ABCDEF".utf8)

    /// UUIDv5 of `name` in `namespace`.
    public static func make(_ name: String, in namespace: UUID) -> UUID {
        var hasher = Insecure.SHA1()
        withUnsafeBytes(of: namespace.uuid) { hasher.update(bufferPointer: $0) }
        var name = name
        name.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        var hash = Array(hasher.finalize())
        hash[6] = (hash[6] & 0x0F) | 0x50
        hash[8] = (hash[8] & 0x3F) | 0x80
        return UUID(uuid: (hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7], hash[8], hash[9],
                           hash[10], hash[11], hash[12], hash[13], hash[14], hash[15]))
    }
}

/// `xsd:dateTime` in UTC, whole seconds, as REFI-QDA files write it. The common shape
/// `YYYY-MM-DDTHH:MM:SSZ` is formatted and parsed by hand: exports and imports handle one per coding.
enum RefiDate {
    static func string(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = Int(parts.tm_year) + 1900
        let yearText = year >= 1000 ? "\(year)" : String(repeating: "0", count: 4 - "\(year)".count) + "\(year)"
        return "\(yearText)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
            + "\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Reads `xsd:dateTime` with or without fractional seconds or a zone (no zone: UTC).
    static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        if bytes.count == 20, bytes[19] == UInt8(ascii: "Z"), bytes[4] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T") {
            func number(_ from: Int, _ count: Int) -> Int32? {
                var value: Int32 = 0
                for byte in bytes[from..<from + count] {
                    guard byte >= 48 && byte <= 57 else { return nil }
                    value = value * 10 + Int32(byte - 48)
                }
                return value
            }
            if let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
               let minute = number(14, 2), let second = number(17, 2) {
                var parts = tm()
                parts.tm_year = year - 1900
                parts.tm_mon = month - 1
                parts.tm_mday = day
                parts.tm_hour = hour
                parts.tm_min = minute
                parts.tm_sec = second
                return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
            }
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = try? Date(trimmed, strategy: fractional) { return date }
        if let date = try? Date(trimmed + "Z", strategy: .iso8601) { return date }
        return try? Date(trimmed + "Z", strategy: fractional)
    }
}
