extension StringProtocol {
    /// `body` over the text's UTF-8 bytes in one buffer: the text's own storage when it is
    /// contiguous UTF-8 (native strings are), a copy otherwise. For scans that read bytes, not
    /// characters.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        return try Array(utf8).withUnsafeBufferPointer(body)
    }
}
