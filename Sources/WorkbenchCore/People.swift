import Foundation
public import ProjectStore

// Schools and participants: adding them, and correcting or deleting what was entered.

extension People {
    /// Adds a school; names are unique.
    @discardableResult
    public func addSchool(_ name: String, phase: String?) throws -> School {
        let name = try Self.required(name, "a school needs a name")
        if try store.school(named: name) != nil { throw WorkbenchError("a school called '\(name)' already exists") }
        return try change("school.add", "Added school '\(name)'") { try store.add(School(name: name, phase: phase)) }
    }

    /// Corrects a school. `nil` leaves a field as it is; an empty phase clears it. A new name is
    /// also written into the enquiries that name the school.
    public func editSchool(_ name: String, name newName: String? = nil, phase: String? = nil) throws {
        var school = try self.school(name)
        let old = school
        if let newName {
            let newName = try Self.required(newName, "a school needs a name")
            if newName != name, try store.school(named: newName) != nil {
                throw WorkbenchError("a school called '\(newName)' already exists")
            }
            school.name = newName
        }
        if let phase { school.phase = phase.isEmpty ? nil : phase }
        guard school != old else { throw WorkbenchError("nothing to change: give a new name or phase") }
        try change("school.edit", "Corrected school '\(name)'" + (school.name != name ? " (now '\(school.name)')" : "")) {
            try store.update(school)
            guard school.name != name else { return }
            for var enquiry in try store.enquiries() where enquiry.schools.contains(name) {
                enquiry.schools = enquiry.schools.map { $0 == name ? school.name : $0 }
                try store.update(enquiry)
            }
        }
    }

    /// Deletes a school. Refused while participants or enquiries refer to it, unless `cascade`
    /// (its participants are deleted with what depends on them; enquiries no longer name it).
    @discardableResult
    public func deleteSchool(_ name: String, cascade: Bool = false) throws -> [Dependant] {
        let school = try self.school(name)
        return try change("school.delete", "Deleted school '\(name)'") {
            try store.delete(.school, id: school.id!, cascade: cascade)
        }
    }

    /// Adds a participant; `attributes` are `KEY=VALUE` strings.
    /// - Throws: ``WorkbenchError`` for an unknown school, a malformed attribute or a pseudonym in use.
    @discardableResult
    public func addParticipant(_ pseudonym: String, role: String?, school: String?, attributes: [String],
                               names: [String] = []) throws -> Participant {
        let pseudonym = try Self.required(pseudonym, "a participant needs a pseudonym")
        if try store.participant(pseudonym: pseudonym) != nil {
            throw WorkbenchError("a participant called '\(pseudonym)' already exists")
        }
        let schoolID = try school.map { try self.school($0).id! }
        let values = try Self.attributes(attributes)
        return try change("participant.add", "Added participant '\(pseudonym)'") {
            try store.add(Participant(pseudonym: pseudonym, role: role, schoolID: schoolID, attributes: values,
                                      names: names))
        }
    }

    /// What to change about a participant; `nil` (or an empty list) leaves a field as it is, and an
    /// empty role or school clears it.
    public struct ParticipantChanges: Sendable {
        public var pseudonym: String?
        public var role: String?
        public var school: String?
        /// `KEY=VALUE` attributes to set.
        public var setAttributes: [String]
        /// Attribute keys to remove.
        public var removeAttributes: [String]
        /// Real names to add, and to remove.
        public var addNames: [String]
        public var removeNames: [String]

        public init(pseudonym: String? = nil, role: String? = nil, school: String? = nil, setAttributes: [String] = [],
                    removeAttributes: [String] = [], addNames: [String] = [], removeNames: [String] = []) {
            self.pseudonym = pseudonym
            self.role = role
            self.school = school
            self.setAttributes = setAttributes
            self.removeAttributes = removeAttributes
            self.addNames = addNames
            self.removeNames = removeNames
        }
    }

    /// Corrects a participant. A new pseudonym follows them into the framework matrix's summaries.
    public func editParticipant(_ pseudonym: String, _ changes: ParticipantChanges) throws {
        var person = try participant(pseudonym)
        let old = person
        if let new = changes.pseudonym {
            let new = try Self.required(new, "a participant needs a pseudonym")
            if new != pseudonym, try store.participant(pseudonym: new) != nil {
                throw WorkbenchError("a participant called '\(new)' already exists")
            }
            person.pseudonym = new
        }
        if let role = changes.role { person.role = role.isEmpty ? nil : role }
        if let school = changes.school { person.schoolID = school.isEmpty ? nil : try self.school(school).id }
        for (key, value) in try Self.attributes(changes.setAttributes) { person.attributes[key] = value }
        for key in changes.removeAttributes {
            guard person.attributes.removeValue(forKey: key) != nil else {
                throw WorkbenchError("\(pseudonym) has no attribute '\(key)'"
                                 + (person.attributes.isEmpty ? "" : "; attributes: "
                                    + person.attributes.keys.sorted().joined(separator: ", ")))
            }
        }
        for name in changes.removeNames {
            guard person.names.contains(name) else { throw WorkbenchError("'\(name)' is not one of \(pseudonym)'s real names") }
            person.names.removeAll { $0 == name }
        }
        for name in changes.addNames where !person.names.contains(name) { person.names.append(name) }
        guard person != old else { throw WorkbenchError("nothing to change for \(pseudonym)") }
        let renamed = person.pseudonym != pseudonym
        try change("participant.edit", "Corrected participant '\(pseudonym)'" + (renamed ? " (now '\(person.pseudonym)')" : "")) {
            try store.update(person)
            if renamed { try store.renameCase(pseudonym, to: person.pseudonym) }
        }
    }

    /// Deletes a participant. Refused while answers, member checks, transcripts (as their case),
    /// speaker turns or matrix summaries depend on them, unless `cascade`.
    @discardableResult
    public func deleteParticipant(_ pseudonym: String, cascade: Bool = false) throws -> [Dependant] {
        let person = try participant(pseudonym)
        return try change("participant.delete", "Deleted participant '\(pseudonym)'") {
            try store.delete(.participant, id: person.id!, cascade: cascade)
        }
    }
}

extension WorkbenchProject {
    /// A school by name, or an error listing the schools there are.
    func school(_ name: String) throws -> School {
        guard let school = try store.school(named: name) else {
            let known = try store.schools().map(\.name)
            throw WorkbenchError("unknown school '\(name)'" + (known.isEmpty ? "; the project has no schools yet"
                                                          : "; schools: " + known.joined(separator: ", ")))
        }
        return school
    }

    /// A participant by pseudonym, or an error listing the participants there are.
    func participant(_ pseudonym: String) throws -> Participant {
        guard let person = try store.participant(pseudonym: pseudonym) else {
            let known = try store.participants().map(\.pseudonym)
            throw WorkbenchError("unknown participant '\(pseudonym)'" + (known.isEmpty ? "; the project has no participants yet"
                                                                    : "; participants: " + known.joined(separator: ", ")))
        }
        return person
    }

    /// `text` trimmed, or an error when nothing is left.
    static func required(_ text: String, _ message: String) throws(WorkbenchError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw WorkbenchError(message) }
        return trimmed
    }
}
