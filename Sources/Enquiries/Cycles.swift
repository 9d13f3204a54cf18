/// What a closed cycle decided for the next one.
public enum CycleDecision: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Continue the intervention.
    case `continue`
    /// Switch to another intervention.
    case `switch`

    /// In a sentence, e.g. "continue the intervention".
    public var phrase: String { self == .continue ? "continue the intervention" : "switch intervention" }

    public var description: String { rawValue }
}
