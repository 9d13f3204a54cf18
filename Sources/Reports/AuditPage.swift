import Foundation
public import Scoring
import WorkbenchKit

/// The HTML report of a maturity-matrix audit over its occasions.
public enum AuditPage {
    /// A self-contained page: a strand × occasion heat map of median levels, the table of results
    /// and, if asked for, a radar chart of the first and last occasions.
    public static func html(_ report: AuditReport, radar: Bool, generated: String) -> String {
        var body = "<h2>Median level per strand and occasion</h2>\n" + heatMap(report)
        if radar, report.occasions.count >= 1 { body += "<h2>Radar view</h2>\n" + radarChart(report) }
        body += "<h2>Results</h2>\n" + table(report) + evidence(report)
        body += """
        <p class="note">Each cell is the median of the respondents' best-fit levels (the lower middle level when \
        their number is even), with the range of judgements and n, the number of judgements. Levels are ordered \
        categories and are never averaged.</p>

        """
        return HTML.page(title: "\(report.matrix.displayName): audit",
                         subtitle: "\(HTML.escape(report.matrix.reference)) · occasions: "
                            + report.occasions.map(HTML.escape).joined(separator: ", ") + " · \(HTML.escape(generated))",
                         body: body)
    }

    /// A colour per level rank, light to dark, spread evenly over a sequential palette.
    static func colour(rank: Int, of count: Int) -> (fill: String, text: String) {
        let palette = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
        let position = count > 1 ? Double(rank - 1) / Double(count - 1) : 0
        let index = min(max(Int((position * Double(palette.count - 1)).rounded()), 0), palette.count - 1)
        return (palette[index], index >= 4 ? "#fff" : "#111")
    }

    static func heatMap(_ report: AuditReport) -> String {
        let strands = report.definition.strands
        let levels = report.definition.levels
        let labelWidth = 300.0, cellWidth = 130.0, cellHeight = 30.0, top = 40.0
        let width = labelWidth + cellWidth * Double(report.occasions.count) + 20
        let height = top + cellHeight * Double(strands.count) + 70
        var svg = """
        <figure><svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
        viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="Heat map of median levels by strand and occasion">
        <title>Median level by strand (rows) and occasion (columns)</title>

        """
        for (column, occasion) in report.occasions.enumerated() {
            let x = labelWidth + cellWidth * (Double(column) + 0.5)
            svg += "<text x=\"\(x)\" y=\"\(top - 12)\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"600\">\(HTML.escape(occasion))</text>\n"
        }
        for (row, strand) in strands.enumerated() {
            let y = top + cellHeight * Double(row)
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + cellHeight / 2 + 4)\" text-anchor=\"end\" font-size=\"11\">\(HTML.escape(shorten(strand.name)))</text>\n"
            for (column, occasion) in report.occasions.enumerated() {
                let x = labelWidth + cellWidth * Double(column)
                guard let result = report.result(strand: strand.id, occasion: occasion) else {
                    svg += "<rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cellWidth - 2)\" height=\"\(cellHeight - 2)\" fill=\"#fff\" stroke=\"#ddd\"/>"
                    svg += "<text x=\"\(x + cellWidth / 2)\" y=\"\(y + cellHeight / 2 + 4)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#888\">not judged</text>\n"
                    continue
                }
                let (fill, text) = colour(rank: result.median.rank, of: levels.count)
                svg += "<rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cellWidth - 2)\" height=\"\(cellHeight - 2)\" fill=\"\(fill)\">"
                    + "<title>\(HTML.escape(strand.name)), \(HTML.escape(occasion)): \(HTML.escape(result.median.label)) "
                    + "(range \(HTML.escape(result.lowest.label))–\(HTML.escape(result.highest.label)), n = \(result.n))</title></rect>"
                svg += "<text x=\"\(x + cellWidth / 2)\" y=\"\(y + cellHeight / 2 + 4)\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(text)\">"
                    + "\(HTML.escape(result.median.label)) · n=\(result.n)</text>\n"
            }
        }
        let legendY = top + cellHeight * Double(strands.count) + 24
        svg += "<text x=\"0\" y=\"\(legendY + 12)\" font-size=\"11\">Level (ordinal):</text>"
        for (index, level) in levels.enumerated() {
            let x = 100 + Double(index) * 110
            let (fill, _) = colour(rank: level.rank, of: levels.count)
            svg += "<rect x=\"\(x)\" y=\"\(legendY)\" width=\"16\" height=\"16\" fill=\"\(fill)\" stroke=\"#999\"/>"
            svg += "<text x=\"\(x + 22)\" y=\"\(legendY + 12)\" font-size=\"11\">\(level.rank) \(HTML.escape(level.label))</text>"
        }
        return svg + "\n</svg><figcaption>Rows: strands in the matrix's order; columns: occasions; colour: median "
            + "level; n: number of judgements.</figcaption></figure>\n"
    }

    /// Radar of median ranks: axes in the matrix's strand order, scale starting at the lowest level,
    /// first and last occasions overlaid (as INSTRUMENTS.md §7.3 asks of an optional radar).
    static func radarChart(_ report: AuditReport) -> String {
        let strands = report.definition.strands
        let levels = report.definition.levels
        let size = 560.0, width = 820.0, centreX = width / 2, centre = size / 2, radius = 180.0
        let chosen = report.occasions.count > 1 ? [report.occasions.first!, report.occasions.last!] : [report.occasions[0]]
        let styles = [("#6baed6", "4 3"), ("#08519c", "")]
        func point(_ index: Int, _ rank: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(index) / Double(strands.count)
            let r = radius * rank / Double(max(levels.count, 1))
            return (centreX + r * cos(angle), centre + r * sin(angle))
        }
        var svg = """
        <figure><svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(size + 30))" \
        viewBox="0 0 \(Int(width)) \(Int(size + 30))" role="img" aria-label="Radar chart of median levels">
        <title>Median level per strand, \(chosen.map(HTML.escape).joined(separator: " and "))</title>

        """
        for level in levels {
            let ring = strands.indices.map { point($0, Double(level.rank)) }
            svg += "<polygon points=\"\(ring.map { "\($0.0),\($0.1)" }.joined(separator: " "))\" fill=\"none\" stroke=\"#ddd\"/>"
            let (x, y) = point(0, Double(level.rank))
            svg += "<text x=\"\(x + 4)\" y=\"\(y - 2)\" font-size=\"9\" fill=\"#777\">\(HTML.escape(level.label))</text>\n"
        }
        for (index, strand) in strands.enumerated() {
            let (x, y) = point(index, Double(levels.count))
            let (lx, ly) = point(index, Double(levels.count) + 0.3)
            svg += "<line x1=\"\(centreX)\" y1=\"\(centre)\" x2=\"\(x)\" y2=\"\(y)\" stroke=\"#ddd\"/>"
            let anchor = abs(lx - centreX) < 10 ? "middle" : (lx > centreX ? "start" : "end")
            svg += "<text x=\"\(lx)\" y=\"\(ly + 3)\" font-size=\"10\" text-anchor=\"\(anchor)\">\(HTML.escape(shorten(strand.name, 34)))</text>\n"
        }
        for (position, occasion) in chosen.enumerated() {
            let style = styles[min(position, styles.count - 1)]
            let points = strands.indices.map { index -> (Double, Double) in
                let rank = report.result(strand: strands[index].id, occasion: occasion)?.median.rank ?? 1
                return point(index, Double(rank))
            }
            svg += "<polygon points=\"\(points.map { "\($0.0),\($0.1)" }.joined(separator: " "))\" fill=\"\(style.0)\" "
                + "fill-opacity=\".15\" stroke=\"\(style.0)\" stroke-width=\"2\" stroke-dasharray=\"\(style.1)\"/>\n"
            svg += "<line x1=\"20\" x2=\"44\" y1=\"\(size + 6 + Double(position) * 14)\" y2=\"\(size + 6 + Double(position) * 14)\" "
                + "stroke=\"\(style.0)\" stroke-width=\"2\" stroke-dasharray=\"\(style.1)\"/>"
            svg += "<text x=\"50\" y=\"\(size + 10 + Double(position) * 14)\" font-size=\"11\">\(HTML.escape(occasion))</text>\n"
        }
        return svg + "</svg><figcaption>Optional view: axes follow the matrix's strand order; the innermost ring is "
            + "the lowest level; a strand not judged is drawn there. Prefer the heat map for comparisons.</figcaption></figure>\n"
    }

    static func table(_ report: AuditReport) -> String {
        var html = "<table><thead><tr><th>Strand</th>"
            + report.occasions.map { "<th>\(HTML.escape($0))</th>" }.joined() + "<th>Change</th></tr></thead><tbody>\n"
        for dimension in report.definition.dimensions {
            html += "<tr><th colspan=\"\(report.occasions.count + 2)\" style=\"text-align:left\">\(HTML.escape(dimension.name))</th></tr>\n"
            for strand in dimension.strands {
                html += "<tr><td>\(HTML.escape(strand.name))</td>"
                for occasion in report.occasions {
                    guard let result = report.result(strand: strand.id, occasion: occasion) else {
                        html += "<td>–</td>"
                        continue
                    }
                    let spread = result.lowest == result.highest ? ""
                        : " (\(HTML.escape(result.lowest.label))–\(HTML.escape(result.highest.label)))"
                    html += "<td>\(HTML.escape(result.median.label))\(spread), n = \(result.n)</td>"
                }
                let change = report.change(strand: strand.id).map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "–"
                html += "<td>\(change)</td></tr>\n"
            }
        }
        return html + "</tbody></table>\n"
    }

    /// How we know: every judgement with its respondent and evidence, strand by strand.
    static func evidence(_ report: AuditReport) -> String {
        guard !report.judgements.isEmpty else { return "" }
        let levels = Dictionary(report.definition.levels.map { ($0.id, $0.label) }, uniquingKeysWith: { first, _ in first })
        var html = "<h2>The evidence behind each judgement</h2>\n<table class=\"text\"><thead><tr><th>Strand</th>"
            + "<th>Occasion</th><th>Level</th><th>Respondent</th><th>Evidence</th></tr></thead><tbody>\n"
        for strand in report.definition.strands {
            for occasion in report.occasions {
                for judgement in report.judgements(strand: strand.id, occasion: occasion) {
                    html += "<tr><td>\(HTML.escape(strand.name))</td><td>\(HTML.escape(occasion))</td>"
                        + "<td>\(HTML.escape(levels[judgement.level] ?? judgement.level))</td>"
                        + "<td>\(HTML.escape(judgement.respondent ?? "–"))</td>"
                        + "<td>\(HTML.escape(judgement.evidence ?? ""))</td></tr>\n"
                }
            }
        }
        return html + "</tbody></table>\n"
    }

    private static func shorten(_ text: String, _ limit: Int = 48) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
