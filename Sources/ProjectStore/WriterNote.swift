import Foundation
import StagedFiles

/// A small file beside the database naming the process that is changing the project, so a writer
/// that waited in vain can say who holds the project. Written once the write lock is held and
/// removed after the commit; a note whose process has ended means nothing.
struct WriterNote: Sendable {
    static let fileName = ".workbench-writer"

    var process: Int32
    var since: Date
    var summary: String
    var command: String

    static func claim(in folder: URL, summary: String) {
        let arguments = ProcessInfo.processInfo.arguments
        let command = ([URL(fileURLWithPath: arguments.first ?? "workbench").lastPathComponent]
                       + arguments.dropFirst().prefix(2)).joined(separator: " ")
        let text = "\(getpid())\n\(Date().timeIntervalSince1970)\n\(summary)\n\(command)\n"
        try? Data(text.utf8).write(to: folder.appendingPathComponent(fileName))
    }

    static func release(in folder: URL) {
        let url = folder.appendingPathComponent(fileName)
        guard let note = read(url), note.process == getpid() else { return }
        try? FileManager.default.removeItem(at: url)
    }

    /// The note of a process that is still running, if any.
    static func current(in folder: URL) -> WriterNote? {
        guard let note = read(folder.appendingPathComponent(fileName)), StagedOutput.isRunning(note.process) else {
            return nil
        }
        return note
    }

    private static func read(_ url: URL) -> WriterNote? {
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 4, let process = Int32(lines[0]), let since = Double(lines[1]) else { return nil }
        return WriterNote(process: process, since: Date(timeIntervalSince1970: since), summary: lines[2],
                          command: lines[3])
    }

    /// One line for a writer that gave up waiting.
    var sentence: String {
        let time = since.formatted(date: .omitted, time: .standard)
        return "'\(command)', process \(process), since \(time): \(summary)"
    }
}

