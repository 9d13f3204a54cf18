extension StringProtocol {
    /// `body` over the text's UTF-8 bytes in one buffer: the text's own storage when it is
    /// contiguous UTF-8 (native strings are), a copy otherwise. For scans that read bytes, not
    /// characters.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        return try Array(utf8).withUnsafeBufferPointer(body)
    }
}

extension String {
    /// The number of Unicode code points, the unit of every offset into a text, counted on the
    /// UTF-8 bytes.
    public var codePointCount: Int { withUTF8Bytes(codePoints(in:)) }
}

/// The code points in valid UTF-8: one starts at every byte that is not a continuation byte
/// (10xxxxxx: bit 7 set, bit 6 clear), and those are counted eight at a time.
func codePoints(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var continuations = 0, index = 0
    let raw = UnsafeRawBufferPointer(bytes)
    while index + 8 <= bytes.count {
        let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        continuations += (word & ~word << 1 & 0x8080_8080_8080_8080).nonzeroBitCount
        index += 8
    }
    for byte in bytes[index...] where UTF8.isContinuation(byte) { continuations += 1 }
    return bytes.count - continuations
}
