package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table migration on PostgreSQL whose rows do not fit in the heap: the built jar, run with a
 * heap far smaller than the source table read into memory, must stream the rows both when it writes
 * them (Java computes three columns, examples/metrics/metrics-v2-java.yaml) and when it verifies
 * them. pgjdbc reads a whole result set into memory unless the statement has a fetch size (and the
 * transaction is open), so without streaming this run ends in an OutOfMemoryError. Nothing is timed.
 */
class PostgresLargeTableIT {
    /** Held in memory, 400,000 metrics rows take far more than the heap below (about 100 MB as pgjdbc's row buffers alone). */
    static final int ROWS = 400_000;
    static final String HEAP = "-Xmx48m";

    @TempDir
    Path dir;
    private final PgServer server = PgServer.get();

    /**
     * {@code rows} metrics rows as GenerateMetrics makes them (deterministic, every 50th row without sensors, every 10th
     * without a GPU), in the example's metrics table with 8-byte floats (SQLite's REAL).
     */
    static void metrics(Connection c, long rows) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(PgExample.sql().replace(" REAL", " DOUBLE PRECISION"));
            s.executeUpdate("DELETE FROM metrics"); // the example's three rows: the generated ones are numbered from 1
            s.executeUpdate("INSERT INTO metrics (id, cpu_usage, memory_usage, disk_usage, active_models, uptime, gpu_usage, gpu_memory_used, "
                    + "gpu_memory_total, timestamp) SELECT i, "
                    + "CASE WHEN i % 50 = 0 THEN NULL ELSE (i * 7919 % 10000) / 100.0 END, "
                    + "CASE WHEN i % 50 = 0 THEN NULL ELSE 5 + (i * 104729 % 9000) / 100.0 END, "
                    + "round(63 + i / 1e6, 2), "
                    + "CASE WHEN i % 50 = 0 THEN NULL ELSE i % 5 END, "
                    + "i * 5 % 864000, "
                    + "CASE WHEN i % 50 = 0 OR i % 10 = 3 THEN NULL ELSE (i * 31 % 10000) / 100.0 END, "
                    + "CASE WHEN i % 50 = 0 OR i % 10 = 3 THEN NULL ELSE i * 2654435761 % 8589934592 END, "
                    + "CASE WHEN i % 50 = 0 OR i % 10 = 3 THEN NULL ELSE 8589934592 END, "
                    + "1764000100 + i * 5 FROM generate_series(1::bigint, " + rows + ") AS g(i)");
        }
    }

    /**
     * The target rows equal to what metrics-v2-java.yaml computes from their source row, by PostgreSQL's own arithmetic
     * (IEEE doubles, as Java's): renames, defaults for NULL, /100, /3600 and the GPU percentage.
     */
    static final String EQUAL_ROWS = "SELECT count(*) FROM metrics m JOIN metrics_v2 t ON t.id = m.id WHERE "
            + "t.recorded_at = m.timestamp AND t.cpu_percent = coalesce(m.cpu_usage, 0) AND t.memory_fraction = coalesce(m.memory_usage / 100, 0) "
            + "AND t.disk_percent = m.disk_usage AND t.active_models = coalesce(m.active_models, 0) AND t.uptime_hours = m.uptime / 3600 "
            + "AND t.gpu_percent = coalesce(m.gpu_usage, 0) AND t.gpu_memory_used = coalesce(m.gpu_memory_used, 0) "
            + "AND t.gpu_memory_total = coalesce(m.gpu_memory_total, 0) AND t.gpu_memory_percent = CASE WHEN m.gpu_memory_used IS NULL THEN 0 "
            + "WHEN m.gpu_memory_total > 0 THEN m.gpu_memory_used * 100 / m.gpu_memory_total ELSE 0 END";

    @Test
    void streamsMoreRowsThanTheHeapHolds() throws Exception {
        String url = server.freshDatabase();
        try (Connection c = server.connectUrl(url)) {
            metrics(c, ROWS);
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP, "-jar",
                Path.of("target/mapper.jar").toAbsolutePath().toString(), "examples/metrics/metrics-v2-java.yaml", "--db", url,
                "--backup-dir", dir.resolve("backups").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        Process p = builder.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "mapper did not finish");
        String out = Files.readString(dir.resolve("out.txt"));
        String err = Files.readString(dir.resolve("err.txt"));

        assertEquals(0, p.exitValue(), () -> "exit " + p.exitValue() + "\n--- stdout\n" + out + "--- stderr\n" + err);
        assertTrue(out.contains("Table     metrics_v2: " + ROWS + " row(s) written, streamed in batches of 5000"), out);
        assertTrue(out.contains(ROWS + " row(s) in 1 table target(s) equal, value and type"), out);
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            assertEquals(ROWS, one(s, "SELECT count(*) FROM metrics_v2"));
            assertEquals(ROWS, one(s, EQUAL_ROWS));
            try (ResultSet rs = s.executeQuery("SELECT * FROM metrics_v2 WHERE id IN (50, 53, 54) ORDER BY id")) {
                assertTrue(rs.next()); // no sensors: every default
                assertEquals(List.of(50L, 1764000350L, 0.0, 0.0, 63.0, 0L, 250 / 3600.0, 0.0, 0L, 0L, 0.0), row(rs));
                assertTrue(rs.next()); // no GPU
                assertEquals(List.of(53L, 1764000365L, cpu(53), memory(53) / 100, 63.0, 3L, 265 / 3600.0, 0.0, 0L, 0L, 0.0), row(rs));
                assertTrue(rs.next());
                long used = 54 * 2654435761L % 8589934592L;
                assertEquals(List.of(54L, 1764000370L, cpu(54), memory(54) / 100, 63.0, 4L, 270 / 3600.0, 16.74, used, 8589934592L,
                        used * 100.0 / 8589934592L), row(rs));
            }
        }
    }

    /**
     * Two source rows with one key, 10,000 rows apart: the second lands in a later batch, which pgjdbc sends as multi-row
     * INSERTs. The message names the table, the key and the duplicate value in the server's words, in one line (not the
     * rewritten statement with its thousands of values); nothing is changed.
     */
    @Test
    void aDuplicateKeyInALaterBatchIsOneLineAndChangesNothing() throws Exception {
        String url = server.freshDatabase();
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (n BIGINT PRIMARY KEY, code TEXT NOT NULL)");
            s.executeUpdate("INSERT INTO events SELECT n, 'c' || (n % 11000) FROM generate_series(1, 12000) AS g(n)");
        }
        String before;
        try (Connection c = server.connectUrl(url)) {
            before = PgFingerprint.of(c);
        }
        Path mapping = Files.writeString(dir.resolve("030.yaml"), """
                migration: "030"
                name: event_codes
                sources:
                  e: { table: events, shape: table }
                targets:
                  event_codes:
                    shape: table
                    key: code
                    columns:
                      code: { from: e.code, type: string }
                      n:    { from: e.n, type: integer }
                """);

        dev.mapper.Cli run = dev.mapper.Cli.run(mapping.toString(), "--db", url, "--backup-dir", dir.resolve("backups").toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(mapping + ":6:3: error: event_codes: two source rows have the same key (code): duplicate key value violates unique "
                + "constraint \"event_codes_pkey\" (Key (code)=(c1) already exists.)", run.err().lines().findFirst().orElseThrow(), run::toString);
        assertTrue(run.err().contains("\n  hint: the key must identify one row of events; choose other key columns, or narrow the source with 'where'\n"),
                run::toString);
        try (Connection c = server.connectUrl(url)) {
            assertEquals(before, PgFingerprint.of(c));
        }
    }

    /** The source values metrics() generates, each the double nearest to its exact decimal (one rounding, as PostgreSQL's numeric → double). */
    private static double cpu(long i) {
        return (i * 7919 % 10000) / 100.0;
    }

    private static double memory(long i) {
        return (500 + i * 104729 % 9000) / 100.0;
    }

    private static long one(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Object> row(ResultSet rs) throws Exception {
        Object[] values = new Object[rs.getMetaData().getColumnCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rs.getObject(i + 1);
        }
        return List.of(values);
    }
}
