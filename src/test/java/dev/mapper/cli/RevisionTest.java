package dev.mapper.cli;

import static dev.mapper.TestDb.MAPPING_004;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.Db;
import dev.mapper.Engine;
import dev.mapper.SqliteDb;
import dev.mapper.Example004;
import dev.mapper.convert.Json;
import dev.mapper.model.MappingReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Editing an applied mapping and applying it again: revisions, the three-way comparison, --keep/--overwrite-changed, --prune, rollback.
 * On SQLite; {@link PostgresRevisionIT} runs the same tests on PostgreSQL.
 */
class RevisionTest {
    static final String FLASH_ATTENTION = "      flashAttention:    { from: server.flash_attn, type: boolean, default: false }\n";
    /** router_config after 004, the app's port change, and revision 2 (flashAttention added, modelsPath's default changed). */
    static final String ROUTER_REVISION_2 = Example004.ROUTER_CONFIG.replace("\"./models\"", "\"./llm-models\"").replace("\"port\":8080", "\"port\":9090")
            .replace("\"ctxSize\":4096,", "\"ctxSize\":4096,\"flashAttention\":false,");

    @TempDir
    Path dir;

    /** The engine these tests run on. */
    Engine engine() {
        return Engine.SQLITE;
    }

    /** A copy of 004.yaml with {@code edits} applied in pairs (old, new). */
    Path edited004(String name, String... edits) throws IOException {
        String text = Files.readString(MAPPING_004);
        for (int i = 0; i < edits.length; i += 2) {
            assertTrue(text.contains(edits[i]), edits[i]);
            text = text.replace(edits[i], edits[i + 1]);
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** 004 with flashAttention added (before gpuLayers) and modelsPath's default changed. */
    Path revision2() throws IOException {
        return edited004("004.yaml", "      gpuLayers:", FLASH_ATTENTION + "      gpuLayers:", "default: \"./models\"", "default: \"./llm-models\"");
    }

    static Cli apply(Path mapping, Db db, String... extra) {
        List<String> args = new ArrayList<>(List.of(mapping.toString()));
        args.addAll(List.of(extra));
        return db.run(args.toArray(String[]::new));
    }

    static Cli apply(Path mapping, Path db, String... extra) {
        return apply(mapping, new SqliteDb(db), extra);
    }

    /** Every row of every table, each column as an SQL literal (so its storage class shows), for byte-for-byte comparisons. */
    static List<String> dump(Path db) {
        return new SqliteDb(db).dump();
    }

    /** Apply 004, then change port in the target as the app would. */
    Db appliedWithAppChange() {
        Db db = engine().example(dir);
        assertEquals(0, apply(MAPPING_004, db).exitCode());
        db.setJson("router_config", "config", "port", 9090);
        db.exec("UPDATE router_config SET updated_at = 1764000123 WHERE key = 'config'");
        return db;
    }

    @Test
    @DisplayName("apply of an edited 004: adds the new key, rewrites the untouched key, keeps the port the app changed and says so")
    void addsUpdatesAndKeeps() throws IOException {
        Db db = appliedWithAppChange();
        Path edited = revision2();

        Cli run = apply(edited, db);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(ROUTER_REVISION_2, db.one("SELECT value FROM router_config WHERE key = 'config'"));
        assertEquals(Example004.LOGGING_CONFIG, db.one("SELECT value FROM logging_config WHERE key = 'config'"));
        assertTrue(run.out().contains("Revision  2 of migration 004, over applied revision 1: +1 key, ~1 rule, -0 keys\n"), run.out());
        assertTrue(run.out().contains("    ~ modelsPath      write    \"./llm-models\"  changed (default): untouched since revision 1 wrote \"./models\"; "
                + "now default: server.baseModelsPath is blank\n"), run.out());
        assertTrue(run.out().contains("    = port            keep     9090            rule unchanged; the app changed it since (revision 1 wrote 8080): kept\n"), run.out());
        assertTrue(run.out().contains("    + flashAttention  add      false           added; default: server.flash_attn is missing\n"), run.out());
        assertTrue(run.out().contains("Applied revision 2 of migration 004 in "), run.out());
        assertEquals(List.of("1 | applied | " + MappingReader.read(MAPPING_004).checksum(),
                        "2 | applied | " + MappingReader.read(edited).checksum()),
                db.query("SELECT revision, kind, checksum FROM mapper_history ORDER BY id"));
        assertEquals(Files.readString(edited), db.one("SELECT mapping FROM mapper_history WHERE revision = 2"));

        Cli again = apply(edited, db);
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("Migration 004 is already applied with this exact mapping; nothing to do."), again.out());

        // the port the app changed matches no revision's output: drift; the keys revision 2 wrote are not
        Cli status = db.run("status", edited.toString());
        assertTrue(status.out().startsWith("004 (unify_router_config): drifted, applied at revision 2 ("), status.out());
        assertTrue(status.out().endsWith("; file unchanged; drifted: 1 value(s) differ:\n  router_config.port is 9090, expected 8080\n"), status.out());
        Cli original = db.run("status", MAPPING_004.toString());
        assertTrue(original.out().contains("; file changed (+0 keys, ~1 rule, -1 key): mapper apply mappings/004.yaml " + String.join(" ", db.options()) + " writes revision 3; drifted: 1 value(s)"),
                original.out());
    }

    @Test
    @DisplayName("rollback undoes revision 2 only: every row as it was before it, byte for byte; again undoes revision 1")
    void rollbackPerRevision() throws IOException {
        Db db = appliedWithAppChange();
        List<String> beforeRevision2 = db.dump();
        assertEquals(0, apply(revision2(), db).exitCode());
        assertFalse(beforeRevision2.equals(db.dump()));

        Cli run = db.run("rollback", revision2().toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Rolled back revision 2 of migration 004: 1 row(s) put back as they were before it, history row removed; "
                + "migration 004 is at revision 1 again.\n"), run.out());
        assertEquals(beforeRevision2, db.dump());

        String withAppChange = db.fingerprint();
        Cli refused = db.run("rollback", MAPPING_004.toString());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: cannot roll back migration 004: router_config row 'config' was changed since the migration wrote it: "
                + "port is 9090 (the migration wrote 8080)\n"), refused.err());
        assertEquals(withAppChange, db.fingerprint());

        Cli first = db.run("rollback", MAPPING_004.toString(), "--discard-later-writes");
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.out().contains("Rolled back migration 004: 1 source row(s) restored"), first.out());
        assertFalse(db.tables().contains("router_config"));
        assertEquals(Example004.SERVER_CONFIG, db.one("SELECT value FROM server_config WHERE key = 'config'"));
    }

    @Test
    @DisplayName("rollback of a revision refuses when the app changed a row it wrote since; database unchanged")
    void rollbackRefusesToOverwrite() throws IOException {
        Db db = appliedWithAppChange();
        assertEquals(0, apply(revision2(), db).exitCode());
        db.setJson("router_config", "config", "threads", 8);
        String before = db.fingerprint();

        Cli run = db.run("rollback", revision2().toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: router_config row 'config' was changed since revision 2 of migration 004 wrote it\n"), run.err());
        assertEquals(before, db.fingerprint());
    }

    /** 004 where port's rule changes its value (8080 → 8081) while the app changed it to 9090. */
    Path portRuleChanged(String extra) throws IOException {
        return edited004("conflict.yaml", "max: 65535, default: 8080 }", "max: 65535, default: 8080, transform: \"value + 1\"" + extra + " }",
                "      gpuLayers:", FLASH_ATTENTION + "      gpuLayers:");
    }

    @Test
    @DisplayName("a conflict (app changed the value, the edited rule computes another) without a flag: exit 1, all three values named, nothing written")
    void conflictWritesNothing() throws IOException {
        Db db = appliedWithAppChange();
        Path edited = portRuleChanged("");
        String before = db.fingerprint();
        long backups = db.backups();

        Cli run = apply(edited, db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(edited + ":23:7: error: router_config.port: conflict: revision 1 wrote 8080, the app has changed it to 9090 since, "
                + "and the edited rule computes 8081\n"), run.err());
        assertTrue(run.err().contains("error: 1 value(s) were changed by the app since revision 1 and the edited mapping computes different ones; "
                + "apply stops before writing anything\n  hint: re-run with --keep-changed to keep the app's values, or with --overwrite-changed "
                + "to write the edited mapping's values\n"), run.err());
        assertTrue(run.out().contains("    ~ port            conflict 8081"), run.out());
        assertEquals(before, db.fingerprint());
        assertEquals(backups, db.backups());
    }

    @Test
    @DisplayName("a value kept with --keep-changed is the accepted state: status reports no drift, until the app changes it again")
    void keptValueIsAccepted() throws IOException {
        Db db = appliedWithAppChange();
        Path edited = portRuleChanged("");
        assertEquals(0, apply(edited, db, "--keep-changed").exitCode());

        Cli status = db.run("status", edited.toString());

        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().startsWith("004 (unify_router_config): applied at revision 2 "), status.out());
        db.setJson("router_config", "config", "port", 7070);
        Cli drift = db.run("status", edited.toString());
        assertEquals(1, drift.exitCode(), drift::toString);
        assertTrue(drift.toString().contains("router_config.port is 7070"), drift.toString());
    }

    @Test
    @DisplayName("--keep-changed keeps the app's value; --overwrite-changed writes the edited rule's")
    void keepOrOverwrite() throws IOException {
        Db db = appliedWithAppChange();
        Cli keep = apply(portRuleChanged(""), db, "--keep-changed");
        assertEquals(0, keep.exitCode(), keep::toString);
        assertTrue(keep.out().contains("kept (--keep-changed)"), keep.out());
        assertEquals(List.of("9090", "false"), List.of(db.json("router_config", "config", "port"), db.json("router_config", "config", "flashAttention")));

        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Db db2 = engine().example(other);
        assertEquals(0, apply(MAPPING_004, db2).exitCode());
        db2.setJson("router_config", "config", "port", 9090);
        Cli overwrite = apply(portRuleChanged(""), db2, "--overwrite-changed");
        assertEquals(0, overwrite.exitCode(), overwrite::toString);
        assertEquals("8081", db2.json("router_config", "config", "port"));

        Cli both = apply(portRuleChanged(""), db2, "--keep-changed", "--overwrite-changed");
        assertEquals(2, both.exitCode(), both::toString);
        assertTrue(both.err().contains("--keep-changed, --overwrite-changed are mutually exclusive"), both.err());
    }

    @Test
    @DisplayName("a kept app value must satisfy the edited rule: else an error naming key and value, nothing written")
    void keptValueMustSatisfyTheNewRule() throws IOException {
        Db db = appliedWithAppChange();
        Path edited = portRuleChanged(", check: \"value < 9000\"");
        String before = db.fingerprint();

        Cli run = apply(edited, db, "--keep-changed");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(edited + ":23:7: error: router_config.port: the app's value 9090 does not satisfy the edited rule: "
                + "9090 fails the check 'value < 9000'\n"), run.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("a removed key stays and is reported; with --prune it is deleted")
    void prune() throws IOException {
        Db db = engine().example(dir);
        assertEquals(0, apply(MAPPING_004, db).exitCode());
        Path edited = edited004("pruned.yaml",
                "      autoStartOnLaunch: { from: [server.auto_start_on_launch, server.llama_server_enabled], type: boolean, default: false }\n", "");
        String before = db.fingerprint();

        Cli plan = db.run("plan", edited.toString());
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("    - autoStartOnLaunch  leave    true  removed from the mapping; stays in the target (apply with --prune to delete it)\n"),
                plan.out());
        assertEquals(before, db.fingerprint());

        Cli pruned = apply(edited, db, "--prune");
        assertEquals(0, pruned.exitCode(), pruned::toString);
        assertEquals(Example004.ROUTER_CONFIG.replace(",\"autoStartOnLaunch\":true", ""), db.one("SELECT value FROM router_config"));
    }

    @Test
    @DisplayName("without --prune a removed key stays in the target, and the revision is recorded")
    void removedKeyStays() throws IOException {
        Db db = engine().example(dir);
        assertEquals(0, apply(MAPPING_004, db).exitCode());
        Path edited = edited004("removed.yaml",
                "      autoStartOnLaunch: { from: [server.auto_start_on_launch, server.llama_server_enabled], type: boolean, default: false }\n", "");

        Cli run = apply(edited, db);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(Example004.ROUTER_CONFIG, db.one("SELECT value FROM router_config"));
        assertEquals("2", db.one("SELECT MAX(revision) FROM mapper_history"));
        // the key left behind is revision 1's output, not drift
        Cli status = db.run("status", edited.toString());
        assertTrue(status.out().startsWith("004 (unify_router_config): applied at revision 2 ("), status.out());
        assertTrue(status.out().endsWith("; file unchanged\n"), status.out());
        assertEquals(0, db.run("verify", edited.toString()).exitCode());
    }

    @Test
    @DisplayName("a comment-only or reorder-only edit is no change: already applied, not a byte written")
    void commentOnlyEditIsNoChange() throws IOException {
        Db db = engine().example(dir);
        assertEquals(0, apply(MAPPING_004, db).exitCode());
        String before = db.fingerprint();
        Path commented = edited004("commented.yaml", "# Migration 004", "# Edited comment\n# Migration 004",
                "      host:              { from: [server.llama_server_host, server.host], type: string, blank: absent, default: \"0.0.0.0\" }\n", "",
                "      port:", "      host: { default: \"0.0.0.0\", blank: absent, type: string, from: [server.llama_server_host, server.host] }   # moved\n      port:");

        Cli run = apply(commented, db);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Migration 004 is already applied with this exact mapping; nothing to do."), run.out());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("a change a revision cannot make in place (a target's shape) is refused with exit 2, nothing written")
    void unsupportedEdit() throws IOException {
        Db db = engine().example(dir);
        assertEquals(0, apply(MAPPING_004, db).exitCode());
        Path edited = edited004("shape.yaml", "    index: idx_logging_config_key\n", "    index: idx_logging_config_by_key\n");
        String before = db.fingerprint();

        Cli run = apply(edited, db);

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: migration 004 is applied (revision 1) and " + edited
                + " changes what a new revision cannot: target logging_config changed its shape, row key or index\n"), run.err());
        assertTrue(run.err().contains("for anything else roll back first (mapper rollback " + edited + " " + String.join(" ", db.options()) + "), then apply the edited file"), run.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("a revision is verified like a first apply: a trigger that writes to a table the mapping does not name fails it, nothing written")
    void revisionVerification() throws IOException {
        Db db = appliedWithAppChange();
        db.exec(db.pick("CREATE TRIGGER audit AFTER UPDATE ON router_config BEGIN INSERT INTO logs (level, message) VALUES ('info', 'x'); END;",
                "CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO logs (level, message) VALUES ('info', 'x'); RETURN NULL; END $$;"
                        + "CREATE TRIGGER audit AFTER UPDATE ON router_config FOR EACH ROW EXECUTE FUNCTION audit();"));
        String before = db.fingerprintBesidesSequences();

        Cli run = apply(revision2(), db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("error: verification failed: table logs changed, but the mapping does not name it\n"), run.err());
        assertTrue(run.err().contains("all changes were rolled back and mapper's backup copy deleted: the database is as it was\n"), run.err());
        // the app's trigger drew an id from logs' sequence, which PostgreSQL does not roll back
        assertEquals(before, db.fingerprintBesidesSequences());
    }

    @Test
    @DisplayName("over a baseline (a database the old JS script migrated), an edit applies as revision 2 and rolls back to the baseline")
    void revisionOverBaseline() throws IOException {
        Db db = engine().example(dir);
        db.exec("CREATE TABLE migration_backup_004 (id INTEGER PRIMARY KEY AUTOINCREMENT, source_table TEXT NOT NULL, source_key TEXT, original_value TEXT, migrated_at INTEGER);"
                + "INSERT INTO migration_backup_004 (source_table, source_key, original_value) SELECT 'server_config', key, value FROM server_config;"
                + "INSERT INTO migration_backup_004 (source_table, source_key, original_value) SELECT 'metadata', key, value FROM metadata WHERE key = 'user_settings';"
                + "CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "CREATE TABLE logging_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "INSERT INTO router_config (key, value) VALUES ('config', '" + Example004.ROUTER_CONFIG + "');"
                + "INSERT INTO logging_config (key, value) VALUES ('config', '" + Example004.LOGGING_CONFIG + "');"
                + "DELETE FROM server_config;");
        assertEquals(0, apply(MAPPING_004, db).exitCode());
        assertEquals("baseline", db.one("SELECT kind FROM mapper_history"));
        db.setJson("router_config", "config", "port", 9090);
        List<String> before = db.dump();

        Cli run = apply(revision2(), db);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(ROUTER_REVISION_2, db.one("SELECT value FROM router_config"));
        assertEquals(0, db.run("rollback", revision2().toString()).exitCode());
        assertEquals(before, db.dump());
    }

    @Test
    @DisplayName("plan on an edited applied mapping: per key the change, the action, the three values and why, as text and as --json; nothing written")
    void planShowsTheRevision() throws Exception {
        Db db = appliedWithAppChange();
        Path edited = portRuleChanged("");
        String before = db.fingerprint();

        Cli text = db.run("plan", edited.toString());
        Cli json = db.run("plan", edited.toString(), "--json");

        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().contains("    ~ port            conflict 8081   changed (transform): the app changed it since (revision 1 wrote 8080): "
                + "conflict, choose --keep-changed or --overwrite-changed\n"), text.out());
        assertTrue(text.out().endsWith("but apply would stop: 1 key(s) changed by the app need a choice (marked 'conflict' above) "
                + "or do not satisfy the edited rules; see mapper apply --help for --keep-changed and --overwrite-changed.\n"), text.out());
        assertEquals(0, json.exitCode(), json::toString);
        Map<?, ?> revision = (Map<?, ?>) ((Map<?, ?>) Json.parse(json.out())).get("revision");
        assertEquals(2, revision.get("revision"));
        Map<?, ?> port = ((List<?>) revision.get("keys")).stream().map(k -> (Map<?, ?>) k).filter(k -> k.get("key").equals("port")).findFirst().orElseThrow();
        assertEquals(List.of("changed (transform)", "conflict", 8080, 9090, 8081), List.of(port.get("change"), port.get("action"), port.get("written"),
                port.get("now"), port.get("next")));
        assertEquals(before, db.fingerprint());
    }
}
