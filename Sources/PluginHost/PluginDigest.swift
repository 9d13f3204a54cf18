import Crypto
public import Foundation

/// SHA-256 of plugin files, the fingerprint a project trusts.
public enum PluginDigest {
    /// The lower-case hex SHA-256 of the file at `url`, read in chunks.
    /// - Throws: ``PluginError`` `.cannotOpen` when the file cannot be read.
    public static func sha256(fileAt url: URL) throws(PluginError) -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw PluginError(.cannotOpen, "cannot read \(url.path): no such file or not readable")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
        } catch {
            throw PluginError(.cannotOpen, "cannot read \(url.path): \(error.localizedDescription)")
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The lower-case hex SHA-256 of `data`.
    public static func sha256(of data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
