import Enquiries
import Foundation
import Hummingbird
import PluginHost
import ProjectStore
import Reports
import StagedFiles
import WorkbenchCore
import WorkbenchKit
import ZIPFoundation

/// The enquiry champion's pages: start an enquiry and a cycle, build success criteria from menus,
/// link evidence, reflect, record the peer challenge, close the cycle, read and print the log.
enum EnquiryPages {
    static func routes(_ router: Router<BasicRequestContext>, _ app: WebApp) {
        router.get("/enquiries/new") { request, _ in try app.page(request, newEnquiry) }
        router.post("/schools") { request, _ in
            try await app.change(request) { project, form in
                _ = try project.people.addSchool(form.required("school", "the school's name"), phase: form.text("phase"))
            }
        }
        router.post("/enquiries") { request, _ in
            try await app.create(request) { project, form in
                let enquiry = try project.cycles.newEnquiry(
                    title: form.required("title", "the enquiry's title"), focus: form.required("focus", "the focus"),
                    questions: lines(form["questions"]), schools: form.all("schools"), lead: form.text("lead"),
                    champions: lines(form["champions"]), date: try date(form, "date"))
                return "/enquiries/\(enquiry.id!)"
            }
        }
        router.get("/enquiries/:id") { request, context in
            let id = try WebApp.number(context)
            return try app.page(request) { try enquiry(id, $0) }
        }
        router.get("/enquiries/:id/cycles/new") { request, context in
            let id = try WebApp.number(context)
            return try app.page(request) { try newCycle(id, $0) }
        }
        router.post("/enquiries/:id/cycles") { request, context in
            let id = try WebApp.number(context)
            return try await app.create(request) { project, form in
                let cycle = try project.cycles.startCycle(
                    enquiry: id, template: form.required("template", "the cycle template"),
                    interventions: form.all("interventions"), baseline: form.required("baseline", "the baseline"),
                    criteria: try criteria(form), date: try date(form, "date"))
                return "/cycles/\(cycle.id!)"
            }
        }
        router.get("/cycles/:id") { request, context in
            let id = try WebApp.number(context)
            return try app.page(request) { try cycle(id, $0) }
        }
        router.post("/cycles/:id/evidence") { request, context in
            let id = try WebApp.number(context)
            return try await app.change(request) { project, form in
                try project.cycles.addEvidence(cycle: id, title: form.required("title", "the evidence's title"),
                                               detail: try evidence(form), source: form.text("source") ?? project.actor,
                                               date: try date(form, "date"))
            }
        }
        router.post("/cycles/:id/reflections") { request, context in
            let id = try WebApp.number(context)
            return try await app.change(request) { project, form in
                try project.cycles.reflect(cycle: id, author: form.required("author", "your name"),
                                           wentWell: form.text("went-well"), notEffective: form.text("not-effective"),
                                           problems: form.text("problems"), leadershipLearning: form.text("learning"),
                                           date: try date(form, "date"))
            }
        }
        router.post("/cycles/:id/reviews") { request, context in
            let id = try WebApp.number(context)
            return try await app.change(request) { project, form in
                try project.cycles.review(cycle: id, challengedBy: form.required("challenged-by", "who challenged"),
                                          challenge: form.required("challenge", "the challenge"),
                                          response: form.text("response"), date: try date(form, "date"))
            }
        }
        router.post("/cycles/:id/close") { request, context in
            let id = try WebApp.number(context)
            return try await app.change(request) { project, form in
                guard let decision = form.text("decision").flatMap(CycleDecision.init(rawValue:)) else {
                    throw WorkbenchError("choose whether to continue or switch", code: .missingValue, field: "decision")
                }
                try project.cycles.closeCycle(id, decision: decision, nextFocus: form.text("next-focus"),
                                              date: try date(form, "date"))
            }
        }
        router.post("/enquiries/:id") { request, context in
            let id = try WebApp.number(context)
            return try await app.change(request) { project, form in
                try project.cycles.editEnquiry(id, EnquiryChanges(
                    title: form.required("title", "the enquiry's title"), focus: form.required("focus", "the focus"),
                    questions: lines(form["questions"]), lead: form["lead"] ?? "", champions: lines(form["champions"])))
            }
        }
        router.post("/cycles/:id/reopen") { request, context in
            let id = try WebApp.number(context)
            return try await app.change(request) { project, _ in try project.cycles.reopenCycle(id) }
        }
        router.post("/cycles/:id/criteria") { request, context in
            let id = try WebApp.number(context)
            return try await app.change(request) { project, form in
                guard let criterion = try criteria(form).first else {
                    throw WorkbenchError("describe the criterion and choose its measure", code: .missingValue, field: "criterion-0")
                }
                try project.cycles.addCriterion(cycle: id, criterion)
            }
        }
        func removing(_ kind: String, _ remove: @escaping @Sendable (WorkbenchProject, Int64) throws -> Void) {
            router.post("/\(kind)/:id/delete") { request, context in
                let id = try WebApp.number(context)
                return try await app.change(request) { project, _ in try remove(project, id) }
            }
        }
        removing("criteria") { try $0.cycles.deleteCriterion($1) }
        removing("evidence") { try $0.cycles.deleteEvidence($1) }
        removing("reflections") { try $0.cycles.deleteReflection($1) }
        removing("reviews") { try $0.cycles.deleteReview($1) }
        router.post("/reflections/:id") { request, context in
            let id = try WebApp.number(context)
            return try await app.change(request) { project, form in
                try project.cycles.editReflection(id, author: form.required("author", "the author"), wentWell: form["went-well"] ?? "",
                                                  notEffective: form["not-effective"] ?? "", problems: form["problems"] ?? "",
                                                  leadershipLearning: form["learning"] ?? "")
            }
        }
        router.post("/reviews/:id") { request, context in
            let id = try WebApp.number(context)
            return try await app.change(request) { project, form in
                try project.cycles.editReview(id, challengedBy: form.required("challenged-by", "who challenged"),
                                              challenge: form.required("challenge", "the challenge"),
                                              response: form["response"] ?? "")
            }
        }
        router.get("/cycles/:id/log") { request, context in
            let id = try WebApp.number(context)
            return try app.page(request) { try log(id, $0) }
        }
        router.get("/cycles/:id/log/:format") { _, context in
            let id = try WebApp.number(context)
            guard let format = context.parameters.get("format").flatMap(LogFormat.init(rawValue:)) else {
                throw HTTPError(.notFound, message: "The log downloads as html, md, xml, csv or json.")
            }
            return try app.respond { project in try download(project, cycle: id, format: format) }
        }
        router.get("/exports/project.qdpx") { _, _ in
            try app.respond { project in
                let file = project.store.folder.appendingPathComponent("exports/project.qdpx")
                _ = try project.exchange.exportRefi(to: file)
                return try attachment(file, type: "application/zip")
            }
        }
    }

    // MARK: - Reading forms

    /// Non-empty lines (or comma-separated parts) of a text area.
    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }

    /// A date field (`YYYY-MM-DD`, as a date input sends it); today when left empty.
    static func date(_ form: Form, _ field: String) throws -> CalendarDate {
        guard let text = form.text(field) else { return .today() }
        guard let date = CalendarDate(text) else {
            throw WorkbenchError("'\(text)' is not a date (YYYY-MM-DD)", field: field, value: text)
        }
        return date
    }

    /// The criteria rows of the new-cycle form: `criterion-N`, `measure-N`, `comparison-N`, `threshold-N`.
    static func criteria(_ form: Form) throws -> [CriterionText] {
        try (0..<criterionRows).compactMap { row in
            let description = form.text("criterion-\(row)"), measure = form.text("measure-\(row)")
            guard description != nil || measure != nil else { return nil }
            guard let description else {
                throw WorkbenchError("describe success criterion \(row + 1) in words", code: .missingValue,
                                     field: "criterion-\(row)")
            }
            guard let measure else {
                throw WorkbenchError("choose what success criterion \(row + 1) is measured by", code: .missingValue,
                                     field: "measure-\(row)")
            }
            guard let comparison = form.text("comparison-\(row)").flatMap(Comparison.init(rawValue:)) else {
                throw WorkbenchError("choose how criterion \(row + 1) compares", field: "comparison-\(row)")
            }
            let text = form.text("threshold-\(row)") ?? ""
            guard let threshold = Double(text.replacingOccurrences(of: ",", with: ".")) else {
                throw WorkbenchError("criterion \(row + 1) needs a number to reach", field: "threshold-\(row)", value: text)
            }
            return CriterionText(description: description, measure: measure, comparison: comparison, threshold: threshold)
        }
    }

    static let criterionRows = 4

    /// The evidence a form describes, by its `kind`.
    static func evidence(_ form: Form) throws -> EvidenceDetail {
        switch form.text("kind").flatMap(EvidenceKind.init(rawValue:)) {
        case .note: .note(text: try form.required("text", "the note"))
        case .observation: .observation(text: try form.required("text", "the observation notes"))
        case .comparison: .comparison(instrument: try form.required("instrument", "the questionnaire"),
                                      from: try form.required("from", "the first occasion"),
                                      to: try form.required("to", "the second occasion"))
        case .audit: .audit(matrix: try form.required("matrix", "the matrix"),
                            from: try form.required("from", "the first occasion"),
                            to: try form.required("to", "the second occasion"))
        case .theme:
            try themeEvidence(form.required("theme", "the theme"))
        default: throw WorkbenchError("choose what kind of evidence this is", code: .missingValue, field: "kind")
        }
    }

    /// A `FRAMEWORK THEME` choice of the theme menu.
    static func themeEvidence(_ choice: String) throws -> EvidenceDetail {
        let parts = choice.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw WorkbenchError("choose a theme from the list", field: "theme", value: choice) }
        return .theme(framework: parts[0], theme: parts[1])
    }

    // MARK: - Pages

    static func newEnquiry(_ context: PageContext) throws -> String {
        let schools = try context.project.people.schools()
        let boxes = schools.map {
            "<li><label><input type=\"checkbox\" name=\"schools\" value=\"\(esc($0.name))\"> \(esc($0.name))</label></li>"
        }.joined()
        return try Pages.frame(context, title: "Start an enquiry", """
            <form method="post" action="/enquiries" class="stack">
              \(context.writeFields(back: "/enquiries/new"))
              \(field(context, "title", "Title", "<input id=\"title\" name=\"title\" required>"))
              \(field(context, "focus", "Focus (what you want to improve)", "<textarea id=\"focus\" name=\"focus\" rows=\"2\" required></textarea>"))
              \(field(context, "questions", "Research questions (one per line)", "<textarea id=\"questions\" name=\"questions\" rows=\"3\" required></textarea>"))
              <fieldset><legend>Schools taking part</legend>\
            \(schools.isEmpty ? "<p>No schools yet: add them below first.</p>" : "<ul class=\"plain\">\(boxes)</ul>")</fieldset>
              \(context.problem(for: "school"))
              \(field(context, "lead", "Lead (optional)", "<input id=\"lead\" name=\"lead\">"))
              \(field(context, "champions", "Enquiry champions (one per line, optional)", "<textarea id=\"champions\" name=\"champions\" rows=\"2\"></textarea>"))
              \(field(context, "date", "Started on", "<input id=\"date\" name=\"date\" type=\"date\" value=\"\(CalendarDate.today())\">"))
              <button type="submit">Start the enquiry</button>
            </form>
            <h2>Add a school</h2>
            <form method="post" action="/schools" class="inline">
              \(context.writeFields(back: "/enquiries/new"))
              <label for="school">School</label> <input id="school" name="school" required>
              <label for="phase">Phase (optional)</label> <input id="phase" name="phase">
              <button type="submit">Add the school</button>
            </form>
            """)
    }

    static func enquiry(_ id: Int64, _ context: PageContext) throws -> String {
        guard let view = try context.project.cycles.enquiries().first(where: { $0.enquiry.id == id }) else {
            throw WorkbenchError("there is no enquiry #\(id)", code: .notFound)
        }
        let enquiry = view.enquiry
        let cycles = view.cycles.map { cycle in
            "<li><a href=\"/cycles/\(cycle.id!)\">Cycle \(cycle.number)</a> · started \(cycle.startedOn)"
                + (cycle.decision.map { " · closed: \($0.phrase)" } ?? " · open") + "</li>"
        }.joined()
        let open = view.cycles.contains { $0.closedOn == nil }
        return try Pages.frame(context, title: enquiry.title, """
            <p>\(esc(enquiry.focus))</p>
            <h2>Research questions</h2><ul>\(enquiry.questions.map { "<li>\(esc($0))</li>" }.joined())</ul>
            <p class="meta">Schools: \(esc(enquiry.schools.joined(separator: ", "))) · lead: \(esc(enquiry.lead ?? "—")) · \
            champions: \(esc(enquiry.champions.isEmpty ? "—" : enquiry.champions.joined(separator: ", "))) · started \(enquiry.startedOn)</p>
            <h2>Cycles</h2>
            \(cycles.isEmpty ? "<p>No cycle yet.</p>" : "<ol class=\"plain\">\(cycles)</ol>")
            \(open ? "<p>Close the open cycle before starting the next.</p>"
                : "<p><a class=\"button\" href=\"/enquiries/\(id)/cycles/new\">Start cycle \(view.cycles.count + 1)</a></p>")
            <details class="evidence-form"\(context.problem == nil ? "" : " open")><summary>Correct the enquiry</summary>
            <form method="post" action="/enquiries/\(id)" class="stack">
              \(context.writeFields(back: "/enquiries/\(id)"))
              \(field(context, "title", "Title", "<input id=\"title\" name=\"title\" value=\"\(esc(enquiry.title))\" required>"))
              \(field(context, "focus", "Focus", "<textarea id=\"focus\" name=\"focus\" rows=\"2\" required>\(esc(enquiry.focus))</textarea>"))
              \(field(context, "questions", "Research questions (one per line)", "<textarea id=\"questions\" name=\"questions\" rows=\"3\" required>\(esc(enquiry.questions.joined(separator: "\n")))</textarea>"))
              \(field(context, "lead", "Lead", "<input id=\"lead\" name=\"lead\" value=\"\(esc(enquiry.lead ?? ""))\">"))
              \(field(context, "champions", "Enquiry champions (one per line)", "<textarea id=\"champions\" name=\"champions\" rows=\"2\">\(esc(enquiry.champions.joined(separator: "\n")))</textarea>"))
              <button type="submit">Save the correction</button>
            </form></details>
            """)
    }

    static func newCycle(_ id: Int64, _ context: PageContext) throws -> String {
        let project = context.project
        let enquiry = try project.cycles.enquiries().first { $0.enquiry.id == id }
        guard let enquiry else { throw WorkbenchError("there is no enquiry #\(id)", code: .notFound) }
        let registry = try project.registry()
        let templates = registry.entries.map(\.descriptor).filter { $0.kind == .cycleTemplate }
        let templateOptions = templates.map { "<option value=\"\(esc($0.id))\">\(esc($0.displayName))</option>" }.joined()
        let suggested = (try? project.plugins.suggestInterventions())?.suggestions.map(\.intervention) ?? []
        let toolkit = try project.plugins.interventions()
        let ordered = toolkit.filter { suggested.contains($0.descriptor.id) }
            .sorted { suggested.firstIndex(of: $0.descriptor.id)! < suggested.firstIndex(of: $1.descriptor.id)! }
            + toolkit.filter { !suggested.contains($0.descriptor.id) }
        let interventions = ordered.map { item in
            let isSuggested = suggested.contains(item.descriptor.id)
            return "<li><label><input type=\"checkbox\" name=\"interventions\" value=\"\(esc(item.descriptor.id))\"> "
                + "\(esc(item.descriptor.displayName))\(isSuggested ? " <strong class=\"tag\">suggested by the latest audit</strong>" : "")"
                + "</label></li>"
        }.joined()
        let rows = try (0..<criterionRows).map { try criterionRow(context, project, row: $0, optional: $0 > 0) }
            .joined(separator: "\n")
        return try Pages.frame(context, title: "Start cycle \(enquiry.cycles.count + 1) of “\(enquiry.enquiry.title)”",
                               scripts: ["/assets/forms.js"], """
            <form method="post" action="/enquiries/\(id)/cycles" class="stack">
              \(context.writeFields(back: "/enquiries/\(id)/cycles/new"))
              \(field(context, "template", "Cycle template", "<select id=\"template\" name=\"template\">\(templateOptions)</select>"))
              <fieldset><legend>Interventions to try</legend>\(context.problem(for: "intervention"))
              <ul class="plain interventions">\(interventions)</ul></fieldset>
              \(field(context, "baseline", "Baseline: where things stand now", "<textarea id=\"baseline\" name=\"baseline\" rows=\"3\" required></textarea>"))
              \(context.problem(for: "criterion"))
              \(rows)
              \(field(context, "date", "Started on", "<input id=\"date\" name=\"date\" type=\"date\" value=\"\(CalendarDate.today())\">"))
              <button type="submit">Start the cycle</button>
            </form>
            """)
    }

    /// One success criterion's fields: in words, the measure (from menus), how it compares, the value.
    static func criterionRow(_ context: PageContext, _ project: WorkbenchProject, row: Int, optional: Bool) throws -> String {
        let measureMenu = try measureOptions(project)
        let comparisons = Comparison.allCases.map { "<option value=\"\(esc($0.rawValue))\">\(esc($0.words))</option>" }.joined()
        return """
            <fieldset class="criterion"><legend>Success criterion\(optional ? " \(row + 1) (optional)" : "")</legend>
              \(field(context, "criterion-\(row)", "In words", "<input id=\"criterion-\(row)\" name=\"criterion-\(row)\">"))
              \(field(context, "measure-\(row)", "Measured by", "<select id=\"measure-\(row)\" name=\"measure-\(row)\" data-measure><option value=\"\">Choose a measure…</option>\(measureMenu)</select>"))
              <div class="inline">
              \(field(context, "comparison-\(row)", "Is", "<select id=\"comparison-\(row)\" name=\"comparison-\(row)\">\(comparisons)</select>"))
              \(field(context, "threshold-\(row)", "This value", "<input id=\"threshold-\(row)\" name=\"threshold-\(row)\" inputmode=\"decimal\" size=\"8\">"))
              </div>
            </fieldset>
            """
    }

    /// The reflection form: new (posted to the cycle) or correcting one.
    static func reflectionForm(_ context: PageContext, back: String, action: String, reflection: ReflectionRecord? = nil) -> String {
        let key = reflection.map { "-\($0.id!)" } ?? ""
        func area(_ name: String, _ label: String, _ value: String?) -> String {
            field(context, name, label, "<textarea id=\"\(name)\(key)\" name=\"\(name)\" rows=\"2\">\(esc(value ?? ""))</textarea>",
                  id: name + key)
        }
        return """
            <form method="post" action="\(action)" class="stack">
              \(context.writeFields(back: back))
              \(field(context, "author", "Your name", "<input id=\"author\(key)\" name=\"author\" value=\"\(esc(reflection?.author ?? ""))\" required>", id: "author" + key))
              \(area("went-well", "What went well", reflection?.wentWell))
              \(area("not-effective", "What was not effective", reflection?.notEffective))
              \(area("problems", "Problems", reflection?.problems))
              \(area("learning", "Leadership learning", reflection?.leadershipLearning))
              <button type="submit">\(reflection == nil ? "Save the reflection" : "Save the correction")</button>
            </form>
            """
    }

    /// The peer-challenge form: new (posted to the cycle) or correcting one.
    static func reviewForm(_ context: PageContext, back: String, action: String, review: PeerReviewRecord? = nil) -> String {
        let key = review.map { "-\($0.id!)" } ?? ""
        return """
            <form method="post" action="\(action)" class="stack">
              \(context.writeFields(back: back))
              \(field(context, "challenged-by", "Challenged by", "<input id=\"challenged-by\(key)\" name=\"challenged-by\" value=\"\(esc(review?.challengedBy ?? ""))\" required>", id: "challenged-by" + key))
              \(field(context, "challenge", "The challenge", "<textarea id=\"challenge\(key)\" name=\"challenge\" rows=\"2\" required>\(esc(review?.challenge ?? ""))</textarea>", id: "challenge" + key))
              \(field(context, "response", "Your response", "<textarea id=\"response\(key)\" name=\"response\" rows=\"2\">\(esc(review?.response ?? ""))</textarea>", id: "response" + key))
              <button type="submit">\(review == nil ? "Save the peer challenge" : "Save the correction")</button>
            </form>
            """
    }

    /// The measures as a menu grouped by instrument, each named in words.
    static func measureOptions(_ project: WorkbenchProject, selected: String? = nil) throws -> String {
        let options = try project.cycles.measureOptions()
        var groups: [(String, [MeasureOption])] = []
        for option in options {
            if groups.last?.0 == option.instrumentName { groups[groups.count - 1].1.append(option) }
            else { groups.append((option.instrumentName, [option])) }
        }
        return groups.map { name, options in
            "<optgroup label=\"\(esc(name))\">" + options.map {
                "<option value=\"\(esc($0.key))\"\($0.key == selected ? " selected" : "") data-part=\"\(esc($0.partName ?? ""))\" "
                    + "data-statistic=\"\(esc($0.statisticName))\">"
                    + "\(esc(($0.partName.map { $0 + ": " } ?? "") + $0.statisticName))</option>"
            }.joined() + "</optgroup>"
        }.joined()
    }

    static func cycle(_ id: Int64, _ context: PageContext) throws -> String {
        let project = context.project
        let details = try project.cycles.cycleDetails(id)
        let cycle = details.cycle
        let enquiry = try project.cycles.enquiries().first { $0.enquiry.id == cycle.enquiryID }?.enquiry
        let log = try project.cycles.evidenceLog(cycle: id)
        let logged = log.enquiries.flatMap(\.cycles).first
        let back = "/cycles/\(id)"
        let steps = CycleProgress.Part.allCases.map { part in
            let done = details.progress.done.contains(part), next = details.progress.next == part
            return "<li class=\"\(done ? "done" : next ? "next" : "todo")\"><span aria-hidden=\"true\">\(done ? "✓" : next ? "→" : "○")</span> "
                + "\(esc(part.task))\(done ? " <span class=\"visually-hidden\">(done)</span>" : next ? " <strong>(next)</strong>" : "")</li>"
        }.joined()
        let closed = cycle.closedOn != nil
        /// A button that removes one record (Undo brings it back).
        func remove(_ path: String, _ what: String) -> String {
            closed ? "" : "<form method=\"post\" action=\"\(path)\" class=\"inline-action\">\(context.writeFields(back: back))"
                + "<button type=\"submit\">Remove<span class=\"visually-hidden\"> \(esc(what))</span></button></form>"
        }
        let criteria = zip(logged?.criteria ?? [], details.criteria).map { criterion, record in
            let value = criterion.value.map { EvidenceLog.number($0, isCount: criterion.isCount) } ?? "no data yet"
            let status = criterion.status == .met ? "met" : criterion.status == .notMet ? "not-met" : "no-data"
            return """
                <tr><td>\(esc(criterion.description))</td><td data-label="Measured by">\(esc(criterion.measureWords ?? criterion.measure))</td>\
                <td data-label="Target">\(esc(criterion.comparison.words)) \(EvidenceLog.number(criterion.threshold, isCount: criterion.isCount))</td>\
                <td class="number" data-label="Today">\(esc(value))</td><td class="status \(status)" data-label="Status">\(esc(criterion.status.description))</td>\
                \(closed ? "" : "<td>" + remove("/criteria/\(record.id!)/delete", "the criterion “\(criterion.description)”") + "</td>")</tr>
                """
        }.joined()
        let evidence = details.evidence.map {
            "<li><strong>\(esc($0.title))</strong> <span class=\"meta\">(\(esc($0.detail.kind.rawValue)), \($0.recordedOn), "
                + "\(esc($0.source)))</span> \(remove("/evidence/\($0.id!)/delete", "the evidence “\($0.title)”"))</li>"
        }.joined()
        let reflections = details.reflections.map { reflection in
            let parts = [("Went well", reflection.wentWell), ("Not effective", reflection.notEffective),
                         ("Problems", reflection.problems), ("Leadership learning", reflection.leadershipLearning)]
                .compactMap { label, text in text.map { "<li>\(label): \(esc($0))</li>" } }.joined()
            return """
                <li><strong>\(esc(reflection.author))</strong>, \(reflection.recordedOn)<ul>\(parts)</ul>
                \(closed ? "" : """
                <details><summary>Correct this reflection</summary>\(reflectionForm(context, back: back,
                    action: "/reflections/\(reflection.id!)", reflection: reflection))</details>
                """)\(remove("/reflections/\(reflection.id!)/delete", "\(reflection.author)'s reflection"))</li>
                """
        }.joined()
        let reviews = details.reviews.map { review in
            """
            <li><strong>\(esc(review.challengedBy))</strong>, \(review.recordedOn): \(esc(review.challenge))\
            \(review.response.map { " — <em>Response:</em> \(esc($0))" } ?? "")
            \(closed ? "" : """
            <details><summary>Correct this challenge</summary>\(reviewForm(context, back: back, action: "/reviews/\(review.id!)",
                review: review))</details>
            """)\(remove("/reviews/\(review.id!)/delete", "\(review.challengedBy)'s challenge"))</li>
            """
        }.joined()
        let registry = try project.registry()
        let interventions = cycle.interventions.map {
            "<li>\(esc((try? registry.entry($0).descriptor.displayName) ?? $0))</li>"
        }.joined()
        return try Pages.frame(context, title: "Cycle \(cycle.number)\(enquiry.map { " of “\($0.title)”" } ?? "")",
                               scripts: ["/assets/forms.js"], """
            <p class="meta"><a href="/enquiries/\(cycle.enquiryID)">The enquiry</a> · started \(cycle.startedOn)\
            \(cycle.closedOn.map { " · closed \($0)" } ?? "") · <a href="/cycles/\(id)/log">Evidence log</a></p>
            <ol class="steps">\(steps)</ol>
            <h2>Interventions</h2><ul>\(interventions)</ul>
            <h2>Baseline</h2><p>\(esc(cycle.baseline))</p>
            <h2>Success criteria</h2>
            \(criteria.isEmpty ? "<p>No success criteria.</p>" : """
            <div class="scroll"><table class="criteria"><thead><tr><th scope="col">Criterion</th><th scope="col">Measured by</th>\
            <th scope="col">Target</th><th scope="col" class="number">Today</th><th scope="col">Status</th>\
            \(closed ? "" : "<th scope=\"col\"><span class=\"visually-hidden\">Change</span></th>")</tr></thead>
            <tbody>\(criteria)</tbody></table></div>
            """)
            \(closed ? "" : """
            <details class="evidence-form"\(context.query["field"]?.hasPrefix("criterion") == true || context.query["field"]?.hasPrefix("measure") == true ? " open" : "")>\
            <summary>Add a success criterion</summary>
            <form method="post" action="/cycles/\(id)/criteria" class="stack">\(context.writeFields(back: back))
            \(try criterionRow(context, project, row: 0, optional: false))
            <button type="submit">Add the criterion</button></form></details>
            """)
            <h2>Evidence</h2>
            \(evidence.isEmpty ? "<p>No evidence linked yet.</p>" : "<ul>\(evidence)</ul>")
            \(closed ? "" : try evidenceForms(project, id: id, context: context, back: back))
            <h2>Reflections</h2>
            \(reflections.isEmpty ? "" : "<ul>\(reflections)</ul>")
            \(closed ? "" : """
            \(reflectionForm(context, back: back, action: "/cycles/\(id)/reflections"))
            """)
            <h2>Peer challenge</h2>
            \(reviews.isEmpty ? "" : "<ul>\(reviews)</ul>")
            \(closed ? "" : """
            \(reviewForm(context, back: back, action: "/cycles/\(id)/reviews"))
            """)
            <h2>Decision</h2>
            \(cycle.decision.map { "<p>Closed on \(cycle.closedOn!): \(esc($0.phrase))\(cycle.nextFocus.map { "; next focus: \(esc($0))" } ?? "").</p>"
                + "<form method=\"post\" action=\"/cycles/\(id)/reopen\">\(context.writeFields(back: back))"
                + "<button type=\"submit\">Reopen the cycle</button></form>" } ?? """
            <form method="post" action="/cycles/\(id)/close" class="stack">
              \(context.writeFields(back: back))
              <fieldset><legend>For the next cycle</legend>
              <label><input type="radio" name="decision" value="continue"> Continue the intervention</label>
              <label><input type="radio" name="decision" value="switch"> Switch intervention</label></fieldset>
              \(context.problem(for: "decision"))
              \(field(context, "next-focus", "Next focus (optional)", "<input id=\"next-focus\" name=\"next-focus\">"))
              <button type="submit">Close the cycle</button>
            </form>
            """)
            """)
    }

    /// A form per kind of evidence, each folded away until opened.
    static func evidenceForms(_ project: WorkbenchProject, id: Int64, context: PageContext, back: String) throws -> String {
        let registry = try project.registry()
        func form(_ kind: EvidenceKind, _ summary: String, _ fields: String) -> String {
            """
            <details class="evidence-form"\(context.query["kind"] == kind.rawValue ? " open" : "")><summary>\(esc(summary))</summary>
            <form method="post" action="/cycles/\(id)/evidence" class="stack">
              \(context.writeFields(back: back + "?kind=\(kind.rawValue)"))
              <input type="hidden" name="kind" value="\(kind.rawValue)">
              \(field(context, "title", "Title", "<input id=\"title-\(kind.rawValue)\" name=\"title\" required>", id: "title-\(kind.rawValue)"))
              \(fields)
              <button type="submit">Link this evidence</button>
            </form></details>
            """
        }
        let questionnaires = registry.entries.map(\.descriptor).filter { $0.kind == .questionnaire }
        let occasions = try Set(questionnaires.flatMap { try project.store.occasions(instrument: $0.id) }).sorted()
        let matrices = registry.entries.map(\.descriptor).filter { $0.kind == .maturityMatrix }
        let auditOccasions = Set(try matrices.flatMap { matrix in
            try project.store.judgements(matrix: matrix.id).map(\.occasion)
        }).sorted()
        func options(_ values: [String]) -> String { values.map { "<option>\(esc($0))</option>" }.joined() }
        func pluginOptions(_ plugins: [PluginDescriptor]) -> String {
            plugins.map { "<option value=\"\(esc($0.id))\">\(esc($0.displayName))</option>" }.joined()
        }
        var themes = ""
        for framework in try CodingPages.frameworks(project) {
            let (_, definition) = try project.framework(framework.id)
            themes += "<optgroup label=\"\(esc(framework.displayName))\">" + definition.allThemes.map {
                "<option value=\"\(esc(framework.id)) \(esc($0.theme.id))\">\(esc($0.theme.name))</option>"
            }.joined() + "</optgroup>"
        }
        let kind = context.query["kind"]
        func problem(_ name: String) -> String { kind == nil ? "" : context.problem(for: name) }
        return [
            form(.note, "Add a note", field(context, "text", "Note", "<textarea id=\"text-note\" name=\"text\" rows=\"3\" required></textarea>", id: "text-note")),
            form(.observation, "Add observation notes", field(context, "text", "What was observed", "<textarea id=\"text-observation\" name=\"text\" rows=\"4\" required></textarea>", id: "text-observation")),
            questionnaires.isEmpty ? "" : form(.comparison, "Compare a questionnaire before and after", """
                \(field(context, "instrument", "Questionnaire", "<select id=\"instrument\" name=\"instrument\">\(pluginOptions(questionnaires))</select>"))
                \(field(context, "from", "Before (occasion)", "<select id=\"from-comparison\" name=\"from\">\(options(occasions))</select>", id: "from-comparison"))
                \(field(context, "to", "After (occasion)", "<select id=\"to-comparison\" name=\"to\">\(options(occasions.reversed()))</select>", id: "to-comparison"))
                """),
            matrices.isEmpty ? "" : form(.audit, "Compare two maturity-matrix audits", """
                \(field(context, "matrix", "Matrix", "<select id=\"matrix\" name=\"matrix\">\(pluginOptions(matrices))</select>"))
                \(field(context, "from", "First audit (occasion)", "<select id=\"from-audit\" name=\"from\">\(options(auditOccasions))</select>", id: "from-audit"))
                \(field(context, "to", "Second audit (occasion)", "<select id=\"to-audit\" name=\"to\">\(options(auditOccasions.reversed()))</select>", id: "to-audit"))
                """),
            form(.theme, "Link a theme from the interviews", field(context, "theme", "Theme", "<select id=\"theme\" name=\"theme\">\(themes)</select>")),
            problem("kind"),
        ].joined(separator: "\n")
    }

    static func log(_ id: Int64, _ context: PageContext) throws -> String {
        let log = try context.project.cycles.evidenceLog(cycle: id)
        let downloads = [("html", "Web page (HTML)"), ("md", "Markdown"), ("xml", "XML"), ("csv", "CSV tables (zip)"),
                         ("json", "Data package (JSON, zip)")].map {
            "<a href=\"/cycles/\(id)/log/\($0.0)\" download>\($0.1)</a>"
        }.joined(separator: " · ")
            + " · <a href=\"/exports/project.qdpx\" download>The whole project for NVivo, ATLAS.ti, MAXQDA or QualCoder (REFI-QDA)</a>"
        return try Pages.frame(context, title: "Evidence log", scripts: ["/assets/forms.js"], """
            <p class="no-print"><a href="/cycles/\(id)">Back to the cycle</a> · Download: \(downloads) · \
            <button type="button" data-print>Print</button></p>
            <p class="print-only">\(esc(log.project)) · printed \(CalendarDate.today())</p>
            <article class="log">\(log.htmlBody())</article>
            """)
    }

    /// The log of one cycle in a format, written to the project's `exports/` as the CLI writes it;
    /// the CSV and JSON logs (folders of tables) come as a zip of that folder.
    static func download(_ project: WorkbenchProject, cycle id: Int64, format: LogFormat) throws -> Response {
        let exports = project.store.folder.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
        switch format {
        case .html, .md, .xml:
            let file = exports.appendingPathComponent("evidence-log-cycle-\(id).\(format.rawValue)")
            try project.cycles.exportLog(to: file, format: format, cycle: id)
            let types: [LogFormat: String] = [.html: "text/html", .md: "text/markdown", .xml: "application/xml"]
            return try attachment(file, type: (types[format] ?? "application/octet-stream") + "; charset=utf-8")
        case .csv, .json:
            let folder = exports.appendingPathComponent("evidence-log-cycle-\(id)-\(format.rawValue)")
            try project.cycles.exportLog(to: folder, format: format, cycle: id)
            let zip = exports.appendingPathComponent(folder.lastPathComponent + ".zip")
            try StagedOutput.write(to: zip) { staging in
                try FileManager.default.zipItem(at: folder, to: staging, shouldKeepParent: true)
            }
            return try attachment(zip, type: "application/zip")
        }
    }

    /// A file of the project's `exports/` as a download.
    static func attachment(_ file: URL, type: String) throws -> Response {
        Response(status: .ok, headers: [
            .contentType: type, .contentDisposition: "attachment; filename=\"\(file.lastPathComponent)\"",
        ], body: .init(byteBuffer: ByteBuffer(bytes: try Data(contentsOf: file))))
    }

    /// A labelled field with the problem the core reported about it, if any.
    static func field(_ context: PageContext, _ name: String, _ label: String, _ control: String, id: String? = nil) -> String {
        "<div class=\"field\"><label for=\"\(esc(id ?? name))\">\(esc(label))</label>\(control)\(context.problem(for: name))</div>"
    }
}
