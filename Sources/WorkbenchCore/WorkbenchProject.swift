public import Foundation
public import PluginHost
public import ProjectStore
public import WorkbenchKit

/// The workbench's version, shown by `workbench --version` and recorded in new projects.
public let workbenchVersion = "0.1.0"

/// An open project together with the plugins it can use: the application layer the CLI
/// (and later the web UI) calls. Each method is one user-level action.
public struct WorkbenchProject: Sendable {
    public let store: ProjectStore
    /// Who makes the changes, as the history records them.
    public var actor: String
    /// Where long work (imports, auto-coding, exports) reports how far it has got.
    public var progress: ProgressSink?
    /// The registry, loaded once per opened project (it parses and validates every plugin file and
    /// hashes every trusted binary), and dropped when the project's plugins change.
    private let loaded = LoadedRegistry()

    public init(store: ProjectStore, actor: String = WorkbenchProject.defaultActor) {
        self.store = store
        self.actor = actor
    }

    /// The person changes are recorded as when no one is named: `WORKBENCH_USER`, else the login name.
    public static var defaultActor: String {
        let environment = ProcessInfo.processInfo.environment
        return [environment["WORKBENCH_USER"], environment["USER"], ProcessInfo.processInfo.userName]
            .compactMap { $0 }.first { !$0.isEmpty } ?? "unknown"
    }

    /// Creates a project folder (see ``ProjectStore/create(at:name:createdBy:)``).
    public static func create(at folder: URL, name: String? = nil) throws(StoreError) -> WorkbenchProject {
        let name = name ?? folder.standardizedFileURL.lastPathComponent
        return WorkbenchProject(store: try ProjectStore.create(at: folder, name: name, createdBy: workbenchVersion))
    }

    /// Creates a project folder and fills it with `fill` before anything else opens it (see
    /// ``ProjectStore/build(at:name:createdBy:_:)``): for a project built whole in a staging folder.
    package static func build<T>(at folder: URL, name: String, _ fill: (WorkbenchProject) throws -> T) throws -> T {
        try ProjectStore.build(at: folder, name: name, createdBy: workbenchVersion) { store in
            try fill(WorkbenchProject(store: store))
        }
    }

    /// Opens the project in `folder`.
    /// - Parameter busyTimeout: how long a change waits for another process's change, in seconds.
    public static func open(at folder: URL, actor: String = WorkbenchProject.defaultActor,
                            busyTimeout: TimeInterval = ProjectStore.defaultBusyTimeout) throws(StoreError)
        -> WorkbenchProject {
        let project = WorkbenchProject(store: try ProjectStore.open(at: folder, busyTimeout: busyTimeout), actor: actor)
        project.finishInterruptedWork()
        return project
    }

    /// Runs `body` as one change of the project: one transaction, one entry in the history.
    package func change<T>(_ action: String, _ summary: String, _ body: () throws -> T) throws -> T {
        try store.change(ChangeNote(action: action, summary: summary, actor: actor), body)
    }

    /// Built-in plugins, the project's `plugins/` folder and its trusted compiled plugins.
    /// - Throws: ``PluginError`` or ``StoreError`` with one clear line.
    /// Loaded once, and again only when a plugin file or a trust has changed since (so a
    /// long-running `serve` sees plugins added by the CLI or another server).
    public func registry() throws -> PluginRegistry {
        let trusted = try store.trustedPlugins().map { TrustedBinary(url: store.url(of: $0), sha256: $0.sha256) }
        let sources = PluginSources(folders: [store.pluginsFolder], trusted: trusted)
        return try loaded.value(sources.fingerprint) { try PluginRegistry.load(sources) }
    }

    /// Drops the loaded registry, after the project's plugins changed.
    func forgetRegistry() { loaded.forget() }
}

extension PluginCatalogue {
    /// The project's plugin files that cannot be used (see ``PluginRegistry/problems``). The registry is
    /// loaded only when the project has plugins of its own, so commands stay quick in projects without.
    public func problems() throws -> [PluginError] {
        let own = try !PluginRegistry.xmlFiles(in: [store.pluginsFolder]).isEmpty || !store.trustedPlugins().isEmpty
        return own ? try registry().problems : []
    }

    /// Trusts a compiled plugin: loads it in a child process first, then records its SHA-256.
    /// - Parameters:
    ///   - executable, arguments: how to run the host's "load this plugin" mode (see ``PluginVerifier``).
    /// - Returns: the verification outcome (`.ok` when trust was recorded).
    public func trust(pluginAt url: URL, executable: URL, arguments: [String]) throws -> PluginVerifier.Outcome {
        let digest = try PluginDigest.sha256(fileAt: url)
        let outcome = PluginVerifier.verify(fileAt: url, executable: executable, arguments: arguments)
        guard case .ok(let summary) = outcome else { return outcome }
        let reference = summary.split(separator: " ").first.map(String.init) ?? summary
        forgetRegistry()
        try change("plugin.trust", "Trusted the compiled plugin \(reference) (\(store.storedPath(for: url)))") {
            try store.trust(TrustedPlugin(path: store.storedPath(for: url), sha256: digest, reference: reference,
                                          trustedAt: Date()))
        }
        return outcome
    }

    /// Stops trusting a compiled plugin; the project no longer loads it. The file stays.
    /// - Returns: the `id@version` it was trusted as.
    @discardableResult
    public func untrust(pluginAt url: URL) throws -> String {
        let path = store.storedPath(for: url)
        guard let trusted = try store.trustedPlugins().first(where: { $0.path == path }) else {
            let known = try store.trustedPlugins().map(\.path)
            throw WorkbenchError("\(path) is not a trusted plugin" + (known.isEmpty ? "; the project trusts none"
                                                                 : "; trusted: " + known.joined(separator: ", ")))
        }
        try change("plugin.untrust", "Stopped trusting the compiled plugin \(trusted.reference) (\(path))") {
            try store.untrust(path: path)
        }
        forgetRegistry()
        return trusted.reference
    }
}

extension PluginDescriptor {
    /// The one-line summary the child process prints after loading a plugin:
    /// `id@version kind "name"`.
    public var verificationSummary: String { "\(reference) \(kind.rawValue) \"\(displayName)\"" }
}

extension PluginCatalogue {
    /// Runs an intervention plugin over a measurement file (`participant,occasion,measure,value`).
    /// - Returns: the plugin that ran and the figures it reported.
    /// - Throws: ``PluginError`` for an unknown or non-intervention plugin, ``WorkbenchError`` for bad
    ///   data, or the plugin's own error.
    public func impact(of reference: String, data: URL, baseline: String, followUp: String,
                       months: Double) throws -> (PluginDescriptor, [ImpactFigure]) {
        let plugin = try registry().plugin(reference, kind: .intervention, as: (any InterventionPlugin).self)
        let request = ImpactRequest(samples: try MeasureTable.read(data), baseline: baseline, followUp: followUp,
                                    durationMonths: months)
        return (plugin.descriptor, try plugin.impact(of: request))
    }
}

/// A registry loaded on first use and kept until ``forget()``; safe to share between tasks.
final class LoadedRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var registry: (fingerprint: String, registry: PluginRegistry)?

    func value(_ fingerprint: String, _ load: () throws -> PluginRegistry) throws -> PluginRegistry {
        lock.lock()
        defer { lock.unlock() }
        if let registry, registry.fingerprint == fingerprint { return registry.registry }
        let fresh = try load()
        registry = (fingerprint, fresh)
        return fresh
    }

    func forget() {
        lock.lock()
        registry = nil
        lock.unlock()
    }
}
