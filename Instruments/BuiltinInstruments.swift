public import Foundation
/// Locates the built-in instruments shipped as package resources.
public enum BuiltinInstruments {
    /// The folder holding the XSDs for every plugin kind.
    public static var schemasDirectory: URL { Bundle.module.resourceURL!.appendingPathComponent("Schemas") }
    /// Folders holding built-in plugin definitions.
    public static var pluginDirectories: [URL] { ["MaturityMatrix", "Questionnaires", "ObservationSchedules", "CodingFrameworks", "Interventions",
                                                        "CycleTemplates"].map { Bundle.module.resourceURL!.appendingPathComponent($0) } }
}
