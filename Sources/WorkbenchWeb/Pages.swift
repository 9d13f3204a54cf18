import Foundation
import Enquiries
import ProjectStore
import Reports
import WorkbenchCore

/// Escapes text from the project for HTML: every value interpolated into a page goes through it.
func esc(_ text: String) -> String { HTML.escape(text) }

/// What a page is built from: the open project, the CSRF token its forms carry, and the query of
/// its address (which carries a problem the core reported after a write, and the field it concerns).
struct PageContext {
    let project: WorkbenchProject
    let csrf: String
    let query: Form
    /// This page's address, without a reported problem: where its forms come back to.
    let path: String

    var problem: String? { query.text("problem") }

    /// The hidden fields every form that writes carries: the CSRF token and the page to come back to.
    func writeFields(back: String) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf))\">"
            + "<input type=\"hidden\" name=\"back\" value=\"\(HTML.escape(back))\">"
    }

    /// The problem, beside the field it concerns (empty unless the last write failed on `field`).
    func problem(for field: String) -> String {
        guard let problem, query["field"] == field else { return "" }
        return "<p class=\"field-problem\" role=\"alert\" id=\"problem-\(HTML.escape(field))\">\(HTML.escape(problem))</p>"
    }
}

/// The pages, as server-rendered HTML: everything from the project is escaped.
enum Pages {

    /// A page in the app's frame: the project's name, the navigation, and Undo / Redo of the latest change.
    /// - Parameter plain: a page for a participant: no navigation and no Undo, only the project's name.
    static func frame(_ context: PageContext, title: String, scripts: [String] = [], styles: [String] = [],
                      wide: Bool = false, plain: Bool = false, _ body: String) throws -> String {
        let project = context.project, csrf = context.csrf
        let name = try project.store.info().name
        let latest = try project.history.entries(limit: 1).first
        let undo = latest.map { entry in
            """
            <form method="post" action="/undo" class="undo">
              \(context.writeFields(back: context.path))
              <button type="submit"\(entry.undone ? " disabled" : "")>Undo</button>
              <span>\(entry.undone ? "Nothing left to undo" : "Latest change: " + esc(entry.summary))</span>
            </form>
            """
        } ?? ""
        let navigation = """
            <nav aria-label="Main"><a href="/">Enquiries</a> <a href="/questionnaires">Questionnaires</a> <a href="/audits">Audits</a> <a href="/transcripts">Transcripts</a> <a href="/codebook">Codebook</a> <a href="/matrix">Matrix</a> <a href="/agreement">Agreement</a> \
            <a href="/search">Search</a> <a href="/plugins">Plugins</a> <a href="/history">History</a></nav>
            """
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(title)) — \(esc(name))</title>
            <link rel="stylesheet" href="/assets/workbench.css">
            <link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
            \(styles.map { "<link rel=\"stylesheet\" href=\"\(esc($0))\">" }.joined())
            \(scripts.map { "<script src=\"\(esc($0))\" defer></script>" }.joined())
            </head>
            <body>
            <header>
              <p class="project">\(esc(name))</p>
              \(plain ? "" : navigation)
              \(plain ? "" : undo)
            </header>
            <main\(wide ? " class=\"wide\"" : "")>
            <h1>\(esc(title))</h1>
            \(context.problem.flatMap { context.query["field"] == nil ? "<p class=\"problem\" role=\"alert\">\(esc($0))</p>" : nil } ?? "")
            \(body)
            </main>
            </body>
            </html>
            """
    }

    /// Home: every enquiry, each cycle's place in its steps, and the next thing to do.
    static func home(_ context: PageContext) throws -> String {
        let project = context.project
        let enquiries = try project.cycles.enquiries()
        guard !enquiries.isEmpty else {
            return try frame(context, title: "Enquiries", """
                <p>No enquiries yet.</p>
                <p><a class="button" href="/enquiries/new">Start an enquiry</a></p>
                """)
        }
        var body = "<p><a class=\"button\" href=\"/enquiries/new\">Start an enquiry</a></p>"
        for view in enquiries {
            let enquiry = view.enquiry
            body += """
                <section class="enquiry">
                <h2><a href="/enquiries/\(enquiry.id!)">\(esc(enquiry.title))</a></h2>
                <p>\(esc(enquiry.focus))</p>
                <p class="meta">Led by \(esc(enquiry.lead ?? "—")) · schools: \(esc(enquiry.schools.joined(separator: ", ")))
                 · started \(esc(enquiry.startedOn.description))</p>
                """
            for cycle in view.cycles {
                let details = try project.cycles.cycleDetails(cycle.id!)
                let steps = CycleProgress.Part.allCases.map { part in
                    let done = details.progress.done.contains(part)
                    let next = details.progress.next == part
                    return "<li class=\"\(done ? "done" : next ? "next" : "todo")\">\(done ? "✓" : next ? "→" : "○") "
                        + "\(esc(part.task))\(next ? " <strong>(next)</strong>" : "")</li>"
                }.joined()
                let criteria = details.progress
                body += """
                    <article class="cycle">
                    <h3><a href="/cycles/\(cycle.id!)">Cycle \(cycle.number)</a>\(cycle.decision.map { " — closed: " + esc($0.rawValue) } ?? "")</h3>
                    <ol class="steps">\(steps)</ol>
                    <p>Success criteria: \(criteria.criteriaMet) met, \(criteria.criteriaNotMet) not met,
                     \(criteria.criteriaWithoutData) without data yet.</p>
                    </article>
                    """
            }
            body += "</section>"
        }
        let recent = try project.history.entries(limit: 5).map {
            "<li>\(esc($0.summary)) <span class=\"meta\">— \(esc($0.actor)), \(esc($0.localTime))"
                + "\($0.undone ? ", undone" : "")</span></li>"
        }.joined()
        body += "<h2>Recent changes</h2><ul>\(recent)</ul><p><a href=\"/history\">Every change</a></p>"
        return try frame(context, title: "Enquiries", body)
    }

    /// Every change, newest first, with Undo and Redo.
    static func history(_ context: PageContext) throws -> String {
        let project = context.project, csrf = context.csrf
        let rows = try project.history.entries(limit: 200).map { entry in
            """
            <tr\(entry.undone ? " class=\"undone\"" : "")><td>\(entry.id)</td><td class="when">\(esc(entry.localTime))</td>\
            <td>\(esc(entry.actor))</td><td>\(esc(entry.summary))</td><td>\(entry.undone ? "undone" : "")</td></tr>
            """
        }.joined(separator: "\n")
        return try frame(context, title: "History", """
            <form method="post" action="/redo">\(context.writeFields(back: context.path))
            <button type="submit">Redo the change undone last</button></form>
            <div class="scroll"><table>
            <thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">Change</th>\
            <th scope="col">State</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """)
    }

    /// A problem in plain words, on a page of its own.
    static func problem(_ message: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Workbench</title><link rel="stylesheet" href="/assets/workbench.css"></head>
        <body><main><h1>Something needs attention</h1><p class="problem">\(esc(message))</p>
        <p><a href="/">Back to the enquiries</a></p></main></body></html>
        """
    }
}
