import Foundation
import Hummingbird
import PluginHost
import ProjectStore
import Reports
import StagedFiles
import WorkbenchCore
import WorkbenchKit
import XMLKit

/// The alliance's plugins: every plugin with where it comes from, the project files that could not
/// be used, checking an uploaded file (its problems beside its own lines, a preview of the form or
/// grid it defines), adding it to the project, and starter files to download.
enum PluginPages {
    static func routes(_ router: Router<BasicRequestContext>, _ app: WebApp) {
        router.get("/plugins") { request, _ in try app.page(request, list) }
        router.get("/plugins/starter/:kind") { _, context in
            guard let kind = context.parameters.get("kind").flatMap(PluginKind.init(rawValue:)),
                  let text = try? PluginStarter.file(kind: kind, id: "my-alliance.\(kind.rawValue)") else {
                throw HTTPError(.notFound, message: "There is no starter for that kind of plugin.")
            }
            return Response(status: .ok, headers: [
                .contentType: "application/xml; charset=utf-8",
                .contentDisposition: "attachment; filename=\"my-alliance.\(kind.rawValue).xml\"",
            ], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.post("/plugins/check") { request, _ in
            var request = request
            let form = try Form(request, body: try await request.collectBody(upTo: Access.limit(for: request)))
            return try app.page(request) { try checked(form, $0) }
        }
        router.post("/plugins/install") { request, _ in
            try await app.change(request) { project, form in try install(project, form) }
        }
    }

    static func list(_ context: PageContext) throws -> String {
        let project = context.project
        let registry = try project.registry()
        let rows = registry.entries.map { entry in
            let origin: String
            switch entry.origin {
            case .builtin: origin = "built in"
            case .declarative: origin = "project file \(entry.file.lastPathComponent)"
            case .compiled:
                origin = "compiled \(entry.file.lastPathComponent), trusted (its hash is checked on every load)"
            }
            return "<tr><td>\(esc(entry.descriptor.displayName))</td><td data-label=\"Id\"><code>\(esc(entry.descriptor.reference))</code></td>"
                + "<td data-label=\"Kind\">\(esc(entry.descriptor.kind.displayName))</td><td data-label=\"From\">\(esc(origin))</td></tr>"
        }.joined()
        let problems = (registry.problems.map(\.description) + registry.warnings).map { "<li>\(esc($0))</li>" }.joined()
        let starters = PluginKind.allCases.filter { (try? PluginStarter.file(kind: $0, id: "my-alliance.x")) != nil }.map {
            "<li><a href=\"/plugins/starter/\($0.rawValue)\" download>\(esc($0.displayName))</a></li>"
        }.joined()
        return try Pages.frame(context, title: "Plugins", """
            <p class="meta">Plugins come built in, as files in the project's <code>plugins/</code> folder, or compiled \
            (trusted with <code>workbench plugins trust</code>).</p>
            \(problems.isEmpty ? "" : "<h2>Files that could not be used</h2><ul class=\"problems\">\(problems)</ul>")
            <h2>Check a plugin file</h2>
            <form method="post" action="/plugins/check" enctype="multipart/form-data" class="stack">
              \(context.writeFields(back: "/plugins"))
              <label for="plugin-file">A plugin file (.xml): its problems are shown beside its lines, and a preview</label>
              <input id="plugin-file" name="file" type="file" accept=".xml" required>
              \(context.problem(for: "file"))
              <button type="submit">Check it</button>
            </form>
            <h2>Starter files</h2>
            <p>Each is a complete, valid file with comments to edit:</p><ul>\(starters)</ul>
            <h2>Every plugin (\(registry.entries.count))</h2>
            <div class="scroll"><table><thead><tr><th scope="col">Name</th><th scope="col">Id and version</th>\
            <th scope="col">Kind</th><th scope="col">From</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """)
    }

    /// The result of checking an uploaded file (or the content of a form that carries it on).
    static func checked(_ form: Form, _ context: PageContext) throws -> String {
        guard let upload = form.files["file"]?.first else {
            throw WorkbenchError("choose a plugin file to check", code: .missingValue, field: "file")
        }
        let text = String(decoding: upload.data.readableBytesView, as: UTF8.self)
        let name = upload.name
        let check = try Self.check(text, name: name, context.project)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let byLine = Dictionary(grouping: check.issues, by: \.line)
        var listing = ""
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let issues = byLine[number] ?? []
            listing += "<tr\(issues.isEmpty ? "" : " class=\"has-problem\" id=\"line-\(number)\"")><td class=\"line\">\(number)</td>"
                + "<td><code>\(esc(String(line)))</code>"
                + issues.map { "<p class=\"field-problem\">\(esc($0.message))</p>" }.joined() + "</td></tr>"
        }
        let unplaced = check.issues.filter { $0.line < 1 || $0.line > lines.count }.map(\.message) + check.problems
        let summary: String
        if check.isValid {
            summary = "<p class=\"good\" role=\"status\">\(esc(name)) is valid"
                + (check.plugin.map { ": \(esc($0.displayName)) (<code>\(esc($0.reference))</code>, \(esc($0.kind.displayName)))" } ?? " (a text pack)")
                + ".</p>" + check.notes.map { "<p class=\"meta\">Note: \(esc($0))</p>" }.joined()
        } else {
            summary = "<p class=\"problem\" role=\"alert\">\(esc(name)) has \(check.issues.count + check.problems.count) "
                + "\(check.issues.count + check.problems.count == 1 ? "problem" : "problems"); "
                + "\(check.issues.isEmpty ? "" : "the lines concerned are marked below. ")Nothing was added to the project.</p>"
                + (check.issues.first.map { "<p><a href=\"#line-\($0.line)\">Go to the first problem (line \($0.line))</a></p>" } ?? "")
        }
        var preview = ""
        if let questionnaire = check.questionnaire {
            preview = "<h2>Preview: the form a participant will see</h2><form class=\"questionnaire preview\" data-conditions>"
                + QuestionnairePages.items(questionnaire, wording: { $0.wording() }, given: [:], problem: { _ in "" }) + "</form>"
        } else if let matrix = check.matrix {
            preview = "<h2>Preview: the audit grid</h2>" + matrix.dimensions.map { dimension in
                "<h3>\(esc(dimension.name))</h3>" + dimension.strands.map { strand in
                    "<fieldset class=\"strand-preview\"><legend>\(esc(strand.name))</legend><div class=\"levels\">"
                        + AuditPages.levels(matrix, strand, chosen: nil).replacingOccurrences(of: "name=\"level\"", with: "name=\"level-\(esc(strand.id))\"")
                        + "</div></fieldset>"
                }.joined()
            }.joined()
        }
        let install = check.isValid ? """
            <form method="post" action="/plugins/install" class="stack">
              \(context.writeFields(back: "/plugins"))
              <input type="hidden" name="name" value="\(esc(name))">
              <textarea name="content" hidden aria-hidden="true">\(esc(text))</textarea>
              <button type="submit">Add \(esc(name)) to the project's plugins</button>
            </form>
            """ : ""
        return try Pages.frame(context, title: "Checking \(name)", scripts: ["/assets/forms.js"], """
            \(summary)
            \(unplaced.isEmpty ? "" : "<ul>\(unplaced.map { "<li>\(esc($0))</li>" }.joined())</ul>")
            \(install)
            \(preview)
            <h2>The file</h2>
            <div class="scroll"><table class="listing"><tbody>\(listing)</tbody></table></div>
            <p><a href="/plugins">Back to the plugins</a></p>
            """)
    }

    /// Checks plugin text as a file of that name, in a scratch folder of the project.
    static func check(_ text: String, name: String, _ project: WorkbenchProject) throws -> PluginFileCheck {
        try fileName(name)
        return try StagedOutput.withScratch(beside: project.store.pluginsFolder.appendingPathComponent(name)) { folder in
            let file = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: file)
            return PluginCatalogue.check(fileAt: file, builtins: try PluginRegistry.load(PluginSources()).entries)
        }
    }

    /// Adds a checked file to the project's `plugins/` folder (never over another file).
    static func install(_ project: WorkbenchProject, _ form: Form) throws {
        let name = try form.required("name", "the file name"), text = form["content"] ?? ""
        let check = try Self.check(text, name: name, project)
        guard check.isValid else {
            throw WorkbenchError("\(name) is not valid: check it again for its problems", field: "file")
        }
        let target = project.store.pluginsFolder.appendingPathComponent(name)
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw WorkbenchError("the project already has a plugin file named \(name); rename the new one", code: .duplicate,
                                 field: "file")
        }
        try StagedOutput.write(Data(text.utf8), to: target)
    }

    /// A plugin file's name: a plain `.xml` name, nothing that reaches another folder.
    static func fileName(_ name: String) throws {
        guard name.hasSuffix(".xml"), !name.hasPrefix("."), !name.contains("/"), !name.contains("\\"), name.count <= 200 else {
            throw WorkbenchError("'\(name)' is not a plugin file name (NAME.xml)", field: "file", value: name)
        }
    }
}
