import CDeflate
import Foundation

/// Writes a ZIP archive entry by entry, each deflated with zlib at a chosen level. ZIPFoundation
/// (which reads our packages) always deflates at zlib's default level on one thread; a REFI-QDA
/// export deflates tens of megabytes of text, so the texts are deflated ahead, on another core, at
/// a faster level, and written here as they are. No ZIP64: an archive over 4 GiB or 65,535 entries
/// is refused with an error.
struct ZipWriter: ~Copyable {
    /// zlib level 3: about three times the default level's speed on transcripts, 10% larger.
    static let level: Int32 = 3

    /// An entry's deflated bytes with what its headers record.
    struct Deflated: Sendable {
        var bytes: Data
        var crc: UInt32
        var size: Int
    }

    private struct Written {
        var name: [UInt8]
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var offset: Int
    }

    private let handle: FileHandle
    private let url: URL
    private let time: (time: UInt16, date: UInt16)
    private var entries: [Written] = []
    private var offset = 0

    /// Starts an archive at `url` (which must not exist); every entry gets `date` (as UTC).
    init(creating url: URL, date: Date) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = FileHandle(forWritingAtPath: url.path)
        else { throw RefiError("\(url.path): cannot create the archive") }
        self.handle = handle
        self.url = url
        time = Self.dosTime(date)
    }

    deinit { try? handle.close() }

    /// `data` deflated, with its CRC-32.
    static func deflate(_ data: Data) throws -> Deflated {
        var output = Data()
        var crc: UInt32 = 0
        try deflate(chunks: { body in try body(data) }, crc: &crc) { output.append($0) }
        return Deflated(bytes: output, crc: crc, size: data.count)
    }

    /// A file deflated, read a megabyte at a time, with its CRC-32.
    static func deflate(file: URL) throws -> Deflated {
        let reader = try FileHandle(forReadingFrom: file)
        defer { try? reader.close() }
        var output = Data(), crc: UInt32 = 0, size = 0
        try deflate(chunks: { body in
            while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty {
                size += chunk.count
                try body(chunk)
            }
        }, crc: &crc) { output.append($0) }
        return Deflated(bytes: output, crc: crc, size: size)
    }

    /// Adds an entry deflated ahead of time.
    mutating func add(_ name: String, _ deflated: Deflated) throws {
        let start = offset
        try Self.check(size: deflated.size, compressedSize: deflated.bytes.count, offset: start)
        try write(localHeader(name, crc: deflated.crc, compressedSize: deflated.bytes.count, size: deflated.size))
        try write(deflated.bytes)
        entries.append(Written(name: Array(name.utf8), crc: deflated.crc, compressedSize: deflated.bytes.count,
                               size: deflated.size, offset: start))
    }

    /// Adds a file, deflated first (originals are small next to the texts).
    mutating func add(_ name: String, file: URL) throws { try add(name, try Self.deflate(file: file)) }

    /// Writes the central directory and closes the archive.
    consuming func finish() throws {
        guard entries.count < 0xFFFF else { throw RefiError("\(url.path): over 65,534 files, too many for one package") }
        let directoryStart = offset
        var directory = Data()
        for entry in entries {
            Self.append(&directory, UInt32(0x0201_4B50))
            Self.append(&directory, UInt16(0x031E), UInt16(20), UInt16(0x0800), UInt16(8), time.time, time.date)
            Self.append(&directory, entry.crc, UInt32(entry.compressedSize), UInt32(entry.size))
            Self.append(&directory, UInt16(entry.name.count), UInt16(0), UInt16(0), UInt16(0), UInt16(0))
            // Unix mode 0644 for a regular file, in the high half of the external attributes.
            Self.append(&directory, UInt32(0o100644) << 16, UInt32(entry.offset))
            directory.append(contentsOf: entry.name)
        }
        try write(directory)
        try Self.check(size: 0, compressedSize: 0, offset: offset)
        var end = Data()
        Self.append(&end, UInt32(0x0605_4B50))
        Self.append(&end, UInt16(0), UInt16(0), UInt16(entries.count), UInt16(entries.count))
        Self.append(&end, UInt32(directory.count), UInt32(directoryStart))
        Self.append(&end, UInt16(0))
        try write(end)
        try handle.synchronize()
    }

    private func localHeader(_ name: String, crc: UInt32, compressedSize: Int, size: Int) -> Data {
        var header = Data()
        Self.append(&header, UInt32(0x0403_4B50))
        // Version 2.0, UTF-8 names, deflate.
        Self.append(&header, UInt16(20), UInt16(0x0800), UInt16(8), time.time, time.date)
        Self.append(&header, crc, UInt32(compressedSize), UInt32(size))
        Self.append(&header, UInt16(name.utf8.count), UInt16(0))
        header.append(contentsOf: Array(name.utf8))
        return header
    }

    private mutating func write(_ data: Data) throws {
        try handle.write(contentsOf: data)
        offset += data.count
    }

    private static func check(size: Int, compressedSize: Int, offset: Int) throws {
        guard size < 0xFFFF_FFFF, compressedSize < 0xFFFF_FFFF, offset < 0xFFFF_FFFF else {
            throw RefiError("the package would be over 4 GiB, more than a ZIP without ZIP64 holds")
        }
    }

    /// Deflates what `chunks` gives to its body, passing the output to `output` as it comes.
    private static func deflate(chunks: ((Data) throws -> Void) throws -> Void, crc: inout UInt32,
                                output: (Data) throws -> Void) throws {
        var stream = z_stream()
        guard workbench_deflate_init(&stream, level) == Z_OK else { throw RefiError("zlib could not start deflating") }
        defer { deflateEnd(&stream) }
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        var checksum = uLong(0)
        func run(_ input: Data, _ flush: Int32) throws {
            try input.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                stream.next_in = UnsafeMutablePointer(mutating: raw.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(raw.count)
                if let base = raw.bindMemory(to: Bytef.self).baseAddress, raw.count > 0 {
                    checksum = crc32(checksum, base, uInt(raw.count))
                }
                repeat {
                    let status = buffer.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = uInt(out.count)
                        return CDeflate.deflate(&stream, flush)
                    }
                    guard status != Z_STREAM_ERROR else { throw RefiError("zlib failed while deflating") }
                    let produced = buffer.count - Int(stream.avail_out)
                    if produced > 0 { try output(Data(buffer[..<produced])) }
                    if flush == Z_FINISH ? status == Z_STREAM_END : stream.avail_out != 0 { break }
                } while true
            }
        }
        try withoutActuallyEscaping(run) { run in
            try chunks { chunk in try run(chunk, Z_NO_FLUSH) }
            try run(Data(), Z_FINISH)
        }
        crc = UInt32(checksum)
    }

    /// MS-DOS time and date fields (two-second resolution, years 1980–2107) in UTC.
    private static func dosTime(_ date: Date) -> (time: UInt16, date: UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard let year = parts.year, year >= 1980 else { return (0, 1 << 5 | 1) }
        let time = (parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2
        let day = min(year - 1980, 127) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1)
        return (UInt16(time), UInt16(day))
    }

    private static func append<Value: FixedWidthInteger>(_ data: inout Data, _ values: Value...) {
        for value in values {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
    }
}
