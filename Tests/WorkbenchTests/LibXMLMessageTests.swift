import CLibXML2
import Testing
@testable import XMLKit

/// libxml2's unstructured messages (printed to stderr by default, such as xmlschemas.c's
/// "Unimplemented block") are captured with the other issues of the call, never printed.
@Suite struct LibXMLMessageTests {
    @Test func aGenericMessageBecomesAnIssueOfTheCall() {
        LibXML.ensureInitialised()
        let collector = IssueCollector(file: "check.xml")
        // A version check against another major version is one of libxml2's generic messages.
        collector.capturing { xmlCheckVersion(99_0000) }
        #expect(collector.issues.contains { $0.severity == .warning && $0.message.hasPrefix("libxml2: ") &&
                                            $0.message.contains("compiled against libxml") },
                "\(collector.issues)")
        // Outside a call nothing is collected (and nothing is printed).
        let before = collector.issues.count
        xmlCheckVersion(99_0000)
        #expect(collector.issues.count == before)
    }
}
