import Foundation
import GRDB

/// Codings read from the database by column position, not through `Decodable`: projects hold
/// hundreds of thousands of codings. The positions are the table's (migration v4), which later
/// migrations may only extend.
enum FastCoding {}

extension FastCoding {
    /// Every coding `request` selects, read row by row with the values codings share (timestamps
    /// of one import, framework, theme and coder names) decoded once: a corpus's hundreds of
    /// thousands of codings hold a few dozen distinct values.
    static func fetchAll(_ db: Database, _ request: some FetchRequest) throws -> [CodingRecord] {
        var dates: [String: Date] = [:]
        var texts = Set<String>()
        func shared(_ text: String) -> String {
            if let known = texts.firstIndex(of: text) { return texts[known] }
            texts.insert(text)
            return text
        }
        var codings: [CodingRecord] = []
        let rows = try Row.fetchCursor(db, request)
        while let row = try rows.next() {
            let stamp: String = row[9]
            let date: Date
            if let known = dates[stamp] {
                date = known
            } else {
                date = row[9]
                dates[stamp] = date
            }
            var coding = CodingRecord(sourceID: row[1], start: row[2], end: row[3], framework: shared(row[4]),
                                      frameworkVersion: shared(row[5]), theme: shared(row[6]), coder: shared(row[7]),
                                      automatic: row[8], createdAt: date)
            coding.id = row[0]
            codings.append(coding)
        }
        return codings
    }
}

/// A turn read by column position from ``FastTurn/selection`` rather than through `Decodable`:
/// a corpus holds hundreds of thousands of turns.
struct FastTurn: FetchableRecord {
    static let selection = """
        SELECT id, sourceId, position, speaker, participantId, start, "end", startTime, endTime FROM turn
        """
    var record: TurnRecord

    init(row: Row) throws {
        record = TurnRecord(id: row[0], sourceID: row[1], position: row[2], speaker: row[3], participantID: row[4],
                            start: row[5], end: row[6], startTime: row[7], endTime: row[8])
    }
}
