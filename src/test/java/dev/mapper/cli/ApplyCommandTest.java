package dev.mapper.cli;

import static dev.mapper.TestDb.MAPPING_004;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.Db;
import dev.mapper.Engine;
import dev.mapper.Example004;
import dev.mapper.TestDb;
import dev.mapper.model.MappingReader;
import dev.mapper.postgres.PgDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mapper apply of 004 on SQLite; {@link PostgresApplyCommandIT} runs the same tests on PostgreSQL ("unchanged"
 * is the file's SHA-256 there, the server's fingerprint here). What only a SQLite file can go through (a file
 * that is not a database, a busy file, WAL mode) is in {@link ApplyCommandSqliteFileTest}.
 */
class ApplyCommandTest {
    static final String ROUTER_CONFIG = Example004.ROUTER_CONFIG;
    static final String LOGGING_CONFIG = Example004.LOGGING_CONFIG;
    static final String SERVER_CONFIG = Example004.SERVER_CONFIG;

    @TempDir
    Path dir;

    /** The engine these tests run on. */
    Engine engine() {
        return Engine.SQLITE;
    }

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
        Db db = engine().example(dir);
        Cli run = apply(db);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(ROUTER_CONFIG, db.one("SELECT value FROM router_config WHERE key = 'config'"));
        assertEquals(LOGGING_CONFIG, db.one("SELECT value FROM logging_config WHERE key = 'config'"));
        assertEquals(List.of("1 | 1"), db.query("SELECT COUNT(*), COUNT(updated_at) FROM router_config"));
        assertEquals(List.of(), db.query("SELECT * FROM server_config"));
        assertEquals(1, db.query("SELECT * FROM metadata WHERE key = 'user_settings'").size());
        assertEquals(List.of("idx_logging_config_key", "idx_router_config_key"), db.indexes().stream().filter(i -> i.startsWith("idx_")).toList());
        assertEquals(List.of("server_config | config | " + SERVER_CONFIG, "metadata | user_settings | " + db.one(
                        "SELECT value FROM metadata WHERE key = 'user_settings'")),
                db.query("SELECT source_table, source_key, original_value FROM migration_backup_004 ORDER BY id"));
        assertEquals("004 | 1 | unify_router_config | applied | " + MappingReader.read(MAPPING_004).checksum() + " | 20 | 2",
                db.one("SELECT migration, revision, name, kind, checksum, keys_written, rows_backed_up FROM mapper_history"));
        // the tables 004 does not name are untouched
        assertEquals(List.of("3"), db.query("SELECT COUNT(*) FROM logs"));
        assertEquals(List.of("2"), db.query("SELECT COUNT(*) FROM models"));
        assertEquals(List.of("3"), db.query("SELECT COUNT(*) FROM metrics"));
    }

    @Test
    @DisplayName("apply prints the plan, the backup file (which exists and holds the original) and the verification")
    void printsPlanBackupAndVerification() throws Exception {
        Db db = engine().example(dir);
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
        if (db instanceof PgDb pg) {
            // a server's backup is a psql script in --backup-dir, printed with the command that restores it
            assertEquals(pg.backupDir(), backup.getParent());
            String restore = "psql -v ON_ERROR_STOP=1 --single-transaction -f '" + backup + "' '" + pg.address() + "'";
            assertEquals(List.of("Backup    " + backup + " (the rows of every table the migration uses, before any change; restore them with: " + restore
                    + "); 2 source row(s) saved in table migration_backup_004"), run.out().lines().filter(l -> l.startsWith("Backup ")).toList());
            String script = Files.readString(backup);
            assertTrue(script.contains("\nCOPY \"server_config\" (\"key\", \"value\") FROM stdin;\nconfig\t" + SERVER_CONFIG + "\n\\.\n"), script);
            assertTrue(script.contains("\nDROP TABLE IF EXISTS \"router_config\";\n"), script);
            assertFalse(script.contains("COPY \"router_config\""), script);
        } else {
            assertEquals(dir, backup.getParent());
            assertEquals(List.of("Backup    " + backup + " (copy of the database before any change); 2 source row(s) saved in table migration_backup_004"),
                    run.out().lines().filter(l -> l.startsWith("Backup ")).toList());
            assertEquals(SERVER_CONFIG, TestDb.one(backup, "SELECT value FROM server_config WHERE key = 'config'"));
            assertFalse(TestDb.tables(backup).contains("router_config"));
        }
    }

    @Test
    @DisplayName("a second apply says 'already applied' and does not change a byte")
    void secondRunIsNoOp() {
        Db db = engine().example(dir);
        assertEquals(0, apply(db).exitCode());
        String before = db.fingerprint();
        long backups = db.backups();

        Cli again = apply(db);

        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("Migration 004 is already applied with this exact mapping; nothing to do."), again.out());
        assertEquals(before, db.fingerprint());
        assertEquals(backups, db.backups(), "no backup when nothing is written");
        assertEquals(List.of("2"), db.query("SELECT COUNT(*) FROM migration_backup_004"));
    }

    @Test
    @DisplayName("legacy values of the wrong JSON type convert strictly: \"8080\", \"false\", 0/1, \"WARN\"")
    void legacyTypesConvert() {
        Db db = engine().fromSql(dir, "legacy.db", legacy(
                "{\"llama_server_port\":\"9090\",\"llama_server_metrics\":\"false\",\"auto_start_on_launch\":1,\"threads\":\"8\",\"temperature\":\"0.5\"}",
                "{\"logLevel\":\"WARN\",\"enableFileLogging\":0,\"enableConsoleLogging\":\"no\",\"gpuLayers\":33.0}"));

        Cli run = apply(db);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("{\"modelsPath\":\"./models\",\"serverPath\":\"/home/bamer/llama.cpp/build/bin/llama-server\",\"host\":\"0.0.0.0\",\"port\":9090,"
                        + "\"maxModelsLoaded\":4,\"parallelSlots\":1,\"ctxSize\":4096,\"gpuLayers\":33,\"threads\":8,\"batchSize\":512,\"temperature\":0.5,"
                        + "\"repeatPenalty\":1.1,\"metricsEnabled\":false,\"autoStartOnLaunch\":true}",
                db.one("SELECT value FROM router_config"));
        assertEquals("{\"level\":\"warn\",\"maxFileSize\":10485760,\"maxFiles\":7,\"enableFileLogging\":false,\"enableDatabaseLogging\":true,"
                + "\"enableConsoleLogging\":false}", db.one("SELECT value FROM logging_config"));
    }

    @Test
    @DisplayName("with both settings rows missing every key takes its default")
    void missingRowsGiveDefaults() {
        Db db = engine().fromSql(dir, "empty.db", legacy(null, null));

        Cli run = apply(db);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("server_config row 'config': missing: its keys take their defaults"), run.out());
        assertEquals("{\"modelsPath\":\"./models\",\"serverPath\":\"/home/bamer/llama.cpp/build/bin/llama-server\",\"host\":\"0.0.0.0\",\"port\":8080,"
                        + "\"maxModelsLoaded\":4,\"parallelSlots\":1,\"ctxSize\":4096,\"gpuLayers\":0,\"threads\":4,\"batchSize\":512,\"temperature\":0.7,"
                        + "\"repeatPenalty\":1.1,\"metricsEnabled\":true,\"autoStartOnLaunch\":false}",
                db.one("SELECT value FROM router_config"));
        assertEquals(LOGGING_CONFIG, db.one("SELECT value FROM logging_config"));
        assertEquals(List.of("0"), db.query("SELECT COUNT(*) FROM migration_backup_004"));
    }

    @Test
    @DisplayName("a value that does not convert fails with file:line:col, key, value, source; every bad key reported; database unchanged")
    void badValuesFailWithoutChange() {
        Db db = engine().fromSql(dir, "bad.db", legacy("{\"llama_server_port\":\"80x\",\"threads\":0}", "{\"enableFileLogging\":\"maybe\"}"));
        String before = db.fingerprint();

        Cli run = apply(db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("mappings/004.yaml:23:7: error: router_config.port: \"80x\" is not an integer (from server.llama_server_port)\n"), run.err());
        assertTrue(run.err().contains("  hint: expected integer from 1 to 65535;"), run.err());
        assertTrue(run.err().contains("error: router_config.threads: 0 is below the minimum 1 (from server.threads)"), run.err());
        assertTrue(run.err().contains("mappings/004.yaml:43:7: error: logging_config.enableFileLogging: \"maybe\" is not a boolean"), run.err());
        assertTrue(run.err().contains("3 errors"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertEquals(before, db.fingerprint());
        assertEquals(0, db.backups()); // it failed before taking a backup
    }

    /** The backup file named on apply's "Backup" line. */
    static Path backupFileIn(Cli run) {
        String line = run.out().lines().filter(l -> l.startsWith("Backup    ")).findFirst().orElseThrow(() -> new AssertionError(run.out()));
        return Path.of(line.substring("Backup    ".length(), line.indexOf(" (")));
    }

    @Test
    @DisplayName("verification catches a trigger that alters a written value; everything is rolled back")
    void verificationFailureRollsBack() {
        Db db = engine().example(dir);
        db.exec("CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);" + db.pick(
                "CREATE TRIGGER tamper AFTER INSERT ON router_config BEGIN UPDATE router_config SET value = json_set(value, '$.port', 1); END;",
                "CREATE FUNCTION tamper() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE router_config SET value = "
                        + "jsonb_set(value::jsonb, '{port}', '1')::text; RETURN NULL; END $$;"
                        + "CREATE TRIGGER tamper AFTER INSERT ON router_config FOR EACH ROW EXECUTE FUNCTION tamper();"));
        String before = db.fingerprint();

        Cli run = apply(db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("error: verification failed: router_config.port is 1, expected 8080"), run.err());
        assertTrue(run.err().contains("hint: all changes were rolled back and mapper's backup copy deleted: the database is as it was\n"), run.err());
        assertEquals(before, db.fingerprint());
        assertEquals(0, db.backups());
    }

    @Test
    @DisplayName("verification catches a write to a table the mapping does not name")
    void verificationCatchesSideEffects() {
        Db db = engine().example(dir);
        db.exec("CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);" + db.pick(
                "CREATE TRIGGER audit AFTER INSERT ON router_config BEGIN INSERT INTO logs (level, message) VALUES ('info', 'x'); END;",
                "CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO logs (level, message) VALUES ('info', 'x'); RETURN NULL; END $$;"
                        + "CREATE TRIGGER audit AFTER INSERT ON router_config FOR EACH ROW EXECUTE FUNCTION audit();"));
        String before = db.fingerprintBesidesSequences();

        Cli run = apply(db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("error: verification failed: table logs changed, but the mapping does not name it"), run.err());
        // the app's trigger drew an id from logs' sequence, which PostgreSQL does not roll back
        assertEquals(before, db.fingerprintBesidesSequences());
    }

    @Test
    @DisplayName("an applied mapping edited afterwards applies as revision 2 (it used to be refused): the key is added, both checksums are in history")
    void editedMappingAppliesAsRevision2() throws Exception {
        Db db = engine().example(dir);
        assertEquals(0, apply(db).exitCode());
        Path edited = dir.resolve("004.yaml");
        String text = Files.readString(MAPPING_004).replace("      gpuLayers:", "      flashAttention:    { from: server.flash_attn, type: boolean, default: false }\n      gpuLayers:");
        Files.writeString(edited, text);

        Cli run = db.run(edited.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(ROUTER_CONFIG.replace("\"ctxSize\":4096,", "\"ctxSize\":4096,\"flashAttention\":false,"),
                db.one("SELECT value FROM router_config WHERE key = 'config'"));
        assertEquals(List.of("1 | " + MappingReader.read(MAPPING_004).checksum(), "2 | " + MappingReader.parse("x", text).checksum()),
                db.query("SELECT revision, checksum FROM mapper_history ORDER BY id"));
    }

    @Test
    @DisplayName("a database migrated by the old JS script: equal targets are recorded as baseline, nothing else written")
    void oldScriptBaseline() throws Exception {
        Db db = engine().example(dir);
        // what 004_unify_router_config.js leaves: targets written, source row deleted, a backup table with duplicate rows
        db.exec("CREATE TABLE migration_backup_004 (id INTEGER PRIMARY KEY AUTOINCREMENT, source_table TEXT NOT NULL, source_key TEXT, original_value TEXT, migrated_at INTEGER);"
                + "INSERT INTO migration_backup_004 (source_table, source_key, original_value) SELECT 'server_config', key, value FROM server_config;"
                + "INSERT INTO migration_backup_004 (source_table, source_key, original_value) SELECT 'server_config', key, value FROM server_config;"
                + "INSERT INTO migration_backup_004 (source_table, source_key, original_value) SELECT 'metadata', key, value FROM metadata WHERE key = 'user_settings';"
                + "CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "CREATE TABLE logging_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "INSERT INTO router_config (key, value) VALUES ('config', '" + ROUTER_CONFIG + "');"
                + "INSERT INTO logging_config (key, value) VALUES ('config', '" + LOGGING_CONFIG + "');"
                + "DELETE FROM server_config;");
        String routerBefore = db.one("SELECT value FROM router_config");

        Cli run = apply(db);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("recorded migration 004 in mapper_history as a baseline"), run.out());
        assertEquals("baseline", db.one("SELECT kind FROM mapper_history"));
        assertEquals(routerBefore, db.one("SELECT value FROM router_config"));
        assertEquals(List.of("3"), db.query("SELECT COUNT(*) FROM migration_backup_004"));
    }

    @Test
    @DisplayName("targets that differ from what the mapping computes are refused with the differing keys; nothing written")
    void oldScriptDifferentValuesRefused() {
        Db db = engine().example(dir);
        db.exec("CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "INSERT INTO router_config (key, value) VALUES ('config', '" + ROUTER_CONFIG.replace("\"autoStartOnLaunch\":true", "\"autoStartOnLaunch\":false") + "');");
        String before = db.fingerprint();

        Cli run = apply(db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("error: target already holds a different value: router_config.autoStartOnLaunch is false, expected true"), run.err());
        assertTrue(run.err().contains("error: target already holds a different value: logging_config has no row 'config'")
                || run.err().contains("table logging_config does not exist"), run.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("--adopt: a database the old script migrated with other values is recorded as adopted after listing them; status then "
            + "reports no drift, and drift again when the app changes a value; rollback forgets the record and keeps the targets")
    void oldScriptAdopted() {
        Db db = engine().example(dir);
        String router = ROUTER_CONFIG.replace("\"autoStartOnLaunch\":true", "\"autoStartOnLaunch\":false");
        db.exec("CREATE TABLE router_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "CREATE TABLE logging_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);"
                + "INSERT INTO router_config (key, value) VALUES ('config', '" + router + "');"
                + "INSERT INTO logging_config (key, value) VALUES ('config', '" + LOGGING_CONFIG + "');");
        String before = db.fingerprint();

        Cli refused = apply(db);
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("  hint: applied state, apply again with --adopt; if the targets are wrong"), refused.err());
        assertEquals(before, db.fingerprint());

        Cli run = apply(db, "--adopt");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("router_config.autoStartOnLaunch is false, expected true"), run.out());
        assertTrue(run.out().contains("recorded migration 004 in mapper_history as adopted. Nothing else was written; rollback forgets the record."), run.out());
        assertEquals("adopted", db.one("SELECT kind FROM mapper_history"));
        assertEquals(router, db.one("SELECT value FROM router_config"));
        Cli status = db.run("status", MAPPING_004.toString());
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().startsWith("004 (unify_router_config): applied at revision 1 ("), status.out());
        assertTrue(status.out().contains(" UTC, adopted), sha256 "), status.out());

        db.setJson("router_config", "config", "port", 9999L);
        Cli drift = db.run("status", MAPPING_004.toString());
        assertTrue(drift.out().contains("drifted") || drift.err().contains("drifted"), drift.toString());

        assertEquals(0, db.run("rollback", MAPPING_004.toString()).exitCode());
        assertEquals(List.of(), db.tables().stream().filter(t -> t.equals("mapper_history") || t.equals("mapper_changes")).toList());
        assertEquals("9999", db.json("router_config", "config", "port"));
    }

    @Test
    @DisplayName("a missing source table fails before any write")
    void missingSourceTable() {
        Db db = engine().fromSql(dir, "nometa.db", "CREATE TABLE server_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);");
        String before = db.fingerprint();

        Cli run = apply(db);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: source table 'metadata' (source 'settings') does not exist in the database\n"), run.err());
        assertEquals(before, db.fingerprint());
    }
}
