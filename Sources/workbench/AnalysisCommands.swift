import ArgumentParser
import Enquiries
import Foundation
import FrameworkAnalysis
import ProjectStore
import WorkbenchCore
import WorkbenchKit

struct Analysis: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Where the framework analysis stands: familiarisation, draft framework, member checks, "
            + "indexing, charting and the outside-the-framework bucket.")

    @OptionGroup var project: ProjectOptions

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let status = try project.open().stages.analysisStatus()
        if format == .json { return try printJSON(status) }
        if format == .csv {
            var rows = [["familiarisation", "", "memos", String(status.familiarisation.memos)],
                        ["familiarisation", "", "researchers", String(status.familiarisation.researchers.count)],
                        ["familiarisation", "", "sources with memos", String(status.familiarisation.sourcesWithMemos)],
                        ["familiarisation", "", "sources", String(status.familiarisation.sources)],
                        ["draft", status.draft.reference, "active themes", String(status.draft.activeThemes)],
                        ["draft", status.draft.reference, "retired themes", String(status.draft.retiredThemes)],
                        ["draft", status.draft.reference, "changes", String(status.draft.changes)],
                        ["member checks", "", "checks", String(status.memberChecks.count)],
                        ["member checks", "", "participants", String(status.memberChecks.participants)]]
            for framework in status.frameworks {
                rows += [["indexing", framework.framework, "manual codings", String(framework.manual)],
                         ["indexing", framework.framework, "automatic codings", String(framework.automatic)],
                         ["indexing", framework.framework, "sources coded", String(framework.sourcesCoded)],
                         ["charting", framework.framework, "cells with passages", String(framework.cellsWithPassages)],
                         ["charting", framework.framework, "cells summarised", String(framework.cellsSummarised)]]
            }
            rows += [["outside", "", "open", String(status.outside.open)], ["outside", "", "coded", String(status.outside.coded)],
                     ["outside", "", "dismissed", String(status.outside.dismissed)]]
            return printCSV(["STAGE", "FRAMEWORK", "MEASURE", "VALUE"], rows)
        }
        let familiar = status.familiarisation
        print("1. Familiarisation  \(familiar.memos) memo(s) by \(familiar.researchers.count) researcher(s) on "
              + "\(familiar.sourcesWithMemos) of \(familiar.sources) source(s)")
        let draft = status.draft
        print("2. Draft framework  \(draft.reference): \(draft.activeThemes) theme(s), \(draft.retiredThemes) merged or "
              + "split, \(draft.changes) change(s)"
              + (draft.promotions.isEmpty ? "; not promoted yet" : "; promoted to " + draft.promotions.joined(separator: ", ")))
        let checks = status.memberChecks
        print("3. Member checks    \(checks.count) with \(checks.participants) participant(s)"
              + (checks.outcomes.isEmpty ? "" : " (" + checks.outcomes.sorted { $0.key < $1.key }
                .map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")"))
        if status.frameworks.isEmpty { print("4. Indexing         no codings yet") }
        for framework in status.frameworks {
            print("4. Indexing         \(framework.framework): \(framework.manual) manual + \(framework.automatic) "
                  + "automatic coding(s) on \(framework.sourcesCoded) source(s) by "
                  + framework.coders.joined(separator: ", "))
            print("5. Charting         \(framework.framework): \(framework.cellsSummarised) of "
                  + "\(framework.cellsWithPassages) cell(s) with passages summarised")
        }
        let outside = status.outside
        print("   Outside the framework: \(outside.open) open, \(outside.coded) coded, \(outside.dismissed) dismissed")
    }
}

struct Memos: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Familiarisation memos on a source, a passage or the whole project, by researcher.", subcommands: [Add.self, List.self, Edit.self, Delete.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a memo on a source, on a passage of it, or (with no source) on the project.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The source's name (leave out for a memo on the whole project).")
        var source: String?

        @Option(help: "The memo.")
        var text: String

        @Option(help: "Who writes it.")
        var by: String

        @Option(help: "First code point of the passage (with --end).")
        var start: Int?

        @Option(help: "Code point after the passage.")
        var end: Int?

        @Option(help: "The passage's exact text, instead of offsets.")
        var quote: String?

        func run() throws {
            let memo = try project.open().stages.addMemo(source: source, researcher: by, text: text, start: start, end: end,
                                                  quote: quote)
            print("Memo #\(memo.id!) on \(source ?? "the project")" + (memo.start.map { " [\($0)–\(memo.end!)]" } ?? ""))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List memos.")

        @OptionGroup var project: ProjectOptions

        @Option(help: "Only memos on this source.")
        var source: String?

        @Option(help: "Only this researcher's memos.")
        var by: String?

        @Flag(help: "Replace participants' real names with their pseudonyms.")
        var anonymise = false

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let memos = try project.open().stages.memos(source: source, researcher: by, anonymise: anonymise)
            if format == .json { return try printJSON(memos) }
            printRows(format, ["ID", "SOURCE", "PASSAGE", "BY", "MEMO"], memos.map { memo in
                [String(memo.id), memo.source ?? "(project)", memo.start.map { "[\($0)–\(memo.end!)] “\(memo.passage ?? "")”" } ?? "(whole)",
                 memo.researcher, memo.text]
            })
        }
    }
}

struct Draft: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The inductive draft framework: add, rename, define, merge and split themes; history; promote.",
        discussion: """
        Code passages with draft themes using `--framework draft` in `codings add`, `chart` and `agreement`. \
        Merges move codings to the surviving theme. `draft promote` writes a versioned coding-framework \
        plugin into the project and moves the draft's codings to it.
        """,
        subcommands: [Show.self, Add.self, Rename.self, Define.self, Merge.self, Split.self, History.self,
                      Promote.self],
        defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The draft's themes as a tree, with retired ones.")

        @OptionGroup var project: ProjectOptions

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let workbench = try project.open()
            let draft = try workbench.stages.draft()
            if format == .json { return try printJSON(draft) }
            if format == .csv {
                return printCSV(["ID", "NAME", "PARENT", "STATUS", "REPLACED BY", "CODINGS", "DEFINITION"], draft.themes.map {
                    [$0.id, $0.name, $0.parent ?? "", $0.status, $0.replacedBy.joined(separator: " "), String($0.codings),
                     $0.definition ?? ""]
                })
            }
            let (_, framework) = try workbench.draftFramework()
            let codings = Dictionary(uniqueKeysWithValues: draft.themes.map { ($0.id, $0.codings) })
            print("\(draft.reference): \(framework.allThemes.count) theme(s)")
            for (theme, path) in framework.allThemes {
                print(String(repeating: "  ", count: path.count) + "\(theme.id)  \(theme.name)  "
                      + "(\(codings[theme.id] ?? 0) codings)" + (theme.definition.map { " — \($0)" } ?? ""))
            }
            let retired = draft.themes.filter { $0.status != DraftTheme.Status.active.rawValue }
            if !retired.isEmpty {
                print("\nRetired:")
                for theme in retired {
                    print("  \(theme.id)  \(theme.name): \(theme.status) into " + theme.replacedBy.joined(separator: ", "))
                }
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a theme.")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "The theme's name.") var name: String
        @Option(help: "Its id (default: made from the name).") var id: String?
        @Option(help: "The id of the theme it belongs under.") var parent: String?
        @Option(help: "What the theme covers.") var definition: String?
        @Option(help: "Who makes the change.") var by: String
        @Option(help: "Why, for the history.") var note: String?

        func run() throws {
            let theme = try project.open().stages.addDraftTheme(name, id: id, parent: parent, definition: definition,
                                                         researcher: by, note: note)
            print("Added \(theme.id) '\(theme.name)' to the draft.")
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a theme (its id and codings stay).")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "The theme's id.") var theme: String
        @Argument(help: "The new name.") var name: String
        @Option(help: "Who makes the change.") var by: String
        @Option(help: "Why, for the history.") var note: String?

        func run() throws {
            try project.open().stages.renameDraftTheme(theme, to: name, researcher: by, note: note)
            print("Renamed \(theme) to '\(name)'.")
        }
    }

    struct Define: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a theme's definition and inclusion/exclusion notes.")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "The theme's id.") var theme: String
        @Option(help: "What the theme covers.") var definition: String?
        @Option(name: .customLong("include"), help: "What to code with it.") var inclusion: String?
        @Option(name: .customLong("exclude"), help: "What not to code with it.") var exclusion: String?
        @Option(help: "Who makes the change.") var by: String
        @Option(help: "Why, for the history.") var note: String?

        func run() throws {
            try project.open().stages.defineDraftTheme(theme, definition: definition, inclusion: inclusion,
                                                exclusion: exclusion, researcher: by, note: note)
            print("Updated \(theme).")
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge themes into another; their codings and subthemes move to it.")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "The themes to merge.") var themes: [String]
        @Option(help: "The theme they merge into.") var into: String
        @Option(help: "Who makes the change.") var by: String
        @Option(help: "Why, for the history.") var note: String?

        func run() throws {
            try project.open().stages.mergeDraftThemes(themes, into: into, researcher: by, note: note)
            print("Merged \(themes.joined(separator: ", ")) into \(into).")
        }
    }

    struct Split: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Split a theme into new ones.")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "The theme to split.") var theme: String
        @Option(help: "The name of a new theme (repeat: two or more).") var into: [String]
        @Option(help: "The new theme (by id) its codings go to; required when it has codings.") var codingsTo: String?
        @Option(help: "Who makes the change.") var by: String
        @Option(help: "Why, for the history.") var note: String?

        func run() throws {
            let parts = try project.open().stages.splitDraftTheme(theme, into: into, codingsTo: codingsTo, researcher: by,
                                                           note: note)
            print("Split \(theme) into " + parts.map { "\($0.id) '\($0.name)'" }.joined(separator: ", ") + ".")
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every change to the draft, oldest first.")

        @OptionGroup var project: ProjectOptions

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let changes = try project.open().store.draftChanges()
            if format == .json { return try printJSON(changes) }
            printRows(format, ["#", "WHEN", "BY", "CHANGE", "NOTE"], changes.map {
                [String($0.id!), $0.at.formatted(.iso8601), $0.researcher, $0.detail, $0.note ?? ""]
            })
        }
    }

    struct Promote: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the draft as a versioned coding-framework plugin in the project; its codings move there.")

        @OptionGroup var project: ProjectOptions
        @Option(help: "The plugin id, e.g. alliance-interviews.") var id: String
        @Option(help: "The version, e.g. 1.0.0 (later than any existing version of the id).") var version: String
        @Option(help: "The plugin's display name.") var name: String?
        @Option(help: "An SPDX licence id, or 'proprietary'.") var licence = "proprietary"
        @Option(help: "Who promotes it.") var by: String
        @Option(help: "Why, for the history.") var note: String?

        func run() throws {
            let result = try project.open().stages.promoteDraft(id: id, version: version, name: name, licence: licence,
                                                         researcher: by, note: note)
            print("Wrote \(result.file.path) (\(result.descriptor.reference)); \(result.codings) coding(s) moved to it.")
        }
    }
}

struct MemberChecks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member-checks",
        abstract: "Member checks: who was shown which framework version, when, and what came of it.",
        subcommands: [Add.self, List.self, Edit.self, Delete.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a member check.")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "The participant (pseudonym).") var participant: String
        @Option(help: "The day of the check, YYYY-MM-DD.", transform: CalendarDate.parse) var date: CalendarDate
        @Option(help: "The framework shown: draft, ID or ID@VERSION.") var framework: String
        @Option(help: "confirmed, amended, disputed or no-response.") var outcome: String
        @Option(help: "The changes made as a result (required for amended).") var changes: String?
        @Option(help: "Who carried out the check.") var by: String

        func run() throws {
            guard let outcome = MemberCheck.Outcome(rawValue: outcome) else {
                throw ValidationError("--outcome must be one of "
                                      + MemberCheck.Outcome.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let check = try project.open().stages.addMemberCheck(participant: participant, date: date, framework: framework,
                                                          researcher: by, outcome: outcome, changes: changes)
            print("Member check #\(check.id!): \(participant), \(check.checkedOn), \(check.framework), "
                  + check.outcome.rawValue)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List member checks.")

        @OptionGroup var project: ProjectOptions

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let checks = try project.open().stages.memberChecks()
            if format == .json { return try printJSON(checks) }
            printRows(format, ["#", "PARTICIPANT", "DATE", "FRAMEWORK", "BY", "OUTCOME", "CHANGES"], checks.map {
                [String($0.id), $0.participant, $0.date, $0.framework, $0.by, $0.outcome, $0.changes ?? ""]
            })
        }
    }
}

struct Outside: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The outside-the-framework bucket: passages kept visible until coded or dismissed.",
        subcommands: [Add.self, List.self, Resolve.self, Edit.self, Reopen.self, Delete.self],
        defaultSubcommand: List.self)

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a passage the framework does not cover in the bucket.")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "The source's name.") var source: String
        @Option(help: "First code point of the passage.") var start: Int?
        @Option(help: "Code point after the passage.") var end: Int?
        @Option(help: "The passage's exact text, instead of offsets.") var quote: String?
        @Option(help: "Why it does not fit.") var note: String?
        @Option(help: "Who puts it there.") var by: String

        func run() throws {
            let passage = try project.open().stages.addOutside(source: source, researcher: by, note: note, start: start,
                                                        end: end, quote: quote)
            print("Outside-the-framework passage #\(passage.id!): \(source) [\(passage.start)–\(passage.end)]")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List open passages (or all, with --all).")

        @OptionGroup var project: ProjectOptions
        @Flag(help: "Include resolved passages.") var all = false
        @Flag(help: "Replace participants' real names with their pseudonyms.") var anonymise = false
        @Option(help: "table, csv or json.") var format: TableFormat = .table

        func run() throws {
            let passages = try project.open().stages.outside(all: all, anonymise: anonymise)
            if format == .json { return try printJSON(passages) }
            printRows(format, ["ID", "SOURCE", "PASSAGE", "BY", "NOTE", "STATUS"], passages.map {
                [String($0.id), "\($0.source) [\($0.start)–\($0.end)]", "“\($0.quote)”", $0.researcher, $0.note ?? "",
                 $0.status.rawValue + ($0.resolution.map { ": \($0)" } ?? "")]
            })
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resolve a passage: code it with a theme (e.g. a new draft theme) or dismiss it with a reason.")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "The passage's number (see `outside list`).") var id: Int64
        @Option(help: "The framework of the theme: draft, ID or ID@VERSION.") var framework: String?
        @Option(help: "The theme to code it with.") var theme: String?
        @Option(help: "Dismiss it, for this reason.") var dismiss: String?
        @Option(help: "Who resolves it.") var by: String

        func run() throws {
            let passage = try project.open().stages.resolveOutside(id, framework: framework, theme: theme,
                                                            dismissReason: dismiss, researcher: by)
            print("Passage #\(id): \(passage.resolution!.rawValue)" + (passage.resolutionNote.map { " (\($0))" } ?? ""))
        }
    }
}
