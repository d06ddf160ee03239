package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.MappingReader;
import dev.mapper.testing.TestFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * mapper test's {@code expect: { tables:, columns:, indexes: }}: what any table holds after apply, typed by
 * SQLite storage class (0 is not 0.0 is not "0"), and the declarations of columns and indexes; each mistake
 * in writing them is one positioned error.
 */
class TestStateExpectTest {
    @TempDir
    Path dir;

    /** Copies {@code mappings/FILE.yaml} into a temporary folder (optionally edited) beside {@code tests}, and runs mapper test. */
    Cli test(String file, String from, String to, String tests) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("mappings"));
        String mapping = Files.readString(Path.of("mappings", file + ".yaml"));
        assertTrue(mapping.contains(from), from);
        Files.writeString(folder.resolve(file + ".yaml"), mapping.replace(from, to));
        Files.copy(Path.of("mappings/004.yaml"), folder.resolve("004.yaml")); // 009's cases apply it first
        Files.writeString(folder.resolve(file + ".test.yaml"), tests == null ? Files.readString(Path.of("mappings", file + ".test.yaml")) : tests);
        return Cli.run("test", folder.resolve(file + ".test.yaml").toString(), "-q");
    }

    static final String MODELS = """
            setup: |
              CREATE TABLE models (id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT DEFAULT 'idle');
            cases:
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "005-models_gguf_metadata|favorite:       { type: INTEGER, default: 0 }|favorite:       { type: REAL, default: 0 }"
            + "|models row (id=\"m1\").favorite: expected 0 (integer), actual 0.0 (real)"
            + "|column models.favorite: expected declared INTEGER DEFAULT 0, actual declared REAL DEFAULT 0",
        "006-metrics_gpu_swap|swap_usage:       { type: REAL, default: 0 }|swap_usage:       { type: INTEGER, default: 0 }"
            + "|metrics row (id=1).swap_usage: expected 0.0 (real), actual 0 (integer)"
            + "|column metrics.swap_usage: expected declared REAL DEFAULT 0, actual declared INTEGER DEFAULT 0",
        "007-logs_metadata|metadata: { type: TEXT }|metadata: { type: TEXT, default: '' }"
            + "|logs row (id=1).metadata: expected NULL, actual \"\" (text)"
            + "|column logs.metadata: expected declared TEXT, actual declared TEXT DEFAULT ''",
    })
    @DisplayName("the shipped test files catch a changed declaration: the new column's value on existing rows, typed, and its declaration")
    void shippedTestsCatchAChangedDeclaration(String file, String from, String to, String valueLine, String declarationLine) throws Exception {
        Cli run = test(file, from, to, null);

        assertEquals(1, run.exitCode(), run::toString);
        List<String> lines = run.out().lines().map(String::strip).toList();
        assertTrue(lines.contains(valueLine), run::toString);
        assertTrue(lines.contains(declarationLine), run::toString);
    }

    @Test
    @DisplayName("the shipped 008 test catches an index declared ascending instead of DESC")
    void shippedIndexTestCatchesADirection() throws Exception {
        Cli run = test("008-indexes", "columns: [created_at DESC]", "columns: [created_at]", null);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.out().contains("index idx_models_created: expected declared INDEX ON models(created_at DESC), actual declared INDEX ON models(created_at)\n"),
                run::toString);
    }

    @Test
    @DisplayName("the shipped 009 test catches a flashAttention default of true, and a rule that drops the app's keys would fail the document")
    void shippedDocumentTestCatchesADefault() throws Exception {
        Cli run = test("009-router_runtime_flags", "default: false }", "default: true }", null);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.out().contains("router_config.flashAttention: expected false, actual true (default: settings.flashAttention is missing"), run::toString);
        assertTrue(run.out().contains("router_config row (key=\"config\").value: expected {\"modelsPath\":\"./models\","), run::toString);
    }

    @Test
    @DisplayName("tables: rows matched by primary key; a missing, an extra row, a misspelt column and a missing table are each one line")
    void rowDifferences() throws Exception {
        String tests = MODELS + """
                  - name: differences
                    given:
                      tables:
                        models: [ { id: m1, name: A }, { id: m2, name: B } ]
                    expect:
                      tables:
                        models:
                          - { id: m1, name: A, favorit: 0 }
                          - { id: m3, name: C }
                        nowhere: []
                      columns: { models: { favorite: null, status: "TEXT DEFAULT 'idle'", name: "TEXT" } }
                      indexes: { idx_models_status: null, idx_models_name: "INDEX ON models(name)" }
                """;
        Cli run = test("005-models_gguf_metadata", "migration", "migration", tests);

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of(
                "models row (id=\"m1\").favorit: expected 0 (integer), but models has no column favorit; did you mean 'favorite'?",
                "models row (id=\"m3\"): expected, but the table has no such row",
                "models row (id=\"m2\"): not expected, but present",
                "table nowhere: expected 0 row(s), but the database has no such table",
                "column models.favorite: expected none, actual declared INTEGER DEFAULT 0",
                "column models.name: expected declared TEXT, actual declared TEXT NOT NULL",
                "index idx_models_name: expected declared INDEX ON models(name), actual none"),
                run.out().lines().filter(l -> l.startsWith("       ")).map(String::strip).toList());
    }

    @Test
    @DisplayName("a JSON document in a text column compares as a document; the same text as a YAML string compares as text")
    void documents() throws Exception {
        String tests = MODELS + """
                  - name: documents
                    given:
                      tables:
                        models: [ { id: m1, name: A, status: '{"a":1,"b":[true]}' } ]
                    expect:
                      tables:
                        models: [ { id: m1, status: { b: [true], a: 1 }, favorite: 0, name: "A" } ]
                  - name: the document is not that text
                    given:
                      tables:
                        models: [ { id: m1, name: A, status: '{"a":1}' } ]
                    expect:
                      tables:
                        models: [ { id: m1, status: { a: 2 } } ]
                """;
        Cli run = test("005-models_gguf_metadata", "migration", "migration", tests);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.out().contains("models row (id=\"m1\").status: expected {\"a\":2} (JSON text), actual {\"a\":1} (text)\n"), run::toString);
        assertTrue(run.out().endsWith("1 passed, 1 failed\n"), run::toString);
    }

    @Test
    @DisplayName("a row that does not name the table's primary key cannot be matched: the case is BROKEN (exit 2), naming the row's place")
    void rowWithoutPrimaryKey() throws Exception {
        String tests = MODELS + """
                  - name: no key
                    expect:
                      tables: { models: [ { name: A } ] }
                """;
        Cli run = test("005-models_gguf_metadata", "migration", "migration", tests);

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.out().contains("expect: " + dir.resolve("mappings/005-models_gguf_metadata.test.yaml") + ":6:27: a row of models must name its primary key id "
                + "(missing: id): rows are matched by it\n"), run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "tables-boolean|4:47|models.favorite: SQLite stores no booleans, so a row cannot hold true",
        "tables-empty-row|4:27|a row of models names no column",
        "tables-not-a-list|4:25|models must be a list of rows, not a map",
        "tables-name-not-identifier|4:17|the table name 'models; DROP TABLE logs' is not a plain SQL identifier",
        "columns-not-text|4:38|'columns.models.favorite' must be a declaration as text, or null for none, not the number 0",
        "indexes-not-text|4:37|'indexes.idx_models_status' must be a declaration as text, or null for none, not a list",
        "tables-and-failure|4:7|'expect' mixes what apply writes, failure and nothing_to_do",
    })
    @DisplayName("each mistake in tables:, columns: and indexes: is one error at its line and column (SchemaTest: the schema rejects these too)")
    void positionedMistakes(String name, String where, String message) throws Exception {
        Path file = Path.of("src/test/resources/bad-test-files", name + ".test.yaml");
        MapperException e = assertThrows(MapperException.class, () -> TestFileReader.read(file, MappingReader.read(TestDb.MAPPING_004)));

        assertEquals(MapperException.MAPPING, e.exitCode());
        assertEquals(List.of(file + ":" + where + ": error: " + message), e.diagnostics().stream().map(Diagnostic::headline).toList());
    }
}
