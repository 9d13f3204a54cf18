import WorkbenchKit

/// Months of reading-age gain per month of intervention, the figure the reading-mentoring projects
/// report ("nearly four months increase in reading age for every month of work" against an
/// expected one month per month).
final class ReadingAgeGainPlugin: InterventionPlugin {
    static let measure = "reading age (months)"

    let descriptor = PluginDescriptor(
        id: "reading-age-gain",
        version: SemanticVersion(1, 0, 0),
        kind: .intervention,
        displayName: "Reading mentoring: reading-age gain",
        authors: ["R&D Workbench contributors"],
        licence: "Apache-2.0",
        provenance: Provenance(
            citation: "Rea, Sandals, Parish, Hill and Gu (2015). Leadership of great pedagogy in teaching school "
                + "alliances: final report. DFE-RR443F.",
            source: "Daily reading project: 30 Y7 students, ten minutes on four days a week with a Y9/Y10 mentor."))

    let intervention = Intervention(
        summary: "Older students mentor younger readers for ten minutes, four days a week.",
        strands: ["jpd.mentoring_coaching"],
        suggestedMeasures: [ReadingAgeGainPlugin.measure])

    func impact(of request: ImpactRequest) throws -> [ImpactFigure] {
        guard request.durationMonths > 0 else {
            throw ReadingAgeError("the intervention must last more than 0 months (got \(request.durationMonths))")
        }
        var before: [String: Double] = [:]
        var after: [String: Double] = [:]
        for sample in request.samples where sample.measure == Self.measure {
            if sample.occasion == request.baseline { before[sample.participant] = sample.value }
            if sample.occasion == request.followUp { after[sample.participant] = sample.value }
        }
        let gains = before.keys.sorted().compactMap { pupil in after[pupil].map { $0 - before[pupil]! } }
        guard !gains.isEmpty else {
            throw ReadingAgeError("no pupil has '\(Self.measure)' on both '\(request.baseline)' and '\(request.followUp)'")
        }
        let n = Double(gains.count)
        let mean = gains.reduce(0, +) / n
        let sd = gains.count > 1 ? (gains.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot() : 0
        return [
            ImpactFigure(label: "mean reading-age gain", value: mean, unit: "months", n: gains.count),
            ImpactFigure(label: "SD of gain", value: sd, unit: "months", n: gains.count),
            ImpactFigure(label: "gain per month of intervention", value: mean / request.durationMonths,
                         unit: "months per month (expected: 1)", n: gains.count),
        ]
    }
}

struct ReadingAgeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

@_cdecl("workbench_plugin_abi_version")
public func workbenchPluginABIVersion() -> Int32 { PluginABI.compiled }

@_cdecl("workbench_plugin_create")
public func workbenchPluginCreate() -> UnsafeMutableRawPointer? { exportPlugin(ReadingAgeGainPlugin()) }
