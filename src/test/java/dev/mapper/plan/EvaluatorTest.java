package dev.mapper.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Example004;
import dev.mapper.convert.Json;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.diag.Pos;
import dev.mapper.model.Mapping;
import dev.mapper.model.MappingReader;
import dev.mapper.model.Source;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    static final String FILE_004 = "mappings/004.yaml";
    static final Mapping M004 = MappingReader.read(Path.of(FILE_004));

    static final String SERVER_JSON = Example004.SERVER_CONFIG;
    static final String SETTINGS_JSON = Example004.USER_SETTINGS;
    static final String ROUTER_JSON = Example004.ROUTER_CONFIG;
    static final String LOGGING_JSON = Example004.LOGGING_CONFIG;

    /** The 004 sources; a null text means the row is missing. */
    static Map<String, SourceData> sources004(String serverJson, String settingsJson) {
        Map<String, SourceData> sources = new LinkedHashMap<>();
        sources.put("server", data(M004, "server", serverJson));
        sources.put("settings", data(M004, "settings", settingsJson));
        return sources;
    }

    /** One document source's data from the JSON text of its row (null: no row). */
    static SourceData data(Mapping mapping, String sourceName, String json) {
        Source.Document source = (Source.Document) mapping.source(sourceName).orElseThrow();
        return SourceData.of(source, json == null ? List.of() : List.of(new SourceRow(source.table(), source.key(), json)));
    }

    private static List<TargetValues> evaluate004(String serverJson, String settingsJson) {
        return Evaluator.evaluate(CompiledMapping.compile(M004), sources004(serverJson, settingsJson));
    }

    private static Map<String, Object> router(List<TargetValues> targets) {
        assertEquals("router_config", targets.get(0).target().table());
        return targets.get(0).asObject();
    }

    private static Map<String, Object> logging(List<TargetValues> targets) {
        assertEquals("logging_config", targets.get(1).target().table());
        return targets.get(1).asObject();
    }

    private static KeyValue keyValue(TargetValues target, String key) {
        return target.values().stream().filter(v -> v.rule().name().equals(key)).findFirst().orElseThrow();
    }

    /** Evaluation that must fail: the exception, after checking it is a data failure (exit 1). */
    private static MapperException failure(Runnable evaluation) {
        MapperException e = assertThrows(MapperException.class, evaluation::run);
        assertEquals(1, e.exitCode());
        return e;
    }

    private static MapperException failure004(String serverJson, String settingsJson) {
        return failure(() -> evaluate004(serverJson, settingsJson));
    }

    /** The 1-based line and column where {@code needle} first occurs in {@code text}. */
    static Pos posOf(String file, String text, String needle) {
        int at = text.indexOf(needle);
        assertTrue(at >= 0, "not in the mapping: " + needle);
        int line = 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
        int column = at - text.lastIndexOf('\n', at - 1);
        return new Pos(file, line, column);
    }

    @Nested
    @DisplayName("004 on the example database")
    class Example {
        @Test
        @DisplayName("gives exactly the expected router_config object")
        void routerConfig() {
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("modelsPath", "./models");
            expected.put("serverPath", "/home/bamer/llama.cpp/build/bin/llama-server");
            expected.put("host", "0.0.0.0");
            expected.put("port", 8080L);
            expected.put("maxModelsLoaded", 1L);
            expected.put("parallelSlots", 4L);
            expected.put("ctxSize", 4096L);
            expected.put("gpuLayers", 0L);
            expected.put("threads", 4L);
            expected.put("batchSize", 512L);
            expected.put("temperature", new BigDecimal("0.7"));
            expected.put("repeatPenalty", new BigDecimal("1.1"));
            expected.put("metricsEnabled", true);
            expected.put("autoStartOnLaunch", true);

            Map<String, Object> router = router(evaluate004(SERVER_JSON, SETTINGS_JSON));

            assertEquals(expected, router);
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(router.keySet()));
            assertEquals(ROUTER_JSON, Json.write(router));
        }

        @Test
        @DisplayName("gives exactly the expected logging_config object")
        void loggingConfig() {
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("level", "info");
            expected.put("maxFileSize", 10485760L);
            expected.put("maxFiles", 7L);
            expected.put("enableFileLogging", true);
            expected.put("enableDatabaseLogging", true);
            expected.put("enableConsoleLogging", true);

            Map<String, Object> logging = logging(evaluate004(SERVER_JSON, SETTINGS_JSON));

            assertEquals(expected, logging);
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(logging.keySet()));
            assertEquals(LOGGING_JSON, Json.write(logging));
        }

        @Test
        @DisplayName("each value says where it came from; blank paths fall back to the default")
        void origins() {
            TargetValues router = evaluate004(SERVER_JSON, SETTINGS_JSON).get(0);

            KeyValue modelsPath = keyValue(router, "modelsPath");
            assertTrue(modelsPath.defaulted());
            assertEquals("default: server.baseModelsPath is blank", modelsPath.origin());
            assertEquals("default: server.serverPath is blank", keyValue(router, "serverPath").origin());

            KeyValue host = keyValue(router, "host");
            assertFalse(host.defaulted());
            assertEquals("server.llama_server_host", host.origin());
            assertEquals("server.llama_server_port", keyValue(router, "port").origin());
        }
    }

    @Nested
    @DisplayName("legacy values")
    class Legacy {
        @Test
        @DisplayName("wrong JSON types convert strictly: \"8080\" → 8080, \"false\" → false, 0/1 → booleans, \"INFO\" → \"info\"")
        void wrongTypesConvert() {
            String server = SERVER_JSON.replace("\"llama_server_port\":8080", "\"llama_server_port\":\"8080\"")
                    .replace("\"llama_server_metrics\":true", "\"llama_server_metrics\":\"false\"")
                    .replace("\"auto_start_on_launch\":true", "\"auto_start_on_launch\":0")
                    .replace("\"threads\":4", "\"threads\":\"8\"")
                    .replace("\"temperature\":0.7", "\"temperature\":\"0.25\"");
            String settings = SETTINGS_JSON.replace("\"logLevel\":\"info\"", "\"logLevel\":\"INFO\"")
                    .replace("\"enableFileLogging\":true", "\"enableFileLogging\":1")
                    .replace("\"enableDatabaseLogging\":true", "\"enableDatabaseLogging\":0")
                    .replace("\"maxFiles\":7", "\"maxFiles\":3.0");

            List<TargetValues> targets = evaluate004(server, settings);
            Map<String, Object> router = router(targets);
            Map<String, Object> logging = logging(targets);

            assertEquals(8080L, router.get("port"));
            assertEquals(false, router.get("metricsEnabled")); // the old JS script's Boolean("false") made this true
            assertEquals(false, router.get("autoStartOnLaunch"));
            assertEquals(8L, router.get("threads"));
            assertEquals(new BigDecimal("0.25"), router.get("temperature"));
            assertEquals("info", logging.get("level"));
            assertEquals(true, logging.get("enableFileLogging"));
            assertEquals(false, logging.get("enableDatabaseLogging"));
            assertEquals(3L, logging.get("maxFiles"));
        }

        @Test
        @DisplayName("the from list falls back: no llama_server_host → host, no llama_server_port → port")
        void fallbackFromList() {
            String server = SERVER_JSON.replace("\"llama_server_host\":\"0.0.0.0\",", "")
                    .replace("\"llama_server_port\":8080,", "").replace("\"port\":8080", "\"port\":9090");

            TargetValues router = evaluate004(server, SETTINGS_JSON).get(0);

            assertEquals("localhost", router.asObject().get("host"));
            assertEquals(9090L, router.asObject().get("port"));
            assertEquals("server.host", keyValue(router, "host").origin());
            assertEquals("server.port", keyValue(router, "port").origin());
            assertFalse(keyValue(router, "host").defaulted());
        }

        @Test
        @DisplayName("an explicit JSON null counts as absent and falls back")
        void nullFallsBack() {
            String server = SERVER_JSON.replace("\"llama_server_host\":\"0.0.0.0\"", "\"llama_server_host\":null");

            assertEquals("localhost", router(evaluate004(server, SETTINGS_JSON)).get("host"));
        }

        @Test
        @DisplayName("a blank llama_server_host falls back to host (blank: absent), as the app's own reader does")
        void blankHostFallsBack() {
            String server = SERVER_JSON.replace("\"llama_server_host\":\"0.0.0.0\"", "\"llama_server_host\":\"  \"");

            assertEquals("localhost", router(evaluate004(server, SETTINGS_JSON)).get("host"));
        }

        @Test
        @DisplayName("autoStartOnLaunch reads the legacy llama_server_enabled when auto_start_on_launch is absent, strictly converted")
        void legacyAutoStart() {
            String server = SERVER_JSON.replace("\"auto_start_on_launch\":true", "\"llama_server_enabled\":\"no\"");

            assertEquals(false, router(evaluate004(server, SETTINGS_JSON)).get("autoStartOnLaunch"));
            assertEquals("server.llama_server_enabled", keyValue(evaluate004(server, SETTINGS_JSON).get(0), "autoStartOnLaunch").origin());
        }

        @Test
        @DisplayName("both rows missing: every key takes its default")
        void bothRowsMissing() {
            List<TargetValues> targets = evaluate004(null, null);

            assertEquals("{\"modelsPath\":\"./models\",\"serverPath\":\"/home/bamer/llama.cpp/build/bin/llama-server\","
                    + "\"host\":\"0.0.0.0\",\"port\":8080,\"maxModelsLoaded\":4,\"parallelSlots\":1,\"ctxSize\":4096,\"gpuLayers\":0,"
                    + "\"threads\":4,\"batchSize\":512,\"temperature\":0.7,\"repeatPenalty\":1.1,\"metricsEnabled\":true,"
                    + "\"autoStartOnLaunch\":false}", Json.write(router(targets)));
            assertEquals("{\"level\":\"info\",\"maxFileSize\":10485760,\"maxFiles\":7,\"enableFileLogging\":true,"
                    + "\"enableDatabaseLogging\":true,\"enableConsoleLogging\":true}", Json.write(logging(targets)));
            assertEquals(8080L, router(targets).get("port"));
            assertEquals(new BigDecimal("0.7"), router(targets).get("temperature"));
            assertTrue(targets.stream().flatMap(t -> t.values().stream()).allMatch(KeyValue::defaulted));
            assertEquals(20, targets.stream().mapToInt(t -> t.values().size()).sum());
            assertEquals("default: server.llama_server_host is missing (no server_config row 'config'), "
                    + "server.host is missing (no server_config row 'config')", keyValue(targets.get(0), "host").origin());
            assertEquals("default: settings.logLevel is missing (no metadata row 'user_settings')", keyValue(targets.get(1), "level").origin());
        }

        @Test
        @DisplayName("an empty document: every key takes its default, saying the field is missing")
        void emptyDocument() {
            List<TargetValues> targets = evaluate004("{}", "{}");

            assertEquals(Json.write(router(evaluate004(null, null))), Json.write(router(targets)));
            assertEquals("default: server.llama_server_port is missing, server.port is missing", keyValue(targets.get(0), "port").origin());
        }
    }

    @Nested
    @DisplayName("bad values")
    class BadValues {
        private final Pos port = new Pos(FILE_004, 23, 7);
        private final Pos metricsEnabled = new Pos(FILE_004, 32, 7);
        private final Pos level = new Pos(FILE_004, 40, 7);

        @Test
        @DisplayName("\"80x\" port: exit 1, message and position at the key in 004.yaml")
        void notAnInteger() {
            MapperException e = failure004(SERVER_JSON.replace("\"llama_server_port\":8080", "\"llama_server_port\":\"80x\""), SETTINGS_JSON);

            assertEquals(List.of(new Diagnostic(port, "router_config.port: \"80x\" is not an integer (from server.llama_server_port)",
                    "expected integer from 1 to 65535; fix the value in the source, or change the key's type, transform or default")),
                    e.diagnostics());
            assertEquals("mappings/004.yaml:23:7: error: router_config.port: \"80x\" is not an integer (from server.llama_server_port)",
                    e.diagnostics().get(0).headline());
            assertTrue(M004.text().lines().toList().get(port.line() - 1).substring(port.column() - 1).startsWith("port:"));
        }

        @Test
        @DisplayName("70000 port is above the maximum")
        void aboveMaximum() {
            MapperException e = failure004(SERVER_JSON.replace("\"llama_server_port\":8080", "\"llama_server_port\":70000"), SETTINGS_JSON);

            assertEquals(1, e.diagnostics().size());
            assertEquals(port, e.diagnostics().get(0).pos());
            assertEquals("router_config.port: 70000 is above the maximum 65535 (from server.llama_server_port)", e.diagnostics().get(0).message());
        }

        @Test
        @DisplayName("0 port is below the minimum, and does not fall back to server.port")
        void belowMinimum() {
            MapperException e = failure004(SERVER_JSON.replace("\"llama_server_port\":8080", "\"llama_server_port\":0"), SETTINGS_JSON);

            assertEquals("router_config.port: 0 is below the minimum 1 (from server.llama_server_port)", e.diagnostics().get(0).message());
        }

        @Test
        @DisplayName("\"maybe\" is not a boolean")
        void notABoolean() {
            MapperException e = failure004(SERVER_JSON.replace("\"llama_server_metrics\":true", "\"llama_server_metrics\":\"maybe\""), SETTINGS_JSON);

            assertEquals(List.of(new Diagnostic(metricsEnabled,
                    "router_config.metricsEnabled: \"maybe\" is not a boolean (use true/false, yes/no, on/off or 1/0) (from server.llama_server_metrics)",
                    "expected boolean; fix the value in the source, or change the key's type, transform or default")), e.diagnostics());
        }

        @Test
        @DisplayName("8080.5 is not an integer, 2 is not a boolean")
        void numbersThatDoNotFit() {
            MapperException e = failure004(SERVER_JSON.replace("\"llama_server_port\":8080", "\"llama_server_port\":8080.5")
                    .replace("\"llama_server_metrics\":true", "\"llama_server_metrics\":2"), SETTINGS_JSON);

            assertEquals(List.of("router_config.port: 8080.5 is not an integer (from server.llama_server_port)",
                    "router_config.metricsEnabled: 2 is not a boolean (use true/false, yes/no, on/off or 1/0) (from server.llama_server_metrics)"),
                    e.diagnostics().stream().map(Diagnostic::message).toList());
        }

        @Test
        @DisplayName("two bad values: two diagnostics in one failure, in mapping order")
        void twoBadValues() {
            MapperException e = failure004(SERVER_JSON.replace("\"llama_server_port\":8080", "\"llama_server_port\":\"80x\""),
                    SETTINGS_JSON.replace("\"logLevel\":\"info\"", "\"logLevel\":\"loud\""));

            assertEquals(2, e.diagnostics().size());
            assertEquals(port, e.diagnostics().get(0).pos());
            assertEquals("router_config.port: \"80x\" is not an integer (from server.llama_server_port)", e.diagnostics().get(0).message());
            assertEquals(level, e.diagnostics().get(1).pos());
            assertEquals("logging_config.level: \"loud\" is not one of debug, info, warn, error (from settings.logLevel)",
                    e.diagnostics().get(1).message());
            assertEquals("expected one of debug, info, warn, error; fix the value in the source, or change the key's type, transform or default",
                    e.diagnostics().get(1).hint());
            assertEquals("mappings/004.yaml:23:7: error: router_config.port: \"80x\" is not an integer (from server.llama_server_port)", e.getMessage());
        }

        @Test
        @DisplayName("a row that is not valid JSON is a data failure naming the row")
        void invalidJson() {
            MapperException e = failure(() -> sources004("{\"port\": 80", SETTINGS_JSON));

            assertEquals(1, e.diagnostics().size());
            Diagnostic d = e.diagnostics().get(0);
            assertEquals(null, d.pos());
            assertTrue(d.message().startsWith("server_config row 'config' does not hold valid JSON: "), d.message());
            assertEquals("fix the stored value so it is one JSON object, or restore it from a backup", d.hint());
        }

        @Test
        @DisplayName("a row holding a JSON array is a data failure")
        void jsonArray() {
            MapperException e = failure(() -> sources004(SERVER_JSON, "[1, 2]"));

            assertEquals(List.of(Diagnostic.of("metadata row 'user_settings' holds JSON array, not an object",
                    "a document source must hold one JSON object, e.g. {\"port\": 8080}")), e.diagnostics());
        }
    }

    @Nested
    @DisplayName("transforms and checks")
    class TransformsAndChecks {
        private static final String HEAD = """
                migration: "900"
                name: t
                sources:
                  s: { table: src, key: config }
                targets:
                  out:
                    keys:
                """;

        private Mapping mapping(String keys) {
            return MappingReader.parse("m.yaml", HEAD + keys);
        }

        private List<TargetValues> evaluate(Mapping mapping, String json) {
            return Evaluator.evaluate(CompiledMapping.compile(mapping), Map.of("s", data(mapping, "s", json)));
        }

        private Map<String, Object> object(String keys, String json) {
            return evaluate(mapping(keys), json).get(0).asObject();
        }

        private Pos pos(Mapping mapping, String needle) {
            return posOf("m.yaml", mapping.text(), needle);
        }

        @Test
        @DisplayName("blank text is a value for a string key, absent with blank: absent (then the next path, else the default)")
        void blankText() {
            String json = "{\"a\":\" \",\"b\":\"x\"}";
            assertEquals(" ", object("      k: { from: [s.a, s.b], type: string }\n", json).get("k"));
            assertEquals("x", object("      k: { from: [s.a, s.b], type: string, blank: absent }\n", json).get("k"));
            assertEquals("d", object("      k: { from: s.a, type: string, blank: absent, default: d }\n", json).get("k"));
            assertEquals("", object("      k: { from: s.a, type: path, blank: value }\n", "{\"a\":\"\"}").get("k"));
        }

        @Test
        @DisplayName("a transform runs on the raw value, before the strict conversion")
        void transformOnRawValue() {
            Map<String, Object> out = object("""
                      level: { from: s.level, type: { enum: [debug, info] }, transform: "value.trim()" }
                      percent: { from: s.ratio, type: integer, transform: "value * 100" }
                      name: { from: s.name, type: string, transform: "value.substring(0, 5)" }
                """, "{\"level\":\"  INFO \",\"ratio\":0.25,\"name\":\"llama-server\"}");

            assertEquals(Map.of("level", "info", "percent", 25L, "name", "llama"), out);
        }

        @Test
        @DisplayName("a key with only a transform computes its value from the sources")
        void transformWithoutFrom() {
            TargetValues out = evaluate(mapping("""
                      url: { type: string, transform: "'http://' + s.host + ':' + s.port" }
                      next: { type: integer, transform: "s.port + 1" }
                """), "{\"host\":\"localhost\",\"port\":8080}").get(0);

            assertEquals(Map.of("url", "http://localhost:8080", "next", 8081L), out.asObject());
            assertEquals("via transform", keyValue(out, "url").origin());
        }

        @Test
        @DisplayName("the origin of a transformed value names the path and the transform")
        void transformOrigin() {
            TargetValues out = evaluate(mapping("""
                      port: { from: [s.a, s.b], type: integer, transform: "value + 1" }
                """), "{\"b\":1}").get(0);

            assertEquals(2L, out.asObject().get("port"));
            assertEquals("s.b via transform", keyValue(out, "port").origin());
        }

        @Test
        @DisplayName("an absent value takes the default without running the transform")
        void transformNotRunOnAbsentValue() {
            TargetValues out = evaluate(mapping("""
                      name: { from: s.name, type: string, transform: "value.trim()", default: "  kept  " }
                """), "{}").get(0);

            assertEquals("  kept  ", out.asObject().get("name"));
            assertTrue(keyValue(out, "name").defaulted());
            assertEquals("default: s.name is missing", keyValue(out, "name").origin());
        }

        @Test
        @DisplayName("a transform result is converted strictly too")
        void transformResultConverted() {
            Mapping m = mapping("""
                      port: { from: s.port, type: integer, transform: "value + 'x'" }
                """);

            MapperException e = failure(() -> evaluate(m, "{\"port\":80}"));

            assertEquals(List.of(new Diagnostic(pos(m, "port: {"), "out.port: \"80x\" is not an integer (from s.port via transform)",
                    "expected integer; fix the value in the source, or change the key's type, transform or default")), e.diagnostics());
        }

        @Test
        @DisplayName("a transform that fails is reported at the transform")
        void transformFails() {
            Mapping m = mapping("""
                      name: { from: s.name, type: string, transform: "value.intValue()" }
                """);

            MapperException e = failure(() -> evaluate(m, "{\"name\":\"abc\"}"));

            assertEquals(List.of(new Diagnostic(pos(m, "\"value.intValue()\""),
                    "out.name: transform failed on \"abc\" (from s.name): unsolvable function/method 'intValue'",
                    "fix the transform, or the source value")), e.diagnostics());
        }

        @Test
        @DisplayName("a transform that gives null, without a default, is an error")
        void transformGivesNull() {
            Mapping m = mapping("""
                      name: { type: string, transform: "s.name" }
                """);

            MapperException e = failure(() -> evaluate(m, "{\"name\":null}"));

            assertEquals(List.of(new Diagnostic(pos(m, "name: {"), "out.name has no value: the transform gave null, and no default",
                    "add a default: to the key, or put the value in the source")), e.diagnostics());
        }

        @Test
        @DisplayName("a transform cannot change what other keys read")
        void transformCannotMutateSources() {
            Mapping m = mapping("""
                      a: { from: s.x, type: integer, transform: "s.obj.clear() ?? value" }
                      b: { from: s.obj.y, type: integer, default: 0 }
                      c: { from: s.list, type: json, transform: "value.add(9) ? value : value" }
                      d: { from: s.list, type: json }
                """);

            MapperException e = failure(() -> evaluate(m, "{\"x\":1,\"obj\":{\"y\":5},\"list\":[1]}"));

            assertEquals(List.of("out.a: transform failed on 1 (from s.x): refused: 'clear' would change an object read from a source; "
                            + "transforms and checks may not have side effects",
                    "out.c: transform failed on a JSON array (from s.list): refused: 'add' would change a list read from a source; "
                            + "transforms and checks may not have side effects"),
                    e.diagnostics().stream().map(Diagnostic::message).toList());
        }

        @Test
        @DisplayName("a check that returns true passes the value through")
        void checkPasses() {
            assertEquals(Map.of("port", 8080L), object("""
                      port: { from: s.port, type: integer, check: "value % 2 == 0" }
                """, "{\"port\":\"8080\"}"));
        }

        @Test
        @DisplayName("a check sees the converted value, and the sources")
        void checkSeesConvertedValue() {
            assertEquals(Map.of("port", 8080L), object("""
                      port: { from: s.port, type: integer, check: "value == s.other + 1" }
                """, "{\"port\":\"8080\",\"other\":8079}"));
        }

        @Test
        @DisplayName("a check that returns false fails at the check")
        void checkFails() {
            Mapping m = mapping("""
                      port: { from: s.port, type: integer, check: "value % 2 == 0" }
                """);

            MapperException e = failure(() -> evaluate(m, "{\"port\":8081}"));

            assertEquals(List.of(new Diagnostic(pos(m, "\"value % 2 == 0\""), "out.port: 8081 fails the check 'value % 2 == 0'",
                    "fix the value in the source, or the check")), e.diagnostics());
        }

        @Test
        @DisplayName("a check applies to the default too")
        void checkOnDefault() {
            Mapping m = mapping("""
                      port: { from: s.port, type: integer, default: 7, check: "value % 2 == 0" }
                """);

            MapperException e = failure(() -> evaluate(m, "{}"));

            assertEquals(List.of("out.port: 7 fails the check 'value % 2 == 0'"), e.diagnostics().stream().map(Diagnostic::message).toList());
        }

        @Test
        @DisplayName("a check must return true, not merely something truthy")
        void checkMustReturnTrue() {
            Mapping m = mapping("""
                      host: { from: s.host, type: string, check: "value" }
                """);

            MapperException e = failure(() -> evaluate(m, "{\"host\":\"yes\"}"));

            assertEquals(List.of("out.host: \"yes\" fails the check 'value' (it gave \"yes\", not true or false)"),
                    e.diagnostics().stream().map(Diagnostic::message).toList());
        }

        @Test
        @DisplayName("a check that throws is reported at the check")
        void checkThrows() {
            Mapping m = mapping("""
                      host: { from: s.host, type: string, check: "value.intValue()" }
                """);

            MapperException e = failure(() -> evaluate(m, "{\"host\":\"h\"}"));

            assertEquals(List.of(new Diagnostic(pos(m, "\"value.intValue()\""), "out.host: check failed on \"h\": unsolvable function/method 'intValue'",
                    "fix the check expression")), e.diagnostics());
        }

        @Test
        @DisplayName("conversion, transform and check failures are all reported together")
        void allFailuresTogether() {
            Mapping m = mapping("""
                      a: { from: s.a, type: integer }
                      b: { from: s.b, type: string, transform: "value.intValue()" }
                      c: { from: s.c, type: integer, check: "value > 10" }
                      d: { from: s.d, type: boolean }
                      ok: { from: s.ok, type: integer }
                """);

            MapperException e = failure(() -> evaluate(m, "{\"a\":\"x\",\"b\":\"y\",\"c\":3,\"d\":\"maybe\",\"ok\":1}"));

            assertEquals(List.of(pos(m, "a: {"), pos(m, "\"value.intValue()\""), pos(m, "\"value > 10\""), pos(m, "d: {")),
                    e.diagnostics().stream().map(Diagnostic::pos).toList());
            assertEquals(List.of("out.a: \"x\" is not an integer (from s.a)",
                    "out.b: transform failed on \"y\" (from s.b): unsolvable function/method 'intValue'",
                    "out.c: 3 fails the check 'value > 10'",
                    "out.d: \"maybe\" is not a boolean (use true/false, yes/no, on/off or 1/0) (from s.d)"),
                    e.diagnostics().stream().map(Diagnostic::message).toList());
        }

        @Test
        @DisplayName("a key with no value and no default is an error naming the paths tried")
        void noValueNoDefault() {
            Mapping m = mapping("""
                      p: { from: [s.a, s.b], type: path }
                """);

            MapperException e = failure(() -> evaluate(m, "{\"a\":\"  \"}"));

            assertEquals(List.of(new Diagnostic(pos(m, "p: {"), "out.p has no value: s.a is blank, s.b is missing, and no default",
                    "add a default: to the key, or put the value in the source")), e.diagnostics());
        }

        @Test
        @DisplayName("a rows source maps each row's key to its value")
        void rowsSource() {
            Mapping m = MappingReader.parse("m.yaml", """
                    migration: "901"
                    name: t
                    sources:
                      kv: { table: settings, shape: rows }
                    targets:
                      out:
                        keys:
                          port: { from: kv.port, type: integer }
                          debug: { from: kv.debug, type: boolean, default: true }
                    """);
            Source source = m.source("kv").orElseThrow();
            SourceData data = SourceData.of(source, List.of(new SourceRow("settings", "port", "8080"), new SourceRow("settings", "debug", "off")));

            assertEquals(Map.of("port", 8080L, "debug", false),
                    Evaluator.evaluate(CompiledMapping.compile(m), Map.of("kv", data)).get(0).asObject());
        }
    }
}
