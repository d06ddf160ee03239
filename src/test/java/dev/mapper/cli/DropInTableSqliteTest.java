package dev.mapper.cli;

import static dev.mapper.cli.DropInTableTest.MAPPING;
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

/**
 * Drop-in tables where only SQLite is meant, so these stay on SQLite: the README's example shows the
 * CREATE TABLE SQLite stores; {@code mapper test} runs its cases on a scratch SQLite database (no
 * {@code --db}); and a SQLite app's own {@code INSERT OR REPLACE} into tables 004 and 005 made, read
 * back through {@code pragma_table_info} and storage classes. The rest of the drop-in suite runs on
 * both engines ({@link DropInTableTest}, {@link PostgresDropInTableIT}).
 */
class DropInTableSqliteTest {
    @TempDir
    Path dir;

    private Path db() {
        Path db = TestDb.example(dir);
        TestDb.exec(db, DropInTableTest.SESSIONS);
        return db;
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    @DisplayName("key/value tables mapper creates take the app's INSERTs as the app writes them (key and value only, or with updated_at)")
    void keyValueTablesTakeTheAppsInserts() {
        Path db = TestDb.example(dir);
        assertEquals(0, Cli.run("mappings/004.yaml", "--db", db.toString()).exitCode());
        Cli ui = Cli.run("examples/005-ui-config.yaml", "--db", db.toString());
        assertEquals(0, ui.exitCode(), ui::toString);
        String theme = TestDb.one(db, "SELECT value FROM ui_config WHERE key = 'theme'");

        TestDb.exec(db, "INSERT INTO ui_config (key, value) VALUES ('language', 'en')");
        TestDb.exec(db, "INSERT OR REPLACE INTO ui_config (key, value, updated_at) VALUES ('theme', '" + theme + "', 1764000400)");
        TestDb.exec(db, "INSERT OR REPLACE INTO router_config (key, value, updated_at) VALUES ('profile2', '{}', 1764000400)");

        assertEquals(List.of("key | TEXT | 0 | 1", "value | TEXT | 1 | 0", "type | TEXT | 0 | 0", "updated_at | INTEGER | 0 | 0"),
                TestDb.query(db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info('ui_config') ORDER BY cid"));
        assertEquals(List.of("language | en | NULL | integer", "theme | " + theme + " | NULL | integer"),
                TestDb.query(db, "SELECT key, value, quote(type), typeof(updated_at) FROM ui_config WHERE key IN ('language', 'theme') ORDER BY key"));
        // a row the app wrote without a type is read by the rule's type: the same value is no drift, and rows no rule names are the app's
        Cli verify = Cli.run("verify", "examples/005-ui-config.yaml", "--db", db.toString());
        assertEquals(0, verify.exitCode(), verify::toString);
    }

    @Test
    @DisplayName("README, 'Drop-in tables': its mapping creates exactly the CREATE TABLE it shows, plan prints the lines it shows, and the app's INSERT gets what it says")
    void readmeExample() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("**Drop-in tables.**");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String targets = readme.substring(start, readme.indexOf("```\n", start));
        int createAt = readme.indexOf("creates `", start) + "creates `".length();
        String create = readme.substring(createAt, readme.indexOf("`", createAt)).replace("\n", " ");
        int planAt = readme.indexOf("```\n", readme.indexOf("`plan` shows each column", start)) + "```\n".length();
        String planLines = readme.substring(planAt, readme.indexOf("```\n", planAt));
        Path db = db();
        Path mapping = write("020-chat_sessions.yaml", "migration: \"020\"\nname: chat_sessions\nsources:\n  s: { table: sessions, shape: table }\n" + targets);

        Cli plan = Cli.run("plan", mapping.toString(), "--db", db.toString());
        assertTrue(plan.out().contains(planLines), plan.out());
        assertEquals(0, Cli.run(mapping.toString(), "--db", db.toString()).exitCode());

        assertEquals(create, TestDb.one(db, "SELECT sql FROM sqlite_master WHERE name = 'chat_sessions'"));
        TestDb.exec(db, "INSERT INTO chat_sessions (sid) VALUES ('s4')");
        assertEquals("4 | llama | 0 | NULL", TestDb.one(db, "SELECT id, model, tokens, quote(note) FROM chat_sessions WHERE sid = 's4'"));
    }

    @Test
    @DisplayName("mapper test: a drop-in table's rows and declarations, NULL compared exactly, and the round trip (rollback gives back the given database)")
    void mapperTestRoundTrip() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(folder.resolve("020-chat_sessions.yaml"), MAPPING);
        String tests = """
                setup: |
                  CREATE TABLE sessions (sid TEXT PRIMARY KEY, model TEXT, tokens INTEGER, note TEXT, started INTEGER);
                cases:
                  - name: NULL stays NULL, the id is assigned
                    given:
                      sql: "INSERT INTO sessions VALUES ('a', NULL, NULL, NULL, 1), ('b', 'phi', 5, '', 2)"
                    expect:
                      tables:
                        chat_sessions: [ { id: 1, sid: a, model: llama, tokens: %s, note: null }, { id: 2, sid: b, model: phi, tokens: 5, note: "" } ]
                      columns: { chat_sessions: { id: "INTEGER", tokens: "INTEGER DEFAULT 0", model: "TEXT NOT NULL DEFAULT 'llama'" } }
                """;
        Files.writeString(folder.resolve("020-chat_sessions.test.yaml"), tests.formatted("null"));

        Cli run = Cli.run("test", folder.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().endsWith("1 passed, 0 failed\n"), run.out());

        Files.writeString(folder.resolve("020-chat_sessions.test.yaml"), tests.formatted("0"));
        Cli zero = Cli.run("test", folder.toString());
        assertEquals(1, zero.exitCode(), zero::toString);
        assertTrue(zero.out().contains("chat_sessions row (id=1).tokens: expected 0 (integer), actual NULL"), zero.out());
    }
}
