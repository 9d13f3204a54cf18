import PluginHost
import Scoring
import WorkbenchKit

// The measures a success criterion can name: the keys of the figures evidence gives.

extension EnquiryCycles {
    /// Every measure the project's plugins can give a figure for, e.g. `tses-long.TSES.change`,
    /// `tsa-maturity-matrix.jpd.mentoring_coaching.change` or `hope-challenge.confidence.passages`.
    public func measures() throws -> [String] {
        var keys: [String] = []
        let registry = try self.registry()
        var seen = Set<String>()
        for entry in registry.entries where seen.insert("\(entry.descriptor.kind.rawValue):\(entry.descriptor.id)").inserted {
            let id = entry.descriptor.id
            switch entry.descriptor.kind {
            case .questionnaire:
                let (_, questionnaire) = try self.questionnaire(id)
                for definition in QuestionnaireScorer(questionnaire).scoreDefinitions {
                    keys += ["before", "after", "change", "dz"].map { "\(id).\(definition.id).\($0)" }
                }
            case .maturityMatrix:
                let (_, matrix) = try self.matrix(id)
                keys += matrix.strands.map { "\(id).\($0.id).change" } + ["\(id).strands-improved"]
            case .codingFramework:
                let (_, framework) = try self.framework(id)
                keys += framework.allThemes.flatMap { ["\(id).\($0.theme.id).passages", "\(id).\($0.theme.id).cases"] }
            default:
                break
            }
        }
        let (_, draft) = try draftFramework()
        keys += draft.allThemes.flatMap {
            ["\(Self.draftFrameworkID).\($0.theme.id).passages", "\(Self.draftFrameworkID).\($0.theme.id).cases"]
        }
        return keys
    }

    /// Checks that a criterion's measure is one evidence can give: a plugin's figure, or a
    /// measurement file's `NAME.before|after|gain|gain-per-month`.
    /// - Throws: ``WorkbenchError`` listing the valid measures nearest the one given.
    func checkMeasure(_ measure: String) throws {
        let known = try measures()
        if known.contains(measure) { return }
        let pluginIDs = Set(try registry().entries.map(\.descriptor.id)).union([Self.draftFrameworkID])
        if let match = measure.wholeMatch(of: /([a-z0-9][a-z0-9\-]*)\.(before|after|gain|gain-per-month)/),
           !pluginIDs.contains(String(match.1)) {
            return
        }
        let nearest = known.sorted { WorkbenchProject.editDistance($0, measure) < WorkbenchProject.editDistance($1, measure) }.prefix(6)
        throw WorkbenchError("unknown measure '\(measure)'; nearest: \(nearest.joined(separator: ", ")) "
                             + "(or NAME.gain, NAME.before, NAME.after, NAME.gain-per-month for a measurement file)",
                             code: .notFound, field: "criterion", value: measure)
    }
}

extension WorkbenchProject {
    /// The edit distance between two strings (insertions, deletions and substitutions of characters).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
