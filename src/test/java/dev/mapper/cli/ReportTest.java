package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply --report FILE: Markdown for people, JSON for .json; written for failures too. */
class ReportTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("Markdown report: every key with source, old value, new value, default and verification; backup file and duration")
    void markdown() throws Exception {
        Path db = TestDb.example(dir);
        Path report = dir.resolve("reports/004.md");
        Cli run = ApplyCommandTest.apply(db, "--report", report.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().endsWith("Report    " + report + "\n"), run.out());

        String md = Files.readString(report);
        assertTrue(md.startsWith("# Migration 004 (unify_router_config)\n\n| | |\n|---|---|\n| outcome | applied |\n"), md);
        assertTrue(md.contains("| backup file | `" + TestDb.one(db, "SELECT backup_file FROM mapper_history") + "` |\n"), md);
        assertTrue(md.contains("| duration | " + TestDb.one(db, "SELECT duration_ms FROM mapper_history") + " ms |\n"), md);
        assertTrue(md.contains("| verification | ok: 20 keys in 2 target(s) have their declared JSON types"), md);
        assertTrue(md.contains("## router_config\n\n| key | source | old value | new value | default applied | verified |\n"), md);
        assertTrue(md.contains("| modelsPath | default: server.baseModelsPath is blank | `\"\"` | `\"./models\"` | yes | ok |\n"), md);
        assertTrue(md.contains("| port | server.llama_server_port | `8080` | `8080` | no | ok |\n"), md);
        assertTrue(md.contains("| level | settings.logLevel | `\"info\"` | `\"info\"` | no | ok |\n"), md);
        assertEquals(20, md.lines().filter(l -> l.endsWith(" | ok |")).count(), md);
    }

    @Test
    @DisplayName("a legacy value shows its old form: \"INFO\" becomes \"info\", \"8081\" becomes 8081 (JSON report)")
    void jsonReportShowsConversions() throws Exception {
        Path db = TestDb.fromSql(dir, "db.db", ApplyCommandTest.legacy(ApplyCommandTest.SERVER_CONFIG.replace("\"llama_server_port\":8080", "\"llama_server_port\":\"8081\""),
                "{\"logLevel\":\"INFO\"}"));
        Path report = dir.resolve("004.json");
        assertEquals(0, ApplyCommandTest.apply(db, "--quiet", "--report", report.toString()).exitCode());

        JsonNode m = MachineOutputTest.JSON.readTree(report.toFile()).get("migrations").get(0);
        assertEquals("applied", m.get("outcome").asText());
        JsonNode port = MachineOutputTest.key(m.get("targets").get(0), "port");
        assertEquals("\"8081\"", port.get("sourceValue").toString());
        assertEquals("8081", port.get("value").toString());
        JsonNode level = MachineOutputTest.key(m.get("targets").get(1), "level");
        assertEquals("\"INFO\"", level.get("sourceValue").toString());
        assertEquals("\"info\"", level.get("value").toString());
        JsonNode maxFiles = MachineOutputTest.key(m.get("targets").get(1), "maxFiles");
        assertTrue(maxFiles.get("sourceValue").isNull());
        assertEquals("default: settings.maxFiles is missing", maxFiles.get("source").asText());
        assertTrue(maxFiles.get("defaulted").asBoolean());
    }

    @Test
    @DisplayName("a failed apply still writes its report: outcome failed and the error; the database is unchanged")
    void failureReport() throws Exception {
        Path db = TestDb.example(dir);
        TestDb.exec(db, "UPDATE server_config SET value = json_set(value, '$.llama_server_port', '80x')");
        String before = TestDb.sha256(db);
        Path report = dir.resolve("failed.md");

        Cli run = ApplyCommandTest.apply(db, "--report", report.toString());

        assertEquals(1, run.exitCode(), run::toString);
        String md = Files.readString(report);
        assertTrue(md.contains("| outcome | failed |\n"), md);
        assertTrue(md.contains("| backup file | none (nothing was written) |\n"), md);
        assertTrue(md.contains("## Errors\n\n- mappings/004.yaml:23:7: error: router_config.port: \"80x\" is not an integer (from server.llama_server_port)"), md);
        assertEquals(before, TestDb.sha256(db));
    }
}
