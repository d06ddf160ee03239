package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.SchemaDump;
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
 * Tables mapper creates are drop-in for the app: nullable columns, SQL DEFAULTs, an INTEGER PRIMARY
 * KEY AUTOINCREMENT id (assigned by SQLite, or filled from the source), SQL NULL carried exactly, the
 * app's own INSERTs working afterwards, and rollback still dropping only an unchanged table.
 */
public class DropInTableTest {
    /** The app's legacy table: s2 has NULL everywhere it can, s3 an empty note. */
    static final String SESSIONS = "CREATE TABLE sessions (sid TEXT PRIMARY KEY, model TEXT, tokens INTEGER, note TEXT, started INTEGER);"
            + "INSERT INTO sessions VALUES ('s1', 'llama', 120, 'first', 1764000000), ('s2', NULL, NULL, NULL, 1764000100), "
            + "('s3', 'qwen', 7, '', 1764000200);";
    public static final String MAPPING = """
            # yaml-language-server: $schema=../schema/mapping.schema.json
            migration: "020"
            name: chat_sessions
            sources:
              s: { table: sessions, shape: table }
            targets:
              chat_sessions:
                shape: table
                key: sid
                columns:
                  id:      { type: integer, autoincrement: true }
                  sid:     { from: s.sid, type: string }
                  model:   { from: s.model, type: string, default: llama }
                  tokens:  { from: s.tokens, type: integer, nullable: true, default: 0 }
                  note:    { from: s.note, type: string, nullable: true }
                  started: { from: s.started, type: integer }
            """;
    static final String DDL = "CREATE TABLE \"chat_sessions\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"sid\" TEXT NOT NULL, "
            + "\"model\" TEXT NOT NULL DEFAULT 'llama', \"tokens\" INTEGER DEFAULT 0, \"note\" TEXT, \"started\" INTEGER NOT NULL, UNIQUE (\"sid\"))";
    static final List<String> ROWS = List.of(
            "1 | integer | s1 | llama | 120 | integer | 'first' | text | 1764000000",
            "2 | integer | s2 | llama | NULL | null | NULL | null | 1764000100",
            "3 | integer | s3 | qwen | 7 | integer | '' | text | 1764000200");
    static final String SELECT_ROWS = "SELECT id, typeof(id), sid, model, quote(tokens), typeof(tokens), quote(note), typeof(note), started FROM chat_sessions ORDER BY id";

    @TempDir
    Path dir;

    private Path db() {
        Path db = TestDb.example(dir);
        TestDb.exec(db, SESSIONS);
        return db;
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static Cli apply(Path mapping, Path db, boolean stream) {
        return stream ? Cli.run(mapping.toString(), "--db", db.toString(), "--no-pushdown") : Cli.run(mapping.toString(), "--db", db.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pushed down", "streamed"})
    @DisplayName("the created table is declared as written (nullable, DEFAULTs, AUTOINCREMENT id, key unique); NULL stays NULL, '' stays ''; the app's INSERT omitting columns gets the defaults and the next id")
    void dropInTable(String path) throws IOException {
        Path db = db();
        Path mapping = write("020-chat_sessions.yaml", MAPPING);

        Cli run = apply(mapping, db, path.equals("streamed"));

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Table     chat_sessions: 3 row(s) written, " + (path.equals("streamed") ? "streamed" : "pushed down")), run.out());
        assertEquals(DDL, TestDb.one(db, "SELECT sql FROM sqlite_master WHERE name = 'chat_sessions'"));
        assertEquals(List.of(
                "0 | id | INTEGER | 0 | - | 1",
                "1 | sid | TEXT | 1 | - | 0",
                "2 | model | TEXT | 1 | 'llama' | 0",
                "3 | tokens | INTEGER | 0 | 0 | 0",
                "4 | note | TEXT | 0 | - | 0",
                "5 | started | INTEGER | 1 | - | 0"),
                TestDb.query(db, "SELECT cid, name, type, \"notnull\", ifnull(dflt_value, '-'), pk FROM pragma_table_info('chat_sessions') ORDER BY cid"));
        assertEquals(ROWS, TestDb.query(db, SELECT_ROWS));
        assertEquals("3", TestDb.one(db, "SELECT seq FROM sqlite_sequence WHERE name = 'chat_sessions'"));
        assertEquals(0, Cli.run("verify", mapping.toString(), "--db", db.toString()).exitCode());

        // the app's own INSERTs, as it writes them: the defaulted and nullable columns left out, the id left to SQLite
        TestDb.exec(db, "INSERT INTO chat_sessions (sid, started) VALUES ('s4', 1764000300)");
        TestDb.exec(db, "INSERT INTO chat_sessions (sid, model, tokens, note, started) VALUES ('s5', 'phi', NULL, NULL, 1764000400)");
        assertEquals(List.of("4 | integer | s4 | llama | 0 | integer | NULL | null | 1764000300",
                "5 | integer | s5 | phi | NULL | null | NULL | null | 1764000400"), TestDb.query(db, SELECT_ROWS + " LIMIT 2 OFFSET 3"));
    }

    @Test
    @DisplayName("verification tells NULL from '' and 0: a NULL mapper wrote that now reads '' or 0 is drift")
    void nullIsCheckedExactly() throws IOException {
        Path db = db();
        Path mapping = write("020-chat_sessions.yaml", MAPPING);
        assertEquals(0, Cli.run(mapping.toString(), "--db", db.toString()).exitCode());
        TestDb.exec(db, "UPDATE chat_sessions SET note = '' WHERE sid = 's2'");
        String before = TestDb.sha256(db);

        Cli note = Cli.run("verify", mapping.toString(), "--db", db.toString());

        assertEquals(1, note.exitCode(), note::toString);
        assertTrue(note.err().startsWith("error: drifted: chat_sessions.note is \"\" for sessions row sid=\"s2\", expected null\n"), note.err());
        assertEquals(before, TestDb.sha256(db));

        TestDb.exec(db, "UPDATE chat_sessions SET note = NULL, tokens = 0 WHERE sid = 's2'");
        Cli tokens = Cli.run("verify", mapping.toString(), "--db", db.toString());
        assertEquals(1, tokens.exitCode(), tokens::toString);
        assertTrue(tokens.err().startsWith("error: drifted: chat_sessions.tokens is 0 for sessions row sid=\"s2\", expected null\n"), tokens.err());

        TestDb.exec(db, "UPDATE chat_sessions SET tokens = NULL WHERE sid = 's2'; UPDATE chat_sessions SET note = NULL WHERE sid = 's3'");
        Cli empty = Cli.run("verify", mapping.toString(), "--db", db.toString());
        assertEquals(1, empty.exitCode(), empty::toString);
        assertTrue(empty.err().startsWith("error: drifted: chat_sessions.note is null for sessions row sid=\"s3\", expected \"\"\n"), empty.err());
    }

    @Test
    @DisplayName("an id filled from the source column is the AUTOINCREMENT key: the app's next INSERT continues after the highest id copied; "
            + "a nullable column with no rule's value is NULL, for the app to fill")
    void idFilledFromTheSource() throws IOException {
        Path db = TestDb.example(dir);
        TestDb.exec(db, "INSERT INTO metrics (id, cpu_usage, timestamp) VALUES (10, 5.5, 1764000030)");
        Path mapping = write("021-metrics_lite.yaml", """
                migration: "021"
                name: metrics_lite
                sources:
                  m: { table: metrics, shape: table }
                targets:
                  metrics_lite:
                    shape: table
                    key: id
                    columns:
                      id:          { from: m.id, type: integer, autoincrement: true }
                      cpu_percent: { from: m.cpu_usage, type: number, nullable: true }
                      gpu_percent: { from: m.gpu_usage, type: number, nullable: true, default: 0 }
                      label:       { type: string, nullable: true }
                """);

        Cli run = Cli.run(mapping.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("CREATE TABLE \"metrics_lite\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"cpu_percent\" REAL, \"gpu_percent\" REAL DEFAULT 0, \"label\" TEXT)",
                TestDb.one(db, "SELECT sql FROM sqlite_master WHERE name = 'metrics_lite'"));
        assertEquals(List.of("1 | 12.5 | 35.0 | NULL", "2 | 55.1 | 88.0 | NULL", "3 | 8.0 | NULL | NULL", "10 | 5.5 | 0.0 | NULL"),
                TestDb.query(db, "SELECT id, cpu_percent, quote(gpu_percent), quote(label) FROM metrics_lite ORDER BY id"));
        TestDb.exec(db, "INSERT INTO metrics_lite (cpu_percent) VALUES (1.5)");
        assertEquals("11 | 1.5 | real | 0.0 | real", TestDb.one(db, "SELECT id, cpu_percent, typeof(cpu_percent), gpu_percent, typeof(gpu_percent) "
                + "FROM metrics_lite ORDER BY id DESC LIMIT 1"));
    }

    @Test
    @DisplayName("rollback drops the created table only while it is as the migration left it: the app's row makes it refuse, changing nothing")
    void rollbackDropsOnlyAnUnchangedTable() throws IOException {
        Path db = db();
        List<String> before = SchemaDump.all(db);
        Path mapping = write("020-chat_sessions.yaml", MAPPING);
        assertEquals(0, Cli.run(mapping.toString(), "--db", db.toString()).exitCode());
        TestDb.exec(db, "INSERT INTO chat_sessions (sid, started) VALUES ('s4', 1764000300)");
        String written = TestDb.sha256(db);

        Cli refused = Cli.run("rollback", mapping.toString(), "--db", db.toString());

        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: cannot roll back migration 020: table chat_sessions was written since the migration created it"),
                refused.err());
        assertEquals(written, TestDb.sha256(db));

        TestDb.exec(db, "DELETE FROM chat_sessions WHERE sid = 's4'");
        Cli rollback = Cli.run("rollback", mapping.toString(), "--db", db.toString());
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertFalse(TestDb.tables(db).contains("chat_sessions"));
        assertEquals(before, SchemaDump.all(db)); // sqlite_sequence's row for the table went with it
    }

    @Test
    @DisplayName("validate names every declaration mistake at its line: a default that does not fit, a nullable key, two autoincrement columns, a text autoincrement, a default on one; apply refuses it, the file unchanged")
    void declarationMistakes() throws IOException {
        Path db = db();
        Path mapping = write("022-bad.yaml", """
                migration: "022"
                name: bad
                sources:
                  s: { table: sessions, shape: table }
                targets:
                  bad_sessions:
                    shape: table
                    key: [sid, note]
                    columns:
                      id:     { type: integer, autoincrement: true }
                      sid:    { from: s.sid, type: string, autoincrement: true }
                      note:   { from: s.note, type: string, nullable: true }
                      tokens: { from: s.tokens, type: integer, default: many }
                      seq:    { from: s.tokens, type: integer, autoincrement: true, default: 1 }
                      flag:   { from: s.model, type: boolean, nullable: yes }
                """);
        String before = TestDb.sha256(db);

        Cli validate = Cli.run("validate", mapping.toString());

        assertEquals(2, validate.exitCode(), validate::toString);
        List<String> errors = validate.err().lines().filter(l -> l.contains(": error: ")).map(l -> l.substring(l.indexOf(mapping.getFileName().toString()))).toList();
        assertEquals(List.of(
                "022-bad.yaml:11:44: error: column bad_sessions.sid is autoincrement, so its type must be integer, not string",
                "022-bad.yaml:11:44: error: table target 'bad_sessions' has two autoincrement columns: id (line 10) and sid",
                "022-bad.yaml:13:57: error: default \"many\" is not an integer",
                "022-bad.yaml:14:69: error: column bad_sessions.seq is autoincrement: SQLite assigns its value, so it takes no default",
                "022-bad.yaml:14:48: error: table target 'bad_sessions' has two autoincrement columns: id (line 10) and seq",
                "022-bad.yaml:15:57: error: 'nullable' of column bad_sessions.flag must be true or false, not the text \"yes\"",
                "022-bad.yaml:12:7: error: key column 'note' of bad_sessions cannot be nullable: NULL pairs a target row with no source row"), errors);

        Cli run = Cli.run(mapping.toString(), "--db", db.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("an id SQLite assigns cannot be the key: validate says to fill it from the source or key on a source column")
    void assignedIdIsNoKey() throws IOException {
        Path mapping = write("023-bad.yaml", """
                migration: "023"
                name: bad
                sources:
                  s: { table: sessions, shape: table }
                targets:
                  t:
                    shape: table
                    key: id
                    columns:
                      id:  { type: integer, autoincrement: true }
                      sid: { from: s.sid, type: string }
                """);

        Cli validate = Cli.run("validate", mapping.toString());

        assertEquals(2, validate.exitCode(), validate::toString);
        assertTrue(validate.err().startsWith(mapping + ":10:7: error: key column 'id' is assigned by SQLite (autoincrement, no 'from'), so it cannot pair a row "
                + "of t with its source row\n"), validate.err());
        assertTrue(validate.err().contains("hint: fill it from the source (id: { from: s.id, type: integer, autoincrement: true }), or key the table on a source column"),
                validate.err());
    }

    @Test
    @DisplayName("a NULL in a column that is not nullable and has no default is refused at apply, naming the row; the file unchanged")
    void nullWithoutNullableIsRefused() throws IOException {
        Path db = db();
        Path mapping = write("020-chat_sessions.yaml", MAPPING.replace("note:    { from: s.note, type: string, nullable: true }",
                "note:    { from: s.note, type: string, nullable: false }"));
        String before = TestDb.sha256(db);

        Cli run = Cli.run(mapping.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(mapping + ":15:7: error: chat_sessions.note has no value in sessions row sid=\"s2\": s.note is null, and no default\n"),
                run.err());
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("plan (text and --json) shows each column as the created table declares it, the id SQLite assigns, and where NULL stays NULL")
    void planShowsDeclarations() throws IOException {
        Path db = db();
        Path mapping = write("020-chat_sessions.yaml", MAPPING);
        String before = TestDb.sha256(db);

        Cli plan = Cli.run("plan", mapping.toString(), "--db", db.toString());

        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("Table chat_sessions (one row per row of the rows of sessions; key sid)\n"
                + "  id       integer  INTEGER PRIMARY KEY AUTOINCREMENT  assigned by SQLite (the app's INSERTs continue the sequence)\n"
                + "  sid      string   TEXT NOT NULL                      SQL\n"
                + "  model    string   TEXT NOT NULL DEFAULT 'llama'      SQL\n"
                + "  tokens   integer  INTEGER DEFAULT 0                  SQL; NULL stays NULL\n"
                + "  note     string   TEXT                               SQL; NULL stays NULL\n"
                + "  started  integer  INTEGER NOT NULL                   SQL\n"), plan.out());
        assertTrue(plan.out().contains("      -> chat_sessions {sid: \"s2\", model: \"llama\", tokens: null, note: null, started: 1764000100}"), plan.out());
        Cli json = Cli.run("plan", mapping.toString(), "--db", db.toString(), "--json");
        assertEquals(0, json.exitCode(), json::toString);
        Object tables = ((java.util.Map<?, ?>) dev.mapper.convert.Json.parse(json.out())).get("tables");
        assertEquals("[{table=chat_sessions, source=sessions, key=[sid], pushedDown=true, columns=["
                + "{name=id, type=integer, declaration=INTEGER PRIMARY KEY AUTOINCREMENT, nullable=false, autoincrement=true, how=assigned}, "
                + "{name=sid, type=string, declaration=TEXT NOT NULL, nullable=false, autoincrement=false, how=sql}, "
                + "{name=model, type=string, declaration=TEXT NOT NULL DEFAULT 'llama', nullable=false, autoincrement=false, how=sql}, "
                + "{name=tokens, type=integer, declaration=INTEGER DEFAULT 0, nullable=true, autoincrement=false, how=sql}, "
                + "{name=note, type=string, declaration=TEXT, nullable=true, autoincrement=false, how=sql}, "
                + "{name=started, type=integer, declaration=INTEGER NOT NULL, nullable=false, autoincrement=false, how=sql}]}]", String.valueOf(tables));
        assertEquals(before, TestDb.sha256(db));
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
