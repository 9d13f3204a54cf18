import PluginHost
import Scoring
import WorkbenchKit

// The measures a success criterion can name: the keys of the figures evidence gives.

/// A measure a success criterion can name, with the words for it: what a criterion builder offers
/// as menus (instrument → part → statistic) and what the evidence log says instead of the key.
public struct MeasureOption: Sendable, Hashable, Codable {
    /// The key criteria store, e.g. `tses-long.TSES.dz`.
    public var key: String
    /// The plugin it comes from, and its name.
    public var instrument: String
    public var instrumentName: String
    /// The subscale, strand or theme (nil for a figure of the whole instrument), and its name.
    public var part: String?
    public var partName: String?
    /// The statistic (`before`, `after`, `change`, `dz`, `passages`, `cases`, `strands-improved`), in words.
    public var statistic: String
    public var statisticName: String
    /// Whether the figure is a count (shown as a whole number).
    public var isCount: Bool

    /// The measure in words, e.g. "Teacher efficacy (TSES), efficacy overall: effect size (Cohen's dz)".
    public var words: String {
        "\(instrumentName)\(partName.map { ", \($0)" } ?? ""): \(statisticName)"
    }
}

extension EnquiryCycles {
    /// Every measure the project's plugins can give a figure for, e.g. `tses-long.TSES.change`,
    /// `tsa-maturity-matrix.jpd.mentoring_coaching.change` or `hope-challenge.confidence.passages`.
    public func measures() throws -> [String] { try measureOptions().map(\.key) }

    /// Every measure with its words, in the plugins' order.
    public func measureOptions() throws -> [MeasureOption] {
        var options: [MeasureOption] = []
        let registry = try self.registry()
        var seen = Set<String>()
        func add(_ id: String, _ name: String, _ part: (id: String, name: String)?, _ statistic: String, _ words: String,
                 count: Bool = false) {
            options.append(MeasureOption(key: [id, part?.id, statistic].compactMap { $0 }.joined(separator: "."),
                                         instrument: id, instrumentName: name, part: part?.id, partName: part?.name,
                                         statistic: statistic, statisticName: words, isCount: count))
        }
        let questionnaireStatistics = [("before", "mean before"), ("after", "mean after"),
                                       ("change", "change in the mean (after − before)"), ("dz", "effect size (Cohen's dz)")]
        let themeStatistics = [("passages", "coded passages"), ("cases", "cases with coded passages")]
        for entry in registry.entries where seen.insert("\(entry.descriptor.kind.rawValue):\(entry.descriptor.id)").inserted {
            let id = entry.descriptor.id, name = entry.descriptor.displayName
            switch entry.descriptor.kind {
            case .questionnaire:
                let (_, questionnaire) = try self.questionnaire(id)
                for definition in QuestionnaireScorer(questionnaire).scoreDefinitions {
                    for (statistic, words) in questionnaireStatistics {
                        add(id, name, (definition.id, definition.label), statistic, words)
                    }
                }
            case .maturityMatrix:
                let (_, matrix) = try self.matrix(id)
                for strand in matrix.strands { add(id, name, (strand.id, strand.name), "change", "change in level") }
                add(id, name, nil, "strands-improved", "strands that moved up a level", count: true)
            case .codingFramework:
                let (_, framework) = try self.framework(id)
                for theme in framework.allThemes.map(\.theme) {
                    for (statistic, words) in themeStatistics { add(id, name, (theme.id, theme.name), statistic, words, count: true) }
                }
            default:
                break
            }
        }
        let (_, draft) = try draftFramework()
        for theme in draft.allThemes.map(\.theme) {
            for (statistic, words) in themeStatistics {
                add(Self.draftFrameworkID, "Draft framework", (theme.id, theme.name), statistic, words, count: true)
            }
        }
        return options
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
