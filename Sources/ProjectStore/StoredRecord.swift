import GRDB

/// A record the project stores: a plain Codable value naming its table. The database library
/// stays inside the store; a second store keeps the same records behind the same interface.
public protocol StoredRecord: Codable, Sendable {
    static var databaseTableName: String { get }
}

/// A record with a numeric id the store assigns when it is first saved.
public protocol IdentifiedRecord: StoredRecord {
    var id: Int64? { get set }
}

/// A record as the SQLite store reads and writes it: by its own Codable keys.
struct Stored<Value: StoredRecord>: FetchableRecord, MutablePersistableRecord, Codable {
    var value: Value

    init(_ value: Value) { self.value = value }
    init(from decoder: any Decoder) throws { value = try Value(from: decoder) }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }

    static var databaseTableName: String { Value.databaseTableName }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        guard var identified = value as? any IdentifiedRecord else { return }
        identified.id = inserted.rowID
        // Only IdentifiedRecord values get here, so the cast back cannot fail.
        value = identified as! Value
    }
}

extension StoredRecord {
    static func filter(_ predicate: some SQLSpecificExpressible) -> QueryInterfaceRequest<Stored<Self>> {
        Stored<Self>.filter(predicate)
    }
    static func order(_ orderings: any SQLOrderingTerm...) -> QueryInterfaceRequest<Stored<Self>> {
        Stored<Self>.order(orderings)
    }
    static func fetchAll(_ db: Database) throws -> [Self] { try Stored<Self>.fetchAll(db).map(\.value) }
    static func fetchOne(_ db: Database) throws -> Self? { try Stored<Self>.fetchOne(db)?.value }
    static func fetchOne(_ db: Database, key: some DatabaseValueConvertible) throws -> Self? {
        try Stored<Self>.fetchOne(db, key: key)?.value
    }
    @discardableResult
    static func deleteOne(_ db: Database, key: some DatabaseValueConvertible) throws -> Bool {
        try Stored<Self>.deleteOne(db, key: key)
    }

    /// Inserts the record (with its id filled in when the store assigns one).
    mutating func insert(_ db: Database) throws {
        var stored = Stored(self)
        try stored.insert(db)
        self = stored.value
    }

    func update(_ db: Database) throws { try Stored(self).update(db) }

    /// Updates the record, or inserts it (with its id filled in) when it is new.
    mutating func save(_ db: Database) throws {
        var stored = Stored(self)
        try stored.save(db)
        self = stored.value
    }
}

extension QueryInterfaceRequest {
    /// The records a query of stored values finds.
    func fetchValues<Value>(_ db: Database) throws -> [Value] where RowDecoder == Stored<Value> {
        try fetchAll(db).map(\.value)
    }

    func fetchValue<Value>(_ db: Database) throws -> Value? where RowDecoder == Stored<Value> {
        try fetchOne(db)?.value
    }
}
