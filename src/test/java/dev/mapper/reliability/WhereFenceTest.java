package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import dev.mapper.db.SqlBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table source's {@code where:} is pasted into mapper's SQL. Raw SQL there hung apply under the
 * write lock (an endless recursive CTE) or read another table ({@code 0) UNION ALL SELECT … WHERE (1}).
 * It is now held to a grammar mapper checks (validate: exit 2), its names must be columns of the
 * source table (plan, apply: exit 1, with a did-you-mean), and the SQL reading a source runs under
 * a time budget (exit 1 naming the where:). The database keeps its bytes after every refusal.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing assertion: before the fix the CTE never ended
class WhereFenceTest {
    static final String SCHEMA = "CREATE TABLE readings (id INTEGER PRIMARY KEY, name TEXT, level INTEGER);"
            + "INSERT INTO readings VALUES (1, 'alpha', 1), (2, 'beta', 3), (3, 'Apex', 4), (4, NULL, 9), (7, 'gamma', 2);"
            + "CREATE TABLE secrets (id INTEGER PRIMARY KEY, secret TEXT); INSERT INTO secrets VALUES (100, 'hunter2');";

    @TempDir
    Path dir;

    private Path db() throws IOException {
        Files.deleteIfExists(dir.resolve("r.db"));
        return TestDb.fromSql(dir, "r.db", SCHEMA);
    }

    private Path mapping(String where) throws IOException {
        return Files.writeString(dir.resolve("w.yaml"), mappingText(where));
    }

    /** A table migration of readings whose source has this where: (the fuzz test mutates it). */
    static String mappingText(String where) {
        return """
                migration: w1
                name: w1
                sources:
                  r: { table: readings, shape: table, where: '%s' }
                targets:
                  readings_v2:
                    shape: table
                    key: id
                    columns:
                      id:   { from: r.id, type: integer }
                      name: { from: r.name, type: string, default: none }
                """.formatted(where.replace("'", "''"));
    }

    private static void assertNoTrace(Cli run) {
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run::toString);
    }

    /** validate and apply both refuse (exit 2) with {@code expected} as the first line; the database is unchanged. */
    private void assertRefusedAtValidate(String where, String expected) throws IOException {
        Path db = db();
        String sha = TestDb.sha256(db);
        Path mapping = mapping(where);
        for (Cli run : List.of(Cli.run("validate", mapping.toString()), Cli.run(mapping.toString(), "--db", db.toString()))) {
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals(mapping + ":4:46: error: " + expected, run.err().lines().findFirst().orElseThrow(), run::toString);
            assertNoTrace(run);
        }
        assertEquals(sha, TestDb.sha256(db));
        assertEquals(List.of("readings", "secrets"), TestDb.tables(db));
    }

    @Test
    @DisplayName("an endless recursive CTE in where: is refused at validate (before: apply hung holding the write lock)")
    void recursiveCte() throws IOException {
        assertRefusedAtValidate("id IN (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c)",
                "the where: of source 'r' is refused: WITH at character 8: a where: may not hold a query or a statement, "
                        + "only a condition on the source table's own columns");
    }

    @Test
    @DisplayName("0) UNION ALL SELECT … FROM another table WHERE (1 is refused at validate (before: the other table's rows were migrated)")
    void unionInjection() throws IOException {
        assertRefusedAtValidate("0) UNION ALL SELECT id, secret FROM secrets WHERE (1",
                "the where: of source 'r' is refused: UNION at character 4: a where: may not hold a query or a statement, "
                        + "only a condition on the source table's own columns");
    }

    @Test
    @DisplayName("statements, comments, unknown functions and unbalanced parentheses are refused at validate, each with its reason")
    void otherRefusals() throws IOException {
        assertRefusedAtValidate("id > 0; DROP TABLE readings", "the where: of source 'r' is refused: ';' at character 7: a where: is one condition, not several statements");
        assertRefusedAtValidate("id > 0 -- and the rest", "the where: of source 'r' is refused: a comment at character 8: a where: may not hold comments");
        assertRefusedAtValidate("randomblob(1000000000) > 0", "the where: of source 'r' is refused: 'randomblob' at character 1 is not a function a where: may call");
        assertRefusedAtValidate("(id > 0", "the where: of source 'r' is refused: the condition ends too early (a '(' without its ')')");
        assertRefusedAtValidate("id > 0)", "the where: of source 'r' is refused: ')' at character 7 is not expected here (a ')' without its '(')");
        assertRefusedAtValidate("id IN (SELECT id FROM secrets)", "the where: of source 'r' is refused: SELECT at character 8: a where: may not hold a query or a statement, "
                + "only a condition on the source table's own columns");
    }

    @Test
    @DisplayName("a where: naming a column the source table does not have: plan and apply refuse it with a did-you-mean (exit 1), nothing written")
    void unknownColumn() throws IOException {
        Path db = db();
        String sha = TestDb.sha256(db);
        Path mapping = mapping("levl > 2");
        for (Cli run : List.of(Cli.run("plan", mapping.toString(), "--db", db.toString()), Cli.run(mapping.toString(), "--db", db.toString()))) {
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals(List.of(mapping + ":4:46: error: the where: of source 'r' names column 'levl', which source table 'readings' does not have",
                    "  hint: did you mean 'level'? its columns are: id, name, level"), run.err().lines().filter(l -> !l.isBlank() && !l.startsWith("    ")
                            && !l.trim().startsWith("|") && !l.trim().startsWith("^")).limit(2).toList(), run::toString);
            assertNoTrace(run);
        }
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("SQLite's own errors in a where: name it at its line: a wrong argument count (plan/apply preflight), an integer overflow while reading")
    void sqliteErrors() throws IOException {
        Path db = db();
        String sha = TestDb.sha256(db);
        Path arguments = mapping("substr(name) = 'a'");
        for (Cli run : List.of(Cli.run("plan", arguments.toString(), "--db", db.toString()), Cli.run(arguments.toString(), "--db", db.toString()))) {
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals(arguments + ":4:46: error: the where: of source 'r' is refused by SQLite: wrong number of arguments to function substr()",
                    run.err().lines().findFirst().orElseThrow(), run::toString);
        }
        Path overflow = mapping("abs(-9223372036854775808) > 0");
        for (Cli run : List.of(Cli.run("plan", overflow.toString(), "--db", db.toString()), Cli.run(overflow.toString(), "--db", db.toString()),
                Cli.run(overflow.toString(), "--db", db.toString(), "--no-pushdown"))) {
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals(overflow + ":4:46: error: reading the rows of readings where abs(-9223372036854775808) > 0 (source 'r') failed in SQLite: integer overflow",
                    run.err().lines().findFirst().orElseThrow(), run::toString);
            assertNoTrace(run);
        }
        assertEquals(sha, TestDb.sha256(db));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pushed down", "streamed"})
    @DisplayName("a legitimate where: (BETWEEN, LIKE on lower(), IN, IS NULL, OR) chooses exactly its rows, pushed down and streamed")
    void legitimateWhere(String path) throws IOException {
        Path db = db();
        Path mapping = mapping("level BETWEEN 2 AND 5 AND lower(name) LIKE 'a%' OR id IN (7, 8) OR name IS NULL");
        Cli run = path.equals("streamed") ? Cli.run(mapping.toString(), "--db", db.toString(), "--no-pushdown")
                : Cli.run(mapping.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("readings_v2: 3 row(s) written, " + (path.equals("streamed") ? "streamed" : "pushed down")), run.out());
        assertEquals(List.of("3 | Apex", "4 | none", "7 | gamma"), TestDb.query(db, "SELECT * FROM readings_v2 ORDER BY id"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apply", "apply --no-pushdown", "plan"})
    @DisplayName("a statement past the SQL time budget is stopped: one line naming the where:, exit 1, database unchanged, no backup left")
    void timeBudget(String command) throws IOException {
        // 300,000 rows: scanning them takes far longer than the 1 ms budget the test sets
        Path db = TestDb.fromSql(dir, "big.db", "CREATE TABLE readings (id INTEGER PRIMARY KEY, name TEXT, level INTEGER);"
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) INSERT INTO readings SELECT i, 'r' || i, i % 7 FROM n;");
        String sha = TestDb.sha256(db);
        Path mapping = mapping("length(upper(name)) > 0");
        String before = System.getProperty(SqlBudget.PROPERTY);
        System.setProperty(SqlBudget.PROPERTY, "1");
        Cli run;
        try {
            run = switch (command) {
                case "plan" -> Cli.run("plan", mapping.toString(), "--db", db.toString());
                case "apply" -> Cli.run(mapping.toString(), "--db", db.toString());
                default -> Cli.run(mapping.toString(), "--db", db.toString(), "--no-pushdown");
            };
        } finally {
            if (before == null) {
                System.clearProperty(SqlBudget.PROPERTY);
            } else {
                System.setProperty(SqlBudget.PROPERTY, before);
            }
        }

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(mapping + ":4:46: error: the where: of source 'r' (length(upper(name)) > 0) ran longer than 1 ms, the limit for one SQL statement, and was stopped",
                run.err().lines().findFirst().orElseThrow(), run::toString);
        assertNoTrace(run);
        assertEquals(sha, TestDb.sha256(db));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("big.db", "w.yaml"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        // the default budget lets the same migration through
        Cli again = Cli.run(mapping.toString(), "--db", db.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals("300000", TestDb.one(db, "SELECT count(*) FROM readings_v2"));
    }
}
