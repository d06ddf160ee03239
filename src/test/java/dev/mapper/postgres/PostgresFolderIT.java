package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's whole migration folder (004 … 009: documents, added columns, indexes, a document
 * evolved in place) applied to PostgreSQL as to SQLite, then rolled back newest first to exactly
 * the state 004 left.
 */
class PostgresFolderIT {
    @TempDir
    Path dir;
    @Test
    void theFolderAppliesAsOnSqliteAndRollsBackExactly() throws Exception {
        Path sqlite = TestDb.example(dir);
        Cli onSqlite = Cli.run("apply", "mappings/", "--db", sqlite.toString());
        assertEquals(0, onSqlite.exitCode(), onSqlite::toString);

        PgDb db = PgDb.example(dir.resolve("backups"));
        Cli first = db.run("apply", "mappings/004.yaml");
        assertEquals(0, first.exitCode(), first::toString);
        String after004 = db.fingerprint();
        Cli run = db.run("apply", "mappings/");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(TestDb.query(sqlite, "SELECT migration, revision, kind, checksum FROM mapper_history ORDER BY id"),
                db.query("SELECT migration, revision, kind, checksum FROM mapper_history ORDER BY id"));
        assertEquals(TestDb.query(sqlite, "SELECT migration, revision, seq, kind, table_name, item FROM mapper_changes ORDER BY id"),
                db.query("SELECT migration, revision, seq, kind, table_name, item FROM mapper_changes ORDER BY id"));
        assertEquals(TestDb.query(sqlite, "SELECT value FROM router_config"), db.query("SELECT value FROM router_config"));
        for (String table : new String[] {"models", "metrics", "logs"}) {
            assertEquals(TestDb.query(sqlite, "SELECT name || ' ' || lower(type) FROM pragma_table_info('" + table + "') ORDER BY cid"),
                    db.query("SELECT column_name || ' ' || CASE data_type WHEN 'bigint' THEN 'integer' ELSE data_type END "
                            + "FROM information_schema.columns WHERE table_name = '" + table + "' ORDER BY ordinal_position"),
                    table);
        }
        assertEquals(TestDb.query(sqlite, "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx\\_%' ESCAPE '\\' ORDER BY name"),
                db.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'idx\\_%' ORDER BY indexname COLLATE \"C\""));
        List<String> newestFirst = new ArrayList<>(List.of("mappings/005-models_gguf_metadata.yaml", "mappings/006-metrics_gpu_swap.yaml",
                "mappings/007-logs_metadata.yaml", "mappings/008-indexes.yaml", "mappings/009-router_runtime_flags.yaml"));
        java.util.Collections.reverse(newestFirst);
        for (String mapping : newestFirst) {
            Cli rollback = db.run("rollback", mapping);
            assertEquals(0, rollback.exitCode(), rollback::toString);
        }
        assertEquals(after004, db.fingerprint());
    }
}
