public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writing a file or folder so that it appears whole or not at all: it is built under a hidden
/// name beside the target (`.NAME.partial-PID-UUID`), flushed to disk and renamed into place. A
/// file replaces an existing one in a single `rename(2)`, and a folder is swapped with the old
/// one in a single exchange, so a crash leaves either the old output or the new one. What a
/// killed process leaves behind carries its process id and is swept by ``removeLeftovers(in:)``
/// once that process has ended.
public enum StagedOutput {
    /// Builds the output at a staging location handed to `build`, then moves it to `target`.
    /// On any failure the staging location is removed and `target` is left as it was.
    /// - Throws: ``StagedOutputError`` when the target's folder does not exist or cannot be
    ///   written; otherwise what `build` throws.
    public static func write<T>(to target: URL, _ build: (URL) throws -> T) throws -> T {
        let target = target.standardizedFileURL
        let folder = try writableFolder(of: target)
        removeLeftovers(in: folder)
        let staging = stagingURL(for: target, kind: .partial)
        defer { try? FileManager.default.removeItem(at: staging) }
        let result = try build(staging)
        CrashPoint.reach("output-built")
        try place(staging, at: target)
        return result
    }

    /// Writes `data` to `target` whole or not at all.
    public static func write(_ data: Data, to target: URL) throws {
        try write(to: target) { staging in try data.write(to: staging) }
    }

    /// Writes `bytes` to `target` whole or not at all, without copying them into a `Data` first.
    public static func write(_ bytes: [UInt8], to target: URL) throws {
        try write(to: target) { staging in
            try bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return try Data().write(to: staging) }
                try Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count, deallocator: .none)
                    .write(to: staging)
            }
        }
    }

    /// Writes to `target` whole or not at all the pieces `body` hands to the writer it is given, in
    /// order. The pieces are written on another thread while `body` makes the next ones.
    public static func write(to target: URL, pieces body: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        try write(to: target) { staging in
            guard FileManager.default.createFile(atPath: staging.path, contents: nil) else {
                throw StagedOutputError("cannot write \(target.path): \(String(cString: strerror(errno)))")
            }
            let writer = PieceWriter(try FileHandle(forWritingTo: staging))
            defer { try? writer.handle.close() }
            do {
                try body { try writer.write($0) }
            } catch {
                _ = try? writer.finish()
                throw error
            }
            try writer.finish()
        }
    }

    /// Runs `body` with a scratch folder beside `target` for intermediate files, removed afterwards
    /// (and swept like a staging leftover if the process is killed first).
    public static func withScratch<T>(beside target: URL, _ body: (URL) throws -> T) throws -> T {
        let target = target.standardizedFileURL
        let folder = try writableFolder(of: target)
        removeLeftovers(in: folder)
        let scratch = stagingURL(for: target, kind: .scratch)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try body(scratch)
    }

    /// A hidden name beside `target` that marks work in progress by this process.
    public static func stagingURL(for target: URL, kind: Leftover.Kind) -> URL {
        target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(kind.rawValue)-\(getpid())-\(UUID().uuidString)")
    }

    /// Moves a finished staging file or folder over `target`: flushed first, then one rename (a
    /// file) or one exchange (a folder), then the folder entry flushed.
    public static func place(_ staging: URL, at target: URL) throws {
        flushTree(staging)
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder)
        if exists && isFolder.boolValue {
            try replaceFolder(target, with: staging)
        } else if rename(staging.path, target.path) != 0 {
            throw StagedOutputError("cannot write \(target.path): \(String(cString: strerror(errno)))")
        }
        flush(target.deletingLastPathComponent())
    }

    /// Flushes a file or folder entry to disk.
    public static func flush(_ url: URL) {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// A hidden file or folder left by a process that ended before finishing its work.
    public struct Leftover: Sendable, Hashable {
        /// What the work in progress was.
        public enum Kind: String, Sendable, Hashable {
            /// An output being built.
            case partial
            /// An old folder moved aside while a new one took its place.
            case old
            /// Intermediate files.
            case scratch
        }

        public var url: URL
        /// The name of the output it was for.
        public var target: String
        public var kind: Kind
        /// The process that made it (nil for names from before process ids were recorded).
        public var process: Int32?
    }

    /// The staging entries in `folder` whose process has ended.
    public static func leftovers(in folder: URL) -> [Leftover] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.sorted().compactMap { name in
            guard let leftover = parse(name, in: folder) else { return nil }
            if let process = leftover.process, process == getpid() || isRunning(process) { return nil }
            return leftover
        }
    }

    /// Removes the leftovers of ended processes in `folder`.
    /// - Returns: what was removed.
    @discardableResult
    public static func removeLeftovers(in folder: URL) -> [Leftover] {
        leftovers(in: folder).filter { (try? FileManager.default.removeItem(at: $0.url)) != nil }
    }

    /// Whether a process id belongs to a running process.
    package static func isRunning(_ process: Int32) -> Bool {
        process > 0 && (kill(process, 0) == 0 || errno == EPERM)
    }

    private static func parse(_ name: String, in folder: URL) -> Leftover? {
        guard name.hasPrefix("."), name.count > 38 else { return nil }
        let uuid = name.suffix(36)
        guard UUID(uuidString: String(uuid)) != nil else { return nil }
        let head = name.dropFirst().dropLast(37)
        guard name.dropLast(36).last == "-" else { return nil }
        // Names from earlier versions carry no process id (and transcript imports said "importing").
        if head.hasSuffix(".importing") {
            return Leftover(url: folder.appendingPathComponent(name), target: String(head.dropLast(10)),
                            kind: .partial, process: nil)
        }
        for kind in [Leftover.Kind.partial, .old, .scratch] {
            let marker = ".\(kind.rawValue)"
            if head.hasSuffix(marker) {
                return Leftover(url: folder.appendingPathComponent(name), target: String(head.dropLast(marker.count)),
                                kind: kind, process: nil)
            }
            guard let range = head.range(of: marker + "-", options: .backwards) else { continue }
            guard let process = Int32(head[range.upperBound...]) else { continue }
            return Leftover(url: folder.appendingPathComponent(name), target: String(head[..<range.lowerBound]),
                            kind: kind, process: process)
        }
        return nil
    }

    private static func writableFolder(of target: URL) throws -> URL {
        let folder = target.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            throw StagedOutputError("the folder \(folder.path) does not exist; create it first or choose another place")
        }
        guard isFolder.boolValue else { throw StagedOutputError("\(folder.path) is a file, not a folder") }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw StagedOutputError("the folder \(folder.path) is read-only; choose another place")
        }
        return folder
    }

    private static func replaceFolder(_ target: URL, with staging: URL) throws {
        if exchange(staging, target) {
            CrashPoint.reach("folder-exchanged")
            // `staging` now holds the old folder.
            try? FileManager.default.removeItem(at: staging)
            return
        }
        let old = stagingURL(for: target, kind: .old)
        try FileManager.default.moveItem(at: target, to: old)
        do { try FileManager.default.moveItem(at: staging, to: target) } catch {
            try? FileManager.default.moveItem(at: old, to: target)
            throw StagedOutputError("cannot write \(target.path): \(error.localizedDescription)")
        }
        try? FileManager.default.removeItem(at: old)
    }

    /// Swaps two paths in one step where the system can (Linux `renameat2` with `RENAME_EXCHANGE`).
    private static func exchange(_ first: URL, _ second: URL) -> Bool {
        #if canImport(Glibc)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let exchangeFlag: UInt32 = 2
        return renameat2(AT_FDCWD, first.path, AT_FDCWD, second.path, exchangeFlag) == 0
        #else
        return false
        #endif
    }

    /// Flushes a file, or a folder with everything in it, to disk.
    private static func flushTree(_ url: URL) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return }
        if isFolder.boolValue, let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) {
            for name in names { flushTree(url.appendingPathComponent(name)) }
        }
        flush(url)
    }
}

/// Why an output could not be written, naming the file or folder.
public struct StagedOutputError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Writes pieces to a file on a thread of its own, a few pieces ahead at most; the first error
/// it meets is thrown to the next caller.
private final class PieceWriter: @unchecked Sendable {
    let handle: FileHandle
    private let queue = DispatchQueue(label: "StagedOutput.pieces")
    private let room = DispatchSemaphore(value: 4)
    private let lock = NSLock()
    private var failure: (any Error)?

    init(_ handle: FileHandle) { self.handle = handle }

    private var failed: (any Error)? { lock.withLock { failure } }

    func write(_ piece: [UInt8]) throws {
        if let failed { throw failed }
        room.wait()
        queue.async {
            defer { self.room.signal() }
            guard self.failed == nil else { return }
            do { try self.handle.write(contentsOf: piece) } catch { self.lock.withLock { self.failure = error } }
        }
    }

    /// Waits for every piece to be written.
    func finish() throws {
        queue.sync {}
        if let failed { throw failed }
    }
}
