import Foundation

/// Named moments at which a test can have the process killed (`kill -9` on itself), to prove that
/// every such moment leaves a project complete or unchanged. Set `WORKBENCH_CRASH_AT=NAME` (or
/// `NAME#N` for the Nth time the moment is reached); unset, reaching a point costs one comparison.
package enum CrashPoint {
    private static let wanted: (name: String, count: Int)? = {
        guard let value = ProcessInfo.processInfo.environment["WORKBENCH_CRASH_AT"], !value.isEmpty else { return nil }
        let parts = value.split(separator: "#", maxSplits: 1).map(String.init)
        return (parts[0], parts.count == 2 ? Int(parts[1]) ?? 1 : 1)
    }()

    private static let lock = NSLock()
    // Guarded by `lock`.
    nonisolated(unsafe) private static var reached = 0

    /// Kills the process when `name` is the moment asked for.
    package static func reach(_ name: String) {
        guard let wanted, wanted.name == name else { return }
        let count = lock.withLock {
            reached += 1
            return reached
        }
        if count == wanted.count { kill(getpid(), SIGKILL) }
    }
}
