package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import dev.mapper.change.AppendTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AppendTest on a real PostgreSQL server: the appended row is found again by the table's primary
 * key (PostgreSQL has no stable row id) and rollback deletes exactly it, its identity sequence
 * rewound; a table without a primary key is refused.
 */
class PostgresAppendIT {
    @TempDir
    Path dir;
    /** The test database as the CLI suites' fixture sees it: its options, fingerprint and rows. */
    private PgDb db;

    @BeforeEach
    void migrated() throws Exception {
        db = PgDb.example(dir.resolve("backups"));
        Cli run = db.run("apply", TestDb.MAPPING_004.toString());
        assertEquals(0, run.exitCode(), run::toString);
    }

    private Path mapping(String text) throws Exception {
        return Files.writeString(dir.resolve("010-audit.yaml"), text);
    }

    @Test
    void appendsAndUndoes() throws Exception {
        String before = db.fingerprint();
        Path audit = mapping(AppendTest.AUDIT);

        Cli run = db.run("apply", audit.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Append    one row to logs\n    level      \"info\"  default\n"
                + "    message    \"router settings moved to router_config (port 8080)\"  via transform\n"), run.out());
        assertTrue(run.out().contains("Verify    ok: 1 appended row(s) hold exactly the values computed; "), run.out());
        assertEquals(List.of("4 | info | text | router settings moved to router_config (port 8080) | mapper | 1764000400 | bigint"),
                db.query("SELECT id, level, pg_typeof(level), message, source, timestamp, pg_typeof(timestamp) FROM logs WHERE id = 4"));
        assertEquals(List.of("row_appended | logs | 4 | id"), db.query("SELECT kind, table_name, item, detail FROM mapper_changes WHERE kind = 'row_appended'"));

        Cli rollback = db.run("rollback", audit.toString());

        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertTrue(rollback.out().contains("deleted the row appended to logs (id 4)"), rollback.out());
        assertEquals(before, db.fingerprint()); // logs' identity sequence included: rewound to 3
        db.execute("INSERT INTO logs (level, message) VALUES ('info', 'the app')");
        assertEquals(List.of("4"), db.query("SELECT id FROM logs WHERE message = 'the app'"));
    }

    @Test
    void changedSince() throws Exception {
        Path audit = mapping(AppendTest.AUDIT);
        assertEquals(0, db.run("apply", audit.toString()).exitCode());
        db.execute("UPDATE logs SET level = 'warn' WHERE id = 4");
        String changed = db.fingerprint();

        Cli refused = db.run("rollback", audit.toString());

        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: cannot roll back migration 010: the row appended to logs (id 4) was changed since the migration wrote it\n"),
                refused.err());
        assertEquals(changed, db.fingerprint());
        Cli discarded = db.run("rollback", audit.toString(), "--discard-later-writes");
        assertEquals(0, discarded.exitCode(), discarded::toString);
        assertEquals(List.of("3"), db.query("SELECT count(*) FROM logs"));
    }

    @Test
    void aTableWithoutPrimaryKeyIsRefused() throws Exception {
        db.execute("CREATE TABLE notes (level TEXT, message TEXT, source TEXT, timestamp BIGINT)");
        String before = db.fingerprint();
        Path audit = mapping(AppendTest.AUDIT.replace("  logs:\n", "  notes:\n"));

        Cli run = db.run("apply", audit.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(audit + ":6:3: error: cannot append to notes: the table has no primary key, so mapper could not find the row "
                + "again to delete exactly it on rollback (PostgreSQL has no stable row id)\n"), run.err());
        assertTrue(run.err().contains("  hint: give notes a primary key (ALTER TABLE notes ADD PRIMARY KEY (…)), or leave append: out; nothing was changed\n"),
                run.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    void doesNotFit() throws Exception {
        String before = db.fingerprint();
        Path audit = mapping(AppendTest.AUDIT.replace("    level:     { type: string, default: info }\n", "").replace("source:    {", "sourc:     {"));

        Cli run = db.run("apply", audit.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(audit + ":8:5: error: table logs has no column sourc\n"), run.err());
        assertTrue(run.err().contains("  hint: did you mean 'source'? its columns are: id, level, message, source, timestamp\n"), run.err());
        assertTrue(run.err().contains(audit + ":6:3: error: column logs.level is NOT NULL and has no default, but the row appended to logs gives it no value\n"),
                run.err());
        assertEquals(before, db.fingerprint());
    }
}
