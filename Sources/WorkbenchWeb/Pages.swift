import Foundation
import Enquiries
import ProjectStore
import Reports
import WorkbenchCore

/// The pages, as server-rendered HTML: everything from the project is escaped.
enum Pages {
    static func escape(_ text: String) -> String { HTML.escape(text) }

    /// A page in the app's frame: the project's name, the navigation, and Undo / Redo of the latest change.
    static func frame(_ project: WorkbenchProject, title: String, csrf: String, _ body: String) throws -> String {
        let name = try project.store.info().name
        let latest = try project.history.entries(limit: 1).first
        let undo = latest.map { entry in
            """
            <form method="post" action="/undo" class="undo">
              <input type="hidden" name="csrf" value="\(escape(csrf))">
              <button type="submit"\(entry.undone ? " disabled" : "")>Undo</button>
              <span>\(entry.undone ? "Nothing left to undo" : "Latest change: " + escape(entry.summary))</span>
            </form>
            """
        } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) — \(escape(name))</title>
            <link rel="stylesheet" href="/assets/workbench.css">
            </head>
            <body>
            <header>
              <p class="project">\(escape(name))</p>
              <nav aria-label="Main"><a href="/">Enquiries</a> <a href="/history">History</a></nav>
              \(undo)
            </header>
            <main>
            <h1>\(escape(title))</h1>
            \(body)
            </main>
            </body>
            </html>
            """
    }

    /// Home: every enquiry, each cycle's place in its steps, and the next thing to do.
    static func home(_ project: WorkbenchProject, csrf: String) throws -> String {
        let enquiries = try project.cycles.enquiries()
        guard !enquiries.isEmpty else {
            return try frame(project, title: "Enquiries", csrf: csrf, """
                <p>No enquiries yet. Start one with <code>workbench enquiry new</code>; starting one here comes next.</p>
                """)
        }
        var body = ""
        for view in enquiries {
            let enquiry = view.enquiry
            body += """
                <section class="enquiry">
                <h2>\(escape(enquiry.title))</h2>
                <p>\(escape(enquiry.focus))</p>
                <p class="meta">Led by \(escape(enquiry.lead ?? "—")) · schools: \(escape(enquiry.schools.joined(separator: ", ")))
                 · started \(escape(enquiry.startedOn.description))</p>
                """
            for cycle in view.cycles {
                let details = try project.cycles.cycleDetails(cycle.id!)
                let steps = CycleProgress.Part.allCases.map { part in
                    let done = details.progress.done.contains(part)
                    let next = details.progress.next == part
                    return "<li class=\"\(done ? "done" : next ? "next" : "todo")\">\(done ? "✓" : next ? "→" : "○") "
                        + "\(escape(part.task))\(next ? " <strong>(next)</strong>" : "")</li>"
                }.joined()
                let criteria = details.progress
                body += """
                    <article class="cycle">
                    <h3>Cycle \(cycle.number)\(cycle.decision.map { " — closed: " + escape($0.rawValue) } ?? "")</h3>
                    <ol class="steps">\(steps)</ol>
                    <p>Success criteria: \(criteria.criteriaMet) met, \(criteria.criteriaNotMet) not met,
                     \(criteria.criteriaWithoutData) without data yet.</p>
                    </article>
                    """
            }
            body += "</section>"
        }
        return try frame(project, title: "Enquiries", csrf: csrf, body)
    }

    /// Every change, newest first, with Undo and Redo.
    static func history(_ project: WorkbenchProject, csrf: String) throws -> String {
        let rows = try project.history.entries(limit: 200).map { entry in
            """
            <tr\(entry.undone ? " class=\"undone\"" : "")><td>\(entry.id)</td><td class="when">\(escape(time(entry.at)))</td>\
            <td>\(escape(entry.actor))</td><td>\(escape(entry.summary))</td><td>\(entry.undone ? "undone" : "")</td></tr>
            """
        }.joined(separator: "\n")
        return try frame(project, title: "History", csrf: csrf, """
            <form method="post" action="/redo"><input type="hidden" name="csrf" value="\(escape(csrf))">
            <button type="submit">Redo the change undone last</button></form>
            <div class="scroll"><table>
            <thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">Change</th>\
            <th scope="col">State</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """)
    }

    /// A moment as the CLI's history shows it: `2026-12-02 00:46`, local time.
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// A problem in plain words, on a page of its own.
    static func problem(_ message: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Workbench</title><link rel="stylesheet" href="/assets/workbench.css"></head>
        <body><main><h1>Something needs attention</h1><p class="problem">\(escape(message))</p>
        <p><a href="/">Back to the enquiries</a></p></main></body></html>
        """
    }
}

/// The stylesheet (served from memory: no file route, nothing outside the project to reach).
enum Assets {
    static let css = """
        :root { font-family: system-ui, sans-serif; line-height: 1.45; color: #1d2428; background: #fbfbf8; }
        body { margin: 0; }
        header { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; padding: .75rem 1rem;
                 background: #23414f; color: #fff; }
        header a { color: #fff; margin-right: 1rem; }
        header .project { font-weight: 600; margin: 0; }
        form.undo { display: flex; gap: .5rem; align-items: center; margin: 0; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
        button { font: inherit; padding: .35rem .9rem; border-radius: .3rem; border: 1px solid #23414f;
                 background: #fff; color: #23414f; cursor: pointer; }
        button[disabled] { opacity: .5; cursor: default; }
        section.enquiry { border-top: 2px solid #23414f; margin-top: 1.5rem; }
        article.cycle { background: #fff; border: 1px solid #d8dcd5; border-radius: .4rem; padding: .5rem 1rem;
                        margin: .75rem 0; }
        ol.steps { list-style: none; padding: 0; }
        ol.steps li.done { color: #2c6e3f; }
        ol.steps li.next { color: #8a4b00; }
        .meta { color: #55606a; }
        .problem { background: #fff3f0; border-left: 4px solid #b3261e; padding: .5rem 1rem; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e2e4df; vertical-align: top; }
        tr.undone td { color: #7b848c; text-decoration: line-through; }
        td.when { white-space: nowrap; }
        @media (max-width: 30rem) {
          header { padding: .5rem; } main { padding: .5rem; }
          /* On a phone each row is a small card, so no column (the change itself) is cut off. */
          table, tbody, tr, td { display: block; } thead { display: none; }
          tr { border-bottom: 1px solid #e2e4df; padding: .4rem 0; } td { border: 0; padding: .05rem 0; }
        }
        """
}
