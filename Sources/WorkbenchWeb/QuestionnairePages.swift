import Foundation
import Hummingbird
import PluginHost
import ProjectStore
import Reports
import WorkbenchCore
import WorkbenchKit

/// Questionnaires: the instruments with their occasions, and the form one participant answers on
/// one occasion, rendered from the plugin (scale labels, wording from the text pack, display
/// conditions), each answer saved as it is given.
enum QuestionnairePages {
    static func routes(_ router: Router<BasicRequestContext>, _ app: WebApp) {
        router.get("/questionnaires") { request, _ in try app.page(request, list) }
        router.get("/questionnaires/:id/answer") { request, context in
            let id = try instrument(context)
            return try app.page(request) { try answer(id, $0) }
        }
        router.post("/questionnaires/:id/answers") { request, context in
            let id = try instrument(context)
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
    }

    private static func instrument(_ context: BasicRequestContext) throws -> String {
        guard let id = context.parameters.get("id") else { throw HTTPError(.notFound, message: "There is no such questionnaire.") }
        return id
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
                    + "<a href=\"\(esc(link))\">participant link</a></li>"
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

    private static func esc(_ text: String) -> String { HTML.escape(text) }
}
