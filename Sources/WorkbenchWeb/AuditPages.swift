import Foundation
import Hummingbird
import PluginHost
import ProjectStore
import Reports
import Scoring
import WorkbenchCore
import WorkbenchKit

/// Maturity-matrix audits: the grid of strands × levels with each descriptor, where a respondent
/// picks a best-fit level and writes the evidence; and the heat map across respondents and occasions.
enum AuditPages {
    static func routes(_ router: Router<BasicRequestContext>, _ app: WebApp) {
        router.get("/audits") { request, _ in try app.page(request, list) }
        router.get("/audits/:id/grid") { request, context in
            let id = try WebApp.parameter(context)
            return try app.page(request) { try grid(id, $0) }
        }
        router.get("/audits/:id/summary") { request, context in
            let id = try WebApp.parameter(context)
            return try app.page(request) { try summary(id, $0) }
        }
        router.post("/audits/:id/judgements") { request, context in
            let id = try WebApp.parameter(context)
            return try await app.change(request) { project, form in
                guard let level = form.text("level") else {
                    throw WorkbenchError("pick the level that fits best", code: .missingValue, field: "level")
                }
                try project.audits.recordJudgement(matrix: id, strand: form.required("strand", "the strand"), level: level,
                                                   evidence: form["evidence"] ?? "", respondent: form.text("respondent"),
                                                   occasion: form.required("occasion", "the occasion"))
            }
        }
    }

    static func list(_ context: PageContext) throws -> String {
        let project = context.project
        let matrices = try project.registry().entries.map(\.descriptor).filter { $0.kind == .maturityMatrix }
        let sections = try matrices.map { descriptor in
            let records = try project.store.judgements(matrix: descriptor.id)
            var occasions: [String] = []
            for record in records where !occasions.contains(record.occasion) { occasions.append(record.occasion) }
            let lines = occasions.map { occasion in
                let respondents = Set(records.filter { $0.occasion == occasion }.compactMap(\.respondent)).sorted()
                return "<li>\(esc(occasion)): \(respondents.count) respondents (\(esc(respondents.joined(separator: ", "))))</li>"
            }.joined()
            let base = "/audits/\(WebApp.encode(descriptor.id))"
            return """
                <section class="instrument">
                <h2>\(esc(descriptor.displayName))</h2>
                \(occasions.isEmpty ? "<p>No audit yet.</p>" : "<ul>\(lines)</ul><p><a href=\"\(esc(base))/summary\">Heat map of every respondent and occasion</a></p>")
                <form method="get" action="\(esc(base))/grid" class="inline">
                  <label for="r-\(esc(descriptor.id))">Respondent</label>
                  <input id="r-\(esc(descriptor.id))" name="respondent" required>
                  <label for="o-\(esc(descriptor.id))">Occasion</label>
                  <input id="o-\(esc(descriptor.id))" name="occasion" list="os-\(esc(descriptor.id))" required size="12">
                  <datalist id="os-\(esc(descriptor.id))">\(occasions.map { "<option value=\"\(esc($0))\">" }.joined())</datalist>
                  <button type="submit">Open the grid</button>
                </form>
                </section>
                """
        }.joined(separator: "\n")
        return try Pages.frame(context, title: "Audits", sections)
    }

    /// The grid for one respondent on one occasion: a row per strand, a column per level.
    static func grid(_ id: String, _ context: PageContext) throws -> String {
        let project = context.project
        let (descriptor, matrix) = try project.matrix(id)
        let occasion = try context.query.required("occasion", "the occasion")
        let respondent = try context.query.required("respondent", "the respondent")
        let given = Dictionary(try project.store.judgements(matrix: descriptor.id)
            .filter { $0.occasion == occasion && $0.respondent == respondent }.map { ($0.strand, $0) },
            uniquingKeysWith: { _, last in last })
        let back = WebApp.adding(["occasion": occasion, "respondent": respondent],
                                 to: "/audits/\(WebApp.encode(descriptor.id))/grid")
        var body = """
            <p class="meta">\(esc(respondent)) · occasion \(esc(occasion)) · \(given.count) of \(matrix.strands.count) strands \
            judged. For each strand, pick the level whose description fits best and say how you know.</p>
            """
        for dimension in matrix.dimensions {
            body += "<h2>\(esc(dimension.name))</h2>"
            for strand in dimension.strands {
                let current = given[strand.id]
                let cells = Self.levels(matrix, strand, chosen: current?.level)
                let anchor = "strand-\(strand.id)"
                body += """
                    <form method="post" action="/audits/\(esc(WebApp.encode(descriptor.id)))/judgements" class="strand" id="\(esc(anchor))">
                      \(context.writeFields(back: back + "#" + anchor))
                      <input type="hidden" name="strand" value="\(esc(strand.id))">
                      <input type="hidden" name="occasion" value="\(esc(occasion))">
                      <input type="hidden" name="respondent" value="\(esc(respondent))">
                      <fieldset><legend>\(esc(strand.name))\(current == nil ? "" : " <span class=\"done\">✓ saved</span>")</legend>
                      <div class="levels">\(cells)</div></fieldset>
                      <label for="evidence-\(esc(strand.id))">Evidence: how do we know?</label>
                      <textarea id="evidence-\(esc(strand.id))" name="evidence" rows="2">\(esc(current?.evidence ?? ""))</textarea>
                      <button type="submit">Save \(esc(strand.name))</button>
                    </form>
                    """
            }
        }
        if let problem = context.problem, context.query["field"] != nil {
            body = "<p class=\"problem\" role=\"alert\">\(esc(problem))</p>" + body
        }
        return try Pages.frame(context, title: "\(descriptor.displayName): audit", body)
    }

    /// A strand's levels as radio buttons, each with the strand's descriptor for that level.
    static func levels(_ matrix: MaturityMatrix, _ strand: MaturityMatrix.Strand, chosen: String?) -> String {
        matrix.levels.sorted { $0.rank < $1.rank }.map { level in
            """
            <label class="level"><input type="radio" name="level" value="\(esc(level.id))"\
            \(chosen == level.id ? " checked" : "")> <strong>\(esc(level.label))</strong>\
            <span>\(esc(strand.descriptors[level.id] ?? level.summary ?? ""))</span></label>
            """
        }.joined()
    }

    /// The heat map: strands down, respondents (and the median) across, for each occasion.
    static func summary(_ id: String, _ context: PageContext) throws -> String {
        let project = context.project
        let report = try project.audits.audit(id)
        let matrix = report.definition
        let records = try project.store.judgements(matrix: report.matrix.id)
        let levels = Dictionary(uniqueKeysWithValues: matrix.levels.map { ($0.id, $0) })
        let lowest = matrix.levels.map(\.rank).min() ?? 0
        var body = "<p class=\"meta\">Each cell is a respondent's best-fit level; the median is what the evidence log uses.</p>"
        body += "<p class=\"legend\">" + matrix.levels.sorted { $0.rank < $1.rank }.map {
            "<span class=\"lv lv-\(min($0.rank - lowest, 5))\">\(esc($0.label))</span>"
        }.joined(separator: " ") + "</p>"
        for occasion in report.occasions {
            let judged = records.filter { $0.occasion == occasion }
            let respondents = Array(Set(judged.map { $0.respondent ?? "—" })).sorted()
            body += "<h2 id=\"occasion-\(esc(occasion))\">\(esc(occasion))</h2>"
                + "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"occasion-\(esc(occasion))\"><table class=\"heat grid\"><thead><tr><th scope=\"col\">Strand</th>"
                + "<th scope=\"col\">Median</th>" + respondents.map { "<th scope=\"col\">\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
            for strand in matrix.strands {
                let result = report.results.first { $0.strand == strand.id && $0.occasion == occasion }
                func cell(_ level: MaturityMatrix.Level?) -> String {
                    guard let level else { return "<td class=\"lv-none\">—</td>" }
                    return "<td class=\"lv lv-\(min(level.rank - lowest, 5))\">\(esc(level.label))</td>"
                }
                body += "<tr><th scope=\"row\">\(esc(strand.name))</th>\(cell(result?.median))"
                for respondent in respondents {
                    let record = judged.last { $0.strand == strand.id && ($0.respondent ?? "—") == respondent }
                    body += cell(record.flatMap { levels[$0.level] })
                }
                body += "</tr>"
            }
            body += "</tbody></table></div>"
        }
        return try Pages.frame(context, title: "\(report.matrix.displayName): heat map", body)
    }
}
