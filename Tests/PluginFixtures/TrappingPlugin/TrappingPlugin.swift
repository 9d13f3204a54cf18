import WorkbenchKit

// A plugin whose factory traps (array index out of range), as a buggy plugin would.
// Loaded only in child processes by the tests: in-process it would kill the test runner.

@_cdecl("workbench_plugin_abi_version")
public func workbenchPluginABIVersion() -> Int32 { PluginABI.compiled }

@_cdecl("workbench_plugin_create")
public func workbenchPluginCreate() -> UnsafeMutableRawPointer? {
    let levels = [Int](repeating: 1, count: Int(PluginABI.compiled))
    return UnsafeMutableRawPointer(bitPattern: levels[levels.count + 1])
}
