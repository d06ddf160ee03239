package dev.mapper.cli;

import static dev.mapper.TestDb.MAPPING_004;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.Db;
import dev.mapper.Example004;
import dev.mapper.TestDb;
import dev.mapper.model.MappingReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyCommandTest {
    static final String ROUTER_CONFIG = Example004.ROUTER_CONFIG;
    static final String LOGGING_CONFIG = Example004.LOGGING_CONFIG;
    static final String SERVER_CONFIG = Example004.SERVER_CONFIG;

    @TempDir
    Path dir;

    /** 004 applied to {@code db} on either engine, {@code extra} options after the database's. */
    static Cli apply(Db db, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(MAPPING_004.toString()));
        args.addAll(db.options());
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    static Cli apply(Path db, String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = MAPPING_004.toString();
        args[1] = "--db";
        args[2] = db.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return Cli.run(args);
    }

    /** The legacy schema with the two settings documents given (null leaves the row out). */
    static String legacy(String serverConfig, String userSettings) {
        return "CREATE TABLE server_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                + "CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "CREATE TABLE logs (id INTEGER PRIMARY KEY AUTOINCREMENT, level TEXT NOT NULL, message TEXT NOT NULL, source TEXT, timestamp INTEGER);"
                + (serverConfig == null ? "" : "INSERT INTO server_config VALUES ('config', '" + serverConfig.replace("'", "''") + "');")
                + (userSettings == null ? "" : "INSERT INTO metadata VALUES ('user_settings', '" + userSettings.replace("'", "''") + "', 1);");
    }

    @Test
    @DisplayName("004 on the example writes exactly the two documents, retires server_config.config, keeps user_settings")
    void appliesTheExample() {
        Path db = TestDb.example(dir);
        Cli run = apply(db);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(ROUTER_CONFIG, TestDb.one(db, "SELECT value FROM router_config WHERE key = 'config'"));
        assertEquals(LOGGING_CONFIG, TestDb.one(db, "SELECT value FROM logging_config WHERE key = 'config'"));
        assertEquals(List.of("1 | 1"), TestDb.query(db, "SELECT COUNT(*), COUNT(updated_at) FROM router_config"));
        assertEquals(List.of(), TestDb.query(db, "SELECT * FROM server_config"));
        assertEquals(1, TestDb.query(db, "SELECT * FROM metadata WHERE key = 'user_settings'").size());
        assertEquals(List.of("idx_logging_config_key", "idx_router_config_key"),
                TestDb.query(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%' ORDER BY name"));
        assertEquals(List.of("server_config | config | " + SERVER_CONFIG, "metadata | user_settings | " + TestDb.one(db,
                        "SELECT value FROM metadata WHERE key = 'user_settings'")),
                TestDb.query(db, "SELECT source_table, source_key, original_value FROM migration_backup_004 ORDER BY id"));
        assertEquals("004 | 1 | unify_router_config | applied | " + MappingReader.read(MAPPING_004).checksum() + " | 20 | 2",
                TestDb.one(db, "SELECT migration, revision, name, kind, checksum, keys_written, rows_backed_up FROM mapper_history"));
        // the tables 004 does not name are untouched
        assertEquals(List.of("3"), TestDb.query(db, "SELECT COUNT(*) FROM logs"));
        assertEquals(List.of("2"), TestDb.query(db, "SELECT COUNT(*) FROM models"));
        assertEquals(List.of("3"), TestDb.query(db, "SELECT COUNT(*) FROM metrics"));
    }

    @Test
    @DisplayName("apply prints the plan, the backup file (which exists and holds the original) and the verification")
    void printsPlanBackupAndVerification() {
        Path db = TestDb.example(dir);
        Cli run = apply(db);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("    port               8080                                      server.llama_server_port\n"), run.out());
        assertTrue(run.out().contains("    modelsPath         \"./models\"                                default: server.baseModelsPath is blank\n"), run.out());
        assertTrue(run.out().contains("\nPlan: 10 SQL steps in one transaction (mapper plan --sql lists them; apply --verbose prints each as it runs)\n"),
                run.out());
        assertFalse(run.out().contains("DELETE FROM"), "the SQL is listed only on request: " + run.out());
        assertTrue(run.out().lines().count() <= 40, "one screen: " + run.out());
        assertTrue(run.out().contains("Verify    ok: 20 keys in 2 target(s)"), run.out());
        assertTrue(run.out().contains("Applied migration 004 in "), run.out());
        Path backup = backupFileIn(run);
        assertTrue(Files.exists(backup), backup::toString);
        assertEquals(dir, backup.getParent());
        assertEquals(SERVER_CONFIG, TestDb.one(backup, "SELECT value FROM server_config WHERE key = 'config'"));
        assertFalse(TestDb.tables(backup).contains("router_config"));
    }

    @Test
    @DisplayName("a second apply says 'already applied' and does not change a byte")
    void secondRunIsNoOp() {
        Path db = TestDb.example(dir);
        assertEquals(0, apply(db).exitCode());
        String before = TestDb.sha256(db);

        Cli again = apply(db);

        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("Migration 004 is already applied with this exact mapping; nothing to do."), again.out());
        assertEquals(before, TestDb.sha256(db));
        assertEquals(List.of("2"), TestDb.query(db, "SELECT COUNT(*) FROM migration_backup_004"));
    }

    @Test
    @DisplayName("legacy values of the wrong JSON type convert strictly: \"8080\", \"false\", 0/1, \"WARN\"")
    void legacyTypesConvert() {
        Path db = TestDb.fromSql(dir, "legacy.db", legacy(
                "{\"llama_server_port\":\"9090\",\"llama_server_metrics\":\"false\",\"auto_start_on_launch\":1,\"threads\":\"8\",\"temperature\":\"0.5\"}",
                "{\"logLevel\":\"WARN\",\"enableFileLogging\":0,\"enableConsoleLogging\":\"no\",\"gpuLayers\":33.0}"));

        Cli run = apply(db);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("{\"modelsPath\":\"./models\",\"serverPath\":\"/home/bamer/llama.cpp/build/bin/llama-server\",\"host\":\"0.0.0.0\",\"port\":9090,"
                        + "\"maxModelsLoaded\":4,\"parallelSlots\":1,\"ctxSize\":4096,\"gpuLayers\":33,\"threads\":8,\"batchSize\":512,\"temperature\":0.5,"
                        + "\"repeatPenalty\":1.1,\"metricsEnabled\":false,\"autoStartOnLaunch\":true}",
                TestDb.one(db, "SELECT value FROM router_config"));
        assertEquals("{\"level\":\"warn\",\"maxFileSize\":10485760,\"maxFiles\":7,\"enableFileLogging\":false,\"enableDatabaseLogging\":true,"
                + "\"enableConsoleLogging\":false}", TestDb.one(db, "SELECT value FROM logging_config"));
    }

    @Test
    @DisplayName("with both settings rows missing every key takes its default")
    void missingRowsGiveDefaults() {
        Path db = TestDb.fromSql(dir, "empty.db", legacy(null, null));

        Cli run = apply(db);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("server_config row 'config': missing: its keys take their defaults"), run.out());
        assertEquals("{\"modelsPath\":\"./models\",\"serverPath\":\"/home/bamer/llama.cpp/build/bin/llama-server\",\"host\":\"0.0.0.0\",\"port\":8080,"
                        + "\"maxModelsLoaded\":4,\"parallelSlots\":1,\"ctxSize\":4096,\"gpuLayers\":0,\"threads\":4,\"batchSize\":512,\"temperature\":0.7,"
                        + "\"repeatPenalty\":1.1,\"metricsEnabled\":true,\"autoStartOnLaunch\":false}",
                TestDb.one(db, "SELECT value FROM router_config"));
        assertEquals(LOGGING_CONFIG, TestDb.one(db, "SELECT value FROM logging_config"));
        assertEquals(List.of("0"), TestDb.query(db, "SELECT COUNT(*) FROM migration_backup_004"));
    }

    @Test
    @DisplayName("a value that does not convert fails with file:line:col, key, value, source; every bad key reported; database unchanged")
    void badValuesFailWithoutChange() {
        Path db = TestDb.fromSql(dir, "bad.db", legacy("{\"llama_server_port\":\"80x\",\"threads\":0}", "{\"enableFileLogging\":\"maybe\"}"));
        String before = TestDb.sha256(db);

        Cli run = apply(db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("mappings/004.yaml:23:7: error: router_config.port: \"80x\" is not an integer (from server.llama_server_port)\n"), run.err());
        assertTrue(run.err().contains("  hint: expected integer from 1 to 65535;"), run.err());
        assertTrue(run.err().contains("error: router_config.threads: 0 is below the minimum 1 (from server.threads)"), run.err());
        assertTrue(run.err().contains("mappings/004.yaml:43:7: error: logging_config.enableFileLogging: \"maybe\" is not a boolean"), run.err());
        assertTrue(run.err().contains("3 errors"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertEquals(before, TestDb.sha256(db));
        assertEquals(List.of(), backupFiles()); // it failed before taking a backup
    }

    /** The backup file named on apply's "Backup" line. */
    static Path backupFileIn(Cli run) {
        String line = run.out().lines().filter(l -> l.startsWith("Backup    ")).findFirst().orElseThrow(() -> new AssertionError(run.out()));
        return Path.of(line.substring("Backup    ".length(), line.indexOf(" (copy")));
    }

    private List<Path> backupFiles() {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".bak")).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("verification catches a trigger that alters a written value; everything is rolled back")
    void verificationFailureRollsBack() {
        Path db = TestDb.example(dir);
        TestDb.exec(db, "CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "CREATE TRIGGER tamper AFTER INSERT ON router_config BEGIN UPDATE router_config SET value = json_set(value, '$.port', 1); END;");
        String before = TestDb.sha256(db);

        Cli run = apply(db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("error: verification failed: router_config.port is 1, expected 8080"), run.err());
        assertTrue(run.err().contains("hint: all changes were rolled back and mapper's backup copy deleted: the database is as it was\n"), run.err());
        assertEquals(before, TestDb.sha256(db));
        assertEquals(List.of(), backupFiles());
    }

    @Test
    @DisplayName("verification catches a write to a table the mapping does not name")
    void verificationCatchesSideEffects() {
        Path db = TestDb.example(dir);
        TestDb.exec(db, "CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "CREATE TRIGGER audit AFTER INSERT ON router_config BEGIN INSERT INTO logs (level, message) VALUES ('info', 'x'); END;");
        String before = TestDb.sha256(db);

        Cli run = apply(db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("error: verification failed: table logs changed, but the mapping does not name it"), run.err());
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("an applied mapping edited afterwards applies as revision 2 (it used to be refused): the key is added, both checksums are in history")
    void editedMappingAppliesAsRevision2() throws Exception {
        Path db = TestDb.example(dir);
        assertEquals(0, apply(db).exitCode());
        Path edited = dir.resolve("004.yaml");
        String text = Files.readString(MAPPING_004).replace("      gpuLayers:", "      flashAttention:    { from: server.flash_attn, type: boolean, default: false }\n      gpuLayers:");
        Files.writeString(edited, text);

        Cli run = Cli.run(edited.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(ROUTER_CONFIG.replace("\"ctxSize\":4096,", "\"ctxSize\":4096,\"flashAttention\":false,"),
                TestDb.one(db, "SELECT value FROM router_config WHERE key = 'config'"));
        assertEquals(List.of("1 | " + MappingReader.read(MAPPING_004).checksum(), "2 | " + MappingReader.parse("x", text).checksum()),
                TestDb.query(db, "SELECT revision, checksum FROM mapper_history ORDER BY id"));
    }

    @Test
    @DisplayName("a database migrated by the old JS script: equal targets are recorded as baseline, nothing else written")
    void oldScriptBaseline() throws Exception {
        Path db = TestDb.example(dir);
        // what 004_unify_router_config.js leaves: targets written, source row deleted, a backup table with duplicate rows
        TestDb.exec(db, "CREATE TABLE migration_backup_004 (id INTEGER PRIMARY KEY AUTOINCREMENT, source_table TEXT NOT NULL, source_key TEXT, original_value TEXT, migrated_at INTEGER);"
                + "INSERT INTO migration_backup_004 (source_table, source_key, original_value) SELECT 'server_config', key, value FROM server_config;"
                + "INSERT INTO migration_backup_004 (source_table, source_key, original_value) SELECT 'server_config', key, value FROM server_config;"
                + "INSERT INTO migration_backup_004 (source_table, source_key, original_value) SELECT 'metadata', key, value FROM metadata WHERE key = 'user_settings';"
                + "CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "CREATE TABLE logging_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "INSERT INTO router_config (key, value) VALUES ('config', '" + ROUTER_CONFIG + "');"
                + "INSERT INTO logging_config (key, value) VALUES ('config', '" + LOGGING_CONFIG + "');"
                + "DELETE FROM server_config;");
        String routerBefore = TestDb.one(db, "SELECT value FROM router_config");

        Cli run = apply(db);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("recorded migration 004 in mapper_history as a baseline"), run.out());
        assertEquals("baseline", TestDb.one(db, "SELECT kind FROM mapper_history"));
        assertEquals(routerBefore, TestDb.one(db, "SELECT value FROM router_config"));
        assertEquals(List.of("3"), TestDb.query(db, "SELECT COUNT(*) FROM migration_backup_004"));
    }

    @Test
    @DisplayName("targets that differ from what the mapping computes are refused with the differing keys; nothing written")
    void oldScriptDifferentValuesRefused() {
        Path db = TestDb.example(dir);
        TestDb.exec(db, "CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "INSERT INTO router_config (key, value) VALUES ('config', '" + ROUTER_CONFIG.replace("\"autoStartOnLaunch\":true", "\"autoStartOnLaunch\":false") + "');");
        String before = TestDb.sha256(db);

        Cli run = apply(db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("error: target already holds a different value: router_config.autoStartOnLaunch is false, expected true"), run.err());
        assertTrue(run.err().contains("error: target already holds a different value: logging_config has no row 'config'")
                || run.err().contains("table logging_config does not exist"), run.err());
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("--adopt: a database the old script migrated with other values is recorded as adopted after listing them; status then "
            + "reports no drift, and drift again when the app changes a value; rollback forgets the record and keeps the targets")
    void oldScriptAdopted() {
        Path db = TestDb.example(dir);
        String router = ROUTER_CONFIG.replace("\"autoStartOnLaunch\":true", "\"autoStartOnLaunch\":false");
        TestDb.exec(db, "CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "CREATE TABLE logging_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "INSERT INTO router_config (key, value) VALUES ('config', '" + router + "');"
                + "INSERT INTO logging_config (key, value) VALUES ('config', '" + LOGGING_CONFIG + "');");
        String before = TestDb.sha256(db);

        Cli refused = apply(db);
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("  hint: applied state, apply again with --adopt; if the targets are wrong"), refused.err());
        assertEquals(before, TestDb.sha256(db));

        Cli run = Cli.run("apply", MAPPING_004.toString(), "--db", db.toString(), "--adopt");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("router_config.autoStartOnLaunch is false, expected true"), run.out());
        assertTrue(run.out().contains("recorded migration 004 in mapper_history as adopted. Nothing else was written; rollback forgets the record."), run.out());
        assertEquals("adopted", TestDb.one(db, "SELECT kind FROM mapper_history"));
        assertEquals(router, TestDb.one(db, "SELECT value FROM router_config"));
        assertEquals(0, Cli.run("status", MAPPING_004.toString(), "--db", db.toString()).exitCode());
        Cli status = Cli.run("status", MAPPING_004.toString(), "--db", db.toString());
        assertTrue(status.out().startsWith("004 (unify_router_config): applied at revision 1 ("), status.out());
        assertTrue(status.out().contains(" UTC, adopted), sha256 "), status.out());

        TestDb.exec(db, "UPDATE router_config SET value = json_set(value, '$.port', 9999)");
        Cli drift = Cli.run("status", MAPPING_004.toString(), "--db", db.toString());
        assertTrue(drift.out().contains("drifted") || drift.err().contains("drifted"), drift.toString());

        assertEquals(0, Cli.run("rollback", MAPPING_004.toString(), "--db", db.toString()).exitCode());
        assertEquals(List.of(), TestDb.query(db, "SELECT name FROM sqlite_master WHERE name IN ('mapper_history', 'mapper_changes')"));
        assertEquals("9999", TestDb.one(db, "SELECT json_extract(value, '$.port') FROM router_config"));
    }

    @Test
    @DisplayName("a missing source table fails before any write")
    void missingSourceTable() {
        Path db = TestDb.fromSql(dir, "nometa.db", "CREATE TABLE server_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);");
        String before = TestDb.sha256(db);

        Cli run = apply(db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: source table 'metadata' (source 'settings') does not exist in the database\n"), run.err());
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a missing database is not created; a file that is not SQLite is refused and left alone")
    void badDatabaseFiles() throws Exception {
        Path missing = dir.resolve("nope.db");
        Cli run = apply(missing);
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: database " + missing + " does not exist\n"), run.err());
        assertFalse(Files.exists(missing));

        Path text = dir.resolve("notes.db");
        Files.writeString(text, "not a database");
        run = apply(text);
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: database " + text + " is not a SQLite database (its header is wrong)\n"), run.err());
        assertEquals("not a database", Files.readString(text));
    }

    @Test
    @DisplayName("another program holding the write lock: mapper waits --wait seconds, then fails cleanly")
    void busyDatabase() throws Exception {
        Path db = TestDb.example(dir);
        String before = TestDb.sha256(db);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            Cli run = apply(db, "--wait", "1");
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith("error: database " + db + " is busy: another program holds its write lock (waited 1 s)\n"), run.err());
            assertTrue(run.err().contains("hint: stop the app (or the other mapper run) and retry, or wait longer with --wait SECONDS"), run.err());
            s.execute("ROLLBACK");
        }
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a database in WAL mode, as the app runs it, with the app's connection open: applies and rolls back correctly")
    void walModeWithLiveReader() throws Exception {
        Path db = TestDb.example(dir);
        TestDb.exec(db, "PRAGMA journal_mode = WAL");
        try (Connection app = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = app.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM server_config").close(); // the app's connection keeps the -wal file alive

            Cli run = apply(db);

            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(Files.exists(Path.of(db + "-wal")));
            try (var rs = s.executeQuery("SELECT value FROM router_config")) {
                rs.next();
                assertEquals(ROUTER_CONFIG, rs.getString(1)); // the app sees the committed result at once
            }
            Path backup = backupFileIn(run);
            assertEquals(SERVER_CONFIG, TestDb.one(backup, "SELECT value FROM server_config WHERE key = 'config'"));

            Cli rollback = Cli.run("rollback", MAPPING_004.toString(), "--db", db.toString());
            assertEquals(0, rollback.exitCode(), rollback::toString);
            try (var rs = s.executeQuery("SELECT value FROM server_config WHERE key = 'config'")) {
                rs.next();
                assertEquals(SERVER_CONFIG, rs.getString(1));
            }
        }
    }
}
