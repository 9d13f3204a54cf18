public import Foundation
public import WorkbenchCore
public import FrameworkAnalysis
import PluginHost
import Reports
public import Scoring
public import ProjectStore
import WorkbenchKit

/// The sample project `workbench demo` makes: the first thing a new user sees.
public enum Demo {
    /// What the demo made.
    public struct Summary: Sendable {
        public var project: WorkbenchProject
        public var schools: [School]
        public var participants: [Participant]
        /// The alliance-authored plugin written into the project's `plugins/` folder.
        public var alliancePlugin: URL
        /// The sample answer files imported (kept in `sources/`).
        public var responseFiles: [URL]
        /// The HTML reports written into `exports/`.
        public var reports: [URL]
        /// The TSES before/after comparison of the sample data.
        public var comparison: [ComparisonRow]
        /// The sample interview transcripts imported (kept in `sources/`).
        public var transcripts: [URL]
        /// Agreement of the two researchers' codings, character level, all themes pooled.
        public var agreement: CodingAgreement.Figures
    }

    /// The default folder, relative to the current directory.
    public static let defaultFolder = "demo-project"

    /// Builds the sample project in `folder` (which must not exist or be empty).
    /// The schools and participants follow the pseudonymised cases of the source reports
    /// (trainees and teachers of the Hope Challenge study, a secondary reading-mentoring project).
    public static func build(at folder: URL) throws -> Summary {
        var project = try WorkbenchProject.create(at: folder, name: "Demo alliance enquiry")
        project.actor = "demo"
        let store = project.store
        do {
            var participants: [Participant] = []
            try project.change("demo.people", "Added the demo's schools and participants") {
            let primary = try store.add(School(name: "A Primary School", phase: "primary"))
            let secondary = try store.add(School(name: "B Secondary School", phase: "secondary"))
            for letter in trainees {
                participants.append(try store.add(Participant(
                    pseudonym: "Trainee \(letter)", role: "trainee", schoolID: primary.id,
                    attributes: ["programme": "initial teacher education", "topic": "light (Y3/Y4 science)"])))
            }
            for letter in ["D", "E"] where !trainees.contains(letter) {
                participants.append(try store.add(Participant(pseudonym: "Trainee \(letter)", role: "trainee")))
            }
            // Teacher A's real name is kept only to be replaced in anonymised outputs.
            participants.append(try store.add(Participant(pseudonym: "Teacher A", role: "class teacher",
                                                          schoolID: primary.id, attributes: ["years": "3-4"],
                                                          names: ["Sarah Bennett", "Sarah"])))
            participants.append(try store.add(Participant(pseudonym: "Science Coordinator", role: "subject leader",
                                                          schoolID: primary.id)))
            participants.append(try store.add(Participant(pseudonym: "Enquiry Champion B", role: "enquiry champion",
                                                          schoolID: secondary.id,
                                                          attributes: ["project": "daily reading mentoring"])))
            }
            let pluginFile = store.pluginsFolder.appendingPathComponent("demo-alliance.reading-mentoring.xml")
            try PluginStarter.file(kind: .intervention, id: "demo-alliance.reading-mentoring")
                .write(to: pluginFile, atomically: true, encoding: .utf8)

            // A coaching cycle: the trainees answer the TSES (long form) before and after.
            var files: [URL] = []
            for (occasion, gain) in [("pre", 0.0), ("post", 1.0)] {
                let file = store.sourcesFolder.appendingPathComponent("tses-\(occasion).csv")
                try tsesAnswers(gain: gain).write(to: file, atomically: true, encoding: .utf8)
                try project.instruments.importResponses("tses-long", from: file, occasion: occasion)
                files.append(file)
            }
            // Two self-audits against the maturity matrix, three respondents each.
            try recordAudits(project)

            // Interviews in three formats, auto-coded, then coded by two researchers.
            let transcripts = try DemoTranscripts.add(to: project)
            let chart = store.exportsFolder.appendingPathComponent("framework-matrix.html")
            try ChartPage.html(try project.coding.chart(framework: "hope-challenge", groupBy: "role", coder: "Researcher 1"), groupBy: "role",
                               generated: "made by R&D Workbench \(workbenchVersion)")
                .write(to: chart, atomically: true, encoding: .utf8)
            let agreement = try project.coding.agreement(framework: "hope-challenge", coders: ["Researcher 1", "Researcher 2"],
                                                  unit: .character, excludeUncoded: false)

            // The enquiry that ties it together, over two cycles, and its evidence log.
            let log = try DemoEnquiry.add(to: project)

            let tsesReport = store.exportsFolder.appendingPathComponent("tses-long-pre-post.html")
            let auditReport = store.exportsFolder.appendingPathComponent("maturity-audit.html")
            try project.instruments.writeReport("tses-long", to: tsesReport)
            try project.instruments.writeReport("tsa-maturity-matrix", to: auditReport, radar: true)
            return Summary(project: project, schools: try store.schools(), participants: try store.participants(),
                           alliancePlugin: pluginFile, responseFiles: files, reports: [tsesReport, auditReport, chart, log],
                           comparison: try project.instruments.compare("tses-long", from: "pre", to: "post"),
                           transcripts: transcripts, agreement: agreement.overall)
        } catch {
            try? FileManager.default.removeItem(at: store.folder)
            throw error
        }
    }

    static let trainees = ["A", "B", "C", "D", "E", "F", "G", "H"]

    /// Deterministic TSES answers for the eight trainees: each has a baseline between 4.5 and 6.3,
    /// items vary around it, and `gain` (with per-trainee variation) is added after the cycle.
    static func tsesAnswers(gain: Double) -> String {
        var lines = ["participant," + (1...24).map { "q\($0)" }.joined(separator: ",")]
        var seed: UInt64 = 2_001
        func next() -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(seed >> 33) / Double(1 << 31)
        }
        for (index, letter) in trainees.enumerated() {
            let baseline = 4.5 + Double(index * 7 % 8) * 0.25
            let change = gain == 0 ? 0 : gain * (0.4 + Double((index * 5) % 8) * 0.15)
            let answers = (1...24).map { _ in
                Int(min(9, max(1, (baseline + change + (next() - 0.5) * 2.5).rounded())))
            }
            lines.append("Trainee \(letter)," + answers.map(String.init).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Autumn and summer self-audits by three respondents; most strands move up a level by the summer.
    static func recordAudits(_ project: WorkbenchProject) throws {
        let (_, matrix) = try project.matrix("tsa-maturity-matrix")
        let respondents = ["Head A", "Head B", "Enquiry Champion B"]
        for (strandIndex, strand) in matrix.strands.enumerated() {
            for (respondentIndex, respondent) in respondents.enumerated() {
                let autumn = min(matrix.levels.count - 1, (strandIndex + respondentIndex) % 3 == 0 ? 1 : 0)
                let summer = min(matrix.levels.count - 1, autumn + (strandIndex % 4 == 3 ? 0 : 1)
                                 + (strandIndex == 4 && respondentIndex == 0 ? 1 : 0))
                for (occasion, rank) in [("autumn", autumn), ("summer", summer)] {
                    try project.audits.recordJudgement(
                        matrix: "tsa-maturity-matrix", strand: strand.id, level: matrix.levels[rank].id,
                        evidence: "Sample evidence: steering-group minutes and staff survey, \(occasion) term",
                        respondent: respondent, occasion: occasion)
                }
            }
        }
    }
}
