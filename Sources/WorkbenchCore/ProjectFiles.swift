public import Foundation
import PluginHost
public import ProjectStore
import StagedFiles

/// Originals on their way into `sources/`: each is copied under a hidden staging name and flushed
/// to disk before the change that records it, and renamed into place after that change has
/// committed. A process killed in between leaves staging copies that the next open of the project
/// finishes (the records exist) or removes (they do not).
struct StagedOriginals: ~Copyable {
    private let folder: URL
    private var staged: [(staging: URL, target: URL)] = []

    init(in folder: URL) { self.folder = folder }

    /// Stages a copy of `file` to become `sources/NAME`.
    mutating func add(copyOf file: URL, as name: String) throws(WorkbenchError) {
        let target = folder.appendingPathComponent(name)
        let staging = StagedOutput.stagingURL(for: target, kind: .partial)
        do {
            try FileManager.default.copyItem(at: file, to: staging)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw WorkbenchError("cannot copy \(file.path) into the project: \(error.localizedDescription)")
        }
        staged.append((staging, target))
    }

    /// Moves every staged copy into place; call once the change recording them has committed.
    consuming func commit() throws(WorkbenchError) {
        let staged = self.staged
        self.staged = []
        CrashPoint.reach("originals-recorded")
        for (staging, target) in staged {
            CrashPoint.reach("original-placing")
            do { try StagedOutput.place(staging, at: target) } catch {
                throw WorkbenchError("\(error)")
            }
        }
    }

    deinit {
        for (staging, _) in staged { try? FileManager.default.removeItem(at: staging) }
    }
}

/// What `check` found in a project, and what it repaired.
public struct ProjectCheck: Codable, Sendable, Hashable {
    /// One finding.
    public struct Finding: Codable, Sendable, Hashable {
        /// What kind of finding it is.
        public enum Kind: String, Codable, Sendable, Hashable {
            /// A record keeps a file that is not in the folder.
            case missingOriginal
            /// A kept file's content differs from the fingerprint recorded at import.
            case changedOriginal
            /// A file in `sources/` no record or history entry uses (left in place).
            case unusedFile
            /// A hidden file or folder left by a process that was killed.
            case leftover
            /// The database's own checks failed.
            case database
        }

        public var kind: Kind
        /// The file, relative to the project folder when inside it.
        public var path: String?
        /// The finding in words.
        public var detail: String
        /// Whether this run repaired it.
        public var repaired: Bool
    }

    public var findings: [Finding]

    /// No problem is left: only unused files (which are kept) and what was repaired.
    public var isClean: Bool { findings.allSatisfy { $0.repaired || $0.kind == .unusedFile } }
}

extension WorkbenchProject {
    /// Finishes or rolls back what killed processes left in the project folder: a staged original
    /// whose record exists is moved into place, every other leftover is removed. Runs on every open.
    /// - Returns: what was done, one finding per file.
    @discardableResult
    func finishInterruptedWork() -> [ProjectCheck.Finding] {
        guard !store.isReadOnly else { return [] }
        var done: [ProjectCheck.Finding] = []
        let sources = StagedOutput.leftovers(in: store.sourcesFolder)
        if !sources.isEmpty, let kept = try? store.keptFiles() {
            for leftover in sources where leftover.kind == .partial {
                let stored = "sources/" + leftover.target
                let target = store.sourcesFolder.appendingPathComponent(leftover.target)
                guard let recorded = kept[stored], !FileManager.default.fileExists(atPath: target.path),
                      recorded == nil || (try? PluginDigest.sha256(fileAt: leftover.url)) == recorded,
                      (try? StagedOutput.place(leftover.url, at: target)) != nil else { continue }
                done.append(.init(kind: .missingOriginal, path: stored,
                                  detail: "an import was interrupted after it was saved; its original was put in place",
                                  repaired: true))
            }
        }
        var folders = stagingFolders
        if done.isEmpty && sources.isEmpty { folders.removeAll { $0 == store.sourcesFolder } }
        for folder in folders {
            for leftover in StagedOutput.removeLeftovers(in: folder) {
                done.append(.init(kind: .leftover, path: store.storedPath(for: leftover.url),
                                  detail: "left by an interrupted \(leftover.kind == .scratch ? "job" : "write"); removed",
                                  repaired: true))
            }
        }
        return done
    }

    /// Where the project's own writes stage their work: the folder holding the project (a new
    /// project is built beside it), the project folder and its subfolders.
    private var stagingFolders: [URL] {
        [store.folder.deletingLastPathComponent(), store.folder, store.sourcesFolder, store.pluginsFolder,
         store.exportsFolder]
    }

    /// Checks the project: every kept original present and unchanged, no leftovers from killed
    /// processes, and the database's integrity and foreign-key checks.
    /// - Parameter repair: finish interrupted imports and remove leftovers. Missing or changed
    ///   originals cannot be rebuilt and unused files are never deleted; they are reported.
    public func check(repair: Bool) throws -> ProjectCheck {
        var findings = repair ? finishInterruptedWork() : []
        for folder in stagingFolders {
            for leftover in StagedOutput.leftovers(in: folder) {
                findings.append(.init(kind: .leftover, path: store.storedPath(for: leftover.url),
                                      detail: "left by an interrupted \(leftover.kind == .scratch ? "job" : "write")",
                                      repaired: false))
            }
        }
        let kept = try store.keptFiles()
        var changed: [(stored: String, actual: String, recorded: String)] = []
        for (stored, recorded) in kept.sorted(by: { $0.key < $1.key }) {
            let url = store.folder.appendingPathComponent(stored)
            guard FileManager.default.fileExists(atPath: url.path) else {
                findings.append(.init(kind: .missingOriginal, path: stored,
                                      detail: "the project's records keep this file but it is not in the folder; "
                                        + "copy the original back to \(stored)", repaired: false))
                continue
            }
            if let recorded, let actual = try? PluginDigest.sha256(fileAt: url), actual != recorded {
                changed.append((stored, actual, recorded))
            }
        }
        if !changed.isEmpty {
            // Sources read from a REFI-QDA project record their text's fingerprint rather than the file's.
            let texts = Set(try store.sources().map { PluginDigest.sha256(of: Data($0.text.utf8)) })
            for (stored, actual, recorded) in changed where !texts.contains(recorded) {
                findings.append(.init(kind: .changedOriginal, path: stored,
                                      detail: "its content changed since it was imported (SHA-256 \(actual.prefix(12))…, "
                                        + "recorded \(recorded.prefix(12))…)", repaired: false))
            }
        }
        let history = try store.filesInHistory()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: store.sourcesFolder.path)) ?? []
        for name in names.sorted() where !name.hasPrefix(".") {
            let stored = "sources/" + name
            guard kept[stored] == nil else { continue }
            findings.append(.init(kind: .unusedFile, path: stored,
                                  detail: history.contains(stored)
                                    ? "kept for an undone change that redo can bring back"
                                    : "no record uses it; left in place (delete it yourself if it is not needed)",
                                  repaired: false))
        }
        for problem in try store.databaseProblems() {
            findings.append(.init(kind: .database, path: ProjectStore.databaseFileName, detail: problem, repaired: false))
        }
        return ProjectCheck(findings: findings)
    }
}
