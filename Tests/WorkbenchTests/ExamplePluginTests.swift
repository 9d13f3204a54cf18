import Foundation
import Testing
import WorkbenchKit

/// The example compiled plugin, built as its own package as a plugin author would build it,
/// then trusted, listed and run through the host.
@Suite("Example compiled plugin, end to end", .serialized)
struct ExamplePluginTests {
    static let package = TestSupport.repositoryRoot.appendingPathComponent("Plugins/Examples/ReadingAgeGain")

    /// Builds the example package (a separate SwiftPM package; `swift test` does not build it).
    static func builtPlugin(package: URL = package) throws -> URL {
        let build = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/env"),
                                        ["swift", "build", "--package-path", package.path])
        guard build.status == 0 else {
            throw BuildFailure(output: build.stdout + build.stderr)
        }
        return package.appendingPathComponent(".build/debug/libReadingAgeGain.so")
    }

    struct BuildFailure: Error, CustomStringConvertible {
        var output: String
        var description: String { "building the example plugin failed:\n\(output)" }
    }

    @Test func buildsIsTrustedListedAndRun() throws {
        let built = try Self.builtPlugin()
        let project = try TestSupport.temporaryFolder().appendingPathComponent("project")
        #expect(try TestSupport.workbench(["init", project.path]).status == 0)
        let plugin = project.appendingPathComponent("plugins/libReadingAgeGain.so")
        try FileManager.default.copyItem(at: built, to: plugin)

        // Before trust: listed as a warning, not loaded.
        let untrusted = try TestSupport.workbench(["plugins", "list"], in: project)
        #expect(untrusted.status == 0)
        #expect(untrusted.stderr.contains("does not trust"))
        #expect(!untrusted.stdout.contains("reading-age-gain"))

        let trust = try TestSupport.workbench(["plugins", "trust", "plugins/libReadingAgeGain.so"], in: project)
        #expect(trust.status == 0, "\(trust.stdout)\(trust.stderr)")
        #expect(trust.stdout.contains("reading-age-gain@1.0.0"))

        let list = try TestSupport.workbench(["plugins", "list"], in: project)
        #expect(list.stdout.contains("reading-age-gain") && list.stdout.contains("compiled"))

        // Trust is recorded by the path inside the project and the file's hash: a copied project still loads it.
        let copy = try TestSupport.temporaryFolder().appendingPathComponent("copy")
        try FileManager.default.copyItem(at: project, to: copy)
        let copied = try TestSupport.workbench(["plugins", "list", "--format", "csv"], in: copy)
        #expect(copied.stdout.contains("reading-age-gain,1.0.0,intervention,compiled"), "\(copied.stdout)\(copied.stderr)")

        // DOMAIN.md §6.5: +27 months of reading age over 7 months, "nearly four months ... for every month".
        let data = Self.package.appendingPathComponent("reading-ages.csv").path
        let impact = try TestSupport.workbench(["interventions", "impact", "reading-age-gain", "--data", data,
                                                "--from", "pre", "--to", "post", "--months", "7", "--format", "json"],
                                               in: project)
        #expect(impact.status == 0, "\(impact.stderr)")
        struct Figure: Decodable { var label: String; var value: Double; var n: Int }
        let figures = try JSONDecoder().decode([Figure].self, from: Data(impact.stdout.utf8))
        let mean = try #require(figures.first { $0.label == "mean reading-age gain" })
        let perMonth = try #require(figures.first { $0.label == "gain per month of intervention" })
        #expect(mean.n == 30)
        #expect(abs(mean.value - 27) < 1e-12)
        #expect(abs(perMonth.value - 27.0 / 7.0) < 1e-12)

        // A trusted file that changes is not loaded, named in one line; using it fails.
        let handle = try FileHandle(forWritingTo: plugin)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("tampered".utf8))
        try handle.close()
        let listed = try TestSupport.workbench(["plugins", "list"], in: project)
        #expect(listed.status == 0)
        #expect(listed.stderr.contains("has changed since it was trusted"))
        #expect(listed.stderr.split(separator: "\n").count == 1)
        #expect(!listed.stdout.contains("reading-age-gain"))
        // Untrusting it quietens the warning to "not trusted"; the file stays.
        let untrust = try TestSupport.workbench(["plugins", "untrust", "plugins/libReadingAgeGain.so"], in: project)
        #expect(untrust.stdout == "No longer trusted: plugins/libReadingAgeGain.so (reading-age-gain@1.0.0)\n")
        let after = try TestSupport.workbench(["plugins", "list"], in: project)
        #expect(after.stderr.contains("does not trust") && !after.stderr.contains("has changed"))
    }

    @Test func thePluginBuiltAgainstAnSDKWithAnotherABIIsRejected() throws {
        // A copy of the SDK whose ABI version is bumped, as a future WorkbenchKit would be, and the
        // unchanged example plugin built against it.
        let workspace = try TestSupport.temporaryFolder()
        let sdk = workspace.appendingPathComponent("WorkbenchKit")
        let plugin = workspace.appendingPathComponent("Examples/ReadingAgeGain")
        try FileManager.default.createDirectory(at: plugin.deletingLastPathComponent(), withIntermediateDirectories: true)
        let root = TestSupport.repositoryRoot.appendingPathComponent("Plugins")
        try FileManager.default.copyItem(at: root.appendingPathComponent("WorkbenchKit/Package.swift"),
                                         to: sdk.appendingPathComponent("Package.swift", isDirectory: false)
                                            .creatingParent())
        try FileManager.default.copyItem(at: root.appendingPathComponent("WorkbenchKit/Sources"),
                                         to: sdk.appendingPathComponent("Sources"))
        try FileManager.default.copyItem(at: Self.package.appendingPathComponent("Package.swift"),
                                         to: plugin.appendingPathComponent("Package.swift").creatingParent())
        try FileManager.default.copyItem(at: Self.package.appendingPathComponent("Sources"),
                                         to: plugin.appendingPathComponent("Sources"))
        let abiFile = sdk.appendingPathComponent("Sources/WorkbenchKit/ABI.swift")
        let source = try String(contentsOf: abiFile, encoding: .utf8)
        let host = PluginABI.current
        let bumped = source
            .replacingOccurrences(of: "public static let current: Int32 = \(host)",
                                  with: "public static let current: Int32 = \(host + 1)")
            .replacingOccurrences(of: "public static var compiled: Int32 { \(host) }",
                                  with: "public static var compiled: Int32 { \(host + 1) }")
        #expect(bumped != source, "ABI.swift no longer has the expected declarations")
        try bumped.write(to: abiFile, atomically: true, encoding: .utf8)

        let built = try Self.builtPlugin(package: plugin)
        let run = try TestSupport.workbench(["plugins", "verify", built.path])
        #expect(!run.signalled && run.status == 1)
        #expect(run.stdout.hasPrefix("REJECTED"))
        #expect(run.stdout.contains("was built for Workbench plugin ABI \(host + 1), this host provides ABI \(host)"))
    }
}

extension URL {
    /// Creates the parent folder of this file URL and returns the URL.
    func creatingParent() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
