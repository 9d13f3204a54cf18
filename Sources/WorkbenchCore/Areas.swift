public import ProjectStore
public import PluginHost
public import WorkbenchKit
import FrameworkAnalysis
import Transcripts

// The application layer by user area: each area is a small type over one open project, with one
// call per user action. Lookups shared by several areas (a framework, a questionnaire, a
// participant…) are the project's own.

/// An area of the application layer on one open project.
protocol ProjectArea: Sendable {
    var project: WorkbenchProject { get }
}

extension ProjectArea {
    var store: ProjectStore { project.store }
    func registry() throws -> PluginRegistry { try project.registry() }
    func forgetRegistry() { project.forgetRegistry() }
    func change<T>(_ action: String, _ summary: String, _ body: () throws -> T) throws -> T {
        try project.change(action, summary, body)
    }

    func framework(_ reference: String) throws -> (PluginDescriptor, CodingFramework) { try project.framework(reference) }
    func questionnaire(_ reference: String) throws -> (PluginDescriptor, Questionnaire) { try project.questionnaire(reference) }
    func matrix(_ reference: String) throws -> (PluginDescriptor, MaturityMatrix) { try project.matrix(reference) }
    func draftFramework() throws -> (PluginDescriptor, CodingFramework) { try project.draftFramework() }
    func sourceRecord(_ name: String) throws -> SourceRecord { try project.sourceRecord(name) }
    func participant(_ pseudonym: String) throws -> Participant { try project.participant(pseudonym) }
    func school(_ name: String) throws -> School { try project.school(name) }
    func cycle(_ id: Int64) throws -> CycleRecord { try project.cycle(id) }
    func enquiry(_ id: Int64) throws -> EnquiryRecord { try project.enquiry(id) }
    func transcript(_ name: String) throws -> Transcript { try project.transcript(name) }
    func pseudonymiser() throws -> Pseudonymiser { try project.pseudonymiser() }

    static var draftFrameworkID: String { WorkbenchProject.draftFrameworkID }
    static func passage(in source: SourceRecord, start: Int?, end: Int?, quote: String?) throws -> (start: Int, end: Int) {
        try WorkbenchProject.passage(in: source, start: start, end: end, quote: quote)
    }
    static func shortQuote(_ text: String) -> String { WorkbenchProject.shortQuote(text) }
    static func attributes(_ pairs: [String]) throws(WorkbenchError) -> [String: String] {
        try WorkbenchProject.attributes(pairs)
    }
    static func required(_ text: String, _ message: String) throws(WorkbenchError) -> String {
        try WorkbenchProject.required(text, message)
    }
    static func themeID(for name: String) -> String { WorkbenchProject.themeID(for: name) }
}

/// Schools and participants.
public struct People: ProjectArea { let project: WorkbenchProject }
/// Questionnaires: answers (imported, entered, corrected), scores, reliability, comparisons, reports.
public struct Instruments: ProjectArea { let project: WorkbenchProject }
/// Maturity-matrix audits: judgements and their summaries over occasions.
public struct Audits: ProjectArea { let project: WorkbenchProject }
/// Transcripts and coding: importing sources, manual and automatic coding, the framework matrix, agreement.
public struct Coding: ProjectArea { let project: WorkbenchProject }
/// The stages of framework analysis: memos, the draft framework, member checks, the outside bucket.
public struct AnalysisStages: ProjectArea { let project: WorkbenchProject }
/// Enquiries and their cycles: criteria, evidence, reflections, peer review and the evidence log.
public struct EnquiryCycles: ProjectArea { let project: WorkbenchProject }
/// Exchange with other programs: REFI-QDA projects and codebooks.
public struct Exchange: ProjectArea { let project: WorkbenchProject }
/// The plugins the project uses: trust, the intervention toolkit, running an intervention.
public struct PluginCatalogue: ProjectArea { let project: WorkbenchProject }
/// The history of changes: listing, undo and redo.
public struct ChangeHistory: ProjectArea { let project: WorkbenchProject }

extension WorkbenchProject {
    /// Schools and participants.
    public var people: People { People(project: self) }
    /// Questionnaires, answers and their scores.
    public var instruments: Instruments { Instruments(project: self) }
    /// Maturity-matrix audits.
    public var audits: Audits { Audits(project: self) }
    /// Transcripts and coding.
    public var coding: Coding { Coding(project: self) }
    /// The stages of framework analysis.
    public var stages: AnalysisStages { AnalysisStages(project: self) }
    /// Enquiries, cycles and the evidence log.
    public var cycles: EnquiryCycles { EnquiryCycles(project: self) }
    /// REFI-QDA exchange.
    public var exchange: Exchange { Exchange(project: self) }
    /// Plugins: trust and the toolkit.
    public var plugins: PluginCatalogue { PluginCatalogue(project: self) }
    /// The history of changes.
    public var history: ChangeHistory { ChangeHistory(project: self) }
}
