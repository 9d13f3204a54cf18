import Foundation
import Testing
import XMLKit
#if canImport(Glibc)
import Glibc
#endif

@Suite("XMLKit: hardened parsing")
struct HostileXMLTests {
    /// Writes `contents` to a fresh temporary file and returns its URL.
    static func temporaryFile(_ contents: String, name: String = "doc.xml") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wb-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Everything a parse made visible: the text of the tree, or the error messages.
    static func everythingVisible(_ xml: String) -> (parsed: Bool, visible: String) {
        do {
            let document = try XMLDocument(string: xml, name: "hostile.xml")
            return (true, document.root?.text ?? "")
        } catch {
            return (false, error.description)
        }
    }

    @Test func externalEntityReadingALocalFileNeverShowsItsContent() throws {
        let secret = try Self.temporaryFile("TOP-SECRET-\(UUID().uuidString)", name: "secret.txt")
        let marker = try String(contentsOf: secret, encoding: .utf8)
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE r [<!ENTITY xxe SYSTEM "file://\(secret.path)">]>
        <r>&xxe;</r>
        """
        let (parsed, visible) = Self.everythingVisible(xml)
        #expect(!parsed)
        #expect(!visible.contains(marker))
        #expect(visible.contains("DOCTYPE declarations are not allowed"))
        // The streaming reader refuses it too.
        let file = try Self.temporaryFile(xml)
        var seen = ""
        #expect(throws: XMLError.self) {
            try XMLStreamReader(contentsOf: file).read { seen += $0.value }
        }
        #expect(!seen.contains(marker))
    }

    @Test func billionLaughsIsRefusedWithoutExpansion() {
        var entities = "<!ENTITY lol0 \"lol\">"
        for level in 1...9 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE r [\(entities)]><r>&lol9;</r>"
        let (parsed, visible) = Self.everythingVisible(xml)
        #expect(!parsed)
        #expect(visible.utf8.count < 10_000)
    }

    @Test func externalDTDURLMakesNoNetworkAttempt() throws {
        let listener = try LoopbackListener()
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE r SYSTEM "http://127.0.0.1:\(listener.port)/evil.dtd">
        <r>&ent;</r>
        """
        let (parsed, _) = Self.everythingVisible(xml)
        #expect(!parsed)
        let file = try Self.temporaryFile(xml)
        _ = try? XMLStreamReader(contentsOf: file).read { _ in }
        #expect(!listener.receivedConnection(), "the parser connected to the DTD's URL")
    }

    @Test func xincludeIsNotProcessed() throws {
        let secret = try Self.temporaryFile("INCLUDED-\(UUID().uuidString)", name: "included.txt")
        let marker = try String(contentsOf: secret, encoding: .utf8)
        let xml = """
        <?xml version="1.0"?>
        <r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file://\(secret.path)" parse="text"/></r>
        """
        let document = try XMLDocument(string: xml, name: "xinclude.xml")
        let root = try #require(document.root)
        #expect(!root.text.contains(marker))
        #expect(root.children.map(\.name) == ["include"])
    }

    @Test func tenThousandDeepNestingIsRefused() {
        let depth = 10_000
        let xml = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        let (parsed, visible) = Self.everythingVisible(xml)
        #expect(!parsed)
        #expect(visible.contains("hostile.xml:"))
        #expect(visible.lowercased().contains("depth") || visible.contains("nested deeper"))
    }

    @Test func invalidUTF8IsRefusedWithItsPosition() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>caf".utf8)
        bytes += [0xC3, 0x28]  // an invalid two-byte sequence
        bytes += Array("</r>".utf8)
        #expect {
            _ = try XMLDocument(bytes: bytes, name: "bad.xml")
        } throws: { error in
            let issue = (error as? XMLError)?.issues.first
            return issue?.file == "bad.xml" && issue?.line == 2 && issue!.message.contains("UTF-8")
        }
    }

    @Test func oversizedFileIsRefusedBeforeReading() throws {
        let file = try Self.temporaryFile("<r>" + String(repeating: "x", count: 2_000) + "</r>")
        #expect {
            _ = try XMLDocument(contentsOf: file, limits: XMLLimits(maxBytes: 1_000))
        } throws: { error in
            (error as? XMLError)?.description.contains("over the limit of 1000 bytes") == true
        }
    }

    @Test func malformedXMLReportsLineAndColumn() {
        #expect {
            _ = try XMLDocument(string: "<a>\n  <b></c>\n</a>", name: "malformed.xml")
        } throws: { error in
            let issue = (error as? XMLError)?.issues.first
            return issue?.line == 2 && issue!.column > 0 && issue!.message.contains("mismatch")
        }
    }
}

@Suite("XMLKit: schemas, streaming, writing")
struct XMLSchemaTests {
    static let schema = """
    <?xml version="1.0"?>
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test" xmlns="urn:test"
               elementFormDefault="qualified">
      <xs:element name="list">
        <xs:complexType><xs:sequence>
          <xs:element name="item" maxOccurs="unbounded">
            <xs:complexType><xs:attribute name="id" type="xs:NCName" use="required"/>
              <xs:attribute name="n" type="xs:positiveInteger"/></xs:complexType>
          </xs:element>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:schema>
    """
    static let valid = "<list xmlns=\"urn:test\">\n<item id=\"a\"/>\n<item id=\"b\" n=\"2\"/>\n</list>"
    static let invalid = "<list xmlns=\"urn:test\">\n<item/>\n<item id=\"b\" n=\"-2\"/>\n<other/>\n</list>"

    static func compiled() throws -> XMLSchema {
        try XMLSchema(contentsOf: HostileXMLTests.temporaryFile(schema, name: "list.xsd"))
    }

    @Test func reportsEveryIssueWithLines() throws {
        let schema = try Self.compiled()
        #expect(schema.validate(try XMLDocument(string: Self.valid, name: "valid.xml")).isEmpty)
        let issues = schema.validate(try XMLDocument(string: Self.invalid, name: "invalid.xml"))
        #expect(issues.map(\.line) == [2, 3, 4])
        #expect(issues.allSatisfy { $0.file == "invalid.xml" && $0.severity == .error })
        #expect(issues[0].message.contains("'id' is required"))
    }

    @Test func concurrentValidationGivesIdenticalResults() async throws {
        let schema = try Self.compiled()
        let expectedValid = schema.validate(try XMLDocument(string: Self.valid, name: "valid.xml"))
        let expectedInvalid = schema.validate(try XMLDocument(string: Self.invalid, name: "invalid.xml"))
        let results = try await withThrowingTaskGroup(of: [XMLIssue].self) { group in
            for index in 0..<2_000 {
                group.addTask {
                    let text = index.isMultiple(of: 2) ? Self.valid : Self.invalid
                    let name = index.isMultiple(of: 2) ? "valid.xml" : "invalid.xml"
                    return schema.validate(try XMLDocument(string: text, name: name))
                }
            }
            var all: [[XMLIssue]] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 2_000)
        #expect(results.filter { $0 == expectedValid }.count == 1_000)
        #expect(results.filter { $0 == expectedInvalid }.count == 1_000)
    }

    @Test func streamingValidationAgreesWithTreeValidation() throws {
        let schema = try Self.compiled()
        let file = try HostileXMLTests.temporaryFile(Self.invalid)
        let treeLines = schema.validate(fileAt: file).map(\.line)
        var streamLines: [Int] = []
        do {
            try XMLStreamReader(contentsOf: file, schema: schema).read { _ in }
        } catch let error as XMLError {
            streamLines = error.issues.map(\.line)
        }
        #expect(treeLines == [2, 3, 4])
        #expect(streamLines == treeLines)
    }

    @Test func streamingReaderWalksElementsAndText() throws {
        let file = try HostileXMLTests.temporaryFile("<r><t a=\"1\">one</t><t a=\"2\">two &amp; three</t></r>")
        var attributes: [String] = []
        var texts: [String] = []
        try XMLStreamReader(contentsOf: file).read { node in
            if node.kind == .element, node.isNamed("t") { attributes.append(node.attribute("a") ?? "?") }
            if node.kind == .text { texts.append(node.value) }
        }
        #expect(attributes == ["1", "2"])
        #expect(texts == ["one", "two & three"])
    }

    @Test func writerEscapesAndParsesBack() throws {
        let tricky = "Fish & chips <b>\"quoted\"</b> — café ]]> 'x'"
        let writer = XMLWriter()
        writer.startElement("note", namespace: "urn:test")
        writer.attribute("title", tricky)
        writer.comment("a -- comment")
        writer.element("body", text: tricky)
        let xml = writer.finish()
        let root = try #require(try XMLDocument(string: xml, name: "written.xml").root)
        #expect(root.namespace == "urn:test")
        #expect(root.attribute("title") == tricky)
        #expect(root.child("body")?.text == tricky)
    }
}

/// A TCP listener on 127.0.0.1 that never accepts; a connection attempt shows as a pending connection.
final class LoopbackListener {
    let socketFD: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        socketFD = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    func receivedConnection() -> Bool {
        let client = accept(socketFD, nil, nil)
        if client >= 0 { close(client); return true }
        return false
    }

    deinit { close(socketFD) }
}
