import Foundation
import Hummingbird
import ProjectStore
import Reports
import WorkbenchCore
import WorkbenchKit

/// The codebook: a framework's themes as a tree with definitions and indicators; for the project's
/// draft framework, adding, renaming, defining and merging themes, its history, and promoting it
/// to a plugin.
enum CodebookPages {
    static func routes(_ router: Router<BasicRequestContext>, _ app: WebApp) {
        router.get("/codebook") { request, _ in try app.page(request, codebook) }
        router.post("/codebook/draft/add") { request, _ in
            try await app.change(request) { project, form in
                _ = try project.stages.addDraftTheme(form.required("name", "the theme's name"), parent: form.text("parent"),
                                                     definition: form.text("definition"),
                                                     researcher: form.required("researcher", "your name"), note: form.text("note"))
            }
        }
        router.post("/codebook/draft/rename") { request, _ in
            try await app.change(request) { project, form in
                try project.stages.renameDraftTheme(form.required("theme", "the theme"), to: form.required("name", "the new name"),
                                                    researcher: form.required("researcher", "your name"), note: form.text("note"))
            }
        }
        router.post("/codebook/draft/define") { request, _ in
            try await app.change(request) { project, form in
                try project.stages.defineDraftTheme(form.required("theme", "the theme"), definition: form["definition"] ?? "",
                                                    inclusion: form["inclusion"] ?? "", exclusion: form["exclusion"] ?? "",
                                                    researcher: form.required("researcher", "your name"), note: form.text("note"))
            }
        }
        router.post("/codebook/draft/merge") { request, _ in
            try await app.change(request) { project, form in
                try project.stages.mergeDraftThemes(form.all("themes"), into: form.required("into", "the theme to merge into"),
                                                    researcher: form.required("researcher", "your name"), note: form.text("note"))
            }
        }
        router.post("/codebook/draft/split") { request, _ in
            try await app.change(request) { project, form in
                _ = try project.stages.splitDraftTheme(form.required("theme", "the theme"),
                                                       into: EnquiryPages.lines(form["parts"]), codingsTo: form.text("codings-to"),
                                                       researcher: form.required("researcher", "your name"), note: form.text("note"))
            }
        }
        router.post("/codebook/draft/promote") { request, _ in
            try await app.change(request) { project, form in
                _ = try project.stages.promoteDraft(id: form.required("id", "the new framework's id"),
                                                    version: form.required("version", "its version"), name: form.text("name"),
                                                    researcher: form.required("researcher", "your name"), note: form.text("note"))
            }
        }
    }

    static func codebook(_ context: PageContext) throws -> String {
        let project = context.project
        let available = try CodingPages.frameworks(project)
        let draftID = WorkbenchProject.draftFrameworkID
        let chosenID = context.query.text("framework") ?? (available.contains { $0.id == draftID } ? draftID : available.first?.id)
        guard let chosenID else { throw WorkbenchError("the project has no coding framework") }
        let (descriptor, framework) = try project.framework(chosenID)
        let isDraft = descriptor.id == draftID
        let options = (available.contains { $0.id == draftID } ? available : available + [try project.draftFramework().0]).map {
            "<option value=\"\(esc($0.id))\"\($0.id == descriptor.id ? " selected" : "")>\(esc($0.displayName))</option>"
        }.joined()
        let tree = framework.allThemes.map { entry in
            let theme = entry.theme
            let indicators = [("Keywords", theme.indicators.keywords), ("Patterns", theme.indicators.patterns),
                              ("Speakers", theme.indicators.speakers)].filter { !$0.1.isEmpty }
                .map { "<li>\($0.0): \(esc($0.1.joined(separator: ", ")))</li>" }.joined()
            return """
                <li class="depth-\(min(entry.path.count - 1, 4))"><strong>\(esc(theme.name))</strong> <code>\(esc(theme.id))</code>\
                \(theme.isCodable ? "" : " <span class=\"meta\">folder: passages are coded with its themes</span>")\
                \(theme.definition.map { "<p>\(esc($0))</p>" } ?? "")\
                \(theme.inclusion.map { "<p><strong>Use when:</strong> \(esc($0))</p>" } ?? "")\
                \(theme.exclusion.map { "<p><strong>Not when:</strong> \(esc($0))</p>" } ?? "")\
                \(indicators.isEmpty ? "" : "<ul class=\"indicators\">\(indicators)</ul>")</li>
                """
        }.joined(separator: "\n")
        var body = """
            <form method="get" action="/codebook" class="inline">
              <label for="framework">Framework</label> <select id="framework" name="framework">\(options)</select>
              <button type="submit">Show</button>
            </form>
            <p class="meta">\(esc(descriptor.displayName)) · <code>\(esc(descriptor.reference))</code> · \
            \(framework.allThemes.count) themes</p>
            \(tree.isEmpty ? "<p>No themes yet.</p>" : "<ul class=\"plain codebook\">\(tree)</ul>")
            """
        if isDraft { body += try draftForms(context, framework) }
        return try Pages.frame(context, title: "Codebook", body)
    }

    /// The forms that change the draft framework, and its history.
    static func draftForms(_ context: PageContext, _ framework: CodingFramework) throws -> String {
        let back = "/codebook?framework=\(WorkbenchProject.draftFrameworkID)"
        let themes = framework.allThemes.map { "<option value=\"\(esc($0.theme.id))\">\(esc($0.theme.name))</option>" }.joined()
        let boxes = framework.allThemes.map {
            "<label><input type=\"checkbox\" name=\"themes\" value=\"\(esc($0.theme.id))\"> \(esc($0.theme.name))</label>"
        }.joined(separator: " ")
        let researcher = "<label for=\"researcher-%@\">Your name</label><input id=\"researcher-%@\" name=\"researcher\" "
            + "value=\"\(esc(WorkbenchProject.defaultActor))\" required>"
        func form(_ action: String, _ summary: String, _ fields: String) -> String {
            """
            <details class="evidence-form"><summary>\(esc(summary))</summary>
            <form method="post" action="/codebook/draft/\(action)" class="stack">
              \(context.writeFields(back: back))
              \(fields)
              \(researcher.replacingOccurrences(of: "%@", with: action))
              <label for="note-\(action)">Why (optional, kept in the history)</label><input id="note-\(action)" name="note">
              <button type="submit">\(esc(summary))</button>
            </form></details>
            """
        }
        let history = try context.project.store.draftChanges().reversed().prefix(50).map {
            "<li>\(esc($0.researcher)), \(esc(ChangeHistory.localTime($0.at))): \(esc($0.action.rawValue)) \(esc($0.detail))"
                + ($0.note.map { " — \(esc($0))" } ?? "") + "</li>"
        }.joined()
        return """
            <h2>Change the draft framework</h2>
            \(context.problem.map { "<p class=\"problem\" role=\"alert\">\(esc($0))</p>" } ?? "")
            \(form("add", "Add a theme", """
              <label for="name-add">Name</label><input id="name-add" name="name" required>
              <label for="parent-add">Under (optional)</label><select id="parent-add" name="parent"><option value="">At the top</option>\(themes)</select>
              <label for="definition-add">Definition (optional)</label><textarea id="definition-add" name="definition" rows="2"></textarea>
              """))
            \(themes.isEmpty ? "" : form("rename", "Rename a theme", """
              <label for="theme-rename">Theme</label><select id="theme-rename" name="theme">\(themes)</select>
              <label for="name-rename">New name</label><input id="name-rename" name="name" required>
              """))
            \(themes.isEmpty ? "" : form("define", "Define a theme", """
              <label for="theme-define">Theme</label><select id="theme-define" name="theme">\(themes)</select>
              <label for="definition-define">Definition</label><textarea id="definition-define" name="definition" rows="2"></textarea>
              <label for="inclusion-define">Use when</label><textarea id="inclusion-define" name="inclusion" rows="2"></textarea>
              <label for="exclusion-define">Not when</label><textarea id="exclusion-define" name="exclusion" rows="2"></textarea>
              """))
            \(framework.allThemes.count < 2 ? "" : form("merge", "Merge themes", """
              <fieldset><legend>Themes to merge</legend>\(boxes)</fieldset>
              <label for="into-merge">Into</label><select id="into-merge" name="into">\(themes)</select>
              """))
            \(themes.isEmpty ? "" : form("split", "Split a theme", """
              <label for="theme-split">Theme</label><select id="theme-split" name="theme">\(themes)</select>
              <label for="parts-split">New themes (one name per line)</label><textarea id="parts-split" name="parts" rows="3" required></textarea>
              <label for="codings-split">Its codings go to (one new theme's name; needed when it has codings)</label>
              <input id="codings-split" name="codings-to">
              """))
            \(themes.isEmpty ? "" : form("promote", "Promote to a framework plugin", """
              <label for="id-promote">Id of the new framework (e.g. my-alliance.interviews)</label>
              <input id="id-promote" name="id" required>
              <label for="version-promote">Version</label><input id="version-promote" name="version" value="1.0.0" required>
              <label for="name-promote">Name (optional)</label><input id="name-promote" name="name">
              """))
            <h2>History of the draft</h2>
            \(history.isEmpty ? "<p>No changes yet.</p>" : "<ol class=\"plain\">\(history)</ol>")
            """
    }
}
