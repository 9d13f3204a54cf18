import GRDB

extension ProjectStore {
    /// Inserts a record (memo, member check, outside passage, enquiry, evidence, reflection, review…)
    /// and returns it with its id.
    @discardableResult
    package func insert<Record: StoredRecord>(_ record: Record) throws(StoreError) -> Record {
        try write { db in
            var record = record
            try record.insert(db)
            return record
        }
    }

    /// Starts a cycle with its success criteria, numbered after the enquiry's last cycle; one transaction.
    package func start(_ cycle: CycleRecord, criteria: [CriterionRecord]) throws(StoreError) -> CycleRecord {
        try write { db in
            var cycle = cycle
            let last = try Int.fetchOne(db, sql: "SELECT MAX(number) FROM cycle WHERE enquiryId = ?",
                                        arguments: [cycle.enquiryID]) ?? 0
            cycle.number = last + 1
            try cycle.insert(db)
            for var criterion in criteria {
                criterion.cycleID = cycle.id!
                try criterion.insert(db)
            }
            return cycle
        }
    }

    /// Saves a changed cycle (e.g. closed).
    package func update(_ cycle: CycleRecord) throws(StoreError) {
        try write { db in try cycle.update(db) }
    }

    public func enquiries() throws(StoreError) -> [EnquiryRecord] {
        try read { db in try EnquiryRecord.order(Column("id")).fetchValues(db) }
    }

    public func cycles() throws(StoreError) -> [CycleRecord] {
        try read { db in try CycleRecord.order(Column("enquiryId"), Column("number")).fetchValues(db) }
    }

    public func criteria(cycle: Int64) throws(StoreError) -> [CriterionRecord] {
        try read { db in try CriterionRecord.filter(Column("cycleId") == cycle).order(Column("id")).fetchValues(db) }
    }

    public func evidence(cycle: Int64) throws(StoreError) -> [EvidenceRecord] {
        try read { db in
            try EvidenceRecord.filter(Column("cycleId") == cycle).order(Column("recordedOn"), Column("id")).fetchValues(db)
        }
    }

    public func reflections(cycle: Int64) throws(StoreError) -> [ReflectionRecord] {
        try read { db in try ReflectionRecord.filter(Column("cycleId") == cycle).order(Column("id")).fetchValues(db) }
    }

    public func reviews(cycle: Int64) throws(StoreError) -> [PeerReviewRecord] {
        try read { db in try PeerReviewRecord.filter(Column("cycleId") == cycle).order(Column("id")).fetchValues(db) }
    }
}
