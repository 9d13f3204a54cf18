import Foundation
import Testing
@testable import Transcripts
import WorkbenchCore

@Suite("Transcripts: normalisation and speaker turns")
struct TranscriptTests {
    /// Every turn's text is exactly the text at its offsets.
    static func offsetsRoundTrip(_ transcript: Transcript) -> Bool {
        transcript.turns.allSatisfy { transcript.slice($0.start, $0.end) == $0.text }
    }

    static func normalised(_ text: String, bom: Bool = false, crlf: Bool = false) throws -> String {
        var bytes = Array((crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text).utf8)
        if bom { bytes = [0xEF, 0xBB, 0xBF] + bytes }
        return try TextNormalisation.normalise(bytes, file: "t.txt")
    }

    static let interview = """
    Interviewer: How did the project change your teaching?
    Trainee A: I felt out of my depth – “light” was new to me… now it’s fine 😊
    and I plan investigations with the café group.

    [Teacher A] The children’s questions got better.
    {Science Coordinator} We shared the planning.
    #Trainee B: Subject knowledge improved.
    Trainee C (00:01:02): It was beneficial for me.
    """

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func speakerVariantsWithBOMAndCRLF(bom: Bool, crlf: Bool) throws {
        let text = try Self.normalised(Self.interview, bom: bom, crlf: crlf)
        #expect(!text.contains("\r") && !text.hasPrefix("\u{FEFF}"))
        let transcript = SpeakerTurns.standard.turns(in: text)
        #expect(transcript.turns.map(\.speaker) == ["Interviewer", "Trainee A", "Teacher A", "Science Coordinator",
                                                   "Trainee B", "Trainee C"])
        #expect(transcript.turns[1].text == "I felt out of my depth – “light” was new to me… now it’s fine 😊\n"
                + "and I plan investigations with the café group.")
        #expect(transcript.turns[5].startTime == 62)
        #expect(Self.offsetsRoundTrip(transcript))
        // Code points, not grapheme clusters or UTF-16: the emoji counts once, the turn starts after the label.
        let start = transcript.turns[1].start
        #expect(start == "Interviewer: How did the project change your teaching?\nTrainee A: ".unicodeScalars.count)
    }

    @Test func decomposedTextBecomesNFC() throws {
        let decomposed = "Cafe\u{0301}: re\u{0301}sume\u{0301}"
        let text = try Self.normalised(decomposed)
        #expect(text == "Café: résumé")
        #expect(text.unicodeScalars.count == 12)
        let transcript = SpeakerTurns.standard.turns(in: text)
        #expect(transcript.turns.first?.speaker == "Café" && transcript.turns.first?.text == "résumé")
    }

    @Test func invalidUTF8AndUTF16AreRefused() {
        #expect {
            _ = try TextNormalisation.normalise(Array("line one\nline two \u{00E9}".utf8.dropLast()) , file: "bad.txt")
        } throws: { error in
            "\(error)".contains("bad.txt:2: invalid UTF-8")
        }
        #expect(throws: TranscriptError.self) { _ = try TextNormalisation.normalise([0xFF, 0xFE, 0x41, 0x00], file: "u.txt") }
    }

    @Test(.enabled(if: TestSupport.hasSharedSamples, "needs ../shared/refi-qda beside the checkout (present in CI)"))
    func theREFIQDASampleTranscriptHasThreeSpeakers() throws {
        let url = TestSupport.refiSampleTranscript
        let text = try TextNormalisation.normalise([UInt8](try Data(contentsOf: url)), file: url.path)
        let transcript = SpeakerTurns.standard.turns(in: text)
        #expect(Set(transcript.turns.compactMap(\.speaker)) == ["id1", "id2", "id3"])
        #expect(transcript.turns.allSatisfy { $0.speaker != nil })
        #expect(Self.offsetsRoundTrip(transcript))
    }

    @Test func unlabelledTextBecomesOneTurnPerParagraph() throws {
        let transcript = SpeakerTurns.standard.turns(in: "First paragraph\nstill first.\n\nSecond one.\n")
        #expect(transcript.turns.map(\.text) == ["First paragraph\nstill first.", "Second one."])
        #expect(transcript.turns.allSatisfy { $0.speaker == nil })
    }

    @Test func aCustomPatternIsTriedFirstAndABadOneIsRefused() throws {
        let custom = try SpeakerTurns(customPattern: #"^(?<speaker>P\d+) > (?<text>.*)$"#)
        let transcript = custom.turns(in: "P1 > Hello there\nP2 > Hi")
        #expect(transcript.turns.map(\.speaker) == ["P1", "P2"])
        #expect(throws: TranscriptError.self) { _ = try SpeakerTurns(customPattern: "(?<speaker>[") }
        #expect(throws: TranscriptError.self) { _ = try SpeakerTurns(customPattern: "(?<who>.*)") }
    }

    @Test func webVTTVoicesAndTimes() throws {
        let vtt = try Self.normalised("""
        WEBVTT

        NOTE recorded in the staff room

        1
        00:00:01.000 --> 00:00:04.500 align:start
        <v Teacher A>We tried the <i>new</i> questioning &amp; it worked.</v>

        00:00:05.000 --> 00:00:07.250
        <v.loud Trainee B>I’m more confident now 😊

        00:01:00.000 --> 00:01:02.000
        Interviewer: Thank you.
        """, crlf: true)
        let transcript = try Subtitles.webVTT(vtt, file: "t.vtt")
        #expect(transcript.turns.map(\.speaker) == ["Teacher A", "Trainee B", "Interviewer"])
        #expect(transcript.turns[0].text == "We tried the new questioning & it worked.")
        #expect(transcript.turns[1].startTime == 5 && transcript.turns[1].endTime == 7.25)
        #expect(transcript.text.hasPrefix("Teacher A: We tried"))
        #expect(Self.offsetsRoundTrip(transcript))
        #expect(throws: TranscriptError.self) { _ = try Subtitles.webVTT("00:00:01.000 --> x", file: "t.vtt") }
    }

    @Test func srtCuesWithSpeakers() throws {
        let srt = try Self.normalised("""
        1
        00:00:01,000 --> 00:00:03,000
        Trainee D: My confidence
        was low at first.

        2
        00:00:03,500 --> 00:00:05,000
        It grew – “a lot”.
        """, bom: true, crlf: true)
        let transcript = try Subtitles.srt(srt, file: "t.srt")
        #expect(transcript.turns.map(\.speaker) == ["Trainee D", nil])
        #expect(transcript.turns[0].text == "My confidence was low at first.")
        #expect(transcript.turns[1].startTime == 3.5)
        #expect(Self.offsetsRoundTrip(transcript))
        #expect {
            _ = try Subtitles.srt("1\n00:00:01,000 --> soon\nhi\n", file: "bad.srt")
        } throws: { error in
            "\(error)".contains("bad.srt:2: malformed cue timing")
        }
    }
}

@Suite struct ExcerptTests {
    @Test func shortTextsKeepTheirWordsWithSpacesCollapsed() {
        #expect(Excerpt.cut("  Les  élèves\n😀 ont\tadoré ", to: 40) == "Les élèves 😀 ont adoré")
    }

    @Test func longTextsAreCutAtAWordWithAnEllipsis() {
        let text = "Watching the tutor teach the first lesson. The modelling showed me how to run an investigation."
        #expect(Excerpt.cut(text, to: 50) == "Watching the tutor teach the first lesson. The…")
        #expect(Excerpt.cut(text, to: 43) == "Watching the tutor teach the first lesson…", "punctuation before the cut goes")
        #expect(Excerpt.cut(String(repeating: "x", count: 100), to: 10) == "xxxxxxxxxx…", "no space to cut at")
    }

    /// Code points counted eight bytes at a time are the ones the string holds, at every length
    /// (so every remainder after the last eight), in one to four bytes each.
    @Test func codePointsCountedOnBytesAreTheStringsOwn() {
        let pieces = ["a", "é", "e\u{301}", "—", "日本", "👍", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10FFFF}"]
        var state: UInt64 = 3
        for length in 0..<200 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let text = (0..<length).map { pieces[(Int(state >> 33) &+ $0 &* 7) % pieces.count] }.joined()
            #expect(text.codePointCount == text.unicodeScalars.count, "\(text.debugDescription)")
        }
    }

    /// The matrix cuts quotes straight from the text (``TextOffsets/excerpt(_:_:limit:)``); that
    /// must give exactly what cutting the passage's own text gives, whatever the spacing.
    @Test func excerptsFromOffsetsAreCutsOfThePassage() {
        // Spaces beyond ASCII (no-break, thin, ideographic) are white space to collapse, in two and three bytes.
        let pieces = ["we", "“trust”", "café", "—", "élève,", "👍", "(so)", " ", "  ", "\n", "\t", ".", "’s", "x",
                      "\u{A0}", "a\u{2009}b", "\u{3000}"]
        var state: UInt64 = 11
        func pick(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        for _ in 0..<2_000 {
            let text = (0..<(1 + pick(60))).map { _ in pieces[pick(pieces.count)] }.joined(separator: pick(5) == 0 ? "" : " ")
            let offsets = TextOffsets(text)
            let length = text.unicodeScalars.count
            let start = pick(length), end = start + pick(length - start + 1), limit = 1 + pick(40)
            #expect(offsets.excerpt(start, end, limit: limit) == Excerpt.cut(offsets.slice(start, end), to: limit),
                    "\(text.debugDescription) \(start)..<\(end) to \(limit)")
        }
    }

    /// ``TextOffsets`` jumps to the mark kept every 64 code points; across many marks, and for
    /// offsets before, past or inside out the text, its slices are the ones counted from the start.
    @Test func slicesFromMarksAreSlicesCountedFromTheStart() {
        let pieces = ["we", "café", "—", "👍", "e\u{301}", "\r\n", " ", "x", "日本語"]
        var state: UInt64 = 5
        func pick(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        for _ in 0..<300 {
            let text = (0..<(1 + pick(400))).map { _ in pieces[pick(pieces.count)] }.joined()
            let offsets = TextOffsets(text), whole = Transcript(text: text, turns: [])
            let length = text.unicodeScalars.count
            for _ in 0..<20 {
                let start = pick(length + 20) - 10, end = pick(length + 20) - 10
                #expect(offsets.slice(start, end) == whole.slice(start, end), "\(start)..<\(end) of \(length)")
            }
        }
    }
}

@Suite struct NFCFastPathTests {
    /// The byte-level test for "cannot change under NFC" agrees with its rule on the code points
    /// for every scalar up to U+2FFFF, alone and between ASCII letters.
    @Test func theByteTestFollowsTheCodePointRule() {
        func rule(_ value: UInt32) -> Bool {
            value < 0x300 || (0x2002...0x206F).contains(value) || (0x1F300...0x1FAFF).contains(value)
        }
        var disagreements: [String] = []
        for value in UInt32(0)...0x2FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let alone = String(scalar)
            for text in [alone, "a" + alone + "b"] where TextNormalisation.isNFC(text) != rule(value) {
                disagreements.append(String(value, radix: 16))
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
        #expect(TextNormalisation.isNFC("café “quoted” 👍 — fine"))
        #expect(!TextNormalisation.isNFC("cafe\u{301}"))
    }
}

@Suite struct CSVFieldTests {
    /// CRLF is one Swift Character, equal to neither CR nor LF: a field holding one must still be quoted.
    @Test func fieldsWithLineBreaksCommasOrQuotesAreQuoted() {
        #expect(CSVFile.field("first\r\nsecond") == "\"first\r\nsecond\"")
        #expect(CSVFile.field("a,b") == "\"a,b\"")
        #expect(CSVFile.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVFile.field("café 👍") == "café 👍")
    }
}
