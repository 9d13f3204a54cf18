import ArgumentParser
import Enquiries
import Foundation
import ProjectStore
import WorkbenchCore

// Commands that correct or delete what was entered. Every one is a single entry in the history
// (`workbench history`), so `workbench undo` reverts it.

/// `--cascade`: delete what depends on the record too.
struct CascadeOption: ParsableArguments {
    @Flag(help: "Also delete what depends on it (otherwise deleting something others depend on is refused).")
    var cascade = false
}

/// A command that deletes one record by its number and says so.
protocol DeleteByNumber: ParsableCommand {
    /// How the output names the record, e.g. "memo".
    static var noun: String { get }
    var project: ProjectOptions { get }
    var id: Int64 { get }
    static func delete(_ id: Int64, in project: WorkbenchProject) throws
}

extension DeleteByNumber {
    func run() throws {
        try Self.delete(id, in: project.open())
        print("Deleted \(Self.noun) #\(id).")
    }
}

/// Prints what went with a deleted record.
func printDeleted(_ what: String, with dependants: [Dependant]) {
    print("Deleted \(what)" + (dependants.isEmpty ? "." : ", with \(dependants.sentence)."))
}

extension Schools {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Correct a school's name or phase.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The school's current name.") var school: String
        @Option(help: "The new name.") var name: String?
        @Option(help: "The phase (an empty value clears it).") var phase: String?
        func run() throws {
            try project.open().people.editSchool(school, name: name, phase: phase)
            print("Corrected \(name ?? school).")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a school.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The school's name.") var school: String
        @OptionGroup var cascade: CascadeOption
        func run() throws {
            printDeleted(school, with: try project.open().people.deleteSchool(school, cascade: cascade.cascade))
        }
    }
}

extension Participants {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct a participant: pseudonym, role, school, attributes, real names.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The participant's current pseudonym.") var participant: String
        @Option(help: "A new pseudonym (it follows them into matrix summaries).") var pseudonym: String?
        @Option(help: "The role (an empty value clears it).") var role: String?
        @Option(help: "The school (an empty value clears it).") var school: String?
        @Option(name: .customLong("attribute"), help: ArgumentHelp("Set KEY=VALUE (repeatable).", valueName: "KEY=VALUE"))
        var attributes: [String] = []
        @Option(name: .customLong("remove-attribute"), help: ArgumentHelp("Remove an attribute (repeatable).", valueName: "KEY"))
        var removeAttributes: [String] = []
        @Option(name: .customLong("name"), help: ArgumentHelp("Add a real name (repeatable).", valueName: "NAME"))
        var names: [String] = []
        @Option(name: .customLong("remove-name"), help: ArgumentHelp("Remove a real name (repeatable).", valueName: "NAME"))
        var removeNames: [String] = []
        func run() throws {
            try project.open().people.editParticipant(participant, .init(
                pseudonym: pseudonym, role: role, school: school, setAttributes: attributes,
                removeAttributes: removeAttributes, addNames: names, removeNames: removeNames))
            print("Corrected \(pseudonym ?? participant).")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a participant.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The participant's pseudonym.") var participant: String
        @OptionGroup var cascade: CascadeOption
        func run() throws {
            printDeleted(participant, with: try project.open().people.deleteParticipant(participant, cascade: cascade.cascade))
        }
    }
}

extension Responses {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct one participant's answers on one occasion.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The questionnaire: ID or ID@VERSION.") var instrument: String
        @Option(help: "The participant's pseudonym.") var participant: String
        @Option(help: "The occasion label.") var occasion: String
        @Option(name: .customLong("set"), help: ArgumentHelp("An answer ITEM=CODE (repeatable).", valueName: "ITEM=CODE"))
        var answers: [String] = []
        @Option(name: .customLong("clear"), help: ArgumentHelp("Leave an item unanswered (repeatable).", valueName: "ITEM"))
        var clear: [String] = []
        func run() throws {
            try project.open().instruments.editAnswers(instrument, participant: participant, occasion: occasion, set: answers,
                                           clear: clear)
            print("Corrected \(participant)'s answers for '\(occasion)'.")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete one participant's answers on one occasion.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The questionnaire: ID or ID@VERSION.") var instrument: String
        @Option(help: "The participant's pseudonym.") var participant: String
        @Option(help: "The occasion label.") var occasion: String
        func run() throws {
            let count = try project.open().instruments.deleteAnswers(instrument, participant: participant, occasion: occasion)
            print("Deleted \(count) answers of \(participant) for '\(occasion)'.")
        }
    }
}

extension Audit {
    struct Judgements: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a matrix's judgements with their numbers.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The maturity matrix: ID or ID@VERSION.") var matrix: String
        @Option(help: "table, csv or json.") var format: TableFormat = .table
        func run() throws {
            let judgements = try project.open().audits.judgements(matrix)
            if format == .json { return try printJSON(judgements) }
            printRows(format, ["#", "OCCASION", "STRAND", "LEVEL", "RESPONDENT", "EVIDENCE"], judgements.map {
                [String($0.id!), $0.occasion, $0.strand, $0.level, $0.respondent ?? "", $0.evidence]
            })
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Correct a judgement's level or evidence.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The judgement's number (see `workbench audit judgements`).") var id: Int64
        @Option(help: "The level id or label.") var level: String?
        @Option(help: "The evidence for this level.") var evidence: String?
        func run() throws {
            try project.open().audits.editJudgement(id, level: level, evidence: evidence)
            print("Corrected judgement #\(id).")
        }
    }

    struct Delete: DeleteByNumber {
        static let configuration = CommandConfiguration(abstract: "Delete a judgement.")
        static let noun = "judgement"
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The judgement's number.") var id: Int64
        static func delete(_ id: Int64, in project: WorkbenchProject) throws { try project.audits.deleteJudgement(id) }
    }
}

extension Enquiry {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct an enquiry (a repeated option replaces the whole list it gives).")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The enquiry's number (#).") var id: Int64
        @Option(help: "The title.") var title: String?
        @Option(help: "The focus.") var focus: String?
        @Option(help: "A research question (repeat; replaces them all).") var question: [String] = []
        @Option(help: "A school (repeat; replaces them all).") var school: [String] = []
        @Flag(help: "The enquiry names no school.") var noSchools = false
        @Option(help: "Who leads it (an empty value clears it).") var lead: String?
        @Option(help: "An enquiry champion (repeat; replaces them all).") var champion: [String] = []
        @Flag(help: "The enquiry has no champions.") var noChampions = false
        @Option(help: "The day it started, YYYY-MM-DD.", transform: CalendarDate.parse) var date: CalendarDate?
        func run() throws {
            try project.open().cycles.editEnquiry(id, .init(
                title: title, focus: focus, questions: question.isEmpty ? nil : question,
                schools: noSchools ? [] : school.isEmpty ? nil : school, lead: lead,
                champions: noChampions ? [] : champion.isEmpty ? nil : champion, date: date))
            print("Corrected enquiry #\(id).")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an enquiry.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The enquiry's number (#).") var id: Int64
        @OptionGroup var cascade: CascadeOption
        func run() throws {
            printDeleted("enquiry #\(id)", with: try project.open().cycles.deleteEnquiry(id, cascade: cascade.cascade))
        }
    }
}

extension Cycle {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A cycle's success criteria, evidence, reflections and peer reviews, with their numbers.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The cycle's number (#).") var id: Int64
        @Option(help: "table, csv or json.") var format: TableFormat = .table
        func run() throws {
            let details = try project.open().cycles.cycleDetails(id)
            if format == .json { return try printJSON(details) }
            var rows: [[String]] = []
            for criterion in details.criteria {
                let text = "\(criterion.description): \(criterion.measure) \(criterion.comparison) \(formatted(criterion.threshold, 3))"
                rows.append(["criterion", String(criterion.id!), text, ""])
            }
            for evidence in details.evidence {
                rows.append(["evidence", String(evidence.id!), "\(evidence.kind): \(evidence.title)", evidence.recordedOn.description])
            }
            for reflection in details.reflections {
                rows.append(["reflection", String(reflection.id!), "by \(reflection.author)", reflection.recordedOn.description])
            }
            for review in details.reviews {
                rows.append(["review", String(review.id!), "\(review.challengedBy): \(review.challenge)", review.recordedOn.description])
            }
            let cycle = details.cycle
            if format == .table {
                let progress = details.progress
                print("Cycle #\(cycle.id!) (number \(cycle.number)), \(cycle.startedOn) to \(cycle.closedOn?.description ?? "open")"
                      + (cycle.decision.map { ", decision: \($0)" } ?? ""))
                print("Criteria: \(progress.criteriaMet) met, \(progress.criteriaNotMet) not met, "
                      + "\(progress.criteriaWithoutData) without data" + (progress.next.map { "; next: \($0.task)" } ?? ""))
            }
            printRows(format, ["RECORD", "#", "WHAT", "DAY"], rows)
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Correct a cycle's template, interventions, baseline or date.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The cycle's number (#).") var id: Int64
        @Option(help: "The cycle template.") var template: String?
        @Option(help: "An intervention tried (repeat; replaces them all).") var intervention: [String] = []
        @Option(help: "The baseline.") var baseline: String?
        @Option(help: "The day it started, YYYY-MM-DD.", transform: CalendarDate.parse) var date: CalendarDate?
        func run() throws {
            try project.open().cycles.editCycle(id, template: template, interventions: intervention.isEmpty ? nil : intervention,
                                         baseline: baseline, date: date)
            print("Corrected cycle #\(id).")
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-open a closed cycle.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The cycle's number (#).") var id: Int64
        func run() throws {
            try project.open().cycles.reopenCycle(id)
            print("Re-opened cycle #\(id).")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a cycle.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The cycle's number (#).") var id: Int64
        @OptionGroup var cascade: CascadeOption
        func run() throws {
            printDeleted("cycle #\(id)", with: try project.open().cycles.deleteCycle(id, cascade: cascade.cascade))
        }
    }
}

struct Criteria: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, correct and delete a cycle's success criteria ('DESCRIPTION: MEASURE >= VALUE').",
        subcommands: [Add.self, Edit.self, Delete.self, Measures.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a success criterion to a cycle.")
        @OptionGroup var project: ProjectOptions
        @Option(help: "The cycle's number (#).") var cycle: Int64
        @Argument(help: "'DESCRIPTION: MEASURE OP VALUE'.") var criterion: String
        func run() throws {
            let added = try project.open().cycles.addCriterion(cycle: cycle, try CriterionText(criterion))
            print("Criterion #\(added.id!) added to cycle #\(cycle).")
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace a success criterion.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The criterion's number (see `workbench cycle show`).") var id: Int64
        @Argument(help: "'DESCRIPTION: MEASURE OP VALUE'.") var criterion: String
        func run() throws {
            try project.open().cycles.editCriterion(id, try CriterionText(criterion))
            print("Corrected criterion #\(id).")
        }
    }

    struct Delete: DeleteByNumber {
        static let configuration = CommandConfiguration(abstract: "Delete a success criterion.")
        static let noun = "criterion"
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The criterion's number.") var id: Int64
        static func delete(_ id: Int64, in project: WorkbenchProject) throws { try project.cycles.deleteCriterion(id) }
    }

    struct Measures: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the measures a criterion can name.")
        @OptionGroup var project: ProjectOptions
        @Option(help: "table, csv or json.") var format: TableFormat = .table
        func run() throws {
            let measures = try project.open().cycles.measures()
            if format == .json { return try printJSON(measures) }
            printRows(format, ["MEASURE"], measures.map { [$0] })
        }
    }
}

extension Evidence {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Correct a piece of evidence's title, source or date.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The evidence's number (see `workbench cycle show`).") var id: Int64
        @Option(help: "The title.") var title: String?
        @Option(help: "Where it comes from.") var source: String?
        @Option(help: "The day, YYYY-MM-DD.", transform: CalendarDate.parse) var date: CalendarDate?
        func run() throws {
            try project.open().cycles.editEvidence(id, title: title, source: source, date: date)
            print("Corrected evidence #\(id).")
        }
    }

    struct Delete: DeleteByNumber {
        static let configuration = CommandConfiguration(abstract: "Delete a piece of evidence.")
        static let noun = "evidence"
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The evidence's number.") var id: Int64
        static func delete(_ id: Int64, in project: WorkbenchProject) throws { try project.cycles.deleteEvidence(id) }
    }
}

struct Reflections: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Correct or delete reflections (add them with `workbench reflect`).", subcommands: [Edit.self, Delete.self])

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Correct a reflection (an empty value clears a field).")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The reflection's number (see `workbench cycle show`).") var id: Int64
        @Option(help: "Who reflects.") var author: String?
        @Option(help: "What went well.") var wentWell: String?
        @Option(help: "What was not effective.") var notEffective: String?
        @Option(help: "Problems met.") var problems: String?
        @Option(help: "Leadership learning.") var leadership: String?
        @Option(help: "The day, YYYY-MM-DD.", transform: CalendarDate.parse) var date: CalendarDate?
        func run() throws {
            try project.open().cycles.editReflection(id, author: author, wentWell: wentWell, notEffective: notEffective,
                                              problems: problems, leadershipLearning: leadership, date: date)
            print("Corrected reflection #\(id).")
        }
    }

    struct Delete: DeleteByNumber {
        static let configuration = CommandConfiguration(abstract: "Delete a reflection.")
        static let noun = "reflection"
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The reflection's number.") var id: Int64
        static func delete(_ id: Int64, in project: WorkbenchProject) throws { try project.cycles.deleteReflection(id) }
    }
}

struct Reviews: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Correct or delete peer reviews (add them with `workbench review`).", subcommands: [Edit.self, Delete.self])

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Correct a peer review (an empty response clears it).")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The review's number (see `workbench cycle show`).") var id: Int64
        @Option(help: "Who challenged.") var by: String?
        @Option(help: "The challenge.") var challenge: String?
        @Option(help: "The response.") var response: String?
        @Option(help: "The day, YYYY-MM-DD.", transform: CalendarDate.parse) var date: CalendarDate?
        func run() throws {
            try project.open().cycles.editReview(id, challengedBy: by, challenge: challenge, response: response, date: date)
            print("Corrected peer review #\(id).")
        }
    }

    struct Delete: DeleteByNumber {
        static let configuration = CommandConfiguration(abstract: "Delete a peer review.")
        static let noun = "peer review"
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The review's number.") var id: Int64
        static func delete(_ id: Int64, in project: WorkbenchProject) throws { try project.cycles.deleteReview(id) }
    }
}

extension Memos {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace a memo's text.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The memo's number (see `workbench memos list`).") var id: Int64
        @Option(help: "The new text.") var text: String
        func run() throws {
            try project.open().stages.editMemo(id, text: text)
            print("Corrected memo #\(id).")
        }
    }

    struct Delete: DeleteByNumber {
        static let configuration = CommandConfiguration(abstract: "Delete a memo.")
        static let noun = "memo"
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The memo's number.") var id: Int64
        static func delete(_ id: Int64, in project: WorkbenchProject) throws { try project.stages.deleteMemo(id) }
    }
}

extension MemberChecks {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Correct a member check.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The member check's number (see `workbench member-checks list`).") var id: Int64
        @Option(help: "The day of the check, YYYY-MM-DD.", transform: CalendarDate.parse) var date: CalendarDate?
        @Option(help: "confirmed, amended, disputed or no-response.") var outcome: String?
        @Option(help: "What changed (an empty value clears it).") var changes: String?
        func run() throws {
            let outcome = try outcome.map { text in
                guard let value = MemberCheck.Outcome(rawValue: text) else {
                    throw ValidationError("--outcome must be one of "
                                          + MemberCheck.Outcome.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return value
            }
            try project.open().stages.editMemberCheck(id, date: date, outcome: outcome, changes: changes)
            print("Corrected member check #\(id).")
        }
    }

    struct Delete: DeleteByNumber {
        static let configuration = CommandConfiguration(abstract: "Delete a member check.")
        static let noun = "member check"
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The member check's number.") var id: Int64
        static func delete(_ id: Int64, in project: WorkbenchProject) throws { try project.stages.deleteMemberCheck(id) }
    }
}

extension Outside {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace an outside passage's note.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The passage's number (see `workbench outside list`).") var id: Int64
        @Option(help: "The note (an empty value clears it).") var note: String
        func run() throws {
            try project.open().stages.editOutside(id, note: note)
            print("Corrected outside passage #\(id).")
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-open a resolved outside passage.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The passage's number.") var id: Int64
        func run() throws {
            try project.open().stages.reopenOutside(id)
            print("Re-opened outside passage #\(id).")
        }
    }

    struct Delete: DeleteByNumber {
        static let configuration = CommandConfiguration(abstract: "Delete an outside passage.")
        static let noun = "outside passage"
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The passage's number.") var id: Int64
        static func delete(_ id: Int64, in project: WorkbenchProject) throws { try project.stages.deleteOutside(id) }
    }
}

extension Codings {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List codings with their numbers.")
        @OptionGroup var project: ProjectOptions
        @Option(help: "Only those with this framework.") var framework: String?
        @Option(help: "Only those of this source.") var source: String?
        @Option(help: "Only this coder's.") var coder: String?
        @Option(help: "table, csv or json.") var format: TableFormat = .table
        func run() throws {
            let codings = try project.open().coding.codings(framework: framework, source: source, coder: coder)
            if format == .json { return try printJSON(codings) }
            printRows(format, ["#", "SOURCE", "START", "END", "FRAMEWORK", "THEME", "CODER", "AUTOMATIC", "QUOTE"], codings.map {
                [String($0.id), $0.source, String($0.start), String($0.end), $0.framework, $0.theme, $0.coder,
                 $0.automatic ? "yes" : "no", $0.quote]
            })
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete one coding: by its number, or by source and passage (with theme and coder when several match).")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "The coding's number (see `workbench codings list`).") var id: Int64?
        @Option(help: "The source's name.") var source: String?
        @Option(help: "First code point of the passage.") var start: Int?
        @Option(help: "Code point after the passage.") var end: Int?
        @Option(help: "The passage's exact text.") var quote: String?
        @Option(help: "The theme id.") var theme: String?
        @Option(help: "The coder.") var coder: String?
        func validate() throws {
            guard (id == nil) != (source == nil) else {
                throw ValidationError("give the coding's number, or --source with the passage")
            }
        }
        func run() throws {
            let workbench = try project.open()
            if let id {
                try workbench.coding.deleteCoding(id)
                return print("Deleted coding #\(id).")
            }
            let deleted = try workbench.coding.deleteCoding(source: source!, start: start, end: end, quote: quote, theme: theme,
                                                     coder: coder)
            print("Deleted coding #\(deleted).")
        }
    }
}
