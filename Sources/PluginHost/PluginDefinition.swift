public import WorkbenchKit

/// The content of a plugin, whatever its kind, as one encodable value.
public enum PluginDefinition: Sendable, Encodable {
    case questionnaire(Questionnaire)
    case maturityMatrix(MaturityMatrix)
    case observationSchedule(ObservationSchedule)
    case codingFramework(CodingFramework)
    case intervention(Intervention)
    case cycleTemplate(CycleTemplate)
    /// A plugin whose object does not adopt the protocol its descriptor's kind names.
    case unavailable

    /// The definition `plugin` carries, found through the protocol of its kind.
    public init(_ plugin: any WorkbenchPlugin) {
        switch plugin {
        case let plugin as any QuestionnairePlugin: self = .questionnaire(plugin.questionnaire)
        case let plugin as any MaturityMatrixPlugin: self = .maturityMatrix(plugin.matrix)
        case let plugin as any ObservationSchedulePlugin: self = .observationSchedule(plugin.schedule)
        case let plugin as any CodingFrameworkPlugin: self = .codingFramework(plugin.framework)
        case let plugin as any InterventionPlugin: self = .intervention(plugin.intervention)
        case let plugin as any CycleTemplatePlugin: self = .cycleTemplate(plugin.template)
        default: self = .unavailable
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .questionnaire(let value): try value.encode(to: encoder)
        case .maturityMatrix(let value): try value.encode(to: encoder)
        case .observationSchedule(let value): try value.encode(to: encoder)
        case .codingFramework(let value): try value.encode(to: encoder)
        case .intervention(let value): try value.encode(to: encoder)
        case .cycleTemplate(let value): try value.encode(to: encoder)
        case .unavailable:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        }
    }
}
