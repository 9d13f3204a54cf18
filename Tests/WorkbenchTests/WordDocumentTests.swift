import Foundation
import Testing
import Transcripts
import ZIPFoundation

@Suite("Transcripts: .docx")
struct WordDocumentTests {
    static let namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// Writes a minimal .docx whose body is `bodyXML` (WordprocessingML inside <w:body>).
    static func docx(_ bodyXML: String, name: String = "t.docx") throws -> URL {
        let url = try TestSupport.temporaryFolder().appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        let parts = [
            ("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="xml" ContentType="application/xml"/></Types>
            """),
            ("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>
            """),
            ("word/document.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="\(namespace)"><w:body>\(bodyXML)</w:body></w:document>
            """),
        ]
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url
    }

    @Test func paragraphsRunsTabsBreaksAndTables() throws {
        let url = try Self.docx("""
        <w:p><w:r><w:t>Lesson 4: Fractions</w:t></w:r></w:p>\
        <w:p><w:r><w:t xml:space="preserve">Teacher A: half</w:t></w:r><w:r><w:tab/><w:t>is 1/2</w:t><w:br/><w:t>next line</w:t></w:r></w:p>\
        <w:p/>\
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell A</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>cell B</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
        <w:p><w:r><w:delText>deleted</w:delText><w:t>Trainee B: “light” &amp; café 😊</w:t></w:r></w:p>
        """)
        #expect(try WordDocument.paragraphs(of: url) == ["Lesson 4: Fractions", "Teacher A: half\tis 1/2\nnext line",
                                                          "", "cell A", "cell B", "Trainee B: “light” & café 😊"])
        let transcript = try TranscriptReader.read(url)
        #expect(transcript.turns.map(\.speaker).contains("Teacher A"))
        #expect(transcript.turns.last?.text == "“light” & café 😊")
        #expect(transcript.turns.allSatisfy { transcript.slice($0.start, $0.end) == $0.text })
    }

    /// A table as Word writes it: table, grid and cell properties, runs with formatting, proofing marks.
    static func table(_ rows: [[String]]) -> String {
        let cells = rows.map { row in
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + row.map { cell in
                "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>" + cell.split(separator: "|").map {
                    "<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:r><w:rPr><w:lang w:val=\"en-GB\"/></w:rPr>"
                        + "<w:t xml:space=\"preserve\">\($0)</w:t></w:r><w:proofErr w:type=\"spellStart\"/></w:p>"
                }.joined() + "</w:tc>"
            }.joined() + "</w:tr>"
        }
        return "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"2000\"/>"
            + "</w:tblGrid>" + cells.joined() + "</w:tbl>"
    }

    @Test func aTranscriptInATableGivesOneTurnPerRow() throws {
        let url = try Self.docx("""
        <w:p><w:r><w:t>Interview 3, 12 March</w:t></w:r></w:p>\
        \(Self.table([["Date", "12 March"]]))\
        \(Self.table([["Name", "Role"], ["Ms Khan", "Mentor"], ["Mr Obi", "Trainee"]]))\
        \(Self.table([["Speaker", "Transcript"], ["Interviewer", "How did the first lesson go?"],
                     ["Teacher A", "Better than I feared.|The trainees: they took over by week two."],
                     ["Interviewer", "And the pupils?"], ["Teacher A:", "They loved it."], ["", ""]]))\
        \(Self.table([["00:01:05", "Trainee B", "I watched first."], ["00:01:09", "Trainee C", "Me too."],
                     ["00:01:12", "Trainee B", "Then we taught."]]))
        """)
        #expect(try WordDocument.paragraphs(of: url) == [
            "Interview 3, 12 March", "Date", "12 March", "Name", "Role", "Ms Khan", "Mentor", "Mr Obi", "Trainee",
            "Interviewer: How did the first lesson go?",
            "Teacher A: Better than I feared.\nThe trainees: they took over by week two.",
            "Interviewer: And the pupils?", "Teacher A: They loved it.",
            "Trainee B (00:01:05): I watched first.", "Trainee C (00:01:09): Me too.", "Trainee B (00:01:12): Then we taught.",
        ])
        let transcript = try TranscriptReader.read(url)
        let spoken = transcript.turns.filter { $0.speaker != nil }
        #expect(transcript.turns.first?.text == "Interview 3, 12 March\nDate\n12 March\nName\nRole\nMs Khan\nMentor\nMr Obi\nTrainee")
        #expect(spoken.map { $0.speaker! } == ["Interviewer", "Teacher A", "Interviewer", "Teacher A", "Trainee B",
                                               "Trainee C", "Trainee B"])
        #expect(spoken[1].text == "Better than I feared.\nThe trainees: they took over by week two.",
                "a second paragraph in the text cell continues the turn")
        #expect(spoken[4].startTime == 65)
        #expect(transcript.turns.allSatisfy { transcript.slice($0.start, $0.end) == $0.text })
    }

    @Test func aLineBreakAfterASpeakerLabelStartsTheText() throws {
        let url = try Self.docx("""
        <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Interviewer:</w:t></w:r><w:r><w:br/><w:t>So: what changed?</w:t></w:r></w:p>\
        <w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">[Teacher A] </w:t></w:r><w:r><w:br/></w:r>\
        <w:r><w:t>Planning. Then: confidence.</w:t><w:br/><w:t>Aim: more.</w:t></w:r></w:p>
        """)
        let transcript = try TranscriptReader.read(url)
        #expect(transcript.turns.map(\.speaker) == ["Interviewer", "Teacher A"])
        #expect(transcript.turns.map(\.text) == ["So: what changed?", "Planning. Then: confidence.\nAim: more."])
    }

    @Test func aFileThatIsNotAZipIsRefused() throws {
        let url = try TestSupport.temporaryFolder().appendingPathComponent("fake.docx")
        try "Interviewer: hello".write(to: url, atomically: true, encoding: .utf8)
        #expect {
            _ = try TranscriptReader.read(url)
        } throws: { error in
            "\(error)".contains("fake.docx: not a .docx file (it is not a zip archive)")
        }
    }

    @Test func aZipWithoutADocumentIsRefused() throws {
        let url = try TestSupport.temporaryFolder().appendingPathComponent("empty.docx")
        let archive = try Archive(url: url, accessMode: .create)
        let data = Data("x".utf8)
        try archive.addEntry(with: "other.txt", type: .file, uncompressedSize: Int64(1), compressionMethod: .none) {
            (_: Int64, _: Int) in data
        }
        #expect {
            _ = try TranscriptReader.read(url)
        } throws: { error in
            "\(error)".contains("no word/document.xml")
        }
    }

    @Test func aZipBombIsRefused() throws {
        // 40 MB of one character compresses about a thousand-fold.
        let body = "<w:p><w:r><w:t>" + String(repeating: "a", count: 40_000_000) + "</w:t></w:r></w:p>"
        let url = try Self.docx(body, name: "bomb.docx")
        #expect {
            _ = try TranscriptReader.read(url)
        } throws: { error in
            "\(error)".contains("refused as a possible zip bomb")
        }
    }

    @Test func malformedDocumentXMLNamesThePart() throws {
        let url = try Self.docx("<w:p><w:r><w:t>unclosed</w:r></w:p>")
        #expect {
            _ = try TranscriptReader.read(url)
        } throws: { error in
            "\(error)".contains("word/document.xml:")
        }
    }
}
