import XMLKit

/// libxml2's schema messages in the words of a plugin author: "item 'i13' is used in subscale 'A'
/// but no item has that id" rather than "No match found for key-sequence ['i13'] of keyref
/// 'itemRefKey'". Messages it does not know pass through unchanged; each problem is kept once.
enum PluginMessages {
    /// What a cross-reference (`xs:keyref`) refers to, by its name in the shipped schemas.
    static let references: [String: String] = [
        "itemRefKey": "item", "conditionItemRef": "item", "itemScaleRef": "scale", "subscaleRefKey": "subscale",
        "bandScoreRef": "subscale or composite", "normScoreRef": "subscale or composite",
        "descriptorLevelRef": "level", "relatedThemeRef": "theme",
    ]

    /// What must be unique (`xs:key`, `xs:unique`), as "two … have …".
    static let uniques: [String: (things: String, field: String)] = [
        "itemKey": ("items", "id"), "scaleKey": ("scales", "id"), "scoreKey": ("subscales or composites", "id"),
        "subscaleKey": ("subscales", "id"), "themeKey": ("themes", "id"), "levelKey": ("levels", "id"),
        "levelRankUnique": ("levels", "rank"), "dimensionIdUnique": ("dimensions", "id"),
        "strandIdUnique": ("strands", "id"), "sectionIdUnique": ("sections", "id"),
        "criterionIdUnique": ("criteria", "id"), "stepIdUnique": ("steps", "id"),
        "optionCodeUnique": ("options of this scale", "code"), "itemOncePerSubscale": ("entries of this score", "item"),
        "oneDescriptorPerLevel": ("descriptors of this strand", "level"), "oneTextPerItem": ("texts", "item"),
    ]

    /// The issues in plain words, each once, in document order.
    static func plain(_ issues: [XMLIssue], in document: XMLDocument) -> [XMLIssue] {
        var seen = Set<String>()
        var result: [XMLIssue] = []
        for issue in issues {
            var issue = issue
            issue.message = plain(issue.message, line: issue.line, root: document.root)
            if seen.insert("\(issue.line):\(issue.column):\(issue.message)").inserted { result.append(issue) }
        }
        return result
    }

    static func plain(_ message: String, line: Int, root: XMLElement?) -> String {
        if let match = message.wholeMatch(of: /Element '([^']+)': No match found for key-sequence \['([^']*)'\] of keyref '([^']+)'\./) {
            let target = references[String(match.3)] ?? "element"
            let place = root.flatMap { self.place(of: String(match.1), line: line, in: $0) } ?? "<\(match.1)>"
            return "\(target) '\(match.2)' is used in \(place) but no \(target) has that id"
        }
        if let match = message.wholeMatch(of: /Element '([^']+)': Duplicate key-sequence \['([^']*)'\] in (?:key|unique) identity-constraint '([^']+)'\./) {
            let (things, field) = uniques[String(match.3)] ?? ("<\(match.1)> elements", "value")
            return "two \(things) have the \(field) '\(match.2)'; each needs its own"
        }
        if let match = message.wholeMatch(of: /Element '([^']+)', attribute '([^']+)': \[facet 'pattern'\] The value '([^']*)' is not accepted by the pattern '(.*)'\./) {
            switch match.2 {
            case "id" where String(match.1) == root?.name:
                return "'\(match.3)' is not a plugin id: use lower-case letters, digits, dots and hyphens, starting with a letter"
            case "version":
                return "'\(match.3)' is not a version like 1.0.0 (three whole numbers, the 'version' attribute of <\(match.1)>)"
            default:
                return "the \(match.2) '\(match.3)' of <\(match.1)> does not have the required form (pattern \(match.4))"
            }
        }
        if let match = message.wholeMatch(of: /Element '([^']+)': The attribute '([^']+)' is required but missing\./) {
            return "<\(match.1)> needs the attribute '\(match.2)' ('\(match.2)' is required)"
        }
        return message
    }

    /// "subscale 'A'": the element named `name` on `line`, or its nearest parent with an id.
    static func place(of name: String, line: Int, in root: XMLElement) -> String? {
        func find(_ element: XMLElement, _ parents: [XMLElement]) -> [XMLElement]? {
            if element.name == name && element.line == line { return parents + [element] }
            for child in element.children {
                if let found = find(child, parents + [element]) { return found }
            }
            return nil
        }
        guard let chain = find(root, []) else { return nil }
        // The element itself when it has an id (an item naming its scale), else the nearest parent with one.
        let candidates = name == "item" ? chain.reversed() : chain.dropLast().reversed()
        guard let owner = candidates.first(where: { $0.attribute("id") != nil }) else { return "<\(name)>" }
        return "\(owner.name) '\(owner.attribute("id")!)'"
    }
}
