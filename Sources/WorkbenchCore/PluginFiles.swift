public import Foundation
public import PluginHost
public import WorkbenchKit
public import XMLKit

/// What checking one plugin file found: its problems at their lines, and what it would do in a project.
public struct PluginFileCheck: Sendable {
    /// Schema and loader problems, each at its line and column.
    public var issues: [XMLIssue]
    /// The plugin the file defines, when it loads.
    public var plugin: PluginDescriptor?
    /// The questionnaire or matrix it defines (for a preview).
    public var questionnaire: Questionnaire?
    public var matrix: MaturityMatrix?
    /// Refusals that are not at a line: an id that takes a built-in's without a higher version.
    public var problems: [String]
    /// Worth knowing but allowed: it replaces a built-in plugin.
    public var notes: [String]
    /// A text pack (item wording for a questionnaire) rather than a plugin.
    public var isTextPack = false

    public var isValid: Bool { issues.isEmpty && problems.isEmpty && (plugin != nil || isTextPack) }
}

extension PluginCatalogue {
    /// Checks a plugin file as a project would load it: the schema and the loader's rules, then
    /// whether its id collides with a built-in plugin.
    public static func check(fileAt file: URL, builtins: [PluginRegistry.Entry]) -> PluginFileCheck {
        var check = PluginFileCheck(issues: DeclarativePlugins.validate(fileAt: file), plugin: nil, questionnaire: nil,
                                    matrix: nil, problems: [], notes: [])
        guard check.issues.isEmpty else { return check }
        guard case .plugin(let plugin)? = try? DeclarativePlugins.loadContent(fileAt: file) else {
            check.isTextPack = true
            return check
        }
        check.plugin = plugin.descriptor
        check.questionnaire = (plugin as? any QuestionnairePlugin)?.questionnaire
        check.matrix = (plugin as? any MaturityMatrixPlugin)?.matrix
        let reference = plugin.descriptor.reference
        let sameID = builtins.filter { $0.descriptor.id == plugin.descriptor.id }
        let isBuiltinItself = sameID.contains {
            $0.descriptor.reference == reference && (try? Data(contentsOf: $0.file)) == (try? Data(contentsOf: file))
        }
        if let newest = sameID.map(\.descriptor.version).max(), !isBuiltinItself {
            if newest < plugin.descriptor.version {
                check.notes.append("\(reference) shadows the built-in \(plugin.descriptor.id)@\(newest): "
                                   + "projects with this file use it instead")
            } else {
                check.problems.append("\(reference) has the id of the built-in \(plugin.descriptor.id)@\(newest); "
                                      + "give it a higher version than \(newest) to replace it, or another id")
            }
        }
        return check
    }
}
