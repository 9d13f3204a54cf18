import XMLKit

/// Builds a ``RefiProject`` from the nodes of a streamed `.qde` (or `.qdc`) document. Elements
/// are matched by local name, whatever the namespace, so older or foreign namespace versions read
/// too; what the workbench cannot keep is counted and reported.
struct ProjectBuilder {
    private(set) var project: RefiProject?
    private(set) var namespace: String?
    /// The document element's `xsi:schemaLocation`, if any.
    private(set) var schemaLocation: String?
    /// The document element has been closed: the whole document was read.
    private(set) var finished = false
    private(set) var sources: [RefiProject.TextSource] = []
    private(set) var inlineTexts: [String: String] = [:]
    /// The text files of sources and notes, by GUID.
    private(set) var plainTextPaths: [String: String] = [:]
    private var dropped: [String: Int] = [:]

    private var stack: [String] = []
    private var codes: [RefiProject.Code] = []
    private var source: RefiProject.TextSource?
    private var selection: RefiProject.Selection?
    private var coding: RefiProject.Coding?
    private var item: RefiProject.Case?
    private var note: RefiProject.Note?
    private var set: RefiProject.RefiSet?
    private var value: (variable: String, text: String)?
    private var capture: String?
    /// The depth of the non-text source being skipped, if any.
    private var otherDepth: Int?
    /// The passage an annotation note marks (QualCoder writes a `PlainTextSelection` inside the
    /// `Note`, which the source refers to), by note GUID.
    private var anchors: [String: RefiProject.Selection] = [:]
    /// `Link`s between two objects (NVivo links a selection to the note holding its annotation).
    private var links: [(String, String)] = []
    /// One copy of each user and code GUID: a project repeats them on every selection and coding.
    private var shared: Set<String> = []

    /// Lines for what was read but not kept.
    var warnings: [String] {
        dropped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key) not imported" }
    }

    mutating func take(_ node: XMLNode) throws {
        switch node.kind {
        case .element:
            let name = node.localName
            start(name, node)
            if node.isEmptyElement { end(name) } else { stack.append(name) }
        case .endElement:
            end(stack.removeLast())
        case .text, .whitespace:
            if capture != nil { capture! += node.value }
        default:
            break
        }
    }

    private mutating func start(_ name: String, _ node: XMLNode) {
        let parent = stack.last
        if otherDepth != nil {
            if name.hasSuffix("Selection") { dropped["selection(s) of non-text sources", default: 0] += 1 }
            if name == "Coding" { dropped["coding(s) of non-text sources", default: 0] += 1 }
            return
        }
        func attribute(_ key: String) -> String? { node.attribute(key) }
        func sharedAttribute(_ key: String) -> String? {
            node.attribute(key).map { shared.insert($0).memberAfterInsert }
        }
        let guid = attribute("guid") ?? ""
        let target = attribute("targetGUID") ?? attribute("guid") ?? ""
        let created = attribute("creationDateTime").flatMap(RefiDate.date)
        switch name {
        case "Project" where parent == nil, "CodeBook" where parent == nil:
            project = RefiProject(name: attribute("name") ?? "", origin: attribute("origin"), created: created)
            namespace = node.namespace
            schemaLocation = attribute("xsi:schemaLocation")
        case "User":
            project?.users.append(.init(guid: guid, name: attribute("name")))
        case "Code":
            let codable = attribute("isCodable").map { $0 == "true" || $0 == "1" } ?? true
            codes.append(.init(guid: guid, name: attribute("name") ?? "", isCodable: codable, color: attribute("color")))
        case "Description", "PlainTextContent", "TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue",
             "DateTimeValue":
            capture = ""
        case "NoteRef":
            switch parent {
            case "Code": codes[codes.count - 1].noteRefs.append(target)
            case "TextSource" where source != nil && note == nil: source?.noteRefs.append(target)
            case "PlainTextSelection" where selection != nil: selection?.noteRefs.append(target)
            case "Project": project?.noteRefs.append(target)
            default: dropped["note reference(s) on \(parent ?? "the document")", default: 0] += 1
            }
        case "Variable":
            project?.variables.append(.init(guid: guid, name: attribute("name") ?? "",
                                            kind: attribute("typeOfVariable").flatMap(RefiProject.Variable.Kind.init) ?? .text))
        case "Case":
            item = .init(guid: guid, name: attribute("name"))
        case "VariableValue":
            value = ("", "")
        case "VariableRef":
            value?.variable = target
        case "SourceRef" where parent == "Case":
            item?.sourceRefs.append(target)
        case "SelectionRef" where parent == "Case":
            item?.selectionRefs.append(target)
        case "CodeRef":
            if parent == "Coding" { coding?.code = shared.insert(target).memberAfterInsert } else { dropped["code reference(s) on \(parent ?? "?")", default: 0] += 1 }
        case "TextSource" where parent == "Sources":
            source = .init(guid: guid, name: attribute("name"), text: "", richFile: attribute("richTextPath"),
                           creatingUser: attribute("creatingUser"), created: created)
            if let path = attribute("plainTextPath") { plainTextPaths[guid] = path }
        case "Note" where parent == "Notes":
            note = .init(guid: guid, name: attribute("name"), text: "", creatingUser: attribute("creatingUser"),
                         created: created)
            if let path = attribute("plainTextPath") { plainTextPaths[guid] = path }
        case "PlainTextSelection" where note != nil && parent == "Note":
            guard let note, anchors[note.guid] == nil else {
                dropped["selection(s) inside notes", default: 0] += 1
                return
            }
            anchors[note.guid] = .init(guid: guid, start: Int(attribute("startPosition") ?? "") ?? -1,
                                       end: Int(attribute("endPosition") ?? "") ?? -1,
                                       creatingUser: note.creatingUser.map { shared.insert($0).memberAfterInsert },
                                       created: note.created)
        case "PlainTextSelection":
            guard source != nil, note == nil else {
                dropped["selection(s) inside notes", default: 0] += 1
                return
            }
            selection = .init(guid: guid, name: attribute("name"), start: Int(attribute("startPosition") ?? "") ?? -1,
                              end: Int(attribute("endPosition") ?? "") ?? -1, creatingUser: sharedAttribute("creatingUser"),
                              created: created)
        case "Coding":
            coding = .init(guid: guid, code: "", creatingUser: sharedAttribute("creatingUser"), created: created)
        case "PictureSource", "PDFSource", "AudioSource", "VideoSource":
            let path = attribute("path")
            project?.otherSources.append(.init(kind: name, guid: guid, name: attribute("name"),
                                               file: path.map { RefiReader.internalName($0).name }, path: path))
            otherDepth = stack.count
        case "Set":
            set = .init(guid: guid, name: attribute("name") ?? "")
        case "MemberCode": set?.codes.append(target)
        case "MemberSource": set?.sources.append(target)
        case "MemberNote": set?.notes.append(target)
        case "Link":
            links.append((attribute("originGUID") ?? "", attribute("targetGUID") ?? ""))
        case "Graph":
            dropped["\(name) element(s)", default: 0] += 1
        default:
            break
        }
    }

    private mutating func end(_ name: String) {
        let parent = stack.last
        if let depth = otherDepth {
            if stack.count == depth { otherDepth = nil }
            return
        }
        switch name {
        case "Project" where parent == nil, "CodeBook" where parent == nil:
            attachAnnotations()
            finished = true
        case "Code":
            let code = codes.removeLast()
            if codes.isEmpty { project?.codes.append(code) } else { codes[codes.count - 1].children.append(code) }
        case "Description":
            let text = capture
            capture = nil
            switch parent {
            case "Code": codes[codes.count - 1].description = text
            case "TextSource" where note == nil: source?.description = text
            case "PlainTextSelection": selection?.description = text
            case "Case": item?.description = text
            case "Set": set?.description = text
            case "Project": project?.description = text
            default: if text?.isEmpty == false { dropped["description(s) of \(parent ?? "?")", default: 0] += 1 }
            }
        case "PlainTextContent":
            if note != nil { note?.text = capture ?? "" } else if let guid = source?.guid { inlineTexts[guid] = capture ?? "" }
            capture = nil
        case "TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue":
            value?.text = capture ?? ""
            capture = nil
        case "VariableValue":
            if let value {
                let pair = RefiProject.VariableValue(variable: value.variable, value: value.text)
                if parent == "Case" { item?.values.append(pair) } else if parent == "TextSource" { source?.values.append(pair) }
            }
            value = nil
        case "Case":
            if let item { project?.cases.append(item) }
            item = nil
        case "Coding":
            guard let done = coding else { return }
            coding = nil
            if done.code.isEmpty {
                dropped["coding(s) without a CodeRef", default: 0] += 1
            } else if selection != nil {
                selection?.codings.append(done)
            } else if source != nil && note == nil {
                source?.codings.append(done)
            } else {
                dropped["coding(s) of notes", default: 0] += 1
            }
        case "PlainTextSelection":
            if let selection { source?.selections.append(selection) }
            selection = nil
        case "TextSource" where parent == "Sources":
            if let source { sources.append(source) }
            source = nil
        case "Note" where parent == "Notes":
            if let note { project?.notes.append(note) }
            note = nil
        case "Set":
            if let set { project?.sets.append(set) }
            set = nil
        default:
            break
        }
    }

    /// Turns annotation notes into notes on their passages: a source's reference to a note that
    /// holds its own selection becomes that selection, and a link between a selection and a note
    /// becomes the selection's reference to the note.
    private mutating func attachAnnotations() {
        for index in sources.indices {
            let anchored = sources[index].noteRefs.filter { anchors[$0] != nil }
            for note in anchored {
                var selection = anchors[note]!
                selection.noteRefs = [note]
                sources[index].selections.append(selection)
            }
            sources[index].noteRefs.removeAll { anchors[$0] != nil }
        }
        guard !links.isEmpty else { return }
        let notes = Set(project?.notes.map(\.guid) ?? [])
        var selections: [String: (Int, Int)] = [:]
        for (source, item) in sources.enumerated() {
            for (position, selection) in item.selections.enumerated() { selections[selection.guid] = (source, position) }
        }
        for (origin, target) in links {
            let pair = notes.contains(target) ? (origin, target) : (target, origin)
            guard notes.contains(pair.1), let (source, position) = selections[pair.0] else {
                dropped["Link element(s)", default: 0] += 1
                continue
            }
            if !sources[source].selections[position].noteRefs.contains(pair.1) {
                sources[source].selections[position].noteRefs.append(pair.1)
            }
        }
    }
}
