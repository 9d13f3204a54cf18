public import Foundation
import XMLKit
import ZIPFoundation

/// Reads REFI-QDA projects: strict when it validates, lenient when it reads. The `.qde` is
/// validated against the official `Project.xsd` while it is streamed; every problem is reported,
/// and every deviation the reader tolerates (vendor quirks) becomes a warning line rather than a
/// failure. Malformed XML, a DOCTYPE (XXE), a damaged archive or a zip bomb are refused.
public enum RefiReader {
    /// What was read.
    public struct Result: Sendable {
        public var project: RefiProject
        /// One line per tolerated deviation or dropped element.
        public var warnings: [String]
        /// Files of the package's `sources/` folder by their name there (extracted into the
        /// scratch folder the caller gave).
        public var files: [String: URL]
        /// The scratch folder holding `files`.
        public var folder: URL
    }

    /// The largest `project.qde` read, uncompressed.
    public static let maxProjectBytes = 1 << 30
    /// The largest single source file read, uncompressed (the standard's limit is 2³¹−1).
    public static let maxSourceBytes = 256 << 20
    /// The largest total of all files read from one package.
    public static let maxTotalBytes = 4 << 30
    /// A larger expansion than this from compressed to uncompressed size is refused as a zip bomb.
    public static let maxCompressionRatio = 200

    /// Reads a `.qdpx` package, or a bare `.qde` whose sources lie in a `sources/` folder beside it.
    /// - Parameter folder: an existing scratch folder the caller removes, for extracted files.
    public static func read(_ url: URL, scratch folder: URL) throws -> Result {
        do {
            var warnings: [String] = []
            var package: Package
            if url.pathExtension.lowercased() == "qde" {
                package = try Package(qde: url, warnings: &warnings)
            } else {
                package = try Package(qdpx: url, folder: folder, warnings: &warnings)
            }
            let (project, texts, paths) = try parse(package.qde, label: package.qdeLabel, warnings: &warnings)
            // Plain texts are read into memory; every other file (originals, media) goes to disk.
            let plain = Set(paths.values.map { internalName($0).name.lowercased() })
            var files: [String: URL] = [:]
            for name in package.names where !plain.contains(name.lowercased()) {
                files[name] = try package.file(name, in: folder)
            }
            var resolved = try resolveTexts(project, inline: texts, paths: paths, package: package, files: files,
                                            warnings: &warnings)
            // A note's text may be in a file of its own, like a source's.
            for index in resolved.notes.indices where resolved.notes[index].text.isEmpty {
                let note = resolved.notes[index]
                guard let path = paths[note.guid] else { continue }
                if let data = try package.data(internalName(path).name) {
                    // The file's last line break ends the file, not the note.
                    var text = TextRepresentation(String(decoding: data, as: UTF8.self)).text
                    while text.hasSuffix("\n") { text.removeLast() }
                    resolved.notes[index].text = text
                } else {
                    warnings.append("note '\(note.name ?? note.guid)': its text file '\(path)' is not in the package; "
                                    + "imported without text")
                }
            }
            return Result(project: resolved, warnings: warnings, files: files, folder: folder)
        }
    }

    // MARK: - The package

    /// A `.qdpx` archive, or a `.qde` with a `sources/` folder beside it: the project file and the
    /// files of the flat sources folder, read on demand within the size limits.
    private struct Package {
        /// The package as given: a `.qdpx`, or the `.qde` itself.
        let url: URL
        var label: String { url.path }
        let qde: URL
        /// How errors name the project file: its path, or the package's path and its name inside.
        let qdeLabel: String
        private var archive: Archive?
        private var entries: [String: Entry] = [:]
        private var onDisk: [String: URL] = [:]
        /// What has been extracted from the package so far, by every reader.
        private let total = ExtractedBytes()

        var names: [String] { archive == nil ? Array(onDisk.keys) : Array(entries.keys) }

        init(qde url: URL, warnings: inout [String]) throws {
            self.url = url
            qde = url
            qdeLabel = url.path
            archive = nil
            let beside = url.deletingLastPathComponent()
            for name in ["sources", "Sources"] {
                let sources = beside.appendingPathComponent(name)
                guard let list = try? FileManager.default.contentsOfDirectory(atPath: sources.path) else { continue }
                if name == "Sources" {
                    warnings.append("\(url.path): the sources folder is named 'Sources' (the standard says 'sources')")
                }
                for file in list { onDisk[file] = sources.appendingPathComponent(file) }
            }
        }

        init(qdpx url: URL, folder: URL, warnings: inout [String]) throws {
            let path = url.path
            self.url = url
            guard FileManager.default.fileExists(atPath: path) else { throw RefiError("\(path): no such file") }
            let archive: Archive
            do {
                archive = try Archive(url: url, accessMode: .read)
            } catch {
                throw RefiError("\(path): not a .qdpx package (it is not a zip archive, or it is truncated)")
            }
            self.archive = archive
            let all = Array(archive)
            let projects = all.filter { $0.type == .file && !$0.path.contains("/") && $0.path.lowercased().hasSuffix(".qde") }
            guard let project = projects.first else {
                throw RefiError("\(path): not a .qdpx package (no .qde project file at the top of the archive)")
            }
            guard projects.count == 1 else {
                throw RefiError("\(path): the archive holds \(projects.count) .qde files ("
                                + projects.map(\.path).joined(separator: ", ") + "); a .qdpx holds exactly one")
            }
            if project.path != "project.qde" {
                warnings.append("\(path): the project file is named '\(project.path)' (the standard says 'project.qde')")
            }
            qde = folder.appendingPathComponent("project.qde")
            qdeLabel = "\(path)/\(project.path)"
            var warnedCase = false
            for entry in all where entry.type == .file && entry.path != project.path {
                let parts = entry.path.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count == 2, parts[0].lowercased() == "sources", !parts[1].isEmpty else {
                    warnings.append("\(path): ignored '\(entry.path)' (not in the archive's flat sources/ folder)")
                    continue
                }
                if parts[0] != "sources" && !warnedCase {
                    warnings.append("\(path): the sources folder is named '\(parts[0])' (the standard says 'sources')")
                    warnedCase = true
                }
                if entry.uncompressedSize == 0 && parts[1].hasPrefix(".") {
                    warnings.append("\(path): ignored the empty file '\(entry.path)'")
                    continue
                }
                entries[String(parts[1])] = entry
            }
            FileManager.default.createFile(atPath: qde.path, contents: nil)
            let handle = try FileHandle(forWritingTo: qde)
            defer { try? handle.close() }
            try RefiReader.extract(project, from: archive, limit: maxProjectBytes, total: total, package: path) {
                try handle.write(contentsOf: $0)
            }
        }

        /// The same package read through its own handle on the archive, for another thread.
        func reopened() throws -> Package {
            guard archive != nil else { return self }
            var copy = self
            do {
                let reopened: Archive = try Archive(url: url, accessMode: .read)
                copy.archive = reopened
            } catch {
                throw RefiError("\(label): cannot be opened again to read its texts (\(error))")
            }
            return copy
        }

        /// The bytes of a file of the sources folder (matched without regard to case), or nil.
        func data(_ name: String) throws -> Data? {
            if let archive {
                guard let entry = entries[name] ?? entries.first(where: { $0.key.lowercased() == name.lowercased() })?.value
                else { return nil }
                var data = Data(capacity: Int(clamping: min(entry.uncompressedSize, 16 << 20)))
                try RefiReader.extract(entry, from: archive, limit: maxSourceBytes, total: total, package: label) {
                    data.append($0)
                }
                return data
            }
            guard let url = onDisk[name] ?? onDisk.first(where: { $0.key.lowercased() == name.lowercased() })?.value
            else { return nil }
            return try Data(contentsOf: url)
        }

        /// A file of the sources folder on disk (extracted into `folder` from an archive).
        func file(_ name: String, in folder: URL) throws -> URL {
            guard let archive, let entry = entries[name] else { return onDisk[name]! }
            let target = folder.appendingPathComponent("file-\(UUID().uuidString)-" + name)
            FileManager.default.createFile(atPath: target.path, contents: nil)
            let handle = try FileHandle(forWritingTo: target)
            defer { try? handle.close() }
            try RefiReader.extract(entry, from: archive, limit: maxSourceBytes, total: total, package: label) {
                try handle.write(contentsOf: $0)
            }
            return target
        }
    }

    /// Extracts an entry, counting what really comes out (declared sizes cannot be trusted).
    private static func extract(_ entry: Entry, from archive: Archive, limit: Int, total: ExtractedBytes, package: String,
                                into consume: (Data) throws -> Void) throws {
        let declared = Int(clamping: entry.uncompressedSize)
        let compressed = max(Int(clamping: entry.compressedSize), 1)
        func refuse(_ size: Int, pastTotal: Bool) -> RefiError {
            let file = "\(package): '\(entry.path)'"
            if size > limit {
                return RefiError("\(file) is \(sizeText(size)) uncompressed, over the limit of \(sizeText(limit)) for one file")
            }
            if pastTotal {
                return RefiError("\(file) takes the package past \(sizeText(maxTotalBytes)) uncompressed, the limit for "
                                 + "one package")
            }
            return RefiError("\(file) expands \(size / compressed) times (\(sizeText(compressed)) to \(sizeText(size))), "
                             + "over the limit of \(maxCompressionRatio) times; refused as a possible zip bomb")
        }
        let pastTotal = total.count + declared > maxTotalBytes
        guard declared <= limit, declared / compressed <= maxCompressionRatio, !pastTotal else {
            throw refuse(declared, pastTotal: pastTotal)
        }
        var written = 0
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 18, skipCRC32: false) { chunk in
                written += chunk.count
                guard written <= limit, written / compressed <= maxCompressionRatio else {
                    throw refuse(written, pastTotal: false)
                }
                guard total.add(chunk.count, upTo: maxTotalBytes) else { throw refuse(written, pastTotal: true) }
                try consume(chunk)
            }
        } catch let error as RefiError {
            throw error
        } catch {
            throw RefiError("\(package): '\(entry.path)' is damaged (\(error))")
        }
    }

    /// Reads a `.qdc` codebook: its codes (and code sets) as a project with no sources.
    /// - Returns: the codebook and a line per tolerated deviation.
    public static func readCodebook(_ url: URL) throws -> (codebook: RefiProject, warnings: [String]) {
        var warnings: [String] = []
        let (codebook, _, _) = try parse(url, schema: try RefiSchemas.codebook(), label: url.path,
                                         namespace: RefiWriter.codebookNamespace, warnings: &warnings)
        guard !codebook.codes.isEmpty else { throw RefiError("\(url.path): the codebook has no codes") }
        if !codebook.sets.isEmpty {
            warnings.append("\(url.path): \(codebook.sets.count) code set(s) not kept (a coding framework groups "
                            + "themes by nesting): " + codebook.sets.map(\.name).joined(separator: ", "))
        }
        return (codebook, warnings + colourWarnings(codebook.allCodes.map(\.code), label: url.path))
    }

    /// Lines for colours that are not `#RGB` or `#RRGGBB` (they are dropped).
    public static func colourWarnings(_ codes: [RefiProject.Code], label: String) -> [String] {
        codes.compactMap { code in
            guard let color = code.color, !isColour(color) else { return nil }
            return "\(label): code '\(code.name)' has the colour '\(color)', which is not #RGB or #RRGGBB; dropped"
        }
    }

    public static func isColour(_ text: String) -> Bool { text.wholeMatch(of: /#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})/) != nil }

    // MARK: - project.qde

    /// Streams the `.qde`, validating it against `Project.xsd` on the way.
    private static func parse(_ qde: URL, label: String, warnings: inout [String]) throws
        -> (RefiProject, inline: [String: String], paths: [String: String]) {
        try parse(qde, schema: try RefiSchemas.project(), label: label, namespace: RefiWriter.projectNamespace,
                  warnings: &warnings)
    }

    private static func parse(_ file: URL, schema: XMLSchema, label: String, namespace expected: String,
                              warnings: inout [String]) throws
        -> (RefiProject, inline: [String: String], paths: [String: String]) {
        // Validation and reading run side by side (two streams over the file): strict validation
        // is reported, lenient reading builds the project.
        let limits = XMLLimits(maxBytes: maxProjectBytes)
        let validation = ValidationOutcome()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            do {
                try XMLStreamReader(contentsOf: file, limits: limits, schema: schema).read { _ in
                    if validation.isStopped { throw CancellationError() }
                }
            } catch let error as XMLError {
                validation.set(error.issues.filter { !$0.message.contains("is not valid against") })
            } catch {
                validation.set([])
            }
        }
        defer { group.wait() }
        var builder = ProjectBuilder()
        do {
            try XMLStreamReader(contentsOf: file, limits: limits).read { node in
                // Refused at the root element, not after reading a large file to its end.
                if node.kind == .element && node.depth == 0 && !node.isNamed("Project") && !node.isNamed("CodeBook") {
                    throw RefiError("\(label):\(node.line): not a REFI-QDA document: the root element is "
                                    + "<\(node.localName)>, not <Project> or <CodeBook>")
                }
                try builder.take(node)
            }
        } catch {
            validation.stop()
            guard let error = error as? XMLError else { throw error }
            throw RefiError(error.issues.first.map { "\($0.line > 0 ? "\(label):\($0.line)" : label): \($0.message)" }
                            ?? "\(label): \(error)")
        }
        group.wait()
        let issues = validation.issues
        if !issues.isEmpty {
            warnings.append("\(label) does not validate against \(schema.url.lastPathComponent) (\(issues.count) issue"
                            + (issues.count == 1 ? "" : "s") + "); read leniently. First: line \(issues[0].line): "
                            + issues[0].message)
        }
        guard builder.finished, var project = builder.project else {
            throw RefiError("\(label): not a REFI-QDA document (no <Project> or <CodeBook> element)")
        }
        warnings += builder.warnings.map { "\(label): \($0)" }
        if let namespace = builder.namespace, namespace != expected {
            warnings.append("\(label) uses the namespace '\(namespace)'; read as \(expected)")
        }
        if let location = builder.schemaLocation, let named = location.split(separator: " ").first,
           named.hasPrefix("urn:QDA-XML:"), named != expected {
            warnings.append("\(label): xsi:schemaLocation names '\(named)', an older version; read as \(expected)")
        }
        project.sources = builder.sources
        return (project, builder.inlineTexts, builder.plainTextPaths)
    }

    // MARK: - Source texts

    /// Reads every source's text (inline, or from its file in the package), normalises it and moves
    /// its selections to match. Sources are independent: each core reads a share of them through
    /// its own handle on the package; the warnings come out in the sources' order.
    private static func resolveTexts(_ project: RefiProject, inline: [String: String], paths: [String: String],
                                     package: Package, files: [String: URL], warnings: inout [String]) throws
        -> RefiProject {
        var project = project
        let atlas = project.origin?.localizedCaseInsensitiveContains("ATLAS.ti") ?? false
        let qualCoder = project.origin?.localizedCaseInsensitiveContains("QualCoder") ?? false
        let sources = project.sources
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, sources.count))
        let slots = ResolvedSlots(sources.count)
        // Only the first worker reads through `package`'s archive; the others read through their own.
        nonisolated(unsafe) let package = package
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let reader = Swift.Result { try worker == 0 ? package : package.reopened() }
            for index in stride(from: worker, to: sources.count, by: workers) {
                slots.set(index, Swift.Result {
                    try resolve(sources[index], inline: inline, paths: paths, package: reader.get(), files: files,
                                atlas: atlas, qualCoder: qualCoder)
                })
            }
        }
        for (index, slot) in slots.results.enumerated() {
            let (source, lines) = try slot!.get()
            project.sources[index] = source
            warnings += lines
        }
        return project
    }

    /// One source with its text read and normalised, and the warnings that took.
    private static func resolve(_ source: RefiProject.TextSource, inline: [String: String], paths: [String: String],
                                package: Package, files: [String: URL], atlas: Bool, qualCoder: Bool) throws
        -> (RefiProject.TextSource, [String]) {
        var source = source
        var warnings: [String] = []
        let label = "source '\(source.name ?? source.guid)'"
        var raw: String?
        if let text = inline[source.guid] {
            raw = text
        } else if let path = paths[source.guid] {
            let (name, note) = internalName(path)
            if source.name?.isEmpty != false { source.name = name }
            if let note { warnings.append("\(label): \(note)") }
            if let data = try package.data(name) {
                if let text = String(validating: data, as: UTF8.self) {
                    raw = text
                } else {
                    warnings.append("\(label): its text file is not valid UTF-8; invalid bytes were replaced")
                    raw = String(decoding: data, as: UTF8.self)
                }
            } else {
                warnings.append("\(label): its text file '\(path)' is not in the package; imported without text, "
                                + "selections kept as recorded")
            }
        } else {
            warnings.append("\(label): has neither PlainTextContent nor a plainTextPath; imported without text")
        }
        source.richFile = source.richFile.map { internalName($0).name }.flatMap { files[$0] == nil ? nil : $0 }
        guard let raw else { return (source, warnings) }
        if qualCoder, raw.unicodeScalars.first == "\u{FEFF}", Self.bomIsNotCounted(raw, source.selections) {
            // QualCoder writes its text files with a byte-order mark its positions do not count.
            for index in source.selections.indices {
                source.selections[index].start += 1
                source.selections[index].end += 1
            }
            warnings.append("\(label): QualCoder positions do not count the text file's byte-order mark; read so")
        }
        var representation = TextRepresentation(raw)
        if atlas && raw.utf8.contains(13) {
            // ATLAS.ti counts a line break as one character while its .txt holds CRLF.
            representation = TextRepresentation(raw.replacingOccurrences(of: "\r\n", with: "\n"))
            warnings.append("\(label): ATLAS.ti positions count CRLF as one character; read against LF text")
        }
        if !representation.changes.isEmpty {
            warnings.append("\(label): normalised " + representation.changes.joined(separator: ", ")
                            + "; selection offsets re-mapped to match")
        }
        source.text = representation.text
        var kept: [RefiProject.Selection] = []
        kept.reserveCapacity(source.selections.count)
        for var selection in source.selections {
            guard let moved = representation.move(start: selection.start, end: selection.end) else {
                warnings.append("\(label): selection \(selection.guid) [\(selection.start), \(selection.end)) "
                                + "lies outside the text; dropped")
                continue
            }
            if moved.widened {
                warnings.append("\(label): selection \(selection.guid) began or ended inside a character; "
                                + "widened to whole characters")
            }
            selection.start = moved.start
            selection.end = moved.end
            kept.append(selection)
        }
        source.selections = kept
        return (source, warnings)
    }

    /// More of the selections that carry their text as their name (as QualCoder writes them) match
    /// it when positions are counted after the byte-order mark than from the start of the file.
    static func bomIsNotCounted(_ raw: String, _ selections: [RefiProject.Selection]) -> Bool {
        let scalars = Array(raw.unicodeScalars)
        func matches(shift: Int) -> Int {
            selections.filter { selection in
                guard let name = selection.name, !name.isEmpty else { return false }
                let start = selection.start + shift, end = selection.end + shift
                guard start >= 0, end <= scalars.count, start < end else { return false }
                return String(String.UnicodeScalarView(scalars[start..<end])) == name
            }.count
        }
        return matches(shift: 1) > matches(shift: 0)
    }

    /// The file name inside `sources/` that a path such as `internal://GUID.txt` names, and a
    /// note when the path does not follow the standard.
    static func internalName(_ path: String) -> (name: String, note: String?) {
        if path.hasPrefix("internal://") { return (String(path.dropFirst("internal://".count)), nil) }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return (name, path.contains("://") ? "the path '\(path)' is not internal://; looked for '\(name)' in the package"
                                          : "the path '\(path)' has no internal:// scheme; read from the package's sources")
    }
}

/// The official REFI-QDA schemas shipped with the workbench, compiled once per process.
public enum RefiSchemas {
    /// `Project.xsd` (`urn:QDA-XML:project:1.0`).
    public static var projectURL: URL { url("Project") }
    /// `Codebook.xsd` (`urn:QDA-XML:codebook:1.0`).
    public static var codebookURL: URL { url("Codebook") }

    private static let compiled: Result<(XMLSchema, XMLSchema), XMLError> = Result { () throws(XMLError) in
        (try XMLSchema(contentsOf: url("Project")), try XMLSchema(contentsOf: url("Codebook")))
    }

    static func url(_ name: String) -> URL { Bundle.module.url(forResource: name, withExtension: "xsd")! }

    static func project() throws -> XMLSchema { try compiled.get().0 }
    static func codebook() throws -> XMLSchema { try compiled.get().1 }
}

/// The sources ``RefiReader`` resolved on several threads: each slot is written once, by the worker
/// that owns its index.
private final class ResolvedSlots: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var results: [Swift.Result<(RefiProject.TextSource, [String]), any Error>?]

    init(_ count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Swift.Result<(RefiProject.TextSource, [String]), any Error>) {
        lock.withLock { results[index] = result }
    }
}

/// The bytes extracted from one package so far, by any thread: the package's limit holds for their sum.
private final class ExtractedBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    var count: Int { lock.withLock { total } }

    /// Counts `bytes` more unless that takes the sum past `limit`.
    func add(_ bytes: Int, upTo limit: Int) -> Bool {
        lock.withLock {
            guard total + bytes <= limit else { return false }
            total += bytes
            return true
        }
    }
}

/// The issues a background validation found; read after it finished.
private final class ValidationOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var found: [XMLIssue] = []
    private var stopped = false

    /// Asks the validation to stop early (the read failed, so its findings are not needed).
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    func set(_ issues: [XMLIssue]) {
        lock.lock()
        found = issues
        lock.unlock()
    }

    var issues: [XMLIssue] {
        lock.lock()
        defer { lock.unlock() }
        return found
    }
}
