import Foundation
import Testing
import ZIPFoundation

/// Files people really have, given to the real CLI: each refused (or read) with one line that
/// names the file, the line and what to do, and a non-zero exit.
@Suite struct BadInputTests {
    private let root: URL
    private let project: URL

    init() throws {
        root = try TestSupport.temporaryFolder()
        project = root.appendingPathComponent("p")
        #expect(try TestSupport.workbench(["init", project.path]).status == 0)
    }

    private func file(_ name: String, _ text: String) throws -> URL {
        let url = root.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private func workbench(_ arguments: [String]) throws -> TestSupport.Run {
        try TestSupport.workbench(arguments + ["--project", project.path])
    }

    /// The run failed with exactly one line on stderr containing every one of `parts`.
    private func expectOneLine(_ run: TestSupport.Run, _ parts: String...) {
        #expect(run.status != 0)
        let lines = run.stderr.split(separator: "\n").filter { !$0.hasPrefix("warning:") }
        #expect(lines.count == 1, "\(run.stderr)")
        for part in parts { #expect(run.stderr.contains(part), "\(part) not in: \(run.stderr)") }
    }

    private func answers(_ occasion: String) throws -> Int {
        let run = try workbench(["score", "tses-long", "--occasion", occasion, "--format", "csv"])
        return run.stdout.split(separator: "\n").count - 1
    }

    @Test func aSemicolonSeparatedFileIsReadWithItsSeparator() throws {
        let header = "participant;" + (1...24).map { "q\($0)" }.joined(separator: ";")
        let csv = try file("semicolons.csv", header + "\nA;" + Array(repeating: "5", count: 24).joined(separator: ";") + "\n")
        let run = try workbench(["responses", "import", "tses-long", csv.path, "--occasion", "pre", "--add-participants"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Imported 24 answers"))
    }

    @Test func anUnterminatedQuoteNamesTheLineItOpensOn() throws {
        let csv = try file("quote.csv", "participant,q1,q2\nA,1,2\nB,\"3,4\nC,5,6\nD,7,8\n")
        let run = try workbench(["responses", "import", "tses-long", csv.path, "--occasion", "pre", "--add-participants"])
        expectOneLine(run, "\(csv.path):3: unterminated quote")
    }

    @Test func aHeaderWithoutRowsIsRefused() throws {
        let csv = try file("header.csv", "participant,q1,q2\n\n")
        let run = try workbench(["responses", "import", "tses-long", csv.path, "--occasion", "pre"])
        expectOneLine(run, csv.path, "only a header row")
        let codings = try file("codings.csv", "source,start,end,theme,coder\n")
        expectOneLine(try workbench(["codings", "import", codings.path, "--framework", "big-six"]), "only a header row")
    }

    @Test func aFolderWhereAFileIsExpectedIsCalledAFolder() throws {
        expectOneLine(try workbench(["responses", "import", "tses-long", root.path, "--occasion", "pre"]),
                      "\(root.path) is a folder")
        expectOneLine(try workbench(["transcripts", "import", root.path]), "\(root.path) is a folder")
    }

    @Test func anSRTCueWithABrokenTimingLineIsAnErrorNamingTheLine() throws {
        let broken = try file("broken.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 -> 00:00:04,000\nLost\n")
        expectOneLine(try workbench(["transcripts", "import", broken.path]), "\(broken.path):6:", "cue timing")
        let allBroken = try file("all-broken.srt", "1\n00:00:01,000 -> 00:00:02,000\nHello\n")
        expectOneLine(try workbench(["transcripts", "import", allBroken.path]), "\(allBroken.path):2:")
        #expect(try workbench(["transcripts", "list", "--format", "csv"]).stdout.split(separator: "\n").count <= 1)
    }

    @Test func refiErrorsNameTheProjectFileInsideItsPackageAndTheDeclarationsLine() throws {
        let qde = try file("xfh.qde", """
            <?xml version="1.0" encoding="utf-8"?>
            <!DOCTYPE Project [ <!ENTITY x "y"> ]>
            <Project xmlns="urn:QDA-XML:project:1.0" name="x">



            <Sources>&x;</Sources></Project>
            """)
        expectOneLine(try TestSupport.workbench(["refi", "import", qde.path, "--into", root.appendingPathComponent("a").path]),
                      "\(qde.path):2: DOCTYPE")
        let package = root.appendingPathComponent("x.qdpx")
        let archive = try Archive(url: package, accessMode: .create)
        try archive.addEntry(with: "xfh.qde", fileURL: qde)
        expectOneLine(try TestSupport.workbench(["refi", "import", package.path, "--into", root.appendingPathComponent("b").path]),
                      "\(package.path)/xfh.qde:2: DOCTYPE")
    }

    @Test func anXMLFileWithAnotherRootIsRefusedAtItsRoot() throws {
        let big = root.appendingPathComponent("big.qde")
        FileManager.default.createFile(atPath: big.path, contents: Data("<?xml version=\"1.0\"?>\n<Foo>\n".utf8))
        let handle = try FileHandle(forWritingTo: big)
        try handle.seekToEnd()
        let line = Data(("<a>" + String(repeating: "x", count: 1000) + "</a>\n").utf8)
        for _ in 0..<20_000 { try handle.write(contentsOf: line) }
        try handle.write(contentsOf: Data("</Foo>\n".utf8))
        try handle.close()
        expectOneLine(try TestSupport.workbench(["refi", "import", big.path, "--into", root.appendingPathComponent("c").path]),
                      "\(big.path):2:", "the root element is <Foo>")
    }

    @Test func aWordFileOverTheCapSaysWhichLimitAndABombSaysSo() throws {
        let over = root.appendingPathComponent("over.docx")
        let archive = try Archive(url: over, accessMode: .create)
        // 70 MiB of varied text: over the size cap while compressing far less than 200 times.
        var generator = SystemRandomNumberGenerator()
        let words = (0..<4_000).map { _ in String((0..<Int.random(in: 3...9, using: &generator)).map { _ in
            "abcdefghijklmnopqrstuvwxyz".randomElement(using: &generator)! }) }
        var body = Data()
        while body.count < 70 << 20 { body.append(Data((words.randomElement(using: &generator)! + " ").utf8)) }
        let xml = Data("<?xml version=\"1.0\"?><w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>".utf8) + body
            + Data("</w:t></w:r></w:p></w:body></w:document>".utf8)
        try archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(xml.count),
                             compressionMethod: .deflate) { position, size in
            xml.subdata(in: Int(position)..<Int(position) + size)
        }
        expectOneLine(try workbench(["transcripts", "import", over.path]), over.path, "over the limit of 64 MB")
        #expect(try !workbench(["transcripts", "import", over.path]).stderr.contains("zip bomb"))

        let bomb = root.appendingPathComponent("bomb.docx")
        let bombArchive = try Archive(url: bomb, accessMode: .create)
        let spaces = Data(repeating: UInt8(ascii: " "), count: 30 << 20)
        try bombArchive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(spaces.count),
                                 compressionMethod: .deflate) { position, size in
            spaces.subdata(in: Int(position)..<Int(position) + size)
        }
        expectOneLine(try workbench(["transcripts", "import", bomb.path]), "zip bomb", "limit of 200 times")
    }
}
