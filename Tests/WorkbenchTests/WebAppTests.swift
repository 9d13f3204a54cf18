import Enquiries
import FrameworkAnalysis
import Foundation
import Hummingbird
import HummingbirdTesting
import PluginHost
import ProjectStore
import Reports
import Testing
import WorkbenchCore
import WorkbenchDemo
import WorkbenchKit
@testable import WorkbenchWeb

/// The web app's routes, through Hummingbird's router test client: access, CSRF, escaping, headers.
@Suite struct WebAppTests {
    private func demoApp() throws -> (WebApp, WorkbenchProject) {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("demo")
        let project = try Demo.build(at: folder).project
        return (WebApp(folder: folder), project)
    }

    private func cookie(_ app: WebApp) -> HTTPFields { [.cookie: "\(Access.cookie)=\(app.token)"] }

    @Test func everyRouteNeedsTheToken() async throws {
        let (web, _) = try demoApp()
        try await Application(router: web.router()).test(.router) { client in
            for path in ["/", "/history", "/assets/workbench.css"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .unauthorized, "\(path)") }
                try await client.execute(uri: path, method: .get, headers: [.cookie: "\(Access.cookie)=nope"]) {
                    #expect($0.status == .forbidden, "\(path)")
                }
            }
            try await client.execute(uri: "/undo", method: .post) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/?token=wrong", method: .get) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/history?token=\(web.token)", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/history")
                let setCookie = response.headers[.setCookie] ?? ""
                #expect(setCookie.contains("\(Access.cookie)=\(web.token)"))
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            }
        }
        #expect(Access.isThisComputer("127.0.0.1:8088") && Access.isThisComputer("localhost"))
        #expect(!Access.isThisComputer("evil.example") && !Access.isThisComputer("127.0.0.1.evil.example:8088"))
    }

    @Test func theHomePageShowsTheDemoWithItsSecurityHeaders() async throws {
        let (web, _) = try demoApp()
        try await Application(router: web.router()).test(.router) { client in
            for path in ["/", "/history"] {
                try await client.execute(uri: path, method: .get, headers: cookie(web)) { response in
                    #expect(response.status == .ok, "\(path)")
                    let csp = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe"))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                }
            }
            try await client.execute(uri: "/", method: .get, headers: cookie(web)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Confident, ambitious science teaching"))
                #expect(page.contains("record the peer challenge"))
                #expect(!page.contains("<script"), "no inline script")
            }
        }
    }

    @Test func undoNeedsTheFormsTokenAndUndoesTheLatestChange() async throws {
        let (web, project) = try demoApp()
        let latest = try #require(try project.history.entries(limit: 1).first)
        try await Application(router: web.router()).test(.router) { client in
            var headers = cookie(web)
            headers[.contentType] = "application/x-www-form-urlencoded"
            try await client.execute(uri: "/undo", method: .post, headers: headers, body: ByteBuffer(string: "csrf=forged")) {
                #expect($0.status == .forbidden)
            }
            #expect(try project.history.entries(limit: 1).first?.undone == false, "a forged form changes nothing")
            try await client.execute(uri: "/undo", method: .post, headers: headers,
                                     body: ByteBuffer(string: "csrf=\(web.csrf)")) { #expect($0.status == .seeOther) }
            let entry = try #require(try project.history.entries(limit: 1).first)
            #expect(entry.id == latest.id && entry.undone)
            let big = ByteBuffer(string: "csrf=\(web.csrf)&x=" + String(repeating: "a", count: WebApp.maxBody))
            try await client.execute(uri: "/redo", method: .post, headers: headers, body: big) {
                #expect($0.status == .contentTooLarge)
            }
        }
    }

    @Test func whatTheProjectHoldsIsEscaped() async throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("p")
        let project = try WorkbenchProject.create(at: folder, name: "<script>alert('name')</script>")
        try project.people.addSchool("<img src=x onerror=alert(1)>", phase: nil)
        _ = try project.people.addParticipant("<script>alert('p')</script>", role: "<b>pupil</b>", school: nil,
                                              attributes: [], names: [])
        let web = WebApp(folder: folder)
        try await Application(router: web.router()).test(.router) { client in
            for path in ["/", "/history", "/enquiries/new", "/questionnaires", "/transcripts", "/plugins",
                         "/questionnaires/staff-enquiry-survey/answer?occasion=%3Cscript%3E"] {
                try await client.execute(uri: path, method: .get, headers: cookie(web)) { response in
                    let page = String(buffer: response.body)
                    #expect(!page.contains("<script>alert") && page.contains("&lt;script&gt;alert"), "\(path)")
                    #expect(!page.contains("<img src=x"), "\(path)")
                }
            }
        }
    }
}


/// The pages of the web app over the demo project, and writes through its forms.
@Suite struct WebPagesTests {
    private func demoApp() throws -> (WebApp, WorkbenchProject, URL) {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("demo")
        let project = try Demo.build(at: folder).project
        return (WebApp(folder: folder), project, folder)
    }

    private func headers(_ app: WebApp, form: Bool = true) -> HTTPFields {
        var fields: HTTPFields = [.cookie: "\(Access.cookie)=\(app.token)"]
        if form { fields[.contentType] = "application/x-www-form-urlencoded" }
        return fields
    }

    private func body(_ app: WebApp, _ fields: [String: String]) -> ByteBuffer {
        ByteBuffer(string: (fields.merging(["csrf": app.csrf]) { a, _ in a }).map {
            "\(WebApp.encode($0.key))=\(WebApp.encode($0.value))"
        }.joined(separator: "&"))
    }

    /// A multipart form with one file part.
    private func multipart(_ app: WebApp, filename: String, content: String, csrf: Bool = true) -> (HTTPFields, ByteBuffer) {
        let boundary = "XyZboundary42"
        var text = ""
        if csrf { text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(app.csrf)\r\n" }
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"back\"\r\n\r\n/transcripts\r\n"
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(filename)\"\r\n"
            + "Content-Type: text/plain\r\n\r\n\(content)\r\n--\(boundary)--\r\n"
        var fields = headers(app, form: false)
        fields[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return (fields, ByteBuffer(string: text))
    }

    @Test func everyPageAnswersForTheDemo() async throws {
        let (web, project, _) = try demoApp()
        let sources = try project.store.sources().map(\.name)
        let coding = try #require(try project.store.codings().first?.coding.id)
        let cycles = try project.store.cycles()
        var paths = ["/", "/history", "/transcripts", "/search?q=reflect", "/search", "/enquiries/new", "/codings/\(coding)",
                     "/assets/workbench.css", "/assets/coding.js", "/assets/forms.js", "/assets/icon.svg",
                     "/assets/themes.css?framework=hope-challenge", "/questionnaires",
                     "/questionnaires/tses-long/answer?occasion=post", "/questionnaires/tses-long/answer?occasion=post&participant=Trainee%20A",
                     "/audits", "/audits/tsa-maturity-matrix/summary", "/audits/tsa-maturity-matrix/grid?occasion=summer&respondent=Head%20A",
                     "/matrix", "/matrix?framework=hope-challenge&group=role", "/agreement",
                     "/agreement?framework=hope-challenge&coders=Researcher%201&coders=autocode&unit=turn",
                     "/matrix/cell?framework=hope-challenge&case=Trainee%20A&theme=change.trainees",
                     "/plugins", "/plugins/starter/questionnaire", "/plugins/starter/maturity-matrix", "/questionnaires/tses-long/import",
                     "/codebook", "/codebook?framework=draft", "/codebook?framework=hope-challenge", "/exports/project.qdpx"]
        paths += sources.map { "/coding?source=\(WebApp.encode($0))" }
        paths += sources.map { "/coding?source=\(WebApp.encode($0))&framework=big-six&show_coder=autocode" }
        for cycle in cycles {
            paths += ["/enquiries/\(cycle.enquiryID)", "/enquiries/\(cycle.enquiryID)/cycles/new", "/cycles/\(cycle.id!)",
                      "/cycles/\(cycle.id!)/log", "/cycles/\(cycle.id!)/log/md", "/cycles/\(cycle.id!)/log/html",
                      "/cycles/\(cycle.id!)/log/xml", "/cycles/\(cycle.id!)/log/csv", "/cycles/\(cycle.id!)/log/json"]
        }
        let pages = paths
        try await Application(router: web.router()).test(.router) { client in
            for path in pages {
                try await client.execute(uri: path, method: .get, headers: headers(web, form: false)) { response in
                    #expect(response.status == .ok, "\(path): \(String(buffer: response.body).prefix(300))")
                }
            }
            for path in ["/coding?source=nope.txt", "/cycles/999", "/enquiries/999", "/codings/999999", "/assets/../Package.swift",
                         "/assets/%2e%2e%2fPackage.swift", "/cycles/1/log/pdf",
                         "/questionnaires/nope/answer?occasion=x", "/audits/nope/summary", "/matrix/cell?framework=hope-challenge&case=Nobody&theme=change", "/plugins/starter/nope", "/codebook?framework=nope", "/questionnaires/tses-long/answer?occasion=post&participant=Nobody"] {
                try await client.execute(uri: path, method: .get, headers: headers(web, form: false)) { response in
                    #expect(response.status == .notFound, "\(path): \(response.status)")
                }
            }
        }
    }

    @Test func aCodingSavedThroughTheFormIsTheCoreCoding() async throws {
        let (web, project, _) = try demoApp()
        let source = try #require(try project.store.sources().first { $0.name == "trainee-focus-group.txt" })
        let before = try project.store.codings(source: source.id!).count
        try await Application(router: web.router()).test(.router) { client in
            let fields = ["source": source.name, "framework": "hope-challenge", "theme": "mechanism.modelling",
                          "coder": "Researcher B", "start": "10", "end": "40", "back": "/coding?source=x#t2"]
            try await client.execute(uri: "/codings", method: .post, headers: headers(web), body: body(web, fields)) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/coding?source=x#t2")
            }
            var wrong = fields
            wrong["theme"] = "no.such.theme"
            try await client.execute(uri: "/codings", method: .post, headers: headers(web), body: body(web, wrong)) { response in
                let location = response.headers[.location] ?? ""
                #expect(location.contains("field=theme") && location.contains("problem=unknown%20theme"), "\(location)")
            }
            wrong = fields
            wrong["start"] = "ten"
            try await client.execute(uri: "/codings", method: .post, headers: headers(web), body: body(web, wrong)) { response in
                #expect((response.headers[.location] ?? "").contains("field=start"))
            }
        }
        let codings = try project.store.codings(source: source.id!)
        #expect(codings.count == before + 1)
        #expect(codings.contains { $0.start == 10 && $0.end == 40 && $0.coder == "Researcher B" && !$0.automatic })
        #expect(try project.history.entries(limit: 1).first?.summary.contains("mechanism.modelling") == true)
    }

    @Test func anEnquiryFromTheFormKeepsEachQuestionOnItsLine() async throws {
        let (web, project, _) = try demoApp()
        try await Application(router: web.router()).test(.router) { client in
            let fields = ["title": "Writing", "focus": "Longer pieces", "questions": "Do pupils write more?\r\nDo they revise?\r\n",
                          "schools": "A Primary School", "champions": "Ms A\r\nMr B", "date": "2026-12-01"]
            try await client.execute(uri: "/enquiries", method: .post, headers: headers(web), body: body(web, fields)) { response in
                #expect(response.headers[.location]?.hasPrefix("/enquiries/") == true, "\(response.headers[.location] ?? "")")
            }
        }
        let made = try #require(try project.cycles.enquiries().last?.enquiry)
        #expect(made.title == "Writing" && made.questions == ["Do pupils write more?", "Do they revise?"])
        #expect(made.champions == ["Ms A", "Mr B"] && made.startedOn.description == "2026-12-01")
    }

    @Test func theAgreementPageGivesTheWholeSchemeBesideEachTheme() async throws {
        let (web, project, _) = try demoApp()
        let nominal = try project.coding.nominalAgreement(framework: "hope-challenge", coders: ["Researcher 1", "Researcher 2"],
                                                          unit: .character, excludeUncoded: false, multipleThemes: .combine)
        let scheme = nominal.figures
        let kappa = try #require(scheme.pairs.first?.kappa)
        let first = try #require(nominal.disagreements.first)
        try await Application(router: web.router()).test(.router) { client in
            let path = "/agreement?framework=hope-challenge&coders=Researcher%201&coders=Researcher%202"
            try await client.execute(uri: path, method: .get, headers: headers(web, form: false)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<h2>Across all themes</h2>"))
                #expect(page.contains("by the combination (" + HTML.escape("'a + b'") + ")"))
                #expect(page.contains("<th scope=\"row\">Researcher 1 and Researcher 2</th>"))
                #expect(page.contains("data-label=\"Cohen's κ\">\(HTML.number(kappa, 2))</td>"))
                // Each unit where the labels differ, with both coders' labels.
                #expect(page.contains("\(nominal.disagreements.count) unit(s) where the labels differ"))
                #expect(page.contains(">\(HTML.escape(first.source!)) \(first.start!)–\(first.end!)</a>"))
            }
        }
    }

    @Test func aProblemIsShownBesideItsField() async throws {
        let (web, _, _) = try demoApp()
        try await Application(router: web.router()).test(.router) { client in
            let path = "/enquiries/new?problem=" + WebApp.encode("<b>the title is missing</b>") + "&field=title"
            try await client.execute(uri: path, method: .get, headers: headers(web, form: false)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("id=\"problem-title\">&lt;b&gt;the title is missing&lt;/b&gt;</p>"))
            }
        }
    }

    @Test func aPluginIsAddedOnlyWhenValidAndOnlyInsidePlugins() async throws {
        let (web, project, folder) = try demoApp()
        let starter = try PluginStarter.file(kind: .questionnaire, id: "my-alliance.survey")
        try await Application(router: web.router()).test(.router) { client in
            for name in ["../escape.xml", ".hidden.xml", "survey.txt", "sub/dir.xml"] {
                let fields = ["name": name, "content": starter, "back": "/plugins"]
                try await client.execute(uri: "/plugins/install", method: .post, headers: headers(web), body: body(web, fields)) {
                    #expect(($0.headers[.location] ?? "").contains("field=file"), "\(name)")
                }
            }
            let broken = ["name": "broken.xml", "content": "<questionnaire/>", "back": "/plugins"]
            try await client.execute(uri: "/plugins/install", method: .post, headers: headers(web), body: body(web, broken)) {
                #expect(($0.headers[.location] ?? "").contains("problem="))
            }
            let good = ["name": "survey.xml", "content": starter, "back": "/plugins"]
            try await client.execute(uri: "/plugins/install", method: .post, headers: headers(web), body: body(web, good)) {
                #expect($0.headers[.location] == "/plugins")
            }
            try await client.execute(uri: "/plugins/install", method: .post, headers: headers(web), body: body(web, good)) {
                #expect(($0.headers[.location] ?? "").contains("already"), "never over another file")
            }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: project.store.pluginsFolder.path)
        #expect(files.contains("survey.xml") && !files.contains("broken.xml") && !files.contains { $0.hasPrefix(".") })
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("escape.xml").path))
        #expect(try WorkbenchProject.open(at: folder).registry().entries.contains { $0.descriptor.id == "my-alliance.survey" })
    }

    @Test func twoServersOnOneProjectSeeEachOthersChanges() async throws {
        let (first, project, folder) = try demoApp()
        let second = WebApp(folder: folder)
        let latest = try #require(try project.history.entries(limit: 1).first)
        try await Application(router: first.router()).test(.router) { one in
            try await Application(router: second.router()).test(.router) { two in
                try await one.execute(uri: "/undo", method: .post, headers: headers(first),
                                      body: body(first, ["back": "/history"])) { #expect($0.status == .seeOther) }
                try await two.execute(uri: "/history", method: .get, headers: headers(second, form: false)) { response in
                    let page = String(buffer: response.body)
                    #expect(page.contains("<tr class=\"undone\"><td>\(latest.id)</td>"), "the second server sees the undo")
                }
                try await two.execute(uri: "/redo", method: .post, headers: headers(second),
                                      body: body(second, ["back": "/history"])) { #expect($0.status == .seeOther) }
                try await one.execute(uri: "/history", method: .get, headers: headers(first, form: false)) { response in
                    #expect(!String(buffer: response.body).contains("<tr class=\"undone\"><td>\(latest.id)</td>"))
                }
                // Each server's tokens are its own.
                try await two.execute(uri: "/", method: .get, headers: headers(first, form: false)) {
                    #expect($0.status == .forbidden)
                }
            }
        }
    }

    @Test func uploadsGoThroughTheImporterAndStayInTheProject() async throws {
        let (web, project, folder) = try demoApp()
        try await Application(router: web.router()).test(.router) { client in
            var (fields, upload) = self.multipart(web, filename: "../../escape.txt", content: "Interviewer: Hello\nTeacher A: <script>x</script>")
            try await client.execute(uri: "/transcripts", method: .post, headers: fields, body: upload) { response in
                #expect(response.headers[.location] == "/transcripts", "\(response.headers[.location] ?? "")")
            }
            #expect(!FileManager.default.fileExists(atPath: folder.deletingLastPathComponent().appendingPathComponent("escape.txt").path))
            #expect(try project.store.sources().contains { $0.name == "escape.txt" })
            try await client.execute(uri: "/coding?source=escape.txt", method: .get, headers: headers(web, form: false)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("&lt;script&gt;x&lt;/script&gt;") && !page.contains("<script>x"))
            }

            (fields, upload) = self.multipart(web, filename: ".hidden.txt", content: "Teacher A: hi")
            try await client.execute(uri: "/transcripts", method: .post, headers: fields, body: upload) { response in
                #expect((response.headers[.location] ?? "").contains("field=files"))
            }
            (fields, upload) = self.multipart(web, filename: "bad.pdf", content: "%PDF-1.4")
            try await client.execute(uri: "/transcripts", method: .post, headers: fields, body: upload) { response in
                #expect((response.headers[.location] ?? "").contains("problem="))
            }
            (fields, upload) = self.multipart(web, filename: "forged.txt", content: "Teacher A: hi", csrf: false)
            try await client.execute(uri: "/transcripts", method: .post, headers: fields, body: upload) { response in
                #expect(response.status == .forbidden)
            }
            (fields, upload) = self.multipart(web, filename: "huge.txt", content: String(repeating: "a", count: WebApp.maxUpload))
            try await client.execute(uri: "/transcripts", method: .post, headers: fields, body: upload) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
        let names = try project.store.sources().map(\.name)
        #expect(!names.contains("forged.txt") && !names.contains("huge.txt") && !names.contains(".hidden.txt"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("sources").path)
        #expect(!leftovers.contains { $0.hasPrefix(".") }, "\(leftovers)")
    }
}

/// The real `workbench serve`: one address with a token on 127.0.0.1, and Ctrl-C stops it.
@Suite struct ServeCommandTests {
    @Test func serveListensOnLoopbackAndStopsOnControlC() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("demo")
        #expect(try TestSupport.workbench(["demo", folder.path]).status == 0)
        let process = Process()
        process.executableURL = TestSupport.workbench
        process.arguments = ["serve", "--project", folder.path, "--port", "0"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("?token=") && Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let address = try #require(text.split(whereSeparator: \.isWhitespace).map(String.init)
            .first { $0.hasPrefix("http://127.0.0.1:") && $0.contains("?token=") }, "\(text)")
        let curl = URL(fileURLWithPath: "/usr/bin/curl")
        if FileManager.default.fileExists(atPath: curl.path) {
            let plain = String(address.prefix { $0 != "?" })
            let denied = try TestSupport.run(curl, ["-s", "-o", "/dev/null", "-w", "%{http_code}", plain])
            #expect(denied.stdout == "401")
            let allowed = try TestSupport.run(curl, ["-s", "-L", "-b", "", "-o", "/dev/null", "-w", "%{http_code}", address])
            #expect(allowed.stdout.hasSuffix("200"), "\(allowed.stdout)")
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }
}
