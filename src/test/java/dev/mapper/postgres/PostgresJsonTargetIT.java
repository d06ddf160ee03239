package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * 004 onto target tables the app made already with a {@code json} or {@code jsonb} value column: the
 * documents go in as JSON (the server reads them as its type), hold what SQLite's hold, compared as
 * JSON (jsonb reorders keys and respells numbers); verify, re-apply and rollback treat them as JSON,
 * and a document the app changed since makes rollback refuse, changing nothing.
 */
class PostgresJsonTargetIT {
    @TempDir
    Path dir;
    /** The test database as the CLI suites' fixture sees it: its options, fingerprint and rows. */
    private PgDb db;

    private void load(String type) throws Exception {
        db = PgDb.example(dir.resolve("backups"));
        db.execute("CREATE TABLE router_config (key TEXT PRIMARY KEY, value " + type + " NOT NULL, updated_at BIGINT)");
        db.execute("CREATE TABLE logging_config (key TEXT PRIMARY KEY, value " + type + " NOT NULL, updated_at BIGINT)");
    }

    /** Whether the document PostgreSQL holds equals {@code json}, by jsonb's own equality (the server's, not mapper's). */
    private boolean sameJson(String table, String json) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT value::jsonb = ?::jsonb FROM " + table + " WHERE key = 'config'")) {
            ps.setString(1, json);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "jsonb"})
    void appliesVerifiesIsIdempotentAndRollsBackExactly(String type) throws Exception {
        Path sqlite = TestDb.example(dir);
        assertEquals(0, Cli.run("apply", TestDb.MAPPING_004.toString(), "--db", sqlite.toString()).exitCode());
        load(type);
        String before = db.fingerprint();

        Cli run = db.run("apply", TestDb.MAPPING_004.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Verify    ok: 20 keys in 2 target(s) have their declared JSON types and exactly the values computed from the backup rows;"),
                run.out());
        for (String table : new String[] {"router_config", "logging_config"}) {
            String written = TestDb.one(sqlite, "SELECT value FROM " + table + " WHERE key = 'config'");
            assertTrue(sameJson(table, written), table + ": " + db.query("SELECT value FROM " + table));
            assertEquals(List.of(type), db.query("SELECT pg_typeof(value)::text FROM " + table));
            if (type.equals("json")) { // json keeps the text as given: exactly mapper's
                assertEquals(List.of(written), db.query("SELECT value FROM " + table));
            }
        }
        assertEquals(List.of("config | 8080 | 0.7 | true"), db.query("SELECT key, value->>'port', value->>'temperature', value->>'metricsEnabled' FROM router_config"));
        String applied = db.fingerprint();

        Cli verify = db.run("verify", TestDb.MAPPING_004.toString());
        assertEquals(0, verify.exitCode(), verify::toString);

        Cli again = db.run("apply", TestDb.MAPPING_004.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("already applied"), again::toString);
        assertEquals(applied, db.fingerprint());

        Cli rollback = db.run("rollback", TestDb.MAPPING_004.toString());
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertEquals(before, db.fingerprint());
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "jsonb"})
    void rollbackIgnoresWhatJsonbNormalisationExplains(String type) throws Exception {
        load(type);
        String before = db.fingerprint();
        assertEquals(0, db.run("apply", TestDb.MAPPING_004.toString()).exitCode());
        // the app rewrites the document as jsonb spells it (keys reordered, spaces) with 0.7 spelled 0.70: the same JSON
        db.execute("UPDATE router_config SET value = jsonb_set(value::jsonb, '{temperature}', '0.70')::" + type);
        assertTrue(db.query("SELECT value::text FROM router_config").get(0).contains("\"temperature\": 0.70"), db.query("SELECT value FROM router_config")::toString);

        Cli rollback = db.run("rollback", TestDb.MAPPING_004.toString());

        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertEquals(before, db.fingerprint());
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "jsonb"})
    void rollbackRefusesADocumentTheAppChanged(String type) throws Exception {
        load(type);
        assertEquals(0, db.run("apply", TestDb.MAPPING_004.toString()).exitCode());
        db.execute("UPDATE router_config SET value = jsonb_set(value::jsonb, '{port}', '9090')::" + type);
        String changed = db.fingerprint();

        Cli refused = db.run("rollback", TestDb.MAPPING_004.toString());

        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: cannot roll back migration 004: router_config row 'config' was changed since the migration wrote it: "
                + "port is 9090 (the migration wrote 8080)\n"), refused.err());
        assertEquals(changed, db.fingerprint());
        assertNotEquals(List.of(), db.query("SELECT 1 FROM router_config"));
    }
}
