import WorkbenchKit

// Stands in for a plugin compiled against another WorkbenchKit ABI: it reports the next ABI
// version, exactly what a plugin built against a newer SDK would report. The factory must
// never be called by a host with a different ABI.

final class OtherABIPlugin: WorkbenchPlugin {
    let descriptor = PluginDescriptor(id: "fixture.other-abi", version: SemanticVersion(1, 0, 0),
                                      kind: .intervention, displayName: "Other ABI", licence: "Apache-2.0")
}

@_cdecl("workbench_plugin_abi_version")
public func workbenchPluginABIVersion() -> Int32 { PluginABI.compiled + 1 }

@_cdecl("workbench_plugin_create")
public func workbenchPluginCreate() -> UnsafeMutableRawPointer? { fatalError("factory called despite ABI mismatch") }
