public import ArgumentParser
import ProjectStore
import Foundation
import Statistics
import Scoring
public import Statistics
import WorkbenchCore
import WorkbenchKit

struct Responses: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Get questionnaire answers in: import a CSV file or type them in.",
        subcommands: [Import.self, Enter.self, Edit.self, Delete.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import answers from CSV; every problem is reported and nothing is imported unless all is well.",
            discussion: """
            Long files have the columns participant,item,value. Wide files have a participant column and one \
            column per item id; for exports with other column names give a mapping file with the header \
            column,item (item "participant" marks the pseudonym column, "occasion" the occasion column). Either \
            may have an occasion column holding every occasion at once; otherwise name the occasion. Answers may \
            be an option's code or its label ("Strongly agree"), in any case and spacing; for other wordings give \
            an answers file with the header scale,answer,code (an empty scale means every scale with that \
            code). Empty cells are unanswered items.
            """)

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The questionnaire: ID or ID@VERSION.")
        var instrument: String

        @Argument(help: "The CSV file.")
        var file: String

        @Option(help: "The occasion label, e.g. pre, post, autumn-2025 (not for a file with an occasion column).")
        var occasion: String?

        @Option(help: "A column,item mapping file for wide exports from form tools.")
        var mapping: String?

        @Option(help: "A scale,answer,code file giving the codes of answer wordings that are not the options' labels.")
        var answers: String?

        @Flag(help: "Add participants the project does not know yet.")
        var addParticipants = false

        func run() throws {
            let table = try project.open().instruments.importResponses(
                instrument, from: URL(fileURLWithPath: file), occasion: occasion,
                mapping: mapping.map { URL(fileURLWithPath: $0) }, answers: answers.map { URL(fileURLWithPath: $0) },
                addParticipants: addParticipants)
            let occasions = occasion.map { [$0] } ?? table.occasions
            print("Imported \(table.answers.count) answers from \(table.participants.count) participant(s) "
                  + "(\(table.layout.rawValue) layout) for " + (occasions.count == 1 ? "occasion " : "occasions ")
                  + occasions.map { "'\($0)'" }.joined(separator: ", ") + ".")
            for (scale, read) in table.labelsRead.sorted(by: { $0.key < $1.key }) {
                print("  answers given as labels or wordings on \(scale): "
                      + read.sorted { $0.key < $1.key }.map { "'\($0.key)' → \($0.value)" }.joined(separator: ", "))
            }
        }
    }

    struct Enter: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Type one participant's answers item by item; each answer is checked as you type.",
            discussion: "Nothing is saved until the last item is answered. End input (Ctrl-D) to abandon.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The questionnaire: ID or ID@VERSION.")
        var instrument: String

        @Option(help: "The participant's pseudonym.")
        var participant: String

        @Option(help: "The occasion label.")
        var occasion: String

        func run() throws {
            let workbench = try project.open()
            var (descriptor, entry, wording) = try workbench.instruments.beginEntry(instrument, participant: participant,
                                                                        occasion: occasion)
            print("\(descriptor.displayName) — \(participant), occasion '\(occasion)'")
            while let item = entry.nextItem() {
                print(entry.prompt(for: item, wording: wording[item.id]), terminator: "")
                fflush(nil)
                guard let line = readLine() else {
                    print("")
                    throw WorkbenchError("entry abandoned before the last item; nothing was saved")
                }
                if case .retry(let reason) = entry.answer(line) { print("  \(reason)") }
            }
            try workbench.instruments.finishEntry(entry, instrument: descriptor, participant: participant, occasion: occasion)
            print("Saved \(entry.answers.count) answers for \(participant).")
        }
    }
}

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record, show and correct maturity-matrix audits.",
        subcommands: [Record.self, Import.self, Show.self, Judgements.self, Edit.self, Delete.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a whole audit from CSV: strand, level, evidence, occasion and respondent columns.",
            discussion: """
            One judgement per row; the columns may come in any order, respondent may be left out. Every row is \
            checked first and every problem reported with its line; nothing is imported unless all are valid. A \
            respondent's new judgement of a strand on an occasion replaces their earlier one.
            """)

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The maturity matrix: ID or ID@VERSION.")
        var matrix: String

        @Argument(help: "The CSV file.")
        var file: String

        func run() throws {
            let saved = try project.open().audits.importJudgements(matrix: matrix, from: URL(fileURLWithPath: file))
            let occasions = saved.reduce(into: [String]()) { if !$0.contains($1.occasion) { $0.append($1.occasion) } }
            print("Imported \(saved.count) judgement(s) for " + occasions.map { "'\($0)'" }.joined(separator: ", ") + ".")
        }
    }

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record one respondent's best-fit level for a strand, with its evidence.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The maturity matrix: ID or ID@VERSION.")
        var matrix: String

        @Option(help: "The strand id (see `workbench plugins show MATRIX`).")
        var strand: String

        @Option(help: "The level id or label, e.g. developing.")
        var level: String

        @Option(help: "How do we know? The evidence for this level.")
        var evidence: String

        @Option(help: "Who made the judgement (several respondents may judge the same strand).")
        var respondent: String?

        @Option(help: "The occasion label.")
        var occasion: String

        func run() throws {
            let record = try project.open().audits.recordJudgement(matrix: matrix, strand: strand, level: level,
                                                            evidence: evidence, respondent: respondent,
                                                            occasion: occasion)
            print("Recorded \(record.strand) = \(record.level) for '\(record.occasion)'"
                  + (record.respondent.map { " by \($0)" } ?? ""))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per strand: the median level at each occasion (with the spread) and the change.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The maturity matrix: ID or ID@VERSION.")
        var matrix: String

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let report = try project.open().audits.audit(matrix)
            if format == .json { return try printJSON(AuditResult(report)) }
            if format == .csv {
                // One plain value per cell: a row per strand and occasion.
                return printCSV(["STRAND", "NAME", "OCCASION", "MEDIAN", "LOWEST", "HIGHEST", "N"],
                                report.definition.strands.flatMap { strand in
                    report.occasions.compactMap { occasion in
                        report.result(strand: strand.id, occasion: occasion).map {
                            [strand.id, strand.name, occasion, $0.median.id, $0.lowest.id, $0.highest.id, String($0.n)]
                        }
                    }
                })
            }
            let rows = report.definition.strands.map { strand -> [String] in
                let cells = report.occasions.map { occasion -> String in
                    guard let result = report.result(strand: strand.id, occasion: occasion) else { return "—" }
                    let spread = result.lowest == result.highest ? ""
                        : " (\(result.lowest.label)–\(result.highest.label))"
                    return "\(result.median.label)\(spread) n=\(result.n)"
                }
                let change = report.change(strand: strand.id).map { $0 > 0 ? "+\($0)" : "\($0)" } ?? ""
                return [strand.name] + cells + [change]
            }
            printRows(format, ["STRAND"] + report.occasions.map { $0.uppercased() } + ["CHANGE"], rows)
            if format == .table {
                print("\nMedian level (lower median when even), with the range of judgements and their number. "
                      + "Levels are ordinal and are not averaged.")
                let levels = Dictionary(report.definition.levels.map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
                print("\nThe evidence behind each judgement:")
                for strand in report.definition.strands {
                    for occasion in report.occasions {
                        for judgement in report.judgements(strand: strand.id, occasion: occasion) {
                            print("  \(strand.name), '\(occasion)': \(levels[judgement.level] ?? judgement.level)"
                                  + (judgement.respondent.map { " (\($0))" } ?? "") + " — \(judgement.evidence ?? "")")
                        }
                    }
                }
            }
        }
    }
}

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score every participant on an occasion: each subscale and composite.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The questionnaire: ID or ID@VERSION.")
    var instrument: String

    @Option(help: "The occasion label.")
    var occasion: String

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let report = try project.open().instruments.scores(instrument, occasion: occasion)
        if format == .json { return try printJSON(ScoresResult(report)) }
        let ids = report.definitions.map(\.id)
        printRows(format, ["PARTICIPANT"] + ids, report.cards.map { card in
            [card.participant] + ids.map { id in
                let value = cell(card.scores[id] ?? nil, 2, format)
                guard format == .table else { return value }
                return value + (card.prorated.contains(id) ? "*" : "") + (card.bands[id].map { " (\($0))" } ?? "")
            }
        })
        if format == .table {
            print("\n\(report.instrument.reference), occasion '\(report.occasion)'. — missing: too few items answered.")
            if report.cards.contains(where: { !$0.prorated.isEmpty }) {
                print("* scored from the items answered (prorated mean); prorating can bias scores when answers are "
                      + "not missing at random.")
            }
        }
    }
}

struct Reliability: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cronbach's alpha of every subscale and composite on an occasion.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The questionnaire: ID or ID@VERSION.")
    var instrument: String

    @Option(help: "The occasion label.")
    var occasion: String

    @Option(help: "listwise (complete answers only) or pairwise (each covariance from who answered both items).")
    var missing: MissingDataPolicy = .pairwise

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let rows = try project.open().instruments.reliability(instrument, occasion: occasion, policy: missing)
        if format == .json {
            return try printJSON(ReliabilityResult(missing: missing.rawValue, subscales: rows))
        }
        printRows(format, ["SUBSCALE", "ITEMS", "N", "ALPHA"] + (format == .csv ? ["WARNINGS"] : []), rows.map {
            [$0.subscale, String($0.k), String($0.n), cell($0.alpha, 3, format)]
                + (format == .csv ? [$0.warnings.joined(separator: " | ")] : [])
        })
        if format == .table {
            print("\nCronbach's alpha from the item covariance matrix, reverse keying applied; missing answers "
                  + "handled \(missing.rawValue) (as psych::alpha / pingouin).")
            printWarnings(rows.map { ($0.subscale, $0.warnings) })
        }
    }
}

extension MissingDataPolicy: ExpressibleByArgument {}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Before/after comparison per subscale: paired t, Wilcoxon signed-rank, effect sizes.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The questionnaire: ID or ID@VERSION.")
    var instrument: String

    @Option(help: "The earlier occasion.")
    var from: String

    @Option(help: "The later occasion.")
    var to: String

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let rows = try project.open().instruments.compare(instrument, from: from, to: to)
        if format == .json {
            return try printJSON(ComparisonResult(from: from, to: to, subscales: rows))
        }
        let reliable = format == .csv ? ["RELIABLE CHANGE", "RELIABLY IMPROVED", "RELIABLY DECLINED"] : ["RELIABLE CHANGE"]
        let interval = format == .csv ? ["CI LOW", "CI HIGH"] : ["95% CI"]
        printRows(format, ["SUBSCALE", "N", "BEFORE", "AFTER", "DIFF", "SD DIFF"] + interval
                  + ["t", "df", "p", "WILCOXON W", "p (W)", "d_z", "g_z (exact J)", "g_z (approx. J)"] + reliable
                  + (format == .csv ? ["WARNINGS"] : []), rows.map { row in
            let change = format == .csv
                ? [NumberText.exact(row.reliableChange), row.reliablyImproved.map(String.init) ?? "",
                   row.reliablyDeclined.map(String.init) ?? ""]
                : [row.reliableChange.map {
                    "±\(formatted($0)): \(row.reliablyImproved ?? 0) up, \(row.reliablyDeclined ?? 0) down"
                } ?? "—"]
            let bounds = format == .csv
                ? [NumberText.exact(row.confidenceLow), NumberText.exact(row.confidenceHigh)]
                : [row.confidenceLow.map { "[\(formatted($0)), \(formatted(row.confidenceHigh))]" } ?? "—"]
            return [row.subscale, String(row.n), cell(row.meanBefore, 2, format), cell(row.meanAfter, 2, format),
                    cell(row.meanDifference, 2, format), cell(row.sdDifference, 2, format)] + bounds
                + [cell(row.t, 2, format), row.df.map(String.init) ?? (format == .csv ? "" : "—"), pCell(row.p, format),
                   cell(row.wilcoxon?.statistic, 1, format), pCell(row.wilcoxon?.p, format),
                   cell(row.cohenDz, 2, format), cell(row.hedgesGz, 2, format), cell(row.hedgesGzApproximate, 2, format)]
                + change + (format == .csv ? [row.warnings.joined(separator: " | ")] : [])
        })
        if format == .table {
            let methods = Set(rows.compactMap { $0.wilcoxon?.method }).sorted().joined(separator: "; ")
            print("""

            Participants scored on both occasions. t: paired t-test, two-sided. W: Wilcoxon signed-rank, \
            min(W+, W−), zero differences dropped (\(methods.isEmpty ? "no test" : methods)). d_z = mean \
            difference / SD of differences; g_z = d_z × J, with the exact J = Γ(df/2) / (√(df/2) Γ((df−1)/2)) \
            and with the approximation J = 1 − 3/(4·df − 1), df = n − 1. These are single-group effect sizes, not \
            comparable with between-group (e.g. EEF) effect sizes. 95% CI: of the mean difference, from the \
            paired t. Reliable change: 1.96 × SD × √2 × √(1 − α) from the instrument's published norms.
            """)
            printWarnings(rows.map { ($0.subscale, $0.warnings) })
        }
    }
}

/// Prints each score's warnings below a table, one line each.
private func printWarnings(_ warnings: [(score: String, warnings: [String])]) {
    let lines = warnings.flatMap { entry in entry.warnings.map { "warning: \(entry.score): \($0)" } }
    if !lines.isEmpty { print("\n" + lines.joined(separator: "\n")) }
}
