package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The source and target shapes 004 does not use: rows sources and targets, columns sources, transforms, checks. */
class ShapesTest {
    static final Path MAPPING_005 = Path.of("examples/005-ui-config.yaml");

    @TempDir
    Path dir;

    @Test
    @DisplayName("examples/005 after 004: a rows target with typed rows, from a document and a rows source, transforms and a check")
    void example005() {
        Path db = TestDb.example(dir);
        assertEquals(0, ApplyCommandTest.apply(db).exitCode());

        Cli run = Cli.run(MAPPING_005.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("maxModels | 1 | integer", "schemaVersion | 3 | integer",
                        "serverUrl | http://0.0.0.0:8080 | string", "showGpuPanel | false | boolean", "theme | dark | enum"),
                TestDb.query(db, "SELECT key, value, type FROM ui_config ORDER BY key"));
        assertEquals(1, TestDb.query(db, "SELECT name FROM sqlite_master WHERE name = 'idx_ui_config_key'").size());
        assertEquals(0, Cli.run("verify", MAPPING_005.toString(), "--db", db.toString()).exitCode());

        TestDb.exec(db, "UPDATE ui_config SET value = 'light' WHERE key = 'theme'");
        Cli drift = Cli.run("verify", MAPPING_005.toString(), "--db", db.toString());
        assertEquals(1, drift.exitCode(), drift::toString);
        assertTrue(drift.err().startsWith("error: drifted: ui_config.theme is \"light\", expected \"dark\"\n"), drift.err());

        String drifted = TestDb.sha256(db);
        Cli refused = Cli.run("rollback", MAPPING_005.toString(), "--db", db.toString());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: cannot roll back migration 005: ui_config row 'theme' was changed since the migration wrote it: "
                + "it now holds \"light\", the migration wrote \"dark\"\n"), refused.err());
        assertEquals(drifted, TestDb.sha256(db));
        Cli rollback = Cli.run("rollback", MAPPING_005.toString(), "--db", db.toString(), "--discard-later-writes");
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertTrue(!TestDb.tables(db).contains("ui_config"));
        assertEquals("004", TestDb.one(db, "SELECT migration FROM mapper_history"));
    }

    @Test
    @DisplayName("a failing check names the key, value and expression; nothing written")
    void failingCheck() {
        Path db = TestDb.example(dir);
        assertEquals(0, ApplyCommandTest.apply(db).exitCode());
        TestDb.exec(db, "UPDATE router_config SET value = json_set(value, '$.maxModelsLoaded', 40)");
        String before = TestDb.sha256(db);

        Cli run = Cli.run(MAPPING_005.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("examples/005-ui-config.yaml:19:76: error: ui_config.maxModels: 40 fails the check 'value <= 16'\n"), run.err());
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a columns source (single-row table), retire of a rows source, and rollback restoring every row")
    void columnsAndRowsSources() throws Exception {
        Path db = TestDb.fromSql(dir, "app.db", "CREATE TABLE app (port INTEGER, name TEXT, ratio REAL);"
                + "INSERT INTO app VALUES (8081, ' Demo ', 0.25);"
                + "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL);"
                + "INSERT INTO kv VALUES ('debug', 'yes'), ('retries', '3');");
        Path mapping = dir.resolve("m.yaml");
        Files.writeString(mapping, """
                migration: "010"
                name: columns_and_rows
                sources:
                  app: { table: app, shape: columns }
                  kv:  { table: kv, shape: rows, key_column: k, value_column: v }
                targets:
                  settings:
                    keys:
                      port:    { from: app.port, type: integer, min: 1, max: 65535 }
                      name:    { from: app.name, type: string, transform: "value.trim().toLowerCase()" }
                      percent: { from: app.ratio, type: number, transform: "value * 100" }
                      debug:   { from: kv.debug, type: boolean }
                      retries: { from: kv.retries, type: integer, check: "value < kv.retries.length() * 10" }
                retire: [kv]
                """);
        List<String> kvBefore = TestDb.query(db, "SELECT * FROM kv ORDER BY k");

        Cli run = Cli.run(mapping.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("{\"port\":8081,\"name\":\"demo\",\"percent\":25.00,\"debug\":true,\"retries\":3}",
                TestDb.one(db, "SELECT value FROM settings WHERE key = 'config'"));
        assertEquals(List.of(), TestDb.query(db, "SELECT * FROM kv"));
        assertEquals(List.of("app | null | {\"port\":8081,\"name\":\" Demo \",\"ratio\":0.25}", "kv | debug | yes", "kv | retries | 3"),
                TestDb.query(db, "SELECT source_table, source_key, original_value FROM migration_backup_010 ORDER BY id"));

        Cli rollback = Cli.run("rollback", mapping.toString(), "--db", db.toString());
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertEquals(kvBefore, TestDb.query(db, "SELECT * FROM kv ORDER BY k"));
        assertEquals(List.of("app", "kv"), TestDb.tables(db));
        assertEquals(List.of(), TestDb.query(db, "SELECT name FROM sqlite_sequence"));
    }

    @ParameterizedTest(name = "{0} first")
    @ValueSource(strings = {"quant", "ctx"})
    @DisplayName("two rows sources on one table with different value columns: each reads its own column, apply verifies, verify and rollback agree")
    void twoRowsSourcesOnOneTable(String first) throws Exception {
        Path db = TestDb.fromSql(dir, "app.db", "CREATE TABLE models (name TEXT PRIMARY KEY, quantization TEXT, ctx_size INTEGER);"
                + "INSERT INTO models VALUES ('m1', 'Q4_K_M', 4096), ('m2', 'Q8_0', 8192);");
        String quant = "  quant: { table: models, shape: rows, key_column: name, value_column: quantization }\n";
        String ctx = "  ctx:   { table: models, shape: rows, key_column: name, value_column: ctx_size }\n";
        Path mapping = dir.resolve("m.yaml");
        Files.writeString(mapping, """
                migration: "011"
                name: model_config
                sources:
                """ + (first.equals("quant") ? quant + ctx : ctx + quant) + """
                targets:
                  model_config:
                    shape: rows
                    keys:
                      m1.quant: { from: quant.m1, type: string }
                      m1.ctx:   { from: ctx.m1, type: integer, min: 1 }
                      m2.quant: { from: quant.m2, type: string }
                      m2.ctx:   { from: ctx.m2, type: integer, min: 1 }
                """);

        Cli run = Cli.run(mapping.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("m1.ctx | 4096", "m1.quant | Q4_K_M", "m2.ctx | 8192", "m2.quant | Q8_0"),
                TestDb.query(db, "SELECT key, value FROM model_config ORDER BY key"));
        Cli verify = Cli.run("verify", mapping.toString(), "--db", db.toString());
        assertEquals(0, verify.exitCode(), verify::toString);
        Cli rollback = Cli.run("rollback", mapping.toString(), "--db", db.toString());
        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertEquals(List.of("models"), TestDb.tables(db));
    }
}
