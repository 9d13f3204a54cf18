import Foundation
public import PluginHost
public import Scoring
public import WorkbenchKit

/// An intervention suggested after an audit, with the weak strands it serves.
public struct InterventionSuggestion: Sendable, Codable {
    public var intervention: String
    public var name: String
    /// The weak strands (ids) it is listed under.
    public var strands: [String]
    /// Higher first: 2 per weakest strand served, 1 per next-weakest.
    public var score: Int
}

extension PluginCatalogue {
    /// Intervention plugins (the toolkit and any others), optionally those listed under one
    /// maturity-matrix strand, by id.
    public func interventions(strand: String? = nil, matrix reference: String = "tsa-maturity-matrix") throws
        -> [(descriptor: PluginDescriptor, intervention: Intervention)] {
        try Self.interventions(in: registry(), strand: strand, matrix: reference)
    }

    /// The interventions of `registry` (see ``interventions(strand:matrix:)``); for use without a project.
    public static func interventions(in registry: PluginRegistry, strand: String? = nil,
                                     matrix reference: String = "tsa-maturity-matrix") throws
        -> [(descriptor: PluginDescriptor, intervention: Intervention)] {
        if let strand {
            let matrix = try registry.plugin(reference, kind: .maturityMatrix, as: (any MaturityMatrixPlugin).self)
            guard matrix.matrix.strands.contains(where: { $0.id == strand }) else {
                throw WorkbenchError("unknown strand '\(strand)' in \(matrix.descriptor.reference); strands: "
                                 + matrix.matrix.strands.map(\.id).joined(separator: ", "))
            }
        }
        return registry.entries.compactMap { entry in
            guard let plugin = entry.plugin as? any InterventionPlugin else { return nil }
            guard strand == nil || plugin.intervention.strands.contains(strand!) else { return nil }
            return (plugin.descriptor, plugin.intervention)
        }.sorted { $0.descriptor.id < $1.descriptor.id }
    }

    /// Ranks toolkit interventions for the weakest strands of the latest (or a given) audit: the
    /// strands whose median level is lowest count twice, those one level above once.
    /// - Returns: the occasion used, the weakest strands, and the suggestions, best first.
    public func suggestInterventions(matrix reference: String = "tsa-maturity-matrix", occasion: String? = nil,
                                     top: Int = 10) throws
        -> (occasion: String, weakest: [StrandResult], suggestions: [InterventionSuggestion]) {
        let report = try project.audits.audit(reference)
        let chosen = occasion ?? report.occasions.last!
        guard report.occasions.contains(chosen) else {
            throw WorkbenchError("no audit on occasion '\(chosen)'; occasions: " + report.occasions.joined(separator: ", "))
        }
        let results = report.results.filter { $0.occasion == chosen }
        guard let lowest = results.map(\.median.rank).min() else {
            throw WorkbenchError("no judgements on occasion '\(chosen)'")
        }
        let weight = Dictionary(uniqueKeysWithValues: results.compactMap { result -> (String, Int)? in
            switch result.median.rank - lowest {
            case 0: (result.strand, 2)
            case 1: (result.strand, 1)
            default: nil
            }
        })
        let suggestions = try interventions(matrix: reference).compactMap { descriptor, intervention in
            let served = intervention.strands.filter { weight[$0] != nil }
            guard !served.isEmpty else { return nil as InterventionSuggestion? }
            return InterventionSuggestion(intervention: descriptor.id, name: descriptor.displayName, strands: served,
                                          score: served.reduce(0) { $0 + weight[$1]! })
        }.sorted { ($1.score, $0.intervention) < ($0.score, $1.intervention) }
        return (chosen, results.filter { $0.median.rank == lowest }, Array(suggestions.prefix(top)))
    }
}
