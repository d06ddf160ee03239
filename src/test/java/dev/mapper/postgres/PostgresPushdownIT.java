package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table target through the CLI on PostgreSQL: plan says which columns SQL computes and why the
 * others stay in Java; apply pushes it down and writes what Java writes (--no-pushdown on a twin
 * database), type by type; a value out of range or not convertible fails with Java's message and
 * exit code either way, and the database is left exactly as it was. -0.0 stays -0.0 where Java keeps the
 * double, and becomes 0.0 where a check reads it as a BigDecimal, on both paths.
 */
class PostgresPushdownIT {
    private static final String SOURCE = "CREATE TABLE readings (id bigint PRIMARY KEY, level bigint, ratio double precision, name text, on_off boolean, "
            + "code text, since integer);"
            + "INSERT INTO readings VALUES (1, 40, 0.25, 'a', true, 'High', 7), (2, NULL, NULL, NULL, NULL, 'low', NULL), (3, 100, CAST('-0' AS double precision), ' b ', false, 'LOW', -2)";
    private static final String MAPPING = """
            migration: readings_v2
            name: readings_v2
            sources:
              r: { table: readings, shape: table }
            targets:
              readings_v2:
                shape: table
                key: id
                columns:
                  id:      { from: r.id, type: integer }
                  level:   { from: r.level, type: integer, min: 0, max: 100, default: 0 }
                  percent: { from: r.ratio, type: number, transform: "value * 100", default: 0 }
                  below_1: { from: r.ratio, type: number, check: "value < 1", nullable: true }
                  name:    { from: r.name, type: string, transform: "value.trim().toUpperCase() + '-' + r.id", nullable: true }
                  on:      { from: r.on_off, type: boolean, default: false }
                  code:    { from: r.code, type: { enum: [high, low] } }
                  since:   { from: r.since, type: string, default: never, check: "value != '-1'" }
            """;

    @TempDir
    Path dir;
    private final PgServer server = PgServer.get();

    private Path mapping(String text) throws Exception {
        return Files.writeString(dir.resolve("030.yaml"), text);
    }

    private String database(String extra) throws Exception {
        String url = server.freshDatabase();
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            s.execute(SOURCE + extra);
        }
        return url;
    }

    @Test
    void planSaysEachColumnIsComputedBySql() throws Exception {
        String url = database("");

        Cli plan = Cli.run("plan", mapping(MAPPING).toString(), "--db", url);

        assertEquals(0, plan.exitCode(), plan::toString);
        for (String column : List.of("id", "level", "percent", "below_1", "name", "on", "code", "since")) {
            assertTrue(plan.out().lines().anyMatch(l -> l.startsWith("  " + column + " ") && l.contains("  SQL")), column + ":\n" + plan.out());
        }
        assertTrue(plan.out().contains("Pushed down: every column translates to SQL"), plan.out());
    }

    @Test
    void planSaysWhyAColumnStaysInJava() throws Exception {
        String url = database("");

        Cli plan = Cli.run("plan", mapping(MAPPING.replace("{ from: r.since, type: string, default: never, check: \"value != '-1'\" }",
                "{ from: r.ratio, type: string, default: never }")).toString(), "--db", url);

        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().lines().anyMatch(l -> l.startsWith("  since ") && l.endsWith("Java: a real converted to string is checked in Java")), plan.out());
        assertTrue(plan.out().contains("Streamed: 1 column(s) need Java"), plan.out());
    }

    @Test
    void pushedDownWritesWhatJavaWrites() throws Exception {
        String pushed = database("");
        String streamed = database("");
        Path mapping = mapping(MAPPING);

        Cli sql = Cli.run(mapping.toString(), "--db", pushed, "--backup-dir", dir.resolve("b1").toString());
        Cli java = Cli.run(mapping.toString(), "--db", streamed, "--backup-dir", dir.resolve("b2").toString(), "--no-pushdown");

        assertEquals(0, sql.exitCode(), sql::toString);
        assertEquals(0, java.exitCode(), java::toString);
        assertTrue(sql.out().contains("readings_v2: 3 row(s) written, pushed down: one INSERT … SELECT"), sql.out());
        assertTrue(java.out().contains("readings_v2: 3 row(s) written, streamed"), java.out());
        List<String> expected = List.of(
                "bigint 1 | bigint 40 | double precision 25.0 | double precision 0.25 | text A-1 | boolean true | text high | text 7",
                "bigint 2 | bigint 0 | double precision 0.0 | double precision null | text null | boolean false | text low | text never",
                "bigint 3 | bigint 100 | double precision -0.0 | double precision 0.0 | text B-3 | boolean false | text low | text -2");
        assertEquals(expected, typedRows(streamed));
        assertEquals(expected, typedRows(pushed));
    }

    @Test
    void aValueOutOfRangeFailsAsInJavaAndChangesNothing() throws Exception {
        for (String bad : List.of("UPDATE readings SET level = 101 WHERE id = 3", "UPDATE readings SET code = 'medium' WHERE id = 2",
                "UPDATE readings SET since = -1 WHERE id = 1")) {
            String url = database(";" + bad);
            String before;
            try (Connection c = server.connectUrl(url)) {
                before = PgFingerprint.of(c);
            }
            Path mapping = mapping(MAPPING);

            Cli sql = Cli.run(mapping.toString(), "--db", url, "--backup-dir", dir.resolve("b1").toString());
            Cli java = Cli.run(mapping.toString(), "--db", url, "--backup-dir", dir.resolve("b2").toString(), "--no-pushdown");

            assertEquals(1, sql.exitCode(), sql::toString);
            assertEquals(java.exitCode(), sql.exitCode());
            assertEquals(java.err().lines().findFirst(), sql.err().lines().findFirst(), bad);
            assertTrue(sql.err().lines().findFirst().orElseThrow().contains("readings_v2."), sql::toString);
            try (Connection c = server.connectUrl(url)) {
                assertEquals(before, PgFingerprint.of(c), bad);
            }
        }
    }

    /** Each row of readings_v2 by id: every value with its PostgreSQL type. */
    private List<String> typedRows(String url) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_typeof(id), id, pg_typeof(level), level, pg_typeof(percent), percent, pg_typeof(below_1), below_1, pg_typeof(name), name, "
                        + "pg_typeof(\"on\"), \"on\", pg_typeof(code), code, pg_typeof(since), since FROM readings_v2 ORDER BY id")) {
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= 16; i += 2) {
                    values.add(rs.getString(i) + " " + rs.getObject(i + 1));
                }
                rows.add(String.join(" | ", values));
            }
        }
        return rows;
    }
}
