import Crypto
public import Foundation

/// Name-based GUIDs (UUID version 5, RFC 9562 §5.5): the same name always gives the same GUID, so
/// exports of the same project are byte-identical and can be diffed.
public enum StableGUID {
    /// The workbench's namespace: UUIDv5 of "rd-workbench.refi-qda" in the URL namespace.
    public static let namespace = make("rd-workbench.refi-qda", in: UUID(uuidString: "6ba7b811-9dad-11d1-80b4-00c04fd430c8")!)

    /// The GUID for `name` in the workbench's namespace, upper-case as most REFI-QDA tools write them.
    public static func guid(_ name: String) -> String { make(name, in: namespace).uuidString }

    /// UUIDv5 of `name` in `namespace`.
    public static func make(_ name: String, in namespace: UUID) -> UUID {
        var bytes = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        bytes += Array(name.utf8)
        var hash = Array(Insecure.SHA1.hash(data: bytes)).prefix(16).map { $0 }
        hash[6] = (hash[6] & 0x0F) | 0x50
        hash[8] = (hash[8] & 0x3F) | 0x80
        return UUID(uuid: (hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7], hash[8], hash[9],
                           hash[10], hash[11], hash[12], hash[13], hash[14], hash[15]))
    }
}

/// `xsd:dateTime` in UTC, whole seconds, as REFI-QDA files write it.
enum RefiDate {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    /// Reads `xsd:dateTime` with or without fractional seconds or a zone (no zone: UTC).
    static func date(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = try? Date(trimmed, strategy: fractional) { return date }
        if let date = try? Date(trimmed + "Z", strategy: .iso8601) { return date }
        return try? Date(trimmed + "Z", strategy: fractional)
    }
}
