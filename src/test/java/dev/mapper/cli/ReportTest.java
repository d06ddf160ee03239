package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mapper.Cli;
import dev.mapper.Db;
import dev.mapper.Engine;
import dev.mapper.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply --report FILE: Markdown for people, JSON for .json; written for failures too. On PostgreSQL: {@link PostgresReportIT}. */
class ReportTest {
    @TempDir
    Path dir;

    /** The engine these tests run on. */
    Engine engine() {
        return Engine.SQLITE;
    }

    @Test
    @DisplayName("Markdown report: every key with source, old value, new value, default and verification; backup file and duration")
    void markdown() throws Exception {
        Db db = engine().example(dir);
        Path report = dir.resolve("reports/004.md");
        Cli run = ApplyCommandTest.apply(db, "--report", report.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().endsWith("Report    " + report + "\n"), run.out());

        String md = Files.readString(report);
        assertTrue(md.startsWith("# Migration 004 (unify_router_config)\n\n| | |\n|---|---|\n| outcome | applied |\n"), md);
        assertTrue(md.contains("| backup file | `" + db.one("SELECT backup_file FROM mapper_history") + "` |\n"), md);
        assertTrue(md.contains("| duration | " + db.one("SELECT duration_ms FROM mapper_history") + " ms |\n"), md);
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
        Db db = engine().fromSql(dir, "db.db", ApplyCommandTest.legacy(ApplyCommandTest.SERVER_CONFIG.replace("\"llama_server_port\":8080", "\"llama_server_port\":\"8081\""),
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
        Db db = engine().example(dir);
        db.setJson("server_config", "config", "llama_server_port", "80x");
        String before = db.fingerprint();
        Path report = dir.resolve("failed.md");

        Cli run = ApplyCommandTest.apply(db, "--report", report.toString());

        assertEquals(1, run.exitCode(), run::toString);
        String md = Files.readString(report);
        assertTrue(md.contains("| outcome | failed |\n"), md);
        assertTrue(md.contains("| backup file | none (nothing was written) |\n"), md);
        assertTrue(md.contains("## Errors\n\n- mappings/004.yaml:23:7: error: router_config.port: \"80x\" is not an integer (from server.llama_server_port)"), md);
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("an edited mapping applied as a new revision: the report lists each key's change, action, applied, previous and new value")
    void revisionReport() throws Exception {
        Db db = engine().example(dir);
        assertEquals(0, ApplyCommandTest.apply(db).exitCode());
        Path edited = dir.resolve("004.yaml");
        Files.writeString(edited, Files.readString(TestDb.MAPPING_004).replace("default: \"./models\"", "default: \"./llm-models\""));
        Path report = dir.resolve("revision.md");

        Cli run = db.run(edited.toString(), "--report", report.toString());

        assertEquals(0, run.exitCode(), run::toString);
        String md = Files.readString(report);
        assertTrue(md.contains("| outcome | revised |\n"), md);
        assertTrue(md.contains("\n## Revision 2 (over revision 1)\n\n| key | change | action | applied value | value before | new value | verified | why |\n"), md);
        assertTrue(md.contains("| router_config.modelsPath | changed (default) | write | `\"./models\"` | `\"./models\"` | `\"./llm-models\"` | ok | "), md);
        assertEquals("\"./llm-models\"", db.json("router_config", "config", "modelsPath"));
    }

    @Test
    @DisplayName("a table target's report says how many rows were written and how; the JSON report lists it under tables")
    void tableTargetReport() throws Exception {
        Db db = engine().example(dir);
        db.exec(TableTargetTest.ROWS);
        Path md = dir.resolve("metrics.md");
        Path json = dir.resolve("metrics.json");
        assertEquals(0, db.run(TableTargetTest.METRICS.toString(), "--report", md.toString()).exitCode());
        String text = Files.readString(md);
        long rows = Long.parseLong(db.one("SELECT COUNT(*) FROM metrics_v2"));
        assertTrue(text.contains("\n## Table targets\n\n| table | rows written | how | duration |\n|---|---|---|---|\n| metrics_v2 | " + rows + " | "), text);

        assertEquals(0, db.run("rollback", TableTargetTest.METRICS.toString()).exitCode());
        assertEquals(0, db.run(TableTargetTest.METRICS.toString(), "--quiet", "--report", json.toString()).exitCode());
        JsonNode table = MachineOutputTest.JSON.readTree(json.toFile()).get("migrations").get(0).get("tables").get(0);
        assertEquals("metrics_v2", table.get("table").asText());
        assertEquals(rows, table.get("rows").asLong());
    }

    @Test
    @DisplayName("a baseline (targets migrated before mapper) reports every key as found and verified, and no backup")
    void baselineReport() throws Exception {
        Db db = engine().example(dir);
        assertEquals(0, ApplyCommandTest.apply(db).exitCode());
        db.exec("DROP TABLE mapper_history"); // as if an older script had migrated it
        Path report = dir.resolve("baseline.md");

        Cli run = ApplyCommandTest.apply(db, "--report", report.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("baseline", db.one("SELECT kind FROM mapper_history"));
        String md = Files.readString(report);
        assertTrue(md.contains("| outcome | baseline |\n"), md);
        assertTrue(md.contains("| backup file | none (nothing was written) |\n"), md);
        assertTrue(md.contains("| verification | ok: the existing targets hold exactly the 20 values this mapping computes |\n"), md);
        assertTrue(md.contains("| port | server.llama_server_port | `8080` | `8080` | no | ok |\n"), md);
    }
}
