import ArgumentParser
import Enquiries
import Foundation
import ProjectStore
import FrameworkAnalysis
import PluginHost
import Scoring
import Reports
import WorkbenchCore
import WorkbenchDemo
import WorkbenchKit

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a project folder (workbench.sqlite, sources/, plugins/, exports/).")

    @Argument(help: "The folder to create; it must not exist or be empty.")
    var folder: String

    @Option(help: "The project's name (default: the folder's name).")
    var name: String?

    func run() throws {
        let project = try WorkbenchProject.create(at: URL(fileURLWithPath: folder), name: name)
        print("Created project \"\(try project.store.info().name)\" in \(project.store.folder.path)")
        print("Next: add plugins to \(project.store.pluginsFolder.path)/ and run "
              + "`workbench plugins list --project \(folder)`.")
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a sample project, list its plugins and say what was made.")

    @Argument(help: "The folder to create.")
    var folder: String = WorkbenchDemo.Demo.defaultFolder

    func run() throws {
        let summary = try WorkbenchDemo.Demo.build(at: URL(fileURLWithPath: folder))
        let store = summary.project.store
        print("Made a sample project in \(store.folder.path)")
        let log = try summary.project.cycles.evidenceLog()
        let criteria = log.enquiries.flatMap(\.cycles).flatMap(\.criteria)
        print("  an enquiry over \(log.enquiries.flatMap(\.cycles).count) cycles, \(criteria.filter { $0.status == .met }.count) "
              + "of \(criteria.count) success criteria met: the evidence log is exports/evidence-log.html "
              + "(and evidence-log.md)")
        print("  \(summary.schools.count) schools: " + summary.schools.map(\.name).joined(separator: ", "))
        print("  \(summary.participants.count) participants, known by pseudonym: "
              + summary.participants.map(\.pseudonym).joined(separator: ", "))
        print("  an alliance-authored plugin: \(store.storedPath(for: summary.alliancePlugin))")
        print("  TSES answers before and after a coaching cycle: "
              + summary.responseFiles.map { store.storedPath(for: $0) }.joined(separator: ", "))
        print("  two maturity-matrix self-audits (autumn, summer) by three respondents")
        print("  three interview transcripts (.txt, .docx, .vtt): "
              + summary.transcripts.map { store.storedPath(for: $0) }.joined(separator: ", "))
        let stages = try summary.project.stages.analysisStatus()
        print("  framework-analysis stages: \(stages.familiarisation.memos) familiarisation memos, a draft framework "
              + "(\(stages.draft.activeThemes) themes after \(stages.draft.changes) changes), "
              + "\(stages.memberChecks.count) member check, \(stages.outside.open) passage outside the framework")
        print("  auto-coded with the Hope Challenge framework, then coded by two researchers")
        if let percent = summary.agreement.percentAgreement {
            print(String(format: "  their agreement, character level (NVivo's rules): %.1f%%, kappa %@, alpha %@",
                         percent * 100, summary.agreement.kappa.map { String(format: "%.2f", $0) } ?? "—",
                         summary.agreement.krippendorffAlpha.map { String(format: "%.2f", $0) } ?? "—"))
        }
        for report in summary.reports { print("  a report: \(store.storedPath(for: report))") }
        if let total = summary.comparison.first(where: { $0.subscale == "TSES" }),
           let before = total.meanBefore, let after = total.meanAfter, let p = total.p {
            print(String(format: "  TSES total, %d trainees: %.2f → %.2f (paired t p = %.4f, d_z = %.2f)",
                         total.n, before, after, p, total.cohenDz ?? .nan))
        }
        print("")
        print("Plugins this project can use (and the \(try summary.project.plugins.interventions().filter { $0.descriptor.id.hasPrefix("toolkit.") }.count) "
              + "interventions of the toolkit: `workbench interventions list`):")
        let registry = try summary.project.registry()
        printPluginTable(registry.entries.filter { !$0.descriptor.id.hasPrefix("toolkit.") })
        print("")
        print("Try next:")
        print("  open \(folder)/exports/evidence-log.html in a browser")
        print("  swift run workbench log export --anonymise --format html --out anonymised-log.html --project \(folder)")
        print("  swift run workbench interventions suggest --project \(folder)")
        print("  swift run workbench compare tses-long --from pre --to post --project \(folder)")
        print("  swift run workbench audit show tsa-maturity-matrix --project \(folder)")
        print("  swift run workbench analysis --project \(folder)")
        print("  swift run workbench draft history --project \(folder)")
        print("  swift run workbench chart hope-challenge --by role --coder \"Researcher 1\" --project \(folder)")
        print("  swift run workbench agreement --framework hope-challenge --coders \"Researcher 1,Researcher 2\" "
              + "--project \(folder)")
        print("  open \(folder)/exports/framework-matrix.html in a browser")
        print("  swift run workbench refi export --out \(folder)/exports/demo.qdpx --project \(folder)")
        print("  swift run workbench plugins validate Instruments/ \(folder)/plugins/")
        print("  swift run workbench plugins new --kind questionnaire my-alliance.staff-survey")
    }
}
