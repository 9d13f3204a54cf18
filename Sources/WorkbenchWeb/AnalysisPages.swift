import FrameworkAnalysis
import Foundation
import Hummingbird
import ProjectStore
import Reports
import Statistics
import Transcripts
import WorkbenchCore
import WorkbenchKit

/// The researcher's analysis pages: the framework matrix (cases × themes, a cell's passages and
/// its editable summary, grouping by an attribute, the outside-the-framework bucket) and
/// agreement (per-theme figures with the passages where the coders differ, side by side).
enum AnalysisPages {
    static func routes(_ router: Router<BasicRequestContext>, _ app: WebApp) {
        router.get("/matrix") { request, _ in try app.page(request, matrix) }
        router.get("/matrix/cell") { request, _ in try app.page(request, cell) }
        router.post("/matrix/summary") { request, _ in
            try await app.change(request) { project, form in
                let framework = try form.required("framework", "the framework")
                let caseName = try form.required("case", "the case"), theme = try form.required("theme", "the theme")
                if let text = form.text("summary") {
                    try project.coding.summarise(framework: framework, case: caseName, theme: theme, text: text)
                } else {
                    try project.coding.removeSummary(framework: framework, case: caseName, theme: theme)
                }
            }
        }
        router.get("/agreement") { request, _ in try app.page(request, agreement) }
    }

    /// The framework chosen in the address, else the one with the most codings, else the first.
    static func framework(_ context: PageContext) throws -> PluginDescriptor {
        let available = try CodingPages.frameworks(context.project)
        if let chosen = context.query.text("framework") { return try context.project.framework(chosen).0 }
        let counts = Dictionary(grouping: try context.project.store.codings(), by: \.coding.framework).mapValues(\.count)
        guard let best = available.max(by: { (counts[$0.id] ?? 0, $1.id) < (counts[$1.id] ?? 0, $0.id) }) else {
            throw WorkbenchError("the project has no coding framework")
        }
        return best
    }

    static func frameworkMenu(_ context: PageContext, _ chosen: PluginDescriptor, action: String, extra: String = "") throws -> String {
        let options = try CodingPages.frameworks(context.project).map {
            "<option value=\"\(esc($0.id))\"\($0.id == chosen.id ? " selected" : "")>\(esc($0.displayName))</option>"
        }.joined()
        return """
            <form method="get" action="\(action)" class="inline">
              <label for="framework">Framework</label> <select id="framework" name="framework">\(options)</select>
              \(extra)
              <button type="submit">Show</button>
            </form>
            """
    }

    static func matrix(_ context: PageContext) throws -> String {
        let project = context.project
        let chosen = try framework(context)
        let group = context.query.text("group")
        let chart = try project.coding.chart(framework: chosen.id, groupBy: group)
        let attributes = Set(chart.cases.flatMap(\.attributes.keys)).sorted()
        let groupMenu = "<label for=\"group\">Group by</label> <select id=\"group\" name=\"group\"><option value=\"\">No grouping</option>"
            + attributes.map { "<option\($0 == group ? " selected" : "")>\(esc($0))</option>" }.joined() + "</select>"
        let header = chart.themes.map { "<th scope=\"col\" class=\"depth-\(min($0.depth, 3))\">\(esc($0.name))</th>" }.joined()
        var rows = ""
        var lastGroup: String?
        for (index, person) in chart.cases.enumerated() {
            if let group {
                let value = person.attributes[group] ?? "(none)"
                if value != lastGroup {
                    rows += "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"\(chart.themes.count + 1)\">\(esc(group)): \(esc(value))</th></tr>"
                    lastGroup = value
                }
            }
            rows += "<tr><th scope=\"row\">\(esc(person.name))</th>"
            for cell in chart.cells[index] {
                let link = "/matrix/cell?framework=\(WebApp.encode(chosen.id))&case=\(WebApp.encode(person.name))&theme=\(WebApp.encode(cell.theme))"
                let label = cell.count == 0 && cell.summary == nil ? "·" : "\(cell.count)\(cell.summary == nil ? "" : " ✎")"
                let name = "\(person.name), \(chart.themes.first { $0.id == cell.theme }?.name ?? cell.theme): "
                    + "\(cell.count) \(cell.count == 1 ? "passage" : "passages")\(cell.summary == nil ? "" : ", summarised")"
                rows += "<td class=\"number\"><a href=\"\(esc(link))\" aria-label=\"\(esc(name))\">\(label)</a></td>"
            }
            rows += "</tr>"
        }
        let outside = chart.outside.map { passage in
            "<li><q>\(esc(passage.quote))</q> <span class=\"meta\">\(esc(passage.source)) \(passage.start)–\(passage.end), "
                + "\(esc(passage.coder))\(passage.note.map { ": " + esc($0) } ?? "")</span></li>"
        }.joined()
        return try Pages.frame(context, title: "Framework matrix", wide: true, """
            \(try frameworkMenu(context, chosen, action: "/matrix", extra: groupMenu))
            <p class="meta">Cases down, themes across; a cell gives its distinct coded passages, where overlapping codings \
            of a theme count once whoever coded them (✎: summarised). Open a cell to read its passages, see each coder's \
            count and write its summary.</p>
            \(chart.cases.isEmpty ? "<p>No codings with this framework yet.</p>" : """
            <div class="scroll"><table class="matrix grid"><thead><tr><th scope="col">Case</th>\(header)</tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """)
            <h2>Outside the framework (\(chart.outside.count))</h2>
            \(outside.isEmpty ? "<p>No passages are waiting outside the framework.</p>" : "<ul>\(outside)</ul>")
            """)
    }

    static func cell(_ context: PageContext) throws -> String {
        let project = context.project
        let chosen = try framework(context)
        let caseName = try context.query.required("case", "the case"), theme = try context.query.required("theme", "the theme")
        let chart = try project.coding.chart(framework: chosen.id)
        guard let row = chart.cases.firstIndex(where: { $0.name == caseName }),
              let column = chart.themes.firstIndex(where: { $0.id == theme }) else {
            throw WorkbenchError("\(caseName) × \(theme) is not a cell of the \(chosen.displayName) matrix", code: .notFound)
        }
        let cell = chart.cells[row][column]
        let passages = cell.distinctPassages.map { passage in
            let link = "/coding?source=\(WebApp.encode(passage.source))&framework=\(WebApp.encode(chosen.id))"
                + "&start=\(passage.start)&end=\(passage.end)#here"
            return "<li><blockquote>\(esc(passage.quoted().quote))</blockquote><p class=\"meta\"><a href=\"\(esc(link))\">"
                + "\(esc(passage.source)) \(passage.start)–\(passage.end)</a> · coded by "
                + "\(passage.coders.map(esc).joined(separator: ", "))</p></li>"
        }.joined()
        let byCoder = cell.coders.map { "\(esc($0.coder)) \($0.passages)" }.joined(separator: ", ")
        let back = WebApp.adding(["framework": chosen.id, "case": caseName, "theme": theme], to: "/matrix/cell")
        return try Pages.frame(context, title: "\(caseName) × \(chart.themes[column].name)", """
            <p class="meta"><a href="/matrix?framework=\(esc(WebApp.encode(chosen.id)))">Back to the matrix</a> · \
            \(cell.count) distinct \(cell.count == 1 ? "passage" : "passages")\(byCoder.isEmpty ? "" : " (by coder: \(byCoder))")</p>
            <div class="summary-grid">
            <section><h2>Coded passages</h2>\(passages.isEmpty ? "<p>No passages.</p>" : "<ol class=\"plain\">\(passages)</ol>")</section>
            <section><h2>Summary</h2>
            <form method="post" action="/matrix/summary" class="stack">
              \(context.writeFields(back: back))
              <input type="hidden" name="framework" value="\(esc(chosen.id))">
              <input type="hidden" name="case" value="\(esc(caseName))">
              <input type="hidden" name="theme" value="\(esc(theme))">
              <label for="summary">In your words, what this case says about the theme (empty it to remove it)</label>
              <textarea id="summary" name="summary" rows="8">\(esc(cell.summary ?? ""))</textarea>
              \(context.problem(for: "summary"))
              <button type="submit">Save the summary</button>
            </form></section>
            </div>
            """)
    }

    static func agreement(_ context: PageContext) throws -> String {
        let project = context.project
        let chosen = try framework(context)
        let (_, definition) = try project.framework(chosen.id)
        let names = Dictionary(uniqueKeysWithValues: definition.allThemes.map { ($0.theme.id, $0.theme.name) })
        let all = Set(try project.store.codings(framework: chosen.id).map(\.coding.coder)).sorted()
        var coders = context.query.all("coders").filter(all.contains)
        if coders.count < 2 { coders = Array(all.filter { $0 != "autocode" }.prefix(2)) }
        if coders.count < 2 { coders = Array(all.prefix(2)) }
        let unit = context.query.text("unit").flatMap(CodingAgreement.Unit.init(rawValue:)) ?? .character
        let boxes = all.map {
            "<label><input type=\"checkbox\" name=\"coders\" value=\"\(esc($0))\"\(coders.contains($0) ? " checked" : "")> \(esc($0))</label>"
        }.joined(separator: " ")
        let units = CodingAgreement.Unit.allCases.map {
            "<option value=\"\($0.rawValue)\"\($0 == unit ? " selected" : "")>\($0 == .character ? "characters" : "speaker turns")</option>"
        }.joined()
        let menu = try frameworkMenu(context, chosen, action: "/agreement", extra: """
            <fieldset class="inline-fieldset"><legend>Coders</legend>\(boxes)</fieldset>
            <label for="unit">Unit</label> <select id="unit" name="unit">\(units)</select>
            """)
        guard coders.count >= 2 else {
            return try Pages.frame(context, title: "Agreement", menu + "<p>Agreement needs two coders with codings in this framework.</p>")
        }
        let result = try project.coding.agreement(framework: chosen.id, coders: coders, unit: unit, excludeUncoded: false)
        func figure(_ value: Double?) -> String { HTML.number(value, 2) }
        let rows = result.themes.map { theme in
            "<tr><th scope=\"row\"><a href=\"#d-\(esc(theme.theme))\">\(esc(names[theme.theme] ?? theme.theme))</a></th>"
                + "<td class=\"number\" data-label=\"Agreement\">\(theme.figures.percentAgreement.map { HTML.number($0 * 100, 1) + "%" } ?? "–")</td>"
                + "<td class=\"number\" data-label=\"Cohen's κ\">\(figure(theme.figures.kappa))</td>"
                + "<td class=\"number\" data-label=\"Krippendorff's α\">\(figure(theme.figures.krippendorffAlpha))</td>"
                + "<td class=\"number\" data-label=\"Units\">\(theme.figures.units)</td></tr>"
        }.joined()
        // The same coders across the whole scheme: one label per unit (a theme or none).
        let nominal = try project.coding.nominalAgreement(framework: chosen.id, coders: coders, unit: unit,
                                                          excludeUncoded: false, multipleThemes: .combine)
        let scheme = nominal.figures
        let pairs = scheme.pairs.map { pair in
            "<tr><th scope=\"row\">\(esc(pair.first)) and \(esc(pair.second))</th>"
                + "<td class=\"number\" data-label=\"Agreement\">\(pair.percentAgreement.map { HTML.number($0 * 100, 1) + "%" } ?? "–")</td>"
                + "<td class=\"number\" data-label=\"Cohen's κ\">\(figure(pair.kappa))</td>"
                + "<td class=\"number\" data-label=\"Units\">\(pair.units)</td></tr>"
        }.joined()
        let alpha = scheme.krippendorff
        // Each unit where the coders' labels differ, with every coder's label side by side.
        let labelRows = nominal.disagreements.prefix(200).map { unit in
            let text = unit.text.map { "<blockquote>\(esc(Excerpt.cut($0, to: 160)))</blockquote>" } ?? ""
            let place: String
            if let source = unit.source, let start = unit.start, let end = unit.end {
                let link = "/coding?source=\(WebApp.encode(source))&framework=\(WebApp.encode(chosen.id))&start=\(start)&end=\(end)#here"
                place = "<a href=\"\(esc(link))\">\(esc(source)) \(start)–\(end)</a>"
            } else {
                place = esc(unit.unit)
            }
            let labels = unit.labels.map { label in
                "<td data-label=\"\(esc(label.coder))\">\(label.label.map { esc(names[$0] ?? $0) } ?? "<span class=\"meta\">not rated</span>")</td>"
            }.joined()
            return "<tr><th scope=\"row\">\(text)<span class=\"meta\">\(place)</span></th>\(labels)</tr>"
        }.joined()
        let labelTable = nominal.disagreements.isEmpty ? "<p>The coders give every unit the same label.</p>" : """
            <p class="meta">\(nominal.disagreements.count) unit(s) where the labels differ\
            \(nominal.disagreements.count > 200 ? " (the first 200 shown; the command line lists all)" : "").</p>
            <div class="scroll"><table class="scheme-disagreements"><thead><tr><th scope="col">Unit</th>\
            \(scheme.coders.map { "<th scope=\"col\">\(esc($0))</th>" }.joined())</tr></thead><tbody>\(labelRows)</tbody></table></div>
            """
        let differences = Dictionary(grouping: try project.coding.disagreements(framework: chosen.id, coders: coders),
                                     by: \.disagreement.theme)
        var sections = ""
        for theme in result.themes.map(\.theme) {
            guard let found = differences[theme], !found.isEmpty else { continue }
            let items = found.prefix(200).map { view in
                let passage = view.disagreement
                let columns = coders.map { coder in
                    let coded = passage.codedBy.contains(coder)
                    return "<div class=\"\(coded ? "coded" : "not-coded")\"><strong>\(esc(coder))</strong>: "
                        + "\(coded ? "coded it" : passage.notCodedBy.contains(coder) ? "did not code it" : "did not code this source")</div>"
                }.joined()
                let link = "/coding?source=\(WebApp.encode(passage.source))&framework=\(WebApp.encode(chosen.id))"
                    + "&start=\(passage.start)&end=\(passage.end)#here"
                return "<li><blockquote>\(esc(Excerpt.cut(view.text, to: 240)))</blockquote>"
                    + "<div class=\"side-by-side\">\(columns)</div><p class=\"meta\"><a href=\"\(esc(link))\">"
                    + "\(esc(passage.source)) \(passage.start)–\(passage.end)</a></p></li>"
            }.joined()
            sections += "<section id=\"d-\(esc(theme))\"><h3>\(esc(names[theme] ?? theme)) (\(found.count))</h3>"
                + "<ol class=\"plain disagreements\">\(items)</ol></section>"
        }
        return try Pages.frame(context, title: "Agreement", """
            \(menu)
            <p class="meta">\(esc(coders.joined(separator: " and "))), by \(unit == .character ? "character" : "speaker turn"); \
            overall Krippendorff's α \(figure(result.overall.krippendorffAlpha)), Cohen's κ \(figure(result.overall.kappa)).</p>
            <div class="scroll"><table><thead><tr><th scope="col">Theme</th><th scope="col" class="number">Agreement</th>\
            <th scope="col" class="number">Cohen's κ</th><th scope="col" class="number">Krippendorff's α</th>\
            <th scope="col" class="number">Units</th></tr></thead><tbody>\(rows)</tbody></table></div>
            <h2>Across all themes</h2>
            <p class="meta">\(esc(scheme.treatment)) Krippendorff's α \(figure(alpha?.alpha ?? nil)) \
            (observed disagreement \(HTML.number(alpha?.observedDisagreement, 3)), expected \
            \(HTML.number(alpha?.expectedDisagreement, 3)), \(alpha?.pairableValues ?? 0) pairable values).</p>
            <div class="scroll"><table><thead><tr><th scope="col">Coders</th><th scope="col" class="number">Agreement</th>\
            <th scope="col" class="number">Cohen's κ</th><th scope="col" class="number">Units</th></tr></thead>\
            <tbody>\(pairs)</tbody></table></div>
            <h3>Where the labels differ</h3>
            \(labelTable)
            <h2>Where the coders differ, theme by theme</h2>
            \(sections.isEmpty ? "<p>The coders agree everywhere.</p>" : sections)
            """)
    }
}
