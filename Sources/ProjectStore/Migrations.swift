import GRDB

/// The project schema, as an ordered list of named migrations. Never edit a shipped migration; add one.
/// A migration that creates or alters a table ends with `Journal.installTriggers(db)`, so the journal
/// records the new columns; one that changes data first sets `journalState.entryId` to -1.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: project, schools, participants, trusted plugins") { db in
            try db.create(table: "project") { table in
                table.column("name", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("createdBy", .text).notNull()
            }
            try db.create(table: "school") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique(onConflict: .abort)
                table.column("phase", .text)
            }
            try db.create(table: "participant") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("pseudonym", .text).notNull().unique(onConflict: .abort)
                table.column("role", .text)
                table.column("schoolId", .integer).references("school", onDelete: .restrict)
                table.column("attributes", .jsonText).notNull().defaults(to: "{}")
            }
            try db.create(table: "trustedPlugin") { table in
                table.primaryKey("path", .text)
                table.column("sha256", .text).notNull()
                table.column("reference", .text).notNull()
                table.column("trustedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2: questionnaire responses and audit judgements") { db in
            try db.create(table: "response") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("participantId", .integer).notNull().references("participant", onDelete: .restrict)
                table.column("instrument", .text).notNull()
                table.column("instrumentVersion", .text).notNull()
                table.column("occasion", .text).notNull()
                table.column("item", .text).notNull()
                table.column("code", .text).notNull()
                table.column("source", .text).notNull()
                table.column("recordedAt", .datetime).notNull()
                table.uniqueKey(["participantId", "instrument", "occasion", "item"])
            }
            try db.create(index: "response_by_instrument", on: "response", columns: ["instrument", "occasion"])
            try db.create(table: "judgement") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("matrix", .text).notNull()
                table.column("matrixVersion", .text).notNull()
                table.column("occasion", .text).notNull()
                table.column("strand", .text).notNull()
                table.column("level", .text).notNull()
                table.column("respondent", .text)
                table.column("evidence", .text).notNull()
                table.column("recordedAt", .datetime).notNull()
            }
            try db.create(index: "judgement_by_matrix", on: "judgement", columns: ["matrix", "occasion"])
        }
        migrator.registerMigration("v3: transcript sources and speaker turns") { db in
            try db.create(table: "source") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique(onConflict: .abort)
                table.column("kind", .text).notNull()
                table.column("originalPath", .text).notNull()
                table.column("sha256", .text).notNull().unique(onConflict: .abort)
                table.column("text", .text).notNull()
                table.column("caseId", .integer).references("participant", onDelete: .restrict)
                table.column("importedAt", .datetime).notNull()
            }
            try db.create(table: "turn") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("sourceId", .integer).notNull().references("source", onDelete: .cascade)
                table.column("position", .integer).notNull()
                table.column("speaker", .text)
                table.column("participantId", .integer).references("participant", onDelete: .setNull)
                table.column("start", .integer).notNull()
                table.column("end", .integer).notNull()
                table.column("startTime", .double)
                table.column("endTime", .double)
            }
            try db.create(index: "turn_by_source", on: "turn", columns: ["sourceId", "position"])
        }
        migrator.registerMigration("v4: codings") { db in
            try db.create(table: "coding") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("sourceId", .integer).notNull().references("source", onDelete: .cascade)
                table.column("start", .integer).notNull()
                table.column("end", .integer).notNull()
                table.column("framework", .text).notNull()
                table.column("frameworkVersion", .text).notNull()
                table.column("theme", .text).notNull()
                table.column("coder", .text).notNull()
                table.column("automatic", .boolean).notNull().defaults(to: false)
                table.column("createdAt", .datetime).notNull()
                table.check(sql: "start >= 0 AND end > start")
            }
            try db.create(index: "coding_by_source", on: "coding", columns: ["sourceId", "start"])
            try db.create(index: "coding_by_framework", on: "coding", columns: ["framework", "theme"])
        }
        migrator.registerMigration("v5: chart summaries") { db in
            try db.create(table: "chartSummary") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("framework", .text).notNull()
                table.column("caseName", .text).notNull()
                table.column("theme", .text).notNull()
                table.column("text", .text).notNull()
                table.column("updatedAt", .datetime).notNull()
                table.uniqueKey(["framework", "caseName", "theme"])
            }
        }
        migrator.registerMigration("v6: participants' real names (kept only for pseudonymisation)") { db in
            try db.alter(table: "participant") { table in
                table.add(column: "names", .jsonText).notNull().defaults(to: "[]")
            }
        }
        migrator.registerMigration("v7: framework-analysis stages") { db in
            try db.create(table: "memo") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("sourceId", .integer).notNull().references("source", onDelete: .cascade)
                table.column("start", .integer)
                table.column("end", .integer)
                table.column("researcher", .text).notNull()
                table.column("text", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.check(sql: "(start IS NULL AND end IS NULL) OR (start >= 0 AND end > start)")
            }
            try db.create(table: "draftTheme") { table in
                table.primaryKey("id", .text)
                table.column("name", .text).notNull()
                table.column("parentId", .text)
                table.column("definition", .text)
                table.column("inclusion", .text)
                table.column("exclusion", .text)
                table.column("status", .text).notNull()
                table.column("replacedBy", .jsonText).notNull().defaults(to: "[]")
                table.column("position", .integer).notNull()
            }
            try db.create(table: "draftChange") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("action", .text).notNull()
                table.column("detail", .text).notNull()
                table.column("researcher", .text).notNull()
                table.column("note", .text)
                table.column("at", .datetime).notNull()
            }
            try db.create(table: "memberCheck") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("participantId", .integer).notNull().references("participant", onDelete: .restrict)
                table.column("checkedOn", .text).notNull()
                table.column("framework", .text).notNull()
                table.column("researcher", .text).notNull()
                table.column("outcome", .text).notNull()
                table.column("changes", .text)
                table.column("recordedAt", .datetime).notNull()
            }
            try db.create(table: "outsidePassage") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("sourceId", .integer).notNull().references("source", onDelete: .cascade)
                table.column("start", .integer).notNull()
                table.column("end", .integer).notNull()
                table.column("researcher", .text).notNull()
                table.column("note", .text)
                table.column("createdAt", .datetime).notNull()
                table.column("resolution", .text)
                table.column("resolvedBy", .text)
                table.column("resolvedAt", .datetime)
                table.column("resolutionNote", .text)
                table.column("codingId", .integer).references("coding", onDelete: .setNull)
                table.check(sql: "start >= 0 AND end > start")
            }
        }
        migrator.registerMigration("v8: enquiries, cycles, success criteria, evidence, reflections, peer review") { db in
            try db.create(table: "enquiry") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("title", .text).notNull()
                table.column("focus", .text).notNull()
                table.column("questions", .jsonText).notNull()
                table.column("schools", .jsonText).notNull()
                table.column("lead", .text)
                table.column("champions", .jsonText).notNull()
                table.column("startedOn", .text).notNull()
            }
            try db.create(table: "cycle") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("enquiryId", .integer).notNull().references("enquiry", onDelete: .restrict)
                table.column("number", .integer).notNull()
                table.column("template", .text).notNull()
                table.column("interventions", .jsonText).notNull()
                table.column("baseline", .text).notNull()
                table.column("startedOn", .text).notNull()
                table.column("closedOn", .text)
                table.column("decision", .text)
                table.column("nextFocus", .text)
                table.uniqueKey(["enquiryId", "number"])
            }
            try db.create(table: "criterion") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("cycleId", .integer).notNull().references("cycle", onDelete: .cascade)
                table.column("description", .text).notNull()
                table.column("measure", .text).notNull()
                table.column("comparison", .text).notNull()
                table.column("threshold", .double).notNull()
            }
            try db.create(table: "evidence") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("cycleId", .integer).notNull().references("cycle", onDelete: .cascade)
                table.column("kind", .text).notNull()
                table.column("title", .text).notNull()
                table.column("detail", .jsonText).notNull()
                table.column("source", .text).notNull()
                table.column("recordedOn", .text).notNull()
            }
            try db.create(table: "reflection") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("cycleId", .integer).notNull().references("cycle", onDelete: .cascade)
                table.column("author", .text).notNull()
                table.column("wentWell", .text)
                table.column("notEffective", .text)
                table.column("problems", .text)
                table.column("leadershipLearning", .text)
                table.column("recordedOn", .text).notNull()
            }
            try db.create(table: "peerReview") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("cycleId", .integer).notNull().references("cycle", onDelete: .cascade)
                table.column("challengedBy", .text).notNull()
                table.column("challenge", .text).notNull()
                table.column("response", .text)
                table.column("recordedOn", .text).notNull()
            }
        }
        migrator.registerMigration("v9: memos on the whole project (no source)") { db in
            try db.create(table: "memoNew") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("sourceId", .integer).references("source", onDelete: .cascade)
                table.column("start", .integer)
                table.column("end", .integer)
                table.column("researcher", .text).notNull()
                table.column("text", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.check(sql: "(start IS NULL AND end IS NULL) OR (sourceId IS NOT NULL AND start >= 0 AND end > start)")
            }
            try db.execute(sql: """
                INSERT INTO memoNew (id, sourceId, start, "end", researcher, text, createdAt)
                SELECT id, sourceId, start, "end", researcher, text, createdAt FROM memo
                """)
            try db.drop(table: "memo")
            try db.rename(table: "memoNew", to: "memo")
        }
        migrator.registerMigration("v10: the journal (history, undo, redo)") { db in
            try Journal.createTables(db)
            try Journal.installTriggers(db)
        }
        migrator.registerMigration("v11: the journal records a bulk insert as one range of rows") { db in
            try db.alter(table: "journalChange") { table in
                // An insert of the rows rowId…lastRowId (rowCount of them), made by a bulk import.
                table.add(column: "lastRowId", .integer)
                table.add(column: "rowCount", .integer)
            }
        }
        migrator.registerMigration("v12: a source's text is its last column") { db in
            // SQLite reaches a column stored after a long text only by reading the text's overflow
            // pages: with the text last, reading sources without their texts reads no text.
            let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'source'")
            try db.create(table: "sourceNew") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique(onConflict: .abort)
                table.column("kind", .text).notNull()
                table.column("originalPath", .text).notNull()
                table.column("sha256", .text).notNull().unique(onConflict: .abort)
                table.column("caseId", .integer).references("participant", onDelete: .restrict)
                table.column("importedAt", .datetime).notNull()
                table.column("text", .text).notNull()
            }
            try db.execute(sql: """
                INSERT INTO sourceNew (id, name, kind, originalPath, sha256, caseId, importedAt, text)
                SELECT id, name, kind, originalPath, sha256, caseId, importedAt, text FROM source
                """)
            try db.drop(table: "source")
            try db.rename(table: "sourceNew", to: "source")
            // Ids of deleted sources stay unused: the journal can still bring those sources back.
            if let sequence {
                try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = 'source'")
                try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('source', MAX(?, IFNULL((SELECT MAX(id) FROM source), 0)))",
                               arguments: [sequence])
            }
            try Journal.installTriggers(db)
        }
        migrator.registerMigration("v13: the research team by name") { db in
            try db.create(table: "researcher") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique(onConflict: .ignore)
            }
            try Journal.installTriggers(db)
        }
        migrator.registerMigration("v14: who took part in an occasion, answers or not") { db in
            try db.create(table: "sitting") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("participantId", .integer).notNull().references("participant", onDelete: .restrict)
                table.column("instrument", .text).notNull()
                table.column("instrumentVersion", .text).notNull()
                table.column("occasion", .text).notNull()
                table.uniqueKey(["participantId", "instrument", "occasion"], onConflict: .ignore)
            }
            try Journal.installTriggers(db)
        }
        return migrator
    }
}
