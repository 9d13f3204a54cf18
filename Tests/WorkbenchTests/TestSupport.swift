import Foundation
import Testing

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The folder SwiftPM built the products into (workbench, the fixture plugins).
    static var productsDirectory: URL { Bundle.module.bundleURL.deletingLastPathComponent() }

    /// The repository root (this file is Tests/WorkbenchTests/TestSupport.swift).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static var workbench: URL { productsDirectory.appendingPathComponent("workbench") }

    /// The team's shared folder beside the checkout (`../shared`), which holds the REFI-QDA samples.
    /// CI clones the repository with it beside; a lone clone does not have it.
    static var sharedFolder: URL { repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared") }

    /// The REFI-QDA sample transcript (QualCoder's example focus group), if the shared folder is present.
    static var refiSampleTranscript: URL {
        sharedFolder.appendingPathComponent("refi-qda/samples/transcripts/qualcoder-example-focus-group.txt")
    }

    static var hasSharedSamples: Bool { FileManager.default.fileExists(atPath: refiSampleTranscript.path) }

    static func fixture(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    static func fixturePlugin(_ product: String) -> URL {
        productsDirectory.appendingPathComponent("lib\(product).so")
    }

    /// A new, empty temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wb-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new project, `project` in a new temporary folder, with one transcript, `text`, imported
    /// from the file `name` beside it.
    static func project(withTranscript text: String, file name: String = "interview.txt") throws
        -> (project: URL, folder: URL) {
        let folder = try temporaryFolder()
        let project = folder.appendingPathComponent("project")
        #expect(try workbench(["init", project.path]).status == 0)
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect(try workbench(["transcripts", "import", file.path, "--project", project.path]).status == 0)
        return (project, folder)
    }

    struct Run {
        var status: Int32
        var signalled: Bool
        var stdout: String
        var stderr: String
    }

    /// Runs a program to completion and captures its output.
    static func run(_ executable: URL, _ arguments: [String], in folder: URL? = nil,
                    environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if let folder { process.currentDirectoryURL = folder }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                   stdout: stdout, stderr: stderr)
    }

    /// Runs the built `workbench` executable.
    static func workbench(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws
        -> Run {
        try run(workbench, arguments, in: folder, environment: environment)
    }

    /// Hidden files and folders (names starting with a dot) anywhere under `folder`.
    static func hiddenEntries(under folder: URL) -> [String] {
        let names = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return names.filter { $0.split(separator: "/").contains { $0.hasPrefix(".") } }
            .filter { !$0.hasSuffix(".workbench-writer") }
    }
}
