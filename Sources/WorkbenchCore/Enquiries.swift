import BuiltinInstruments
public import Enquiries
public import Foundation
import FrameworkAnalysis
import PluginHost
public import ProjectStore
public import Reports
import Scoring
import StagedFiles
import Transcripts
import WorkbenchKit
import XMLKit

// Enquiries and cycles: the regional enquiry cluster method as data, and the evidence log built
// from it. Evidence records references (an instrument and occasions, a matrix, a framework theme,
// a measurement file), never copied figures, so the log and the success criteria always reflect
// the project's data.

extension EnquiryCycles {
    /// Starts an enquiry.
    @discardableResult
    public func newEnquiry(title: String, focus: String, questions: [String], schools: [String], lead: String?,
                           champions: [String], date: CalendarDate) throws -> EnquiryRecord {
        guard !questions.isEmpty else {
            throw WorkbenchError("an enquiry needs at least one research question", code: .missingValue, field: "question")
        }
        for school in schools { _ = try self.school(school) }
        return try change("enquiry.add", "Started the enquiry '\(title)'") {
            try store.insert(EnquiryRecord(title: title, focus: focus, questions: questions, schools: schools,
                                           lead: lead, champions: champions, startedOn: date))
        }
    }

    /// Starts the next cycle of an enquiry with its template, interventions, baseline and success
    /// criteria; each criterion's measure is checked first.
    @discardableResult
    public func startCycle(enquiry: Int64, template: String, interventions: [String], baseline: String,
                           criteria: [CriterionText], date: CalendarDate) throws -> CycleRecord {
        _ = try self.enquiry(enquiry)
        let registry = try self.registry()
        let cycleTemplate = try registry.plugin(template, kind: .cycleTemplate, as: (any CycleTemplatePlugin).self)
        let chosen = try interventions.map { try registry.plugin($0, kind: .intervention, as: (any InterventionPlugin).self) }
        guard !chosen.isEmpty else {
            throw WorkbenchError("name the intervention(s) tried in this cycle", code: .missingValue, field: "intervention")
        }
        for criterion in criteria { try checkMeasure(criterion.measure) }
        let cycle = CycleRecord(enquiryID: enquiry, number: 0, template: cycleTemplate.descriptor.reference,
                                interventions: chosen.map(\.descriptor.reference), baseline: baseline, startedOn: date)
        return try change("cycle.start", "Started a cycle of enquiry #\(enquiry) (\(chosen.map(\.descriptor.id).joined(separator: ", ")))") {
            try store.start(cycle, criteria: criteria.map {
                CriterionRecord(cycleID: 0, description: $0.description, measure: $0.measure, comparison: $0.comparison,
                                threshold: $0.threshold)
            })
        }
    }


    /// Links evidence to a cycle. What it refers to is checked now (the instrument has answers on
    /// both occasions, the theme exists, the file reads) and a file is kept in the project's `sources/`.
    @discardableResult
    public func addEvidence(cycle id: Int64, title: String, detail: EvidenceDetail, source: String,
                            date: CalendarDate) throws -> EvidenceRecord {
        _ = try cycle(id)
        var detail = detail
        var copied: URL?
        // A file copied in for evidence that is then refused is taken out again.
        defer { if let copied { try? FileManager.default.removeItem(at: copied) } }
        switch detail {
        case let .comparison(instrument, from, to):
            _ = try project.instruments.compare(instrument, from: from, to: to)
        case let .audit(matrix, from, to):
            let report = try project.audits.audit(matrix)
            for occasion in [from, to] where !report.occasions.contains(occasion) {
                throw WorkbenchError("no audit on occasion '\(occasion)'; occasions: " + report.occasions.joined(separator: ", "))
            }
        case let .measures(file, measure, from, to, months):
            detail = .measures(file: try keep(file, copied: &copied), measure: measure, from: from, to: to, months: months)
            _ = try figures(of: EvidenceRecord(cycleID: id, title: title, detail: detail, source: source, recordedOn: date),
                            pseudonymiser: nil)
        case let .theme(reference, theme):
            let (descriptor, framework) = try self.framework(reference)
            guard framework.allThemes.contains(where: { $0.theme.id == theme }) else {
                throw WorkbenchError("unknown theme '\(theme)' in \(descriptor.reference)", code: .notFound, field: "theme")
            }
            detail = .theme(framework: descriptor.reference, theme: theme)
        case .observation, .note:
            break
        case let .document(file):
            detail = .document(file: try keep(file, copied: &copied))
        }
        let record = try change("evidence.add", "Added \(detail.kind.rawValue) evidence '\(title)' to cycle #\(id)") {
            try store.insert(EvidenceRecord(cycleID: id, title: title, detail: detail, source: source, recordedOn: date))
        }
        copied = nil
        return record
    }

    /// Copies a file into `sources/` whole or not at all (unless it is there already) and returns its
    /// stored path; `copied` is set when a copy was made.
    private func keep(_ path: String, copied: inout URL?) throws -> String {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw WorkbenchError("\(path): no such file", code: .notFound, field: "file")
        }
        let stored = store.storedPath(for: url)
        if stored.hasPrefix("sources/") { return stored }
        let target = store.sourcesFolder.appendingPathComponent(url.lastPathComponent)
        if FileManager.default.fileExists(atPath: target.path) {
            guard try Data(contentsOf: target) == Data(contentsOf: url) else {
                throw WorkbenchError("sources/\(url.lastPathComponent) exists with other content; rename \(path)",
                                     code: .duplicate, field: "file")
            }
        } else {
            try StagedOutput.write(to: target) { staging in try FileManager.default.copyItem(at: url, to: staging) }
            copied = target
        }
        return "sources/" + url.lastPathComponent
    }

    /// Records a reflection in the leadership-learning log.
    @discardableResult
    public func reflect(cycle id: Int64, author: String, wentWell: String?, notEffective: String?, problems: String?,
                        leadershipLearning: String?, date: CalendarDate) throws -> ReflectionRecord {
        _ = try cycle(id)
        guard [wentWell, notEffective, problems, leadershipLearning].contains(where: { $0?.isEmpty == false }) else {
            throw WorkbenchError("a reflection needs at least one of what went well, what was not effective, problems "
                                 + "or leadership learning", code: .missingValue, field: "went-well")
        }
        return try change("reflection.add", "Added \(author)'s reflection to cycle #\(id)") {
            try store.insert(ReflectionRecord(cycleID: id, author: author, wentWell: wentWell,
                                              notEffective: notEffective, problems: problems,
                                              leadershipLearning: leadershipLearning, recordedOn: date))
        }
    }

    /// Records a peer challenge from the cluster and the response.
    @discardableResult
    public func review(cycle id: Int64, challengedBy: String, challenge: String, response: String?,
                       date: CalendarDate) throws -> PeerReviewRecord {
        _ = try cycle(id)
        return try change("review.add", "Added \(challengedBy)'s peer challenge to cycle #\(id)") {
            try store.insert(PeerReviewRecord(cycleID: id, challengedBy: challengedBy, challenge: challenge,
                                              response: response, recordedOn: date))
        }
    }

    /// Closes a cycle with the decision for the next: continue the intervention or switch.
    public func closeCycle(_ id: Int64, decision: CycleDecision, nextFocus: String?, date: CalendarDate) throws {
        var cycle = try cycle(id)
        if let closed = cycle.closedOn {
            throw WorkbenchError("cycle #\(id) was closed on \(closed)", code: .nothingToDo)
        }
        cycle.closedOn = date
        cycle.decision = decision
        cycle.nextFocus = nextFocus
        try change("cycle.close", "Closed cycle #\(id) (\(decision))") { try store.update(cycle) }
    }
}

extension WorkbenchProject {
    /// A cycle by id, or an error listing the cycles there are.
    func cycle(_ id: Int64) throws -> CycleRecord {
        let cycles = try store.cycles()
        guard let cycle = cycles.first(where: { $0.id == id }) else {
            throw WorkbenchError("no cycle #\(id)" + (cycles.isEmpty ? "; the project has no cycles yet"
                                                  : "; cycles: " + cycles.map { "#\($0.id!)" }.joined(separator: ", ")),
                                 code: .notFound, field: "cycle")
        }
        return cycle
    }
}

// MARK: - Figures

extension EnquiryCycles {
    /// The range of scores a questionnaire's items can take (the lowest and highest of its scored
    /// scales), or nil when a scale gives no range.
    static func scoreRange(of questionnaire: Questionnaire) -> ClosedRange<Double>? {
        let scales = Set(questionnaire.items.map(\.scale)).compactMap { id in questionnaire.scales.first { $0.id == id } }
        let lows = scales.compactMap(\.min), highs = scales.compactMap(\.max)
        guard !scales.isEmpty, lows.count == scales.count, highs.count == scales.count,
              let low = lows.min(), let high = highs.max(), low < high else { return nil }
        return low...high
    }

    /// The figures and charts of one piece of evidence, computed from the project's data now.
    /// - Parameter charts: frameworks already charted in this call (with their automatic codings), so
    ///   a log with several themes of one framework charts it once.
    func figures(of evidence: EvidenceRecord, pseudonymiser: Pseudonymiser?, charts: ChartCache = ChartCache()) throws
        -> EvidenceLog.Evidence {
        var item = EvidenceLog.Evidence(kind: evidence.kind, title: evidence.title, source: evidence.source,
                                        recordedOn: evidence.recordedOn, provenance: "", text: evidence.detail.text)
        switch evidence.detail {
        case let .comparison(instrument, from, to):
            let reference = try project.instruments.scores(instrument, occasion: from).instrument.reference
            EvidenceFigures.comparison(try project.instruments.compare(instrument, from: from, to: to),
                                       instrument: instrument, reference: reference, from: from, to: to,
                                       scale: try Self.scoreRange(of: project.questionnaire(reference).1), into: &item)
        case let .audit(matrix, from, to):
            EvidenceFigures.audit(try project.audits.audit(matrix), from: from, to: to, into: &item)
        case let .measures(file, measure, from, to, months):
            let samples = try MeasureTable.read(store.folder.appendingPathComponent(file)).filter { $0.measure == measure }
            func values(_ occasion: String) -> [String: Double] {
                Dictionary(samples.filter { $0.occasion == occasion }.map { ($0.participant, $0.value) },
                           uniquingKeysWith: { first, _ in first })
            }
            try EvidenceFigures.measures(before: values(from), after: values(to), file: file, measure: measure,
                                         key: Self.themeID(for: measure), from: from, to: to, months: months, into: &item)
        case let .theme(framework, theme):
            let (chart, automatic) = try charts.value(framework) {
                let chart = try project.coding.chart(framework: framework, anonymise: pseudonymiser != nil)
                let automatic = Set(try store.codings(framework: String(chart.framework.split(separator: "@")[0]))
                    .filter(\.coding.automatic).map { "\($0.source):\($0.coding.start):\($0.coding.end):\($0.coding.coder)" })
                return (chart, automatic)
            }
            EvidenceFigures.theme(chart, theme: theme, automatic: automatic, into: &item)
        case let .document(file):
            item.provenance = file
        case .observation, .note:
            item.provenance = "notes recorded by the source"
        }
        return item
    }
}

// MARK: - The log

extension EnquiryCycles {
    /// The evidence log of every enquiry (or of one cycle). Success criteria are evaluated against
    /// the figures of the cycle's evidence: the latest evidence giving the measure decides.
    /// - Parameter anonymise: real names replaced everywhere in the log, inside running text too (see
    ///   ``WorkbenchProject/pseudonymiser()``).
    public func evidenceLog(cycle only: Int64? = nil, anonymise: Bool = false) throws -> EvidenceLog {
        let enquiries = try store.enquiries()
        let cycles = try store.cycles()
        if let only { _ = try cycle(only) }
        let pseudonymiser = anonymise ? try pseudonymiser() : nil
        func clean(_ text: String) -> String { pseudonymiser?.apply(text: text) ?? text }
        func clean(_ text: String?) -> String? { text.map(clean) }
        let registry = try self.registry()
        var log = EvidenceLog(project: clean(try store.info().name), generatedBy: "R&D Workbench \(workbenchVersion)",
                              anonymised: anonymise, enquiries: [])
        let charts = ChartCache()
        var gathered = 0
        var options: [String: MeasureOption]?
        func measureWords() throws -> [String: MeasureOption] {
            if let options { return options }
            let made = Dictionary(try measureOptions().map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            options = made
            return made
        }
        for enquiry in enquiries {
            var entry = EvidenceLog.Enquiry(
                id: Int(enquiry.id!), title: clean(enquiry.title), focus: clean(enquiry.focus),
                questions: enquiry.questions.map(clean), schools: enquiry.schools, lead: clean(enquiry.lead),
                champions: enquiry.champions.map(clean), startedOn: enquiry.startedOn, cycles: [])
            for cycle in cycles where cycle.enquiryID == enquiry.id && (only == nil || cycle.id == only) {
                let template = try? registry.plugin(cycle.template, kind: .cycleTemplate, as: (any CycleTemplatePlugin).self)
                let interventions = cycle.interventions.map { reference in
                    let plugin = try? registry.plugin(reference, kind: .intervention, as: (any InterventionPlugin).self)
                    return EvidenceLog.Intervention(id: reference, name: plugin?.descriptor.displayName ?? reference,
                                                    strands: plugin?.intervention.strands ?? [])
                }
                var evidence = try store.evidence(cycle: cycle.id!).map {
                    gathered += 1
                    report("Gathering the evidence", gathered, of: nil, "items")
                    return try figures(of: $0, pseudonymiser: pseudonymiser, charts: charts)
                }
                for index in evidence.indices {
                    evidence[index].title = clean(evidence[index].title)
                    evidence[index].source = clean(evidence[index].source)
                    evidence[index].text = clean(evidence[index].text)
                    evidence[index].summaries = evidence[index].summaries.map(clean)
                    for quote in evidence[index].quotes.indices {
                        evidence[index].quotes[quote].text = clean(evidence[index].quotes[quote].text)
                        evidence[index].quotes[quote].caseName = clean(evidence[index].quotes[quote].caseName)
                        evidence[index].quotes[quote].coder = clean(evidence[index].quotes[quote].coder)
                        evidence[index].quotes[quote].source = clean(evidence[index].quotes[quote].source)
                    }
                }
                let criteria = try store.criteria(cycle: cycle.id!).map {
                    var criterion = EvidenceLog.Criterion(description: clean($0.description), measure: $0.measure,
                                                          comparison: $0.comparison, threshold: $0.threshold,
                                                          evidence: evidence)
                    if let option = try measureWords()[$0.measure] {
                        criterion.measureWords = option.words
                        criterion.isCount = option.isCount
                    }
                    return criterion
                }
                entry.cycles.append(EvidenceLog.Cycle(
                    number: cycle.number, template: template?.descriptor.displayName ?? cycle.template,
                    steps: template?.template.steps.map(\.name) ?? [], interventions: interventions,
                    baseline: clean(cycle.baseline), startedOn: cycle.startedOn, closedOn: cycle.closedOn,
                    criteria: criteria, evidence: evidence,
                    reflections: try store.reflections(cycle: cycle.id!).map {
                        EvidenceLog.Reflection(author: clean($0.author), recordedOn: $0.recordedOn,
                                               wentWell: clean($0.wentWell), notEffective: clean($0.notEffective),
                                               problems: clean($0.problems), leadershipLearning: clean($0.leadershipLearning))
                    },
                    reviews: try store.reviews(cycle: cycle.id!).map {
                        EvidenceLog.Review(challengedBy: clean($0.challengedBy), challenge: clean($0.challenge),
                                           response: clean($0.response), recordedOn: $0.recordedOn)
                    },
                    decision: cycle.decision, nextFocus: clean(cycle.nextFocus)))
            }
            if !entry.cycles.isEmpty || only == nil { log.enquiries.append(entry) }
        }
        return log
    }

}

// MARK: - Export

/// The formats of `workbench log export`.
public enum LogFormat: String, Sendable, CaseIterable {
    case html, md, csv, json, xml
}

extension EnquiryCycles {
    /// Writes the evidence log. `html`, `md` and `xml` write one file; `csv` writes a folder of CSV
    /// tables and `json` the same tables with a Frictionless `datapackage.json`. Written beside the
    /// target and moved into place, so a failure leaves nothing half-written; the XML is checked
    /// against `evidence-log.xsd` first.
    /// - Returns: the files written.
    @discardableResult
    public func exportLog(to url: URL, format: LogFormat, cycle: Int64? = nil, anonymise: Bool = false) throws -> [URL] {
        report("Gathering the evidence", 0, of: nil, "items")
        let log = try evidenceLog(cycle: cycle, anonymise: anonymise)
        report("Writing the log", 0, of: 1, "log")
        defer { report("Writing the log", 1, of: 1, "log") }
        var written: [String] = []
        try StagedOutput.write(to: url) { staging in
            switch format {
            case .html, .md, .xml:
                let text = format == .html ? log.html() : format == .md ? log.markdown() : log.xml()
                if format == .xml {
                    let schema = try XMLSchema(contentsOf: BuiltinInstruments.schemasDirectory
                        .appendingPathComponent("evidence-log.xsd"))
                    let issues = schema.validate(try XMLDocument(string: text, name: url.lastPathComponent))
                    if let issue = issues.first { throw WorkbenchError("the XML log does not validate: \(issue)") }
                }
                try Data(text.utf8).write(to: staging)
            case .csv, .json:
                try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
                for table in log.tables() {
                    try Data(CSVFile.text([table.header] + table.rows).utf8)
                        .write(to: staging.appendingPathComponent("\(table.name).csv"))
                    written.append("\(table.name).csv")
                }
                if format == .json {
                    try Data(try log.dataPackage().utf8).write(to: staging.appendingPathComponent("datapackage.json"))
                    written.insert("datapackage.json", at: 0)
                }
            }
        }
        return written.isEmpty ? [url] : written.map { url.appendingPathComponent($0) }
    }
}

/// Framework charts made during one evidence log, by framework reference, with the keys of their
/// automatic codings: charting a large corpus once instead of once per piece of evidence.
final class ChartCache {
    private var charts: [String: (FrameworkChart, Set<String>)] = [:]

    func value(_ framework: String, _ make: () throws -> (FrameworkChart, Set<String>)) rethrows
        -> (FrameworkChart, Set<String>) {
        if let known = charts[framework] { return known }
        let made = try make()
        charts[framework] = made
        return made
    }
}
