/// A response scale shared by questionnaire items.
public struct ResponseScale: Hashable, Codable, Sendable {
    /// How scores on the scale may be used: reverse keying needs an ordinal or numeric scale.
    public enum Kind: String, Hashable, Codable, Sendable {
        case ordinal, nominal, numeric
    }

    public var id: String
    public var kind: Kind
    /// The lowest and highest score, used for reverse keying (min + max − score).
    public var min: Double?
    public var max: Double?
    public var options: [Option]

    public init(id: String, kind: Kind = .ordinal, min: Double? = nil, max: Double? = nil, options: [Option]) {
        self.id = id
        self.kind = kind
        self.min = min
        self.max = max
        self.options = options
    }

    /// The option stored under `code`, if any.
    public func option(code: String) -> Option? { options.first { $0.code == code } }

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

/// A questionnaire: items answered on response scales, and how they are scored.
public struct Questionnaire: Hashable, Codable, Sendable {
    public var scales: [ResponseScale]
    public var items: [Item]
    public var subscales: [Subscale]
    public var composites: [Composite]
    public var bands: [Band]
    public var norms: [Norm]

    public init(scales: [ResponseScale], items: [Item], subscales: [Subscale] = [], composites: [Composite] = [],
                bands: [Band] = [], norms: [Norm] = []) {
        self.scales = scales
        self.items = items
        self.subscales = subscales
        self.composites = composites
        self.bands = bands
        self.norms = norms
    }

    /// The scale an item is answered on.
    public func scale(of item: Item) -> ResponseScale? { scales.first { $0.id == item.scale } }

    /// One question with a stable id that is never renumbered.
    public struct Item: Hashable, Codable, Sendable {
        public var id: String
        public var scale: String
        /// Wording by language tag ("" when no language is given); empty when the plugin does not
        /// include the wording (a licensed text pack supplies it).
        public var text: [String: String]
        public var required: Bool
        /// Ask the item only when this holds; otherwise it is not applicable (missing).
        public var condition: Condition?

        public init(id: String, scale: String, text: [String: String] = [:], required: Bool = false,
                    condition: Condition? = nil) {
            self.id = id
            self.scale = scale
            self.text = text
            self.required = required
            self.condition = condition
        }

        /// The wording in `language` if present, else in any language, else nil.
        public func wording(language: String = "en") -> String? {
            text[language] ?? text[""] ?? text.sorted { $0.key < $1.key }.first?.value
        }
    }

    /// A display condition on an earlier answer (like FHIR `enableWhen`).
    public struct Condition: Hashable, Codable, Sendable {
        public enum Operator: String, Hashable, Codable, Sendable {
            case equals = "eq", notEquals = "ne", answered
        }

        public var item: String
        public var op: Operator
        public var value: String?

        public init(item: String, op: Operator, value: String? = nil) {
            self.item = item
            self.op = op
            self.value = value
        }
    }

    /// How item scores combine.
    public enum Aggregate: String, Hashable, Codable, Sendable {
        case mean, sum
    }

    /// How many items must be answered for a score to exist.
    public enum MinimumAnswered: Hashable, Codable, Sendable, CustomStringConvertible {
        case count(Int)
        /// A share of the items, 0 < p ≤ 1 (e.g. 0.75).
        case proportion(Double)

        /// The number of answered items required out of `total`.
        public func required(of total: Int) -> Int {
            switch self {
            case .count(let count): count
            case .proportion(let share): Int((share * Double(total) - 1e-9).rounded(.up))
            }
        }

        public var description: String {
            switch self {
            case .count(let count): "\(count)"
            case .proportion(let share): "\(share * 100)%"
            }
        }
    }

    /// An item in a score, possibly reverse keyed (min + max − score).
    public struct ItemKey: Hashable, Codable, Sendable {
        public var item: String
        public var reverse: Bool

        public init(item: String, reverse: Bool = false) {
            self.item = item
            self.reverse = reverse
        }
    }

    /// A score over a set of items.
    public struct Subscale: Hashable, Codable, Sendable {
        public var id: String
        public var label: String
        public var aggregate: Aggregate
        public var minimumAnswered: MinimumAnswered
        public var items: [ItemKey]

        public init(id: String, label: String, aggregate: Aggregate = .mean, minimumAnswered: MinimumAnswered,
                    items: [ItemKey]) {
            self.id = id
            self.label = label
            self.aggregate = aggregate
            self.minimumAnswered = minimumAnswered
            self.items = items
        }
    }

    /// A score over items (e.g. every item) or over subscale scores.
    public struct Composite: Hashable, Codable, Sendable {
        public var id: String
        public var label: String
        public var aggregate: Aggregate
        public var minimumAnswered: MinimumAnswered
        /// Items scored directly; empty when the composite combines ``subscales``.
        public var items: [ItemKey]
        /// Subscale ids whose scores are combined; empty when the composite scores ``items``.
        public var subscales: [String]

        public init(id: String, label: String, aggregate: Aggregate = .mean, minimumAnswered: MinimumAnswered,
                    items: [ItemKey] = [], subscales: [String] = []) {
            self.id = id
            self.label = label
            self.aggregate = aggregate
            self.minimumAnswered = minimumAnswered
            self.items = items
            self.subscales = subscales
        }
    }

    /// A labelled range of a score (e.g. "low" for 1–4.99).
    public struct Band: Hashable, Codable, Sendable {
        public var score: String
        public var from: Double
        public var to: Double
        public var label: String

        public init(score: String, from: Double, to: Double, label: String) {
            self.score = score
            self.from = from
            self.to = to
            self.label = label
        }
    }

    /// Published norms for a score: mean, SD and reliability in a reference sample.
    public struct Norm: Hashable, Codable, Sendable {
        public var score: String
        public var mean: Double
        public var sd: Double
        public var alpha: Double?
        public var source: String?

        public init(score: String, mean: Double, sd: Double, alpha: Double? = nil, source: String? = nil) {
            self.score = score
            self.mean = mean
            self.sd = sd
            self.alpha = alpha
            self.source = source
        }
    }
}

/// Item wording supplied separately from an instrument (for instruments whose text may not be
/// redistributed): keyed by item id, for one instrument id.
public struct TextPack: Hashable, Codable, Sendable {
    public var instrument: String
    public var language: String
    public var texts: [String: String]

    public init(instrument: String, language: String, texts: [String: String]) {
        self.instrument = instrument
        self.language = language
        self.texts = texts
    }
}

/// An observation schedule: sections of criteria, each with free-text evidence and, optionally,
/// a rating on the schedule's scale.
public struct ObservationSchedule: Hashable, Codable, Sendable {
    public var ratingScale: ResponseScale?
    public var sections: [Section]

    public init(ratingScale: ResponseScale? = nil, sections: [Section]) {
        self.ratingScale = ratingScale
        self.sections = sections
    }

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

    /// Every theme, depth first, with the path of ids from the top (e.g. ["change", "change.pupils"]).
    public var allThemes: [(theme: Theme, path: [String])] {
        func walk(_ themes: [Theme], _ path: [String]) -> [(Theme, [String])] {
            themes.flatMap { theme in [(theme, path + [theme.id])] + walk(theme.children, path + [theme.id]) }
        }
        return walk(themes, [])
    }

    /// A theme: what it means, when to use it and not, and optional indicators for auto-coding.
    public struct Theme: Hashable, Codable, Sendable {
        public var id: String
        public var name: String
        public var definition: String?
        /// When to code a passage with this theme.
        public var inclusion: String?
        /// When not to, and which theme to use instead.
        public var exclusion: String?
        public var indicators: Indicators
        /// Ids of related themes elsewhere in the framework.
        public var related: [String]
        /// A display colour, `#RRGGBB` or `#RGB`, as QDA tools show codes.
        public var colour: String?
        /// False for a folder that only groups its children: passages are coded with the children.
        public var isCodable: Bool
        public var children: [Theme]

        public init(id: String, name: String, definition: String? = nil, inclusion: String? = nil,
                    exclusion: String? = nil, indicators: Indicators = Indicators(), related: [String] = [],
                    colour: String? = nil, isCodable: Bool = true, children: [Theme] = []) {
            self.id = id
            self.name = name
            self.colour = colour
            self.isCodable = isCodable
            self.definition = definition
            self.inclusion = inclusion
            self.exclusion = exclusion
            self.indicators = indicators
            self.related = related
            self.children = children
        }
    }

    /// What auto-coding looks for: keywords and phrases (case-insensitive, whole words), regular
    /// expressions, and speaker rules (a turn by a matching speaker is coded whole).
    public struct Indicators: Hashable, Codable, Sendable {
        public var keywords: [String]
        public var patterns: [String]
        /// Speaker names; a trailing `*` matches any ending (e.g. "Trainee*").
        public var speakers: [String]

        public init(keywords: [String] = [], patterns: [String] = [], speakers: [String] = []) {
            self.keywords = keywords
            self.patterns = patterns
            self.speakers = speakers
        }

        public var isEmpty: Bool { keywords.isEmpty && patterns.isEmpty && speakers.isEmpty }
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
