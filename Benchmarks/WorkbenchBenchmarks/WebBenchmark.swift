import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ProjectStore
import WorkbenchCore
import WorkbenchWeb

/// The coding view at corpus scale: a 300,000-character transcript with 2,000 codings, served by
/// the real web app on loopback. Prints the time to answer the page (server render and transfer),
/// the time to save a coding, and, when the browser-test environment exists, how long Chromium
/// takes until the page is ready (its script has run).
func webBenchmark() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wb-web-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let project = try WorkbenchProject.create(at: folder.appendingPathComponent("project"))
    // About 300,000 characters in turns of about 100, with accents and emoji on the way.
    var text = ""
    var length = 0
    var turn = 0
    let words = ["the", "pupils", "réflexion", "modelling", "debrief", "confidence", "science", "lesson", "😀", "naïve",
                 "teacher", "questions", "enquiry", "partnership", "reading"]
    while length < 300_000 {
        var line = turn % 2 == 0 ? "Interviewer: " : "Teacher \(turn % 7): "
        for index in 0..<14 { line += words[(turn * 7 + index * 3) % words.count] + " " }
        line += "\n"
        text += line
        length += line.unicodeScalars.count
        turn += 1
    }
    let file = folder.appendingPathComponent("long-interview.txt")
    try text.write(to: file, atomically: true, encoding: .utf8)
    try project.coding.importTranscripts([file])
    let themes = ["change.trainees", "change.staff", "change.pupils", "mechanism.modelling", "mechanism.reflection"]
    let source = try project.store.sources()[0]
    let codings = (0..<2000).map { index in
        let start = (index * 149) % (length - 400)
        return CodingRecord(sourceID: source.id!, start: start, end: start + 60 + index % 200, framework: "hope-challenge",
                            frameworkVersion: "1.0.0", theme: themes[index % themes.count],
                            coder: ["Researcher 1", "Researcher 2", "autocode"][index % 3], automatic: index % 3 == 2,
                            createdAt: Date())
    }
    try project.store.change(ChangeNote(action: "bench", summary: "Benchmark codings", actor: "bench")) {
        try project.store.add(codings: codings)
    }

    var read = Double.infinity
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try project.coding.forCoding(source: "long-interview.txt")
        read = min(read, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    print(String(format: "web: reading the transcript, its turns and codings for the coding view (core): %.1f ms", read * 1000))

    let app = WebApp(folder: project.store.folder)
    let ready = AsyncStream<Int>.makeStream()
    let server = Task { try await app.run(port: 0) { ready.continuation.yield($0) } }
    defer { server.cancel() }
    var iterator = ready.stream.makeAsyncIterator()
    guard let port = await iterator.next() else { return }
    let root = "http://127.0.0.1:\(port)"
    let session = URLSession(configuration: .ephemeral)
    let cookie = "workbench_session=\(app.token)"
    let page = "\(root)/coding?source=long-interview.txt&framework=hope-challenge"

    var serverTimes: [Double] = []
    func timed(_ request: URLRequest) async throws -> (Double, Int, Int) {
        let start = DispatchTime.now().uptimeNanoseconds
        let (data, response) = try await session.data(for: request)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let timing = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Server-Timing") ?? ""
        if let match = timing.firstMatch(of: /dur=([0-9.]+)/), let value = Double(match.1) { serverTimes.append(value / 1000) }
        return (seconds, (response as? HTTPURLResponse)?.statusCode ?? 0, data.count)
    }
    func summary(_ times: [Double]) -> String {
        let sorted = times.sorted()
        return String(format: "median %.1f ms, p95 %.1f ms, best %.1f ms", sorted[sorted.count / 2] * 1000,
                      sorted[min(sorted.count - 1, sorted.count * 95 / 100)] * 1000, sorted[0] * 1000)
    }

    var get = URLRequest(url: URL(string: page)!)
    get.setValue(cookie, forHTTPHeaderField: "Cookie")
    var pageTimes: [Double] = []
    var bytes = 0
    for _ in 0..<21 {
        let (seconds, status, size) = try await timed(get)
        precondition(status == 200, "the coding view answered \(status)")
        pageTimes.append(seconds)
        bytes = size
    }
    print(String(format: "web: coding view of a %d-character transcript (%d turns) with %d codings: %.0f KB; ",
                 length, turn, codings.count, Double(bytes) / 1024) + "built on the server: "
          + summary(Array(serverTimes.dropFirst())) + "; answered over HTTP: " + summary(Array(pageTimes.dropFirst())))

    // The page's CSRF token, as a browser would read it from the form.
    let html = String(decoding: try await session.data(for: get).0, as: UTF8.self)
    let csrf = html.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/).map { String($0.1) } ?? ""
    var saveTimes: [Double] = []
    for index in 0..<50 {
        var post = URLRequest(url: URL(string: "\(root)/codings")!)
        post.httpMethod = "POST"
        post.setValue(cookie, forHTTPHeaderField: "Cookie")
        post.setValue("application/json", forHTTPHeaderField: "Accept")
        post.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        let start = 1000 + index * 977
        post.httpBody = Data(("csrf=\(csrf)&source=long-interview.txt&framework=hope-challenge&theme=mechanism.modelling"
                              + "&coder=Bench&start=\(start)&end=\(start + 80)").utf8)
        let (seconds, status, _) = try await timed(post)
        precondition(status == 200, "saving a coding answered \(status)")
        saveTimes.append(seconds)
    }
    print("web: saving a coding (one journaled change, answered in JSON): " + summary(saveTimes))

    // Chromium, when the browser tests' environment is there (scripts in Tests/Browser make it).
    let python = URL(fileURLWithPath: ".build-browser/venv/bin/python")
    let script = URL(fileURLWithPath: "Benchmarks/coding_view_ready.py")
    if FileManager.default.isExecutableFile(atPath: python.path), FileManager.default.fileExists(atPath: "/usr/bin/chromium") {
        fflush(nil)
        let process = Process()
        process.executableURL = python
        process.arguments = [script.path, root, app.token, page]
        try process.run()
        process.waitUntilExit()
    } else {
        print("web: Chromium timing skipped (run .ci/run once to make .build-browser/venv)")
    }
}
