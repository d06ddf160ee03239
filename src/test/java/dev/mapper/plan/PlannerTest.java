package dev.mapper.plan;

import static dev.mapper.plan.EvaluatorTest.LOGGING_JSON;
import static dev.mapper.plan.EvaluatorTest.M004;
import static dev.mapper.plan.EvaluatorTest.ROUTER_JSON;
import static dev.mapper.plan.EvaluatorTest.SERVER_JSON;
import static dev.mapper.plan.EvaluatorTest.SETTINGS_JSON;
import static dev.mapper.plan.EvaluatorTest.sources004;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.db.SqliteDialect;
import dev.mapper.diag.MapperException;
import dev.mapper.model.Mapping;
import dev.mapper.model.MappingReader;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final String CREATE_BACKUP = "CREATE TABLE IF NOT EXISTS \"migration_backup_004\" (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            + "source_table TEXT NOT NULL, source_key TEXT, original_value TEXT, migrated_at INTEGER DEFAULT (strftime('%s','now')))";
    private static final String BACKUP_ROW = "INSERT INTO \"migration_backup_004\" (source_table, source_key, original_value) SELECT ?, ?, ?"
            + " WHERE NOT EXISTS (SELECT 1 FROM \"migration_backup_004\" WHERE source_table = ? AND source_key IS ? AND original_value IS ?)";
    private static final String CREATE_ROUTER = "CREATE TABLE IF NOT EXISTS \"router_config\" (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
            + "updated_at INTEGER DEFAULT (strftime('%s','now')))";
    private static final String INDEX_ROUTER = "CREATE INDEX IF NOT EXISTS \"idx_router_config_key\" ON \"router_config\"(\"key\")";
    private static final String INSERT_ROUTER = "INSERT INTO \"router_config\" (key, value) VALUES (?, ?)";
    private static final String CREATE_LOGGING = "CREATE TABLE IF NOT EXISTS \"logging_config\" (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
            + "updated_at INTEGER DEFAULT (strftime('%s','now')))";
    private static final String INDEX_LOGGING = "CREATE INDEX IF NOT EXISTS \"idx_logging_config_key\" ON \"logging_config\"(\"key\")";
    private static final String INSERT_LOGGING = "INSERT INTO \"logging_config\" (key, value) VALUES (?, ?)";
    private static final String RETIRE_SERVER = "DELETE FROM \"server_config\" WHERE \"key\" = ?";

    private final Planner planner = new Planner(new SqliteDialect());

    private Plan plan004(String serverJson, String settingsJson) {
        return planner.plan(CompiledMapping.compile(M004), sources004(serverJson, settingsJson));
    }

    private static List<String> sql(Plan plan) {
        return plan.steps().stream().map(Step::sql).toList();
    }

    private static List<List<Object>> params(Plan plan) {
        return plan.steps().stream().map(Step::params).toList();
    }

    @Test
    @DisplayName("004 on the example data: the golden SQL steps and their parameters")
    void golden004() {
        Plan plan = plan004(SERVER_JSON, SETTINGS_JSON);

        assertEquals(List.of(CREATE_BACKUP, BACKUP_ROW, BACKUP_ROW, CREATE_ROUTER, INDEX_ROUTER, INSERT_ROUTER,
                CREATE_LOGGING, INDEX_LOGGING, INSERT_LOGGING, RETIRE_SERVER), sql(plan));
        assertEquals(List.of(
                List.of(),
                List.of("server_config", "config", SERVER_JSON, "server_config", "config", SERVER_JSON),
                List.of("metadata", "user_settings", SETTINGS_JSON, "metadata", "user_settings", SETTINGS_JSON),
                List.of(),
                List.of(),
                List.of("config", ROUTER_JSON),
                List.of(),
                List.of(),
                List.of("config", LOGGING_JSON),
                List.of("config")), params(plan));
        assertEquals(List.of(new SourceRow("server_config", "config", SERVER_JSON), new SourceRow("metadata", "user_settings", SETTINGS_JSON)),
                plan.backupRows());
        assertEquals(List.of("router_config", "logging_config"), plan.targets().stream().map(t -> t.target().table()).toList());
    }

    @Test
    @DisplayName("004 with both rows missing: no backup rows, every default written, nothing to retire")
    void golden004NoRows() {
        Plan plan = plan004(null, null);

        assertEquals(List.of(CREATE_BACKUP, CREATE_ROUTER, INDEX_ROUTER, INSERT_ROUTER, CREATE_LOGGING, INDEX_LOGGING, INSERT_LOGGING), sql(plan));
        assertEquals(List.of("config", "{\"modelsPath\":\"./models\",\"serverPath\":\"/home/bamer/llama.cpp/build/bin/llama-server\","
                + "\"host\":\"0.0.0.0\",\"port\":8080,\"maxModelsLoaded\":4,\"parallelSlots\":1,\"ctxSize\":4096,\"gpuLayers\":0,"
                + "\"threads\":4,\"batchSize\":512,\"temperature\":0.7,\"repeatPenalty\":1.1,\"metricsEnabled\":true,"
                + "\"autoStartOnLaunch\":false}"), plan.steps().get(3).params());
        assertEquals(List.of(), plan.backupRows());
    }

    @Test
    @DisplayName("display() inlines the parameters as SQL literals")
    void display004() {
        Plan plan = plan004(SERVER_JSON, SETTINGS_JSON);

        assertEquals("INSERT INTO \"router_config\" (key, value) VALUES ('config', '" + ROUTER_JSON + "')", plan.steps().get(5).display());
        assertEquals("DELETE FROM \"server_config\" WHERE \"key\" = 'config'", plan.steps().get(9).display());
        assertEquals(CREATE_BACKUP, plan.steps().get(0).display());
    }

    @Test
    @DisplayName("every parameter marker has a value, and data never appears in the SQL text")
    void valuesOnlyAsParameters() {
        String hostile = "x'); DROP TABLE models; --";
        String server = SERVER_JSON.replace("\"llama_server_host\":\"0.0.0.0\"", "\"llama_server_host\":\"" + hostile + "\"")
                .replace("\"baseModelsPath\":\"\"", "\"baseModelsPath\":\"/srv/it's \\\"models\\\"\"");
        Plan plan = plan004(server, SETTINGS_JSON);

        for (Step step : plan.steps()) {
            assertEquals(step.sql().chars().filter(c -> c == '?').count(), step.params().size(), step.sql());
            for (String text : List.of(hostile, "DROP", "models", "it's", "0.0.0.0", "8080", "4096", "0.7", "bamer", "user_settings", "{")) {
                assertFalse(step.sql().contains(text), () -> "'" + text + "' in " + step.sql());
            }
        }
        String routerJson = (String) plan.steps().get(5).params().get(1);
        assertTrue(routerJson.contains("\"host\":\"x'); DROP TABLE models; --\""), routerJson);
        assertTrue(routerJson.contains("\"modelsPath\":\"/srv/it's \\\"models\\\"\""), routerJson);
    }

    @Test
    @DisplayName("identifiers are quoted, even when they are SQL keywords")
    void identifiersQuoted() {
        Mapping m = MappingReader.parse("m.yaml", """
                migration: "7"
                name: keywords
                backup: "table"
                sources:
                  s: { table: "select", key: config, key_column: "from" }
                targets:
                  "order":
                    index: "where"
                    keys:
                      a: { from: s.a, type: integer }
                retire: [s]
                """);
        SourceData data = SourceData.of(m.source("s").orElseThrow(), List.of(new SourceRow("select", "config", "{\"a\":1}")));

        Plan plan = planner.plan(CompiledMapping.compile(m), Map.of("s", data));

        assertEquals(List.of(
                "CREATE TABLE IF NOT EXISTS \"table\" (id INTEGER PRIMARY KEY AUTOINCREMENT, source_table TEXT NOT NULL, source_key TEXT, "
                        + "original_value TEXT, migrated_at INTEGER DEFAULT (strftime('%s','now')))",
                "INSERT INTO \"table\" (source_table, source_key, original_value) SELECT ?, ?, ? WHERE NOT EXISTS "
                        + "(SELECT 1 FROM \"table\" WHERE source_table = ? AND source_key IS ? AND original_value IS ?)",
                "CREATE TABLE IF NOT EXISTS \"order\" (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER DEFAULT (strftime('%s','now')))",
                "CREATE INDEX IF NOT EXISTS \"where\" ON \"order\"(\"key\")",
                "INSERT INTO \"order\" (key, value) VALUES (?, ?)",
                "DELETE FROM \"select\" WHERE \"from\" = ?"), sql(plan));
        assertEquals(List.of("select", "config", "{\"a\":1}", "select", "config", "{\"a\":1}"), plan.steps().get(1).params());
        assertEquals(List.of("config", "{\"a\":1}"), plan.steps().get(4).params());
    }

    @Test
    @DisplayName("the dialect doubles a double quote inside an identifier")
    void quoteEscapesDoubleQuote() {
        assertEquals("\"a\"\"b\"", new SqliteDialect().quote("a\"b"));
    }

    @Test
    @DisplayName("a rows target writes one row per key: name, value as text, type name")
    void rowsTarget() {
        Mapping m = MappingReader.parse("m.yaml", """
                migration: "8"
                name: rows
                sources:
                  s: { table: src, key: config }
                targets:
                  settings:
                    shape: rows
                    keys:
                      port: { from: s.port, type: integer }
                      ratio: { from: s.ratio, type: number }
                      on: { from: s.on, type: boolean }
                      name: { from: s.name, type: string }
                      level: { from: s.level, type: { enum: [debug, info] } }
                      extra: { from: s.extra, type: json }
                """);
        SourceData data = SourceData.of(m.source("s").orElseThrow(), List.of(new SourceRow("src", "config",
                "{\"port\":\"8080\",\"ratio\":0.50,\"on\":\"yes\",\"name\":\"O'Brien\",\"level\":\"INFO\",\"extra\":{\"a\":[1,2]}}")));

        Plan plan = planner.plan(CompiledMapping.compile(m), Map.of("s", data));

        String insert = "INSERT INTO \"settings\" (key, value, type) VALUES (?, ?, ?)";
        assertEquals(List.of(
                "CREATE TABLE IF NOT EXISTS \"migration_backup_8\" (id INTEGER PRIMARY KEY AUTOINCREMENT, source_table TEXT NOT NULL, "
                        + "source_key TEXT, original_value TEXT, migrated_at INTEGER DEFAULT (strftime('%s','now')))",
                "INSERT INTO \"migration_backup_8\" (source_table, source_key, original_value) SELECT ?, ?, ? WHERE NOT EXISTS "
                        + "(SELECT 1 FROM \"migration_backup_8\" WHERE source_table = ? AND source_key IS ? AND original_value IS ?)",
                "CREATE TABLE IF NOT EXISTS \"settings\" (key TEXT PRIMARY KEY, value TEXT NOT NULL, type TEXT, "
                        + "updated_at INTEGER DEFAULT (strftime('%s','now')))",
                insert, insert, insert, insert, insert, insert), sql(plan));
        assertEquals(List.of(
                List.of("port", "8080", "integer"),
                List.of("ratio", "0.50", "number"),
                List.of("on", "true", "boolean"),
                List.of("name", "O'Brien", "string"),
                List.of("level", "info", "enum"),
                List.of("extra", "{\"a\":[1,2]}", "json")), params(plan).subList(3, 9));
        assertEquals("INSERT INTO \"settings\" (key, value, type) VALUES ('name', 'O''Brien', 'string')", plan.steps().get(6).display());
    }

    @Test
    @DisplayName("display() escapes a single quote as ''")
    void displayEscapesSingleQuote() {
        Plan plan = plan004(SERVER_JSON.replace("\"llama_server_host\":\"0.0.0.0\"", "\"llama_server_host\":\"it's\""), SETTINGS_JSON);

        assertEquals("INSERT INTO \"router_config\" (key, value) VALUES ('config', '" + ROUTER_JSON.replace("0.0.0.0", "it''s") + "')",
                plan.steps().get(5).display());
        assertEquals(List.of("config", ROUTER_JSON.replace("0.0.0.0", "it's")), plan.steps().get(5).params());
    }

    @Test
    @DisplayName("display() renders each kind of literal, and a ? inside a value is not a marker")
    void displayLiterals() {
        Step step = new Step("SELECT ?, ?, ?, ?, ?, ?", Arrays.asList("it's a '?'", 8080L, null, new BigDecimal("0.70"), true, "''"));

        assertEquals("SELECT 'it''s a ''?''', 8080, NULL, 0.70, true, ''''''", step.display());
        assertEquals("SELECT 1", new Step("SELECT 1").display());
    }

    @Test
    @DisplayName("a plan on bad data fails with the evaluator's diagnostics and exit 1")
    void badDataFails() {
        MapperException e = assertThrows(MapperException.class,
                () -> plan004(SERVER_JSON.replace("\"llama_server_port\":8080", "\"llama_server_port\":\"80x\""), SETTINGS_JSON));

        assertEquals(1, e.exitCode());
        assertEquals("mappings/004.yaml:23:7: error: router_config.port: \"80x\" is not an integer (from server.llama_server_port)",
                e.diagnostics().get(0).headline());
    }

    @Test
    @DisplayName("asText writes typed values as the app reads them")
    void asText() {
        assertEquals("8080", Planner.asText(8080L));
        assertEquals("0.00000001", Planner.asText(new BigDecimal("1E-8")));
        assertEquals("false", Planner.asText(false));
        assertEquals("it's", Planner.asText("it's"));
        assertEquals("[1,\"a\"]", Planner.asText(List.of(1, "a")));
    }
}
