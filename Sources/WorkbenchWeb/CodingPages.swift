import Foundation
import Hummingbird
import PluginHost
import ProjectStore
import Reports
import StagedFiles
import Transcripts
import WorkbenchCore
import WorkbenchKit

/// The researcher's pages: the transcripts, the coding view of one transcript, one coding, and
/// keyword-in-context search. Offsets in forms are code points into the normalised text, exactly
/// what the CLI takes and stores.
enum CodingPages {
    static func routes(_ router: Router<BasicRequestContext>, _ app: WebApp) {
        router.get("/transcripts") { request, _ in try app.page(request, transcripts) }
        router.post("/transcripts") { request, _ in try await app.change(request, upload) }
        router.get("/coding") { request, _ in try app.page(request, codingView) }
        router.post("/autocode") { request, _ in
            try await app.change(request) { project, form in
                _ = try project.coding.autocode(framework: form.required("framework", "the framework"))
            }
        }
        router.get("/search") { request, _ in try app.page(request, search) }
        router.post("/codings") { request, _ in
            try await app.change(request) { project, form in
                guard let start = try form.int("start"), let end = try form.int("end") else {
                    throw WorkbenchError("select a passage in the transcript first", code: .missingValue, field: "start")
                }
                try project.coding.addCoding(framework: form.required("framework", "the coding framework"),
                                             source: form.required("source", "the transcript"),
                                             theme: form.required("theme", "the theme"),
                                             coder: form.required("coder", "the coder's name"), start: start, end: end)
            }
        }
        router.get("/codings/:id") { request, context in
            let id = try WebApp.number(context)
            return try app.page(request) { try coding(id, $0) }
        }
        router.post("/codings/:id/delete") { request, context in
            let id = try WebApp.number(context)
            return try await app.change(request) { project, _ in try project.coding.deleteCoding(id) }
        }
        router.post("/codings/:id/accept") { request, context in
            let id = try WebApp.number(context)
            return try await app.change(request) { project, form in
                try project.coding.accept(id, coder: form.required("coder", "the coder's name"))
            }
        }
        router.post("/codings/accept") { request, _ in
            try await app.change(request) { project, form in
                try project.coding.accept(try ids(form), coder: form.required("coder", "the coder's name"))
            }
        }
        router.post("/codings/reject") { request, _ in
            try await app.change(request) { project, form in try project.coding.reject(try ids(form)) }
        }
        router.post("/codings/:id/theme") { request, context in
            let id = try WebApp.number(context)
            return try await app.change(request) { project, form in
                try project.coding.retheme(id, to: form.required("theme", "the theme"))
            }
        }
        router.post("/memos") { request, _ in
            try await app.change(request) { project, form in
                try project.stages.addMemo(source: form.required("source", "the transcript"),
                                           researcher: form.required("coder", "your name"),
                                           text: form.required("memo", "the memo"), start: form.int("start"),
                                           end: form.int("end"))
            }
        }
    }

    /// The codings a form names in its `ids` field (comma-separated).
    private static func ids(_ form: Form) throws -> [Int64] {
        try (form["ids"] ?? "").split(separator: ",").map {
            guard let id = Int64($0) else { throw WorkbenchError("'\($0)' is not a coding", field: "ids", value: String($0)) }
            return id
        }
    }

    // MARK: - Transcripts

    /// Every transcript with its case and codings, and the upload form.
    static func transcripts(_ context: PageContext) throws -> String {
        let project = context.project
        let counts = try project.store.codingCounts()
        let speakers = try project.store.speakers()
        let cases = Dictionary(uniqueKeysWithValues: try project.store.participants().map { ($0.id!, $0.pseudonym) })
        let rows = try project.store.sources().map { source in
            let count = counts[source.id!] ?? (0, 0)
            return """
                <tr><td><a href="/coding?source=\(WebApp.encode(source.name))">\(esc(source.name))</a></td>\
                <td data-label="Case">\(esc(source.caseID.flatMap { cases[$0] } ?? "—"))</td><td data-label="Kind">\(esc(source.kind))</td>\
                <td data-label="Speakers">\(esc((speakers[source.id!] ?? []).joined(separator: ", ")))</td>\
                <td class="number" data-label="Codings">\(count.manual)</td><td class="number" data-label="Automatic">\(count.automatic)</td></tr>
                """
        }
        let table = rows.isEmpty ? "<p>No transcripts yet: upload the first below.</p>" : """
            <div class="scroll"><table>
            <thead><tr><th scope="col">Transcript</th><th scope="col">Case</th><th scope="col">Kind</th><th scope="col">Speakers</th>\
            <th scope="col" class="number">Codings</th><th scope="col" class="number">Automatic</th></tr></thead>
            <tbody>\(rows.joined(separator: "\n"))</tbody></table></div>
            """
        let caseOptions = cases.values.sorted().map { "<option value=\"\(esc($0))\">" }.joined()
        let frameworkOptions = try frameworks(project).map {
            "<option value=\"\(esc($0.id))\">\(esc($0.displayName))</option>"
        }.joined()
        let autocode = rows.isEmpty ? "" : """
            <h2>Auto-code</h2>
            <p>Code every speaker turn that meets a theme's indicators (keywords, patterns, speakers). Earlier automatic \
            codings with the framework are replaced; accepted ones are yours and stay. Review them in each transcript.</p>
            <form method="post" action="/autocode" class="inline">
              \(context.writeFields(back: "/transcripts"))
              <label for="autocode-framework">Framework</label>
              <select id="autocode-framework" name="framework">\(frameworkOptions)</select>
              <button type="submit">Auto-code every transcript</button>
            </form>
            """
        return try Pages.frame(context, title: "Transcripts", """
            \(table)
            <h2>Upload transcripts</h2>
            <form method="post" action="/transcripts" enctype="multipart/form-data" class="stack">
              \(context.writeFields(back: "/transcripts"))
              <label for="files">Transcript files (.txt, .docx, .vtt, .srt)</label>
              <input id="files" name="files" type="file" multiple accept=".txt,.docx,.vtt,.srt" required>
              \(context.problem(for: "files"))
              <label for="case">Case (the participant the files belong to; optional)</label>
              <input id="case" name="case" list="cases" autocomplete="off">
              <datalist id="cases">\(caseOptions)</datalist>
              \(context.problem(for: "case"))
              <button type="submit">Upload</button>
            </form>
            \(autocode)
            """)
    }

    /// Saves uploaded transcripts through the same importer as `workbench transcripts import`.
    static func upload(_ project: WorkbenchProject, _ form: Form) throws {
        let files = form.files["files"] ?? []
        guard !files.isEmpty else {
            throw WorkbenchError("choose one or more transcript files (.txt, .docx, .vtt, .srt)", code: .missingValue,
                                 field: "files")
        }
        try StagedOutput.withScratch(beside: project.store.sourcesFolder.appendingPathComponent("upload")) { folder in
            var urls: [URL] = []
            for file in files {
                guard !file.name.hasPrefix("."), file.name != "..", !file.name.contains("/") else {
                    throw WorkbenchError("'\(file.name)' is not a file name a transcript can have", field: "files",
                                         value: file.name)
                }
                let url = folder.appendingPathComponent(file.name)
                guard !urls.contains(url) else {
                    throw WorkbenchError("two files are named '\(file.name)'", code: .duplicate, field: "files")
                }
                try Data(file.data.readableBytesView).write(to: url)
                urls.append(url)
            }
            try project.coding.importTranscripts(urls, case: form.text("case"))
        }
    }

    // MARK: - The coding view

    /// The frameworks a coding can use: the plugins, and the draft when it has themes.
    static func frameworks(_ project: WorkbenchProject) throws -> [PluginDescriptor] {
        let plugins = try project.registry().entries.map(\.descriptor).filter { $0.kind == .codingFramework }
        let draft = try project.draftFramework()
        return plugins + (draft.1.themes.isEmpty ? [] : [draft.0])
    }

    /// One transcript by speaker turn with its codings as stripes in the margin, and the panel to
    /// code a selection, filter, review and correct codings, and write memos.
    static func codingView(_ context: PageContext) throws -> String {
        let project = context.project, query = context.query
        guard let name = query.text("source") else {
            throw WorkbenchError("name a transcript to code", code: .notFound, field: "source")
        }
        let view = try project.coding.forCoding(source: name)
        let available = try frameworks(project)
        guard let first = available.first else { throw WorkbenchError("the project has no coding framework") }
        let used = Dictionary(grouping: view.codings, by: \.framework).max { $0.value.count < $1.value.count }?.key
        let chosen = query.text("framework") ?? used ?? first.id
        let (descriptor, framework) = try project.framework(chosen)
        let themes = framework.allThemes
        let index = Dictionary(uniqueKeysWithValues: themes.enumerated().map { ($1.theme.id, $0) })
        let names = Dictionary(uniqueKeysWithValues: themes.map { ($0.theme.id, $0.theme.name) })
        let coder = query.text("coder") ?? WorkbenchProject.defaultActor
        let showCoder = query.text("show_coder"), showTheme = query.text("show_theme")
        let inFramework = view.codings.filter { $0.framework == descriptor.id }
        let shown = inFramework.filter {
            (showCoder == nil || $0.coder == showCoder) && (showTheme == nil || $0.theme == showTheme)
        }
        let here = try query.int("start")
        var address: [String: String?] = ["source": name, "framework": descriptor.id, "coder": coder]
        address["show_coder"] = showCoder
        address["show_theme"] = showTheme
        let back = WebApp.adding(address, to: "/coding")

        // Stripes: each shown coding in the margin of every turn it touches.
        var stripes = [String](repeating: "", count: view.turns.count)
        let ends = view.turns.map(\.end)
        for coding in shown {
            let label = "\(names[coding.theme] ?? coding.theme) by \(coding.coder)\(coding.automatic ? " (automatic)" : "")"
            // The title is the stripe's name for a screen reader and its tooltip for the mouse.
            let stripe = "<a class=\"stripe th-\(index[coding.theme] ?? 0)\(coding.automatic ? " auto" : "")\" "
                + "href=\"#c\(coding.id!)\" title=\"\(esc(label))\"></a>"
            var turn = firstIndex(in: ends) { $0 > coding.start }
            while turn < view.turns.count {
                stripes[turn] += stripe
                turn += 1
                if turn < view.turns.count, view.turns[turn].start >= coding.end { break }
            }
        }
        var transcript = ""
        transcript.reserveCapacity(view.text.text.utf8.count + shown.count * 160 + view.turns.count * 160)
        for (position, turn) in view.turns.enumerated() {
            let isHere = here.map { $0 >= turn.start && $0 < max(turn.end, turn.start + 1) } ?? false
            transcript += "<div class=\"turn\" id=\"t\(position)\" data-start=\"\(turn.start)\" data-end=\"\(turn.end)\">"
            transcript += "<div class=\"stripes\">\(stripes[position])</div><div class=\"words\">"
            if let speaker = turn.speaker { transcript += "<p class=\"speaker\">\(esc(speaker))</p>" }
            transcript += "<p class=\"text\(isHere ? " here" : "")\" tabindex=\"0\">\(esc(turn.text))</p></div></div>\n"
        }

        let themeList = themes.map { entry in
            let theme = entry.theme
            let about = [theme.definition.map { "<p>\(esc($0))</p>" },
                         theme.inclusion.map { "<p><strong>Use when:</strong> \(esc($0))</p>" },
                         theme.exclusion.map { "<p><strong>Not when:</strong> \(esc($0))</p>" }].compactMap { $0 }.joined()
            // A folder only groups its themes: it is a heading, not a button.
            let label = theme.isCodable
                ? "<button type=\"submit\" name=\"theme\" value=\"\(esc(theme.id))\" class=\"theme\">"
                    + "<span class=\"swatch th-\(index[theme.id] ?? 0)\"></span>\(esc(theme.name))</button>"
                : "<span class=\"folder\">\(esc(theme.name))</span>"
            return """
                <li class="depth-\(min(entry.path.count - 1, 4))" data-name="\(esc(theme.name.lowercased()))">\
                \(label)\
                \(about.isEmpty ? "" : "<details><summary>About <span class=\"visually-hidden\">\(esc(theme.name))</span></summary>\(about)</details>")</li>
                """
        }.joined(separator: "\n")

        let frameworkOptions = available.map {
            "<option value=\"\(esc($0.id))\"\($0.id == descriptor.id ? " selected" : "")>"
                + "\(esc($0.displayName))</option>"
        }.joined()
        let coders = Set(inFramework.map(\.coder)).sorted()
        let coderOptions = "<option value=\"\">Every coder</option>" + coders.map {
            "<option\($0 == showCoder ? " selected" : "")>\(esc($0))</option>"
        }.joined()
        let themeOptions = "<option value=\"\">Every theme</option>" + themes.map {
            "<option value=\"\(esc($0.theme.id))\"\($0.theme.id == showTheme ? " selected" : "")>\(esc($0.theme.name))</option>"
        }.joined()

        var list = ""
        list.reserveCapacity(shown.count * 420)
        for coding in shown {
            let id = coding.id!
            let quote = Excerpt.cut(view.text.slice(coding.start, coding.end), to: 120)
            let turn = firstIndex(in: ends) { $0 > coding.start }
            list += """
                <li id="c\(id)" data-start="\(coding.start)" data-end="\(coding.end)" data-theme="\(esc(coding.theme))"\(coding.automatic ? " class=\"auto\"" : "")>\
                <p><span class="swatch th-\(index[coding.theme] ?? 0)"></span><strong>\(esc(names[coding.theme] ?? coding.theme))</strong> \
                · \(esc(coding.coder))\(coding.automatic ? " · <em>automatic</em>" : "") · <a href="#t\(turn)" class="show">\(coding.start)–\(coding.end)</a></p>\
                <q>\(esc(quote))</q><p class="actions">\
                \(coding.automatic ? "<button formaction=\"/codings/\(id)/accept\">Accept</button> <button formaction=\"/codings/\(id)/delete\">Reject</button>" : "<button formaction=\"/codings/\(id)/delete\">Remove</button>") \
                <a href="/codings/\(id)">Re-theme…</a></p></li>\n
                """
        }
        let automatic = shown.filter(\.automatic).map { String($0.id!) }
        let bulk = automatic.count < 2 ? "" : """
            <input type="hidden" name="ids" value="\(automatic.joined(separator: ","))">
            <p class="actions">\(automatic.count) automatic codings shown: \
            <button formaction="/codings/accept">Accept all \(automatic.count)</button> \
            <button formaction="/codings/reject">Reject all \(automatic.count)</button></p>
            """
        let memos = view.memos.map { memo in
            let passage = memo.start.map { "<q>\(esc(Excerpt.cut(view.text.slice($0, memo.end ?? $0), to: 100)))</q> " } ?? ""
            return "<li>\(passage)\(esc(memo.text)) <span class=\"meta\">— \(esc(memo.researcher))</span></li>"
        }.joined()

        let body = """
            <p class="meta">\(view.caseName.map { "Case: \(esc($0)) · " } ?? "")\(view.turns.count) turns · \
            \(inFramework.count) codings with \(esc(descriptor.displayName)) · <a href="/transcripts">All transcripts</a></p>
            <div class="coding-view">
            <section class="transcript" aria-label="Transcript" data-coding-view>
            \(transcript)
            </section>
            <aside class="panel" aria-label="Coding">
            <form method="post" action="/codings" id="code-form">
              <button type="submit" disabled hidden>Nothing</button>
              \(context.writeFields(back: back))
              <input type="hidden" name="source" value="\(esc(name))">
              <input type="hidden" name="framework" value="\(esc(descriptor.id))">
              <h2>Code a passage</h2>
              <p id="selection-quote" class="selection" aria-live="polite">Select words in the transcript with the mouse, \
            or focus a turn and press Enter to select it all.</p>
              <div class="passage">
                <label for="start">From</label> <input id="start" name="start" type="number" min="0" inputmode="numeric"\
             value="\(here.map(String.init) ?? "")">
                <label for="end">to</label> <input id="end" name="end" type="number" min="0" inputmode="numeric"\
             value="\(try query.int("end").map(String.init) ?? "")">
              </div>
              \(context.problem(for: "start"))\(context.problem(for: "end"))
              <label for="coder">Coding as</label> <input id="coder" name="coder" value="\(esc(coder))" autocomplete="name">
              \(context.problem(for: "coder"))
              <h3>Pick a theme</h3>
              <label for="theme-filter" class="visually-hidden">Find a theme</label>
              <input type="search" id="theme-filter" placeholder="Find a theme" autocomplete="off">
              \(context.problem(for: "theme"))
              <ul class="themes">\(themeList)</ul>
              <label for="memo">Memo on the passage (or the transcript)</label>
              <textarea id="memo" name="memo" rows="3"></textarea>
              \(context.problem(for: "memo"))
              <button type="submit" formaction="/memos">Save memo</button>
            </form>
            <form method="get" action="/coding" class="filters">
              <h2>Show</h2>
              <input type="hidden" name="source" value="\(esc(name))">
              <input type="hidden" name="coder" value="\(esc(coder))">
              <label for="framework">Framework</label> <select id="framework" name="framework">\(frameworkOptions)</select>
              <label for="show_coder">Coder</label> <select id="show_coder" name="show_coder">\(coderOptions)</select>
              <label for="show_theme">Theme</label> <select id="show_theme" name="show_theme">\(themeOptions)</select>
              <button type="submit">Show</button>
            </form>
            <section class="codings" aria-labelledby="codings-heading">
            <h2 id="codings-heading">Codings shown (\(shown.count))</h2>
            <form method="post" action="/codings" id="codings-form">
              \(context.writeFields(back: back))
              <input type="hidden" name="coder" value="\(esc(coder))">
              \(bulk)
              <ol class="coding-list">\(list)</ol>
            </form>
            </section>
            \(memos.isEmpty ? "" : "<section><h2>Memos</h2><ul class=\"memos\">\(memos)</ul></section>")
            </aside>
            </div>
            """
        return try Pages.frame(context, title: name, scripts: ["/assets/coding.js"],
                               styles: ["/assets/themes.css?framework=\(WebApp.encode(descriptor.id))"], wide: true, body)
    }

    /// The first index whose value satisfies `isAbove` in values sorted so that it holds from some index on.
    static func firstIndex(in values: [Int], _ isAbove: (Int) -> Bool) -> Int {
        var low = 0, high = values.count
        while low < high {
            let middle = (low + high) / 2
            if isAbove(values[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// One coding: its passage, and its theme to change.
    static func coding(_ id: Int64, _ context: PageContext) throws -> String {
        let project = context.project
        guard let record = try project.store.record(CodingRecord.self, id: id),
              let source = try project.store.record(SourceRecord.self, id: record.sourceID) else {
            throw WorkbenchError("there is no coding #\(id)", code: .notFound)
        }
        let (descriptor, framework) = try project.framework(record.framework)
        let back = WebApp.localPath(context.query["back"])
            ?? "/coding?source=\(WebApp.encode(source.name))&framework=\(WebApp.encode(record.framework))#c\(id)"
        let options = framework.allThemes.map { entry in
            """
            <li class="depth-\(min(entry.path.count - 1, 4))"><label><input type="radio" name="theme" value="\(esc(entry.theme.id))"\
            \(entry.theme.id == record.theme ? " checked" : "")\(entry.theme.isCodable ? "" : " disabled")> \
            \(esc(entry.theme.name))\(entry.theme.isCodable ? "" : " (folder)")</label></li>
            """
        }.joined(separator: "\n")
        let quote = Transcript(text: source.text, turns: []).slice(record.start, record.end)
        return try Pages.frame(context, title: "Coding #\(id)", """
            <p class="meta">\(esc(source.name)) · \(record.start)–\(record.end) · \(esc(descriptor.displayName)) · \
            coded by \(esc(record.coder))\(record.automatic ? " (automatic)" : "")</p>
            <blockquote>\(esc(quote))</blockquote>
            <form method="post" action="/codings/\(id)/theme" class="stack">
              \(context.writeFields(back: back))
              <fieldset><legend>Theme</legend><ul class="themes plain">\(options)</ul></fieldset>
              \(context.problem(for: "theme"))
              <button type="submit">Change the theme</button>
            </form>
            <form method="post" action="/codings/\(id)/delete">\(context.writeFields(back: back))
              <button type="submit">Remove this coding</button></form>
            <p><a href="\(esc(back))">Back to the transcript</a></p>
            """)
    }

    // MARK: - Search

    /// Keyword in context across every transcript.
    static func search(_ context: PageContext) throws -> String {
        let term = context.query.text("q") ?? ""
        let hits = term.isEmpty ? [] : try context.project.coding.search(term)
        let rows = hits.map { found in
            let hit = found.hit
            let link = "/coding?source=\(WebApp.encode(found.source))&start=\(hit.start)&end=\(hit.end)#here"
            return """
                <tr><td><a href="\(esc(link))">\(esc(found.source))</a></td>\
                <td class="before">\(esc(hit.before))</td><td class="match"><mark>\(esc(hit.match))</mark></td>\
                <td class="after">\(esc(hit.after))</td></tr>
                """
        }.joined(separator: "\n")
        let results = term.isEmpty ? "" : hits.isEmpty ? "<p>No transcript contains “\(esc(term))”.</p>" : """
            <p>\(hits.count) \(hits.count == 1 ? "occurrence" : "occurrences")\(hits.count >= 500 ? " (the first 500)" : "").</p>
            <div class="scroll"><table class="kwic">
            <thead><tr><th scope="col">Transcript</th><th scope="col">Before</th><th scope="col">Found</th>\
            <th scope="col">After</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        return try Pages.frame(context, title: "Search the transcripts", """
            <form method="get" action="/search" class="inline">
              <label for="q">Words to find (case and accents ignored)</label>
              <input id="q" name="q" type="search" value="\(esc(term))">
              <button type="submit">Search</button>
            </form>
            \(results)
            """)
    }

    // MARK: - Theme colours

    /// Colours for the themes of a framework as classes `th-N` (N its place in the framework): the
    /// plugin's own colour, else one of a palette that keeps 3:1 contrast with the page.
    static func themeStyles(_ project: WorkbenchProject, framework reference: String?) throws -> String {
        let themes: [CodingFramework.Theme]
        if let reference { themes = try project.framework(reference).1.allThemes.map(\.theme) } else { themes = [] }
        let palette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56489a", "#b2182b", "#2b8cbe",
                       "#4d7f17", "#a6467a", "#6b6b6b", "#c35a00"]
        return themes.enumerated().map { index, theme in
            let colour = theme.colour.flatMap { $0.wholeMatch(of: /#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?/) != nil ? $0 : nil }
            return ".th-\(index) { background-color: \(colour ?? palette[index % palette.count]); }"
        }.joined(separator: "\n") + "\n"
    }
}

