public import Foundation

/// Loads a compiled plugin in a child process, so a plugin that traps or crashes never takes
/// the host down.
public enum PluginVerifier {
    /// What happened when the child loaded the plugin.
    public enum Outcome: Sendable, Equatable, CustomStringConvertible {
        /// Loaded; the child's one-line summary of the plugin.
        case ok(String)
        /// The loader refused the file with a clear error (the child's message).
        case rejected(exitStatus: Int32, message: String)
        /// The child died from a signal while loading.
        case crashed(signal: Int32, detail: String)

        public var description: String {
            switch self {
            case .ok(let summary): "OK: \(summary)"
            case .rejected(let status, let message): "REJECTED (exit \(status)): \(message)"
            case .crashed(let signal, let detail):
                "CRASHED (signal \(signal)) while loading" + (detail.isEmpty ? "" : ": \(detail)")
            }
        }
    }

    /// Runs `executable arguments… PATH` and interprets its exit: the child must load the plugin,
    /// print a one-line summary and exit 0, or print one error line and exit non-zero.
    /// - Parameters:
    ///   - executable: the program that loads the plugin (the host re-runs itself).
    ///   - arguments: the arguments that select its "load this plugin" mode; the path is appended.
    public static func verify(fileAt url: URL, executable: URL, arguments: [String]) -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + [url.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .rejected(exitStatus: -1, message: "cannot start \(executable.path): \(error.localizedDescription)")
        }
        let outText = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lastErrorLine = errText.split(separator: "\n").last.map(String.init) ?? ""
        switch process.terminationReason {
        case .uncaughtSignal:
            return .crashed(signal: process.terminationStatus, detail: crashDetail(errText))
        case .exit where process.terminationStatus == 0:
            return .ok(outText.trimmingCharacters(in: .whitespacesAndNewlines))
        default:
            return .rejected(exitStatus: process.terminationStatus,
                             message: lastErrorLine.replacingOccurrences(of: "Error: ", with: ""))
        }
    }

    /// The Swift runtime's "Fatal error: …" line, if the child printed one.
    private static func crashDetail(_ stderr: String) -> String {
        stderr.split(separator: "\n").first { $0.contains("Fatal error") }.map {
            String($0).trimmingCharacters(in: .whitespaces)
        } ?? ""
    }
}
