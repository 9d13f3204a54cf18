public import Enquiries
import Foundation
import XMLKit

extension EvidenceLog {
    /// The XML namespace of the log (schema `Instruments/Schemas/evidence-log.xsd`).
    public static let namespace = "urn:workbench:evidence-log:1"

    static func number(_ value: Double?) -> String { HTML.number(value) }

    /// A figure as a reader expects it: a count as a whole number ("9", not "9.00").
    public static func number(_ value: Double?, isCount: Bool) -> String {
        guard isCount, let value else { return HTML.number(value) }
        return String(Int(value.rounded()))
    }

    /// A criterion's target in words, e.g. "at least 0.50" or "at least 3".
    static func target(_ criterion: Criterion) -> String {
        "\(criterion.comparison.words) \(number(criterion.threshold, isCount: criterion.isCount))"
    }

    /// The short summary a governing body reads first: per cycle, how many criteria were met, each
    /// criterion in words with its value, and the decision.
    public func summaryLines() -> [(heading: String, lines: [String])] {
        enquiries.flatMap { enquiry in
            enquiry.cycles.map { cycle in
                let met = cycle.criteria.filter { $0.status == .met }.count
                var lines = cycle.criteria.isEmpty ? ["No success criteria were set."]
                    : ["\(met) of \(cycle.criteria.count) success \(cycle.criteria.count == 1 ? "criterion" : "criteria") met."]
                for criterion in cycle.criteria {
                    let measure = criterion.measureWords ?? criterion.measure
                    let value = criterion.value.map { "was \(Self.number($0, isCount: criterion.isCount))" } ?? "has no data yet"
                    lines.append("\(criterion.description): \(measure) \(value) (target \(Self.target(criterion))) — "
                                 + "\(criterion.status).")
                }
                if let decision = cycle.decision {
                    lines.append("Decision: \(decision.phrase)" + (cycle.nextFocus.map { "; next focus: \($0)" } ?? "") + ".")
                }
                return (heading: "\(enquiry.title), cycle \(cycle.number)", lines: lines)
            }
        }
    }

    // MARK: Markdown

    /// The log as Markdown: readable as plain text, diffable, and what the golden-file test compares.
    public func markdown() -> String {
        var out = "# Evidence log: \(project)\n\n"
        out += "_\(generatedBy)\(anonymised ? "; anonymised: pseudonyms and staff labels replace names" : "")._\n"
        let summary = summaryLines()
        if !summary.isEmpty {
            out += "\n## Summary\n"
            for part in summary {
                out += "\n**\(part.heading)**\n\n" + part.lines.map { "- \($0)\n" }.joined()
            }
        }
        for enquiry in enquiries {
            out += "\n## Enquiry \(enquiry.id): \(enquiry.title)\n\n"
            out += "- Focus: \(enquiry.focus)\n"
            for question in enquiry.questions { out += "- Research question: \(question)\n" }
            if !enquiry.schools.isEmpty { out += "- Schools: \(enquiry.schools.joined(separator: ", "))\n" }
            if let lead = enquiry.lead { out += "- Lead: \(lead)\n" }
            if !enquiry.champions.isEmpty { out += "- Enquiry champions: \(enquiry.champions.joined(separator: ", "))\n" }
            out += "- Started: \(enquiry.startedOn)\n"
            for cycle in enquiry.cycles {
                out += "\n### Cycle \(cycle.number) (\(cycle.startedOn) to \(cycle.closedOn?.description ?? "open"))\n\n"
                out += "- Template: \(cycle.template)\n"
                for intervention in cycle.interventions {
                    out += "- Intervention: \(intervention.name) (`\(intervention.id)`"
                        + (intervention.strands.isEmpty ? "" : "; strands: \(intervention.strands.joined(separator: ", "))")
                        + ")\n"
                }
                out += "- Baseline: \(cycle.baseline)\n"
                if !cycle.criteria.isEmpty {
                    out += "\n#### Success criteria\n\n| Criterion | Measure | Target | Value | Status | From |\n|---|---|---|---|---|---|\n"
                    for criterion in cycle.criteria {
                        out += "| \(criterion.description) | \(criterion.measureWords ?? criterion.measure) | "
                            + "\(Self.target(criterion)) | \(Self.number(criterion.value, isCount: criterion.isCount)) | "
                            + "**\(criterion.status)** | \(criterion.evidence ?? "–") |\n"
                    }
                }
                for evidence in cycle.evidence {
                    out += "\n#### Evidence (\(evidence.kind)): \(evidence.title)\n\n"
                    out += "_Source: \(evidence.source), \(evidence.recordedOn). Computed from: \(evidence.provenance)._\n"
                    if let text = evidence.text { out += "\n\(text)\n" }
                    if !evidence.figures.isEmpty {
                        out += "\n| Figure | Value | Provenance |\n|---|---|---|\n"
                        for figure in evidence.figures {
                            out += "| \(figure.label) | \(Self.number(figure.value, isCount: figure.isCount)) | \(figure.provenance) |\n"
                        }
                    }
                    for summary in evidence.summaries { out += "\n- Summary: \(summary)" }
                    if !evidence.summaries.isEmpty { out += "\n" }
                    for warning in evidence.warnings { out += "\n- **Warning:** \(warning)" }
                    if !evidence.warnings.isEmpty { out += "\n" }
                    for quote in evidence.quotes {
                        out += "\n> “\(quote.text)” — \(quote.caseName) (\(quote.source) [\(quote.start)–\(quote.end)], "
                            + "coded by \(quote.coder))\n"
                    }
                }
                if !cycle.reflections.isEmpty {
                    out += "\n#### Reflections (leadership-learning log)\n"
                    for reflection in cycle.reflections {
                        out += "\n\(reflection.author), \(reflection.recordedOn):\n"
                        if let text = reflection.wentWell { out += "- Went well: \(text)\n" }
                        if let text = reflection.notEffective { out += "- Not effective: \(text)\n" }
                        if let text = reflection.problems { out += "- Problems: \(text)\n" }
                        if let text = reflection.leadershipLearning { out += "- Leadership learning: \(text)\n" }
                    }
                }
                if !cycle.reviews.isEmpty {
                    out += "\n#### Peer challenge and review\n\n"
                    for review in cycle.reviews {
                        out += "- \(review.challengedBy) (\(review.recordedOn)): \(review.challenge)"
                            + (review.response.map { " — Response: \($0)" } ?? "") + "\n"
                    }
                }
                if let decision = cycle.decision {
                    out += "\n#### Decision\n\n\(decision == .continue ? "Continue the intervention" : "Switch intervention")"
                        + (cycle.nextFocus.map { "; next focus: \($0)" } ?? "") + ".\n"
                }
            }
        }
        return out
    }

    // MARK: HTML

    /// The log as a self-contained HTML page that prints well, with a before/after chart per
    /// piece of evidence that has one.
    public func html() -> String {
        HTML.page(title: "Evidence log: \(project)", subtitle: HTML.escape(generatedBy), body: htmlBody())
    }

    /// The log's content as HTML, without a page around it or any style of its own (classes only:
    /// `text`, `number`, `note`, `status met|not-met|no-data`; cells name their column in `data-label`
    /// for narrow screens), for a page to show inside its own frame.
    public func htmlBody() -> String {
        var body = "<p class=\"note\">\(anonymised ? "Anonymised: pseudonyms and staff labels replace names. " : "")"
            + "Every figure names what it was computed from; every quote names its source, offsets and coder.</p>\n"
        let summary = summaryLines()
        if !summary.isEmpty {
            body += "<section class=\"summary\"><h2>Summary</h2>"
            for part in summary {
                body += "<h3>\(HTML.escape(part.heading))</h3><ul>" + part.lines.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
            }
            body += "</section>\n"
        }
        for enquiry in enquiries {
            body += "<h2>Enquiry \(enquiry.id): \(HTML.escape(enquiry.title))</h2><ul>"
            body += "<li>Focus: \(HTML.escape(enquiry.focus))</li>"
            for question in enquiry.questions { body += "<li>Research question: \(HTML.escape(question))</li>" }
            if !enquiry.schools.isEmpty { body += "<li>Schools: \(HTML.escape(enquiry.schools.joined(separator: ", ")))</li>" }
            if let lead = enquiry.lead { body += "<li>Lead: \(HTML.escape(lead))</li>" }
            if !enquiry.champions.isEmpty {
                body += "<li>Enquiry champions: \(HTML.escape(enquiry.champions.joined(separator: ", ")))</li>"
            }
            body += "</ul>\n"
            for cycle in enquiry.cycles {
                body += "<h3>Cycle \(cycle.number) · \(cycle.startedOn) to \(cycle.closedOn?.description ?? "open")</h3><ul>"
                body += "<li>Template: \(HTML.escape(cycle.template))</li>"
                for intervention in cycle.interventions {
                    body += "<li>Intervention: \(HTML.escape(intervention.name)) <code>\(HTML.escape(intervention.id))</code></li>"
                }
                body += "<li>Baseline: \(HTML.escape(cycle.baseline))</li></ul>"
                if !cycle.criteria.isEmpty {
                    body += "<table class=\"text\"><thead><tr><th>Success criterion</th><th>Measure</th><th>Target</th><th>Value</th>"
                        + "<th>Status</th></tr></thead><tbody>"
                    for criterion in cycle.criteria {
                        let status = criterion.status == .met ? "met" : criterion.status == .notMet ? "not-met" : "no-data"
                        body += "<tr><td>\(HTML.escape(criterion.description))</td>"
                            + "<td data-label=\"Measure\">\(HTML.escape(criterion.measureWords ?? criterion.measure))</td>"
                            + "<td data-label=\"Target\">\(HTML.escape(Self.target(criterion)))</td>"
                            + "<td class=\"number\" data-label=\"Value\">\(Self.number(criterion.value, isCount: criterion.isCount))</td>"
                            + "<td class=\"status \(status)\" data-label=\"Status\">\(criterion.status)</td></tr>"
                    }
                    body += "</tbody></table>"
                }
                for evidence in cycle.evidence {
                    body += "<h4>Evidence (\(HTML.escape(evidence.kind.rawValue))): \(HTML.escape(evidence.title))</h4>"
                    body += "<p class=\"note\">Source: \(HTML.escape(evidence.source)), \(evidence.recordedOn). "
                        + "Computed from: \(HTML.escape(evidence.provenance)).</p>"
                    if let text = evidence.text { body += "<p>\(HTML.escape(text))</p>" }
                    if !evidence.changes.isEmpty { body += Self.slopeChart(evidence.changes, title: evidence.title) }
                    if !evidence.figures.isEmpty {
                        body += "<table class=\"text\"><thead><tr><th>Figure</th><th>Value</th><th>Provenance</th></tr></thead><tbody>"
                        for figure in evidence.figures {
                            body += "<tr><td>\(HTML.escape(figure.label))</td>"
                                + "<td class=\"number\" data-label=\"Value\">\(Self.number(figure.value, isCount: figure.isCount))</td>"
                                + "<td data-label=\"From\">\(HTML.escape(figure.provenance))</td></tr>"
                        }
                        body += "</tbody></table>"
                    }
                    for summary in evidence.summaries { body += "<p>\(HTML.escape(summary))</p>" }
                    if !evidence.warnings.isEmpty {
                        body += "<ul class=\"warnings\">"
                            + evidence.warnings.map { "<li>Warning: \(HTML.escape($0))</li>" }.joined() + "</ul>"
                    }
                    for quote in evidence.quotes {
                        body += "<blockquote>“\(HTML.escape(quote.text))”<br><span class=\"note\">\(HTML.escape(quote.caseName)), "
                            + "\(HTML.escape(quote.source)) [\(quote.start)–\(quote.end)], coded by \(HTML.escape(quote.coder))</span></blockquote>"
                    }
                }
                if !cycle.reflections.isEmpty {
                    body += "<h4>Reflections (leadership-learning log)</h4>"
                    for reflection in cycle.reflections {
                        body += "<p><strong>\(HTML.escape(reflection.author))</strong>, \(reflection.recordedOn)</p><ul>"
                        for (label, text) in [("Went well", reflection.wentWell), ("Not effective", reflection.notEffective),
                                              ("Problems", reflection.problems), ("Leadership learning", reflection.leadershipLearning)] {
                            if let text { body += "<li>\(label): \(HTML.escape(text))</li>" }
                        }
                        body += "</ul>"
                    }
                }
                if !cycle.reviews.isEmpty {
                    body += "<h4>Peer challenge and review</h4><ul>"
                    for review in cycle.reviews {
                        body += "<li>\(HTML.escape(review.challengedBy)) (\(review.recordedOn)): \(HTML.escape(review.challenge))"
                            + (review.response.map { " — <em>Response:</em> \(HTML.escape($0))" } ?? "") + "</li>"
                    }
                    body += "</ul>"
                }
                if let decision = cycle.decision {
                    body += "<p><strong>Decision:</strong> \(decision.phrase)"
                        + (cycle.nextFocus.map { "; next focus: \(HTML.escape($0))" } ?? "") + ".</p>"
                }
            }
        }
        return body
    }

    /// Before → after for each label, on a shared axis: an inline SVG slope chart.
    static func slopeChart(_ changes: [Change], title: String) -> String {
        let values = changes.flatMap { [$0.before, $0.after] }
        // The scale's whole range when every change has one (1–9, not the 5.30–6.44 the values span).
        let scales = changes.compactMap(\.scale)
        let low = scales.count == changes.count ? min(scales.map(\.lowerBound).min()!, values.min()!) : values.min()!
        let high = scales.count == changes.count ? max(scales.map(\.upperBound).max()!, values.max()!) : values.max()!
        let span = high - low == 0 ? 1 : high - low
        let rowHeight = 22.0, width = 520.0, left = 190.0, right = 470.0
        let height = Double(changes.count) * rowHeight + 30
        func x(_ value: Double) -> Double { left + (value - low) / span * (right - left) }
        var svg = "<figure><svg role=\"img\" aria-label=\"\(HTML.escape(title)): before and after\" width=\"\(Int(width))\" "
            + "height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        let whole = low.rounded() == low && high.rounded() == high
        svg += "<text x=\"\(left)\" y=\"12\" font-size=\"11\" fill=\"#555\">\(Self.number(low, isCount: whole))</text>"
            + "<text x=\"\(right)\" y=\"12\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">\(Self.number(high, isCount: whole))</text>"
        for (index, change) in changes.enumerated() {
            let y = 30 + Double(index) * rowHeight
            let label = change.label.count > 30 ? String(change.label.prefix(29)) + "…" : change.label
            let colour = change.after >= change.before ? "#1f6fb2" : "#b42318"
            svg += "<text x=\"0\" y=\"\(y + 4)\" font-size=\"11\">\(HTML.escape(label))</text>"
                + "<line x1=\"\(x(change.before))\" y1=\"\(y)\" x2=\"\(x(change.after))\" y2=\"\(y)\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
                + "<circle cx=\"\(x(change.before))\" cy=\"\(y)\" r=\"4\" fill=\"#fff\" stroke=\"\(colour)\"/>"
                + "<circle cx=\"\(x(change.after))\" cy=\"\(y)\" r=\"4\" fill=\"\(colour)\"/>"
        }
        return svg + "</svg><figcaption>Open circle: before; filled: after.</figcaption></figure>"
    }

    // MARK: XML

    /// The log as XML in ``namespace``, valid against `evidence-log.xsd`.
    public func xml() -> String {
        let writer = XMLWriter()
        writer.startElement("evidenceLog", namespace: Self.namespace)
        writer.attribute("project", project)
        writer.attribute("generatedBy", generatedBy)
        writer.attribute("anonymised", anonymised ? "true" : "false")
        func optional(_ name: String, _ value: String?) { if let value { writer.element(name, text: value) } }
        for enquiry in enquiries {
            writer.startElement("enquiry")
            writer.attribute("id", String(enquiry.id))
            writer.attribute("startedOn", enquiry.startedOn.description)
            writer.element("title", text: enquiry.title)
            writer.element("focus", text: enquiry.focus)
            enquiry.questions.forEach { writer.element("question", text: $0) }
            enquiry.schools.forEach { writer.element("school", text: $0) }
            optional("lead", enquiry.lead)
            enquiry.champions.forEach { writer.element("champion", text: $0) }
            for cycle in enquiry.cycles {
                writer.startElement("cycle")
                writer.attribute("number", String(cycle.number))
                writer.attribute("startedOn", cycle.startedOn.description)
                if let closed = cycle.closedOn { writer.attribute("closedOn", closed.description) }
                writer.element("template", text: cycle.template)
                for intervention in cycle.interventions {
                    writer.startElement("intervention")
                    writer.attribute("ref", intervention.id)
                    writer.element("name", text: intervention.name)
                    intervention.strands.forEach { writer.element("strand", text: $0) }
                    writer.endElement()
                }
                writer.element("baseline", text: cycle.baseline)
                for criterion in cycle.criteria {
                    writer.startElement("criterion")
                    writer.attribute("measure", criterion.measure)
                    writer.attribute("comparison", criterion.comparison.rawValue)
                    writer.attribute("threshold", String(criterion.threshold))
                    writer.attribute("status", criterion.status.rawValue)
                    if let value = criterion.value { writer.attribute("value", String(value)) }
                    writer.element("description", text: criterion.description)
                    optional("evidence", criterion.evidence)
                    writer.endElement()
                }
                for evidence in cycle.evidence {
                    writer.startElement("evidence")
                    writer.attribute("kind", evidence.kind.rawValue)
                    writer.attribute("recordedOn", evidence.recordedOn.description)
                    writer.element("title", text: evidence.title)
                    writer.element("source", text: evidence.source)
                    writer.element("provenance", text: evidence.provenance)
                    optional("text", evidence.text)
                    for figure in evidence.figures {
                        writer.startElement("figure")
                        writer.attribute("key", figure.key)
                        writer.attribute("value", String(figure.value))
                        writer.element("label", text: figure.label)
                        writer.element("provenance", text: figure.provenance)
                        writer.endElement()
                    }
                    evidence.summaries.forEach { writer.element("summary", text: $0) }
                    evidence.warnings.forEach { writer.element("warning", text: $0) }
                    for quote in evidence.quotes {
                        writer.startElement("quote")
                        writer.attribute("case", quote.caseName)
                        writer.attribute("source", quote.source)
                        writer.attribute("start", String(quote.start))
                        writer.attribute("end", String(quote.end))
                        writer.attribute("coder", quote.coder)
                        writer.text(quote.text)
                        writer.endElement()
                    }
                    writer.endElement()
                }
                for reflection in cycle.reflections {
                    writer.startElement("reflection")
                    writer.attribute("author", reflection.author)
                    writer.attribute("recordedOn", reflection.recordedOn.description)
                    optional("wentWell", reflection.wentWell)
                    optional("notEffective", reflection.notEffective)
                    optional("problems", reflection.problems)
                    optional("leadershipLearning", reflection.leadershipLearning)
                    writer.endElement()
                }
                for review in cycle.reviews {
                    writer.startElement("review")
                    writer.attribute("challengedBy", review.challengedBy)
                    writer.attribute("recordedOn", review.recordedOn.description)
                    writer.element("challenge", text: review.challenge)
                    optional("response", review.response)
                    writer.endElement()
                }
                if let decision = cycle.decision {
                    writer.startElement("decision")
                    writer.attribute("choice", decision.rawValue)
                    if let next = cycle.nextFocus { writer.text(next) }
                    writer.endElement()
                }
                writer.endElement()
            }
            writer.endElement()
        }
        return writer.finish()
    }

    // MARK: CSV tables and the data package

    /// The log as CSV tables (file name → content): enquiries, cycles, criteria, figures, quotes,
    /// reflections and reviews, joined by enquiry id and cycle number.
    public func tables() -> [(name: String, header: [String], rows: [[String]])] {
        var enquiryRows: [[String]] = [], cycleRows: [[String]] = [], criterionRows: [[String]] = []
        var figureRows: [[String]] = [], quoteRows: [[String]] = [], reflectionRows: [[String]] = []
        var reviewRows: [[String]] = [], warningRows: [[String]] = []
        for enquiry in enquiries {
            let id = String(enquiry.id)
            enquiryRows.append([id, enquiry.title, enquiry.focus, enquiry.questions.joined(separator: " | "),
                                enquiry.schools.joined(separator: " | "), enquiry.lead ?? "",
                                enquiry.champions.joined(separator: " | "), enquiry.startedOn.description])
            for cycle in enquiry.cycles {
                let number = String(cycle.number)
                cycleRows.append([id, number, cycle.template, cycle.interventions.map(\.id).joined(separator: " | "),
                                  cycle.baseline, cycle.startedOn.description, cycle.closedOn?.description ?? "",
                                  cycle.decision?.rawValue ?? "",
                                  cycle.nextFocus ?? ""])
                for criterion in cycle.criteria {
                    criterionRows.append([id, number, criterion.description, criterion.measure, criterion.comparison.rawValue,
                                          String(criterion.threshold), criterion.value.map { String($0) } ?? "",
                                          criterion.status.rawValue, criterion.evidence ?? ""])
                }
                for evidence in cycle.evidence {
                    for figure in evidence.figures {
                        figureRows.append([id, number, evidence.kind.rawValue, evidence.title, figure.key, figure.label,
                                           String(figure.value), figure.provenance, evidence.source, evidence.recordedOn.description])
                    }
                    for warning in evidence.warnings {
                        warningRows.append([id, number, evidence.title, warning])
                    }
                    for quote in evidence.quotes {
                        quoteRows.append([id, number, evidence.title, quote.caseName, quote.text, quote.source,
                                          String(quote.start), String(quote.end), quote.coder])
                    }
                }
                for reflection in cycle.reflections {
                    reflectionRows.append([id, number, reflection.author, reflection.recordedOn.description, reflection.wentWell ?? "",
                                           reflection.notEffective ?? "", reflection.problems ?? "",
                                           reflection.leadershipLearning ?? ""])
                }
                for review in cycle.reviews {
                    reviewRows.append([id, number, review.challengedBy, review.challenge, review.response ?? "",
                                       review.recordedOn.description])
                }
            }
        }
        return [
            ("enquiries", ["enquiry", "title", "focus", "questions", "schools", "lead", "champions", "started_on"], enquiryRows),
            ("cycles", ["enquiry", "cycle", "template", "interventions", "baseline", "started_on", "closed_on", "decision",
                        "next_focus"], cycleRows),
            ("criteria", ["enquiry", "cycle", "description", "measure", "comparison", "threshold", "value", "status",
                          "evidence"], criterionRows),
            ("figures", ["enquiry", "cycle", "kind", "evidence", "key", "label", "value", "provenance", "source",
                         "recorded_on"], figureRows),
            ("quotes", ["enquiry", "cycle", "evidence", "case", "text", "source", "start", "end", "coder"], quoteRows),
            ("warnings", ["enquiry", "cycle", "evidence", "warning"], warningRows),
            ("reflections", ["enquiry", "cycle", "author", "recorded_on", "went_well", "not_effective", "problems",
                             "leadership_learning"], reflectionRows),
            ("reviews", ["enquiry", "cycle", "challenged_by", "challenge", "response", "recorded_on"], reviewRows),
        ]
    }

    /// A Frictionless data package descriptor (`datapackage.json`) for ``tables()``.
    public func dataPackage() throws -> String {
        struct Field: Encodable { var name: String; var type: String }
        struct Schema: Encodable { var fields: [Field] }
        struct Resource: Encodable {
            var name: String; var path: String; var profile = "tabular-data-resource"; var format = "csv"
            var mediatype = "text/csv"; var encoding = "utf-8"; var schema: Schema
        }
        struct Package: Encodable {
            var profile = "tabular-data-package"; var name: String; var title: String; var description: String
            var resources: [Resource]
        }
        let numeric: Set<String> = ["enquiry", "cycle", "threshold", "value", "start", "end"]
        let package = Package(
            name: "evidence-log", title: "Evidence log: \(project)",
            description: "\(generatedBy)\(anonymised ? "; anonymised" : "")",
            resources: tables().map { table in
                Resource(name: table.name, path: "\(table.name).csv", schema: Schema(fields: table.header.map {
                    Field(name: $0, type: numeric.contains($0) ? ($0 == "threshold" || $0 == "value" ? "number" : "integer")
                                                                : "string")
                }))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(package), as: UTF8.self) + "\n"
    }
}
