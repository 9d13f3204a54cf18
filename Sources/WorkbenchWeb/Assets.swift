import Foundation

/// The stylesheet and scripts, read once from the package's resources and served from memory: a
/// fixed set of names, so no request reaches a file by a path it gives.
enum Assets {
    struct Asset: Sendable {
        var type: String
        var body: String
    }

    static let all: [String: Asset] = {
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]
        var assets: [String: Asset] = [:]
        let folder = Bundle.module.url(forResource: "Assets", withExtension: nil)
        for name in ["workbench.css", "coding.js", "forms.js", "icon.svg"] {
            guard let url = folder?.appendingPathComponent(name), let body = try? String(contentsOf: url, encoding: .utf8)
            else { continue }
            assets[name] = Asset(type: types[url.pathExtension] ?? "text/plain; charset=utf-8", body: body)
        }
        return assets
    }()
}
