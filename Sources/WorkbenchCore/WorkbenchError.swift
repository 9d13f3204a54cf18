/// Why a user action could not be done, in plain words, with what it concerns so a front end can
/// add its own hint (a command-line option, a form field) and show the error in the right place.
/// The message never names a command or an option.
public struct WorkbenchError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A value given is not acceptable (a bad date, an unknown id, a code outside a scale).
        public static let invalidValue = Code("invalid-value")
        /// Something the action needs was not given.
        public static let missingValue = Code("missing-value")
        /// What was asked for does not exist.
        public static let notFound = Code("not-found")
        /// It exists already.
        public static let duplicate = Code("duplicate")
        /// Nothing would change, or there is nothing to undo or redo.
        public static let nothingToDo = Code("nothing-to-do")

        public var description: String { name }
    }

    public var code: Code
    public var message: String
    /// The input it concerns, by name (e.g. `evidence`, `start`, `framework`): a front end maps it
    /// to an option or a form field.
    public var field: String?
    /// The value at fault, as given.
    public var value: String?
    /// The file, and line and column, at fault, when it is a file's content.
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// What caused it, when another error did.
    public var underlying: (any Error & Sendable)?

    public init(_ message: String, code: Code = .invalidValue, field: String? = nil, value: String? = nil,
                file: String? = nil, line: Int? = nil, column: Int? = nil, underlying: (any Error & Sendable)? = nil) {
        self.message = message
        self.code = code
        self.field = field
        self.value = value
        self.file = file
        self.line = line
        self.column = column
        self.underlying = underlying
    }

    public var description: String { message }
}
