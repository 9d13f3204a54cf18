// Stands in for a plugin that vendors its own copy of the SDK: its plugin class conforms to a
// `WorkbenchPlugin` protocol of its own module, not to the one in the host's libWorkbenchKit.so.
// The handshake passes (it reports the right ABI number); the host's protocol cast must fail.

import enum WorkbenchKit.PluginABI

public protocol WorkbenchPlugin: AnyObject, Sendable {
    var name: String { get }
}

final class CopiedSDKPlugin: WorkbenchPlugin {
    let name = "copied SDK"
}

@_cdecl("workbench_plugin_abi_version")
public func workbenchPluginABIVersion() -> Int32 { PluginABI.compiled }

@_cdecl("workbench_plugin_create")
public func workbenchPluginCreate() -> UnsafeMutableRawPointer? {
    Unmanaged<AnyObject>.passRetained(CopiedSDKPlugin()).toOpaque()
}
