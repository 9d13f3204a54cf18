public import Foundation

/// A REFI-QDA project (`urn:QDA-XML:project:1.0`) as plain values: what the workbench writes to
/// and reads from `.qdpx` and `.qde` files. Text offsets are Unicode code points, end exclusive.
public struct RefiProject: Sendable, Equatable {
    public var name: String
    public var origin: String?
    public var created: Date?
    public var users: [User] = []
    public var codes: [Code] = []
    public var variables: [Variable] = []
    public var cases: [Case] = []
    public var sources: [TextSource] = []
    /// Picture, PDF, audio and video sources: kept as files, not analysed.
    public var otherSources: [OtherSource] = []
    public var notes: [Note] = []
    public var sets: [RefiSet] = []
    public var description: String?
    /// Notes on the whole project.
    public var noteRefs: [String] = []

    public init(name: String, origin: String? = nil, created: Date? = nil) {
        self.name = name
        self.origin = origin
        self.created = created
    }

    public struct User: Sendable, Equatable {
        public var guid: String
        public var name: String?
        public init(guid: String, name: String?) {
            self.guid = guid
            self.name = name
        }
    }

    /// A code; codes nest. A code that is not codable is a folder.
    public struct Code: Sendable, Equatable {
        public var guid: String
        public var name: String
        public var isCodable: Bool
        /// `#RRGGBB` or `#RGB`.
        public var color: String?
        public var description: String?
        public var noteRefs: [String] = []
        public var children: [Code] = []

        public init(guid: String, name: String, isCodable: Bool, color: String? = nil, description: String? = nil,
                    noteRefs: [String] = [], children: [Code] = []) {
            self.guid = guid
            self.name = name
            self.isCodable = isCodable
            self.color = color
            self.description = description
            self.noteRefs = noteRefs
            self.children = children
        }

        /// This code and every code below it, depth first, each with its parent's GUID.
        public var flattened: [(code: Code, parent: String?)] {
            var all: [(Code, String?)] = [(self, nil)]
            for child in children {
                all += child.flattened.map { ($0.code, $0.parent ?? guid) }
            }
            return all
        }
    }

    public struct Variable: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            case text = "Text", boolean = "Boolean", integer = "Integer", float = "Float", date = "Date"
            case dateTime = "DateTime"
        }

        public var guid: String
        public var name: String
        public var kind: Kind
        public init(guid: String, name: String, kind: Kind) {
            self.guid = guid
            self.name = name
            self.kind = kind
        }
    }

    /// A variable's value, as written in the file.
    public struct VariableValue: Sendable, Equatable {
        public var variable: String
        public var value: String
        public init(variable: String, value: String) {
            self.variable = variable
            self.value = value
        }
    }

    public struct Case: Sendable, Equatable {
        public var guid: String
        public var name: String?
        public var description: String?
        public var values: [VariableValue] = []
        public var sourceRefs: [String] = []
        public var selectionRefs: [String] = []
        public init(guid: String, name: String?, description: String? = nil, values: [VariableValue] = [],
                    sourceRefs: [String] = [], selectionRefs: [String] = []) {
            self.guid = guid
            self.name = name
            self.description = description
            self.values = values
            self.sourceRefs = sourceRefs
            self.selectionRefs = selectionRefs
        }
    }

    /// A code applied by a user.
    public struct Coding: Sendable, Equatable {
        public var guid: String
        public var code: String
        public var creatingUser: String?
        public var created: Date?
        public init(guid: String, code: String, creatingUser: String?, created: Date?) {
            self.guid = guid
            self.code = code
            self.creatingUser = creatingUser
            self.created = created
        }
    }

    /// A passage of a text source with its codings and notes.
    public struct Selection: Sendable, Equatable {
        public var guid: String
        public var name: String?
        public var start: Int
        public var end: Int
        public var creatingUser: String?
        public var created: Date?
        public var description: String?
        public var codings: [Coding] = []
        public var noteRefs: [String] = []
        public init(guid: String, name: String? = nil, start: Int, end: Int, creatingUser: String? = nil,
                    created: Date? = nil, description: String? = nil, codings: [Coding] = [],
                    noteRefs: [String] = []) {
            self.guid = guid
            self.name = name
            self.start = start
            self.end = end
            self.creatingUser = creatingUser
            self.created = created
            self.description = description
            self.codings = codings
            self.noteRefs = noteRefs
        }
    }

    public struct TextSource: Sendable, Equatable {
        public var guid: String
        public var name: String?
        /// The plain text (normalised on import: UTF-8, NFC, LF, no BOM).
        public var text: String
        /// The original file's name inside the archive's `sources/` (e.g. a .docx), if any.
        public var richFile: String?
        public var description: String?
        public var creatingUser: String?
        public var created: Date?
        public var selections: [Selection] = []
        /// Codings of the whole source.
        public var codings: [Coding] = []
        public var noteRefs: [String] = []
        public var values: [VariableValue] = []
        public init(guid: String, name: String?, text: String, richFile: String? = nil, description: String? = nil,
                    creatingUser: String? = nil, created: Date? = nil) {
            self.guid = guid
            self.name = name
            self.text = text
            self.richFile = richFile
            self.description = description
            self.creatingUser = creatingUser
            self.created = created
        }
    }

    /// A non-text source (picture, PDF, audio, video).
    public struct OtherSource: Sendable, Equatable {
        /// The element name, e.g. `PDFSource`.
        public var kind: String
        public var guid: String
        public var name: String?
        /// The file inside the archive's `sources/`, when the archive holds it.
        public var file: String?
        public var path: String?
        public init(kind: String, guid: String, name: String?, file: String?, path: String?) {
            self.kind = kind
            self.guid = guid
            self.name = name
            self.file = file
            self.path = path
        }
    }

    /// A memo: a text with author and date.
    public struct Note: Sendable, Equatable {
        public var guid: String
        public var name: String?
        public var text: String
        public var creatingUser: String?
        public var created: Date?
        public init(guid: String, name: String?, text: String, creatingUser: String?, created: Date?) {
            self.guid = guid
            self.name = name
            self.text = text
            self.creatingUser = creatingUser
            self.created = created
        }
    }

    public struct RefiSet: Sendable, Equatable {
        public var guid: String
        public var name: String
        public var description: String?
        public var codes: [String] = []
        public var sources: [String] = []
        public var notes: [String] = []
        public init(guid: String, name: String, description: String? = nil, codes: [String] = [],
                    sources: [String] = [], notes: [String] = []) {
            self.guid = guid
            self.name = name
            self.description = description
            self.codes = codes
            self.sources = sources
            self.notes = notes
        }
    }

    /// Every code of the codebook, depth first, with its parent's GUID.
    public var allCodes: [(code: Code, parent: String?)] { codes.flatMap(\.flattened) }

    /// The number of codings on text sources (on selections and on whole sources).
    public var codingCount: Int {
        sources.reduce(0) { $0 + $1.codings.count + $1.selections.reduce(0) { $0 + $1.codings.count } }
    }
}

/// Why a REFI-QDA file could not be read or written: one line naming the file and the problem.
public struct RefiError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
