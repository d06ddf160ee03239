package dev.mapper.cli;

import static dev.mapper.TestDb.MAPPING_004;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.Db;
import dev.mapper.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same revision workflow as {@link RevisionTest}, with a rows-shaped target (one row per key): examples/005.
 * On SQLite; {@link PostgresRowsRevisionIT} runs the same tests on PostgreSQL.
 */
class RowsRevisionTest {
    static final String LANGUAGE = "      language:      { from: meta.language, type: string, default: en }\n";

    @TempDir
    Path dir;

    /** The engine these tests run on. */
    Engine engine() {
        return Engine.SQLITE;
    }

    /** 004 then 005 applied, then the app changes maxModels (1 → 8) through its UI. */
    Db appliedWithAppChange() {
        Db db = engine().example(dir);
        assertEquals(0, RevisionTest.apply(MAPPING_004, db).exitCode());
        assertEquals(0, RevisionTest.apply(ShapesTest.MAPPING_005, db).exitCode());
        db.exec("UPDATE ui_config SET value = '8', updated_at = 1764000999 WHERE key = 'maxModels'");
        return db;
    }

    Path edited005(String name, String... edits) throws IOException {
        String text = Files.readString(ShapesTest.MAPPING_005);
        for (int i = 0; i < edits.length; i += 2) {
            assertTrue(text.contains(edits[i]), edits[i]);
            text = text.replace(edits[i], edits[i + 1]);
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** 005 with language added and theme's default changed. */
    Path revision2() throws IOException {
        return edited005("005.yaml", "      theme:", LANGUAGE + "      theme:", "default: dark }", "default: light }");
    }

    static List<String> rows(Db db) {
        return db.query("SELECT key, value, type FROM ui_config ORDER BY key");
    }

    @Test
    @DisplayName("rows target: the new key is a new row, the untouched key is rewritten, the app's maxModels is kept; rollback restores every row exactly")
    void addsUpdatesKeepsAndRollsBack() throws IOException {
        Db db = appliedWithAppChange();
        List<String> beforeRevision2 = db.dump();

        Cli run = RevisionTest.apply(revision2(), db);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("language | en | string", "maxModels | 8 | integer", "schemaVersion | 3 | integer",
                "serverUrl | http://0.0.0.0:8080 | string", "showGpuPanel | false | boolean", "theme | light | enum"), rows(db));
        assertTrue(run.out().contains("  ui_config (one row per key)\n"), run.out());
        assertTrue(run.out().contains("    = maxModels  keep     8        rule unchanged; the app changed it since (revision 1 wrote 1): kept\n"), run.out());
        assertTrue(run.out().contains("    + language   add      \"en\"     added; default: meta.language is missing\n"), run.out());
        assertTrue(run.out().contains("    ~ theme      write    \"light\"  changed (default): untouched since revision 1 wrote \"dark\"; now default: meta.theme is missing\n"),
                run.out());
        assertEquals(List.of("004 | 1", "005 | 1", "005 | 2"), db.query("SELECT migration, revision FROM mapper_history ORDER BY id"));

        Cli rollback = db.run("rollback", revision2().toString());
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertTrue(rollback.out().contains("Rolled back revision 2 of migration 005: 2 row(s) put back as they were before it"), rollback.out());
        assertEquals(beforeRevision2, db.dump());
    }

    @Test
    @DisplayName("rows target: a conflict without a flag writes nothing; --overwrite-changed writes the new value")
    void conflict() throws IOException {
        Db db = appliedWithAppChange();
        Path edited = edited005("conflict.yaml", "check: \"value <= 16\", default: 1 }", "check: \"value <= 16\", default: 1, transform: \"value * 2\" }");
        String before = db.fingerprint();

        Cli run = RevisionTest.apply(edited, db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(edited + ":19:7: error: ui_config.maxModels: conflict: revision 1 wrote 1, the app has changed it to 8 since, "
                + "and the edited rule computes 2\n"), run.err());
        assertEquals(before, db.fingerprint());

        Cli overwrite = RevisionTest.apply(edited, db, "--overwrite-changed");
        assertEquals(0, overwrite.exitCode(), overwrite::toString);
        assertEquals("2 | integer", db.one("SELECT value, type FROM ui_config WHERE key = 'maxModels'"));
    }

    @Test
    @DisplayName("rows target: without --prune the removed key's row stays; --prune deletes it, and rollback puts it back")
    void prune() throws IOException {
        Db db = appliedWithAppChange();
        Path edited = edited005("pruned.yaml",
                "      showGpuPanel:  { from: router.gpuLayers, type: boolean, transform: \"value > 0\", default: false }   # a panel for GPU offload\n", "");

        List<String> before = db.query("SELECT * FROM ui_config ORDER BY key");
        Cli kept = RevisionTest.apply(edited, db);
        assertEquals(0, kept.exitCode(), kept::toString);
        assertEquals(before, db.query("SELECT * FROM ui_config ORDER BY key"));
        Cli undo = db.run("rollback", edited.toString());
        assertEquals(0, undo.exitCode(), undo::toString);

        Cli pruned = RevisionTest.apply(edited, db, "--prune");

        assertEquals(0, pruned.exitCode(), pruned::toString);
        assertEquals(List.of("maxModels | 8 | integer", "schemaVersion | 3 | integer", "serverUrl | http://0.0.0.0:8080 | string", "theme | dark | enum"),
                rows(db));
        Cli rollback = db.run("rollback", edited.toString());
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertEquals(before, db.query("SELECT * FROM ui_config ORDER BY key"));
    }

    @Test
    @DisplayName("rows target: a comment-only edit is no change")
    void commentOnly() throws IOException {
        Db db = appliedWithAppChange();
        String before = db.fingerprint();

        Cli run = RevisionTest.apply(edited005("commented.yaml", "migration: \"005\"", "migration: \"005\"   # the UI settings"), db);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Migration 005 is already applied with this exact mapping; nothing to do."), run.out());
        assertEquals(before, db.fingerprint());
    }
}
