import ArgumentParser
import Enquiries
import Foundation
import ProjectStore
import WorkbenchCore


struct Enquiry: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Enquiries: a focus and research questions pursued over cycles.", subcommands: [New.self, List.self, Edit.self, Delete.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start an enquiry.")

        @OptionGroup var project: ProjectOptions
        @Option(help: "A short title.") var title: String
        @Option(help: "The focus of the enquiry.") var focus: String
        @Option(help: "A research question (repeat for several).") var question: [String] = []
        @Option(help: "A school involved (repeat; add schools first with `workbench schools add`).") var school: [String] = []
        @Option(help: "Who leads it.") var lead: String?
        @Option(help: "An enquiry champion (repeat).") var champion: [String] = []
        @Option(help: "The day it starts, YYYY-MM-DD (default: today).", transform: CalendarDate.parse) var date: CalendarDate?

        func run() throws {
            let enquiry = try project.open().cycles.newEnquiry(title: title, focus: focus, questions: question, schools: school,
                                                        lead: lead, champions: champion, date: date ?? .today())
            print("Enquiry #\(enquiry.id!): \(enquiry.title)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List enquiries and their cycles.")

        @OptionGroup var project: ProjectOptions

        @Option(help: "table, csv or json.") var format: TableFormat = .table

        func run() throws {
            let enquiries = try project.open().cycles.enquiries()
            if format == .json { return try printJSON(enquiries) }
            if format == .csv {
                return printCSV(["ENQUIRY", "TITLE", "CYCLE", "NUMBER", "STARTED", "CLOSED", "DECISION", "INTERVENTIONS"],
                                enquiries.flatMap { view in
                    let base = [String(view.enquiry.id!), view.enquiry.title]
                    guard !view.cycles.isEmpty else { return [base + ["", "", view.enquiry.startedOn.description, "", "", ""]] }
                    return view.cycles.map { cycle in
                        base + [String(cycle.id!), String(cycle.number), cycle.startedOn.description,
                                cycle.closedOn?.description ?? "", cycle.decision?.rawValue ?? "",
                                cycle.interventions.joined(separator: " ")]
                    }
                })
            }
            for view in enquiries {
                let enquiry = view.enquiry
                print("#\(enquiry.id!) \(enquiry.title) (since \(enquiry.startedOn)): \(enquiry.focus)")
                for cycle in view.cycles {
                    print("  cycle #\(cycle.id!) (number \(cycle.number)), \(cycle.startedOn) to \(cycle.closedOn?.description ?? "open"): "
                          + cycle.interventions.joined(separator: ", ") + (cycle.decision.map { ", decision: \($0)" } ?? ""))
                }
            }
        }
    }
}

struct Cycle: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learning cycles: start one with its intervention, baseline and success criteria; close it.",
        subcommands: [Start.self, Close.self, Show.self, Edit.self, Reopen.self, Delete.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the next cycle of an enquiry.",
            discussion: """
            Each --criterion is 'DESCRIPTION: MEASURE OP VALUE', e.g. 'Efficacy rises: tses-long.TSES.change >= 0.5'. \
            Measures come from the cycle's evidence: INSTRUMENT.SCALE.change|before|after|dz (comparisons), \
            MATRIX.STRAND.change and MATRIX.strands-improved (audits), MEASURE.gain|gain-per-month|before|after \
            (measurement files), FRAMEWORK.THEME.passages|cases (themes).
            """)

        @OptionGroup var project: ProjectOptions
        @Option(help: "The enquiry's number.") var enquiry: Int64
        @Option(help: "The cycle template.") var template = "regional-enquiry-cluster"
        @Option(help: "An intervention tried (repeat), e.g. toolkit.mc5.") var intervention: [String] = []
        @Option(help: "The baseline: where things stand before the intervention.") var baseline: String
        @Option(help: "A success criterion (repeat): 'DESCRIPTION: MEASURE >= VALUE'.") var criterion: [String] = []
        @Option(help: "The day it starts, YYYY-MM-DD (default: today).", transform: CalendarDate.parse) var date: CalendarDate?

        func run() throws {
            let criteria = try criterion.map { try CriterionText($0) }
            let cycle = try project.open().cycles.startCycle(enquiry: enquiry, template: template, interventions: intervention,
                                                      baseline: baseline, criteria: criteria, date: date ?? .today())
            print("Cycle #\(cycle.id!) (enquiry \(enquiry), cycle \(cycle.number)) started with "
                  + "\(criteria.count) success criteria.")
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a cycle with the decision for the next.")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "The cycle's number (#).") var cycle: Int64
        @Option(help: "continue or switch.") var decision: CycleDecision
        @Option(help: "The focus of the next cycle.") var nextFocus: String?
        @Option(help: "The day, YYYY-MM-DD (default: today).", transform: CalendarDate.parse) var date: CalendarDate?

        func run() throws {
            try project.open().cycles.closeCycle(cycle, decision: decision, nextFocus: nextFocus, date: date ?? .today())
            print("Closed cycle #\(cycle): \(decision).")
        }
    }
}

struct Evidence: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Link evidence to a cycle: a comparison, an audit change, measurements, a theme, an observation, "
            + "a document or a note.", subcommands: [Add.self, Edit.self, Delete.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link one piece of evidence; its figures are computed from the project's data when read.")

        @OptionGroup var project: ProjectOptions
        @Option(help: "The cycle's number (#).") var cycle: Int64
        @Option(help: "comparison, audit, measures, theme, observation, document or note.") var kind: EvidenceKind
        @Option(help: "A title for the log.") var title: String
        @Option(help: "Where it comes from (who collected it, which meeting).") var source: String
        @Option(help: "The day, YYYY-MM-DD (default: today).", transform: CalendarDate.parse) var date: CalendarDate?
        @Option(help: "comparison: the questionnaire.") var instrument: String?
        @Option(help: "audit: the maturity matrix.") var matrix: String?
        @Option(help: "comparison, audit, measures: the baseline occasion.") var from: String?
        @Option(help: "comparison, audit, measures: the follow-up occasion.") var to: String?
        @Option(help: "measures, document: the file.") var file: String?
        @Option(help: "measures: the measure's name in the file.") var measure: String?
        @Option(help: "measures: months between the occasions.") var months: String?
        @Option(help: "theme: the coding framework.") var framework: String?
        @Option(help: "theme: the theme id.") var theme: String?
        @Option(help: "observation, note: the text.") var text: String?

        func run() throws {
            var details: [String: String] = [:]
            for (key, value) in [("instrument", instrument), ("matrix", matrix), ("from", from), ("to", to),
                                 ("file", file), ("measure", measure), ("months", months), ("framework", framework),
                                 ("theme", theme), ("text", text)] {
                if let value { details[key] = value }
            }
            let detail = try EvidenceDetail(kind: kind, fields: details)
            let evidence = try project.open().cycles.addEvidence(cycle: cycle, title: title, detail: detail, source: source,
                                                          date: date ?? .today())
            print("Evidence #\(evidence.id!) linked to cycle #\(cycle): \(title)")
        }
    }
}

struct Reflect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write in the leadership-learning log: what went well, what was not effective, problems, learning.")

    @OptionGroup var project: ProjectOptions
    @Option(help: "The cycle's number (#).") var cycle: Int64
    @Option(help: "Who writes it.") var by: String
    @Option(help: "What went well.") var wentWell: String?
    @Option(help: "What was not effective.") var notEffective: String?
    @Option(help: "Problems met.") var problems: String?
    @Option(help: "Leadership learning.") var leadership: String?
    @Option(help: "The day, YYYY-MM-DD (default: today).", transform: CalendarDate.parse) var date: CalendarDate?

    func run() throws {
        try project.open().cycles.reflect(cycle: cycle, author: by, wentWell: wentWell, notEffective: notEffective,
                                   problems: problems, leadershipLearning: leadership, date: date ?? .today())
        print("Reflection recorded for cycle #\(cycle).")
    }
}

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a peer challenge from the regional enquiry cluster and the response.")

    @OptionGroup var project: ProjectOptions
    @Option(help: "The cycle's number (#).") var cycle: Int64
    @Option(help: "Who challenged (e.g. a partner alliance).") var challengedBy: String
    @Option(help: "The challenge.") var challenge: String
    @Option(help: "The response.") var response: String?
    @Option(help: "The day, YYYY-MM-DD (default: today).", transform: CalendarDate.parse) var date: CalendarDate?

    func run() throws {
        try project.open().cycles.review(cycle: cycle, challengedBy: challengedBy, challenge: challenge, response: response,
                                  date: date ?? .today())
        print("Peer review recorded for cycle #\(cycle).")
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The evidence log.", subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the evidence log: html or md (a page), xml (valid against evidence-log.xsd), csv (a folder "
                + "of tables) or json (the tables as a Frictionless data package).")

        @OptionGroup var project: ProjectOptions
        @Option(help: "Only this cycle (#).") var cycle: Int64?
        @Option(help: "html, md, csv, json or xml.") var format: String = "html"
        @Option(help: "The file (html, md, xml) or folder (csv, json) to write.") var out: String
        @Flag(help: "Pseudonyms for participants and 'Staff A', 'Staff B', … for staff names, everywhere.")
        var anonymise = false

        func run() throws {
            guard let format = LogFormat(rawValue: format) else {
                throw ValidationError("--format must be one of " + LogFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let written = try project.open().cycles.exportLog(to: URL(fileURLWithPath: out), format: format, cycle: cycle,
                                                       anonymise: anonymise)
            print("Wrote " + written.map(\.path).joined(separator: ", "))
        }
    }
}
