/// A maturity matrix: dimensions made of strands, judged against ordered levels.
///
/// A judgement is a best-fit level per strand with its evidence; levels are ordinal
/// and are never averaged into decimals.
public struct MaturityMatrix: Hashable, Codable, Sendable {
    /// The ordered levels, lowest first.
    public var levels: [Level]
    public var dimensions: [Dimension]

    public init(levels: [Level], dimensions: [Dimension]) {
        self.levels = levels
        self.dimensions = dimensions
    }

    /// Every strand, in dimension order.
    public var strands: [Strand] { dimensions.flatMap(\.strands) }

    /// One ordered level of the matrix.
    public struct Level: Hashable, Codable, Sendable {
        public var id: String
        /// Position on the ordinal scale, 1 for the lowest level.
        public var rank: Int
        public var label: String
        /// What this level generally looks like, in the plugin author's words.
        public var summary: String?

        public init(id: String, rank: Int, label: String, summary: String? = nil) {
            self.id = id
            self.rank = rank
            self.label = label
            self.summary = summary
        }
    }

    /// A group of strands (for Hargreaves's matrix: joint practice development, partnership,
    /// collaborative capital).
    public struct Dimension: Hashable, Codable, Sendable {
        public var id: String
        public var name: String
        public var strands: [Strand]

        public init(id: String, name: String, strands: [Strand]) {
            self.id = id
            self.name = name
            self.strands = strands
        }
    }

    /// One row of the matrix, judged at one level per occasion.
    public struct Strand: Hashable, Codable, Sendable {
        public var id: String
        public var name: String
        /// Descriptors keyed by level id: what the strand looks like at that level.
        public var descriptors: [String: String]

        public init(id: String, name: String, descriptors: [String: String] = [:]) {
            self.id = id
            self.name = name
            self.descriptors = descriptors
        }
    }
}
