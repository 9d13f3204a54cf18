import Foundation
import GRDB

/// A coding read from the database by column position, not through `Decodable`: projects hold
/// hundreds of thousands of codings.
struct FastCoding: FetchableRecord {
    var record: CodingRecord

    /// The positions are the table's (migration v4), which later migrations
    /// may only extend.
    init(row: Row) throws {
        record = CodingRecord(sourceID: 0, start: 0, end: 0, framework: "", frameworkVersion: "", theme: "", coder: "",
                              automatic: false, createdAt: Date(timeIntervalSince1970: 0))
        record.id = row[0]
        record.sourceID = row[1]
        record.start = row[2]
        record.end = row[3]
        record.framework = row[4]
        record.frameworkVersion = row[5]
        record.theme = row[6]
        record.coder = row[7]
        record.automatic = row[8]
        record.createdAt = row[9]
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
