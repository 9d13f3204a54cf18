import ArgumentParser
import Foundation
import ProjectStore
import Transcripts
import WorkbenchCore

struct Transcripts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import interview transcripts (.txt, .docx, .vtt, .srt) and look at their speaker turns.",
        subcommands: [Import.self, List.self, Show.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import transcripts; originals are kept byte for byte in sources/.",
            discussion: """
            Speaker labels are recognised as "Name: text", "[Name] text", "{Name} text", "#Name: text" and \
            "Name (00:01:02): text"; WebVTT voices (<v Name>) and SRT cues keep their times. Text is stored as \
            UTF-8, NFC, LF line endings and no BOM; offsets are Unicode code points. A speaker whose name is a \
            participant's pseudonym is linked to that participant.
            """)

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The files to import.")
        var files: [String]

        @Option(name: .customLong("case"), help: "The participant (case) these sources belong to, e.g. an interviewee.")
        var caseName: String?

        @Option(name: .customLong("attribute"), help: ArgumentHelp("KEY=VALUE for the case, repeatable.",
                                                                   valueName: "KEY=VALUE"))
        var attributes: [String] = []

        @Option(help: "A regular expression with (?<speaker>…) and (?<text>…) groups for other speaker labels.")
        var speakerPattern: String?

        @Option(help: ArgumentHelp("A speaker who is the interviewer (repeatable): not auto-coded, not a case. "
                                   + "Speakers labelled 'Interviewer' are interviewers anyway.", valueName: "NAME"))
        var interviewer: [String] = []

        func run() throws {
            let imported = try project.open().coding.importTranscripts(files.map { URL(fileURLWithPath: $0) }, case: caseName,
                                                                attributes: attributes, speakerPattern: speakerPattern,
                                                                interviewers: interviewer)
            for (name, transcript) in imported {
                let speakers = Set(transcript.turns.compactMap(\.speaker)).sorted()
                print("Imported \(name): \(transcript.turns.count) turns, \(transcript.text.codePointCount) "
                      + "characters; speakers: " + (speakers.isEmpty ? "none named" : speakers.joined(separator: ", ")))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List imported sources.")

        @OptionGroup var project: ProjectOptions

        @Option(help: "table, csv or json.")
        var format: TableFormat = .table

        func run() throws {
            let rows = try project.open().coding.sources()
            if format == .json { return try printJSON(rows) }
            printRows(format, ["SOURCE", "KIND", "CHARACTERS", "ORIGINAL"], rows.map {
                [$0.name, $0.kind, String($0.characters), $0.original]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a source's speaker turns with their offsets.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The source's name.")
        var source: String

        @Option(help: "text (the transcript to read), table, csv or json.")
        var format: ShowFormat = .text

        @Flag(help: "Replace participants' real names (in labels and text) with their pseudonyms; offsets refer to the anonymised text.")
        var anonymise = false

        enum ShowFormat: String, ExpressibleByArgument { case text, table, csv, json }

        func run() throws {
            let transcript = try project.open().coding.show(source, anonymise: anonymise)
            if format == .json { return try printJSON(transcript) }
            if format != .text {
                return printRows(format == .csv ? .csv : .table, ["START", "END", "SPEAKER", "TEXT"], transcript.turns.map {
                    [String($0.start), String($0.end), $0.speaker ?? "", $0.text]
                })
            }
            for turn in transcript.turns {
                print("[\(turn.start)–\(turn.end)] \(turn.speaker.map { "\($0): " } ?? "")\(turn.text)")
            }
        }
    }
}
