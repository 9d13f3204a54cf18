import Foundation
import WorkbenchKit
import XMLKit

/// Turns a schema-valid plugin document into WorkbenchKit values, and checks the co-constraints
/// XSD 1.0 cannot express, recording each as an issue with its line.
final class DefinitionReader {
    private let file: String
    private(set) var issues: [XMLIssue] = []

    init(file: String) { self.file = file }

    private func problem(_ element: XMLElement, _ message: String) {
        issues.append(XMLIssue(severity: .error, file: file, line: element.line, column: 0, message: message))
    }

    func descriptor(kind: PluginKind, root: XMLElement) -> PluginDescriptor {
        let provenance = root.child("provenance")
        return PluginDescriptor(
            id: root.attribute("id")!,
            version: SemanticVersion(root.attribute("version")!)!,
            kind: kind,
            displayName: root.child("name")!.normalizedText,
            authors: root.children(named: "author").map(\.normalizedText),
            licence: root.child("licence")!.normalizedText,
            provenance: Provenance(
                citation: provenance?.child("citation")?.normalizedText,
                source: provenance?.child("source")?.normalizedText,
                textIncluded: provenance?.attribute("textIncluded").map(isTrue) ?? true))
    }

    func maturityMatrix(_ root: XMLElement) -> MaturityMatrix {
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
        return MaturityMatrix(levels: levels, dimensions: dimensions)
    }

    func responseScale(_ element: XMLElement) -> ResponseScale {
        let scale = ResponseScale(
            id: element.attribute("id")!,
            kind: element.attribute("kind").flatMap(ResponseScale.Kind.init(rawValue:)) ?? .ordinal,
            min: element.attribute("min").flatMap(Double.init),
            max: element.attribute("max").flatMap(Double.init),
            options: element.children(named: "option").map { option in
                ResponseScale.Option(code: option.attribute("code")!, label: option.attribute("label")!,
                                     score: option.attribute("missing").map(isTrue) == true
                                        ? nil : option.attribute("score").flatMap(Double.init))
            })
        if let min = scale.min, let max = scale.max, min >= max {
            problem(element, "scale '\(scale.id)': min (\(min)) must be below max (\(max))")
        }
        for (option, optionElement) in zip(scale.options, element.children(named: "option")) {
            guard let score = option.score else { continue }
            if let min = scale.min, let max = scale.max, score < min || score > max {
                problem(optionElement, "option '\(option.code)' of scale '\(scale.id)' scores \(score), "
                        + "outside the scale's range \(min)–\(max)")
            }
        }
        return scale
    }

    func questionnaire(_ root: XMLElement) -> Questionnaire {
        let scales = root.children(named: "scale").map(responseScale)
        let scalesByID = Dictionary(scales.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let items = root.children(named: "item").map { item in
            Questionnaire.Item(
                id: item.attribute("id")!, scale: item.attribute("scale")!,
                text: Dictionary(item.children(named: "text").map { ($0.attribute("lang") ?? "", $0.normalizedText) },
                                 uniquingKeysWith: { first, _ in first }),
                required: item.attribute("required").map(isTrue) ?? false,
                condition: item.child("showIf").map {
                    Questionnaire.Condition(item: $0.attribute("item")!,
                                            op: Questionnaire.Condition.Operator(rawValue: $0.attribute("op") ?? "eq")!,
                                            value: $0.attribute("value"))
                })
        }
        let itemScale = Dictionary(items.map { ($0.id, scalesByID[$0.scale]) }, uniquingKeysWith: { first, _ in first })
        let scoring = root.child("scoring")

        func keys(_ element: XMLElement, owner: String) -> [Questionnaire.ItemKey] {
            element.children(named: "itemRef").map { reference in
                let key = Questionnaire.ItemKey(item: reference.attribute("ref")!,
                                                reverse: reference.attribute("reverse").map(isTrue) ?? false)
                if key.reverse, let scale = itemScale[key.item] ?? nil {
                    if scale.kind == .nominal {
                        problem(reference, "\(owner): item '\(key.item)' is reverse keyed but its scale "
                                + "'\(scale.id)' is nominal; only ordinal or numeric scales can be reversed")
                    } else if scale.min == nil || scale.max == nil {
                        problem(reference, "\(owner): item '\(key.item)' is reverse keyed but its scale "
                                + "'\(scale.id)' declares no min and max")
                    }
                }
                return key
            }
        }

        func minimum(_ element: XMLElement, owner: String, count: Int) -> Questionnaire.MinimumAnswered {
            let text = element.attribute("minAnswered")!
            let rule: Questionnaire.MinimumAnswered = text.hasSuffix("%")
                ? .proportion(Double(text.dropLast())! / 100) : .count(Int(text)!)
            if rule.required(of: count) > count {
                problem(element, "\(owner): minAnswered is \(text) but it has only \(count) "
                        + (count == 1 ? "entry" : "entries"))
            }
            return rule
        }

        let subscales: [Questionnaire.Subscale] = scoring?.children(named: "subscale").map { element in
            let id = element.attribute("id")!
            let itemKeys = keys(element, owner: "subscale '\(id)'")
            return Questionnaire.Subscale(
                id: id, label: element.attribute("label")!,
                aggregate: Questionnaire.Aggregate(rawValue: element.attribute("aggregate") ?? "mean")!,
                minimumAnswered: minimum(element, owner: "subscale '\(id)'", count: itemKeys.count),
                items: itemKeys)
        } ?? []
        let composites: [Questionnaire.Composite] = scoring?.children(named: "composite").map { element in
            let id = element.attribute("id")!
            let itemKeys = element.child("allItems") != nil
                ? items.map { Questionnaire.ItemKey(item: $0.id) } : keys(element, owner: "composite '\(id)'")
            let parts = element.children(named: "subscaleRef").map { $0.attribute("ref")! }
            return Questionnaire.Composite(
                id: id, label: element.attribute("label")!,
                aggregate: Questionnaire.Aggregate(rawValue: element.attribute("aggregate") ?? "mean")!,
                minimumAnswered: minimum(element, owner: "composite '\(id)'",
                                         count: parts.isEmpty ? itemKeys.count : parts.count),
                items: parts.isEmpty ? itemKeys : [], subscales: parts)
        } ?? []
        let bands: [Questionnaire.Band] = scoring?.children(named: "band").map { element in
            let band = Questionnaire.Band(score: element.attribute("score")!, from: Double(element.attribute("from")!)!,
                                          to: Double(element.attribute("to")!)!, label: element.attribute("label")!)
            if band.from > band.to { problem(element, "band '\(band.label)': from \(band.from) is above to \(band.to)") }
            return band
        } ?? []
        let normsElement = root.child("norms")
        let norms: [Questionnaire.Norm] = normsElement?.children(named: "norm").map { element in
            Questionnaire.Norm(score: element.attribute("score")!, mean: Double(element.attribute("mean")!)!,
                               sd: Double(element.attribute("sd")!)!, alpha: element.attribute("alpha").flatMap(Double.init),
                               source: normsElement?.attribute("source"))
        } ?? []
        return Questionnaire(scales: scales, items: items, subscales: subscales, composites: composites,
                             bands: bands, norms: norms)
    }

    func observationSchedule(_ root: XMLElement) -> ObservationSchedule {
        let sections = root.children(named: "section").map { section in
            ObservationSchedule.Section(id: section.attribute("id")!, name: section.attribute("name")!,
                                        criteria: section.children.map {
                ObservationSchedule.Criterion(id: $0.attribute("id")!, text: $0.normalizedText)
            })
        }
        return ObservationSchedule(ratingScale: root.child("ratingScale").map(responseScale), sections: sections)
    }

    func codingFramework(_ root: XMLElement) -> CodingFramework {
        func theme(_ element: XMLElement) -> CodingFramework.Theme {
            for pattern in element.children(named: "pattern") {
                do {
                    _ = try Regex(pattern.text)
                } catch {
                    problem(pattern, "theme '\(element.attribute("id")!)': pattern '\(pattern.text)' is not a valid "
                            + "regular expression (\(error))")
                }
            }
            let codable = element.attribute("codable").map { $0 == "true" || $0 == "1" } ?? true
            if !codable, let indicator = element.children.first(where: { ["keyword", "pattern", "speaker"].contains($0.name) }) {
                problem(indicator, "theme '\(element.attribute("id")!)' is a folder (codable=\"false\"), so it cannot "
                        + "have auto-coding indicators; give them to one of its themes")
            }
            return CodingFramework.Theme(
                id: element.attribute("id")!, name: element.attribute("name")!,
                definition: element.child("definition")?.normalizedText,
                inclusion: element.child("include")?.normalizedText,
                exclusion: element.child("exclude")?.normalizedText,
                indicators: CodingFramework.Indicators(
                    keywords: element.children(named: "keyword").map(\.normalizedText),
                    patterns: element.children(named: "pattern").map(\.text),
                    speakers: element.children(named: "speaker").map(\.normalizedText)),
                related: element.children(named: "related").map { $0.attribute("ref")! },
                colour: element.attribute("colour"),
                isCodable: codable,
                children: element.children(named: "theme").map(theme))
        }
        return CodingFramework(themes: root.children(named: "theme").map(theme))
    }

    func intervention(_ root: XMLElement) -> Intervention {
        Intervention(summary: root.child("summary")!.normalizedText,
                     strands: root.children(named: "strand").map { $0.attribute("ref")! },
                     suggestedMeasures: root.children(named: "measure").map(\.normalizedText))
    }

    func cycleTemplate(_ root: XMLElement) -> CycleTemplate {
        CycleTemplate(steps: root.children(named: "step").map {
            CycleTemplate.Step(id: $0.attribute("id")!, name: $0.attribute("name")!,
                               artefacts: $0.children.map(\.normalizedText))
        })
    }

    private func isTrue(_ value: String) -> Bool { value == "true" || value == "1" }
}
