public import FrameworkAnalysis

/// The framework matrix as a self-contained HTML page: cases down, themes across, each cell with
/// its summary (or a note that it has none), the number of coded passages and their quotes.
public enum ChartPage {
    public static func html(_ chart: FrameworkChart, groupBy attribute: String?, generated: String) -> String {
        let attributeKeys = Array(Set(chart.cases.flatMap(\.attributes.keys))).sorted()
        let coders = Set(chart.cells.joined().flatMap(\.passages).map(\.coder)).sorted()
        let interviewerNote = chart.interviewerCodings == 0 ? ""
            : " \(chart.interviewerCodings) coding(s) in an interviewer's turns are left out: the interviewer is no case."
        var body = """
        <style>
        .matrix { overflow: auto; max-height: 85vh; border: 1px solid #bbb; }
        .matrix table { margin: 0; font-size: .8rem; }
        .matrix th, .matrix td { vertical-align: top; text-align: left; min-width: 12rem; max-width: 18rem; }
        .matrix thead th { position: sticky; top: 0; z-index: 2; }
        .matrix tbody th { position: sticky; left: 0; background: #fafafa; z-index: 1; min-width: 9rem; }
        .count { font-weight: 600; color: #08519c; }
        .unsummarised { color: #a33; font-style: italic; }
        .quote { color: #333; margin: .2rem 0; }
        .where { color: #777; font-size: .75rem; }
        .attrs { color: #555; font-weight: normal; font-size: .75rem; }
        body { max-width: none; }
        .overview { overflow: auto; max-height: 70vh; border: 1px solid #bbb; margin-bottom: 1.5rem; }
        .overview table { margin: 0; font-size: .75rem; border-collapse: collapse; }
        .overview th, .overview td { padding: .15rem .3rem; text-align: center; min-width: 1.6rem; }
        .overview thead th { position: sticky; top: 0; z-index: 2; background: #f0f0f0; vertical-align: bottom; }
        .overview thead th span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
                                  max-height: 11rem; overflow: hidden; text-overflow: ellipsis; display: inline-block; }
        .overview tbody th { position: sticky; left: 0; background: #fafafa; z-index: 1; text-align: left;
                             white-space: nowrap; }
        .overview a { color: inherit; text-decoration: none; display: block; }
        .overview .summarised { outline: 2px solid #238b45; outline-offset: -2px; }
        </style>
        <p class="note">\(chart.cases.count) cases × \(chart.themes.count) themes. Each cell: the researcher's summary, \
        then the number of distinct coded passages (overlapping codings of a theme in one case count once, whoever \
        coded them) and each passage's quote once (source and code-point offsets, and who coded it)\
        \(attribute.map { "; rows grouped by \(HTML.escape($0))" } ?? ""). Coded by: \
        \(HTML.escape(coders.isEmpty ? "nobody yet" : coders.joined(separator: ", "))).\
        \(interviewerNote)</p>
        """
        body += overview(chart, groupBy: attribute)
        body += "<h2>Summaries and passages</h2><div class=\"matrix\"><table><thead><tr><th>Case</th>"
        for theme in chart.themes {
            body += "<th>\(String(repeating: "· ", count: theme.depth))\(HTML.escape(theme.name))</th>"
        }
        body += "</tr></thead><tbody>\n"
        for (row, person) in chart.cases.enumerated() {
            let attrs = attributeKeys.compactMap { key in person.attributes[key].map { "\(key): \($0)" } }
            body += "<tr><th>\(HTML.escape(person.name))"
                + (attrs.isEmpty ? "" : "<div class=\"attrs\">\(attrs.map(HTML.escape).joined(separator: "<br>"))</div>")
                + "</th>"
            for (column, cell) in chart.cells[row].enumerated() {
                guard cell.count > 0 || cell.summary != nil else {
                    body += "<td></td>"
                    continue
                }
                body += "<td id=\"cell-\(row)-\(column)\">"
                body += cell.summary.map { "<div>\(HTML.escape($0))</div>" }
                    ?? "<div class=\"unsummarised\">not summarised yet</div>"
                if cell.count > 0 {
                    body += "<details><summary class=\"count\">\(cell.count) passage\(cell.count == 1 ? "" : "s")</summary>"
                    for passage in cell.distinctPassages {
                        body += "<div class=\"quote\">“\(HTML.escape(passage.quoted().quote))”<div class=\"where\">"
                            + "\(HTML.escape(passage.source)) [\(passage.start)–\(passage.end)], "
                            + "coded by \(passage.coders.map(HTML.escape).joined(separator: ", "))</div></div>"
                    }
                    body += "</details>"
                }
                body += "</td>"
            }
            body += "</tr>\n"
        }
        body += "</tbody></table></div>\n"
        if !chart.coOccurrence.isEmpty {
            body += "<h2>Themes coded on overlapping passages</h2><table><thead><tr><th>Theme</th><th>Theme</th>"
                + "<th>Overlapping codings</th></tr></thead><tbody>"
            let names = Dictionary(uniqueKeysWithValues: chart.themes.map { ($0.id, $0.name) })
            for pair in chart.coOccurrence.prefix(30) {
                body += "<tr><td>\(HTML.escape(names[pair.first] ?? pair.first))</td>"
                    + "<td>\(HTML.escape(names[pair.second] ?? pair.second))</td><td>\(pair.count)</td></tr>"
            }
            body += "</tbody></table>\n"
        }
        if !chart.outside.isEmpty {
            body += "<h2>Outside the framework: \(chart.outside.count) open passage\(chart.outside.count == 1 ? "" : "s")</h2>"
                + "<p class=\"note\">Passages the framework does not cover yet; each stays here until it is coded "
                + "with a theme or dismissed (<code>workbench outside resolve</code>).</p><ul>"
            for passage in chart.outside {
                body += "<li><div class=\"quote\">“\(HTML.escape(passage.quote))”</div><div class=\"where\">"
                    + "\(HTML.escape(passage.source)) [\(passage.start)–\(passage.end)], \(HTML.escape(passage.coder))"
                    + (passage.note.map { ": \(HTML.escape($0))" } ?? "") + "</div></li>"
            }
            body += "</ul>\n"
        }
        return HTML.page(title: "Framework matrix: \(chart.framework)", subtitle: HTML.escape(generated), body: body)
    }

    /// The whole matrix at a glance: one small cell per case × theme with its number of passages,
    /// shaded by that number and outlined when summarised; each links to the detailed cell.
    static func overview(_ chart: FrameworkChart, groupBy attribute: String?) -> String {
        let most = max(1, chart.cells.joined().map(\.count).max() ?? 1)
        var html = "<h2>Overview</h2><p class=\"note\">Passages per case and theme, darker for more; outlined cells "
            + "are summarised. Select a cell to see its summary and quotes.</p><div class=\"overview\"><table><thead><tr><th>Case</th>"
        for theme in chart.themes {
            html += "<th title=\"\(HTML.escape(theme.name))\"><span>\(String(repeating: "· ", count: theme.depth))"
                + "\(HTML.escape(theme.name))</span></th>"
        }
        html += "</tr></thead><tbody>"
        for (row, person) in chart.cases.enumerated() {
            let group = attribute.flatMap { person.attributes[$0] }.map { " <span class=\"attrs\">\(HTML.escape($0))</span>" }
            html += "<tr><th>\(HTML.escape(person.name))\(group ?? "")</th>"
            for (column, cell) in chart.cells[row].enumerated() {
                guard cell.count > 0 || cell.summary != nil else {
                    html += "<td></td>"
                    continue
                }
                let shade = 0.12 + 0.78 * Double(cell.count) / Double(most)
                let ink = shade > 0.55 ? "#fff" : "#111"
                html += "<td style=\"background: rgba(8, 81, 156, \((shade * 100).rounded() / 100)); color: \(ink)\""
                    + (cell.summary == nil ? "" : " class=\"summarised\"")
                    + " title=\"\(HTML.escape(person.name)) × \(HTML.escape(chart.themes[column].name))\">"
                    + "<a href=\"#cell-\(row)-\(column)\">\(cell.count)</a></td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div>\n"
    }
}
