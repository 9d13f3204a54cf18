import Foundation
import Statistics

/// Small helpers for writing self-contained HTML pages with inline SVG.
public enum HTML {
    /// Escapes text for element content and attribute values.
    public static func escape(_ text: String) -> String {
        // On UTF-8 bytes: the five characters escaped are ASCII, so no multi-byte sequence is touched,
        // and a text without them (most of a transcript) is returned as it is.
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + utf8.count / 8)
        for byte in utf8 {
            switch byte {
            case 0x26: bytes.append(contentsOf: "&amp;".utf8)
            case 0x3C: bytes.append(contentsOf: "&lt;".utf8)
            case 0x3E: bytes.append(contentsOf: "&gt;".utf8)
            case 0x22: bytes.append(contentsOf: "&quot;".utf8)
            case 0x27: bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A number with fixed decimals, or an en dash for missing.
    public static func number(_ value: Double?, _ decimals: Int = 2) -> String {
        NumberText.fixed(value, decimals) ?? "–"
    }

    /// A p-value (see ``NumberText/p(_:)``), escaped.
    static func p(_ value: Double?) -> String {
        // "< 0.001" stays on one line in a narrow table cell.
        escape(NumberText.p(value) ?? "–").replacingOccurrences(of: " ", with: "&nbsp;")
    }

    /// A whole page: title, generator note, body; styles inline, nothing fetched from the network.
    static func page(title: String, subtitle: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1b1b1b;
               max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; }
        h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
        .subtitle { color: #555; margin-top: 0; }
        table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }
        @media (max-width: 40rem) { table { display: block; overflow-x: auto; max-width: 100%; } }
        th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        thead th { background: #f0f0f0; }
        .charts { display: flex; flex-wrap: wrap; gap: 1rem; }
        figure { margin: 0; break-inside: avoid; }
        figcaption { font-size: .85rem; color: #444; max-width: 22rem; }
        .note { font-size: .85rem; color: #444; }
        table.text td, table.text th { text-align: left; } td.number { text-align: right; }
        .status { font-weight: 600; } .status.met { color: #1a7f37; } .status.not-met { color: #b42318; }
        .status.no-data { color: #666; }
        svg text { font-family: inherit; }
        figure svg { max-width: 100%; height: auto; }
        .summary { background: #f4f6f2; padding: .25rem 1rem; border-radius: .4rem; }
        ul.warnings { border-left: 4px solid #b54708; background: #fffaeb; padding: .4rem .5rem .4rem 1.8rem; }
        @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } .charts { gap: .5rem; }
                       table { display: table; } }
        </style>
        </head>
        <body>
        <h1>\(escape(title))</h1>
        <p class="subtitle">\(subtitle)</p>
        \(body)
        </body>
        </html>

        """
    }
}
