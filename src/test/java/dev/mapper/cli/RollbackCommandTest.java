package dev.mapper.cli;

import static dev.mapper.TestDb.MAPPING_004;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.Db;
import dev.mapper.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mapper rollback on SQLite; {@link PostgresRollbackCommandIT} runs the same tests on PostgreSQL. */
class RollbackCommandTest {
    @TempDir
    Path dir;

    /** The engine these tests run on. */
    Engine engine() {
        return Engine.SQLITE;
    }

    static Cli rollback(Path mapping, Db db) {
        return db.run("rollback", mapping.toString());
    }

    @Test
    @DisplayName("rollback restores server_config.config byte-for-byte and removes everything 004 created")
    void restoresTheOriginal() {
        Db db = engine().example(dir);
        List<String> tablesBefore = db.tables();
        List<String> serverBefore = db.query("SELECT key, value FROM server_config");
        List<String> metadataBefore = db.query("SELECT * FROM metadata ORDER BY key");
        assertEquals(0, ApplyCommandTest.apply(db).exitCode());

        Cli run = rollback(MAPPING_004, db);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Rolled back migration 004: 1 source row(s) restored, dropped logging_config, router_config, migration_backup_004, history row removed."), run.out());
        assertEquals(serverBefore, db.query("SELECT key, value FROM server_config"));
        assertEquals(metadataBefore, db.query("SELECT * FROM metadata ORDER BY key"));
        assertEquals(tablesBefore, db.tables());
        assertEquals(List.of(), db.indexes());
    }

    @Test
    @DisplayName("after a rollback the migration applies again, to the same result")
    void applyAgainAfterRollback() {
        Db db = engine().example(dir);
        assertEquals(0, ApplyCommandTest.apply(db).exitCode());
        String router = db.one("SELECT value FROM router_config");
        assertEquals(0, rollback(MAPPING_004, db).exitCode());

        Cli again = ApplyCommandTest.apply(db);

        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(router, db.one("SELECT value FROM router_config"));
        assertEquals(List.of("2"), db.query("SELECT COUNT(*) FROM migration_backup_004"));
    }

    @Test
    @DisplayName("rollback follows the mapping text recorded in history, even if the file was edited since")
    void usesRecordedMapping() throws Exception {
        Db db = engine().example(dir);
        assertEquals(0, ApplyCommandTest.apply(db).exitCode());
        Path edited = dir.resolve("004.yaml");
        Files.writeString(edited, Files.readString(MAPPING_004).replace("retire: [server]", "retire: []"));

        Cli run = rollback(edited, db);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(1, db.query("SELECT * FROM server_config WHERE key = 'config'").size());
    }

    @Test
    @DisplayName("rollback of a migration that is not applied does nothing")
    void notApplied() {
        Db db = engine().example(dir);
        String before = db.fingerprint();

        Cli run = rollback(MAPPING_004, db);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("Migration 004 is not applied to " + db.shown() + "; nothing to roll back.\n", run.out());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("rollback refuses to overwrite a source row the app wrote again since; database unchanged")
    void refusesToOverwrite() {
        Db db = engine().example(dir);
        assertEquals(0, ApplyCommandTest.apply(db).exitCode());
        db.exec("INSERT INTO server_config VALUES ('config', '{\"port\":1234}')");
        String before = db.fingerprint();

        Cli run = rollback(MAPPING_004, db);

        assertEquals(1, run.exitCode(), run::toString);
        String retired = "'{\"serverPath\":\"\",\"host\":\"localhost\",\"port\":8080,\"baseModelsPath\":\"\",\"ctx_size\":4096,\"threads\":4,"
                + "\"batch_size\":512,\"temperature\":0.7,\"repeatPenalty\":1.1,\"llama_server_port\":8080,\"llama_server_host\":\"0.0.0.0\","
                + "\"llama_server_metrics\":true,\"auto_start_on_launch\":true}'";
        assertTrue(run.err().startsWith("error: cannot roll back migration 004: server_config row 'config' was written again since the migration retired it, "
                + "with other values, and rollback never overwrites it. Compare the two before you delete anything: value is now '{\"port\":1234}'; "
                + "the retired row rollback would put back has value " + retired + ". If the row now holds the app's data, keep it and leave "
                + "the migration applied; only if it is not needed, delete it, then retry\n"), run.err());
        assertEquals(before, db.fingerprint());
    }
}
