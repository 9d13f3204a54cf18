public import WorkbenchKit
import XMLKit

/// Writes plugin definitions as declarative plugin files that the loader reads back to the same
/// values (whitespace inside text is normalised on reading).
public enum PluginWriter {
    /// A coding-framework plugin file.
    public static func codingFramework(_ descriptor: PluginDescriptor, _ framework: CodingFramework,
                                       comment: String? = nil) -> String {
        let writer = XMLWriter()
        if let comment { writer.comment(" \(comment) ") }
        writer.startElement(PluginKind.codingFramework.rootElement, namespace: PluginKind.codingFramework.namespace)
        writer.attribute("id", descriptor.id)
        writer.attribute("version", descriptor.version.description)
        writeDescriptor(descriptor, to: writer)
        func write(_ theme: CodingFramework.Theme) {
            writer.startElement("theme")
            writer.attribute("id", theme.id)
            writer.attribute("name", theme.name)
            if let colour = theme.colour { writer.attribute("colour", colour) }
            if !theme.isCodable { writer.attribute("codable", "false") }
            if let definition = theme.definition { writer.element("definition", text: definition) }
            if let inclusion = theme.inclusion { writer.element("include", text: inclusion) }
            if let exclusion = theme.exclusion { writer.element("exclude", text: exclusion) }
            for keyword in theme.indicators.keywords { writer.element("keyword", text: keyword) }
            for pattern in theme.indicators.patterns { writer.element("pattern", text: pattern) }
            for speaker in theme.indicators.speakers { writer.element("speaker", text: speaker) }
            for related in theme.related {
                writer.startElement("related")
                writer.attribute("ref", related)
                writer.endElement()
            }
            theme.children.forEach(write)
            writer.endElement()
        }
        framework.themes.forEach(write)
        return writer.finish()
    }

    private static func writeDescriptor(_ descriptor: PluginDescriptor, to writer: XMLWriter) {
        writer.element("name", text: descriptor.displayName)
        for author in descriptor.authors { writer.element("author", text: author) }
        writer.element("licence", text: descriptor.licence)
        let provenance = descriptor.provenance
        if provenance.citation != nil || provenance.source != nil || !provenance.textIncluded {
            writer.startElement("provenance")
            if !provenance.textIncluded { writer.attribute("textIncluded", "false") }
            if let citation = provenance.citation { writer.element("citation", text: citation) }
            if let source = provenance.source { writer.element("source", text: source) }
            writer.endElement()
        }
    }
}
