// Throughput benchmarks that print figures. Run in release mode:
//     swift run -c release workbench-benchmarks [scoring] [docx] [autocode] [refi] [web] [corpus] [--participants N] [--megabytes N[,N…]] [--keep]
import FrameworkAnalysis
import Foundation
import PluginHost
import Scoring
import Transcripts
import WorkbenchKit
import ZIPFoundation

/// Wall-clock seconds of `body`, best of `repeats`.
func measure(repeats: Int = 3, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

func scoringBenchmark(participants: Int) throws {
    let registry = try PluginRegistry.load(PluginSources())
    guard let questionnaire = (try registry.entry("tses-long").plugin as? any QuestionnairePlugin)?.questionnaire else {
        fatalError("tses-long is not a questionnaire")
    }
    var seed: UInt64 = 42
    func next() -> Int {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(seed >> 33) % 9 + 1
    }
    let itemIDs = questionnaire.items.map(\.id)
    let answers: [[String: String]] = (0..<participants).map { index in
        var row: [String: String] = [:]
        for item in itemIDs where (index + item.count) % 37 != 0 { row[item] = String(next()) }
        return row
    }
    let scorer = QuestionnaireScorer(questionnaire)
    var checksum = 0.0
    let seconds = measure {
        checksum = 0
        for (index, row) in answers.enumerated() {
            let card = scorer.score(participant: "P\(index)", answers: row)
            checksum += (card.scores["TSES"] ?? nil) ?? 0
        }
    }
    let items = Double(participants * itemIDs.count)
    print(String(format: "scoring: %d participants × %d items (TSES long form: 3 subscales + total) in %.3f s",
                 participants, itemIDs.count, seconds))
    print(String(format: "scoring: %.0f participants/s, %.2f million item answers/s (checksum %.4f)",
                 Double(participants) / seconds, items / seconds / 1e6, checksum / Double(participants)))
}

/// A deterministic transcript-like corpus of about `bytes` bytes and a dictionary of `terms` keywords
/// (single words and two-word phrases from the corpus vocabulary, some capitalised, a few non-ASCII).
func autocodeInputs(bytes: Int, terms: Int) -> (corpus: [UInt8], terms: [String]) {
    var seed: UInt64 = 20_140_301
    func next(_ bound: Int) -> Int {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(seed >> 33) % bound
    }
    let syllables = ["ta", "re", "mi", "so", "la", "do", "fe", "ni", "ko", "pu", "be", "gar", "tel", "lin", "mor", "sen",
                     "vas", "qui", "zor", "hel"]
    var vocabulary = ["confidence", "subject", "knowledge", "trust", "coaching", "mentoring", "pupils", "lesson",
                      "enquiry", "evidence", "café", "naïve", "résumé", "teachers", "learning", "reading", "age"]
    while vocabulary.count < 6_000 {
        vocabulary.append((0..<(2 + next(3))).map { _ in syllables[next(syllables.count)] }.joined())
    }
    let speakers = ["Interviewer", "Teacher A", "Trainee B", "Science Coordinator", "Head C"]
    var corpus: [UInt8] = []
    corpus.reserveCapacity(bytes + 200)
    while corpus.count < bytes {
        corpus += Array("\(speakers[next(speakers.count)]): ".utf8)
        for index in 0..<(8 + next(40)) {
            var word = vocabulary[next(vocabulary.count)]
            if next(10) == 0 { word = word.prefix(1).uppercased() + word.dropFirst() }
            corpus += Array(word.utf8)
            corpus += Array((index % 11 == 10 ? ", " : " ").utf8)
        }
        corpus += Array(".\n".utf8)
    }
    var dictionary: [String] = []
    var seen = Set<String>()
    while dictionary.count < terms {
        let term = next(4) == 0
            ? vocabulary[next(vocabulary.count)] + " " + vocabulary[next(vocabulary.count)]
            : vocabulary[next(vocabulary.count)]
        if seen.insert(term.lowercased()).inserted { dictionary.append(next(5) == 0 ? term.uppercased() : term) }
    }
    return (corpus, dictionary)
}

func autocodeBenchmark(megabytes: Int) throws {
    let (corpus, terms) = autocodeInputs(bytes: megabytes << 20, terms: 1_000)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbench-autocode-benchmark")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let corpusFile = folder.appendingPathComponent("corpus.txt")
    let termsFile = folder.appendingPathComponent("terms.txt")
    try Data(corpus).write(to: corpusFile)
    try (terms.joined(separator: "\n") + "\n").write(to: termsFile, atomically: true, encoding: .utf8)

    var matcher = KeywordMatcher(keywords: [])
    let build = measure(repeats: 1) { matcher = KeywordMatcher(keywords: terms) }
    var ours = 0
    let seconds = measure {
        var count = 0
        corpus.withUnsafeBufferPointer { matcher.forEachLeftmostFirstMatch(in: $0) { _ in count += 1 } }
        ours = count
    }
    let megabytesScanned = Double(corpus.count) / 1_048_576
    print(String(format: "autocode: %.1f MB corpus, %d keywords (%d automaton states, built in %.3f s)",
                 megabytesScanned, terms.count, matcher.stateCount, build))
    print(String(format: "autocode: workbench matcher %.3f s, %.0f MB/s, %d matches (leftmost-first, non-overlapping)",
                 seconds, megabytesScanned / seconds, ours))

    guard let rg = ["/usr/bin/rg", "/usr/local/bin/rg"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else {
        print("autocode: ripgrep not found (apt-get install ripgrep) — no reference figure")
        return
    }
    func runRipgrep(_ arguments: [String]) throws -> (seconds: Double, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: rg)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = arguments.contains("--count-matches") ? pipe : FileHandle.nullDevice
        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        let data = arguments.contains("--count-matches") ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, String(decoding: data, as: UTF8.self))
    }
    var best = Double.infinity
    for _ in 0..<3 {
        best = min(best, try runRipgrep(["-i", "-F", "-o", "-f", termsFile.path, corpusFile.path]).seconds)
    }
    let counted = try runRipgrep(["-i", "-F", "--count-matches", "-f", termsFile.path, corpusFile.path])
    let theirs = Int(counted.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    print(String(format: "autocode: ripgrep (rg -i -F -o -f terms) %.3f s, %.0f MB/s, %d matches",
                 best, megabytesScanned / best, theirs))
    print(String(format: "autocode: same match count: %@; workbench / ripgrep throughput: %.2f×",
                 ours == theirs ? "yes" : "NO", best / seconds))
}

/// Writes a .docx of about `characters` characters of speaker turns and times reading it.
func docxBenchmark(characters: Int) throws {
    let speakers = ["Interviewer", "Teacher A", "Trainee B", "Science Coordinator"]
    let sentence = "We tried the new questioning routine with the café group and the children’s answers got longer. "
    var paragraphs: [String] = []
    var total = 0
    while total < characters {
        let text = "\(speakers[paragraphs.count % speakers.count]): "
            + String(repeating: sentence, count: 1 + paragraphs.count % 4)
        paragraphs.append(text)
        total += text.count + 1
    }
    let body = paragraphs.map { paragraph in
        let escaped = paragraph.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return "<w:p><w:r><w:t xml:space=\"preserve\">\(escaped)</w:t></w:r></w:p>"
    }.joined()
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/"
        + "wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("workbench-benchmark.docx")
    try? FileManager.default.removeItem(at: url)
    let archive = try Archive(url: url, accessMode: .create)
    let data = Data(xml.utf8)
    try archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(data.count),
                         compressionMethod: .deflate) { (position: Int64, size: Int) in
        data.subdata(in: Int(position)..<Int(position) + size)
    }
    var transcript = Transcript(text: "", turns: [])
    let seconds = measure { transcript = (try? TranscriptReader.read(url)) ?? transcript }
    print(String(format: "docx: %d characters, %d turns read (unzip, stream XML, normalise, find speaker turns) in %.3f s",
                 transcript.text.unicodeScalars.count, transcript.turns.count, seconds))
}

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "refi-phase" {
    try refiPhase(Array(arguments.dropFirst()))
    exit(0)
}
let participants = arguments.firstIndex(of: "--participants").flatMap { Int(arguments[$0 + 1]) } ?? 100_000
if arguments.isEmpty || arguments.contains("scoring") {
    try scoringBenchmark(participants: participants)
}
if arguments.isEmpty || arguments.contains("docx") {
    try docxBenchmark(characters: 300_000)
}
if arguments.isEmpty || arguments.contains("autocode") {
    let megabytes = arguments.firstIndex(of: "--megabytes").flatMap { Int(arguments[$0 + 1]) } ?? 50
    try autocodeBenchmark(megabytes: megabytes)
}
if arguments.contains("corpus") {
    let sizes = arguments.firstIndex(of: "--megabytes").map { arguments[$0 + 1].split(separator: ",").compactMap { Int($0) } }
    try corpusBenchmark(megabytes: sizes ?? [50], keep: arguments.contains("--keep"))
    exit(0)
}
if arguments.contains("web") {
    try await webBenchmark()
}
if arguments.isEmpty || arguments.contains("refi") {
    try refiBenchmark(sources: 2_000, codings: 200_000)
}
