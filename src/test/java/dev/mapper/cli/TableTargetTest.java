package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.Db;
import dev.mapper.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Table targets (shape: table): the metrics example through both paths, pushed down and streamed.
 * On SQLite; {@link PostgresTableTargetCommandIT} runs the same tests on PostgreSQL. What only SQLite's
 * dynamic typing allows (text in a REAL column, a column without a type) is in {@link TableTargetSqliteTest}.
 */
public class TableTargetTest {
    public static final Path METRICS = Path.of("examples/metrics/metrics-v2.yaml");
    public static final String ROWS = "INSERT INTO metrics (id, cpu_usage, memory_usage, disk_usage, active_models, uptime, gpu_usage, gpu_memory_used,"
            + " gpu_memory_total, timestamp) VALUES (11, 12.5, 50.0, 70.0, 1, 3600.0, 30.0, 2048, 8192, 1764000000),"
            + " (12, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1764000005), (13, 99.0, 25.0, 71.5, 2, 3605.0, 0.0, 0, 0, 1764000010);";
    static final List<String> EXPECTED = List.of(
            "1 | 1764000010 | 12.5 | 0.41200000000000003 | 63.0 | 1 | 3600.0 | 35.0 | 3221225472 | 8589934592 | 37.5",
            "2 | 1764000015 | 55.1 | 0.48700000000000004 | 63.0 | 1 | 3605.0 | 88.0 | 6442450944 | 8589934592 | 75.0",
            "3 | 1764000020 | 8.0 | 0.39899999999999997 | 63.1 | 0 | 3610.0 | 0.0 | 0 | 0 | 0.0",
            "11 | 1764000000 | 12.5 | 0.5 | 70.0 | 1 | 3600.0 | 30.0 | 2048 | 8192 | 25.0",
            "12 | 1764000005 | 0.0 | 0.0 | 0.0 | 0 | 0.0 | 0.0 | 0 | 0 | 0.0",
            "13 | 1764000010 | 99.0 | 0.25 | 71.5 | 2 | 3605.0 | 0.0 | 0 | 0 | 0.0");

    @TempDir
    Path dir;

    /** The engine these tests run on. */
    Engine engine() {
        return Engine.SQLITE;
    }

    /** The example with {@link #ROWS} in metrics (its REAL columns 8-byte floats on both engines). */
    Db metricsDb() {
        Db db = engine().exampleWithDoubles(dir);
        db.exec(ROWS);
        return db;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pushed down", "streamed"})
    @DisplayName("metrics → metrics_v2: exact values and types, verified, recorded; verify finds drift; rollback refuses to drop the changed table unless told to discard the writes")
    void metricsBothWays(String path) {
        Db db = metricsDb();
        boolean stream = path.equals("streamed");
        Cli run = stream ? db.run(METRICS.toString(), "--no-pushdown") : db.run(METRICS.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Table     metrics_v2: 6 row(s) written, " + (stream ? "streamed in batches of 5000" : "pushed down: one INSERT … SELECT")),
                run.out());
        assertTrue(run.out().contains("6 row(s) in 1 table target(s) equal, value and type"), run.out());
        assertEquals(EXPECTED, db.values("SELECT * FROM metrics_v2 ORDER BY id"));
        // SQLite: each value's storage class; PostgreSQL: the columns' types (integer is bigint, number double precision)
        assertEquals(List.of(db.pick("integer|integer|real|real|real|integer|real|real|integer|integer|real",
                        "bigint|bigint|double precision|double precision|double precision|bigint|double precision|double precision|bigint|bigint|double precision")),
                db.query(db.pick("SELECT group_concat(t, '|') FROM (SELECT typeof(id) || '|' || typeof(recorded_at) || '|' || typeof(cpu_percent) || '|' "
                        + "|| typeof(memory_fraction) || '|' || typeof(disk_percent) || '|' || typeof(active_models) || '|' || typeof(uptime_seconds) "
                        + "|| '|' || typeof(gpu_percent) || '|' || typeof(gpu_memory_used) || '|' || typeof(gpu_memory_total) || '|' "
                        + "|| typeof(gpu_memory_percent) AS t FROM metrics_v2 WHERE id = 12)",
                        "SELECT string_agg(data_type, '|' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'metrics_v2'")));
        assertEquals("applied", db.one("SELECT kind FROM mapper_history WHERE migration = 'metrics_v2'"));
        Cli verified = db.run("verify", METRICS.toString());
        assertEquals(0, verified.exitCode(), verified::toString);
        assertEquals("Verify    ok: migration metrics_v2 (metrics_v2): every row of metrics_v2 equals, value and type, what the mapping computes "
                + "from its source table's rows.\n", verified.out());
        Cli validated = Cli.run("validate", METRICS.toString());
        assertEquals("ok: " + METRICS + ": migration metrics_v2 (metrics_v2), 1 table source(s), 1 table target(s), 11 columns\n", validated.out());

        db.exec("UPDATE metrics_v2 SET cpu_percent = 1 WHERE id = 2; DELETE FROM metrics_v2 WHERE id = 13");
        Cli drift = db.run("verify", METRICS.toString());
        assertEquals(1, drift.exitCode(), drift::toString);
        assertTrue(drift.err().startsWith("error: drifted: metrics_v2.cpu_percent is 1.0 for metrics row id=2, expected 55.1\n"
                + "error: drifted: metrics_v2 has no row for metrics row id=13\n"
                + "error: drifted: metrics_v2 has 5 rows, but the rows of metrics gives 6\n"), drift.err());

        String drifted = db.fingerprint();
        Cli refused = db.run("rollback", METRICS.toString());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: cannot roll back migration metrics_v2: table metrics_v2 was written since the migration created it"),
                refused.err());
        assertEquals(drifted, db.fingerprint());

        Cli rollback = db.run("rollback", METRICS.toString(), "--discard-later-writes");
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertFalse(db.tables().contains("metrics_v2"));
        assertEquals(List.of("logs", "metadata", "metrics", "models", "server_config"), db.tables());
    }

    @Test
    @DisplayName("verify still tells storage classes apart when the target was re-declared (a TEXT column): it compares in Java then")
    void verifyAfterTheTargetIsRedeclared() {
        Db db = metricsDb();
        assertEquals(0, db.run(METRICS.toString()).exitCode());
        // same values, but cpu_percent is now TEXT: its affinity stores '55.1', which SQL's IS would take for 55.1
        // (SQLite has no ALTER COLUMN: the table is made again; PostgreSQL converts the column in place, each double as its text)
        db.exec(db.pick("ALTER TABLE metrics_v2 RENAME TO old; CREATE TABLE metrics_v2 (id INTEGER NOT NULL PRIMARY KEY, recorded_at INTEGER NOT NULL, "
                + "cpu_percent TEXT NOT NULL, memory_fraction REAL NOT NULL, disk_percent REAL NOT NULL, active_models INTEGER NOT NULL, "
                + "uptime_seconds REAL NOT NULL, gpu_percent REAL NOT NULL, gpu_memory_used INTEGER NOT NULL, gpu_memory_total INTEGER NOT NULL, "
                + "gpu_memory_percent REAL NOT NULL); INSERT INTO metrics_v2 SELECT * FROM old; DROP TABLE old",
                "ALTER TABLE metrics_v2 ALTER COLUMN cpu_percent TYPE text"));
        String before = db.fingerprint();

        Cli verify = db.run("verify", METRICS.toString());

        assertEquals(1, verify.exitCode(), verify::toString);
        assertTrue(verify.err().startsWith("error: drifted: metrics_v2.cpu_percent is \"12.5\" for metrics row id=1, expected 12.5\n"
                + "error: drifted: metrics_v2.cpu_percent is \"55.1\" for metrics row id=2, expected 55.1\n"), verify.err());
        assertEquals(before, db.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pushed down", "streamed"})
    @DisplayName("text that SQLite would read as a number ('5.0' in a TEXT column) is refused for an integer, as Java does, both ways")
    void textLookingLikeANumber(String path) throws IOException {
        Db db = engine().fromSql(dir, "r.db", "CREATE TABLE readings (id INTEGER PRIMARY KEY, level TEXT);"
                + "INSERT INTO readings VALUES (1, '5'), (2, '5.0');");
        Path mapping = write("m.yaml", """
                migration: r1
                name: r1
                sources:
                  r: { table: readings, shape: table }
                targets:
                  readings_v2:
                    shape: table
                    key: id
                    columns:
                      id:    { from: r.id, type: integer }
                      level: { from: r.level, type: integer, min: 0 }
                """);
        String before = db.fingerprint();

        Cli run = path.equals("streamed") ? db.run(mapping.toString(), "--no-pushdown") : db.run(mapping.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(mapping + ":11:7: error: readings_v2.level: \"5.0\" is not an integer (from r.level, readings row id=2)\n"), run.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("table target mistakes are reported with their positions, all at once")
    void mappingErrors() throws IOException {
        Path mapping = write("m.yaml", """
                migration: r1
                name: r1
                sources:
                  r: { table: readings, shape: table, where: "id > 0; DROP TABLE readings" }
                targets:
                  readings_v2:
                    shape: table
                    key: [id, nope]
                    columns:
                      id:    { from: r.id, type: integer, transform: "value + 1" }
                      name:  { from: r.name.first, type: string }
                """);

        Cli run = Cli.run("validate", mapping.toString());

        assertEquals(2, run.exitCode(), run::toString);
        String file = mapping.toString();
        assertEquals(List.of(file + ":4:46: error: the where: of source 'r' is refused: ';' at character 7: a where: is one condition, not several statements",
                        file + ":11:22: error: 'r.name.first' goes too deep: table source 'r' has one level",
                        file + ":10:7: error: key column 'id' must come straight from one source column (one 'from', no 'transform')",
                        file + ":8:10: error: key column 'nope' is not one of the columns of readings_v2"),
                run.err().lines().filter(l -> l.contains(": error: ")).toList());
    }

    @Test
    @DisplayName("a column the source table does not have is refused before anything is written")
    void missingColumn() throws IOException {
        Db db = metricsDb();
        String before = db.fingerprint();
        Path mapping = write("m.yaml", Files.readString(METRICS).replace("m.gpu_usage", "m.gpu_load"));

        Cli run = db.run(mapping.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(mapping + ":24:35: error: source table 'metrics' has no column 'gpu_load'\n"), run.err());
        assertEquals(before, db.fingerprint());
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    @DisplayName("plan of a table target shows the first rows before -> after and the source row count, per-column SQL/Java, and no SQL without --sql")
    void planShowsRowsBeforeAndAfter() {
        Db db = metricsDb();
        String before = db.fingerprint();

        Cli plan = db.run("plan", METRICS.toString());

        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("\n  first 3 of 6 source row(s), before -> after:\n    metrics {"), plan.out());
        assertTrue(plan.out().contains("\n      -> metrics_v2 {id: 1, recorded_at: 1764000010, cpu_percent: 12.5, memory_fraction: 0.41200000000000003, "),
                plan.out());
        assertTrue(!plan.out().contains("INSERT INTO"), plan.out());
        assertTrue(db.run("plan", METRICS.toString(), "--sql").out().contains("INSERT INTO"));
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("apply of a table target shows the first rows before -> after and the counts, as plan does; --json carries them per table")
    void applyShowsRowsBeforeAndAfter() {
        Db db = metricsDb();
        Cli apply = db.run(METRICS.toString());
        assertEquals(0, apply.exitCode(), apply::toString);
        assertTrue(apply.out().contains("\n  first 3 of 6 source row(s), before -> after:\n    metrics {"), apply.out());
        assertTrue(apply.out().contains("\n      -> metrics_v2 {id: 1, recorded_at: 1764000010, cpu_percent: 12.5, memory_fraction: 0.41200000000000003, "),
                apply.out());
        assertTrue(apply.out().contains("\nTable     metrics_v2: 6 row(s) written, "), apply.out());

        assertEquals(0, db.run("rollback", METRICS.toString()).exitCode());
        Cli json = db.run(METRICS.toString(), "--json");
        assertEquals(0, json.exitCode(), json::toString);
        assertTrue(json.out().contains("\"tables\":[{\"table\":\"metrics_v2\",\"rows\":6,"), json.out());
        assertTrue(json.out().contains(",\"sourceRows\":6,\"preview\":[{\"before\":{"), json.out());
        assertTrue(json.out().contains("\"after\":{\"id\":1,\"recorded_at\":1764000010,\"cpu_percent\":12.5,"), json.out());
    }
}
