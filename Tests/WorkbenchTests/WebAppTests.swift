import Foundation
import Hummingbird
import HummingbirdTesting
import ProjectStore
import Testing
import WorkbenchCore
import WorkbenchDemo
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
        let web = WebApp(folder: folder)
        try await Application(router: web.router()).test(.router) { client in
            for path in ["/", "/history"] {
                try await client.execute(uri: path, method: .get, headers: cookie(web)) { response in
                    let page = String(buffer: response.body)
                    #expect(!page.contains("<script>alert") && page.contains("&lt;script&gt;alert"), "\(path)")
                    #expect(!page.contains("<img src=x"), "\(path)")
                }
            }
        }
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
