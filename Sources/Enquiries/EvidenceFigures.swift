import WorkbenchKit
public import FrameworkAnalysis
public import Scoring

/// The figures each kind of evidence gives, from the engines' results: the keys success criteria
/// name, with labels and provenance, and the before/after changes the log charts.
public enum EvidenceFigures {
    /// A questionnaire's before/after comparison: per score, the means before and after, the mean
    /// change and d_z (`INSTRUMENT.SCORE.before|after|change|dz`).
    /// - Parameter scale: the range of the instrument's response scale, which its charts span.
    public static func comparison(_ rows: [ComparisonRow], instrument: String, reference: String, from: String,
                                  to: String, scale: ClosedRange<Double>? = nil, into item: inout EvidenceLog.Evidence) {
        item.provenance = "\(reference), answers on '\(from)' and '\(to)', paired by participant"
        for row in rows {
            let key = "\(instrument).\(row.subscale)"
            let place = "\(reference) \(row.label), n = \(row.n) pairs"
            if let before = row.meanBefore, let after = row.meanAfter {
                item.changes.append(.init(label: row.label, before: before, after: after, scale: scale))
                item.figures += [.init(key: "\(key).before", label: "\(row.label): mean before", value: before, provenance: place),
                                 .init(key: "\(key).after", label: "\(row.label): mean after", value: after, provenance: place)]
            }
            if let change = row.meanDifference {
                item.figures.append(.init(key: "\(key).change", label: "\(row.label): mean change", value: change,
                                          provenance: place + ", paired differences"))
            }
            if let dz = row.cohenDz {
                item.figures.append(.init(key: "\(key).dz", label: "\(row.label): effect size d_z", value: dz, provenance: place))
            }
            item.warnings += row.warnings.map { "\(row.label): \($0)" }
        }
    }

    /// A maturity-matrix audit's change: levels moved per strand and the strands that moved up
    /// (`MATRIX.STRAND.change`, `MATRIX.strands-improved`).
    public static func audit(_ report: AuditReport, from: String, to: String, into item: inout EvidenceLog.Evidence) {
        item.provenance = "\(report.matrix.reference), median level of the respondents on '\(from)' and '\(to)'"
        var improved = 0
        let ranks = report.definition.levels.map { Double($0.rank) }
        let scale = ranks.min().flatMap { low in ranks.max().map { low...$0 } }
        for strand in report.definition.strands {
            guard let before = report.result(strand: strand.id, occasion: from),
                  let after = report.result(strand: strand.id, occasion: to) else { continue }
            let change = Double(after.median.rank - before.median.rank)
            if change > 0 { improved += 1 }
            item.changes.append(.init(label: strand.name, before: Double(before.median.rank), after: Double(after.median.rank),
                                      scale: scale))
            item.figures.append(.init(key: "\(report.matrix.id).\(strand.id).change",
                                      label: "\(strand.name): levels moved (\(before.median.label) → \(after.median.label))",
                                      value: change, provenance: "\(report.matrix.reference), n = \(after.n) respondents",
                                      isCount: true))
        }
        item.figures.append(.init(key: "\(report.matrix.id).strands-improved", label: "Strands moved up a level or more",
                                  value: Double(improved), provenance: report.matrix.reference, isCount: true))
    }

    /// One measure of a measurement file: the means before and after over the participants with
    /// both, the mean gain, and the gain per month (`MEASURE.before|after|gain|gain-per-month`).
    /// - Parameters:
    ///   - before, after: each participant's value on the two occasions.
    ///   - key: the measure's name as a key (lower-case words joined by hyphens).
    /// - Throws: ``EnquiryError`` when no participant has the measure on both occasions.
    public static func measures(before: [String: Double], after: [String: Double], file: String, measure: String,
                                key: String, from: String, to: String, months: Double?,
                                into item: inout EvidenceLog.Evidence) throws(EnquiryError) {
        item.provenance = "\(file), measure '\(measure)', occasions '\(from)' and '\(to)'"
        let paired = before.keys.filter { after[$0] != nil }.sorted()
        guard !paired.isEmpty else {
            throw EnquiryError("\(file): no participant has '\(measure)' on both '\(from)' and '\(to)'")
        }
        let n = Double(paired.count)
        let meanBefore = paired.reduce(0) { $0 + before[$1]! } / n
        let meanAfter = paired.reduce(0) { $0 + after[$1]! } / n
        let gain = meanAfter - meanBefore
        let place = "\(file), \(paired.count) participants with both"
        item.figures = [
            .init(key: "\(key).before", label: "\(measure): mean on '\(from)'", value: meanBefore, provenance: place),
            .init(key: "\(key).after", label: "\(measure): mean on '\(to)'", value: meanAfter, provenance: place),
            .init(key: "\(key).gain", label: "\(measure): mean gain", value: gain, provenance: place),
        ]
        if let months, months > 0 {
            item.figures.append(.init(key: "\(key).gain-per-month", label: "\(measure): mean gain per month",
                                      value: gain / months,
                                      provenance: place + ", over \(EvidenceDetail.text(ofMonths: months)) months"))
        }
        item.changes = [.init(label: measure, before: meanBefore, after: meanAfter)]
    }

    /// A framework theme: its distinct coded passages (overlapping codings in one case merged,
    /// whoever made them) and the cases with passages (`FRAMEWORK.THEME.passages|cases`), the
    /// cells' summaries, and up to six quotes, one per passage, a researcher's coding before the
    /// auto-coder's, researchers' passages first. The provenance names the coders counted.
    /// - Parameter automatic: the auto-coder's codings, as `source:start:end:coder`.
    public static func theme(_ chart: FrameworkChart, theme: String, automatic: Set<String>,
                             into item: inout EvidenceLog.Evidence) {
        guard let column = chart.themes.firstIndex(where: { $0.id == theme }) else { return }
        let cells = chart.cells.map { $0[column] }.filter { $0.count > 0 || $0.summary != nil }
        let framework = String(chart.framework.split(separator: "@")[0])
        let coders = Set(cells.flatMap(\.passages).map(\.coder)).sorted()
        let codedBy = coders.isEmpty ? "no coder yet" : "coded by " + coders.joined(separator: ", ")
        item.provenance = "\(chart.framework), theme \(theme) '\(chart.themes[column].name)', \(codedBy)"
        item.figures = [
            .init(key: "\(framework).\(theme).passages", label: "Coded passages",
                  value: Double(cells.reduce(0) { $0 + $1.count }),
                  provenance: chart.framework + ", distinct passages (overlapping codings count once), " + codedBy,
                  isCount: true),
            .init(key: "\(framework).\(theme).cases", label: "Cases with passages",
                  value: Double(cells.filter { $0.count > 0 }.count), provenance: chart.framework, isCount: true),
        ]
        item.summaries = cells.compactMap { cell in cell.summary.map { "\(cell.caseName): \($0)" } }
        func isAutomatic(_ passage: FrameworkChart.Passage) -> Bool {
            automatic.contains("\(passage.source):\(passage.start):\(passage.end):\(passage.coder)")
        }
        // Up to six quotes, each distinct passage once: passages a researcher coded first, quoting
        // a researcher's coding; then passages only the auto-coder found.
        quoting: for automaticPass in [false, true] {
            for cell in cells {
                for passage in cell.distinctPassages where passage.codings.allSatisfy(isAutomatic) == automaticPass {
                    guard item.quotes.count < 6 else { break quoting }
                    let quoted = passage.quoted { !isAutomatic($0) }
                    item.quotes.append(.init(text: quoted.quote, caseName: cell.caseName, source: passage.source,
                                             start: quoted.start, end: quoted.end,
                                             coder: passage.coders.joined(separator: ", ")))
                }
            }
        }
    }
}

extension EvidenceLog.Criterion {
    /// A criterion evaluated against a cycle's evidence: the latest evidence that gives its measure decides.
    public init(description: String, measure: String, comparison: Comparison, threshold: Double,
                evidence: [EvidenceLog.Evidence]) {
        let found = evidence.last { $0.figures.contains { $0.key == measure } }
        let figure = found?.figures.last { $0.key == measure }
        let value = figure?.value
        self.init(description: description, measure: measure, comparison: comparison, threshold: threshold,
                  status: CriterionStatus(value: value, comparison, threshold), value: value, evidence: found?.title)
        measureWords = figure?.label
        isCount = figure?.isCount ?? false
    }
}
