public import Foundation
import HTTPTypes
import Logging
public import Hummingbird
import Enquiries
import PluginHost
import ProjectStore
import Reports
import WorkbenchCore

/// The local web app over one project folder: every page reads the project through the same core
/// calls as the CLI, and every write is one journaled change (so Undo is always one click away).
///
/// Access: the address printed by `workbench serve` carries a random token; the first visit turns
/// it into an HttpOnly, SameSite=Strict session cookie. Without it every route answers 401 (no
/// credentials) or 403 (wrong ones). A request whose Host is not this machine is refused (DNS
/// rebinding). Every state-changing request carries the CSRF token of the pages. Responses carry
/// a Content-Security-Policy that allows no inline script and nothing from another origin.
public struct WebApp: Sendable {
    /// The project folder served.
    public let folder: URL
    /// The access token in the printed address.
    public let token: String
    /// The token forms carry (never the access token itself).
    let csrf: String
    /// The project, opened once and kept (with its loaded plugins) while its database file stays the same.
    private let opened = OpenedProject()
    /// The largest request body read, in bytes.
    public static let maxBody = 1 << 20
    /// The largest upload (a multipart form with its files), in bytes.
    public static let maxUpload = 32 << 20

    public init(folder: URL, token: String = WebApp.newToken()) {
        self.folder = folder.standardizedFileURL
        self.token = token
        csrf = WebApp.newToken()
    }

    /// 32 random bytes as hex.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Every route, behind the access and security middleware.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeaders())
        router.add(middleware: Access(token: token, csrf: csrf))
        router.get("/") { request, _ in try self.page(request, Pages.home) }
        router.get("/history") { request, _ in try self.page(request, Pages.history) }
        router.post("/undo") { request, _ in
            try await self.change(request) { project, _ in _ = try project.history.undo() }
        }
        router.post("/redo") { request, _ in
            try await self.change(request) { project, _ in _ = try project.history.redo() }
        }
        CodingPages.routes(router, self)
        EnquiryPages.routes(router, self)
        QuestionnairePages.routes(router, self)
        AuditPages.routes(router, self)
        AnalysisPages.routes(router, self)
        PluginPages.routes(router, self)
        CodebookPages.routes(router, self)
        router.get("/assets/themes.css") { request, _ in
            try self.respond { project in
                let query = Form(urlEncoded: request.uri.query ?? "")
                return Self.text(try CodingPages.themeStyles(project, framework: query["framework"]), type: "text/css; charset=utf-8")
            }
        }
        router.get("/assets/:name") { _, context in
            guard let name = context.parameters.get("name"), let asset = Assets.all[name] else {
                throw HTTPError(.notFound, message: "There is no such file.")
            }
            return Self.text(asset.body, type: asset.type)
        }
        return router
    }

    /// Serves on 127.0.0.1 until Ctrl-C (SIGINT) or SIGTERM; `ready` gets the port listened on.
    public func run(port: Int, ready: @escaping @Sendable (Int) -> Void) async throws {
        // Only warnings and errors: the terminal shows the address, not the server's own chatter.
        var logger = Logger(label: "workbench.serve")
        logger.logLevel = .warning
        let app = Application(router: router(), configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              onServerRunning: { channel in ready(channel.localAddress?.port ?? port) }, logger: logger)
        try await app.runService()
    }

    private func open() throws -> WorkbenchProject {
        try opened.project(in: folder) {
            var project = try WorkbenchProject.open(at: folder)
            project.actor = WorkbenchProject.defaultActor + " (web)"
            return project
        }
    }

    /// A page: the project opened, the query read, a problem shown on a page of its own.
    /// The time the page took to build is sent as `Server-Timing` (shown by a browser's developer tools).
    func page(_ request: Request, _ body: (PageContext) throws -> String) throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        var response = try respond { project in
            let query = request.uri.query.map { "?" + $0 } ?? ""
            let path = Self.adding(["problem": nil, "field": nil], to: request.uri.path + query)
            return Self.html(try body(PageContext(project: project, csrf: csrf, query: Form(urlEncoded: request.uri.query ?? ""),
                                                  path: path)))
        }
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        response.headers[HTTPField.Name("Server-Timing")!] = String(format: "page;dur=%.1f", milliseconds)
        return response
    }

    /// Any answer built from the project; a failure becomes a page naming the problem.
    func respond(_ body: (WorkbenchProject) throws -> Response) throws -> Response {
        do {
            return try body(try open())
        } catch let error as HTTPError {
            throw error
        } catch let error as WorkbenchError where error.code == .notFound {
            return Self.html(Pages.problem(error.message), status: .notFound)
        } catch let error as PluginError where error.code == .notFound {
            return Self.html(Pages.problem(error.description), status: .notFound)
        } catch {
            return Self.html(Pages.problem("\(error)"), status: .badRequest)
        }
    }

    /// A write: one core call, then back to the page the form names (`back`), with the problem and
    /// the field it concerns in the address when the core refused it, so the page shows it beside that field.
    func change(_ request: Request, _ body: (WorkbenchProject, Form) throws -> Void) async throws -> Response {
        try await perform(request) { project, form in
            try body(project, form)
            return nil
        }
    }

    /// A write that makes something with a page of its own: on success, that page (the path `body`
    /// returns); on failure, back to the form as ``change(_:_:)`` does.
    func create(_ request: Request, _ body: (WorkbenchProject, Form) throws -> String) async throws -> Response {
        try await perform(request, body)
    }

    private func perform(_ request: Request, _ body: (WorkbenchProject, Form) throws -> String?) async throws -> Response {
        var request = request
        let form = try Form(request, body: try await request.collectBody(upTo: Access.limit(for: request)))
        let back = Self.localPath(form["back"]) ?? "/"
        // A page's script asks for JSON (saving answers as they are given); a plain form gets a redirect.
        let json = (request.headers[.accept] ?? "").contains("application/json")
        do {
            let made = try body(try open(), form)
            return json ? Self.json(["saved": made ?? back]) : Self.redirect(made ?? back)
        } catch let error as HTTPError {
            throw error
        } catch {
            let field = (error as? WorkbenchError)?.field
            if json { return Self.json(["problem": "\(error)", "field": field ?? ""], status: .unprocessableContent) }
            return Self.redirect(Self.adding(["problem": "\(error)", "field": field], to: back))
        }
    }

    /// A route's `:name` parameter (404 when missing or, for a number, not one).
    static func parameter(_ context: BasicRequestContext, _ name: String = "id") throws -> String {
        guard let value = context.parameters.get(name) else { throw HTTPError(.notFound, message: "There is no such page.") }
        return value
    }

    static func number(_ context: BasicRequestContext, _ name: String = "id") throws -> Int64 {
        guard let value = Int64(try parameter(context, name)) else { throw HTTPError(.notFound, message: "There is no such page.") }
        return value
    }

    /// A path on this server (never `//host` or a full address), for redirects after a write.
    static func localPath(_ text: String?) -> String? {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"),
              !text.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return nil }
        return text
    }

    /// A local address with query items set (replacing older values of the same names).
    static func adding(_ items: [String: String?], to path: String) -> String {
        var components = URLComponents(string: path) ?? URLComponents()
        var query = (components.queryItems ?? []).filter { items[$0.name] == nil }
        for (name, value) in items.sorted(by: { $0.key < $1.key }) { if let value { query.append(URLQueryItem(name: name, value: value)) } }
        components.percentEncodedQuery = query.isEmpty ? nil : query.map {
            "\(Self.encode($0.name))=\(Self.encode($0.value ?? ""))"
        }.joined(separator: "&")
        return components.string ?? path
    }

    /// Percent-encodes a query name or value.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }

    static func json(_ values: [String: String], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONEncoder().encode(values)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func redirect(_ path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path])
    }

    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The served project, kept open between requests: opening it (and loading its plugins) for each
/// request would cost more than most pages. It is opened again when its database file is another
/// file than the one opened (the folder was replaced, e.g. by a new `workbench demo`).
final class OpenedProject: @unchecked Sendable {
    private let lock = NSLock()
    private var current: (project: WorkbenchProject, file: UInt64)?

    func project(in folder: URL, _ open: () throws -> WorkbenchProject) throws -> WorkbenchProject {
        let database = folder.appendingPathComponent(ProjectStore.databaseFileName)
        var info = stat()
        let file = stat(database.path, &info) == 0 ? UInt64(info.st_ino) : 0
        lock.lock()
        defer { lock.unlock() }
        if let current, current.file == file, file != 0 { return current.project }
        let project = try open()
        current = (project, file)
        return project
    }
}

/// Headers every response carries.
struct SecurityHeaders: RouterMiddleware {
    static let policy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    func handle(_ request: Request, context: BasicRequestContext,
                next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = WebApp.html(Pages.problem(error.body ?? "\(error.status.reasonPhrase)"), status: error.status)
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// The token, the session cookie, the Host and, for writes, the CSRF token.
struct Access: RouterMiddleware {
    static let cookie = "workbench_session"
    let token: String
    let csrf: String

    func handle(_ request: Request, context: BasicRequestContext,
                next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        guard Self.isThisComputer(request.head.authority ?? "") else {
            throw HTTPError(.forbidden, message: "This workbench answers only on this computer (127.0.0.1).")
        }
        if let given = request.uri.queryParameters["token"].map(String.init) {
            guard Self.same(given, token) else {
                throw HTTPError(.forbidden, message: "This address's token is not the one workbench serve printed.")
            }
            var response = Response(status: .seeOther, headers: [.location: request.uri.path])
            response.setCookie(Cookie(name: Self.cookie, value: token, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        guard let session = request.cookies[Self.cookie]?.value else {
            throw HTTPError(.unauthorized, message: "Open the address that workbench serve printed (it carries a token).")
        }
        guard Self.same(session, token) else {
            throw HTTPError(.forbidden, message: "This session belongs to another workbench; open the address it printed.")
        }
        guard request.method != .get && request.method != .head else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: Self.limit(for: request))
        let given = try request.headers[HTTPField.Name("X-CSRF-Token")!] ?? Form(request, body: body)["csrf"] ?? ""
        guard Self.same(given, csrf) else {
            throw HTTPError(.forbidden, message: "This form is out of date or came from another site; reload the page.")
        }
        return try await next(request, context)
    }

    /// The largest body read for a request: uploads (multipart forms) may be larger than other forms.
    static func limit(for request: Request) -> Int {
        (request.headers[.contentType] ?? "").lowercased().hasPrefix("multipart/") ? WebApp.maxUpload : WebApp.maxBody
    }

    /// Whether a Host names this computer (a page from another site that resolves its own name to
    /// 127.0.0.1 sends that name instead: DNS rebinding).
    static func isThisComputer(_ host: String) -> Bool {
        let host = host.lowercased()
        return ["127.0.0.1", "localhost", "[::1]"].contains { host == $0 || host.hasPrefix($0 + ":") }
    }

    /// Compares secrets in time that does not depend on where they differ.
    static func same(_ first: String, _ second: String) -> Bool {
        let a = Array(first.utf8), b = Array(second.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
