package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Table targets over what only SQLite's dynamic typing can hold, so these stay on SQLite: text in a
 * REAL column ('high' in metrics.cpu_usage; PostgreSQL refuses the INSERT that would set the test up)
 * and a column declared without a type (PostgreSQL has none). The rest of the table target suite
 * runs on both engines ({@link TableTargetTest}, {@link PostgresTableTargetCommandIT}).
 */
class TableTargetSqliteTest {
    @TempDir
    Path dir;

    private Path metricsDb() {
        Path db = TestDb.example(dir);
        TestDb.exec(db, TableTargetTest.ROWS);
        return db;
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pushed down", "streamed"})
    @DisplayName("a value that does not convert: the same message both ways (row key, column, value, line); the file is unchanged")
    void badValueSameMessage(String path) {
        Path db = metricsDb();
        TestDb.exec(db, "INSERT INTO metrics (id, cpu_usage, timestamp) VALUES (14, 'high', 1764000020)");
        String before = TestDb.sha256(db);

        Cli run = path.equals("streamed") ? Cli.run(TableTargetTest.METRICS.toString(), "--db", db.toString(), "--no-pushdown")
                : Cli.run(TableTargetTest.METRICS.toString(), "--db", db.toString());

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
}
