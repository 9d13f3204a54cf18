public import Foundation

/// Writing a file or folder so that it appears whole or not at all: it is built under a hidden
/// name beside the target (`.NAME.partial-UUID`) and renamed into place. A file replaces an
/// existing one in a single rename, so a crash leaves either the old file or the new one.
public enum StagedOutput {
    /// Builds the output at a staging location handed to `build`, then moves it to `target`.
    /// On any failure the staging location is removed and `target` is left as it was.
    /// - Throws: ``StagedOutputError`` when the target's folder does not exist or cannot be
    ///   written; otherwise what `build` throws.
    public static func write<T>(to target: URL, _ build: (URL) throws -> T) throws -> T {
        let target = target.standardizedFileURL
        let folder = target.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            throw StagedOutputError("the folder \(folder.path) does not exist; create it first or choose another place")
        }
        guard isFolder.boolValue else { throw StagedOutputError("\(folder.path) is a file, not a folder") }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw StagedOutputError("the folder \(folder.path) is read-only; choose another place")
        }
        let staging = folder.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        let result = try build(staging)
        try place(staging, at: target)
        return result
    }

    /// Writes `data` to `target` whole or not at all.
    public static func write(_ data: Data, to target: URL) throws {
        try write(to: target) { staging in try data.write(to: staging) }
    }

    private static func place(_ staging: URL, at target: URL) throws {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder)
        if exists && isFolder.boolValue {
            // A folder cannot be replaced by one rename: the old one is moved aside first.
            let old = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(UUID())")
            try FileManager.default.moveItem(at: target, to: old)
            do { try FileManager.default.moveItem(at: staging, to: target) } catch {
                try? FileManager.default.moveItem(at: old, to: target)
                throw StagedOutputError("cannot write \(target.path): \(error.localizedDescription)")
            }
            try? FileManager.default.removeItem(at: old)
            return
        }
        guard rename(staging.path, target.path) == 0 else {
            throw StagedOutputError("cannot write \(target.path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Why an output could not be written, naming the file or folder.
public struct StagedOutputError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
