public import Foundation
public import WorkbenchKit
public import XMLKit

/// Loads plugins written as XML: the root namespace picks the kind, the kind's XSD validates
/// the file, and only a valid file is turned into a WorkbenchKit value.
public enum DeclarativePlugins {
    /// What a declarative file holds: a plugin, or item wording for a questionnaire.
    public enum Content: Sendable {
        case plugin(any WorkbenchPlugin)
        case textPack(TextPack)
    }

    /// The namespace of text packs (item wording supplied separately from an instrument).
    public static let textPackNamespace = "urn:workbench:text-pack:1"

    /// Every problem in a plugin or text-pack file, as `file:line:col` issues; empty when the file is valid.
    public static func validate(fileAt url: URL) -> [XMLIssue] {
        switch read(url) {
        case .success: []
        case .failure(let error): error.issues
        }
    }

    /// Loads a plugin file.
    /// - Throws: ``PluginError`` with code `.invalidDefinition`, naming the first issue and how many follow.
    public static func load(fileAt url: URL) throws(PluginError) -> any WorkbenchPlugin {
        switch try loadContent(fileAt: url) {
        case .plugin(let plugin): return plugin
        case .textPack: throw PluginError(.invalidDefinition, "\(url.path) is a text pack, not a plugin")
        }
    }

    /// Loads a plugin or text-pack file.
    /// - Throws: ``PluginError`` with code `.invalidDefinition`, naming the first issue and how many follow.
    public static func loadContent(fileAt url: URL) throws(PluginError) -> Content {
        switch read(url) {
        case .success(let content):
            return content
        case .failure(let error):
            let first = error.issues.first?.description ?? "\(url.path): invalid plugin"
            let more = error.issues.count > 1
                ? " (and \(error.issues.count - 1) more)" : ""
            throw PluginError(.invalidDefinition, first + more)
        }
    }

    private static func read(_ url: URL) -> Result<Content, XMLError> {
        do throws(XMLError) {
            let document = try XMLDocument(contentsOf: url, limits: XMLLimits(maxBytes: 16 << 20))
            guard let root = document.root else { throw XMLError(file: url.path, "document has no root element") }
            if root.namespace == textPackNamespace && root.name == "textPack" {
                let issues = PluginMessages.plain(try PluginSchemas.textPackSchema().validate(document), in: document)
                if !issues.isEmpty { throw XMLError(issues) }
                let texts = root.children(named: "text").map { ($0.attribute("item")!, $0.normalizedText) }
                return .success(.textPack(TextPack(instrument: root.attribute("instrument")!,
                                                   language: root.attribute("language") ?? "en",
                                                   texts: Dictionary(texts, uniquingKeysWith: { first, _ in first }))))
            }
            guard let namespace = root.namespace, let kind = PluginKind(namespace: namespace),
                  root.name == kind.rootElement else {
                let expected = PluginKind.allCases.map { "<\($0.rootElement) xmlns=\"\($0.namespace)\">" }
                throw XMLError(file: url.path, line: root.line,
                               "<\(root.name)> in namespace '\(root.namespace ?? "")' is not a workbench plugin; "
                               + "expected one of " + expected.joined(separator: ", "))
            }
            let issues = PluginMessages.plain(try PluginSchemas.schema(for: kind).validate(document), in: document)
            if !issues.isEmpty { throw XMLError(issues) }
            return .success(.plugin(try build(kind: kind, root: root, file: url.path)))
        } catch {
            return .failure(error)
        }
    }

    private static func build(kind: PluginKind, root: XMLElement, file: String) throws(XMLError)
        -> any WorkbenchPlugin {
        let reader = DefinitionReader(file: file)
        let descriptor = reader.descriptor(kind: kind, root: root)
        let plugin: any WorkbenchPlugin = switch kind {
        case .maturityMatrix: DeclarativePlugin(descriptor, reader.maturityMatrix(root))
        case .questionnaire: DeclarativePlugin(descriptor, reader.questionnaire(root))
        case .observationSchedule: DeclarativePlugin(descriptor, reader.observationSchedule(root))
        case .codingFramework: DeclarativePlugin(descriptor, reader.codingFramework(root))
        case .intervention: DeclarativePlugin(descriptor, reader.intervention(root))
        case .cycleTemplate: DeclarativePlugin(descriptor, reader.cycleTemplate(root))
        }
        if !reader.issues.isEmpty { throw XMLError(reader.issues) }
        return plugin
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// A plugin read from an XML file: its descriptor and the definition of its kind.
/// It adopts the protocol of its kind through the conditional conformances below.
final class DeclarativePlugin<Definition: Sendable>: WorkbenchPlugin {
    let descriptor: PluginDescriptor
    let definition: Definition

    init(_ descriptor: PluginDescriptor, _ definition: Definition) {
        self.descriptor = descriptor
        self.definition = definition
    }
}

extension DeclarativePlugin: MaturityMatrixPlugin where Definition == MaturityMatrix {
    var matrix: MaturityMatrix { definition }
}

extension DeclarativePlugin: QuestionnairePlugin where Definition == Questionnaire {
    var questionnaire: Questionnaire { definition }
}

extension DeclarativePlugin: ObservationSchedulePlugin where Definition == ObservationSchedule {
    var schedule: ObservationSchedule { definition }
}

extension DeclarativePlugin: CodingFrameworkPlugin where Definition == CodingFramework {
    var framework: CodingFramework { definition }
}

extension DeclarativePlugin: InterventionPlugin where Definition == Intervention {
    var intervention: Intervention { definition }
}

extension DeclarativePlugin: CycleTemplatePlugin where Definition == CycleTemplate {
    var template: CycleTemplate { definition }
}
