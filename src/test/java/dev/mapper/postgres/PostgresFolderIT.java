package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
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
    private final PgServer server = PgServer.get();

    @Test
    void theFolderAppliesAsOnSqliteAndRollsBackExactly() throws Exception {
        Path sqlite = TestDb.example(dir);
        Cli onSqlite = Cli.run("apply", "mappings/", "--db", sqlite.toString());
        assertEquals(0, onSqlite.exitCode(), onSqlite::toString);

        String url = server.freshDatabase();
        try (Connection c = server.connectUrl(url)) {
            PgExample.load(c);
        }
        String backups = dir.resolve("backups").toString();
        Cli first = Cli.run("apply", "mappings/004.yaml", "--db", url, "--backup-dir", backups);
        assertEquals(0, first.exitCode(), first::toString);
        String after004;
        try (Connection c = server.connectUrl(url)) {
            after004 = PgFingerprint.of(c);
        }
        Cli run = Cli.run("apply", "mappings/", "--db", url, "--backup-dir", backups);
        assertEquals(0, run.exitCode(), run::toString);
        try (Connection c = server.connectUrl(url)) {
            assertEquals(TestDb.query(sqlite, "SELECT migration, revision, kind, checksum FROM mapper_history ORDER BY id"),
                    PostgresApplyIT.rows(c, "SELECT migration, revision, kind, checksum FROM mapper_history ORDER BY id"));
            assertEquals(TestDb.query(sqlite, "SELECT migration, revision, seq, kind, table_name, item FROM mapper_changes ORDER BY id"),
                    PostgresApplyIT.rows(c, "SELECT migration, revision, seq, kind, table_name, item FROM mapper_changes ORDER BY id"));
            assertEquals(TestDb.query(sqlite, "SELECT value FROM router_config"), PostgresApplyIT.rows(c, "SELECT value FROM router_config"));
            for (String table : new String[] {"models", "metrics", "logs"}) {
                assertEquals(TestDb.query(sqlite, "SELECT name || ' ' || lower(type) FROM pragma_table_info('" + table + "') ORDER BY cid"),
                        PostgresApplyIT.rows(c, "SELECT column_name || ' ' || CASE data_type WHEN 'bigint' THEN 'integer' ELSE data_type END "
                                + "FROM information_schema.columns WHERE table_name = '" + table + "' ORDER BY ordinal_position"),
                        table);
            }
            assertEquals(TestDb.query(sqlite, "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx\\_%' ESCAPE '\\' ORDER BY name"),
                    PostgresApplyIT.rows(c, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'idx\\_%' ORDER BY indexname COLLATE \"C\""));
        }
        List<String> newestFirst = new ArrayList<>(List.of("mappings/005-models_gguf_metadata.yaml", "mappings/006-metrics_gpu_swap.yaml",
                "mappings/007-logs_metadata.yaml", "mappings/008-indexes.yaml", "mappings/009-router_runtime_flags.yaml"));
        java.util.Collections.reverse(newestFirst);
        for (String mapping : newestFirst) {
            Cli rollback = Cli.run("rollback", mapping, "--db", url, "--backup-dir", backups);
            assertEquals(0, rollback.exitCode(), rollback::toString);
        }
        try (Connection c = server.connectUrl(url)) {
            assertEquals(after004, PgFingerprint.of(c));
        }
    }
}
