public import Foundation
import PluginHost
import ProjectStore
import Reports
import Scoring
import StagedFiles
import WorkbenchKit

extension Instruments {
    /// Writes the HTML report of an instrument: for a questionnaire, the comparison of two occasions
    /// (default: the first and last with answers); for a maturity matrix, the audit over its occasions.
    /// The file is written whole or not at all.
    /// - Returns: a one-line description of what was written.
    @discardableResult
    public func writeReport(_ instrument: String, to file: URL, from: String? = nil, to later: String? = nil,
                            radar: Bool = false) throws -> String {
        let entry = try registry().entry(instrument)
        let generated = "made by R&D Workbench \(workbenchVersion) on " + Self.today()
        let html: String
        let summary: String
        switch entry.plugin {
        case is any MaturityMatrixPlugin:
            let report = try project.audits.audit(instrument)
            html = AuditPage.html(report, radar: radar, generated: generated)
            summary = "audit of \(report.matrix.reference) over \(report.occasions.count) occasion(s)"
        case let plugin as any QuestionnairePlugin:
            let occasions = try store.occasions(instrument: plugin.descriptor.id)
            guard let before = from ?? occasions.first, let after = later ?? occasions.last, before != after else {
                throw WorkbenchError("\(plugin.descriptor.id) needs answers on two occasions for a report "
                                 + "(has: \(occasions.isEmpty ? "none" : occasions.joined(separator: ", "))); "
                                 + "choose the two occasions", field: "from")
            }
            let rows = try compare(instrument, from: before, to: after)
            let (descriptor, questionnaire) = try self.questionnaire(try scores(instrument, occasion: before)
                .instrument.reference)
            html = InstrumentPage.html(instrument: descriptor, from: before, to: after, rows: rows,
                                       scoreRange: Self.scoreRanges(questionnaire), generated: generated)
            summary = "comparison of \(descriptor.reference), \(before) → \(after)"
        default:
            throw WorkbenchError("\(entry.descriptor.reference) is a \(entry.descriptor.kind.displayName); reports "
                             + "cover questionnaires and maturity matrices")
        }
        try StagedOutput.write(Data(html.utf8), to: file)
        return summary
    }

    /// The possible range of each score, from the scales of its items and its aggregate.
    static func scoreRanges(_ questionnaire: Questionnaire) -> [String: ClosedRange<Double>] {
        var ranges: [String: ClosedRange<Double>] = [:]
        func itemRange(_ keys: [Questionnaire.ItemKey]) -> ClosedRange<Double>? {
            let scales = keys.compactMap { key in questionnaire.items.first { $0.id == key.item }.flatMap(questionnaire.scale) }
            let lows = scales.compactMap { $0.min ?? $0.options.compactMap(\.score).min() }
            let highs = scales.compactMap { $0.max ?? $0.options.compactMap(\.score).max() }
            guard let low = lows.min(), let high = highs.max(), high > low else { return nil }
            return low...high
        }
        for subscale in questionnaire.subscales {
            guard let range = itemRange(subscale.items) else { continue }
            let k = Double(subscale.items.count)
            ranges[subscale.id] = subscale.aggregate == .mean ? range : (range.lowerBound * k)...(range.upperBound * k)
        }
        for composite in questionnaire.composites {
            let k = Double(composite.subscales.isEmpty ? composite.items.count : composite.subscales.count)
            let base = composite.subscales.isEmpty ? itemRange(composite.items)
                : composite.subscales.compactMap { ranges[$0] }.reduce(nil as ClosedRange<Double>?) { result, next in
                    result.map { min($0.lowerBound, next.lowerBound)...max($0.upperBound, next.upperBound) } ?? next
                }
            guard let base else { continue }
            ranges[composite.id] = composite.aggregate == .mean ? base : (base.lowerBound * k)...(base.upperBound * k)
        }
        return ranges
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.dateFormat = "d MMMM yyyy"
        return formatter.string(from: Date())
    }
}
