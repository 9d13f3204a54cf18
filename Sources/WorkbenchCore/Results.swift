import Enquiries
import Foundation
public import FrameworkAnalysis
public import PluginHost
public import ProjectStore
public import Scoring
public import Transcripts
public import WorkbenchKit

// The results of the application layer as values: each is the one JSON shape of its listing, for
// the command line's `--format json` and for the web API alike.

/// A participant as listed: real names stay in the project, only how many are kept is shown.
public struct ParticipantView: Sendable, Codable, Hashable {
    public var pseudonym: String
    public var role: String?
    public var school: String?
    public var attributes: [String: String]
    public var realNamesKept: Int
}

/// A transcript source as listed.
public struct SourceView: Sendable, Codable, Hashable {
    public var name: String
    public var kind: String
    public var characters: Int
    public var original: String
}

/// A transcript with its speaker turns.
public struct TranscriptView: Sendable, Encodable {
    public var source: String
    public var turns: [Transcript.Turn]
}

/// A member check as listed.
public struct MemberCheckView: Sendable, Codable, Hashable {
    public var id: Int64
    public var participant: String
    public var date: String
    public var framework: String
    public var by: String
    public var outcome: String
    public var changes: String?
}

/// The draft framework as listed: every theme, active and retired, with its codings.
public struct DraftView: Sendable, Codable, Hashable {
    public struct Theme: Sendable, Codable, Hashable {
        public var id: String
        public var name: String
        public var parent: String?
        public var status: String
        public var replacedBy: [String]
        public var definition: String?
        public var codings: Int
    }

    public var reference: String
    public var themes: [Theme]
}

/// An enquiry with its cycles.
public struct EnquiryView: Sendable, Codable, Hashable {
    public var enquiry: EnquiryRecord
    public var cycles: [CycleRecord]
}

/// A plugin as listed, with its whole definition when shown on its own.
public struct PluginListing: Sendable, Encodable {
    public var id: String
    public var version: String
    public var kind: String
    public var name: String
    public var origin: String
    public var file: String
    public var authors: [String]
    public var licence: String
    public var provenance: Provenance
    public var definition: PluginDefinition?

    public init(_ entry: PluginRegistry.Entry, definition: Bool = false) {
        let descriptor = entry.descriptor
        id = descriptor.id
        version = descriptor.version.description
        kind = descriptor.kind.rawValue
        name = descriptor.displayName
        origin = entry.origin.rawValue
        file = entry.file.path
        authors = descriptor.authors
        licence = descriptor.licence
        provenance = descriptor.provenance
        self.definition = definition ? PluginDefinition(entry.plugin) : nil
    }
}

/// An intervention of the toolkit as listed.
public struct ToolkitEntry: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    public var summary: String
    public var strands: [String]
    public var measures: [String]
}

/// Every participant's scores on one occasion, with the instrument version they answered.
public struct ScoresResult: Sendable, Encodable {
    public struct Participant: Sendable, Encodable {
        public var participant: String
        public var subscales: [String: Double?]
        public var prorated: [String]
        public var bands: [String: String]
    }

    public var instrument: String
    public var occasion: String
    public var participants: [Participant]

    public init(_ report: ScoreReport) {
        instrument = report.instrument.reference
        occasion = report.occasion
        participants = report.cards.map {
            Participant(participant: $0.participant, subscales: $0.scores, prorated: $0.prorated.sorted(), bands: $0.bands)
        }
    }
}

/// Cronbach's α of every score, with the missing-data policy used.
public struct ReliabilityResult: Sendable, Encodable {
    public var missing: String
    public var subscales: [ReliabilityRow]

    public init(missing: String, subscales: [ReliabilityRow]) {
        self.missing = missing
        self.subscales = subscales
    }
}

/// Every score compared between two occasions.
public struct ComparisonResult: Sendable, Encodable {
    public var from: String
    public var to: String
    public var subscales: [ComparisonRow]

    public init(from: String, to: String, subscales: [ComparisonRow]) {
        self.from = from
        self.to = to
        self.subscales = subscales
    }
}

/// A matrix's audit over its occasions, strand by strand.
public struct AuditResult: Sendable, Encodable {
    public struct Strand: Sendable, Encodable {
        public var strand: String
        public var name: String
        public var occasions: [String: StrandResult]
        public var change: Int?
        /// Every judgement of the strand, with its evidence.
        public var judgements: [StrandJudgement]
    }

    public var matrix: String
    public var occasions: [String]
    public var strands: [Strand]

    public init(_ report: AuditReport) {
        matrix = report.matrix.reference
        occasions = report.occasions
        strands = report.definition.strands.map { strand in
            Strand(strand: strand.id, name: strand.name,
                   occasions: Dictionary(uniqueKeysWithValues: report.occasions.compactMap { occasion in
                       report.result(strand: strand.id, occasion: occasion).map { (occasion, $0) }
                   }), change: report.change(strand: strand.id),
                   judgements: report.judgements.filter { $0.strand == strand.id })
        }
    }
}

/// Agreement between coders on a framework's themes.
public struct AgreementResult: Sendable, Encodable {
    public var framework: String
    public var coders: [String]
    public var unit: String
    public var excludeUncoded: Bool
    public var overall: CodingAgreement.Figures
    public var themes: [CodingAgreement.ThemeResult]
}

/// Agreement across all themes (or a spreadsheet's labels), with the units where coders differ.
public struct NominalAgreementResult: Sendable, Encodable {
    /// A unit where coders' labels differ, with its text when it is a stretch of a source.
    public struct Disagreement: Sendable, Encodable {
        public struct Label: Sendable, Encodable {
            public var coder: String
            /// Nil: this coder did not rate the unit.
            public var label: String?
        }

        public var unit: String
        public var source: String?
        public var start: Int?
        public var end: Int?
        public var labels: [Label]
        public var text: String?

        init(unit: NominalAgreement.RatedUnit, coders: [String], text: String?) {
            self.unit = unit.unit
            source = unit.source
            start = unit.start
            end = unit.end
            labels = zip(coders, unit.labels).map { Label(coder: $0, label: $1) }
            self.text = text
        }
    }

    public var framework: String?
    public var file: String?
    /// character, turn, or row (a spreadsheet's).
    public var unit: String
    public var excludeUncoded: Bool
    /// How units were labelled, in plain words.
    public var labelling: String
    public var figures: NominalAgreement
    public var disagreements: [Disagreement]

    init(framework: String? = nil, file: String? = nil, unit: String, excludeUncoded: Bool = false,
         figures: NominalAgreement, labelling: String? = nil, disagreements: [(NominalAgreement.RatedUnit, String?)]) {
        self.framework = framework
        self.file = file
        self.unit = unit
        self.excludeUncoded = excludeUncoded
        self.labelling = labelling ?? figures.treatment
        self.figures = figures
        self.disagreements = disagreements.map { Disagreement(unit: $0.0, coders: figures.coders, text: $0.1) }
    }
}

extension People {
    /// Every school, by name.
    public func schools() throws -> [School] { try store.schools() }

    /// Every participant, by pseudonym.
    public func participants() throws -> [ParticipantView] {
        let schools = Dictionary(uniqueKeysWithValues: try store.schools().map { ($0.id!, $0.name) })
        return try store.participants().map {
            ParticipantView(pseudonym: $0.pseudonym, role: $0.role, school: $0.schoolID.flatMap { schools[$0] },
                            attributes: $0.attributes, realNamesKept: $0.names.count)
        }
    }
}

extension Coding {
    /// Every transcript source, by name.
    public func sources() throws -> [SourceView] {
        try store.sources().map {
            SourceView(name: $0.name, kind: $0.kind, characters: $0.text.codePointCount, original: $0.originalPath)
        }
    }

    /// A transcript with its turns; anonymised on request.
    public func show(_ source: String, anonymise: Bool = false) throws -> TranscriptView {
        TranscriptView(source: source, turns: try project.transcript(source, anonymise: anonymise).turns)
    }

    /// Agreement of `coders` as a result value (see ``agreement(framework:coders:theme:unit:excludeUncoded:)``).
    public func agreementResult(framework reference: String, coders: [String], theme: String? = nil,
                                unit: CodingAgreement.Unit, excludeUncoded: Bool) throws -> AgreementResult {
        let result = try agreement(framework: reference, coders: coders, theme: theme, unit: unit,
                                   excludeUncoded: excludeUncoded)
        return AgreementResult(framework: reference, coders: coders, unit: unit.rawValue, excludeUncoded: excludeUncoded,
                               overall: result.overall, themes: result.themes)
    }
}

extension AnalysisStages {
    /// Every member check, by date.
    public func memberChecks() throws -> [MemberCheckView] {
        try store.memberChecks().map {
            MemberCheckView(id: $0.check.id!, participant: $0.pseudonym, date: $0.check.checkedOn.description,
                            framework: $0.check.framework, by: $0.check.researcher, outcome: $0.check.outcome.rawValue,
                            changes: $0.check.changes)
        }
    }

    /// The draft framework's themes, active and retired, with their codings.
    public func draft() throws -> DraftView {
        let (descriptor, _) = try draftFramework()
        let codings = Dictionary(grouping: try store.codings(framework: descriptor.id), by: \.coding.theme)
        return DraftView(reference: descriptor.reference, themes: try store.draftThemes().map {
            DraftView.Theme(id: $0.id, name: $0.name, parent: $0.parentID, status: $0.status.rawValue,
                            replacedBy: $0.replacedBy, definition: $0.definition, codings: codings[$0.id]?.count ?? 0)
        })
    }
}

extension EnquiryCycles {
    /// Every enquiry with its cycles.
    public func enquiries() throws -> [EnquiryView] {
        let cycles = try store.cycles()
        return try store.enquiries().map { enquiry in
            EnquiryView(enquiry: enquiry, cycles: cycles.filter { $0.enquiryID == enquiry.id })
        }
    }
}

extension PluginCatalogue {
    /// Every plugin the project can use.
    public func list() throws -> [PluginListing] { try registry().entries.map { PluginListing($0) } }

    /// The toolkit's interventions (of one strand), as listed.
    public static func toolkit(in registry: PluginRegistry, strand: String? = nil) throws -> [ToolkitEntry] {
        try interventions(in: registry, strand: strand).map {
            ToolkitEntry(id: $0.descriptor.id, name: $0.descriptor.displayName, summary: $0.intervention.summary,
                         strands: $0.intervention.strands, measures: $0.intervention.suggestedMeasures)
        }
    }
}
