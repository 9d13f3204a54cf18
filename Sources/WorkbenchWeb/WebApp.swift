public import Foundation
import HTTPTypes
public import Hummingbird
import Enquiries
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
    /// The largest request body read, in bytes.
    public static let maxBody = 1 << 20

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
        router.get("/") { _, _ in try self.page { try Pages.home($0, csrf: self.csrf) } }
        router.get("/history") { _, _ in try self.page { try Pages.history($0, csrf: self.csrf) } }
        router.post("/undo") { _, _ in
            try self.change { project in _ = try project.history.undo() }
        }
        router.post("/redo") { _, _ in
            try self.change { project in _ = try project.history.redo() }
        }
        router.get("/assets/workbench.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: Assets.css)))
        }
        return router
    }

    /// Serves on 127.0.0.1 until Ctrl-C (SIGINT) or SIGTERM; `ready` gets the port listened on.
    public func run(port: Int, ready: @escaping @Sendable (Int) -> Void) async throws {
        let app = Application(router: router(), configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              onServerRunning: { channel in ready(channel.localAddress?.port ?? port) })
        try await app.runService()
    }

    private func open() throws -> WorkbenchProject {
        var project = try WorkbenchProject.open(at: folder)
        project.actor = WorkbenchProject.defaultActor + " (web)"
        return project
    }

    private func page(_ body: (WorkbenchProject) throws -> String) throws -> Response {
        do {
            return Self.html(try body(try open()))
        } catch {
            return Self.html(Pages.problem("\(error)"), status: .badRequest)
        }
    }

    private func change(_ body: (WorkbenchProject) throws -> Void) throws -> Response {
        do {
            try body(try open())
            return Response(status: .seeOther, headers: [.location: "/"])
        } catch {
            return Self.html(Pages.problem("\(error)"), status: .unprocessableContent)
        }
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Headers every response carries.
struct SecurityHeaders: RouterMiddleware {
    static let policy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
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
        let body = try await request.collectBody(upTo: WebApp.maxBody)
        let form = Form(String(buffer: body))
        let given = request.headers[HTTPField.Name("X-CSRF-Token")!] ?? form["csrf"] ?? ""
        guard Self.same(given, csrf) else {
            throw HTTPError(.forbidden, message: "This form is out of date or came from another site; reload the page.")
        }
        return try await next(request, context)
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

/// An `application/x-www-form-urlencoded` body.
struct Form {
    private var values: [String: String] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if let key = parts.first, values[key] == nil { values[key] = parts.count > 1 ? parts[1] : "" }
        }
    }

    subscript(_ key: String) -> String? { values[key] }
}
