package dev.mapper.cli;

import static dev.mapper.TestDb.MAPPING_004;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.Db;
import dev.mapper.Engine;
import dev.mapper.model.MappingReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan, verify, status, validate and inspect: the commands that never write. On PostgreSQL: {@link PostgresInspectCommandsIT}. */
class InspectCommandsTest {
    @TempDir
    Path dir;

    /** The engine these tests run on. */
    Engine engine() {
        return Engine.SQLITE;
    }

    @Test
    @DisplayName("inspect --db shows tables, row counts and the config documents, as text and --json; changes nothing")
    void inspect() throws Exception {
        Db db = engine().example(dir);
        String before = db.fingerprint();

        Cli run = Cli.run("inspect", "--db", db.address());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("Database  " + db.display() + "\n\nTABLE "), run.out());
        assertTrue(run.out().contains("\nserver_config       1  key, value\n"), run.out());
        assertTrue(run.out().contains("\nmetadata            2  key, value, updated_at\n"), run.out());
        assertTrue(run.out().contains("\nserver_config row 'config':\n  {\n    \"serverPath\" : \"\",\n    \"host\" : \"localhost\",\n"), run.out());
        assertTrue(run.out().contains("\nmetadata rows (not JSON documents):\n  schema_version = 3\n"), run.out());
        com.fasterxml.jackson.databind.JsonNode json = MachineOutputTest.json(Cli.run("inspect", "--db", db.address(), "--json"));
        assertEquals(db.display(), json.get("database").asText());
        assertEquals(db.tables(), java.util.stream.StreamSupport.stream(json.get("tables").spliterator(), false).map(t -> t.get("name").asText()).sorted().toList());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("plan prints values and SQL and changes nothing")
    void planChangesNothing() {
        Db db = engine().example(dir);
        String before = db.fingerprint();

        Cli run = db.run("plan", MAPPING_004.toString(), "--sql");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Plan: 10 SQL steps in one transaction"), run.out());
        assertTrue(run.out().contains("   6. INSERT INTO \"router_config\" (key, value) VALUES ('config', '" + ApplyCommandTest.ROUTER_CONFIG + "');\n"), run.out());
        assertTrue(run.out().endsWith("Not applied yet. Apply with: mapper apply mappings/004.yaml " + String.join(" ", db.options()) + "\n"), run.out());
        assertTrue(!db.run("plan", MAPPING_004.toString()).out().contains("INSERT INTO"), "without --sql no SQL is listed");
        assertEquals(before, db.fingerprint());
        assertEquals(1, db.query("SELECT * FROM server_config").size());
    }

    @Test
    @DisplayName("plan after apply reads the retired source from the backup table and says apply would do nothing")
    void planAfterApply() {
        Db db = engine().example(dir);
        assertEquals(0, ApplyCommandTest.apply(db).exitCode());

        Cli run = db.run("plan", MAPPING_004.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("server_config row 'config': gone from the table; read from backup table migration_backup_004"), run.out());
        assertTrue(run.out().endsWith("Already applied with this exact mapping: apply would do nothing.\n"), run.out());
    }

    @Test
    @DisplayName("verify: ok after apply; after the app changes a value it reports the drift and exits 1")
    void verifyDetectsDrift() {
        Db db = engine().example(dir);
        assertEquals(0, ApplyCommandTest.apply(db).exitCode());

        Cli ok = db.run("verify", MAPPING_004.toString());
        assertEquals(0, ok.exitCode(), ok::toString);
        assertTrue(ok.out().startsWith("Verify    ok: migration 004 (unify_router_config)"), ok.out());

        db.setJson("router_config", "config", "port", 9090);
        db.exec("UPDATE router_config SET updated_at = 1");
        String before = db.fingerprint();
        Cli drift = db.run("verify", MAPPING_004.toString());
        assertEquals(1, drift.exitCode(), drift::toString);
        assertTrue(drift.err().startsWith("error: drifted: router_config.port is 9090, expected 8080\n"), drift.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("verify before apply exits 1 and says so")
    void verifyPending() {
        Db db = engine().example(dir);
        Cli run = db.run("verify", MAPPING_004.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: migration 004 is not applied to " + db.shown() + "; there is nothing to verify\n"), run.err());
    }

    @Test
    @DisplayName("status: pending, applied at revision 1 with the file unchanged (a comment is no change), file changed (+/~/-), drifted")
    void statusStates() throws Exception {
        Db db = engine().example(dir);
        assertEquals("004 (unify_router_config): pending\n", db.run("status", MAPPING_004.toString()).out());

        assertEquals(0, ApplyCommandTest.apply(db).exitCode());
        String checksum = MappingReader.read(MAPPING_004).checksum();
        Cli applied = db.run("status", MAPPING_004.toString());
        assertEquals(0, applied.exitCode(), applied::toString);
        assertTrue(applied.out().startsWith("004 (unify_router_config): applied at revision 1 ("), applied.out());
        assertTrue(applied.out().endsWith("), sha256 " + checksum.substring(0, 12) + "; file unchanged\n"), applied.out());

        Path commented = dir.resolve("commented.yaml");
        Files.writeString(commented, Files.readString(MAPPING_004) + "\n# a comment\n");
        assertEquals(applied.out(), db.run("status", commented.toString()).out());

        Path edited = dir.resolve("004.yaml");
        String editedText = Files.readString(MAPPING_004).replace("default: \"./models\"", "default: \"./llm-models\"");
        Files.writeString(edited, editedText);
        Cli changed = db.run("status", edited.toString());
        assertTrue(changed.out().startsWith("004 (unify_router_config): applied at revision 1 ("), changed.out());
        assertTrue(changed.out().endsWith("; file changed (+0 keys, ~1 rule, -0 keys): mapper apply " + edited + " " + String.join(" ", db.options()) + " writes revision 2\n"), changed.out());
        Cli verifyChanged = db.run("verify", edited.toString());
        assertEquals(2, verifyChanged.exitCode(), verifyChanged::toString);
        assertTrue(verifyChanged.err().startsWith("error: " + edited + " differs from revision 1 of migration 004, which is applied: +0 keys, ~1 rule, -0 keys "
                + "(applied sha256 " + checksum + ", file sha256 " + MappingReader.parse("x", editedText).checksum() + ")\n"), verifyChanged.err());

        db.setJson("logging_config", "config", "level", "debug");
        Cli drifted = db.run("status", MAPPING_004.toString());
        assertEquals(1, drifted.exitCode(), "drift exits 1, as the README's exit codes say: " + drifted);
        assertEquals(1, MachineOutputTest.json(db.run("status", MAPPING_004.toString(), "--json")).get("exitCode").asInt());
        assertTrue(drifted.out().startsWith("004 (unify_router_config): drifted, applied at revision 1 ("), drifted.out());
        assertTrue(drifted.out().contains("; file unchanged; drifted: 1 value(s) differ:\n"), drifted.out());
        assertTrue(drifted.out().endsWith("1 value(s) differ:\n  logging_config.level is \"debug\", expected \"info\"\n"), drifted.out());
    }

    @Test
    @DisplayName("validate: ok line for 004; a broken mapping gets file:line:col, the line, a caret and a hint, exit 2")
    void validate() throws Exception {
        Cli ok = Cli.run("validate", MAPPING_004.toString());
        assertEquals(0, ok.exitCode(), ok::toString);
        assertEquals("ok: mappings/004.yaml: migration 004 (unify_router_config), 2 source(s), 2 target(s), 20 keys\n"
                + "ok: mappings/004.test.yaml: " + TestCommandTest.cases(Path.of("mappings/004.test.yaml")) + " test case(s)\n", ok.out());

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(MAPPING_004).replace("type: integer, min: 1, max: 65535, default: 8080", "type: integer, min: 1, max: 65535, defualt: 8080"));
        Cli run = Cli.run("validate", bad.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(bad + ":23:110: error: unknown field 'defualt' in key 'router_config.port'; did you mean 'default'?\n"
                + "          port:              { from: [server.llama_server_port, server.port], type: integer, min: 1, max: 65535, defualt: 8080 }\n"
                + "    " + " ".repeat(109) + "^\n"
                + "  hint: the fields here are: from, type, default, min, max, transform, check, blank\n", run.err());
    }

    @Test
    @DisplayName("validate compiles expressions: a sandbox escape in a transform is refused with its position")
    void validateRefusesHostileTransform() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(MAPPING_004).replace("{ from: server.threads, type: integer, min: 1, default: 4 }",
                "{ from: server.threads, type: integer, min: 1, default: 4, transform: \"new('java.io.File', '/tmp/x')\" }"));
        Cli run = Cli.run("validate", bad.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(bad + ":28:"), run.err());
        assertTrue(run.err().contains("error: expression 'new('java.io.File', '/tmp/x')' is refused"), run.err());
    }

    @Test
    @DisplayName("usage errors: no mapping, unknown option, no database anywhere")
    void usageErrors() throws Exception {
        Cli none = Cli.run();
        assertEquals(2, none.exitCode(), none::toString);
        assertTrue(none.err().contains("name a mapping file, e.g. mapper mappings/004.yaml"), none.err());

        Cli unknown = Cli.run("apply", MAPPING_004.toString(), "--dbb", "x");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertEquals("error: unknown option '--dbb'; did you mean '--db'?\n  hint: mapper apply --help lists its options\n", unknown.err());

        Path noDb = dir.resolve("m.yaml");
        Files.writeString(noDb, Files.readString(MAPPING_004).replace("database: data/llama-dashboard.db", ""));
        Cli run = Cli.run(noDb.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: no database to migrate: " + noDb + " has no 'database:' and no --db was given\n"), run.err());

        Cli missing = Cli.run("validate", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().startsWith("error: mapping file " + dir.resolve("nope.yaml") + " does not exist\n"), missing.err());
    }

    @Test
    @DisplayName("--help on every command explains it with an example")
    void help() {
        for (String command : new String[] {"apply", "plan", "verify", "rollback", "status", "validate"}) {
            Cli run = Cli.run(command, "--help");
            assertEquals(0, run.exitCode(), command);
            assertTrue(run.out().contains("Usage: mapper " + command), run.out());
            assertTrue(run.out().contains("Example:"), run.out());
        }
        Cli top = Cli.run("--help");
        assertTrue(top.out().contains("Exit codes: 0 success or nothing to do, 1 data or verification failure, 2 usage or mapping error.\n"), top.out());
        Cli apply = Cli.run("apply", "--help");
        assertTrue(apply.out().contains("\n  mapper apply mappings/004.yaml --db data/llama-dashboard.db --report migration-004.md\n"), apply.out());
        assertTrue(apply.out().lines().allMatch(line -> line.length() <= 100), "wrapped at 100 columns when not a terminal: " + apply.out());
        assertTrue(apply.out().contains("the pending ones are\napplied in version order, each in its own transaction,"), "a paragraph is wrapped as one: " + apply.out());
    }
}
