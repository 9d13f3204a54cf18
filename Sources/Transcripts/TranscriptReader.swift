public import Foundation

/// Reads a transcript file of any supported kind into normalised text and speaker turns.
public enum TranscriptReader {
    /// The file extensions understood, lower case.
    public static let extensions = ["txt", "docx", "vtt", "srt"]

    /// Reads `url` by its extension: `.txt` (speaker labels), `.docx` (paragraphs, then speaker
    /// labels), `.vtt` (WebVTT) or `.srt`.
    /// - Parameter speakers: how speaker labels are recognised in `.txt` and `.docx`.
    /// - Throws: ``TranscriptError`` naming the file (and line) for anything it cannot read.
    public static func read(_ url: URL, speakers: SpeakerTurns = .standard) throws(TranscriptError) -> Transcript {
        let file = url.path
        let kind = url.pathExtension.lowercased()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
            throw TranscriptError("\(file) is a folder, not a transcript; give the files inside it (for example "
                                  + "\(file)/*.txt)")
        }
        guard extensions.contains(kind) else {
            throw TranscriptError("\(file): unsupported file type '.\(kind)'; use .txt, .docx, .vtt or .srt")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue
        guard let size else { throw TranscriptError("\(file): no such file") }
        guard size <= TextNormalisation.maxBytes else {
            throw TranscriptError("\(file): \(size) bytes, over the limit of \(TextNormalisation.maxBytes) bytes")
        }
        if kind == "docx" {
            let paragraphs = try WordDocument.paragraphs(of: url)
            let text = try TextNormalisation.normalise(Array(paragraphs.joined(separator: "\n").utf8), file: file)
            // A label starts a paragraph; the lines after a break within one continue its turn.
            var firstLines = Set<Int>(), line = 0
            for paragraph in paragraphs {
                firstLines.insert(line)
                line += paragraph.utf8.count { $0 == UInt8(ascii: "\n") } + 1
            }
            return speakers.turns(in: text, labelLines: firstLines)
        }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw TranscriptError("\(file): cannot read the file")
        }
        let text = try TextNormalisation.normalise(bytes, file: file)
        switch kind {
        case "vtt": return try Subtitles.webVTT(text, file: file)
        case "srt": return try Subtitles.srt(text, file: file)
        default: return speakers.turns(in: text)
        }
    }
}
