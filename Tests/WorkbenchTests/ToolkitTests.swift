import Foundation
import PluginHost
import Testing
import WorkbenchCore
import WorkbenchKit

@Suite("Intervention toolkit and cycle templates")
struct ToolkitTests {
    /// Entries per strand as listed in Appendix 4 of DFE-RR443F (DOMAIN.md §3.2,
    /// `intervention_counts_per_strand`): 86 entries, 69 distinct interventions once cross-listed
    /// entries are merged.
    static let entriesPerStrand = [
        "jpd.joint_practice_development": 11, "jpd.talent_identification": 10, "jpd.mentoring_coaching": 7,
        "jpd.distributed_staff_information": 6, "partnership.high_social_capital": 13,
        "partnership.fit_governance": 6, "partnership.evaluation_challenge": 6,
        "partnership.distributed_system_leadership": 3, "cc.analytic_investigation": 8,
        "cc.creative_entrepreneurship": 8, "cc.disciplined_innovation": 4, "cc.alliance_architecture": 4,
    ]

    @Test func everyToolkitInterventionIsListedUnderEachOfItsStrands() throws {
        let registry = try PluginRegistry.load(PluginSources())
        let toolkit = try PluginCatalogue.interventions(in: registry).filter { $0.descriptor.id.hasPrefix("toolkit.") }
        #expect(toolkit.count == 69)
        for (strand, count) in Self.entriesPerStrand {
            #expect(try PluginCatalogue.interventions(in: registry, strand: strand)
                        .filter { $0.descriptor.id.hasPrefix("toolkit.") }.count == count, "\(strand)")
        }
        #expect(toolkit.reduce(0) { $0 + $1.intervention.strands.count } == 86)
        // A cross-listed entry is one intervention under both strands.
        let peerReview = try #require(toolkit.first { $0.descriptor.id == "toolkit.hsc11" })
        #expect(Set(peerReview.intervention.strands) == ["partnership.high_social_capital",
                                                         "partnership.evaluation_challenge", "cc.alliance_architecture"])
    }

    @Test func suggestionsServeTheWeakestStrands() throws {
        let folder = try TestSupport.temporaryFolder()
        let project = try WorkbenchProject.create(at: folder.appendingPathComponent("p"))
        let (_, matrix) = try project.matrix("tsa-maturity-matrix")
        for strand in matrix.strands {
            let level = strand.id == "partnership.distributed_system_leadership" ? matrix.levels[0] : matrix.levels[2]
            try project.audits.recordJudgement(matrix: "tsa-maturity-matrix", strand: strand.id, level: level.id,
                                        evidence: "minutes", respondent: "Head A", occasion: "autumn")
        }
        let result = try project.plugins.suggestInterventions(top: 50)
        #expect(result.weakest.map(\.strand) == ["partnership.distributed_system_leadership"])
        // Exactly the three interventions listed under that strand, each scoring 2.
        #expect(Set(result.suggestions.map(\.intervention)) == ["toolkit.fg1", "toolkit.dsl2", "toolkit.dsl3"])
        #expect(result.suggestions.allSatisfy { $0.score == 2 })
        #expect(throws: WorkbenchError.self) { try project.plugins.suggestInterventions(occasion: "spring") }
    }

    @Test func cycleTemplatesHaveTheirSteps() throws {
        let registry = try PluginRegistry.load(PluginSources())
        let cluster = try registry.plugin("regional-enquiry-cluster", kind: .cycleTemplate, as: (any CycleTemplatePlugin).self)
        #expect(cluster.template.steps.count == 7)  // steps (a)-(g)
        #expect(cluster.template.steps.allSatisfy { !$0.artefacts.isEmpty })
        let hope = try registry.plugin("hope-challenge-cycle", kind: .cycleTemplate, as: (any CycleTemplatePlugin).self)
        #expect(hope.template.steps.map(\.id) == ["context-content", "design-rehearse", "enact", "review"])
    }
}
