package dev.mapper.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.SchemaDump;
import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The llama-dashboard's whole history as one migration folder (mappings/004…009), on databases of
 * the app's three ages: each converges to the schema the current app creates fresh (plus
 * logs.metadata), the app's own statements work afterwards, and every migration rolls back exactly.
 */
class AppHistoryTest {
    static final Path FOLDER = Path.of("mappings");
    static final List<String> APP_TABLES = List.of("logs", "metadata", "metrics", "models", "server_config");
    static final String APP_METRICS_INSERT = "INSERT INTO metrics (cpu_usage, memory_usage, disk_usage, active_models, uptime, gpu_usage, "
            + "gpu_memory_used, gpu_memory_total, swap_usage) VALUES (20.5, 40.0, 60.0, 1, 99.0, 33.0, 1024.0, 8192.0, 1.5)";
    static final String APP_MODELS_INSERT = "INSERT OR REPLACE INTO models (id, name, type, status, parameters, model_path, file_size, params, "
            + "quantization, ctx_size, embedding_size, block_count, head_count, head_count_kv, ffn_dim, file_type, batch_size, threads, favorite, "
            + "created_at, updated_at) VALUES ('m3', 'Phi-4', 'phi3', 'idle', '{}', './models/phi-4.gguf', 100, '14B', 'Q4_K_M', 4096, 5120, 40, 40, 10, "
            + "17920, 15, 512, 4, 1, 1764000500, 1764000500)";
    static final String APP_LOGS_INSERT = "INSERT INTO logs (level, message, source, metadata) VALUES ('info', 'llama-server ready', 'llama-server', '{\"port\":8080}')";

    @TempDir
    Path dir;

    static Path ageSql(String age) {
        return age.equals("middle") ? TestDb.EXAMPLE_SQL : Path.of("src/test/resources/llama-dashboard/" + age + ".sql");
    }

    Path database(String age) {
        return database(age, age + ".db");
    }

    Path database(String age, String file) {
        try {
            return TestDb.fromSql(dir, file, Files.readString(ageSql(age)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the current app creates fresh, plus logs.metadata: the schema every age must reach. */
    Path reference() {
        Path db = database("current", "reference.db");
        TestDb.exec(db, "ALTER TABLE logs ADD COLUMN metadata TEXT");
        return db;
    }

    static List<Path> migrations() throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(f -> f.getFileName().toString().matches("[0-9]+-?[^.]*\\.yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"oldest", "middle", "current"})
    @DisplayName("apply mappings/ brings a database of every age to the current app's schema; the app's INSERTs work afterwards")
    void everyAgeConverges(String age) {
        Path db = database(age);
        Path reference = reference();

        Cli run = Cli.run("apply", FOLDER.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().endsWith("mappings: 6 migration(s) applied, 0 already applied.\n"), run.out());
        assertEquals(SchemaDump.columns(reference, APP_TABLES), SchemaDump.columns(db, APP_TABLES));
        assertEquals(SchemaDump.indexes(reference), SchemaDump.indexes(db).stream().filter(i -> !i.contains("_config_key")).toList());
        TestDb.exec(db, APP_METRICS_INSERT + "; " + APP_MODELS_INSERT + "; " + APP_LOGS_INSERT);
        assertEquals("1.5 | 1 | 5120", TestDb.one(db, "SELECT (SELECT swap_usage FROM metrics ORDER BY id DESC LIMIT 1), "
                + "(SELECT favorite FROM models WHERE id = 'm3'), (SELECT embedding_size FROM models WHERE id = 'm3')"));
        assertEquals("{\"port\":8080}", TestDb.one(db, "SELECT metadata FROM logs ORDER BY id DESC LIMIT 1"));
        assertEquals(List.of("null"), TestDb.query(db, "SELECT DISTINCT coalesce(metadata, 'null') FROM logs WHERE id <= 3"));
        assertEquals("false", TestDb.one(db, "SELECT json_type(value, '$.flashAttention') FROM router_config"));
    }

    @Test
    @DisplayName("existing rows read the new columns' defaults: 0 as an integer in models, 0 as a real in metrics, NULL in logs")
    void existingRowsReadTheDefaults() {
        Path db = database("oldest");
        assertEquals(0, Cli.run("apply", FOLDER.toString(), "--db", db.toString()).exitCode());

        assertEquals(List.of("m1 | 0 | integer | 0 | 0", "m2 | 0 | integer | 0 | 0"),
                TestDb.query(db, "SELECT id, favorite, typeof(favorite), embedding_size, file_type FROM models ORDER BY id"));
        assertEquals(List.of("0.0 | real | 0.0 | 0.0"), TestDb.query(db, "SELECT DISTINCT swap_usage, typeof(swap_usage), gpu_usage, gpu_memory_total FROM metrics"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"oldest", "middle", "current"})
    @DisplayName("each migration rolls back exactly, newest first: columns, indexes, rows and every value as before it")
    void everyRollbackIsExact(String age) throws IOException {
        Path db = database(age);
        List<List<String>> before = new ArrayList<>();
        for (Path m : migrations()) {
            before.add(SchemaDump.all(db));
            Cli run = Cli.run("apply", m.toString(), "--db", db.toString());
            assertEquals(0, run.exitCode(), run::toString);
        }
        List<Path> files = migrations();
        for (int i = files.size() - 1; i >= 0; i--) {
            Cli run = Cli.run("rollback", files.get(i).toString(), "--db", db.toString());
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals(before.get(i), SchemaDump.all(db), "after rolling back " + files.get(i));
        }
    }

    @Test
    @DisplayName("a column that exists declared otherwise stops the folder at that migration, naming table, column and both declarations")
    void declaredOtherwiseStopsTheFolder() {
        Path db = database("middle");
        TestDb.exec(db, "ALTER TABLE metrics ADD COLUMN swap_usage TEXT");

        Cli run = Cli.run("apply", FOLDER.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("mappings/006-metrics_gpu_swap.yaml:11:5: error: column metrics.swap_usage exists declared TEXT, "
                + "but migration 006 declares it REAL DEFAULT 0\n"), run.err());
        assertEquals(List.of("004", "005"), TestDb.query(db, "SELECT migration FROM mapper_history ORDER BY id"));
        assertEquals("TEXT", TestDb.one(db, "SELECT type FROM pragma_table_info('metrics') WHERE name = 'swap_usage'"));
        assertTrue(run.err().contains("stopped at mappings/006-metrics_gpu_swap.yaml; the migrations before it stay applied"), run.err());
    }

    @Test
    @DisplayName("an index that exists declared otherwise stops the migration, naming both declarations")
    void indexDeclaredOtherwise() {
        Path db = database("middle");
        TestDb.exec(db, "CREATE INDEX idx_models_created ON models(created_at)");
        String sha = TestDb.sha256(db);

        Cli run = Cli.run("apply", "mappings/008-indexes.yaml", "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("error: index idx_models_created exists as INDEX ON models(created_at), but migration 008 declares it "
                + "INDEX ON models(created_at DESC)\n"), run.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("rollback refuses to drop a column the app has written since, changing nothing; --discard-later-writes drops it")
    void columnWrittenSince() {
        Path db = database("middle");
        assertEquals(0, Cli.run("apply", FOLDER.toString(), "--db", db.toString()).exitCode());
        TestDb.exec(db, "UPDATE models SET favorite = 1 WHERE id = 'm2'");
        String sha = TestDb.sha256(db);

        Cli refused = Cli.run("rollback", "mappings/005-models_gguf_metadata.yaml", "--db", db.toString());

        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals("error: cannot roll back migration 005: models.favorite: 1 row(s) hold values written since the "
                + "migration added the column (it filled 0); dropping the column would lose them\n"
                + "  hint: rollback undoes exactly what migration 005 changed, and the database is no longer as it left it; nothing was changed. "
                + "To undo it anyway and lose what was written since, run rollback again with --discard-later-writes\n", refused.err());
        assertEquals(sha, TestDb.sha256(db));

        Cli run = Cli.run("rollback", "mappings/005-models_gguf_metadata.yaml", "--db", db.toString(), "--discard-later-writes");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Rolled back migration 005: dropped column models.favorite, dropped column models.file_type, "), run.out());
        assertEquals(List.of(), TestDb.query(db, "SELECT name FROM pragma_table_info('models') WHERE name IN ('favorite', 'embedding_size')"));
    }

    @Test
    @DisplayName("009 rolls back key by key: flashAttention goes, a value the app changed since in another key stays")
    void documentEvolvedInPlace() {
        Path db = database("middle");
        assertEquals(0, Cli.run("apply", FOLDER.toString(), "--db", db.toString()).exitCode());
        String written004 = TestDb.one(db, "SELECT json_remove(value, '$.flashAttention') FROM router_config");
        TestDb.exec(db, "UPDATE router_config SET value = json_set(value, '$.port', 9090)");

        Cli run = Cli.run("rollback", "mappings/009-router_runtime_flags.yaml", "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Rolled back migration 009: dropped migration_backup_009, put back router_config row 'config', history row removed."),
                run.out());
        assertEquals(written004.replace("\"port\":8080", "\"port\":9090"), TestDb.one(db, "SELECT value FROM router_config"));
    }

    @Test
    @DisplayName("009's rollback refuses when the app changed flashAttention since; the file is unchanged")
    void documentKeyChangedSince() {
        Path db = database("middle");
        assertEquals(0, Cli.run("apply", FOLDER.toString(), "--db", db.toString()).exitCode());
        TestDb.exec(db, "UPDATE router_config SET value = json_set(value, '$.flashAttention', json('true'))");
        String sha = TestDb.sha256(db);

        Cli run = Cli.run("rollback", "mappings/009-router_runtime_flags.yaml", "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: cannot roll back migration 009: router_config row 'config' was changed since the migration wrote it: "
                + "flashAttention is true (the migration wrote false)\n"), run.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("rolling back 004 while 009 (which evolves its document) is applied is refused, naming 009")
    void dependentMigration() {
        Path db = database("middle");
        assertEquals(0, Cli.run("apply", FOLDER.toString(), "--db", db.toString()).exitCode());
        String sha = TestDb.sha256(db);

        Cli run = Cli.run("rollback", "mappings/004.yaml", "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("error: cannot roll back migration 004: applied migration(s) 009 (router_runtime_flags) read or change what it wrote\n"
                + "  hint: roll back 009 first (newest first); nothing was changed\n", run.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a revision of 004 applied after 009: 009's flashAttention is 009's key, not drift of 004; status and verify say applied")
    void revisionAfterALaterInPlaceMigration() throws IOException {
        Path db = database("middle");
        assertEquals(0, Cli.run("apply", FOLDER.toString(), "--db", db.toString()).exitCode());
        Path edited = dir.resolve("004.yaml");
        Files.writeString(edited, Files.readString(FOLDER.resolve("004.yaml")).replace(
                "      temperature:", "      topK:              { from: server.top_k, type: integer, default: 40 }\n      temperature:"));
        Cli revision = Cli.run("apply", edited.toString(), "--db", db.toString());
        assertEquals(0, revision.exitCode(), revision::toString);

        Cli status = Cli.run("status", edited.toString(), "--db", db.toString());
        Cli verify = Cli.run("verify", edited.toString(), "--db", db.toString());

        assertEquals(0, status.exitCode(), status::toString);
        assertFalse(status.out().contains("flashAttention"), status.out());
        assertEquals(0, verify.exitCode(), verify::toString);
        assertEquals("1", TestDb.one(db, "SELECT json_extract(value, '$.topK') = 40 AND json_type(value, '$.flashAttention') = 'false' FROM router_config"));
    }

    @Test
    @DisplayName("a column or index a migration declares, dropped since, is drift: status and verify exit 1 naming it; intact, verify says what it checked")
    void schemaDrift() {
        Path db = database("middle");
        assertEquals(0, Cli.run("apply", FOLDER.toString(), "--db", db.toString()).exitCode());

        Cli intact = Cli.run("verify", "mappings/008-indexes.yaml", "--db", db.toString());
        assertEquals(0, intact.exitCode(), intact::toString);
        assertEquals("Verify    ok: migration 008 (indexes): 8 index(es) exist as declared.\n", intact.out());
        Cli columns = Cli.run("verify", "mappings/005-models_gguf_metadata.yaml", "--db", db.toString());
        assertEquals("Verify    ok: migration 005 (models_gguf_metadata): 7 column(s) exist as declared.\n", columns.out());

        TestDb.exec(db, "DROP INDEX idx_logs_level");
        TestDb.exec(db, "ALTER TABLE models DROP COLUMN favorite");
        String sha = TestDb.sha256(db);

        Cli status = Cli.run("status", FOLDER.toString(), "--db", db.toString());
        Cli verify = Cli.run("verify", "mappings/008-indexes.yaml", "--db", db.toString());

        assertEquals(1, status.exitCode(), status::toString);
        assertTrue(status.out().contains("005      models_gguf_metadata  drifted"), status.out());
        assertTrue(status.out().contains("005 drifted:\n  column models.favorite is missing, expected INTEGER DEFAULT 0\n"), status.out());
        assertTrue(status.out().contains("008 drifted:\n  index idx_logs_level is missing, expected INDEX ON logs(level)\n"), status.out());
        assertEquals(1, verify.exitCode(), verify::toString);
        assertEquals("error: drifted: index idx_logs_level is missing, expected INDEX ON logs(level)\n"
                + "  hint: migration 008 declares otherwise; if the app changed this on purpose it is expected, otherwise put back what each line "
                + "expects (the migration wrote it: no backup taken before it holds it)\n", verify.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("plan shows each column as added or already there, in text and --json, and changes nothing")
    void planShowsTheSchemaChanges() {
        Path db = database("middle");
        String sha = TestDb.sha256(db);

        Cli text = Cli.run("plan", "mappings/006-metrics_gpu_swap.yaml", "--db", db.toString());
        Cli json = Cli.run("plan", "mappings/006-metrics_gpu_swap.yaml", "--db", db.toString(), "--json");

        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().contains("Schema    (+ added by this migration, = already there, declared the same: left alone)\n"
                + "  = column metrics.gpu_usage         REAL DEFAULT 0\n"
                + "  = column metrics.gpu_memory_used   REAL DEFAULT 0\n"
                + "  = column metrics.gpu_memory_total  REAL DEFAULT 0\n"
                + "  + column metrics.swap_usage        REAL DEFAULT 0\n"), text.out());
        assertTrue(json.out().contains("{\"object\":\"column metrics.swap_usage\",\"declaration\":\"REAL DEFAULT 0\",\"action\":\"add\","
                + "\"sql\":\"ALTER TABLE \\\"metrics\\\" ADD COLUMN \\\"swap_usage\\\" REAL DEFAULT 0\"}"), json.out());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("status of the folder shows that 009 builds on 004, in text and in --json")
    void statusShowsTheDependency() {
        Path db = database("middle");
        assertEquals(0, Cli.run("apply", FOLDER.toString(), "--db", db.toString()).exitCode());

        Cli text = Cli.run("status", FOLDER.toString(), "--db", db.toString());
        Cli json = Cli.run("status", FOLDER.toString(), "--db", db.toString(), "--json");

        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().contains("\n009 builds on 004: it reads or changes what that migration wrote, so roll it back first\n"), text.out());
        assertTrue(json.out().contains("\"buildsOn\":[\"004\"]"), json.out());
    }

    @Test
    @DisplayName("rollback refuses to drop a table another table's foreign key points at (ON DELETE CASCADE would delete its rows)")
    void foreignKeyFromAnotherTable() {
        Path db = database("middle");
        assertEquals(0, Cli.run("apply", "mappings/004.yaml", "--db", db.toString()).exitCode());
        TestDb.exec(db, "CREATE TABLE profiles (id INTEGER PRIMARY KEY, config TEXT REFERENCES router_config(key) ON DELETE CASCADE); "
                + "INSERT INTO profiles (config) VALUES ('config')");
        String sha = TestDb.sha256(db);

        Cli run = Cli.run("rollback", "mappings/004.yaml", "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: cannot roll back migration 004: table profiles has a foreign key to router_config: dropping router_config "
                + "would break it (or, ON DELETE CASCADE, delete its rows); drop or change that foreign key first\n"), run.err());
        assertEquals(sha, TestDb.sha256(db));
        assertEquals("1", TestDb.one(db, "SELECT count(*) FROM profiles"));
    }

    @Test
    @DisplayName("the retired rows are recorded whole: with the backup table gone, rollback says so, and when told to discard it, "
            + "still puts server_config back byte for byte")
    void backupTableGone() {
        Path db = database("middle");
        String server = TestDb.one(db, "SELECT hex(value) FROM server_config");
        assertEquals(0, Cli.run("apply", "mappings/004.yaml", "--db", db.toString()).exitCode());
        TestDb.exec(db, "DROP TABLE migration_backup_004");
        String sha = TestDb.sha256(db);

        Cli refused = Cli.run("rollback", "mappings/004.yaml", "--db", db.toString());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: cannot roll back migration 004: table migration_backup_004 was dropped since\n"), refused.err());
        assertEquals(sha, TestDb.sha256(db));

        Cli run = Cli.run("rollback", "mappings/004.yaml", "--db", db.toString(), "--discard-later-writes");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(server, TestDb.one(db, "SELECT hex(value) FROM server_config"));
    }

    @Test
    @DisplayName("applied by a mapper without change records and the backup table gone: rollback refuses; it never deletes the settings "
            + "from both places")
    void backupTableMissingWithoutRecords() {
        Path db = database("middle");
        assertEquals(0, Cli.run("apply", "mappings/004.yaml", "--db", db.toString()).exitCode());
        TestDb.exec(db, "DROP TABLE migration_backup_004; DROP TABLE mapper_changes");
        String sha = TestDb.sha256(db);

        Cli run = Cli.run("rollback", "mappings/004.yaml", "--db", db.toString(), "--discard-later-writes");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("error: cannot roll back migration 004: the backup table migration_backup_004 is missing, so the retired rows of "
                + "server_config row 'config' cannot be restored\n"), run.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a retired row comes back whole: every column, BLOBs, text that is not UTF-8, reals and big integers, byte for byte")
    void retiredRowsComeBackWhole() throws IOException {
        Path db = TestDb.fromSql(dir, "legacy.db", "CREATE TABLE legacy (key TEXT PRIMARY KEY, value TEXT, note BLOB, raw TEXT, n REAL, i INTEGER, "
                + "updated_at INTEGER DEFAULT 7); INSERT INTO legacy VALUES ('port', '8080', X'00ff10', CAST(X'c328e282' AS TEXT), 0.1, 4611686018427387905, 1764000000)");
        Path mapping = dir.resolve("m.yaml");
        Files.writeString(mapping, """
                migration: "100"
                name: retire_legacy
                sources:
                  old: { table: legacy, shape: rows }
                targets:
                  net_config:
                    keys:
                      port: { from: old.port, type: integer }
                retire: [old]
                """);
        String row = "SELECT key, hex(value), hex(note), typeof(note), hex(CAST(raw AS BLOB)), typeof(raw), n, typeof(n), i, updated_at FROM legacy";
        String before = TestDb.one(db, row);
        assertEquals(0, Cli.run("apply", mapping.toString(), "--db", db.toString()).exitCode());
        assertEquals(List.of(), TestDb.query(db, "SELECT * FROM legacy"));

        Cli run = Cli.run("rollback", mapping.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Rolled back migration 100: 1 source row(s) restored, dropped net_config, migration_backup_100"), run.out());
        assertEquals(before, TestDb.one(db, row));
        assertEquals("0.1", TestDb.one(db, "SELECT n = 0.1 AND i = 4611686018427387905 FROM legacy").equals("1") ? "0.1" : "changed");
    }

    @Test
    @DisplayName("a target table that existed, empty, before apply is left empty by rollback, not dropped and not holding mapper's rows")
    void targetThatExistedEmpty() {
        Path db = database("middle");
        TestDb.exec(db, "CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER)");
        List<String> before = SchemaDump.all(db);
        assertEquals(0, Cli.run("apply", "mappings/004.yaml", "--db", db.toString()).exitCode());
        assertEquals("1", TestDb.one(db, "SELECT count(*) FROM router_config"));

        Cli run = Cli.run("rollback", "mappings/004.yaml", "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(before, SchemaDump.all(db));
    }

    @Test
    @DisplayName("rows 004 inserted into a table that existed are not deleted by rollback when another table's foreign key points at it")
    void foreignKeyToATableThatExisted() {
        Path db = database("middle");
        TestDb.exec(db, "CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER); "
                + "CREATE TABLE profiles (id INTEGER PRIMARY KEY, config TEXT REFERENCES router_config(key) ON DELETE CASCADE)");
        assertEquals(0, Cli.run("apply", "mappings/004.yaml", "--db", db.toString()).exitCode());
        TestDb.exec(db, "INSERT INTO profiles (config) VALUES ('config')");
        String sha = TestDb.sha256(db);

        Cli run = Cli.run("rollback", "mappings/004.yaml", "--db", db.toString(), "--discard-later-writes");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: cannot roll back migration 004: table profiles has a foreign key to router_config: deleting "
                + "router_config row 'config' could break it (or, ON DELETE CASCADE, delete its rows); drop or change that foreign key first\n"), run.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a row the app added to a table 004 created makes rollback refuse; the file is unchanged")
    void rowAddedSince() {
        Path db = database("middle");
        assertEquals(0, Cli.run("apply", "mappings/004.yaml", "--db", db.toString()).exitCode());
        TestDb.exec(db, "INSERT INTO router_config (key, value) VALUES ('profile2', '{}')");
        String sha = TestDb.sha256(db);

        Cli run = Cli.run("rollback", "mappings/004.yaml", "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: cannot roll back migration 004: table router_config has 1 row(s) the migration did not write (added since)\n"),
                run.err());
        assertEquals(sha, TestDb.sha256(db));
        assertFalse(run.err().contains("Exception"), run.err());
    }
}
