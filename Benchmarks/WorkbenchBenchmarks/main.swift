// Throughput benchmarks that print figures. Run in release mode:
//     swift run -c release workbench-benchmarks [scoring] [--participants N]
import Foundation
import PluginHost
import Scoring
import WorkbenchKit

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

let arguments = CommandLine.arguments.dropFirst()
let participants = arguments.firstIndex(of: "--participants").flatMap { Int(arguments[$0 + 1]) } ?? 100_000
if arguments.isEmpty || arguments.contains("scoring") {
    try scoringBenchmark(participants: participants)
}
