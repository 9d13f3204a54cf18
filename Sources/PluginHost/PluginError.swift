/// Why a plugin could not be loaded, verified or registered. The description is one line
/// that names the file at fault.
public struct PluginError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that react differently to different failures.
    public enum Code: Sendable, Hashable {
        case cannotOpen, notAPlugin, abiMismatch, otherSDKCopy, factoryFailed
        case invalidDefinition, duplicate, notFound, untrusted, changedSinceTrusted, shadowsBuiltin
    }

    public var code: Code
    public var description: String

    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
