import Foundation
import Enquiries
import FrameworkAnalysis
import ProjectStore
import Reports
import Scoring
import Testing
import WorkbenchCore
import WorkbenchDemo
import WorkbenchKit
import XMLKit

@Suite("HTML reports")
struct ReportTests {
    /// Every `<svg>…</svg>` element of a page.
    static func svgElements(_ html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            result.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return result
    }

    /// The page loads nothing: the only URL is the SVG namespace name.
    static func isSelfContained(_ html: String) -> Bool {
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        return !withoutNamespace.contains("http://") && !withoutNamespace.contains("https://")
            && !withoutNamespace.contains("<script") && !withoutNamespace.contains("<link")
    }

    @Test func theDemoReportsAreSelfContainedWithWellFormedCharts() throws {
        let summary = try Demo.build(at: TestSupport.temporaryFolder().appendingPathComponent("demo"))
        #expect(summary.reports.map(\.lastPathComponent)
                == ["tses-long-pre-post.html", "maturity-audit.html", "framework-matrix.html", "evidence-log.html"])
        for report in summary.reports {
            let html = try String(contentsOf: report, encoding: .utf8)
            #expect(Self.isSelfContained(html), "\(report.lastPathComponent)")
            let charts = Self.svgElements(html)
            for (index, chart) in charts.enumerated() {
                #expect(throws: Never.self) { _ = try XMLDocument(string: chart, name: "chart \(index)") }
            }
        }
        let tses = try String(contentsOf: summary.reports[0], encoding: .utf8)
        // One dot-and-line plot per subscale and the total, each with its axis label and n.
        #expect(Self.svgElements(tses).count == 4)
        #expect(tses.contains("Score (1–9)") && tses.contains("n = 8"))
        let audit = try String(contentsOf: summary.reports[1], encoding: .utf8)
        #expect(Self.svgElements(audit).count == 2)  // heat map and radar
        #expect(audit.contains("High social capital") && audit.contains("n=3"))
        let matrix = try String(contentsOf: summary.reports[2], encoding: .utf8)
        #expect(matrix.contains("Impact on trainees") && matrix.contains("Trainee A"))
        // The evidence log: a before/after chart for the comparison, the audit and the reading ages.
        let log = try String(contentsOf: summary.reports[3], encoding: .utf8)
        #expect(Self.svgElements(log).count == 3)
        #expect(log.contains("Reading ages, March and October") && log.contains(">met<"))
        #expect(summary.transcripts.count == 3)
        #expect(summary.agreement.percentAgreement != nil && summary.agreement.krippendorffAlpha != nil)
    }

    @Test func namesAreEscaped() throws {
        let row = ComparisonRow(subscale: "s", label: "<b>Trust</b> & \"care\"", n: 1, meanBefore: 1, meanAfter: 2,
                                pairs: [.init(participant: "<script>alert(1)</script>", before: 1, after: 2)])
        let html = InstrumentPage.html(
            instrument: PluginDescriptor(id: "x", version: SemanticVersion(1, 0, 0), kind: .questionnaire,
                                         displayName: "X & Y", licence: "CC-BY-4.0"),
            from: "pre", to: "post", rows: [row], scoreRange: ["s": 1...5], generated: "test")
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
        #expect(html.contains("&lt;b&gt;Trust&lt;/b&gt; &amp; &quot;care&quot;"))
        for chart in Self.svgElements(html) {
            #expect(throws: Never.self) { _ = try XMLDocument(string: chart, name: "chart") }
        }
    }
}

/// The evidence log as a governing body reads it.
@Suite struct ReadableLogTests {
    @Test func theLogOpensWithASummaryInWordsAndCountsAsWholeNumbers() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("demo")
        let project = try Demo.build(at: folder).project
        let log = try project.cycles.evidenceLog()
        let html = log.htmlBody(), markdown = log.markdown()
        let summary = try #require(html.range(of: "<h2>Summary</h2>")), first = try #require(html.range(of: "<h2>Enquiry 1"))
        #expect(summary.lowerBound < first.lowerBound, "the summary comes first")
        #expect(markdown.contains("- 4 of 4 success criteria met."))
        #expect(markdown.contains("Impact on trainees: coded passages was 8 (target at least 3) — met."))
        #expect(!markdown.contains("tses-long.TSES.dz") && !html.contains("<code>tses-long.TSES"), "no measure keys")
        #expect(markdown.contains("| Coded passages | 8 |") && !markdown.contains("| Coded passages | 8.00 |"))
        // The TSES chart spans the scale (1–9), not the values (5.30–6.44).
        #expect(html.contains(">1</text>") && html.contains(">9</text>") && !html.contains(">5.30</text>"))
        for quote in log.enquiries.flatMap(\.cycles).flatMap(\.evidence).flatMap(\.quotes) where quote.text.hasSuffix("…") {
            let kept = quote.text.dropLast()
            #expect(kept.last?.isLetter == true || kept.last?.isNumber == true, "\(quote.text)")
            let full = try #require(project.store.sources().first { $0.name == quote.source }?.text)
            #expect(full.replacingOccurrences(of: "\n", with: " ").contains(kept + " ") || full.contains(kept + "\n"),
                    "cut at a word boundary: \(quote.text)")
        }
    }

    @Test func aComparisonsWarningsReachEveryFormatOfTheLog() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("demo")
        var log = try Demo.build(at: folder).project.cycles.evidenceLog()
        let row = ComparisonRow(subscale: "trust", label: "Trust <&>", n: 3, warnings: ["only 3 pairs: unstable"])
        var evidence = log.enquiries[0].cycles[0].evidence[0]
        evidence.warnings = []
        EvidenceFigures.comparison([row], instrument: "x", reference: "x@1.0.0", from: "pre", to: "post", into: &evidence)
        #expect(evidence.warnings == ["Trust <&>: only 3 pairs: unstable"])
        log.enquiries[0].cycles[0].evidence[0] = evidence
        #expect(log.markdown().contains("- **Warning:** Trust <&>: only 3 pairs: unstable"))
        #expect(log.htmlBody().contains("<ul class=\"warnings\"><li>Warning: Trust &lt;&amp;&gt;: only 3 pairs: unstable</li></ul>"))
        #expect(log.xml().contains("<warning>Trust &lt;&amp;&gt;: only 3 pairs: unstable</warning>"))
        let table = try #require(log.tables().first { $0.name == "warnings" })
        #expect(table.rows.contains { $0.last == "Trust <&>: only 3 pairs: unstable" })
    }
}
