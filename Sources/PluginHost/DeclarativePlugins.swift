public import Foundation
public import WorkbenchKit
public import XMLKit

/// Loads plugins written as XML: the root namespace picks the kind, the kind's XSD validates
/// the file, and only a valid file is turned into a WorkbenchKit value.
public enum DeclarativePlugins {
    /// Every problem in a plugin file, as `file:line:col` issues; empty when the file is valid.
    public static func validate(fileAt url: URL) -> [XMLIssue] {
        switch read(url) {
        case .success: []
        case .failure(let error): error.issues
        }
    }

    /// Loads a plugin file.
    /// - Throws: ``PluginError`` with code `.invalidDefinition`, naming the first issue and how many follow.
    public static func load(fileAt url: URL) throws(PluginError) -> any WorkbenchPlugin {
        switch read(url) {
        case .success(let plugin):
            return plugin
        case .failure(let error):
            let first = error.issues.first?.description ?? "\(url.path): invalid plugin"
            let more = error.issues.count > 1
                ? " (and \(error.issues.count - 1) more; run `workbench plugins validate \(url.path)`)" : ""
            throw PluginError(.invalidDefinition, first + more)
        }
    }

    private static func read(_ url: URL) -> Result<any WorkbenchPlugin, XMLError> {
        do throws(XMLError) {
            let document = try XMLDocument(contentsOf: url, limits: XMLLimits(maxBytes: 16 << 20))
            guard let root = document.root else { throw XMLError(file: url.path, "document has no root element") }
            guard let namespace = root.namespace, let kind = PluginKind(namespace: namespace),
                  root.name == kind.rootElement else {
                let expected = PluginKind.allCases.map { "<\($0.rootElement) xmlns=\"\($0.namespace)\">" }
                throw XMLError(file: url.path, line: root.line,
                               "<\(root.name)> in namespace '\(root.namespace ?? "")' is not a workbench plugin; "
                               + "expected one of " + expected.joined(separator: ", "))
            }
            let issues = try PluginSchemas.schema(for: kind).validate(document)
            if !issues.isEmpty { throw XMLError(issues) }
            return .success(build(kind: kind, root: root))
        } catch {
            return .failure(error)
        }
    }

    private static func build(kind: PluginKind, root: XMLElement) -> any WorkbenchPlugin {
        let provenance = root.child("provenance")
        let descriptor = PluginDescriptor(
            id: root.attribute("id")!,
            version: SemanticVersion(root.attribute("version")!)!,
            kind: kind,
            displayName: root.child("name")!.normalizedText,
            authors: root.children(named: "author").map(\.normalizedText),
            licence: root.child("licence")!.normalizedText,
            provenance: Provenance(
                citation: provenance?.child("citation")?.normalizedText,
                source: provenance?.child("source")?.normalizedText,
                textIncluded: provenance?.attribute("textIncluded").map { $0 == "true" || $0 == "1" } ?? true))
        switch kind {
        case .maturityMatrix:
            let levels = root.child("levels")!.children.map {
                MaturityMatrix.Level(id: $0.attribute("id")!, rank: Int($0.attribute("rank")!)!,
                                     label: $0.attribute("label")!, summary: $0.normalizedText.nilIfEmpty)
            }.sorted { $0.rank < $1.rank }
            let dimensions = root.children(named: "dimension").map { dimension in
                MaturityMatrix.Dimension(id: dimension.attribute("id")!, name: dimension.attribute("name")!,
                                         strands: dimension.children.map { strand in
                    MaturityMatrix.Strand(id: strand.attribute("id")!, name: strand.attribute("name")!,
                                          descriptors: Dictionary(strand.children.map {
                                              ($0.attribute("level")!, $0.normalizedText)
                                          }, uniquingKeysWith: { first, _ in first }))
                })
            }
            return DeclarativePlugin(descriptor, MaturityMatrix(levels: levels, dimensions: dimensions))
        case .questionnaire:
            let scales = root.children(named: "scale").map { scale in
                ResponseScale(id: scale.attribute("id")!, options: scale.children.map { option in
                    let missing = option.attribute("missing") == "true" || option.attribute("missing") == "1"
                    return ResponseScale.Option(code: option.attribute("code")!, label: option.attribute("label")!,
                                                score: missing ? nil : option.attribute("score").flatMap(Double.init))
                })
            }
            let items = root.children(named: "item").map {
                Questionnaire.Item(id: $0.attribute("id")!, scale: $0.attribute("scale")!, text: $0.normalizedText.nilIfEmpty)
            }
            return DeclarativePlugin(descriptor, Questionnaire(scales: scales, items: items))
        case .observationSchedule:
            let sections = root.children(named: "section").map { section in
                ObservationSchedule.Section(id: section.attribute("id")!, name: section.attribute("name")!,
                                            criteria: section.children.map {
                    ObservationSchedule.Criterion(id: $0.attribute("id")!, text: $0.normalizedText)
                })
            }
            return DeclarativePlugin(descriptor, ObservationSchedule(sections: sections))
        case .codingFramework:
            func theme(_ element: XMLElement) -> CodingFramework.Theme {
                CodingFramework.Theme(id: element.attribute("id")!, name: element.attribute("name")!,
                                      definition: element.child("definition")?.normalizedText,
                                      children: element.children(named: "theme").map(theme))
            }
            return DeclarativePlugin(descriptor,
                                              CodingFramework(themes: root.children(named: "theme").map(theme)))
        case .intervention:
            let intervention = Intervention(summary: root.child("summary")!.normalizedText,
                                            strands: root.children(named: "strand").map { $0.attribute("ref")! },
                                            suggestedMeasures: root.children(named: "measure").map(\.normalizedText))
            return DeclarativePlugin(descriptor, intervention)
        case .cycleTemplate:
            let steps = root.children(named: "step").map {
                CycleTemplate.Step(id: $0.attribute("id")!, name: $0.attribute("name")!,
                                   artefacts: $0.children.map(\.normalizedText))
            }
            return DeclarativePlugin(descriptor, CycleTemplate(steps: steps))
        }
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
