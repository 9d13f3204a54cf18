import Foundation
import PluginHost
import Testing
import WorkbenchKit

/// Project plugin files that cannot be used are named, left out, and block only what needs them.
@Suite("Plugin problems")
struct PluginProblemTests {
    static let builtinFile = TestSupport.repositoryRoot.appendingPathComponent("Instruments/Questionnaires/tses-short.xml")

    /// A folder holding the alliance's copy of the built-in TSES short form, at `version`.
    static func shadowing(version: String) throws -> URL {
        let folder = try TestSupport.temporaryFolder()
        let text = try String(contentsOf: builtinFile, encoding: .utf8)
        let range = try #require(text.range(of: #"version="1.0.0""#))
        try (text.replacingCharacters(in: range, with: #"version="\#(version)""#) + "<!-- the alliance's copy -->\n")
            .write(to: folder.appendingPathComponent("tses-short.xml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aProjectPluginReplacesABuiltInOnlyWithAHigherVersion() throws {
        let same = try Self.shadowing(version: "1.0.0")
        let refused = try PluginRegistry.load(PluginSources(folders: [same]))
        #expect(refused.problems.map(\.code) == [.shadowsBuiltin])
        #expect(refused.problems[0].description.contains("has the id of the built-in tses-short@1.0.0; give it a higher version"))
        #expect(try refused.entry("tses-short").origin == .builtin)
        let validate = try TestSupport.workbench(["plugins", "validate", same.appendingPathComponent("tses-short.xml").path])
        #expect(validate.status == 1)
        #expect(validate.stdout.contains("has the id of the built-in tses-short@1.0.0"))

        let higher = try Self.shadowing(version: "1.1.0")
        let replaced = try PluginRegistry.load(PluginSources(folders: [higher]))
        #expect(replaced.problems.isEmpty)
        #expect(try replaced.entry("tses-short").descriptor.version.description == "1.1.0")
        let noted = try TestSupport.workbench(["plugins", "validate", higher.appendingPathComponent("tses-short.xml").path])
        #expect(noted.status == 0)
        #expect(noted.stdout.contains("note: tses-short@1.1.0 shadows the built-in tses-short@1.0.0"))
        // The built-ins themselves are not said to shadow anything.
        let builtins = try TestSupport.workbench(["plugins", "validate", TestSupport.repositoryRoot.appendingPathComponent("Instruments").path])
        #expect(builtins.status == 0 && !builtins.stdout.contains("shadows"))
    }

    @Test func aBrokenFileInPluginsIsNamedOnEveryCommandButBlocksOnlyWhatNeedsIt() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("p")
        #expect(try TestSupport.workbench(["init", folder.path]).status == 0)
        try "<questionnaire".write(to: folder.appendingPathComponent("plugins/broken.xml"), atomically: true, encoding: .utf8)
        let listed = try TestSupport.workbench(["schools", "list", "--project", folder.path])
        #expect(listed.status == 0)
        #expect(listed.stderr.hasPrefix("warning: plugin not loaded: \(folder.path)/plugins/broken.xml:"))
        let scored = try TestSupport.workbench(["score", "my-survey", "--occasion", "pre", "--project", folder.path])
        #expect(scored.status == 1)
        #expect(scored.stderr.contains("unknown plugin 'my-survey': no plugin has that id (1 plugin file could not be loaded: "))
        let builtin = try TestSupport.workbench(["plugins", "show", "tses-long", "--project", folder.path])
        #expect(builtin.status == 0)
    }
}
