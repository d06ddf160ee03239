package dev.mapper.cli;

import static dev.mapper.TestDb.MAPPING_004;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mapper.Cli;
import dev.mapper.Db;
import dev.mapper.Engine;
import dev.mapper.TestDb;
import dev.mapper.model.MappingReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --json, --quiet and --verbose: the shapes docs/json-output.md promises. On PostgreSQL: {@link PostgresMachineOutputIT}. */
class MachineOutputTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The engine these tests run on. */
    Engine engine() {
        return Engine.SQLITE;
    }

    static JsonNode json(Cli run) throws Exception {
        assertEquals(1, run.out().lines().count(), "one JSON document on one line: " + run.out());
        return JSON.readTree(run.out());
    }

    static JsonNode key(JsonNode target, String name) {
        for (JsonNode key : target.get("keys")) {
            if (key.get("key").asText().equals(name)) {
                return key;
            }
        }
        throw new AssertionError("no key " + name + " in " + target);
    }

    @Test
    @DisplayName("apply --json: every key with value, source, old value, default and verification; a re-run says already_applied")
    void applyJson() throws Exception {
        Db db = engine().example(dir);
        Cli run = ApplyCommandTest.apply(db, "--json");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());

        JsonNode doc = json(run);
        assertEquals(1, doc.get("format").asInt());
        assertEquals("apply", doc.get("command").asText());
        assertTrue(doc.get("ok").asBoolean());
        JsonNode m = doc.get("migrations").get(0);
        assertEquals("004", m.get("migration").asText());
        assertEquals(MappingReader.read(MAPPING_004).checksum(), m.get("checksum").asText());
        assertEquals("applied", m.get("outcome").asText());
        assertEquals(db.one("SELECT backup_file FROM mapper_history"), m.get("backupFile").asText());
        assertTrue(m.get("verification").asText().startsWith("ok: 20 keys in 2 target(s)"), m.toString());
        JsonNode router = m.get("targets").get(0);
        assertEquals("router_config", router.get("table").asText());
        assertEquals("{\"key\":\"port\",\"type\":\"integer\",\"value\":8080,\"source\":\"server.llama_server_port\",\"sourceValue\":8080,"
                + "\"defaulted\":false,\"verified\":true}", key(router, "port").toString());
        assertEquals("{\"key\":\"modelsPath\",\"type\":\"path\",\"value\":\"./models\",\"source\":\"default: server.baseModelsPath is blank\","
                + "\"sourceValue\":\"\",\"defaulted\":true,\"verified\":true}", key(router, "modelsPath").toString());
        assertEquals(10, m.get("steps").size());
        assertEquals("DELETE FROM \"server_config\" WHERE \"key\" = ?", m.get("steps").get(9).get("sql").asText());
        assertEquals("[\"config\"]", m.get("steps").get(9).get("params").toString());

        JsonNode again = json(ApplyCommandTest.apply(db, "--json")).get("migrations").get(0);
        assertEquals("already_applied", again.get("outcome").asText());
        assertTrue(again.get("backupFile").isNull());
    }

    @Test
    @DisplayName("apply --json on a value that does not convert: exit 1, errors with positions on stdout, the diagnostic on stderr, database unchanged")
    void applyJsonFailure() throws Exception {
        Db db = engine().example(dir);
        db.setJson("server_config", "config", "llama_server_port", "80x");
        String before = db.fingerprint();

        Cli run = ApplyCommandTest.apply(db, "--json");

        assertEquals(1, run.exitCode(), run::toString);
        JsonNode doc = json(run);
        assertEquals(false, doc.get("ok").asBoolean());
        assertEquals(1, doc.get("exitCode").asInt());
        JsonNode m = doc.get("migrations").get(0);
        assertEquals("failed", m.get("outcome").asText());
        JsonNode error = m.get("errors").get(0);
        assertEquals("mappings/004.yaml", error.get("file").asText());
        assertEquals(23, error.get("line").asInt());
        assertEquals(7, error.get("column").asInt());
        assertEquals("router_config.port: \"80x\" is not an integer (from server.llama_server_port)", error.get("message").asText());
        assertTrue(run.err().startsWith("mappings/004.yaml:23:7: error: router_config.port"), run.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("--quiet prints nothing on success; --verbose prints each SQL statement as it runs; --json with --quiet is a usage error")
    void quietAndVerbose() {
        Db db = engine().example(dir);
        Cli quiet = ApplyCommandTest.apply(db, "--quiet");
        assertEquals(0, quiet.exitCode(), quiet::toString);
        assertEquals("", quiet.out());
        assertEquals("", quiet.err());
        assertEquals(1, db.query("SELECT * FROM mapper_history").size());

        Db fresh = engine().fromSql(dir, "fresh.db", ApplyCommandTest.legacy(ApplyCommandTest.SERVER_CONFIG, null));
        Cli verbose = ApplyCommandTest.apply(fresh, "--verbose");
        assertEquals(0, verbose.exitCode(), verbose::toString);
        assertTrue(verbose.out().contains("\nRun       1/9: " + fresh.pick("CREATE TABLE IF NOT EXISTS \"migration_backup_004\"",
                "DO $mapper$ BEGIN IF to_regclass('\"migration_backup_004\"') IS NULL THEN\n")), verbose.out());
        assertTrue(verbose.out().contains("\nRun       9/9: DELETE FROM \"server_config\" WHERE \"key\" = 'config';\n"), verbose.out());
        assertTrue(verbose.out().indexOf("Run       9/9") < verbose.out().indexOf("Verify    ok"), verbose.out());

        Cli both = ApplyCommandTest.apply(db, "--json", "--quiet");
        assertEquals(2, both.exitCode(), both::toString);
        assertTrue(both.err().contains("mutually exclusive"), both.err());
    }

    @Test
    @DisplayName("plan, status, verify and validate --json")
    void readOnlyCommandsJson() throws Exception {
        Db db = engine().example(dir);
        JsonNode plan = json(db.run("plan", MAPPING_004.toString(), "--json"));
        assertEquals("plan", plan.get("command").asText());
        assertEquals("pending", plan.get("state").asText());
        assertEquals("[{\"name\":\"server\",\"table\":\"server_config\",\"describe\":\"server_config row 'config'\",\"state\":\"found\",\"rows\":1},"
                + "{\"name\":\"settings\",\"table\":\"metadata\",\"describe\":\"metadata row 'user_settings'\",\"state\":\"found\",\"rows\":1}]",
                plan.get("sources").toString());
        assertTrue(key(plan.get("targets").get(1), "level").get("verified").isNull());
        assertEquals(10, plan.get("steps").size());

        JsonNode pending = json(db.run("status", MAPPING_004.toString(), "--json"));
        assertEquals("pending", pending.get("migrations").get(0).get("state").asText());

        assertEquals(0, ApplyCommandTest.apply(db).exitCode());
        JsonNode applied = json(db.run("status", MAPPING_004.toString(), "--json")).get("migrations").get(0);
        assertEquals("applied", applied.get("state").asText());
        assertEquals(Long.parseLong(db.one("SELECT applied_at FROM mapper_history")),
                java.time.Instant.parse(applied.get("appliedAt").asText()).getEpochSecond());

        JsonNode verified = json(db.run("verify", MAPPING_004.toString(), "--json"));
        assertEquals("applied", verified.get("state").asText());
        db.setJson("router_config", "config", "port", 9090);
        Cli drift = db.run("verify", MAPPING_004.toString(), "--json");
        assertEquals(1, drift.exitCode());
        JsonNode drifted = json(drift);
        assertEquals("drifted", drifted.get("state").asText());
        assertEquals("[\"router_config.port is 9090, expected 8080\"]", drifted.get("differences").toString());
        assertTrue(drift.err().startsWith("error: drifted: router_config.port is 9090, expected 8080\n"), drift.err());

        JsonNode valid = json(Cli.run("validate", MAPPING_004.toString(), "--json"));
        assertEquals(20, valid.get("keys").asInt());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "migration: \"9\"\nname: x\nsources: {}\ntargets: {}\n");
        Cli invalid = Cli.run("validate", bad.toString(), "--json");
        assertEquals(2, invalid.exitCode());
        JsonNode errors = json(invalid).get("errors");
        assertEquals(2, errors.size());
        assertEquals("{\"file\":\"" + bad + "\",\"line\":3,\"column\":10,\"message\":\"'sources' is empty\"", errors.get(0).toString().substring(0, errors.get(0).toString().indexOf(",\"hint\"")));
    }
}
