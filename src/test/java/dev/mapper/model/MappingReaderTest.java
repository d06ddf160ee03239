package dev.mapper.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.diag.Pos;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingReaderTest {
    private static final String FILE = "m.yaml";
    private static final String IDENTIFIER_HINT = "use letters, digits and underscores only, starting with a letter (and not 'sqlite_')";

    private static List<Diagnostic> errors(String text) {
        MapperException e = assertThrows(MapperException.class, () -> MappingReader.parse(FILE, text));
        assertEquals(MapperException.MAPPING, e.exitCode(), "a bad mapping exits with 2");
        return e.diagnostics();
    }

    private static Diagnostic onlyError(String text) {
        List<Diagnostic> errors = errors(text);
        assertEquals(1, errors.size(), () -> "expected exactly one diagnostic, got " + errors);
        return errors.get(0);
    }

    private static void assertAt(int line, int column, String message, Diagnostic d) {
        assertEquals(message, d.message());
        assertEquals(new Pos(FILE, line, column), d.pos(), () -> "position of: " + d.message());
    }

    private static KeyRule rule(Mapping mapping, String table, String key) {
        Target target = mapping.targets().stream().filter(t -> t.table().equals(table)).findFirst()
                .orElseThrow(() -> new AssertionError("no target " + table));
        return target.rules().stream().filter(r -> r.name().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no key " + table + "." + key));
    }

    @Nested
    @DisplayName("the real mapping 004.yaml")
    class RealMapping {
        private static final String PATH = "mappings/004.yaml";
        private final Mapping mapping = MappingReader.read(Path.of(PATH));

        private Pos at(int line, int column) {
            return new Pos(PATH, line, column);
        }

        @Test
        void headerFields() throws IOException {
            assertEquals("004", mapping.migration());
            assertEquals("unify_router_config", mapping.name());
            assertEquals("data/llama-dashboard.db", mapping.database());
            assertEquals("migration_backup_004", mapping.backupTable());
            assertEquals(List.of("server"), mapping.retire());
            assertEquals(PATH, mapping.file());
            String text = Files.readString(Path.of(PATH));
            assertEquals(text, mapping.text());
            assertEquals(MappingReader.sha256(CanonicalForm.of(mapping)), mapping.checksum());
        }

        @Test
        void twoDocumentSources() {
            assertEquals(List.of(
                    new Source.Document("server", "server_config", "key", "value", "config", at(11, 3)),
                    new Source.Document("settings", "metadata", "key", "value", "user_settings", at(12, 3))),
                    mapping.sources());
        }

        @Test
        void twoDocumentTargetsWithTwentyKeys() {
            assertEquals(2, mapping.targets().size());
            Target.Document router = assertInstanceOf(Target.Document.class, mapping.targets().get(0));
            assertEquals("router_config", router.table());
            assertEquals("config", router.key());
            assertEquals("idx_router_config_key", router.index());
            assertEquals(at(15, 3), router.pos());
            assertEquals(List.of("modelsPath", "serverPath", "host", "port", "maxModelsLoaded", "parallelSlots", "ctxSize",
                            "gpuLayers", "threads", "batchSize", "temperature", "repeatPenalty", "metricsEnabled", "autoStartOnLaunch"),
                    router.rules().stream().map(KeyRule::name).toList());
            Target.Document logging = assertInstanceOf(Target.Document.class, mapping.targets().get(1));
            assertEquals("logging_config", logging.table());
            assertEquals("idx_logging_config_key", logging.index());
            assertEquals(6, logging.rules().size());
            assertEquals(20, mapping.keyCount());
        }

        @Test
        void portRule() {
            KeyRule port = rule(mapping, "router_config", "port");
            assertEquals(at(23, 7), port.pos());
            assertEquals(List.of("server.llama_server_port", "server.port"), port.from().stream().map(SourcePath::toString).toList());
            assertEquals(new SourcePath("server", List.of("llama_server_port"), at(23, 35)), port.from().get(0));
            assertEquals(ValueType.INTEGER, port.type());
            assertEquals(new BigDecimal("1"), port.min());
            assertEquals(new BigDecimal("65535"), port.max());
            assertEquals(8080L, port.defaultValue());
            assertNull(port.transform());
            assertNull(port.check());
        }

        @Test
        void levelRuleIsAnEnum() {
            KeyRule level = rule(mapping, "logging_config", "level");
            assertEquals(new ValueType.Enum(List.of("debug", "info", "warn", "error")), level.type());
            assertEquals("info", level.defaultValue());
            assertEquals(List.of(new SourcePath("settings", List.of("logLevel"), at(40, 38))), level.from());
        }

        @Test
        void otherDefaultsHaveTheirTypes() {
            KeyRule modelsPath = rule(mapping, "router_config", "modelsPath");
            assertEquals(ValueType.PATH, modelsPath.type());
            assertEquals("./models", modelsPath.defaultValue());
            assertEquals(new BigDecimal("0.7"), rule(mapping, "router_config", "temperature").defaultValue());
            assertEquals(ValueType.NUMBER, rule(mapping, "router_config", "temperature").type());
            assertEquals(true, rule(mapping, "router_config", "metricsEnabled").defaultValue());
            assertEquals(false, rule(mapping, "router_config", "autoStartOnLaunch").defaultValue());
            assertEquals("0.0.0.0", rule(mapping, "router_config", "host").defaultValue());
            assertEquals(0L, rule(mapping, "router_config", "gpuLayers").defaultValue());
            assertEquals(new BigDecimal("0"), rule(mapping, "router_config", "gpuLayers").min());
            assertNull(rule(mapping, "router_config", "gpuLayers").max());
            assertEquals(10485760L, rule(mapping, "logging_config", "maxFileSize").defaultValue());
        }
    }

    @Test
    @DisplayName("a minimal mapping gets the documented defaults")
    void minimalMappingDefaults() {
        String text = """
                migration: 5
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      port:
                        from: server.port
                        type: integer
                """;
        Mapping m = MappingReader.parse(FILE, text);
        assertEquals("5", m.migration());
        assertEquals("migration_backup_5", m.backupTable());
        assertNull(m.database());
        assertEquals(List.of(), m.retire());
        assertEquals(new Source.Document("server", "server_config", "key", "value", "config", new Pos(FILE, 4, 3)),
                m.sources().get(0));
        Target.Document target = assertInstanceOf(Target.Document.class, m.targets().get(0));
        assertEquals("config", target.key());
        assertNull(target.index());
        KeyRule port = target.rules().get(0);
        assertEquals(new KeyRule("port", new Pos(FILE, 10, 7), List.of(new SourcePath("server", List.of("port"), new Pos(FILE, 11, 15))),
                ValueType.INTEGER, null, null, null, null, null, false), port);
        assertEquals(MappingReader.sha256(CanonicalForm.of(m)), m.checksum());
    }

    @Test
    @DisplayName("unknown field: names the field and the key, and suggests the closest")
    void unknownFieldSuggestsTheClosest() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      port:
                        from: server.port
                        type: integer
                        defualt: 8080
                """);
        assertAt(13, 9, "unknown field 'defualt' in key 'router_config.port'; did you mean 'default'?", d);
        assertEquals("the fields here are: from, type, default, min, max, transform, check, blank", d.hint());
    }

    @Test
    void unknownTopLevelFieldWithoutACloseName() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                colour: blue
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      port: { from: server.port, type: integer }
                """);
        assertAt(3, 1, "unknown field 'colour' in the mapping", d);
        assertEquals("the fields here are: migration, name, database, backup, sources, targets, retire, columns, indexes, append", d.hint());
    }

    @Test
    void unknownSourceSuggestsTheClosest() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      port:
                        from: sever.port
                        type: integer
                """);
        assertAt(11, 15, "unknown source 'sever' in 'sever.port'; did you mean 'server'?", d);
        assertEquals("the sources are: server", d.hint());
    }

    @Test
    void unknownSourceInAFromListIsReportedAtItsItem() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      port: { from: [server.port, legacy.port], type: integer }
                """);
        assertAt(10, 35, "unknown source 'legacy' in 'legacy.port'", d);
    }

    @Test
    void unknownTypeSuggestsTheClosest() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      port:
                        from: server.port
                        type: integr
                        default: 8080
                """);
        assertAt(12, 15, "unknown type 'integr'; did you mean 'integer'?", d);
        assertEquals("types: string, path, integer, number, boolean, json, or { enum: [a, b] }", d.hint());
    }

    @Test
    void unknownTypeWithoutACloseName() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      ratio:
                        from: server.ratio
                        type: fraction
                """);
        assertAt(12, 15, "unknown type 'fraction'", d);
    }

    @Test
    void defaultMustSatisfyItsOwnType() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      port:
                        from: server.port
                        type: integer
                        default: "80x"
                """);
        assertAt(13, 18, "default \"80x\" is not an integer", d);
        assertEquals("the default must satisfy the key's own type", d.hint());
    }

    @Test
    void defaultMustSatisfyMax() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      port:
                        from: server.port
                        type: integer
                        min: 1
                        max: 65535
                        default: 70000
                """);
        assertAt(15, 18, "default 70000 is above the maximum 65535", d);
        assertEquals("the default must satisfy the key's own type and min/max", d.hint());
    }

    @Test
    void defaultMustSatisfyMin() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      temperature: { from: server.temperature, type: number, min: 0.1, default: 0 }
                """);
        assertAt(10, 81, "default 0 is below the minimum 0.1", d);
    }

    @Test
    void enumDefaultMustBeAMember() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  settings:
                    table: metadata
                    key: user_settings
                targets:
                  logging_config:
                    keys:
                      level:
                        from: settings.logLevel
                        type: { enum: [debug, info, warn, error] }
                        default: verbose
                """);
        assertAt(13, 18, "default \"verbose\" is not one of debug, info, warn, error", d);
    }

    @Test
    void minMaxOnlyForNumericTypes() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      host:
                        from: server.host
                        type: string
                        min: 1
                """);
        assertAt(13, 9, "min/max apply to integer and number keys, not string", d);
        assertEquals("remove it, or use a check: expression", d.hint());
    }

    @Test
    void maxOnABooleanIsReportedAtMax() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      metrics: { from: server.metrics, type: boolean, max: 1 }
                """);
        assertAt(10, 55, "min/max apply to integer and number keys, not boolean", d);
    }

    @Test
    @DisplayName("a source table that is not a plain SQL identifier is refused")
    void sourceTableMustBeAnIdentifier() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: router config; DROP TABLE x
                    key: config
                targets:
                  router_config:
                    keys:
                      port: { from: server.port, type: integer }
                """);
        assertAt(5, 12, "table 'router config; DROP TABLE x' is not a plain SQL identifier", d);
        assertEquals(IDENTIFIER_HINT, d.hint());
    }

    @Test
    void targetTableMustBeAnIdentifier() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  "router config; DROP TABLE x":
                    keys:
                      port: { from: server.port, type: integer }
                """);
        assertAt(8, 3, "target table 'router config; DROP TABLE x' is not a plain SQL identifier", d);
        assertEquals(IDENTIFIER_HINT, d.hint());
    }

    @Test
    void indexMustBeAnIdentifier() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    index: sqlite_autoindex
                    keys:
                      port: { from: server.port, type: integer }
                """);
        assertAt(9, 12, "'index' in target 'router_config' 'sqlite_autoindex' is not a plain SQL identifier", d);
    }

    @Test
    @DisplayName("the target table cannot be one of the source tables (in any letter case)")
    void targetCannotBeASourceTable() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  Server_Config:
                    keys:
                      port: { from: server.port, type: integer }
                """);
        assertAt(8, 3, "target table 'Server_Config' is also a source table", d);
        assertEquals("write to a new table, or, for a document that exists, add 'in_place: true' to change only the keys listed", d.hint());
    }

    @Test
    void indexNamedLikeATable() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server: { table: server_config, key: config }
                targets:
                  router_config:
                    keys:
                      port: { from: server.port, type: integer }
                  logging_config:
                    index: Router_Config
                    keys:
                      level: { from: server.level, type: string }
                """);
        assertAt(9, 3, "target 'logging_config': index name 'Router_Config' is the name of a table this mapping uses "
                + "(SQLite keeps tables and indexes in one namespace)", d);
        assertEquals("name the index after its table, e.g. index: idx_logging_config_key", d.hint());

        Diagnostic top = onlyError("""
                migration: "008"
                name: test
                indexes:
                  models: { table: models, columns: [status] }
                append:
                  models:
                    status: { type: string, default: idle }
                """);
        assertAt(4, 3, "index name 'models' is the name of a table this mapping uses (SQLite keeps tables and indexes in one namespace)", top);
        assertEquals("name it after its table and columns, e.g. idx_models_status", top.hint());
    }

    @Test
    void retireMustNameAKnownSource() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      port: { from: server.port, type: integer }
                retire: [srv]
                """);
        assertAt(11, 10, "'retire' names unknown source 'srv'", d);
        assertEquals("retire one of: server", d.hint());
    }

    @Test
    void retireCannotNameAColumnsSource() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                  flags:
                    table: feature_flags
                    shape: columns
                targets:
                  router_config:
                    keys:
                      port: { from: server.port, type: integer }
                      beta: { from: flags.beta, type: boolean }
                retire: [server, flags]
                """);
        assertAt(15, 18, "source 'flags' reads a table's columns and cannot be retired", d);
        assertEquals("only document and rows sources can be retired (their rows are deleted after verification)", d.hint());
    }

    @Test
    void requiredFieldsAreReportedAtTheMap() {
        Diagnostic d = onlyError("""
                migration: "005"
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      port: { from: server.port, type: integer }
                """);
        assertAt(1, 1, "the mapping has no 'name'", d);
        assertEquals("add it, e.g. name: unify_router_config", d.hint());
    }

    @Test
    void yamlErrorsComeThroughWithTheirPosition() {
        Diagnostic d = onlyError("""
                migration: "005"
                name: test
                name: again
                """);
        assertAt(3, 1, "duplicate key 'name' (first defined at line 2)", d);
    }

    @Test
    @DisplayName("three independent mistakes are all reported in one run, in file order")
    void reportsAllErrorsAtOnce() {
        List<Diagnostic> errors = errors("""
                migration: "005"
                name: test
                sources:
                  server:
                    table: server_config
                    key: config
                targets:
                  router_config:
                    keys:
                      port:
                        from: server.port
                        type: integer
                        defualt: 8080
                      temperature:
                        from: server.temperature
                        type: numbr
                retire: [sever]
                """);
        assertEquals(3, errors.size(), () -> "expected 3 diagnostics, got " + errors);
        assertAt(13, 9, "unknown field 'defualt' in key 'router_config.port'; did you mean 'default'?", errors.get(0));
        assertAt(16, 15, "unknown type 'numbr'; did you mean 'number'?", errors.get(1));
        assertAt(17, 10, "'retire' names unknown source 'sever'", errors.get(2));
    }

    @Test
    void missingFileIsAUsageError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        MapperException e = assertThrows(MapperException.class, () -> MappingReader.read(missing));
        assertEquals(MapperException.MAPPING, e.exitCode());
        assertEquals(List.of(Diagnostic.of("mapping file " + missing + " does not exist",
                "check the path; mappings live in mappings/, e.g. mappings/004.yaml")), e.diagnostics());
    }

    @Test
    void nonUtf8FileIsRefused(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "migration: \"005\"\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        MapperException e = assertThrows(MapperException.class, () -> MappingReader.read(latin1));
        assertEquals(MapperException.MAPPING, e.exitCode());
        assertEquals(List.of(Diagnostic.at(new Pos(latin1.toString(), 2, 10), "the file is not UTF-8 text: byte 0xE9 here",
                "save it as UTF-8 (an editor's 'encoding' setting; Latin-1 or Windows-1252 files look like this)")), e.diagnostics());
    }
}
