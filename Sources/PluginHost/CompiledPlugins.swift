public import Foundation
public import WorkbenchKit
#if canImport(Glibc)
import Glibc
#endif

/// Loads compiled plugins (`.so` built against the WorkbenchKit product) into this process.
///
/// Order: `dlopen(RTLD_NOW | RTLD_LOCAL)` so a missing symbol fails here and not at call time;
/// the ABI handshake before any other plugin code runs; the factory; the cast to the host's
/// protocol. Libraries are never closed: the Swift runtime keeps pointers into them.
///
/// A plugin that traps kills the process it is loaded in, so load untrusted files only in a
/// child process (``PluginVerifier``).
public enum CompiledPlugins {
    private typealias VersionFunction = @convention(c) () -> Int32
    private typealias FactoryFunction = @convention(c) () -> UnsafeMutableRawPointer?

    /// Loads the plugin at `url`.
    /// - Throws: ``PluginError`` naming the file: cannot open, not a plugin, ABI mismatch,
    ///   factory failure, or a plugin built against another copy of WorkbenchKit.
    public static func load(fileAt url: URL) throws(PluginError) -> any WorkbenchPlugin {
        let path = url.standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw PluginError(.cannotOpen, "cannot load plugin \(path): no such file")
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw PluginError(.cannotOpen, "cannot load plugin \(path): \(lastDynamicLinkerError())")
        }
        guard let versionSymbol = dlsym(handle, PluginABI.versionSymbol) else {
            throw PluginError(.notAPlugin,
                              "\(path) is not a Workbench plugin: it exports no '\(PluginABI.versionSymbol)'")
        }
        let pluginABI = unsafeBitCast(versionSymbol, to: VersionFunction.self)()
        guard pluginABI == PluginABI.current else {
            throw PluginError(.abiMismatch, "\(path) was built for Workbench plugin ABI \(pluginABI), "
                              + "this host provides ABI \(PluginABI.current); rebuild the plugin against this WorkbenchKit")
        }
        guard let factorySymbol = dlsym(handle, PluginABI.factorySymbol) else {
            throw PluginError(.notAPlugin,
                              "\(path) is not a Workbench plugin: it exports no '\(PluginABI.factorySymbol)'")
        }
        guard let instance = unsafeBitCast(factorySymbol, to: FactoryFunction.self)() else {
            throw PluginError(.factoryFailed, "\(path): the plugin's factory returned no plugin")
        }
        let object = Unmanaged<AnyObject>.fromOpaque(instance).takeRetainedValue()
        guard let plugin = object as? any WorkbenchPlugin else {
            throw PluginError(.otherSDKCopy, "\(path): the factory returned \(String(reflecting: type(of: object))), "
                              + "which does not conform to WorkbenchKit.WorkbenchPlugin as seen by the host "
                              + "(plugin linked against a different copy of WorkbenchKit?)")
        }
        return plugin
    }

    private static func lastDynamicLinkerError() -> String {
        guard let message = dlerror() else { return "unknown error" }
        return String(cString: message)
    }
}
