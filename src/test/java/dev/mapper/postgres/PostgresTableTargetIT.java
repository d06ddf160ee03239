package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import dev.mapper.cli.DropInTableTest;
import dev.mapper.cli.TableTargetTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table target (examples/metrics/metrics-v2.yaml) on PostgreSQL, pushed down: the rows SQLite gets (computed in Java there), value for value, verified; rollback exact. */
class PostgresTableTargetIT {

    @TempDir
    Path dir;

    @Test
    void metricsAsOnSqlite() throws Exception {
        Path sqlite = TestDb.example(dir);
        TestDb.exec(sqlite, TableTargetTest.ROWS);
        assertEquals(0, Cli.run(TableTargetTest.METRICS.toString(), "--db", sqlite.toString(), "--no-pushdown").exitCode());
        List<String> expected = TestDb.query(sqlite, "SELECT * FROM metrics_v2 ORDER BY id");

        PgDb db = PgDb.empty(dir.resolve("backups"));
        // SQLite's REAL is an 8-byte float; PostgreSQL's is 4 bytes, which would change the source values themselves
        db.execute(PgExample.sql().replace(" REAL", " DOUBLE PRECISION"));
        db.execute(TableTargetTest.ROWS);
        String before = db.fingerprint();

        Cli run = db.run(TableTargetTest.METRICS.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("6 row(s) in 1 table target(s) equal, value and type"), run.out());
        assertTrue(run.out().contains("metrics_v2: 6 row(s) written, pushed down: one INSERT … SELECT"), run.out());
        assertEquals(expected, db.values("SELECT * FROM metrics_v2 ORDER BY id"));

        Cli rollback = db.run("rollback", TableTargetTest.METRICS.toString());

        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertEquals(before, db.fingerprint());
    }

    static final String SESSIONS = "CREATE TABLE sessions (n BIGINT, sid TEXT PRIMARY KEY, model TEXT, tokens BIGINT, note TEXT, started BIGINT);"
            + "INSERT INTO sessions VALUES (10, 's1', 'llama', 120, 'first', 1764000000), (20, 's2', NULL, NULL, NULL, 1764000100), "
            + "(30, 's3', 'qwen', 7, '', 1764000200)";

    @Test
    void dropInTableWithIdsPostgresAssigns() throws Exception {
        PgDb db = PgDb.empty(dir.resolve("backups"));
        db.execute(SESSIONS);
        String before = db.fingerprint();
        Path mapping = java.nio.file.Files.writeString(dir.resolve("020.yaml"), DropInTableTest.MAPPING);

        Cli run = db.run(mapping.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("1 | s1 | llama | 120 | first | 1764000000", "2 | s2 | llama | null | null | 1764000100", "3 | s3 | qwen | 7 |  | 1764000200"),
                db.values("SELECT id, sid, model, tokens, note, started FROM chat_sessions ORDER BY id"));
        db.execute("INSERT INTO chat_sessions (sid, started) VALUES ('s4', 1764000300)"); // the app's INSERT: defaults and the next id
        assertEquals(List.of("4 | llama | 0 | null"), db.values("SELECT id, model, tokens, note FROM chat_sessions WHERE sid = 's4'"));
        db.execute("DELETE FROM chat_sessions WHERE sid = 's4'");

        Cli rollback = db.run("rollback", mapping.toString());

        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertEquals(before, db.fingerprint());
    }

    @Test
    void dropInTableWithCopiedIdsContinuesAfterThem() throws Exception {
        PgDb db = PgDb.empty(dir.resolve("backups"));
        db.execute(SESSIONS);
        Path mapping = java.nio.file.Files.writeString(dir.resolve("020.yaml"),
                DropInTableTest.MAPPING.replace("id:      { type: integer, autoincrement: true }", "id:      { from: s.n, type: integer, autoincrement: true }"));

        Cli run = db.run(mapping.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("10 | s1", "20 | s2", "30 | s3"), db.values("SELECT id, sid FROM chat_sessions ORDER BY id"));
        db.execute("INSERT INTO chat_sessions (sid, started) VALUES ('s4', 1764000300)");
        assertEquals(List.of("31"), db.values("SELECT id FROM chat_sessions WHERE sid = 's4'"));
    }
}
