package dev.mapper.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapper.db.SqliteDialect;
import dev.mapper.model.ColumnDecl;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mapper_changes} keeps of a column computed per row ({@link ColumnValues}): by rowid, as
 * SQLite always wrote it (an older mapper's record reads back the same), and by key, as PostgreSQL writes it.
 */
class ColumnValuesRecordTest {
    private static final ColumnDecl LABEL = new ColumnDecl("TEXT", null, false);

    @TempDir
    Path dir;

    @Test
    @DisplayName("a record an older mapper wrote (rows, max_rowid, sha256) is read as it was; a keyed one round-trips, and has no max_rowid")
    void oldAndKeyedRecords() throws Exception {
        SqliteDialect dialect = new SqliteDialect();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
            ChangeLog log = new ChangeLog(dialect, c);
            Change.ColumnAdded keyed = new Change.ColumnAdded("models", "label", LABEL, "from name",
                    new ColumnValues(3, 0, "ab".repeat(32), new ColumnValues.Keyed(List.of("model", "part"), 2, "cd".repeat(32))));
            log.record("011", 1, List.of(keyed));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mapper_changes (migration, revision, seq, kind, table_name, item, after, detail) "
                    + "VALUES ('010', 1, 1, 'column_added', 'models', 'size_mb', ?, 'INTEGER')")) {
                ps.setString(1, "{\"type\":\"INTEGER\",\"default\":null,\"not_null\":false,\"computed_by\":\"from file_size\","
                        + "\"filled\":{\"rows\":2,\"max_rowid\":7,\"sha256\":\"" + "ef".repeat(32) + "\"}}");
                ps.executeUpdate();
            }

            assertEquals(List.of(new Change.ColumnAdded("models", "size_mb", new ColumnDecl("INTEGER", null, false), "from file_size",
                    new ColumnValues(2, 7, "ef".repeat(32)))), log.read("010", 1));
            assertEquals(List.of(keyed), log.read("011", 1));
            assertEquals(List.of("{\"type\":\"TEXT\",\"default\":null,\"not_null\":false,\"computed_by\":\"from name\",\"filled\":{\"rows\":3,"
                    + "\"key\":[\"model\",\"part\"],\"not_default\":2,\"keys_sha256\":\"" + "cd".repeat(32) + "\",\"sha256\":\"" + "ab".repeat(32) + "\"}}"),
                    dev.mapper.TestDb.query(dir.resolve("t.db"), "SELECT after FROM mapper_changes WHERE migration = '011'"));
        }
    }
}
