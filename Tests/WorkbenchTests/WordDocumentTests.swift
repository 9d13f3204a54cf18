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
