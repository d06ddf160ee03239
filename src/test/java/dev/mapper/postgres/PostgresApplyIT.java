package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration 004 applied through the command line to the example's tables on a real PostgreSQL
 * server: the same documents, backup rows, history and change records as on SQLite, read back.
 */
class PostgresApplyIT {
    @TempDir
    Path dir;
    private PgDb db;

    @BeforeEach
    void load() {
        db = PgDb.example(dir.resolve("backups"));
    }

    static List<String> rows(Connection c, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @Test
    void apply004WritesWhatSqliteWrites() throws Exception {
        Path sqlite = TestDb.example(dir);
        Cli onSqlite = Cli.run("apply", TestDb.MAPPING_004.toString(), "--db", sqlite.toString());
        assertEquals(0, onSqlite.exitCode(), onSqlite::toString);

        Cli run = db.run("apply", TestDb.MAPPING_004.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Database  " + db.url() + "?schema=public"), run::toString);
        for (String table : new String[] {"router_config", "logging_config"}) {
            assertEquals(TestDb.query(sqlite, "SELECT key, value FROM " + table), db.query("SELECT key, value FROM " + table), table);
        }
        assertEquals(List.of(), db.query("SELECT * FROM server_config"), "retired");
        assertEquals(TestDb.query(sqlite, "SELECT source_table, source_key, original_value FROM migration_backup_004 ORDER BY id"),
                db.query("SELECT source_table, source_key, original_value FROM migration_backup_004 ORDER BY id"));
        assertEquals(List.of("1 | 004 | 1 | unify_router_config | applied | " + TestDb.one(sqlite, "SELECT checksum FROM mapper_history")),
                db.query("SELECT id, migration, revision, name, kind, checksum FROM mapper_history"));
        assertEquals(TestDb.query(sqlite, "SELECT id, migration, revision, seq, kind, table_name, item FROM mapper_changes ORDER BY id"),
                db.query("SELECT id, migration, revision, seq, kind, table_name, item FROM mapper_changes ORDER BY id"));
        assertEquals(List.of("text", "text"), db.query("SELECT data_type FROM information_schema.columns WHERE table_name = 'router_config' "
                + "AND column_name IN ('key', 'value') ORDER BY column_name"));
        String backup = db.query("SELECT backup_file FROM mapper_history").get(0);
        assertTrue(backup.startsWith(dir.resolve("backups").toAbsolutePath() + "/"), backup);
        String script = Files.readString(Path.of(backup));
        assertTrue(script.contains("COPY \"server_config\" (\"key\", \"value\") FROM stdin;\nconfig\t{\"serverPath\":\"\""), script);
        assertTrue(run.out().contains("psql -v ON_ERROR_STOP=1 --single-transaction -f '" + backup + "'"), run::toString);

        Cli again = db.run("apply", TestDb.MAPPING_004.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("already applied"), again::toString);
    }
}
