package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Table targets (shape: table): the metrics example through both paths, pushed down and streamed. */
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

    private Path metricsDb() {
        Path db = TestDb.example(dir);
        TestDb.exec(db, ROWS);
        return db;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pushed down", "streamed"})
    @DisplayName("metrics → metrics_v2: exact values and types, verified, recorded; verify finds drift; rollback refuses to drop the changed table unless told to discard the writes")
    void metricsBothWays(String path) {
        Path db = metricsDb();
        boolean stream = path.equals("streamed");
        Cli run = stream ? Cli.run(METRICS.toString(), "--db", db.toString(), "--no-pushdown") : Cli.run(METRICS.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Table     metrics_v2: 6 row(s) written, " + (stream ? "streamed in batches of 5000" : "pushed down: one INSERT … SELECT")),
                run.out());
        assertTrue(run.out().contains("6 row(s) in 1 table target(s) equal, value and type"), run.out());
        assertEquals(EXPECTED, TestDb.query(db, "SELECT * FROM metrics_v2 ORDER BY id"));
        assertEquals(List.of("integer|integer|real|real|real|integer|real|real|integer|integer|real"),
                TestDb.query(db, "SELECT group_concat(t, '|') FROM (SELECT typeof(id) || '|' || typeof(recorded_at) || '|' || typeof(cpu_percent) || '|' "
                        + "|| typeof(memory_fraction) || '|' || typeof(disk_percent) || '|' || typeof(active_models) || '|' || typeof(uptime_seconds) "
                        + "|| '|' || typeof(gpu_percent) || '|' || typeof(gpu_memory_used) || '|' || typeof(gpu_memory_total) || '|' "
                        + "|| typeof(gpu_memory_percent) AS t FROM metrics_v2 WHERE id = 12)"));
        assertEquals("applied", TestDb.one(db, "SELECT kind FROM mapper_history WHERE migration = 'metrics_v2'"));
        Cli verified = Cli.run("verify", METRICS.toString(), "--db", db.toString());
        assertEquals(0, verified.exitCode(), verified::toString);
        assertEquals("Verify    ok: migration metrics_v2 (metrics_v2): every row of metrics_v2 equals, value and type, what the mapping computes "
                + "from its source table's rows.\n", verified.out());
        Cli validated = Cli.run("validate", METRICS.toString());
        assertEquals("ok: " + METRICS + ": migration metrics_v2 (metrics_v2), 1 table source(s), 1 table target(s), 11 columns\n", validated.out());

        TestDb.exec(db, "UPDATE metrics_v2 SET cpu_percent = 1 WHERE id = 2; DELETE FROM metrics_v2 WHERE id = 13");
        Cli drift = Cli.run("verify", METRICS.toString(), "--db", db.toString());
        assertEquals(1, drift.exitCode(), drift::toString);
        assertTrue(drift.err().startsWith("error: drifted: metrics_v2.cpu_percent is 1.0 for metrics row id=2, expected 55.1\n"
                + "error: drifted: metrics_v2 has no row for metrics row id=13\n"
                + "error: drifted: metrics_v2 has 5 rows, but the rows of metrics gives 6\n"), drift.err());

        String drifted = TestDb.sha256(db);
        Cli refused = Cli.run("rollback", METRICS.toString(), "--db", db.toString());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: cannot roll back migration metrics_v2: table metrics_v2 was written since the migration created it"),
                refused.err());
        assertEquals(drifted, TestDb.sha256(db));

        Cli rollback = Cli.run("rollback", METRICS.toString(), "--db", db.toString(), "--discard-later-writes");
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertFalse(TestDb.tables(db).contains("metrics_v2"));
        assertEquals(List.of("logs", "metadata", "metrics", "models", "server_config"), TestDb.tables(db));
    }

    @Test
    @DisplayName("verify still tells storage classes apart when the target was re-declared (a TEXT column): it compares in Java then")
    void verifyAfterTheTargetIsRedeclared() {
        Path db = metricsDb();
        assertEquals(0, Cli.run(METRICS.toString(), "--db", db.toString()).exitCode());
        // same values, but cpu_percent is now TEXT: its affinity stores '55.1', which SQL's IS would take for 55.1
        TestDb.exec(db, "ALTER TABLE metrics_v2 RENAME TO old; CREATE TABLE metrics_v2 (id INTEGER NOT NULL PRIMARY KEY, recorded_at INTEGER NOT NULL, "
                + "cpu_percent TEXT NOT NULL, memory_fraction REAL NOT NULL, disk_percent REAL NOT NULL, active_models INTEGER NOT NULL, "
                + "uptime_seconds REAL NOT NULL, gpu_percent REAL NOT NULL, gpu_memory_used INTEGER NOT NULL, gpu_memory_total INTEGER NOT NULL, "
                + "gpu_memory_percent REAL NOT NULL); INSERT INTO metrics_v2 SELECT * FROM old; DROP TABLE old");
        String before = TestDb.sha256(db);

        Cli verify = Cli.run("verify", METRICS.toString(), "--db", db.toString());

        assertEquals(1, verify.exitCode(), verify::toString);
        assertTrue(verify.err().startsWith("error: drifted: metrics_v2.cpu_percent is \"12.5\" for metrics row id=1, expected 12.5\n"
                + "error: drifted: metrics_v2.cpu_percent is \"55.1\" for metrics row id=2, expected 55.1\n"), verify.err());
        assertEquals(before, TestDb.sha256(db));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pushed down", "streamed"})
    @DisplayName("a value that does not convert: the same message both ways (row key, column, value, line); the file is unchanged")
    void badValueSameMessage(String path) {
        Path db = metricsDb();
        TestDb.exec(db, "INSERT INTO metrics (id, cpu_usage, timestamp) VALUES (14, 'high', 1764000020)");
        String before = TestDb.sha256(db);

        Cli run = path.equals("streamed") ? Cli.run(METRICS.toString(), "--db", db.toString(), "--no-pushdown")
                : Cli.run(METRICS.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("examples/metrics/metrics-v2.yaml:19:7: error: metrics_v2.cpu_percent: \"high\" is not a number "
                + "(from m.cpu_usage, metrics row id=14)\n"
                + "          cpu_percent:        { from: m.cpu_usage, type: number, min: 0, max: 100, default: 0 }\n"
                + "          ^\n"
                + "  hint: expected number from 0 to 100; fix the value in the source, or change the column's type, transform or default\n"), run.err());
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a row SQL cannot convert exactly as Java does (text '7' for an integer) is computed by Java, not refused")
    void guardFallsBackToJava() throws IOException {
        Path db = TestDb.fromSql(dir, "r.db", "CREATE TABLE readings (id INTEGER PRIMARY KEY, name TEXT, level);"
                + "INSERT INTO readings VALUES (1, '  Alpha ', 3), (2, 'beta', '7');");
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
                      name:  { from: r.name, type: string, transform: "value.trim().toUpperCase() + '-' + r.id" }
                      level: { from: r.level, type: integer, max: 10 }
                """);

        Cli run = Cli.run(mapping.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("streamed in batches of 5000 (SQL met a value it cannot convert exactly as Java does, so Java computed the table)"),
                run.out());
        assertEquals(List.of("1 | ALPHA-1 | 3", "2 | BETA-2 | 7"), TestDb.query(db, "SELECT * FROM readings_v2 ORDER BY id"));
        assertEquals(List.of("integer", "integer"), TestDb.query(db, "SELECT typeof(level) FROM readings_v2"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pushed down", "streamed"})
    @DisplayName("text that SQLite would read as a number ('5.0' in a TEXT column) is refused for an integer, as Java does, both ways")
    void textLookingLikeANumber(String path) throws IOException {
        Path db = TestDb.fromSql(dir, "r.db", "CREATE TABLE readings (id INTEGER PRIMARY KEY, level TEXT);"
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
        String before = TestDb.sha256(db);

        Cli run = path.equals("streamed") ? Cli.run(mapping.toString(), "--db", db.toString(), "--no-pushdown") : Cli.run(mapping.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(mapping + ":11:7: error: readings_v2.level: \"5.0\" is not an integer (from r.level, readings row id=2)\n"), run.err());
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("plan says which columns stay in Java and why; a mapping with one of them is streamed")
    void planShowsPushdown() throws IOException {
        Path db = TestDb.fromSql(dir, "r.db", "CREATE TABLE readings (id INTEGER PRIMARY KEY, name TEXT, level);"
                + "INSERT INTO readings VALUES (1, 'a_b', 3);");
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
                      name:  { from: r.name, type: string, transform: "value.replace('_', ' ')" }
                      level: { from: r.level, type: { enum: [low, high] }, transform: "value > 2 ? 'HIGH' : 'low'" }
                """);

        Cli plan = Cli.run("plan", mapping.toString(), "--db", db.toString());

        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("  id     integer  INTEGER NOT NULL  SQL\n  name   string   TEXT NOT NULL     Java: method 'replace' with 2 argument(s) has no SQL form\n"
                + "  level  enum     TEXT NOT NULL     SQL\n"), plan.out());
        assertTrue(plan.out().contains("Streamed: 1 column(s) need Java"), plan.out());
        Cli run = Cli.run(mapping.toString(), "--db", db.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("1 | a b | high", TestDb.one(db, "SELECT * FROM readings_v2"));
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
        Path db = metricsDb();
        String before = TestDb.sha256(db);
        Path mapping = write("m.yaml", Files.readString(METRICS).replace("m.gpu_usage", "m.gpu_load"));

        Cli run = Cli.run(mapping.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(mapping + ":24:35: error: source table 'metrics' has no column 'gpu_load'\n"), run.err());
        assertEquals(before, TestDb.sha256(db));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    @DisplayName("plan of a table target shows the first rows before -> after and the source row count, per-column SQL/Java, and no SQL without --sql")
    void planShowsRowsBeforeAndAfter() {
        Path db = metricsDb();
        String before = TestDb.sha256(db);

        Cli plan = Cli.run("plan", METRICS.toString(), "--db", db.toString());

        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("\n  first 3 of 6 source row(s), before -> after:\n    metrics {"), plan.out());
        assertTrue(plan.out().contains("\n      -> metrics_v2 {id: 1, recorded_at: 1764000010, cpu_percent: 12.5, memory_fraction: 0.41200000000000003, "),
                plan.out());
        assertTrue(!plan.out().contains("INSERT INTO"), plan.out());
        assertTrue(Cli.run("plan", METRICS.toString(), "--db", db.toString(), "--sql").out().contains("INSERT INTO"));
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("apply of a table target shows the first rows before -> after and the counts, as plan does; --json carries them per table")
    void applyShowsRowsBeforeAndAfter() {
        Path db = metricsDb();
        Cli apply = Cli.run(METRICS.toString(), "--db", db.toString());
        assertEquals(0, apply.exitCode(), apply::toString);
        assertTrue(apply.out().contains("\n  first 3 of 6 source row(s), before -> after:\n    metrics {"), apply.out());
        assertTrue(apply.out().contains("\n      -> metrics_v2 {id: 1, recorded_at: 1764000010, cpu_percent: 12.5, memory_fraction: 0.41200000000000003, "),
                apply.out());
        assertTrue(apply.out().contains("\nTable     metrics_v2: 6 row(s) written, "), apply.out());

        assertEquals(0, Cli.run("rollback", METRICS.toString(), "--db", db.toString()).exitCode());
        Cli json = Cli.run(METRICS.toString(), "--db", db.toString(), "--json");
        assertEquals(0, json.exitCode(), json::toString);
        assertTrue(json.out().contains("\"tables\":[{\"table\":\"metrics_v2\",\"rows\":6,"), json.out());
        assertTrue(json.out().contains(",\"sourceRows\":6,\"preview\":[{\"before\":{"), json.out());
        assertTrue(json.out().contains("\"after\":{\"id\":1,\"recorded_at\":1764000010,\"cpu_percent\":12.5,"), json.out());
    }
}
