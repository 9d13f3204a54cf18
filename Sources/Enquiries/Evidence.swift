/// The kinds of evidence a cycle can link.
public enum EvidenceKind: String, Sendable, Hashable, Codable, CaseIterable {
    case comparison, audit, measures, theme, observation, document, note
}

/// What a piece of evidence refers to. Evidence keeps references, never copied figures: its
/// figures are computed from the project's data each time they are read.
public enum EvidenceDetail: Sendable, Hashable {
    /// An instrument's before/after comparison.
    case comparison(instrument: String, from: String, to: String)
    /// A maturity-matrix audit's change between two occasions.
    case audit(matrix: String, from: String, to: String)
    /// A measurement file (`participant,occasion,measure,value`) kept in the project, one measure
    /// of it, two occasions and the months between them (for a gain per month).
    case measures(file: String, measure: String, from: String, to: String, months: Double?)
    /// A framework theme with its summaries and passages.
    case theme(framework: String, theme: String)
    /// Observation notes.
    case observation(text: String)
    /// A document kept in the project.
    case document(file: String)
    /// A note.
    case note(text: String)

    public var kind: EvidenceKind {
        switch self {
        case .comparison: .comparison
        case .audit: .audit
        case .measures: .measures
        case .theme: .theme
        case .observation: .observation
        case .document: .document
        case .note: .note
        }
    }

    /// Builds the detail of a kind from named fields (`instrument`, `from`, `to`, `matrix`, `file`,
    /// `measure`, `months`, `framework`, `theme`, `text`), as a form or the command line gives them.
    /// - Throws: ``EnquiryError`` naming the first missing field, or a months value that is not a number.
    public init(kind: EvidenceKind, fields: [String: String]) throws(EnquiryError) {
        func need(_ name: String) throws(EnquiryError) -> String {
            guard let value = fields[name], !value.isEmpty else {
                throw EnquiryError("\(kind.rawValue) evidence needs \(Self.nouns[name] ?? name)", missingField: name)
            }
            return value
        }
        switch kind {
        case .comparison: self = .comparison(instrument: try need("instrument"), from: try need("from"), to: try need("to"))
        case .audit: self = .audit(matrix: try need("matrix"), from: try need("from"), to: try need("to"))
        case .measures:
            var months: Double?
            if let text = fields["months"], !text.isEmpty {
                guard let value = Double(text), value > 0 else {
                    throw EnquiryError("months must be a positive number (got '\(text)')")
                }
                months = value
            }
            self = .measures(file: try need("file"), measure: try need("measure"), from: try need("from"),
                             to: try need("to"), months: months)
        case .theme: self = .theme(framework: try need("framework"), theme: try need("theme"))
        case .observation: self = .observation(text: try need("text"))
        case .document: self = .document(file: try need("file"))
        case .note: self = .note(text: try need("text"))
        }
    }

    /// What each field is, in a sentence.
    static let nouns = [
        "instrument": "the questionnaire", "matrix": "the maturity matrix", "from": "the earlier occasion",
        "to": "the later occasion", "file": "the file", "measure": "the measure", "framework": "the coding framework",
        "theme": "the theme", "text": "its text",
    ]

    /// The named fields, as stored.
    public var fields: [String: String] {
        switch self {
        case let .comparison(instrument, from, to): ["instrument": instrument, "from": from, "to": to]
        case let .audit(matrix, from, to): ["matrix": matrix, "from": from, "to": to]
        case let .measures(file, measure, from, to, months):
            ["file": file, "measure": measure, "from": from, "to": to].merging(
                months.map { ["months": Self.text(ofMonths: $0)] } ?? [:]) { first, _ in first }
        case let .theme(framework, theme): ["framework": framework, "theme": theme]
        case let .observation(text), let .note(text): ["text": text]
        case let .document(file): ["file": file]
        }
    }

    /// Months as written: whole numbers without a decimal point.
    static func text(ofMonths months: Double) -> String {
        months.rounded() == months ? String(Int(months)) : String(months)
    }

    /// The text of an observation or a note.
    public var text: String? {
        switch self {
        case let .observation(text), let .note(text): text
        default: nil
        }
    }
}
