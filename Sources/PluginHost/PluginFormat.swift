import BuiltinInstruments
import Foundation
public import WorkbenchKit
import XMLKit

extension PluginKind {
    /// The XML namespace of declarative plugin files of this kind.
    public var namespace: String { "urn:workbench:\(rawValue):1" }

    /// The document element of declarative plugin files of this kind.
    public var rootElement: String {
        switch self {
        case .questionnaire: "questionnaire"
        case .maturityMatrix: "maturityMatrix"
        case .observationSchedule: "observationSchedule"
        case .codingFramework: "codingFramework"
        case .intervention: "intervention"
        case .cycleTemplate: "cycleTemplate"
        }
    }

    /// The kind whose declarative files use `namespace`.
    public init?(namespace: String) {
        guard let kind = PluginKind.allCases.first(where: { $0.namespace == namespace }) else { return nil }
        self = kind
    }
}

/// The shipped XSDs, compiled once per process and shared by every task.
enum PluginSchemas {
    private static let compiled: Result<[PluginKind: XMLSchema], XMLError> = {
        var schemas: [PluginKind: XMLSchema] = [:]
        do {
            for kind in PluginKind.allCases {
                let url = BuiltinInstruments.schemasDirectory.appendingPathComponent("\(kind.rawValue).xsd")
                schemas[kind] = try XMLSchema(contentsOf: url)
            }
            return .success(schemas)
        } catch let error as XMLError {
            return .failure(error)
        } catch {
            return .failure(XMLError([]))
        }
    }()

    static func schema(for kind: PluginKind) throws(XMLError) -> XMLSchema {
        try compiled.get()[kind]!
    }

    private static let textPack: Result<XMLSchema, XMLError> = {
        do throws(XMLError) {
            return .success(try XMLSchema(contentsOf: BuiltinInstruments.schemasDirectory
                .appendingPathComponent("text-pack.xsd")))
        } catch {
            return .failure(error)
        }
    }()

    static func textPackSchema() throws(XMLError) -> XMLSchema { try textPack.get() }
}
