/// A response scale shared by questionnaire items.
public struct ResponseScale: Hashable, Codable, Sendable {
    public var id: String
    public var options: [Option]

    public init(id: String, options: [Option]) {
        self.id = id
        self.options = options
    }

    /// One answer option: the stored code, its label and the score it contributes.
    public struct Option: Hashable, Codable, Sendable {
        public var code: String
        public var label: String
        /// The score used in scoring; nil for a missing-value code ("prefer not to say").
        public var score: Double?

        public init(code: String, label: String, score: Double?) {
            self.code = code
            self.label = label
            self.score = score
        }
    }
}

/// A questionnaire: items answered on response scales. Scoring rules arrive with the instruments work.
public struct Questionnaire: Hashable, Codable, Sendable {
    public var scales: [ResponseScale]
    public var items: [Item]

    public init(scales: [ResponseScale], items: [Item]) {
        self.scales = scales
        self.items = items
    }

    /// One question with a stable id that is never renumbered.
    public struct Item: Hashable, Codable, Sendable {
        public var id: String
        public var scale: String
        /// The wording, or nil when the plugin does not include it (a licensed text pack supplies it).
        public var text: String?

        public init(id: String, scale: String, text: String?) {
            self.id = id
            self.scale = scale
            self.text = text
        }
    }
}

/// An observation schedule: sections of criteria, each with free-text evidence.
public struct ObservationSchedule: Hashable, Codable, Sendable {
    public var sections: [Section]

    public init(sections: [Section]) { self.sections = sections }

    public struct Section: Hashable, Codable, Sendable {
        public var id: String
        public var name: String
        public var criteria: [Criterion]

        public init(id: String, name: String, criteria: [Criterion]) {
            self.id = id
            self.name = name
            self.criteria = criteria
        }
    }

    public struct Criterion: Hashable, Codable, Sendable {
        public var id: String
        public var text: String

        public init(id: String, text: String) {
            self.id = id
            self.text = text
        }
    }
}

/// A coding framework: a hierarchy of themes used to index qualitative data.
public struct CodingFramework: Hashable, Codable, Sendable {
    public var themes: [Theme]

    public init(themes: [Theme]) { self.themes = themes }

    public struct Theme: Hashable, Codable, Sendable {
        public var id: String
        public var name: String
        public var definition: String?
        public var children: [Theme]

        public init(id: String, name: String, definition: String? = nil, children: [Theme] = []) {
            self.id = id
            self.name = name
            self.definition = definition
            self.children = children
        }
    }
}

/// A candidate intervention from the toolkit.
public struct Intervention: Hashable, Codable, Sendable {
    public var summary: String
    /// Ids of the maturity-matrix strands the intervention serves.
    public var strands: [String]
    /// Measures that would show its effect (e.g. "reading age (months)").
    public var suggestedMeasures: [String]

    public init(summary: String, strands: [String] = [], suggestedMeasures: [String] = []) {
        self.summary = summary
        self.strands = strands
        self.suggestedMeasures = suggestedMeasures
    }
}

/// A cycle template: the ordered steps of an enquiry cycle and the artefacts each expects.
public struct CycleTemplate: Hashable, Codable, Sendable {
    public var steps: [Step]

    public init(steps: [Step]) { self.steps = steps }

    public struct Step: Hashable, Codable, Sendable {
        public var id: String
        public var name: String
        public var artefacts: [String]

        public init(id: String, name: String, artefacts: [String] = []) {
            self.id = id
            self.name = name
            self.artefacts = artefacts
        }
    }
}

/// One measurement of one participant on one occasion, e.g. a reading age in months.
public struct MeasureSample: Hashable, Codable, Sendable {
    public var participant: String
    public var occasion: String
    public var measure: String
    public var value: Double

    public init(participant: String, occasion: String, measure: String, value: Double) {
        self.participant = participant
        self.occasion = occasion
        self.measure = measure
        self.value = value
    }
}

/// What an intervention plugin is asked to evaluate.
public struct ImpactRequest: Hashable, Codable, Sendable {
    public var samples: [MeasureSample]
    public var baseline: String
    public var followUp: String
    /// How long the intervention ran between the two occasions, in months.
    public var durationMonths: Double

    public init(samples: [MeasureSample], baseline: String, followUp: String, durationMonths: Double) {
        self.samples = samples
        self.baseline = baseline
        self.followUp = followUp
        self.durationMonths = durationMonths
    }
}

/// One figure an intervention plugin reports, with enough context to print it honestly.
public struct ImpactFigure: Hashable, Codable, Sendable {
    public var label: String
    public var value: Double
    public var unit: String
    /// How many participants the figure rests on.
    public var n: Int

    public init(label: String, value: Double, unit: String, n: Int) {
        self.label = label
        self.value = value
        self.unit = unit
        self.n = n
    }
}
