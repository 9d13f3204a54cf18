/// The base of every plugin, declarative or compiled.
///
/// Conformers are classes (`AnyObject`) so a compiled plugin can cross the C boundary as an
/// opaque retained pointer, and `Sendable` so the host can use them from any task.
/// A plugin is immutable after creation.
///
/// New requirements are only ever added with a default implementation.
public protocol WorkbenchPlugin: AnyObject, Sendable {
    /// Who the plugin is: id, version, kind, authors, licence, provenance.
    var descriptor: PluginDescriptor { get }
}

/// A questionnaire instrument.
public protocol QuestionnairePlugin: WorkbenchPlugin {
    var questionnaire: Questionnaire { get }
}

/// A maturity-matrix audit.
public protocol MaturityMatrixPlugin: WorkbenchPlugin {
    var matrix: MaturityMatrix { get }
}

/// A lesson-observation schedule.
public protocol ObservationSchedulePlugin: WorkbenchPlugin {
    var schedule: ObservationSchedule { get }
}

/// A coding framework for framework analysis.
public protocol CodingFrameworkPlugin: WorkbenchPlugin {
    var framework: CodingFramework { get }
}

/// A candidate intervention, optionally with code that turns measurements into impact figures.
public protocol InterventionPlugin: WorkbenchPlugin {
    var intervention: Intervention { get }

    /// Computes impact figures from measurements; the default reports none.
    /// - Throws: an error describing what is missing or wrong in the request.
    func impact(of request: ImpactRequest) throws -> [ImpactFigure]
}

/// An enquiry-cycle template.
public protocol CycleTemplatePlugin: WorkbenchPlugin {
    var template: CycleTemplate { get }
}

// MARK: - Default implementations

extension InterventionPlugin {
    public func impact(of request: ImpactRequest) throws -> [ImpactFigure] { [] }
}
