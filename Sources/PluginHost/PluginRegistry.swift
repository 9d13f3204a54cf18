import BuiltinInstruments
public import Foundation
public import WorkbenchKit

/// A compiled plugin the project trusts: the file and the SHA-256 recorded when it was trusted.
public struct TrustedBinary: Sendable, Hashable {
    public var url: URL
    public var sha256: String

    public init(url: URL, sha256: String) {
        self.url = url
        self.sha256 = sha256
    }
}

/// Where a registry gathers its plugins from.
public struct PluginSources: Sendable {
    /// Include the built-in plugins shipped in `Instruments/`.
    public var builtin: Bool
    /// Folders searched (recursively) for declarative `.xml` plugin files, e.g. a project's `plugins/`.
    public var folders: [URL]
    /// Compiled plugins to load; each is checked against its recorded SHA-256 first.
    public var trusted: [TrustedBinary]

    public init(builtin: Bool = true, folders: [URL] = [], trusted: [TrustedBinary] = []) {
        self.builtin = builtin
        self.folders = folders
        self.trusted = trusted
    }

    /// What the registry loaded from these sources depends on: every plugin file's path, size and
    /// modification time, and the trusted binaries. Equal fingerprints, equal registries, so a
    /// long-running process reloads only after a plugin file or a trust changed.
    public var fingerprint: String {
        var parts = trusted.map { "\($0.url.path)=\($0.sha256)" }
        for location in folders {
            let walker = FileManager.default.enumerator(at: location, includingPropertiesForKeys: [.fileSizeKey,
                                                        .contentModificationDateKey], options: [.skipsHiddenFiles])
            while let url = walker?.nextObject() as? URL {
                guard ["xml", "so"].contains(url.pathExtension) else { continue }
                let values = try? url.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey])
                parts.append("\(url.path):\(values?.fileSize ?? -1):\(values?.contentModificationDate?.timeIntervalSince1970 ?? 0)")
            }
        }
        return "\(builtin)|" + parts.sorted().joined(separator: "|")
    }
}

/// One list of plugins from all three sources: built-in, declarative and compiled.
public struct PluginRegistry: Sendable {
    /// Where a registered plugin came from.
    public enum Origin: String, Sendable, Codable {
        case builtin, declarative, compiled
    }

    /// A registered plugin and the file it came from.
    public struct Entry: Sendable {
        public var plugin: any WorkbenchPlugin
        public var origin: Origin
        public var file: URL
        public var descriptor: PluginDescriptor { plugin.descriptor }
    }

    /// Plugins sorted by kind, id and version.
    public private(set) var entries: [Entry]
    /// Item wording supplied separately (e.g. by a licensed user), by questionnaire id.
    public private(set) var textPacks: [String: TextPack]
    /// Things worth telling the user that did not stop loading (e.g. an untrusted `.so` in a plugins folder).
    public private(set) var warnings: [String]
    /// Project plugin files that could not be used, each with why: invalid, shadowing a built-in
    /// without a higher version, claiming an `id@version` another file claims, changed since
    /// trusted. They are left out; everything else works.
    public private(set) var problems: [PluginError]

    /// Loads every plugin from `sources`. A built-in plugin that does not load stops the load; a
    /// project plugin that does not is left out and named in ``problems``.
    /// - Throws: ``PluginError`` for an invalid built-in plugin file.
    public static func load(_ sources: PluginSources) throws(PluginError) -> PluginRegistry {
        var entries: [Entry] = []
        var warnings: [String] = []
        var problems: [PluginError] = []
        if sources.builtin {
            for file in xmlFiles(in: BuiltinInstruments.pluginDirectories) {
                entries.append(Entry(plugin: try DeclarativePlugins.load(fileAt: file), origin: .builtin, file: file))
            }
        }
        let builtins = entries
        var added: [Entry] = []
        var packs: [(TextPack, URL)] = []
        for file in xmlFiles(in: sources.folders) {
            do throws(PluginError) {
                switch try DeclarativePlugins.loadContent(fileAt: file) {
                case .plugin(let plugin): added.append(Entry(plugin: plugin, origin: .declarative, file: file))
                case .textPack(let pack): packs.append((pack, file))
                }
            } catch {
                problems.append(error)
            }
        }
        let trustedPaths = Set(sources.trusted.map { $0.url.standardizedFileURL.path })
        for binary in files(in: sources.folders, extension: "so") where !trustedPaths.contains(binary.path) {
            warnings.append("\(binary.path) is a compiled plugin that this project does not trust; it is not loaded")
        }
        for binary in sources.trusted {
            do throws(PluginError) {
                let actual = try PluginDigest.sha256(fileAt: binary.url)
                guard actual == binary.sha256 else {
                    throw PluginError(.changedSinceTrusted, "\(binary.url.path) has changed since it was trusted "
                                      + "(SHA-256 was \(binary.sha256.prefix(12))…, now \(actual.prefix(12))…); "
                                      + "verify it and trust it again")
                }
                added.append(Entry(plugin: try CompiledPlugins.load(fileAt: binary.url), origin: .compiled, file: binary.url))
            } catch {
                problems.append(error)
            }
        }
        // A project plugin may replace a built-in one only with a higher version.
        let newestBuiltin = Dictionary(builtins.map { ($0.descriptor.id, $0.descriptor.version) }, uniquingKeysWith: max)
        added.removeAll { entry in
            guard let builtin = newestBuiltin[entry.descriptor.id], !(builtin < entry.descriptor.version) else { return false }
            problems.append(PluginError(.shadowsBuiltin, "\(entry.file.path): \(entry.descriptor.reference) has the id of "
                                        + "the built-in \(entry.descriptor.id)@\(builtin); give it a higher version "
                                        + "than \(builtin) to replace it, or another id"))
            return true
        }
        // Two project files claiming one id@version: neither is used.
        let claims = Dictionary(grouping: added, by: \.descriptor.reference)
        for (reference, claimants) in claims.sorted(by: { $0.key < $1.key }) where claimants.count > 1 {
            problems.append(PluginError(.duplicate, "two plugin files claim \(reference): "
                                        + claimants.map(\.file.path).joined(separator: " and ")))
        }
        entries += added.filter { claims[$0.descriptor.reference]?.count == 1 }
        var textPacks: [String: TextPack] = [:]
        for (pack, file) in packs {
            let questionnaires = entries.compactMap { $0.plugin as? any QuestionnairePlugin }
                .filter { $0.descriptor.id == pack.instrument }
            guard let latest = questionnaires.max(by: { $0.descriptor.version < $1.descriptor.version }) else {
                problems.append(PluginError(.notFound, "\(file.path): text pack for '\(pack.instrument)', which is not "
                                            + "a questionnaire this project has"))
                continue
            }
            let known = Set(latest.questionnaire.items.map(\.id))
            if let unknown = pack.texts.keys.sorted().first(where: { !known.contains($0) }) {
                problems.append(PluginError(.invalidDefinition, "\(file.path): text pack names item '\(unknown)', "
                                            + "which \(latest.descriptor.reference) does not have"))
                continue
            }
            if textPacks[pack.instrument] != nil {
                problems.append(PluginError(.duplicate, "\(file.path): a second text pack for '\(pack.instrument)'"))
                continue
            }
            textPacks[pack.instrument] = pack
        }
        entries.sort {
            ($0.descriptor.kind, $0.descriptor.id, $0.descriptor.version)
                < ($1.descriptor.kind, $1.descriptor.id, $1.descriptor.version)
        }
        return PluginRegistry(entries: entries, textPacks: textPacks, warnings: warnings, problems: problems)
    }

    /// A plugin of a given kind, by `id` or `id@version`, as its kind's protocol
    /// (e.g. `registry.plugin("tses-long", kind: .questionnaire, as: (any QuestionnairePlugin).self)`).
    /// - Throws: ``PluginError`` `.notFound` for an unknown id or a plugin of another kind.
    public func plugin<Plugin>(_ reference: String, kind: PluginKind, as type: Plugin.Type) throws(PluginError)
        -> Plugin {
        let found = try entry(reference)
        guard let plugin = found.plugin as? Plugin else {
            throw PluginError(.notFound, "\(found.descriptor.reference) is a \(found.descriptor.kind.displayName), "
                              + "not a \(kind.displayName)")
        }
        return plugin
    }

    /// The wording of a questionnaire item: from the plugin, else from a text pack, else nil.
    public func wording(of item: Questionnaire.Item, in instrument: String) -> String? {
        item.wording() ?? textPacks[instrument]?.texts[item.id]
    }

    /// Finds a plugin by `id` (the highest version) or by `id@version`.
    /// - Throws: ``PluginError`` `.notFound`, listing the versions that do exist.
    public func entry(_ reference: String) throws(PluginError) -> Entry {
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        let candidates = entries.filter { $0.descriptor.id == parts.first }
        if parts.count == 2 {
            if let match = candidates.first(where: { $0.descriptor.version.description == parts[1] }) { return match }
        } else if let latest = candidates.max(by: { $0.descriptor.version < $1.descriptor.version }) {
            return latest
        }
        var known = candidates.isEmpty ? "no plugin has that id"
            : "available: " + candidates.map(\.descriptor.reference).joined(separator: ", ")
        if !problems.isEmpty {
            known += " (\(problems.count) plugin file\(problems.count == 1 ? "" : "s") could not be loaded: "
                + problems.map(\.description).joined(separator: "; ") + ")"
        }
        throw PluginError(.notFound, "unknown plugin '\(reference)': \(known)")
    }

    /// Declarative plugin files under the given files or folders, sorted by path.
    public static func xmlFiles(in locations: [URL]) -> [URL] { files(in: locations, extension: "xml") }

    static func files(in locations: [URL], extension wanted: String) -> [URL] {
        var found: Set<URL> = []
        for location in locations {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: location.path, isDirectory: &isFolder) else { continue }
            if !isFolder.boolValue {
                if location.pathExtension == wanted { found.insert(location.standardizedFileURL) }
                continue
            }
            let walker = FileManager.default.enumerator(at: location, includingPropertiesForKeys: nil,
                                                        options: [.skipsHiddenFiles])
            while let url = walker?.nextObject() as? URL {
                if url.pathExtension == wanted { found.insert(url.standardizedFileURL) }
            }
        }
        return found.sorted { $0.path < $1.path }
    }
}
