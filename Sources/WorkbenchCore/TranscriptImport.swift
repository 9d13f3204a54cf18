public import Foundation
public import FrameworkAnalysis
import PluginHost
import ProjectStore
public import Transcripts

extension Coding {
    /// Imports transcripts: every file is read and checked first; then the originals are kept byte
    /// for byte in `sources/` and the normalised texts and turns saved in one transaction. A failure
    /// anywhere leaves the project as it was.
    /// - Parameters:
    ///   - caseName: the participant (case) the sources belong to, created if new.
    ///   - attributes: `KEY=VALUE` attributes of that case.
    ///   - speakerPattern: a regular expression with `speaker` and `text` groups for unusual labels.
    ///   - interviewers: speakers who are interviewers: each becomes (or is marked as) a participant
    ///     with the role `interviewer`, whose turns the auto-coder leaves alone and who is no case.
    /// - Returns: each source's name and transcript.
    @discardableResult
    public func importTranscripts(_ files: [URL], case caseName: String? = nil, attributes: [String] = [],
                                  speakerPattern: String? = nil, interviewers: [String] = []) throws
        -> [(name: String, transcript: Transcript)] {
        guard !files.isEmpty else { throw WorkbenchError("no files to import") }
        if !attributes.isEmpty && caseName == nil {
            throw WorkbenchError("attributes describe a case: name the case too", code: .missingValue, field: "case")
        }
        let values = try Self.attributes(attributes)
        let speakers = try speakerPattern.map { pattern throws(TranscriptError) in try SpeakerTurns(customPattern: pattern) }
            ?? .standard
        var names = Set<String>()
        for file in files {
            let name = file.lastPathComponent
            guard names.insert(name).inserted else { throw WorkbenchError("\(file.path): two files named \(name)") }
        }
        // Files are read on every core; the first file that fails (in the order given) is reported.
        let read = try inParallel(files, task: "Reading transcripts", unit: "files") { file throws -> (url: URL, name: String, transcript: Transcript, sha256: String) in
            let transcript = try TranscriptReader.read(file, speakers: speakers)
            guard !transcript.turns.isEmpty else { throw WorkbenchError("\(file.path): no text to import") }
            return (file, file.lastPathComponent, transcript, try PluginDigest.sha256(fileAt: file))
        }
        let files = FileManager.default
        var originals = StagedOriginals(in: store.sourcesFolder)
        let kept = try store.keptFiles()
        for item in read {
            let destination = store.sourcesFolder.appendingPathComponent(item.name)
            if files.fileExists(atPath: destination.path) {
                // An original left by an import that was undone is used again when it is the same file.
                guard kept["sources/\(item.name)"] == nil,
                      (try? PluginDigest.sha256(fileAt: destination)) == item.sha256 else {
                    throw WorkbenchError("sources/\(item.name) already exists in the project; rename the file to import it")
                }
                continue
            }
            try originals.add(copyOf: item.url, as: item.name)
        }
        report("Reading transcripts", read.count, of: read.count, "files")
        let now = Date()
        let summary = read.count == 1 ? "Imported the transcript \(read[0].name)" : "Imported \(read.count) transcripts"
        try change("transcripts.import", summary) {
        try store.save(sources: read.map { item in
            (SourceRecord(name: item.name, kind: item.url.pathExtension.lowercased(),
                          originalPath: "sources/\(item.name)", sha256: item.sha256, text: item.transcript.text,
                          caseID: nil, importedAt: now),
             item.transcript.turns.enumerated().map { position, turn in
                 TurnRecord(sourceID: 0, position: position, speaker: turn.speaker, participantID: nil,
                            start: turn.start, end: turn.end, startTime: turn.startTime, endTime: turn.endTime)
             })
        }, case: caseName.map { ($0, values) }, interviewers: interviewers)
        }
        try originals.commit()
        return read.map { ($0.name, $0.transcript) }
    }
}

extension WorkbenchProject {
    /// A stored source as a transcript, with participants' real names replaced by their pseudonyms
    /// (in speaker labels and inside the text) when `anonymise` is set.
    public func transcript(_ name: String, anonymise: Bool) throws -> Transcript {
        let plain = try transcript(name)
        guard anonymise else { return plain }
        return try pseudonymiser().apply(plain)
    }

    /// What every anonymised output applies: each participant's real names become their pseudonym,
    /// and every staff name recorded in the project (enquiry leads and champions, reflection authors,
    /// peer reviewers, coders) becomes "Staff A", "Staff B", …, with and without a title ("Ms Priya
    /// Lawson" and "Priya Lawson"), inside running text too.
    public func pseudonymiser() throws -> Pseudonymiser {
        var names: [String: String] = [:]
        let participants = try store.participants()
        for person in participants { for real in person.names { names[real] = person.pseudonym } }
        let pseudonyms = Set(participants.map(\.pseudonym))
        var staff: [String] = []
        func note(_ name: String?) {
            guard let name, !name.isEmpty, !pseudonyms.contains(name), names[name] == nil, !staff.contains(name)
            else { return }
            staff.append(name)
        }
        for enquiry in try store.enquiries() {
            note(enquiry.lead)
            enquiry.champions.forEach(note)
        }
        for cycle in try store.cycles() {
            for reflection in try store.reflections(cycle: cycle.id!) { note(reflection.author) }
            for review in try store.reviews(cycle: cycle.id!) { note(review.challengedBy) }
        }
        // Coders who coded by hand: the auto-coder's name is no person's.
        for coder in Set(try store.codings().filter { !$0.coding.automatic }.map(\.coding.coder)).sorted() { note(coder) }
        for (index, name) in staff.enumerated() {
            let label = "Staff \(Self.letters(index))"
            names[name] = label
            let words = name.split(separator: " ")
            if words.count > 2, ["mr", "mrs", "ms", "miss", "dr", "prof"].contains(words[0].lowercased()
                .trimmingCharacters(in: .punctuationCharacters)) {
                names[words.dropFirst().joined(separator: " ")] = label
            }
        }
        return Pseudonymiser(pseudonyms: names)
    }

    /// A, B, …, Z, AA, AB, … for staff labels.
    static func letters(_ index: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return index < 26 ? String(alphabet[index]) : letters(index / 26 - 1) + String(alphabet[index % 26])
    }

    /// A stored source as a transcript (text and turns).
    public func transcript(_ name: String) throws -> Transcript {
        guard let (source, turns) = try store.source(named: name) else {
            let known = try store.sources().map(\.name)
            throw WorkbenchError("unknown source '\(name)'" + (known.isEmpty ? "; the project has no transcripts yet"
                                                            : "; sources: " + known.joined(separator: ", ")))
        }
        let text = TextOffsets(source.text)
        return Transcript(text: source.text, turns: turns.map {
            Transcript.Turn(speaker: $0.speaker, text: text.slice($0.start, $0.end), start: $0.start, end: $0.end,
                            startTime: $0.startTime, endTime: $0.endTime)
        })
    }

    /// `KEY=VALUE` strings as a dictionary.
    static func attributes(_ pairs: [String]) throws(WorkbenchError) -> [String: String] {
        var values: [String: String] = [:]
        for attribute in pairs {
            let parts = attribute.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw WorkbenchError("attribute '\(attribute)' is not KEY=VALUE") }
            values[parts[0]] = parts[1]
        }
        return values
    }
}
