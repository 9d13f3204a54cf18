import Foundation
import ProjectStore
import WorkbenchCore
import WorkbenchKit

/// A deterministic project of `sources` interview transcripts and `codings` codings (three
/// coders, the Hope Challenge themes), with a memo on every tenth source.
func makeRefiProject(at folder: URL, sources count: Int, codings total: Int) throws -> WorkbenchProject {
    let project = try WorkbenchProject.create(at: folder, name: "Generated alliance")
    let words = ["trust", "partnership", "modelling", "pupils", "confidence", "debrief", "science", "lesson", "school",
                 "café", "reflection", "planning", "questions", "independent", "resources", "Year 4", "“light”"]
    var seed: UInt64 = 2_000
    func next(_ bound: Int) -> Int {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(seed >> 33) % bound
    }
    var batch: [(SourceRecord, [TurnRecord])] = []
    for index in 0..<count {
        var text = ""
        var turns: [TurnRecord] = []
        for turn in 0..<12 {
            let speaker = turn % 2 == 0 ? "Interviewer" : "Teacher \(index % 40)"
            text += speaker + ": "
            let start = text.unicodeScalars.count
            text += (0..<40).map { _ in words[next(words.count)] }.joined(separator: " ") + "."
            turns.append(TurnRecord(sourceID: 0, position: turn, speaker: speaker, participantID: nil, start: start,
                                    end: text.unicodeScalars.count, startTime: nil, endTime: nil))
            text += "\n"
        }
        batch.append((SourceRecord(name: "interview-\(index).txt", kind: "txt", originalPath: "sources/interview-\(index).txt",
                                   sha256: "generated-\(index)", text: text, caseID: nil, importedAt: Date()), turns))
    }
    let note = ChangeNote(action: "benchmark", summary: "Generated benchmark data", actor: "benchmark")
    try project.store.change(note) { try project.store.save(sources: batch) }
    let themes = try project.framework("hope-challenge").1.allThemes.map(\.theme.id)
    let stored = try project.store.sources()
    let coders = ["Researcher 1", "Researcher 2", "Researcher 3"]
    var codings: [CodingRecord] = []
    codings.reserveCapacity(total)
    for index in 0..<total {
        let source = stored[index % stored.count]
        let length = source.text.unicodeScalars.count
        let start = next(length - 60)
        codings.append(CodingRecord(sourceID: source.id!, start: start, end: start + 10 + next(50),
                                    framework: "hope-challenge", frameworkVersion: "1.0.0",
                                    theme: themes[next(themes.count)], coder: coders[next(coders.count)],
                                    automatic: false, createdAt: Date(timeIntervalSince1970: 1_750_000_000)))
    }
    try project.store.change(note) {
        try project.store.add(codings: codings)
        for source in stored where source.id! % 10 == 0 {
            try project.store.insert(MemoRecord(sourceID: source.id!, researcher: "Researcher 1",
                                                text: "Memo on \(source.name)",
                                                createdAt: Date(timeIntervalSince1970: 1_750_000_000)))
        }
    }
    return project
}

/// One phase, run in its own process so its peak memory is its own: prints seconds and peak RSS.
func refiPhase(_ arguments: [String]) throws {
    let start = DispatchTime.now().uptimeNanoseconds
    switch arguments[0] {
    case "export":
        let project = try WorkbenchProject.open(at: URL(fileURLWithPath: arguments[1]))
        try project.exchange.exportRefi(to: URL(fileURLWithPath: arguments[2]))
    default:
        _ = try WorkbenchProject.importRefi(URL(fileURLWithPath: arguments[1]), into: URL(fileURLWithPath: arguments[2]))
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print(String(format: "%.3f %d", seconds, usage.ru_maxrss / 1024))
}

func refiBenchmark(sources: Int, codings: Int) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbench-refi-benchmark-\(UUID())")
    defer { try? FileManager.default.removeItem(at: folder) }
    let original = try makeRefiProject(at: folder.appendingPathComponent("original"), sources: sources, codings: codings)
    let package = folder.appendingPathComponent("generated.qdpx")
    let back = folder.appendingPathComponent("back")
    func phase(_ arguments: [String]) throws -> (seconds: Double, megabytes: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["refi-phase"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let parts = output.split(whereSeparator: \.isWhitespace)
        guard process.terminationStatus == 0, parts.count == 2, let seconds = Double(parts[0]), let rss = Int(parts[1]) else {
            throw WorkbenchError("the \(arguments[0]) phase failed: \(output)")
        }
        return (seconds, rss)
    }
    let export = try phase(["export", original.store.folder.path, package.path])
    let size = (try FileManager.default.attributesOfItem(atPath: package.path)[.size] as? NSNumber)?.intValue ?? 0
    let imported = try phase(["import", package.path, back.path])
    // The round trip: every coding comes back with its source, offsets, theme and coder.
    func codingList(_ project: WorkbenchProject) throws -> [String] {
        try project.store.codings().map {
            "\($0.source) \($0.coding.start) \($0.coding.end) \($0.coding.theme) \($0.coding.coder)"
        }.sorted()
    }
    let same = try codingList(original) == codingList(WorkbenchProject.open(at: back))
    print(String(format: "refi: %d sources, %d codings; export %.2f s (peak %d MB), .qdpx %.1f MB; "
                 + "import %.2f s (peak %d MB); round trip %@",
                 sources, codings, export.seconds, export.megabytes, Double(size) / 1e6, imported.seconds,
                 imported.megabytes, same ? "identical" : "DIFFERS"))
    if !same { throw WorkbenchError("the round trip lost or changed codings") }
}
