import Foundation
import WorkbenchCore

/// Progress of long work on one line of standard error — count, rate and time left — redrawn at
/// most ten times a second and cleared when the work is done or the command ends. Only on a
/// terminal: piped or redirected output, and `--quiet`, stay silent.
final class ProgressLine: @unchecked Sendable {
    /// The process's one progress line.
    static let shared = ProgressLine()

    // Guarded by `lock`: reports may come from any thread.
    private let lock = NSLock()
    private var task = ""
    private var started = Date()
    private var drawn = Date.distantPast
    private var shown = false

    /// The sink for a project, or nil when progress is not to be shown.
    static func sink(quiet: Bool) -> ProgressSink? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return { shared.show($0) }
    }

    func show(_ progress: WorkProgress) {
        lock.withLock {
            let now = Date()
            if progress.task != task {
                task = progress.task
                started = now
            } else if now.timeIntervalSince(drawn) < 0.1 && progress.done != progress.total {
                return
            }
            drawn = now
            if let total = progress.total, progress.done >= total {
                // Finished: the line goes, so what the command prints next starts clean.
                if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                shown = false
                return
            }
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + Self.text(progress, elapsed: now.timeIntervalSince(started))).utf8))
            shown = true
        }
    }

    func clear() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }

    /// "Saving answers: 120,000 of 480,000 answers (25%), 95,000 answers/s, 4 s left".
    static func text(_ progress: WorkProgress, elapsed: TimeInterval) -> String {
        let count = progress.done.formatted()
        guard let total = progress.total, total > 0 else {
            return progress.done == 0 ? "\(progress.task)…" : "\(progress.task): \(count) \(progress.unit)"
        }
        var text = "\(progress.task): \(count) of \(total.formatted()) \(progress.unit) (\(100 * progress.done / total)%)"
        if elapsed > 0.5, progress.done > 0 {
            let rate = Double(progress.done) / elapsed
            text += ", \(Int(rate).formatted()) \(progress.unit)/s"
            if progress.done < total { text += ", \(Int((Double(total - progress.done) / rate).rounded(.up))) s left" }
        }
        return text
    }
}
