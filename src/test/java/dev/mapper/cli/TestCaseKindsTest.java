package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mapper test: the round trip check, after:, table rows, nothing_to_do, and test files that cannot run (exit 2). */
class TestCaseKindsTest {
    @TempDir
    Path dir;

    Path folder;

    static final String TABLE_MAPPING = """
            migration: "010"
            name: table
            sources:
              m: { table: metrics, shape: table }
            targets:
              metrics_v2:
                shape: table
                key: id
                columns:
                  id: { from: m.id, type: integer }
                  cpu: { from: m.cpu_usage, type: number, min: 0, max: 100, default: 0 }
                  busy: { from: m.cpu_usage, type: boolean, transform: "value > 50", default: false }
            """;

    static final String ROWS_MAPPING = """
            migration: "001"
            name: theme
            sources:
              s: { table: settings, shape: rows }
            targets:
              ui_config:
                shape: rows
                keys:
                  theme: { from: s.theme, type: string }
            """;

    @BeforeEach
    void folder() throws Exception {
        folder = Files.createDirectories(dir.resolve("mappings"));
    }

    Cli test(String name, String mapping, String tests) throws Exception {
        Files.writeString(folder.resolve(name + ".yaml"), mapping);
        Files.writeString(folder.resolve(name + ".test.yaml"), tests);
        return Cli.run("test", folder.resolve(name + ".test.yaml").toString());
    }

    @Test
    @DisplayName("a round trip that does not give back the given rows fails, naming the rows; round_trip: { skip: reason } opts out")
    void roundTripFailure() throws Exception {
        // the app's trigger fires when rollback puts the retired row back: the database is not the given one afterwards
        String mapping = Files.readString(TestDb.MAPPING_004);
        String tests = """
                setup: |
                  CREATE TABLE server_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                  CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                  CREATE TABLE audit (what TEXT);
                  CREATE TRIGGER audit_insert AFTER INSERT ON server_config BEGIN INSERT INTO audit VALUES ('inserted ' || new.key); END;
                cases:
                  - name: a trigger on the retired table
                    given:
                      tables:
                        server_config: [ { key: config, value: { port: 7000 } } ]
                    expect:
                      values: { router_config: { port: 7000 } }
                  - name: the same, opted out
                    given:
                      tables:
                        server_config: [ { key: config, value: { port: 7000 } } ]
                    expect:
                      values: { router_config: { port: 7000 } }
                    round_trip: { skip: "the app's audit trigger records the restore" }
                """;
        Cli run = test("004", mapping, tests);
        assertEquals(1, run.exitCode(), run::toString);
        String file = folder.resolve("004.test.yaml").toString();
        assertEquals("FAIL " + file + ":7:5  a trigger on the retired table\n"
                + "       round trip: audit: row {what: \"inserted config\"} is new after rollback\n"
                + "PASS " + file + ":13:5  the same, opted out  (round trip skipped: the app's audit trigger records the restore)\n"
                + "1 passed, 1 failed\n", run.out());
    }

    @Test
    @DisplayName("after: applies earlier migrations of the folder first; the round trip rolls back the tested one only")
    void after() throws Exception {
        Files.copy(TestDb.MAPPING_004, folder.resolve("004.yaml"));
        String tests = """
                setup: |
                  CREATE TABLE server_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                  CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);
                cases:
                  - name: the URL from what 004 wrote
                    given:
                      after: ["004"]
                      tables:
                        metadata: [ { key: user_settings, value: { maxModelsLoaded: 6 } } ]
                    expect:
                      values: { ui_config: { serverUrl: "http://0.0.0.0:8080", maxModels: 6, showGpuPanel: false } }
                """;
        Cli run = test("005-ui_config", Files.readString(Path.of("examples/005-ui-config.yaml")), tests);
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().endsWith("1 passed, 0 failed\n"), run::toString);

        Cli later = test("005-ui_config", Files.readString(Path.of("examples/005-ui-config.yaml")), tests.replace("\"004\"", "\"006\""));
        assertEquals(2, later.exitCode(), later::toString);
        assertTrue(later.err().startsWith(folder.resolve("005-ui_config.test.yaml") + ":7:15: error: no migration 006 in "), later::toString);
    }

    @Test
    @DisplayName("rows: a table target's rows, matched by key; a wrong value, a missing and an unexpected row are each named")
    void tableRows() throws Exception {
        String tests = """
                setup: CREATE TABLE metrics (id INTEGER PRIMARY KEY, cpu_usage REAL)
                cases:
                  - name: right
                    given:
                      tables:
                        metrics: [ { id: 2, cpu_usage: 75.5 }, { id: 1, cpu_usage: null } ]
                    expect:
                      rows:
                        metrics_v2: [ { id: 1, cpu: 0, busy: false }, { id: 2, cpu: 75.5, busy: true } ]
                  - name: wrong
                    given:
                      tables:
                        metrics: [ { id: 2, cpu_usage: 75.5 }, { id: 3, cpu_usage: 1 } ]
                    expect:
                      rows:
                        metrics_v2: [ { id: 1, cpu: 0.5 }, { id: 2, cpu: 75 } ]
                """;
        Cli run = test("010-table", TABLE_MAPPING, tests);
        assertEquals(1, run.exitCode(), run::toString);
        String file = folder.resolve("010-table.test.yaml").toString();
        assertEquals("PASS " + file + ":3:5  right\n"
                + "FAIL " + file + ":10:5  wrong\n"
                + "       metrics_v2 row (id=1): expected, but the table has no such row\n"
                + "       metrics_v2 row (id=2).cpu: expected 75, actual 75.5\n"
                + "       metrics_v2 row (id=3): not expected, but written\n"
                + "1 passed, 1 failed\n", run.out());
    }

    @Test
    @DisplayName("nothing_to_do: passes when the targets already hold the computed values; fails naming what apply wrote")
    void nothingToDo() throws Exception {
        String tests = """
                setup: |
                  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                cases:
                  - name: migrated before mapper
                    given:
                      sql: "CREATE TABLE ui_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, type TEXT NOT NULL, updated_at INTEGER)"
                      tables:
                        settings: [ { key: theme, value: dark } ]
                        ui_config: [ { key: theme, value: dark, type: string } ]
                    expect: { nothing_to_do: true }
                  - name: not migrated
                    given:
                      tables:
                        settings: [ { key: theme, value: dark } ]
                    expect: { nothing_to_do: true }
                """;
        Cli run = test("001", ROWS_MAPPING, tests);
        assertEquals(1, run.exitCode(), run::toString);
        String file = folder.resolve("001.test.yaml").toString();
        assertTrue(run.out().startsWith("PASS " + file + ":4:5  migrated before mapper\nFAIL " + file + ":11:5  not migrated\n"
                + "       expected nothing to do, but table ui_config exists after apply, was not there before: CREATE TABLE"), run::toString);
    }

    @Test
    @DisplayName("an expected failure that does not come, or comes with another message, fails showing apply's errors")
    void expectedFailure() throws Exception {
        String tests = """
                cases:
                  - name: expects a refusal
                    given: { tables: { settings: [ { key: theme, value: dark } ] } }
                    expect: { failure: { exit: 1, key: ui_config.theme, message: "is not" } }
                  - name: wrong message
                    given: { sql: "CREATE TABLE other (x)" }
                    expect: { failure: { exit: 1, message: "no such thing" } }
                """;
        Cli run = test("001", ROWS_MAPPING, tests);
        assertEquals(1, run.exitCode(), run::toString);
        String file = folder.resolve("001.test.yaml").toString();
        assertEquals("FAIL " + file + ":2:5  expects a refusal\n"
                + "       expected apply to fail (exit 1, \"is not\"), but it succeeded: applied\n"
                + "FAIL " + file + ":5:5  wrong message\n"
                + "       expected apply to fail with exit 1 and an error containing \"no such thing\"; actual: exit 1:\n"
                + "         error: source table 'settings' (source 's') does not exist in the database\n"
                + "0 passed, 2 failed\n", run.out());
    }

    @Test
    @DisplayName("given.sql_file: a SQL file relative to the test file builds the database; a missing one is a mistake at its line")
    void sqlFile() throws Exception {
        Files.createDirectories(folder.resolve("fixtures"));
        Files.writeString(folder.resolve("fixtures/legacy.sql"), "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                + "INSERT INTO settings VALUES ('theme', 'light');");
        String tests = "cases:\n  - name: from a file\n    given: { sql_file: fixtures/legacy.sql }\n"
                + "    expect: { values: { ui_config: { theme: light } } }\n";
        Cli run = test("001", ROWS_MAPPING, tests);
        assertEquals(0, run.exitCode(), run::toString);
        Cli missing = test("001", ROWS_MAPPING, tests.replace("legacy.sql", "nope.sql"));
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().startsWith(folder.resolve("001.test.yaml") + ":3:24: error: the SQL file " + folder.resolve("fixtures/nope.sql")
                + " does not exist\n"), missing::toString);
    }

    @Test
    @DisplayName("a case whose given SQL fails cannot run: BROKEN, exit 2")
    void brokenCase() throws Exception {
        Cli run = test("001", ROWS_MAPPING, "cases:\n  - name: bad sql\n    given: { sql: \"CREATE TABLE\" }\n    expect: { nothing_to_do: true }\n");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("BROKEN " + folder.resolve("001.test.yaml") + ":2:5  bad sql\n       given: given sql: "), run::toString);
        assertTrue(run.out().endsWith("\n0 passed, 1 failed\n"), run::toString);

        Cli empty = test("001", ROWS_MAPPING, "cases:\n  - name: no rows\n    given: { tables: { settings: [] } }\n    expect: { nothing_to_do: true }\n");
        assertEquals(2, empty.exitCode(), empty::toString);
        assertTrue(empty.out().contains("\n       given: given table settings has no rows to take its columns from, and no SQL creates it"
                + " (create it in setup or sql)\n"), empty::toString);
    }

    @Test
    @DisplayName("mistakes in a test file: every one reported with file:line:col before any case runs, exit 2")
    void badTestFile() throws Exception {
        String tests = """
                cases:
                  - name: x
                    givn: {}
                    expect: { values: { ui_confg: { theme: dark } } }
                  - name: x
                    expect: { values: { ui_config: { them: dark } }, nothing_to_do: true }
                """;
        Cli run = test("001", ROWS_MAPPING, tests);
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        String file = folder.resolve("001.test.yaml").toString();
        String mapping = folder.resolve("001.yaml").toString();
        assertEquals(java.util.List.of(
                file + ":3:5: error: unknown field 'givn' in a case; did you mean 'given'?",
                file + ":4:25: error: " + mapping + " has no target 'ui_confg'; did you mean 'ui_config'?",
                file + ":6:13: error: 'expect' mixes what apply writes, failure and nothing_to_do",
                file + ":6:38: error: ui_config in " + mapping + " has no key 'them'; did you mean 'theme'?",
                file + ":5:5: error: two cases are named 'x'"),
                run.err().lines().filter(l -> l.contains(": error: ")).toList());
        Cli validate = Cli.run("validate", folder.resolve("001.yaml").toString());
        assertEquals(2, validate.exitCode(), validate::toString);
        assertEquals(run.err(), validate.err());
    }

    @Test
    @DisplayName("nothing to test: a mapping without a test file, a folder without test files (exit 2, saying how to start)")
    void nothingToTest() throws Exception {
        Files.writeString(folder.resolve("001.yaml"), ROWS_MAPPING);
        Cli run = Cli.run("test", folder.resolve("001.yaml").toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: " + folder.resolve("001.yaml") + " has no test file: " + folder.resolve("001.test.yaml")
                + " does not exist\n"), run::toString);
        Files.writeString(folder.resolve("002.test.yaml"), "cases: []\n");
        Cli orphan = Cli.run("test", folder.resolve("002.test.yaml").toString());
        assertEquals(2, orphan.exitCode(), orphan::toString);
        assertTrue(orphan.err().startsWith("error: the test file " + folder.resolve("002.test.yaml") + " tests " + folder.resolve("002.yaml")
                + ", which does not exist\n"), orphan::toString);
        Files.delete(folder.resolve("002.test.yaml"));
        Cli none = Cli.run("test", folder.toString());
        assertEquals(2, none.exitCode(), none::toString);
        assertTrue(none.err().startsWith("error: the folder " + folder + " holds no test files (NAME.test.yaml beside NAME.yaml)\n"), none::toString);
    }
}
