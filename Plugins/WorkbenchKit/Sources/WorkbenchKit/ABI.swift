/// The binary interface between the host and compiled plugins.
///
/// Two values exist on purpose. ``current`` is a stored constant inside the loaded
/// `libWorkbenchKit.so`, so the host reads the value of the SDK it actually runs with.
/// ``compiled`` is emitted into each client at compile time, so a plugin reports the
/// value of the SDK it was built against. A host refuses a plugin whose compiled value
/// differs from its own before calling any other plugin code.
///
/// Change both together whenever a public type's layout or a protocol requirement changes.
public enum PluginABI {
    /// The ABI version of the SDK library loaded in this process.
    public static let current: Int32 = 4

    /// The ABI version a client was compiled against.
    @_alwaysEmitIntoClient
    public static var compiled: Int32 { 4 }

    /// The C symbol a compiled plugin exports to report ``compiled``: `() -> Int32`.
    public static let versionSymbol = "workbench_plugin_abi_version"

    /// The C symbol a compiled plugin exports to create its instance:
    /// `() -> UnsafeMutableRawPointer?`, a +1 retained object made with ``exportPlugin(_:)``.
    public static let factorySymbol = "workbench_plugin_create"
}

/// Hands a plugin instance to the host from a compiled plugin's factory.
///
/// Use it as the body of the `workbench_plugin_create` entry point:
/// ```swift
/// @_cdecl("workbench_plugin_create")
/// public func create() -> UnsafeMutableRawPointer? { exportPlugin(ReadingAgePlugin()) }
/// ```
/// - Returns: a +1 retained opaque pointer that the host takes ownership of.
@_alwaysEmitIntoClient
public func exportPlugin(_ plugin: some WorkbenchPlugin) -> UnsafeMutableRawPointer? {
    Unmanaged<AnyObject>.passRetained(plugin).toOpaque()
}
