package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import dev.mapper.db.SqlBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every statement mapper runs on the user's database is under the SQL time budget, not only those
 * that read a table source: the checks of what a migration wrote, mapper's history and change
 * records, and rollback's comparisons. A where:-free migration of 300,000 rows is applied under
 * the default budget; then each command runs with a 1 ms budget, is stopped with a message saying
 * what mapper was doing, exits 1 and leaves the file's bytes as they were.
 */
class StatementBudgetTest {
    private static final String ROWS = "CREATE TABLE readings (id INTEGER PRIMARY KEY, name TEXT, level INTEGER);"
            + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) INSERT INTO readings SELECT i, 'r' || i, i % 7 FROM n;";
    private static final String STOPPED = "ran longer than 1 ms, the limit for one SQL statement, and was stopped";

    @TempDir
    Path dir;

    private Path mapping() throws IOException {
        return Files.writeString(dir.resolve("copy.yaml"), """
                migration: c1
                name: c1
                sources:
                  r: { table: readings, shape: table }
                targets:
                  readings_v2:
                    shape: table
                    key: id
                    columns:
                      id:    { from: r.id, type: integer }
                      name:  { from: r.name, type: string }
                      level: { from: r.level, type: integer }
                """);
    }

    /** Runs the command with a 1 ms budget; asserts exit 1, no trace, the file unchanged; returns the first line of stderr. */
    private static String stopped(Path db, Supplier<Cli> command) {
        String sha = TestDb.sha256(db);
        String before = System.getProperty(SqlBudget.PROPERTY);
        System.setProperty(SqlBudget.PROPERTY, "1");
        Cli run;
        try {
            run = command.get();
        } finally {
            if (before == null) {
                System.clearProperty(SqlBudget.PROPERTY);
            } else {
                System.setProperty(SqlBudget.PROPERTY, before);
            }
        }
        assertEquals(1, run.exitCode(), run::toString);
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run::toString);
        assertEquals(sha, TestDb.sha256(db), "the database changed");
        return run.err().lines().findFirst().orElseThrow(() -> new AssertionError(run.toString()));
    }

    private List<String> files() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private Path applied() throws IOException {
        Path db = TestDb.fromSql(dir, "big.db", ROWS);
        Cli apply = Cli.run(mapping().toString(), "--db", db.toString());
        assertEquals(0, apply.exitCode(), apply::toString);
        return db;
    }

    @Test
    @DisplayName("rollback: its comparison of the table the migration created is stopped; told how to allow more time")
    void rollbackComparisons() throws IOException {
        Path db = applied();
        Path mapping = mapping();
        List<String> files = files();
        Cli[] run = new Cli[1];
        assertEquals("error: an SQL statement mapper ran on database " + db + " while comparing the database with what migration c1 wrote "
                + STOPPED, stopped(db, () -> run[0] = Cli.run("rollback", mapping.toString(), "--db", db.toString())));
        assertEquals("  hint: nothing was changed; the database may be too large for this limit: allow more time with java -D"
                + "mapper.sqlBudgetMillis=<milliseconds> -jar mapper.jar …", run[0].err().lines().skip(1).findFirst().orElseThrow());
        assertEquals(files, files()); // no backup copy left behind
        Cli rollback = Cli.run("rollback", mapping.toString(), "--db", db.toString()); // the default budget lets it through
        assertEquals(0, rollback.exitCode(), rollback::toString);
    }

    @Test
    @DisplayName("verify: its reading of the source to check the written rows is stopped, naming the source")
    void verificationQueries() throws IOException {
        Path db = applied();
        Path mapping = mapping();
        assertEquals(mapping + " (revision 1, from mapper_history):4:3: error: reading source table 'readings' (source 'r') " + STOPPED,
                stopped(db, () -> Cli.run("verify", mapping.toString(), "--db", db.toString())));
    }

    @Test
    @DisplayName("apply: the fingerprint of a table it cannot watch (a virtual table of 100,000 rows) is stopped; nothing is committed")
    void applyFingerprints() throws IOException {
        Path db = TestDb.example(dir);
        TestDb.exec(db, "CREATE VIRTUAL TABLE notes USING fts5(body);"
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) INSERT INTO notes SELECT 'note ' || i FROM n;");
        String line = stopped(db, () -> Cli.run(TestDb.MAPPING_004.toString(), "--db", db.toString()));
        assertEquals("error: an SQL statement mapper ran on database " + db + " while taking the fingerprints of the tables migration 004 does "
                + "not name " + STOPPED, line);
        Cli apply = Cli.run(TestDb.MAPPING_004.toString(), "--db", db.toString());
        assertEquals(0, apply.exitCode(), apply::toString);
    }
}
