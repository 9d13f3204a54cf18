import Foundation
public import Scoring
public import WorkbenchKit

/// The HTML report of a questionnaire's before/after comparison.
public enum InstrumentPage {
    /// A self-contained page: one dot-and-line plot per subscale and composite, then the comparison table.
    /// - Parameters:
    ///   - scoreRange: the lowest and highest possible score of each score id, for the plots' y axes.
    public static func html(instrument: PluginDescriptor, from before: String, to after: String,
                            rows: [ComparisonRow], scoreRange: [String: ClosedRange<Double>],
                            generated: String) -> String {
        var body = "<h2>Before and after, per participant</h2>\n<div class=\"charts\">\n"
        for row in rows {
            body += dotAndLinePlot(row, before: before, after: after,
                                   range: scoreRange[row.subscale] ?? fallbackRange(row)) + "\n"
        }
        body += "</div>\n<h2>Comparison</h2>\n" + table(rows) + notes(rows)
        return HTML.page(title: "\(instrument.displayName): \(before) → \(after)",
                         subtitle: "\(HTML.escape(instrument.reference)) · \(HTML.escape(generated))",
                         body: body)
    }

    private static func fallbackRange(_ row: ComparisonRow) -> ClosedRange<Double> {
        let values = row.pairs.flatMap { [$0.before, $0.after] }
        let low = (values.min() ?? 0).rounded(.down), high = (values.max() ?? 1).rounded(.up)
        return low...(high > low ? high : low + 1)
    }

    static func dotAndLinePlot(_ row: ComparisonRow, before: String, after: String,
                               range: ClosedRange<Double>) -> String {
        let width = 320.0, height = 260.0
        let left = 52.0, right = 20.0, top = 30.0, bottom = 48.0
        let plotHeight = height - top - bottom
        let xBefore = left + 50, xAfter = width - right - 50
        func y(_ value: Double) -> Double {
            top + plotHeight * (1 - (value - range.lowerBound) / (range.upperBound - range.lowerBound))
        }
        var svg = """
        <figure><svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
        viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(HTML.escape(row.label)): scores before and after">
        <title>\(HTML.escape(row.label)): \(row.n) participants scored on both occasions</title>
        <text x="\(Int(width / 2))" y="16" text-anchor="middle" font-size="13" font-weight="600">\(HTML.escape(row.label))</text>

        """
        let step = niceStep(range.upperBound - range.lowerBound)
        var tick = (range.lowerBound / step).rounded(.up) * step
        while tick <= range.upperBound + 1e-9 {
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" stroke=\"#e3e3e3\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(tick) + 4)\" text-anchor=\"end\" font-size=\"11\">\(HTML.number(tick, step < 1 ? 1 : 0))</text>\n"
            tick += step
        }
        svg += "<line x1=\"\(left)\" x2=\"\(left)\" y1=\"\(top)\" y2=\"\(top + plotHeight)\" stroke=\"#555\"/>\n"
        svg += "<text transform=\"translate(14 \(top + plotHeight / 2)) rotate(-90)\" text-anchor=\"middle\" font-size=\"11\">"
            + "Score (\(HTML.number(range.lowerBound, 0))–\(HTML.number(range.upperBound, 0)))</text>\n"
        for pair in row.pairs {
            let colour = pair.after > pair.before ? "#2166ac" : (pair.after < pair.before ? "#b2182b" : "#777")
            svg += "<line x1=\"\(xBefore)\" y1=\"\(y(pair.before))\" x2=\"\(xAfter)\" y2=\"\(y(pair.after))\" "
                + "stroke=\"\(colour)\" stroke-opacity=\".55\"><title>\(HTML.escape(pair.participant)): "
                + "\(HTML.number(pair.before)) → \(HTML.number(pair.after))</title></line>"
            svg += "<circle cx=\"\(xBefore)\" cy=\"\(y(pair.before))\" r=\"3.5\" fill=\"\(colour)\"/>"
            svg += "<circle cx=\"\(xAfter)\" cy=\"\(y(pair.after))\" r=\"3.5\" fill=\"\(colour)\"/>\n"
        }
        if let meanBefore = row.meanBefore, let meanAfter = row.meanAfter {
            svg += "<line x1=\"\(xBefore)\" y1=\"\(y(meanBefore))\" x2=\"\(xAfter)\" y2=\"\(y(meanAfter))\" "
                + "stroke=\"#111\" stroke-width=\"3\"><title>Mean: \(HTML.number(meanBefore)) → \(HTML.number(meanAfter))</title></line>\n"
        }
        let axisY = top + plotHeight + 18
        svg += "<text x=\"\(xBefore)\" y=\"\(axisY)\" text-anchor=\"middle\" font-size=\"12\">\(HTML.escape(before))</text>"
        svg += "<text x=\"\(xAfter)\" y=\"\(axisY)\" text-anchor=\"middle\" font-size=\"12\">\(HTML.escape(after))</text>\n"
        svg += "<text x=\"\(Int(width / 2))\" y=\"\(Int(height - 8))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#444\">"
            + "Occasion · n = \(row.n) · black line: mean</text>\n</svg>\n"
        svg += "<figcaption>\(HTML.escape(row.label)): mean \(HTML.number(row.meanBefore)) → \(HTML.number(row.meanAfter)) "
            + "(n = \(row.n)). Blue: up, red: down, grey: no change.</figcaption></figure>"
        return svg
    }

    private static func niceStep(_ span: Double) -> Double {
        for step in [0.5, 1, 2, 5, 10, 20, 50, 100] where span / step <= 10 { return step }
        return span / 10
    }

    private static func table(_ rows: [ComparisonRow]) -> String {
        var html = """
        <table><thead><tr><th>Score</th><th>n</th><th>Mean before</th><th>Mean after</th><th>Mean difference</th>\
        <th>SD of differences</th><th>95% CI of the difference</th><th>t</th><th>df</th><th>p (t)</th>\
        <th>Wilcoxon W</th><th>p (W)</th><th>d<sub>z</sub></th><th>g<sub>z</sub> (exact J)</th>\
        <th>g<sub>z</sub> (approx. J)</th><th>Reliable change</th></tr></thead><tbody>

        """
        for row in rows {
            let reliable = row.reliableChange.map {
                "±\(HTML.number($0)): \(row.reliablyImproved ?? 0) up, \(row.reliablyDeclined ?? 0) down"
            } ?? "–"
            html += "<tr><td>\(HTML.escape(row.label))</td><td>\(row.n)</td><td>\(HTML.number(row.meanBefore))</td>"
                + "<td>\(HTML.number(row.meanAfter))</td><td>\(HTML.number(row.meanDifference))</td>"
                + "<td>\(HTML.number(row.sdDifference))</td><td>\(interval(row))</td><td>\(HTML.number(row.t))</td>"
                + "<td>\(row.df.map(String.init) ?? "–")</td><td>\(HTML.p(row.p))</td>"
                + "<td>\(HTML.number(row.wilcoxon?.statistic, 1))</td><td>\(HTML.p(row.wilcoxon?.p))</td>"
                + "<td>\(HTML.number(row.cohenDz))</td><td>\(HTML.number(row.hedgesGz))</td>"
                + "<td>\(HTML.number(row.hedgesGzApproximate))</td><td>\(reliable)</td></tr>\n"
        }
        return html + "</tbody></table>\n" + warnings(rows)
    }

    private static func interval(_ row: ComparisonRow) -> String {
        guard let low = row.confidenceLow, let high = row.confidenceHigh else { return "–" }
        return "[\(HTML.number(low)), \(HTML.number(high))]"
    }

    /// Every score's warnings, as a list below the table.
    private static func warnings(_ rows: [ComparisonRow]) -> String {
        let items = rows.flatMap { row in
            row.warnings.map { "<li>\(HTML.escape(row.label)): \(HTML.escape($0))</li>" }
        }
        return items.isEmpty ? "" : "<ul class=\"warnings\">\(items.joined())</ul>\n"
    }

    private static func notes(_ rows: [ComparisonRow]) -> String {
        let methods = Set(rows.compactMap { $0.wilcoxon?.method }).sorted().joined(separator: "; ")
        return """
        <p class="note">Participants scored on both occasions only. t: paired t-test (two-sided). W: Wilcoxon \
        signed-rank, min(W+, W−), zero differences dropped; p by \(HTML.escape(methods.isEmpty ? "–" : methods)). \
        d<sub>z</sub> = mean difference ÷ SD of differences; g<sub>z</sub> = d<sub>z</sub> × J, with the exact \
        J = Γ(df/2) ÷ (√(df/2) Γ((df−1)/2)) and with the approximation J = 1 − 3/(4·df − 1), df = n − 1. The 95% \
        confidence interval of the mean difference is from the paired t. These single-group effect sizes are not comparable with between-group effect sizes such as \
        the EEF's. Reliable change: 1.96 × SD × √2 × √(1 − α), from the instrument's published norms.</p>

        """
    }
}
