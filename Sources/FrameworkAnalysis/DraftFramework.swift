import Foundation
public import WorkbenchKit

/// A theme of an inductive draft framework. Themes are never deleted: a merged or split theme
/// stays, retired, naming the themes that replaced it, so the history can be read back.
public struct DraftTheme: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable {
        case active, merged, split
    }

    public var id: String
    public var name: String
    public var parentID: String?
    public var definition: String?
    public var inclusion: String?
    public var exclusion: String?
    public var status: Status
    /// For a merged theme, the theme it went into; for a split one, its parts.
    public var replacedBy: [String]
    /// Order among the draft's themes.
    public var position: Int

    public init(id: String, name: String, parentID: String? = nil, definition: String? = nil,
                inclusion: String? = nil, exclusion: String? = nil, status: Status = .active,
                replacedBy: [String] = [], position: Int) {
        self.id = id
        self.name = name
        self.parentID = parentID
        self.definition = definition
        self.inclusion = inclusion
        self.exclusion = exclusion
        self.status = status
        self.replacedBy = replacedBy
        self.position = position
    }

    enum CodingKeys: String, CodingKey {
        case id, name, definition, inclusion, exclusion, status, replacedBy, position
        case parentID = "parentId"
    }
}

/// The rules of an inductive draft framework: what adding, renaming, defining, merging and
/// splitting themes do. Each returns the change to save; nothing here touches a store.
public struct DraftFramework: Sendable {
    /// Every theme, active and retired, in order.
    public var themes: [DraftTheme]

    public init(themes: [DraftTheme]) { self.themes = themes }

    /// One change: the themes to save, codings to move (old theme → new theme) and the change in words.
    public struct Change: Sendable, Hashable {
        public var themes: [DraftTheme]
        public var recode: [String: String]
        public var detail: String
    }

    /// The active themes as a coding framework, as a tree.
    public var framework: CodingFramework {
        let active = themes.filter { $0.status == .active }
        let ids = Set(active.map(\.id))
        let children = Dictionary(grouping: active.filter { $0.parentID.map(ids.contains) ?? false }, by: { $0.parentID! })
        func tree(_ theme: DraftTheme) -> CodingFramework.Theme {
            CodingFramework.Theme(id: theme.id, name: theme.name, definition: theme.definition,
                                  inclusion: theme.inclusion, exclusion: theme.exclusion,
                                  children: (children[theme.id] ?? []).map(tree))
        }
        return CodingFramework(themes: active.filter { !($0.parentID.map(ids.contains) ?? false) }.map(tree))
    }

    /// Adds a theme; its id is made from its name (e.g. "Pupil voice" → `pupil-voice`) unless given.
    public func adding(_ name: String, id: String? = nil, parent: String? = nil, definition: String? = nil)
        throws(DraftError) -> Change {
        let id = try newID(id ?? Self.themeID(for: name), among: themes)
        if let parent { _ = try active(parent) }
        let theme = DraftTheme(id: id, name: name, parentID: parent, definition: definition, position: nextPosition)
        return Change(themes: [theme], recode: [:], detail: "added '\(name)' (\(id))" + (parent.map { " under \($0)" } ?? ""))
    }

    /// Renames a theme; its id, and so its codings, stay.
    public func renaming(_ id: String, to name: String) throws(DraftError) -> Change {
        var theme = try active(id)
        let old = theme.name
        theme.name = name
        return Change(themes: [theme], recode: [:], detail: "renamed '\(old)' to '\(name)' (\(id))")
    }

    /// Sets a theme's definition and inclusion/exclusion notes (nil leaves one as it is).
    public func defining(_ id: String, definition: String?, inclusion: String?, exclusion: String?)
        throws(DraftError) -> Change {
        var theme = try active(id)
        theme.definition = definition ?? theme.definition
        theme.inclusion = inclusion ?? theme.inclusion
        theme.exclusion = exclusion ?? theme.exclusion
        let parts = [definition.map { _ in "definition" }, inclusion.map { _ in "inclusion" },
                     exclusion.map { _ in "exclusion" }].compactMap { $0 }
        guard !parts.isEmpty else {
            throw DraftError("give a definition, or what to include or exclude", missingField: "definition")
        }
        return Change(themes: [theme], recode: [:],
                      detail: "set the \(parts.joined(separator: ", ")) of '\(theme.name)' (\(id))")
    }

    /// Merges themes into another: their codings and subthemes move to `target`; they stay, as merged.
    public func merging(_ ids: [String], into target: String) throws(DraftError) -> Change {
        let into = try active(target)
        guard !ids.isEmpty else { throw DraftError("name the themes to merge into \(target)", missingField: "theme") }
        guard !ids.contains(target) else { throw DraftError("cannot merge \(target) into itself") }
        var changed: [DraftTheme] = []
        for id in ids {
            var theme = try active(id)
            theme.status = .merged
            theme.replacedBy = [target]
            changed.append(theme)
        }
        for var child in themes where child.status == .active && child.parentID.map(ids.contains) == true {
            child.parentID = target
            changed.append(child)
        }
        let names = changed.prefix(ids.count).map { "'\($0.name)'" }.joined(separator: ", ")
        return Change(themes: changed, recode: Dictionary(uniqueKeysWithValues: ids.map { ($0, target) }),
                      detail: "merged \(names) into '\(into.name)' (\(target))")
    }

    /// Splits a theme into new themes (named by `parts`) that take its place; its subthemes move
    /// under the first part. Its `codings` move to `codingsTo` (one of the new parts' ids, or its name), which
    /// must be given when it has codings.
    /// - Returns: the change; its new themes come after the split one.
    public func splitting(_ id: String, into parts: [String], codingsTo: String?, codings: Int) throws(DraftError)
        -> Change {
        var theme = try active(id)
        guard parts.count >= 2 else { throw DraftError("a split needs two or more new themes", missingField: "into") }
        var taken = themes
        var position = nextPosition - 1
        var created: [DraftTheme] = []
        for name in parts {
            position += 1
            let part = DraftTheme(id: try newID(Self.themeID(for: name), among: taken), name: name,
                                  parentID: theme.parentID, position: position)
            created.append(part)
            taken.append(part)
        }
        var recode: [String: String] = [:]
        let ids = created.map(\.id).joined(separator: ", ")
        // The codings' new theme by its id or by its name.
        if let codingsTo = codingsTo.map({ name in created.first { $0.name == name }?.id ?? name }) {
            guard created.contains(where: { $0.id == codingsTo }) else {
                throw DraftError("the codings go to one of the new themes: \(ids)", field: "codings-to")
            }
            recode[id] = codingsTo
        } else if codings > 0 {
            throw DraftError("'\(theme.name)' has \(codings) codings: say which new theme they go to (one of \(ids)), "
                             + "then recode those that belong to another", missingField: "codings-to")
        }
        theme.status = .split
        theme.replacedBy = created.map(\.id)
        var changed = [theme] + created
        for var child in themes where child.status == .active && child.parentID == id {
            child.parentID = created[0].id
            changed.append(child)
        }
        return Change(themes: changed, recode: recode, detail: "split '\(theme.name)' (\(id)) into "
                      + created.map { "'\($0.name)' (\($0.id))" }.joined(separator: ", ")
                      + (codingsTo.map { "; its \(codings) codings went to \($0)" } ?? ""))
    }

    /// An id for a theme named `name`: lower-case words joined by hyphens.
    public static func themeID(for name: String) -> String {
        var id = ""
        for character in name.lowercased().folding(options: .diacriticInsensitive, locale: nil) {
            if character.isASCII && (character.isLetter || character.isNumber) {
                id.append(character)
            } else if !id.isEmpty && id.last != "-" {
                id.append("-")
            }
        }
        while id.hasSuffix("-") { id.removeLast() }
        if let first = id.first, !first.isLetter { id = "t-" + id }
        return id
    }

    private var nextPosition: Int { (themes.map(\.position).max() ?? 0) + 1 }

    private func newID(_ id: String, among themes: [DraftTheme]) throws(DraftError) -> String {
        guard id.wholeMatch(of: /[A-Za-z][A-Za-z0-9._\-]*/) != nil, id.count <= 128 else {
            throw DraftError("'\(id)' cannot be a theme id: start with a letter; use letters, digits, '.', '_', '-' "
                             + "(give one)", field: "id")
        }
        if let existing = themes.first(where: { $0.id == id }) {
            throw DraftError("the draft already has a theme \(id) ('\(existing.name)'"
                             + (existing.status == .active ? "" : ", \(existing.status.rawValue)")
                             + "); give another id", field: "id")
        }
        return id
    }

    private func active(_ id: String) throws(DraftError) -> DraftTheme {
        guard let theme = themes.first(where: { $0.id == id }) else {
            throw DraftError("the draft has no theme '\(id)'; themes: "
                             + themes.filter { $0.status == .active }.map(\.id).joined(separator: ", "))
        }
        guard theme.status == .active else {
            throw DraftError("draft theme \(id) was \(theme.status.rawValue) into " + theme.replacedBy.joined(separator: ", "))
        }
        return theme
    }
}

/// A draft-framework change that the rules refuse, in plain words.
public struct DraftError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The input it concerns (e.g. `id`, `codings-to`).
    public var field: String?
    /// Whether that input was missing (rather than wrong).
    public var isMissing: Bool

    public init(_ description: String, field: String? = nil) {
        self.description = description
        self.field = field
        isMissing = false
    }

    public init(_ description: String, missingField: String) {
        self.description = description
        field = missingField
        isMissing = true
    }
}
