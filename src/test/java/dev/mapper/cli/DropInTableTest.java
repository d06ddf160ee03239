package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.SchemaDump;
import dev.mapper.Db;
import dev.mapper.Engine;
import dev.mapper.SqliteDb;
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
 * On SQLite; {@link PostgresDropInTableIT} runs the same tests on PostgreSQL (an identity column there).
 * What is about SQLite alone (the README's example, {@code mapper test}, the SQLite app's INSERT OR REPLACE)
 * is in {@link DropInTableSqliteTest}.
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
    /** {@link #ROWS} on PostgreSQL, whose columns have one type each: the value's text, or NULL; a text quoted, so '' shows. */
    static final List<String> PG_ROWS = List.of(
            "1 | bigint | s1 | llama | 120 | bigint | 'first' | text | 1764000000",
            "2 | bigint | s2 | llama | NULL | bigint | NULL | text | 1764000100",
            "3 | bigint | s3 | qwen | 7 | bigint | '' | text | 1764000200");
    static final String PG_SELECT_ROWS = "SELECT id, pg_typeof(id), sid, model, coalesce(tokens::text, 'NULL'), pg_typeof(tokens), coalesce(quote_literal(note), 'NULL'), "
            + "pg_typeof(note), started FROM chat_sessions ORDER BY id";

    /** A table's columns on PostgreSQL as the catalogue declares them: position, name, type, nullable, default, identity. */
    static String pgColumns(String table) {
        return "SELECT ordinal_position, column_name, data_type, is_nullable, coalesce(column_default, '-'), is_identity FROM information_schema.columns "
                + "WHERE table_schema = 'public' AND table_name = '" + table + "' ORDER BY ordinal_position";
    }

    @TempDir
    Path dir;

    /** The engine these tests run on. */
    Engine engine() {
        return Engine.SQLITE;
    }

    Db db() {
        Db db = engine().example(dir);
        db.exec(SESSIONS);
        return db;
    }

    /** The schema and rows after a rollback: SQLite's {@link SchemaDump} (sqlite_sequence included), PostgreSQL's fingerprint. */
    static List<String> schema(Db db) {
        return db instanceof SqliteDb sqlite ? SchemaDump.all(sqlite.file()) : db.dump();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static Cli apply(Path mapping, Db db, boolean stream) {
        return stream ? db.run(mapping.toString(), "--no-pushdown") : db.run(mapping.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pushed down", "streamed"})
    @DisplayName("the created table is declared as written (nullable, DEFAULTs, AUTOINCREMENT id, key unique); NULL stays NULL, '' stays ''; the app's INSERT omitting columns gets the defaults and the next id")
    void dropInTable(String path) throws IOException {
        Db db = db();
        Path mapping = write("020-chat_sessions.yaml", MAPPING);

        Cli run = apply(mapping, db, path.equals("streamed"));

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Table     chat_sessions: 3 row(s) written, " + (path.equals("streamed") ? "streamed" : "pushed down")), run.out());
        assertEquals(db.pick(List.of(DDL), List.of("PRIMARY KEY (id)", "UNIQUE (sid)")),
                db.query(db.pick("SELECT sql FROM sqlite_master WHERE name = 'chat_sessions'",
                        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'chat_sessions'::regclass ORDER BY contype")));
        assertEquals(db.pick(List.of(
                "0 | id | INTEGER | 0 | - | 1",
                "1 | sid | TEXT | 1 | - | 0",
                "2 | model | TEXT | 1 | 'llama' | 0",
                "3 | tokens | INTEGER | 0 | 0 | 0",
                "4 | note | TEXT | 0 | - | 0",
                "5 | started | INTEGER | 1 | - | 0"), List.of(
                "1 | id | bigint | NO | - | YES",
                "2 | sid | text | NO | - | NO",
                "3 | model | text | NO | 'llama'::text | NO",
                "4 | tokens | bigint | YES | 0 | NO",
                "5 | note | text | YES | - | NO",
                "6 | started | bigint | NO | - | NO")),
                db.query(db.pick("SELECT cid, name, type, \"notnull\", ifnull(dflt_value, '-'), pk FROM pragma_table_info('chat_sessions') ORDER BY cid",
                        pgColumns("chat_sessions"))));
        assertEquals(db.pick(ROWS, PG_ROWS), db.query(db.pick(SELECT_ROWS, PG_SELECT_ROWS)));
        // the last id handed out
        assertEquals("3", db.one(db.pick("SELECT seq FROM sqlite_sequence WHERE name = 'chat_sessions'",
                "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM chat_sessions_id_seq")));
        assertEquals(0, db.run("verify", mapping.toString()).exitCode());

        // the app's own INSERTs, as it writes them: the defaulted and nullable columns left out, the id left to SQLite
        db.exec("INSERT INTO chat_sessions (sid, started) VALUES ('s4', 1764000300)");
        db.exec("INSERT INTO chat_sessions (sid, model, tokens, note, started) VALUES ('s5', 'phi', NULL, NULL, 1764000400)");
        assertEquals(db.pick(List.of("4 | integer | s4 | llama | 0 | integer | NULL | null | 1764000300",
                "5 | integer | s5 | phi | NULL | null | NULL | null | 1764000400"), List.of("4 | bigint | s4 | llama | 0 | bigint | NULL | text | 1764000300",
                "5 | bigint | s5 | phi | NULL | bigint | NULL | text | 1764000400")), db.query(db.pick(SELECT_ROWS, PG_SELECT_ROWS) + " LIMIT 2 OFFSET 3"));
    }

    @Test
    @DisplayName("verification tells NULL from '' and 0: a NULL mapper wrote that now reads '' or 0 is drift")
    void nullIsCheckedExactly() throws IOException {
        Db db = db();
        Path mapping = write("020-chat_sessions.yaml", MAPPING);
        assertEquals(0, db.run(mapping.toString()).exitCode());
        db.exec("UPDATE chat_sessions SET note = '' WHERE sid = 's2'");
        String before = db.fingerprint();

        Cli note = db.run("verify", mapping.toString());

        assertEquals(1, note.exitCode(), note::toString);
        assertTrue(note.err().startsWith("error: drifted: chat_sessions.note is \"\" for sessions row sid=\"s2\", expected null\n"), note.err());
        assertEquals(before, db.fingerprint());

        db.exec("UPDATE chat_sessions SET note = NULL, tokens = 0 WHERE sid = 's2'");
        Cli tokens = db.run("verify", mapping.toString());
        assertEquals(1, tokens.exitCode(), tokens::toString);
        assertTrue(tokens.err().startsWith("error: drifted: chat_sessions.tokens is 0 for sessions row sid=\"s2\", expected null\n"), tokens.err());

        db.exec("UPDATE chat_sessions SET tokens = NULL WHERE sid = 's2'; UPDATE chat_sessions SET note = NULL WHERE sid = 's3'");
        Cli empty = db.run("verify", mapping.toString());
        assertEquals(1, empty.exitCode(), empty::toString);
        assertTrue(empty.err().startsWith("error: drifted: chat_sessions.note is null for sessions row sid=\"s3\", expected \"\"\n"), empty.err());
    }

    @Test
    @DisplayName("an id filled from the source column is the AUTOINCREMENT key: the app's next INSERT continues after the highest id copied; "
            + "a nullable column with no rule's value is NULL, for the app to fill")
    void idFilledFromTheSource() throws IOException {
        Db db = engine().exampleWithDoubles(dir);
        db.exec("INSERT INTO metrics (id, cpu_usage, timestamp) VALUES (10, 5.5, 1764000030)");
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

        Cli run = db.run(mapping.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(db.pick(List.of("CREATE TABLE \"metrics_lite\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"cpu_percent\" REAL, \"gpu_percent\" REAL DEFAULT 0, \"label\" TEXT)"),
                        List.of("1 | id | bigint | NO | - | YES", "2 | cpu_percent | double precision | YES | - | NO", "3 | gpu_percent | double precision | YES | 0 | NO",
                                "4 | label | text | YES | - | NO")),
                db.query(db.pick("SELECT sql FROM sqlite_master WHERE name = 'metrics_lite'", pgColumns("metrics_lite"))));
        // SQLite: quote() shows a real as a number; PostgreSQL: the column's type says it, the text shows the value
        assertEquals(db.pick(List.of("1 | 12.5 | 35.0 | NULL", "2 | 55.1 | 88.0 | NULL", "3 | 8.0 | NULL | NULL", "10 | 5.5 | 0.0 | NULL"),
                        List.of("1 | 12.5 | 35 | NULL", "2 | 55.1 | 88 | NULL", "3 | 8 | NULL | NULL", "10 | 5.5 | 0 | NULL")),
                db.query(db.pick("SELECT id, cpu_percent, quote(gpu_percent), quote(label) FROM metrics_lite ORDER BY id",
                        "SELECT id, cpu_percent, coalesce(gpu_percent::text, 'NULL'), coalesce(quote_literal(label), 'NULL') FROM metrics_lite ORDER BY id")));
        db.exec("INSERT INTO metrics_lite (cpu_percent) VALUES (1.5)");
        assertEquals(db.pick("11 | 1.5 | real | 0.0 | real", "11 | 1.5 | double precision | 0 | double precision"),
                db.one(db.pick("SELECT id, cpu_percent, typeof(cpu_percent), gpu_percent, typeof(gpu_percent) ",
                        "SELECT id, cpu_percent, pg_typeof(cpu_percent), gpu_percent, pg_typeof(gpu_percent) ") + "FROM metrics_lite ORDER BY id DESC LIMIT 1"));
    }

    @Test
    @DisplayName("rollback drops the created table only while it is as the migration left it: the app's row makes it refuse, changing nothing")
    void rollbackDropsOnlyAnUnchangedTable() throws IOException {
        Db db = db();
        List<String> before = schema(db);
        Path mapping = write("020-chat_sessions.yaml", MAPPING);
        assertEquals(0, db.run(mapping.toString()).exitCode());
        db.exec("INSERT INTO chat_sessions (sid, started) VALUES ('s4', 1764000300)");
        String written = db.fingerprint();

        Cli refused = db.run("rollback", mapping.toString());

        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: cannot roll back migration 020: table chat_sessions was written since the migration created it"),
                refused.err());
        assertEquals(written, db.fingerprint());

        db.exec("DELETE FROM chat_sessions WHERE sid = 's4'");
        Cli rollback = db.run("rollback", mapping.toString());
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertFalse(db.tables().contains("chat_sessions"));
        assertEquals(before, schema(db)); // SQLite: sqlite_sequence's row for the table went with it; PostgreSQL: the identity's sequence
    }

    @Test
    @DisplayName("validate names every declaration mistake at its line: a default that does not fit, a nullable key, two autoincrement columns, a text autoincrement, a default on one; apply refuses it, the file unchanged")
    void declarationMistakes() throws IOException {
        Db db = db();
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
        String before = db.fingerprint();

        Cli validate = Cli.run("validate", mapping.toString());

        assertEquals(2, validate.exitCode(), validate::toString);
        List<String> errors = validate.err().lines().filter(l -> l.contains(": error: ")).map(l -> l.substring(l.indexOf(mapping.getFileName().toString()))).toList();
        assertEquals(List.of(
                "022-bad.yaml:11:44: error: column bad_sessions.sid is autoincrement, so its type must be integer, not string",
                "022-bad.yaml:11:44: error: table target 'bad_sessions' has two autoincrement columns: id (line 10) and sid",
                "022-bad.yaml:13:57: error: default \"many\" is not an integer",
                "022-bad.yaml:14:69: error: column bad_sessions.seq is autoincrement: the database assigns its value, so it takes no default",
                "022-bad.yaml:14:48: error: table target 'bad_sessions' has two autoincrement columns: id (line 10) and seq",
                "022-bad.yaml:15:57: error: 'nullable' of column bad_sessions.flag must be true or false, not the text \"yes\"",
                "022-bad.yaml:12:7: error: key column 'note' of bad_sessions cannot be nullable: NULL pairs a target row with no source row"), errors);

        Cli run = db.run(mapping.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("022-bad.yaml:14:69: error: column bad_sessions.seq is autoincrement: the database assigns its value, so it takes no default\n"),
                run::toString);
        assertTrue(run.err().contains("  hint: remove default:; fill it from a source column (from:), or leave it out and the database numbers the rows\n"), run::toString);
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("an id the database assigns cannot be the key: validate says to fill it from the source or key on a source column")
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
        assertTrue(validate.err().startsWith(mapping + ":10:7: error: key column 'id' is assigned by the database (autoincrement, no 'from'), so it cannot pair a row "
                + "of t with its source row\n"), validate.err());
        assertTrue(validate.err().contains("hint: fill it from the source (id: { from: s.id, type: integer, autoincrement: true }), or key the table on a source column"),
                validate.err());
    }

    @Test
    @DisplayName("a NULL in a column that is not nullable and has no default is refused at apply, naming the row; the file unchanged")
    void nullWithoutNullableIsRefused() throws IOException {
        Db db = db();
        Path mapping = write("020-chat_sessions.yaml", MAPPING.replace("note:    { from: s.note, type: string, nullable: true }",
                "note:    { from: s.note, type: string, nullable: false }"));
        String before = db.fingerprint();

        Cli run = db.run(mapping.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(mapping + ":15:7: error: chat_sessions.note has no value in sessions row sid=\"s2\": s.note is null, and no default\n"),
                run.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("plan (text and --json) shows each column as the created table declares it, the id SQLite assigns, and where NULL stays NULL")
    void planShowsDeclarations() throws IOException {
        Db db = db();
        Path mapping = write("020-chat_sessions.yaml", MAPPING);
        String before = db.fingerprint();

        Cli plan = db.run("plan", mapping.toString());

        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("Table chat_sessions (one row per row of the rows of sessions; key sid)\n" + db.pick(
                  "  id       integer  INTEGER PRIMARY KEY AUTOINCREMENT  assigned by SQLite (the app's INSERTs continue the sequence)\n"
                + "  sid      string   TEXT NOT NULL                      SQL\n"
                + "  model    string   TEXT NOT NULL DEFAULT 'llama'      SQL\n"
                + "  tokens   integer  INTEGER DEFAULT 0                  SQL; NULL stays NULL\n"
                + "  note     string   TEXT                               SQL; NULL stays NULL\n"
                + "  started  integer  INTEGER NOT NULL                   SQL\n",
                  "  id       integer  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY  assigned by PostgreSQL (the app's INSERTs continue the sequence)\n"
                + "  sid      string   text NOT NULL                                        SQL\n"
                + "  model    string   text NOT NULL DEFAULT 'llama'                        SQL\n"
                + "  tokens   integer  bigint DEFAULT 0                                     SQL; NULL stays NULL\n"
                + "  note     string   text                                                 SQL; NULL stays NULL\n"
                + "  started  integer  bigint NOT NULL                                      SQL\n")), plan.out());
        assertTrue(plan.out().contains("      -> chat_sessions {sid: \"s2\", model: \"llama\", tokens: null, note: null, started: 1764000100}"), plan.out());
        Cli json = db.run("plan", mapping.toString(), "--json");
        assertEquals(0, json.exitCode(), json::toString);
        Object tables = ((java.util.Map<?, ?>) dev.mapper.convert.Json.parse(json.out())).get("tables");
        assertEquals("[{table=chat_sessions, source=sessions, key=[sid], pushedDown=true, columns=["
                + "{name=id, type=integer, declaration=" + db.pick("INTEGER PRIMARY KEY AUTOINCREMENT", "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
                + ", nullable=false, autoincrement=true, how=assigned}, "
                + "{name=sid, type=string, declaration=" + db.pick("TEXT", "text") + " NOT NULL, nullable=false, autoincrement=false, how=sql}, "
                + "{name=model, type=string, declaration=" + db.pick("TEXT", "text") + " NOT NULL DEFAULT 'llama', nullable=false, autoincrement=false, how=sql}, "
                + "{name=tokens, type=integer, declaration=" + db.pick("INTEGER", "bigint") + " DEFAULT 0, nullable=true, autoincrement=false, how=sql}, "
                + "{name=note, type=string, declaration=" + db.pick("TEXT", "text") + ", nullable=true, autoincrement=false, how=sql}, "
                + "{name=started, type=integer, declaration=" + db.pick("INTEGER", "bigint") + " NOT NULL, nullable=false, autoincrement=false, how=sql}]}]",
                String.valueOf(tables));
        assertEquals(before, db.fingerprint());
    }

}