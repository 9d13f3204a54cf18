// A shared library that is not a Workbench plugin: it exports a C function, but not the plugin entry points.

@_cdecl("fixture_add")
public func fixtureAdd(_ a: Int32, _ b: Int32) -> Int32 { a &+ b }
