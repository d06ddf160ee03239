package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mapper.Cli;
import dev.mapper.Db;
import dev.mapper.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mapper apply FOLDER and mapper status FOLDER: numbered mappings in version order, with a gap (no 003). On PostgreSQL: {@link PostgresFolderCommandIT}. */
class FolderTest {
    @TempDir
    Path dir;

    Path folder;
    Db db;

    /** The engine these tests run on. */
    Engine engine() {
        return Engine.SQLITE;
    }

    static String mapping(String version, String name, String table, String key, String type) {
        return "migration: \"" + version + "\"\nname: " + name + "\nsources:\n  s: { table: settings, shape: rows }\n"
                + "targets:\n  " + table + ":\n    shape: rows\n    keys:\n      " + key + ": { from: s." + key + ", type: " + type + " }\n";
    }

    @BeforeEach
    void fixtures() throws Exception {
        folder = Files.createDirectory(dir.resolve("mappings"));
        Files.writeString(folder.resolve("001-theme.yaml"), mapping("001", "theme", "ui_config", "theme", "string"));
        Files.writeString(folder.resolve("002-port.yaml"), mapping("002", "port", "net_config", "port", "integer"));
        Files.writeString(folder.resolve("004-lang.yaml"), mapping("004", "lang", "lang_config", "lang", "string"));
        Files.writeString(folder.resolve("README.txt"), "not a mapping");
        db = engine().fromSql(dir, "app.db", "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                + "INSERT INTO settings VALUES ('theme', 'dark'), ('port', '8080'), ('lang', 'en');");
    }

    Cli run(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = folder.toString();
        return db.run(all);
    }

    @Test
    @DisplayName("apply FOLDER applies every pending mapping in version order, each in its own transaction; again: nothing to do")
    void appliesInOrder() {
        Cli run = run("apply");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("001 | theme", "002 | port", "004 | lang"), db.query("SELECT migration, name FROM mapper_history ORDER BY id"));
        assertEquals("8080 | integer", db.one("SELECT value, type FROM net_config"));
        assertTrue(run.out().indexOf("Applied migration 001") < run.out().indexOf("Applied migration 002"), run.out());
        assertTrue(run.out().indexOf("Applied migration 002") < run.out().indexOf("Applied migration 004"), run.out());
        assertTrue(run.out().endsWith(folder + ": 3 migration(s) applied, 0 already applied.\n"), run.out());

        String before = db.fingerprint();
        Cli again = run("apply");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().endsWith(folder + ": 0 migration(s) applied, 3 already applied.\n"), again.out());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("a mapping's test file (NNN-name.test.yaml) is not a migration: apply and status FOLDER skip it, new numbers past it")
    void skipsTestFiles() throws Exception {
        Files.writeString(folder.resolve("001-theme.test.yaml"), "cases: []\n");
        Files.writeString(folder.resolve("009-later.test.yaml"), "cases: []\n");
        Cli run = run("apply");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().endsWith(folder + ": 3 migration(s) applied, 0 already applied.\n"), run.out());
        Cli status = run("status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(!status.out().contains("test.yaml"), status.out());
        Cli created = Cli.run("new", "next", "--dir", folder.toString());
        assertEquals(0, created.exitCode(), created::toString);
        assertTrue(Files.exists(folder.resolve("005-next.yaml")), created::toString);
    }

    @Test
    @DisplayName("a new mapping added to the folder later is the only one applied next time")
    void appliesOnlyPending() throws Exception {
        assertEquals(0, run("apply", "--quiet").exitCode());
        Files.writeString(folder.resolve("010-more.yaml"), mapping("010", "more", "more_config", "theme", "string"));
        Cli run = run("apply");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().endsWith(": 1 migration(s) applied, 3 already applied.\n"), run.out());
        assertEquals("010", db.one("SELECT migration FROM mapper_history ORDER BY id DESC LIMIT 1"));
    }

    @Test
    @DisplayName("stops at the first failure: earlier ones stay applied, the failing one is rolled back, later ones do not run")
    void stopsAtFirstFailure() {
        db.exec("UPDATE settings SET value = '80x' WHERE key = 'port'");
        Cli run = run("apply");
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of("001"), db.query("SELECT migration FROM mapper_history"));
        assertEquals(List.of("mapper_changes", "mapper_history", "migration_backup_001", "settings", "ui_config"), db.tables());
        assertTrue(run.err().startsWith(folder.resolve("002-port.yaml") + ":9:7: error: net_config.port: \"80x\" is not an integer (from s.port)\n"), run.err());
        assertTrue(run.err().contains("stopped at " + folder.resolve("002-port.yaml") + "; the migrations before it stay applied, the ones after it did not run"), run.err());
    }

    @Test
    @DisplayName("a duplicate version is an error naming both files; nothing is applied")
    void duplicateVersion() throws Exception {
        Files.writeString(folder.resolve("002-other.yaml"), mapping("002", "other", "other_config", "theme", "string"));
        String before = db.fingerprint();
        for (String command : new String[] {"apply", "status"}) {
            Cli run = run(command);
            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith("error: duplicate version 2: " + folder.resolve("002-other.yaml") + " and " + folder.resolve("002-port.yaml") + "\n"
                    + "  hint: each migration needs its own number"), run.err());
        }
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("a broken file stops apply before anything runs; a file named without a number, or whose number disagrees with migration:, is refused")
    void brokenFiles() throws Exception {
        Files.writeString(folder.resolve("003-bad.yaml"), mapping("003", "bad", "bad_config", "theme", "strin"));
        String before = db.fingerprint();
        Cli run = run("apply");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(folder.resolve("003-bad.yaml") + ":9:"), run.err());
        assertEquals(before, db.fingerprint());

        Files.writeString(folder.resolve("003-bad.yaml"), mapping("007", "bad", "bad_config", "theme", "string"));
        Cli disagree = run("apply");
        assertEquals(2, disagree.exitCode(), disagree::toString);
        assertTrue(disagree.err().startsWith("error: the file name 003-bad.yaml says version 3, but its migration: is \"007\"\n"), disagree.err());

        Files.delete(folder.resolve("003-bad.yaml"));
        Files.writeString(folder.resolve("later.yaml"), mapping("009", "later", "later_config", "theme", "string"));
        Cli unnumbered = run("apply");
        assertEquals(2, unnumbered.exitCode(), unnumbered::toString);
        assertTrue(unnumbered.err().startsWith("error: mapping file " + folder.resolve("later.yaml") + " has no version number at the start of its name\n"), unnumbered.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("status FOLDER: a table of version, name, state, applied at, checksum: pending, applied, changed (edited after applying), drifted, failed")
    void statusTable() throws Exception {
        Cli pending = run("status");
        assertEquals(0, pending.exitCode(), pending::toString);
        List<String> lines = pending.out().lines().toList();
        assertEquals(4, lines.size(), pending.out());
        assertTrue(lines.get(0).matches("VERSION  NAME   STATE    APPLIED AT  CHECKSUM      FILE"), lines.get(0));
        assertTrue(lines.get(1).matches("001      theme  pending  -           [0-9a-f]{12}  .*001-theme.yaml"), lines.get(1));
        assertTrue(lines.get(3).matches("004      lang   pending  -           [0-9a-f]{12}  .*004-lang.yaml"), lines.get(3));

        assertEquals(0, run("apply", "--quiet").exitCode());
        assertEquals(0, run("status").exitCode());
        db.exec("UPDATE lang_config SET value = 'fr' WHERE key = 'lang'");
        Cli drifted = run("status");
        assertEquals(1, drifted.exitCode(), "a drifted migration exits 1: " + drifted);
        Files.writeString(folder.resolve("002-port.yaml"), mapping("002", "port", "net_config", "port", "number"));
        Files.writeString(folder.resolve("005-broken.yaml"), "migration: \"005\"\nname: broken\n");

        Cli status = run("status");
        assertEquals(2, status.exitCode(), status::toString);
        lines = status.out().lines().toList();
        assertTrue(lines.get(1).matches("001      theme  applied  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  [0-9a-f]{12}  .*001-theme.yaml"), lines.get(1));
        assertTrue(lines.get(2).matches("002      port   changed  \\d{4}-.*002-port.yaml"), lines.get(2));
        assertTrue(lines.get(3).matches("004      lang   drifted  \\d{4}-.*004-lang.yaml"), lines.get(3));
        assertTrue(lines.get(4).matches("5        \\?      failed   -  +-  +.*005-broken.yaml"), lines.get(4));
        assertTrue(status.out().contains("\n004 drifted:\n  lang_config.lang is \"fr\", expected \"en\"\n"), status.out());
        assertTrue(status.err().startsWith(folder.resolve("005-broken.yaml") + ":1:1: error: "), status.err());

        JsonNode json = MachineOutputTest.json(run("status", "--json"));
        assertEquals(2, json.get("exitCode").asInt());
        assertEquals("[\"applied\",\"changed\",\"drifted\",\"failed\"]",
                MachineOutputTest.JSON.valueToTree(json.get("migrations").findValuesAsText("state")).toString());
        assertEquals(5, json.get("migrations").get(3).get("version").asInt());
    }

    @Test
    @DisplayName("apply FOLDER --json: one element per mapping run, the failing one last with its errors")
    void applyJson() throws Exception {
        db.exec("UPDATE settings SET value = '80x' WHERE key = 'port'");
        Cli failed = run("apply", "--json");
        assertEquals(1, failed.exitCode(), failed::toString);
        JsonNode doc = MachineOutputTest.json(failed);
        assertEquals("[\"applied\",\"failed\"]", MachineOutputTest.JSON.valueToTree(doc.get("migrations").findValuesAsText("outcome")).toString());
        assertEquals(9, doc.get("migrations").get(1).get("errors").get(0).get("line").asInt());

        db.exec("UPDATE settings SET value = '8080' WHERE key = 'port'");
        JsonNode ok = MachineOutputTest.json(run("apply", "--json"));
        assertEquals("[\"already_applied\",\"applied\",\"applied\"]", MachineOutputTest.JSON.valueToTree(ok.get("migrations").findValuesAsText("outcome")).toString());
    }
}
