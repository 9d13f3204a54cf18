import ArgumentParser
import Foundation
import ProjectStore
import WorkbenchCore
import WorkbenchWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the project in your browser: a local web app on this computer only.",
        discussion: """
            Prints one address carrying a random access token; open it in a browser on this computer. \
            Without the token nothing is shown. Ctrl-C stops the server. The CLI and a second serve can \
            work on the same project at the same time.
            """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "The port on 127.0.0.1 (0 picks a free one).")
    var port = 8088

    @Flag(help: "Open the address in the default browser.")
    var open = false

    func run() async throws {
        let opened = try project.open()
        let app = WebApp(folder: opened.store.folder)
        let token = app.token
        let open = open
        try await app.run(port: port) { port in
            let address = "http://127.0.0.1:\(port)/?token=\(token)"
            // Written straight to the file descriptor, so a script reading the pipe sees it at once.
            FileHandle.standardOutput.write(Data(("Serving \(opened.store.folder.path) at\n\n    \(address)\n\n"
                + "Open that address in a browser on this computer. Ctrl-C stops the server.\n").utf8))
            if open {
                let browser = Process()
                browser.executableURL = URL(fileURLWithPath: "/usr/bin/xdg-open")
                browser.arguments = [address]
                try? browser.run()
            }
        }
    }
}
