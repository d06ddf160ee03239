package dev.mapper.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.SchemaDump;
import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A column an earlier migration declared, declared otherwise by a later one: SQLite cannot ALTER it,
 * so the table is rebuilt (foreign keys off, new table, rows copied with their rowids, old table
 * dropped, new one renamed, indexes and triggers recreated, foreign_key_check before commit). On the
 * llama-dashboard's three ages: every row, rowid, index and trigger kept; rollback restores the table
 * exactly, or refuses.
 */
class TableRebuildTest {
    static final String SWAP_NOT_NULL = """
            migration: "011"
            name: metrics_swap_not_null
            columns:
              metrics:
                swap_usage: { type: REAL, default: 0, nullable: false }
            """;
    static final String TRIGGER = "CREATE TRIGGER metrics_seen AFTER INSERT ON metrics BEGIN UPDATE metadata SET updated_at = NEW.timestamp "
            + "WHERE key = 'schema_version'; END";

    @TempDir
    Path dir;

    Path history(String age) throws IOException {
        Path db = TestDb.fromSql(dir, age + ".db", Files.readString(AppHistoryTest.ageSql(age)));
        Cli run = Cli.run("apply", AppHistoryTest.FOLDER.toString(), "--db", db.toString());
        assertEquals(0, run.exitCode(), run::toString);
        return db;
    }

    Path mapping(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** The schema as SQLite keeps it (every object's SQL, by name) and everything {@link SchemaDump#all} compares. */
    static List<String> exactly(Path db) {
        List<String> lines = new ArrayList<>(TestDb.query(db, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"));
        lines.addAll(SchemaDump.all(db));
        return lines;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"oldest", "middle", "current"})
    @DisplayName("swap_usage (declared by 006) becomes NOT NULL: every row and rowid, the index, the app's trigger and the id counter kept; rollback exact")
    void redeclaredOnEveryAge(String age) throws IOException {
        Path db = history(age);
        TestDb.exec(db, TRIGGER);
        List<String> before = exactly(db);
        List<String> rows = TestDb.query(db, "SELECT rowid, * FROM metrics ORDER BY rowid");
        Path file = mapping("011-metrics_swap_not_null.yaml", SWAP_NOT_NULL);

        Cli run = Cli.run("apply", file.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("  ~ column metrics.swap_usage  REAL NOT NULL DEFAULT 0 (was REAL DEFAULT 0; the table is rebuilt, every row kept)\n"),
                run.out());
        assertTrue(run.out().contains("Applied migration 011 in "), run.out());
        assertEquals("REAL | 1 | 0", TestDb.one(db, "SELECT type, \"notnull\", dflt_value FROM pragma_table_info('metrics') WHERE name = 'swap_usage'"));
        assertEquals(rows, TestDb.query(db, "SELECT rowid, * FROM metrics ORDER BY rowid"));
        assertEquals(TestDb.query(dir.resolve(age + ".db"), "SELECT sql FROM sqlite_master WHERE tbl_name = 'metrics' AND type <> 'table' ORDER BY name"),
                before.stream().filter(l -> l.startsWith("index | idx_metrics") || l.startsWith("trigger | metrics_seen")).map(l -> l.substring(l.lastIndexOf(" | ") + 3))
                        .toList());
        assertEquals("ok", TestDb.one(db, "PRAGMA integrity_check"));
        TestDb.exec(db, AppHistoryTest.APP_METRICS_INSERT); // the app's own INSERT, and its trigger, still work
        assertEquals(TestDb.one(db, "SELECT max(timestamp) FROM metrics"), TestDb.one(db, "SELECT updated_at FROM metadata WHERE key = 'schema_version'"));
        TestDb.exec(db, "DELETE FROM metrics WHERE id = (SELECT max(id) FROM metrics); UPDATE metadata SET updated_at = 1764000000 WHERE key = 'schema_version'; "
                + "UPDATE sqlite_sequence SET seq = seq - 1 WHERE name = 'metrics'");

        Cli back = Cli.run("rollback", file.toString(), "--db", db.toString());

        assertEquals(0, back.exitCode(), back::toString);
        assertTrue(back.out().contains("Rolled back migration 011: declared column metrics.swap_usage REAL DEFAULT 0 again, history row removed."), back.out());
        assertEquals(before, exactly(db));
    }

    @Test
    @DisplayName("a type change converts the values (35.0 → '35.0'); rollback puts back each value with its storage class")
    void typeChangeAndBack() throws IOException {
        Path db = history("current");
        List<String> before = exactly(db);
        Path file = mapping("011-gpu_text.yaml", """
                migration: "011"
                name: gpu_usage_text
                columns:
                  metrics:
                    gpu_usage: { type: TEXT }
                """);

        Cli run = Cli.run("apply", file.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("1 | 35.0 | text", "2 | 88.0 | text", "3 | null | null"), TestDb.query(db, "SELECT id, gpu_usage, typeof(gpu_usage) FROM metrics ORDER BY id"));
        Cli back = Cli.run("rollback", file.toString(), "--db", db.toString());
        assertEquals(0, back.exitCode(), back::toString);
        assertEquals(before, exactly(db));
    }

    @Test
    @DisplayName("NOT NULL over rows holding NULL is refused at the column's line, naming the count; the file is unchanged")
    void notNullOverNulls() throws IOException {
        Path db = history("current");
        String sha = TestDb.sha256(db);
        Path file = mapping("011-gpu_not_null.yaml", """
                migration: "011"
                name: gpu_not_null
                columns:
                  metrics:
                    gpu_usage: { type: REAL, default: 0, nullable: false }
                """);

        Cli run = Cli.run("apply", file.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(file + ":5:5: error: column metrics.gpu_usage holds NULL in 1 row(s), so it cannot be declared REAL NOT NULL DEFAULT 0\n"),
                run.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("the rebuild never fires foreign-key actions: a table with ON DELETE CASCADE to models keeps its rows through apply and rollback")
    void noCascade() throws IOException {
        Path db = history("middle");
        TestDb.exec(db, "CREATE TABLE model_tags (model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE, tag TEXT); "
                + "INSERT INTO model_tags VALUES ('m1', 'chat'), ('m2', 'code')");
        List<String> before = exactly(db);
        Path file = mapping("011-favorite_not_null.yaml", """
                migration: "011"
                name: favorite_not_null
                columns:
                  models:
                    favorite: { type: INTEGER, default: 0, nullable: false }
                """);

        Cli run = Cli.run("apply", file.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("m1 | chat", "m2 | code"), TestDb.query(db, "SELECT model_id, tag FROM model_tags ORDER BY rowid"));
        assertEquals("1", TestDb.one(db, "SELECT \"notnull\" FROM pragma_table_info('models') WHERE name = 'favorite'"));
        assertEquals(0, Cli.run("rollback", file.toString(), "--db", db.toString()).exitCode());
        assertEquals(before, exactly(db));
    }

    @Test
    @DisplayName("a redeclaration that leaves a row pointing nowhere is refused by foreign_key_check, naming the table and row; the file is unchanged")
    void foreignKeyCheck() throws IOException {
        Path db = history("middle");
        TestDb.exec(db, "CREATE TABLE codes (code TEXT PRIMARY KEY); INSERT INTO codes VALUES ('007'); "
                + "CREATE TABLE runs (id INTEGER PRIMARY KEY, code TEXT, FOREIGN KEY (code) REFERENCES codes(code)); INSERT INTO runs VALUES (1, '007')");
        Path declare = mapping("010-runs_code.yaml", "migration: \"010\"\nname: runs_code\ncolumns:\n  runs:\n    code: { type: TEXT }\n");
        assertEquals(0, Cli.run("apply", declare.toString(), "--db", db.toString()).exitCode());
        String sha = TestDb.sha256(db);
        Path file = mapping("011-runs_code_integer.yaml", "migration: \"011\"\nname: runs_code_integer\ncolumns:\n  runs:\n    code: { type: INTEGER }\n");

        Cli run = Cli.run("apply", file.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: migration 011 would break a foreign key: runs row 1 references codes, which has no row it points to "
                + "(foreign key 0)\n"), run.err());
        assertEquals(sha, TestDb.sha256(db));
        assertEquals("TEXT", TestDb.one(db, "SELECT type FROM pragma_table_info('runs') WHERE name = 'code'"));
    }

    @Test
    @DisplayName("rollback refuses when the app wrote into the rebuilt column since, changing nothing; --discard-later-writes restores the table")
    void writtenSince() throws IOException {
        Path db = history("middle");
        Path file = mapping("011-metrics_swap_not_null.yaml", SWAP_NOT_NULL);
        assertEquals(0, Cli.run("apply", file.toString(), "--db", db.toString()).exitCode());
        TestDb.exec(db, "UPDATE metrics SET swap_usage = 2.5 WHERE id = 1");
        String sha = TestDb.sha256(db);

        Cli run = Cli.run("rollback", file.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: cannot roll back migration 011: metrics.swap_usage: values in the 3 row(s) the migration wrote were "
                + "changed since; dropping or restoring the column would lose them\n"), run.err());
        assertEquals(sha, TestDb.sha256(db));
        Cli discarded = Cli.run("rollback", file.toString(), "--db", db.toString(), "--discard-later-writes");
        assertEquals(0, discarded.exitCode(), discarded::toString);
        assertEquals("REAL | 0 | 0", TestDb.one(db, "SELECT type, \"notnull\", dflt_value FROM pragma_table_info('metrics') WHERE name = 'swap_usage'"));
    }

    @Test
    @DisplayName("011 redeclares what 006 added: rolling back 006 first is refused, naming 011")
    void dependsOnTheEarlierMigration() throws IOException {
        Path db = history("oldest");
        Path file = mapping("011-metrics_swap_not_null.yaml", SWAP_NOT_NULL);
        assertEquals(0, Cli.run("apply", file.toString(), "--db", db.toString()).exitCode());
        String sha = TestDb.sha256(db);

        Cli status = Cli.run("status", "mappings/006-metrics_gpu_swap.yaml", "--db", db.toString());
        assertEquals(0, status.exitCode(), status::toString); // 011's redeclaration is not drift of 006
        Cli verify = Cli.run("verify", "mappings/006-metrics_gpu_swap.yaml", "--db", db.toString());
        assertEquals(0, verify.exitCode(), verify::toString);
        Cli run = Cli.run("rollback", "mappings/006-metrics_gpu_swap.yaml", "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("error: cannot roll back migration 006: applied migration(s) 011 (metrics_swap_not_null) read or change what it wrote\n"
                + "  hint: roll back 011 first (newest first); nothing was changed\n", run.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a column the app created itself and no migration declared is never redeclared: the error names both declarations")
    void notMappers() throws IOException {
        Path db = history("middle");
        TestDb.exec(db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        String sha = TestDb.sha256(db);
        Path file = mapping("011-notes.yaml", "migration: \"011\"\nname: notes\ncolumns:\n  notes:\n    body: { type: TEXT, nullable: false, default: '' }\n");

        Cli run = Cli.run("apply", file.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(file + ":5:5: error: column notes.body exists declared TEXT, but migration 011 declares it TEXT NOT NULL DEFAULT ''\n"),
                run.err());
        assertEquals(sha, TestDb.sha256(db));
    }
}
