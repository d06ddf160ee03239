package dev.mapper.apply.history;

import dev.mapper.change.ChangeLog;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code mapper_history} table: one row per applied revision of a migration (1 for the first
 * apply, 2 after the edited mapping is applied, …) with the full mapping text, written in the same transaction.
 */
public final class History {
    public static final String TABLE = "mapper_history";

    /** One history row. {@code kind} is "applied", or "baseline" for a database migrated before mapper. */
    public record Entry(long id, String migration, int revision, String name, String kind, String checksum, String mapping,
            long appliedAt, List<String> createdTables, String backupFile) {}

    private final Dialect dialect;
    private final Connection connection;

    public History(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /** The latest revision of a migration, if it is applied. */
    public Optional<Entry> latest(String migration) throws SQLException {
        List<Entry> all = revisions(migration);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every applied revision of a migration, oldest first (revision 1, 2, …). */
    public List<Entry> revisions(String migration) throws SQLException {
        return select(" WHERE migration = ?", migration);
    }

    /** Every history row, in the order they were applied. */
    public List<Entry> all() throws SQLException {
        return select("", null);
    }

    private List<Entry> select(String where, String migration) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        if (!dialect.tableExists(connection, TABLE)) {
            return entries;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, migration, revision, name, kind, checksum, mapping, "
                + "applied_at, created_tables, backup_file FROM " + dialect.quote(TABLE) + where + " ORDER BY id")) {
            if (migration != null) {
                ps.setString(1, migration);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                            DamagedHistory.checksum(rs.getLong(1), rs.getString(6)), rs.getString(7), rs.getLong(8),
                            DamagedHistory.tables(rs.getLong(1), rs.getString(9)), rs.getString(10)));
                }
            }
        }
        return entries;
    }

    public Connection connection() {
        return connection;
    }

    public void record(String migration, int revision, String name, String kind, String checksum, String mappingText, long durationMs,
            int keysWritten, int rowsBackedUp, List<String> createdTables, String backupFile) throws SQLException {
        try (var s = connection.createStatement()) {
            s.executeUpdate(dialect.createHistoryTable(TABLE));
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + dialect.quote(TABLE)
                + " (migration, revision, name, kind, checksum, mapping, applied_at, duration_ms, keys_written, rows_backed_up,"
                + " created_tables, backup_file, mapper_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, migration);
            ps.setInt(2, revision);
            ps.setString(3, name);
            ps.setString(4, kind);
            ps.setString(5, checksum);
            ps.setString(6, mappingText);
            ps.setLong(7, System.currentTimeMillis() / 1000);
            ps.setLong(8, durationMs);
            ps.setInt(9, keysWritten);
            ps.setInt(10, rowsBackedUp);
            ps.setString(11, Json.write(createdTables));
            ps.setString(12, backupFile);
            ps.setString(13, Version.current());
            ps.executeUpdate();
        }
    }

    /** Removes a history row; drops the table when it was the last, leaving the schema as mapper found it. */
    public void remove(Entry entry) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + dialect.quote(TABLE) + " WHERE id = ?")) {
            ps.setLong(1, entry.id());
            ps.executeUpdate();
        }
        ChangeLog.tidy(dialect, connection, TABLE);
    }
}
