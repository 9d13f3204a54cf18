import Foundation
import Hummingbird
import PluginHost
import ProjectStore
import Reports
import StagedFiles
import Transcripts
import WorkbenchCore
import WorkbenchKit

/// Questionnaires: the instruments with their occasions, and the form one participant answers on
/// one occasion, rendered from the plugin (scale labels, wording from the text pack, display
/// conditions), each answer saved as it is given.
enum QuestionnairePages {
    static func routes(_ router: Router<BasicRequestContext>, _ app: WebApp) {
        router.get("/questionnaires") { request, _ in try app.page(request, list) }
        router.get("/questionnaires/:id/answer") { request, context in
            let id = try WebApp.parameter(context)
            return try app.page(request) { try answer(id, $0) }
        }
        router.post("/questionnaires/:id/answers") { request, context in
            let id = try WebApp.parameter(context)
            return try await app.change(request) { project, form in
                var answers: [String: String?] = [:]
                for (name, values) in form.fields where name.hasPrefix("answer-") {
                    let code = values.last?.trimmingCharacters(in: .whitespaces) ?? ""
                    answers[String(name.dropFirst("answer-".count))] = code.isEmpty ? nil : code
                }
                try project.instruments.saveAnswers(id, participant: form.required("participant", "who is answering"),
                                                    occasion: form.required("occasion", "the occasion"), answers: answers)
            }
        }
        router.get("/questionnaires/:id/import") { request, context in
            let id = try WebApp.parameter(context)
            return try app.page(request) { try importForm(id, $0) }
        }
        router.post("/questionnaires/:id/import/preview") { request, context in
            let id = try WebApp.parameter(context)
            var request = request
            let form = try Form(request, body: try await request.collectBody(upTo: Access.limit(for: request)))
            return try app.page(request) { try preview(id, form, $0) }
        }
        router.post("/questionnaires/:id/import") { request, context in
            let id = try WebApp.parameter(context)
            return try await app.change(request) { project, form in
                let (csv, name) = try uploaded(form)
                let occasion = try form.required("occasion", "the occasion")
                try withFile(csv, name: name, in: project) { file in
                    _ = try project.instruments.importResponses(id, from: file, occasion: occasion, columns: mapping(form),
                                                                labels: true, wordings: wordings(form),
                                                                addParticipants: form["add-participants"] == "yes")
                }
            }
        }
    }

    /// The CSV a form carries: an uploaded file, or the text a preview page passed on.
    static func uploaded(_ form: Form) throws -> (text: String, name: String) {
        if let file = form.files["file"]?.first {
            return (String(decoding: file.data.readableBytesView, as: UTF8.self), file.name)
        }
        guard let text = form["content"], !text.isEmpty else {
            throw WorkbenchError("choose a CSV file of answers", code: .missingValue, field: "file")
        }
        return (text, form.text("filename") ?? "answers.csv")
    }

    /// The column mapping chosen on a preview page (`map:COLUMN` → item, `participant` or empty), or
    /// nil before one was chosen (the columns' own names then suggest it).
    static func mapping(_ form: Form) -> [String: String]? {
        let chosen = form.fields.filter { $0.key.hasPrefix("map:") }
        guard !chosen.isEmpty else { return nil }
        return Dictionary(uniqueKeysWithValues: chosen.compactMap { name, values in
            values.first.flatMap { $0.isEmpty ? nil : (String(name.dropFirst("map:".count)), $0) }
        })
    }

    /// The codes chosen on a preview page for answers that are neither codes nor labels
    /// (`wording:SCALE:ANSWER` → code; empty when not chosen).
    static func wordings(_ form: Form) -> [String: [String: String]] {
        ResponseTable.wordings(form.fields.compactMap { name, values in
            guard name.hasPrefix("wording:"), let code = values.last, !code.isEmpty else { return nil }
            let rest = name.dropFirst("wording:".count)
            guard let colon = rest.firstIndex(of: ":") else { return nil }
            return (String(rest[..<colon]), String(rest[rest.index(after: colon)...]), code)
        })
    }

    /// Runs `body` with the CSV written to a scratch file of the project (removed afterwards).
    static func withFile<T>(_ text: String, name: String, in project: WorkbenchProject, _ body: (URL) throws -> T) throws -> T {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "answers.csv"
        return try StagedOutput.withScratch(beside: project.store.folder.appendingPathComponent("exports/import")) { folder in
            let file = folder.appendingPathComponent(base.hasPrefix(".") ? "answers.csv" : base)
            try Data(text.utf8).write(to: file)
            return try body(file)
        }
    }

    static func importForm(_ id: String, _ context: PageContext) throws -> String {
        let (descriptor, _) = try context.project.questionnaire(id)
        return try Pages.frame(context, title: "Import answers to \(descriptor.displayName)", """
            <p>A CSV file with a column for the participant (their pseudonym) and a column per question, as a form \
            tool exports it. Next you will see how its columns and answers are read, and nothing is saved until you say so.</p>
            <form method="post" action="/questionnaires/\(esc(WebApp.encode(descriptor.id)))/import/preview" \
            enctype="multipart/form-data" class="stack">
              \(context.writeFields(back: context.path))
              <label for="file">The CSV file</label>
              <input id="file" name="file" type="file" accept=".csv,text/csv" required>
              \(context.problem(for: "file"))
              <label for="occasion">Occasion (e.g. autumn-2026, pre, post)</label>
              <input id="occasion" name="occasion" required>
              <button type="submit">Show how it will be read</button>
            </form>
            """)
    }

    /// How a CSV would be read: a menu per column, the answers' labels and codes, the problems.
    static func preview(_ id: String, _ form: Form, _ context: PageContext) throws -> String {
        let project = context.project
        let (descriptor, questionnaire) = try project.questionnaire(id)
        let (csv, name) = try uploaded(form)
        let occasion = try form.required("occasion", "the occasion")
        let registry = try project.registry()
        let result = try withFile(csv, name: name, in: project) { file in
            try project.instruments.previewResponses(id, from: file, columns: mapping(form), wordings: wordings(form))
        }
        // Answers the scale's codes and labels do not cover: the user says which option each is.
        let chosenWordings = form.fields.filter { $0.key.hasPrefix("wording:") }
        var choices = ""
        for scale in questionnaire.scales {
            let answers = Set(result.unmatched[scale.id] ?? []).union(chosenWordings.keys.compactMap { key -> String? in
                let prefix = "wording:\(scale.id):"
                return key.hasPrefix(prefix) ? String(key.dropFirst(prefix.count)) : nil
            }).sorted()
            for (number, answer) in answers.enumerated() {
                let field = "wording:\(scale.id):\(answer)"
                let chosen = chosenWordings[field]?.last ?? ""
                let options = [("", "Choose the option it means")] + scale.options.map { ($0.code, "\($0.code): \($0.label)") }
                let menu = options.map { value, label in
                    "<option value=\"\(esc(value))\"\(value == chosen ? " selected" : "")>\(esc(label))</option>"
                }.joined()
                let id = "wording-\(esc(scale.id))-\(number)"
                choices += "<tr><th scope=\"row\"><label for=\"\(id)\">“\(esc(answer))”</label></th><td>\(esc(scale.id))</td>"
                    + "<td><select id=\"\(id)\" name=\"\(esc(field))\">\(menu)</select></td></tr>"
            }
        }
        let items = questionnaire.items.map { item in
            (item.id, "\(item.id): " + Excerpt.cut(registry.wording(of: item, in: descriptor.id) ?? "(no wording)", to: 60))
        }
        let rows = result.columns.enumerated().map { index, column in
            let target = result.mapping[column]
            let options = [("", "Leave out"), ("participant", "The participant (pseudonym)")] + items
            let menu = options.map { value, label in
                "<option value=\"\(esc(value))\"\(value == (target ?? "") ? " selected" : "")>\(esc(label))</option>"
            }.joined()
            let values = Array(Set(result.rows.compactMap { index < $0.count ? $0[index] : nil }.filter { !$0.isEmpty })).sorted()
            return "<tr><th scope=\"row\">\(esc(column))</th><td><label class=\"visually-hidden\" for=\"column-\(index)\">"
                + "\(esc(column)) becomes</label><select id=\"column-\(index)\" name=\"map:\(esc(column))\">\(menu)</select></td>"
                + "<td>\(esc(values.prefix(6).joined(separator: ", ")))</td></tr>"
        }.joined()
        let labels = (result.table?.labelsRead ?? [:]).sorted { $0.key < $1.key }.map { scale, pairs in
            "<li>Scale \(esc(scale)): " + pairs.sorted { $0.value < $1.value }.map { "“\(esc($0.key))” → \(esc($0.value))" }
                .joined(separator: ", ") + "</li>"
        }.joined()
        let summary: String
        if let table = result.table {
            summary = "<p class=\"good\" role=\"status\">\(result.rowCount) rows read: \(table.answers.count) answers from "
                + "\(table.participants.count) participants, for occasion \(esc(occasion)). Nothing is saved yet.</p>"
        } else {
            summary = "<div class=\"problem\" role=\"alert\"><p>With this mapping the file has \(result.problems.count) "
                + "\(result.problems.count == 1 ? "problem" : "problems"); nothing can be imported yet:</p><ul>"
                + result.problems.prefix(50).map { "<li>\(esc($0))</li>" }.joined() + "</ul></div>"
        }
        let newPeople = result.newParticipants
        let addPeople = newPeople.isEmpty ? "" : "<label><input type=\"checkbox\" name=\"add-participants\" value=\"yes\"> "
            + "Add the \(newPeople.count) participants the project does not have yet ("
            + esc(newPeople.prefix(10).joined(separator: ", ")) + (newPeople.count > 10 ? ", …" : "") + ")</label>"
        return try Pages.frame(context, title: "Import answers to \(descriptor.displayName)", """
            \(summary)
            <form method="post" action="/questionnaires/\(esc(WebApp.encode(descriptor.id)))/import" enctype="multipart/form-data" class="stack wide-form">
              \(context.writeFields(back: "/questionnaires"))
              <input type="hidden" name="occasion" value="\(esc(occasion))">
              <input type="hidden" name="filename" value="\(esc(name))">
              <textarea name="content" hidden aria-hidden="true">\(esc(csv))</textarea>
              <h2>Columns</h2>
              <div class="scroll"><table><thead><tr><th scope="col">Column</th><th scope="col">Becomes</th>\
            <th scope="col">Values in the first rows</th></tr></thead><tbody>\(rows)</tbody></table></div>
              \(labels.isEmpty ? "" : "<h2>Answers given as labels</h2><p>These become the codes shown:</p><ul>\(labels)</ul>")
              \(choices.isEmpty ? "" : """
                <h2>Answers to match</h2><p>These answers are not the scale's own codes or labels. Choose the option \
                each one means, then check again.</p>
                <div class="scroll"><table><thead><tr><th scope="col">Answer</th><th scope="col">Scale</th>\
                <th scope="col">Means</th></tr></thead><tbody>\(choices)</tbody></table></div>
                """)
              \(addPeople)
              <p class="actions">
                <button type="submit" formaction="/questionnaires/\(esc(WebApp.encode(descriptor.id)))/import/preview">Check again with these columns</button>
                \(result.table.map { "<button type=\"submit\">Import \($0.answers.count) answers</button>" } ?? "")
              </p>
            </form>
            """)
    }

    /// Every questionnaire, its occasions with how many have answered, and where to enter answers.
    static func list(_ context: PageContext) throws -> String {
        let project = context.project
        let questionnaires = try project.registry().entries.map(\.descriptor).filter { $0.kind == .questionnaire }
        let participants = try project.store.participants().map(\.pseudonym)
        let people = participants.map { "<option>\(esc($0))</option>" }.joined()
        let sections = try questionnaires.map { descriptor in
            let occasions = try project.store.occasions(instrument: descriptor.id)
            let rows = try occasions.map { occasion in
                let answered = Set(try project.store.responses(instrument: descriptor.id, occasion: occasion).map(\.pseudonym))
                let link = "/questionnaires/\(WebApp.encode(descriptor.id))/answer?occasion=\(WebApp.encode(occasion))&as=participant"
                return "<li>\(esc(occasion)): \(answered.count) of \(participants.count) participants answered · "
                    + "<a href=\"\(esc(link))\">participant link (\(esc(occasion)))</a></li>"
            }.joined()
            let formID = "entry-\(descriptor.id)"
            return """
                <section class="instrument">
                <h2>\(esc(descriptor.displayName))</h2>
                \(occasions.isEmpty ? "<p>No answers yet.</p>" : "<ul>\(rows)</ul>")
                <form method="get" action="/questionnaires/\(esc(WebApp.encode(descriptor.id)))/answer" class="inline">
                  <label for="\(esc(formID))-p">Participant</label>
                  <select id="\(esc(formID))-p" name="participant">\(people)</select>
                  <label for="\(esc(formID))-o">Occasion</label>
                  <input id="\(esc(formID))-o" name="occasion" list="\(esc(formID))-occasions" required size="12">
                  <datalist id="\(esc(formID))-occasions">\(occasions.map { "<option value=\"\(esc($0))\">" }.joined())</datalist>
                  <button type="submit">Enter answers</button>
                </form>
                <p><a href="/questionnaires/\(esc(WebApp.encode(descriptor.id)))/import">Import answers to \(esc(descriptor.displayName)) \
                from a CSV file</a></p>
                </section>
                """
        }.joined(separator: "\n")
        return try Pages.frame(context, title: "Questionnaires", """
            \(participants.isEmpty ? "<p>Add participants first (<code>workbench participants add</code>).</p>" : "")
            \(sections)
            """)
    }

    /// One participant's form for one occasion; without a participant, the list to pick from.
    static func answer(_ id: String, _ context: PageContext) throws -> String {
        let project = context.project
        let (descriptor, questionnaire) = try project.questionnaire(id)
        guard let occasion = context.query.text("occasion") else {
            throw WorkbenchError("the link names no occasion", code: .notFound, field: "occasion")
        }
        let base = "/questionnaires/\(WebApp.encode(descriptor.id))/answer"
        // A participant's link shows the form alone: no navigation, no Undo of other people's changes.
        let plain = context.query["as"] == "participant"
        guard let participant = context.query.text("participant") else {
            let people = try project.store.participants().map(\.pseudonym)
            return try Pages.frame(context, title: descriptor.displayName, plain: plain, """
                <form method="get" action="\(esc(base))" class="stack respond">
                  <input type="hidden" name="occasion" value="\(esc(occasion))">
                  \(plain ? "<input type=\"hidden\" name=\"as\" value=\"participant\">" : "")
                  <label for="participant">Who is answering?</label>
                  <select id="participant" name="participant">\(people.map { "<option>\(esc($0))</option>" }.joined())</select>
                  <button type="submit">Start</button>
                </form>
                """)
        }
        guard try project.store.participant(pseudonym: participant) != nil else {
            throw WorkbenchError("there is no participant '\(participant)'", code: .notFound, field: "participant")
        }
        let registry = try project.registry()
        let given = Dictionary(try project.store.responses(instrument: descriptor.id, occasion: occasion)
            .filter { $0.pseudonym == participant }.map { ($0.response.item, $0.response.code) },
            uniquingKeysWith: { _, last in last })
        let back = WebApp.adding(["participant": participant, "occasion": occasion, "as": plain ? "participant" : nil],
                                 to: base)
        let items = Self.items(questionnaire, wording: { registry.wording(of: $0, in: descriptor.id) }, given: given,
                               problem: context.problem(for:))
        return try Pages.frame(context, title: descriptor.displayName, scripts: ["/assets/forms.js"], plain: plain, """
            <p class="meta">\(esc(participant)) · occasion \(esc(occasion)) · \(questionnaire.items.count) questions. \
            Each answer is saved as you give it.</p>
            <form method="post" action="/questionnaires/\(esc(WebApp.encode(descriptor.id)))/answers" class="questionnaire" \
            data-conditions data-autosave>
              \(context.writeFields(back: back))
              <input type="hidden" name="participant" value="\(esc(participant))">
              <input type="hidden" name="occasion" value="\(esc(occasion))">
              \(items)
              <button type="submit" class="save-all">Save the answers</button>
            </form>
            """)
    }

    /// The items of a questionnaire as fieldsets of labelled radio buttons, with display conditions
    /// as data attributes (applied by `forms.js`), `given` answers checked and each item's problem.
    static func items(_ questionnaire: Questionnaire, wording: (Questionnaire.Item) -> String?, given: [String: String],
                      problem: (String) -> String) -> String {
        questionnaire.items.enumerated().map { number, item in
            let wording = wording(item) ?? "(wording not included in this plugin: item \(item.id))"
            let options = (questionnaire.scale(of: item)?.options ?? []).map { option in
                """
                <label class="option"><input type="radio" name="answer-\(esc(item.id))" value="\(esc(option.code))"\
                \(given[item.id] == option.code ? " checked" : "")> <span>\(esc(option.label))</span></label>
                """
            }.joined()
            let skip = item.required ? "" : """
                <label class="option skip"><input type="radio" name="answer-\(esc(item.id))" value=""\
                \(given[item.id] == nil ? " checked" : "")> <span>No answer</span></label>
                """
            let condition = item.condition.map {
                " data-if-item=\"\(esc($0.item))\" data-if-op=\"\(esc($0.op.rawValue))\" data-if-value=\"\(esc($0.value ?? ""))\""
            } ?? ""
            return """
                <fieldset class="item" id="item-\(esc(item.id))" data-item="\(esc(item.id))"\(condition)>
                <legend><span class="number">\(number + 1).</span> \(esc(wording))\(item.required ? " <span class=\"required\">(required)</span>" : "")</legend>
                <div class="options">\(options)\(skip)</div>
                <p class="saved" aria-live="polite"></p>
                \(problem(item.id))
                </fieldset>
                """
        }.joined(separator: "\n")
    }
}
