package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import dev.mapper.cli.DropInTableTest;
import dev.mapper.cli.TableTargetTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table target (examples/metrics/metrics-v2.yaml) on PostgreSQL, pushed down: the rows SQLite gets (computed in Java there), value for value, verified; rollback exact. */
class PostgresTableTargetIT {

    @TempDir
    Path dir;
    private final PgServer server = PgServer.get();

    @Test
    void metricsAsOnSqlite() throws Exception {
        Path sqlite = TestDb.example(dir);
        TestDb.exec(sqlite, TableTargetTest.ROWS);
        assertEquals(0, Cli.run(TableTargetTest.METRICS.toString(), "--db", sqlite.toString(), "--no-pushdown").exitCode());
        List<String> expected = TestDb.query(sqlite, "SELECT * FROM metrics_v2 ORDER BY id");

        String url = server.freshDatabase();
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            // SQLite's REAL is an 8-byte float; PostgreSQL's is 4 bytes, which would change the source values themselves
            s.execute(PgExample.sql().replace(" REAL", " DOUBLE PRECISION"));
            s.executeUpdate(TableTargetTest.ROWS);
        }
        String before;
        try (Connection c = server.connectUrl(url)) {
            before = PgFingerprint.of(c);
        }

        Cli run = Cli.run(TableTargetTest.METRICS.toString(), "--db", url, "--backup-dir", dir.resolve("backups").toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("6 row(s) in 1 table target(s) equal, value and type"), run.out());
        assertTrue(run.out().contains("metrics_v2: 6 row(s) written, pushed down: one INSERT … SELECT"), run.out());
        try (Connection c = server.connectUrl(url)) {
            assertEquals(expected, rows(c, "SELECT * FROM metrics_v2 ORDER BY id"));
        }

        Cli rollback = Cli.run("rollback", TableTargetTest.METRICS.toString(), "--db", url, "--backup-dir", dir.resolve("backups").toString());

        assertEquals(0, rollback.exitCode(), rollback::toString);
        try (Connection c = server.connectUrl(url)) {
            assertEquals(before, PgFingerprint.of(c));
        }
    }

    static final String SESSIONS = "CREATE TABLE sessions (n BIGINT, sid TEXT PRIMARY KEY, model TEXT, tokens BIGINT, note TEXT, started BIGINT);"
            + "INSERT INTO sessions VALUES (10, 's1', 'llama', 120, 'first', 1764000000), (20, 's2', NULL, NULL, NULL, 1764000100), "
            + "(30, 's3', 'qwen', 7, '', 1764000200)";

    @Test
    void dropInTableWithIdsPostgresAssigns() throws Exception {
        String url = server.freshDatabase();
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            s.execute(SESSIONS);
        }
        String before;
        try (Connection c = server.connectUrl(url)) {
            before = PgFingerprint.of(c);
        }
        Path mapping = java.nio.file.Files.writeString(dir.resolve("020.yaml"), DropInTableTest.MAPPING);

        Cli run = Cli.run(mapping.toString(), "--db", url, "--backup-dir", dir.resolve("backups").toString());

        assertEquals(0, run.exitCode(), run::toString);
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            assertEquals(List.of("1 | s1 | llama | 120 | first | 1764000000", "2 | s2 | llama | null | null | 1764000100", "3 | s3 | qwen | 7 |  | 1764000200"),
                    rows(c, "SELECT id, sid, model, tokens, note, started FROM chat_sessions ORDER BY id"));
            s.executeUpdate("INSERT INTO chat_sessions (sid, started) VALUES ('s4', 1764000300)"); // the app's INSERT: defaults and the next id
            assertEquals(List.of("4 | llama | 0 | null"), rows(c, "SELECT id, model, tokens, note FROM chat_sessions WHERE sid = 's4'"));
            s.executeUpdate("DELETE FROM chat_sessions WHERE sid = 's4'");
        }

        Cli rollback = Cli.run("rollback", mapping.toString(), "--db", url, "--backup-dir", dir.resolve("backups").toString());

        assertEquals(0, rollback.exitCode(), rollback::toString);
        try (Connection c = server.connectUrl(url)) {
            assertEquals(before, PgFingerprint.of(c));
        }
    }

    @Test
    void dropInTableWithCopiedIdsContinuesAfterThem() throws Exception {
        String url = server.freshDatabase();
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            s.execute(SESSIONS);
        }
        Path mapping = java.nio.file.Files.writeString(dir.resolve("020.yaml"),
                DropInTableTest.MAPPING.replace("id:      { type: integer, autoincrement: true }", "id:      { from: s.n, type: integer, autoincrement: true }"));

        Cli run = Cli.run(mapping.toString(), "--db", url, "--backup-dir", dir.resolve("backups").toString());

        assertEquals(0, run.exitCode(), run::toString);
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            assertEquals(List.of("10 | s1", "20 | s2", "30 | s3"), rows(c, "SELECT id, sid FROM chat_sessions ORDER BY id"));
            s.executeUpdate("INSERT INTO chat_sessions (sid, started) VALUES ('s4', 1764000300)");
            assertEquals(List.of("31"), rows(c, "SELECT id FROM chat_sessions WHERE sid = 's4'"));
        }
    }

    /** Rows as TestDb.query prints SQLite's: columns joined with " | ", numbers as Java prints them. */
    private static List<String> rows(Connection c, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join(" | ", values));
            }
        }
        return rows;
    }
}
