package dev.mapper.apply.revision;

import java.util.Objects;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.diag.MapperException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code mapper_revision_backup} table: every row a revision of an edited mapping touches
 * (target rows, and the rows it adds to the backup table), whole, as it was before and after.
 * Rolling a revision back puts the "before" rows back exactly, and refuses if a row is no longer
 * what the revision left (the app changed it since), so a rollback never overwrites.
 */
public final class RevisionBackup {
    public static final String TABLE = "mapper_revision_backup";

    private final Dialect dialect;
    private final Connection connection;

    public RevisionBackup(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /** One saved row: {@code before} is null when the revision created the row. */
    record Saved(long id, String table, String keyColumn, String keyValue, String before, String after) {}

    /** Saves the row of {@code table} whose {@code keyColumn} is {@code keyValue} (or its absence) before a revision writes it. */
    void saveBefore(String migration, int revision, String table, String keyColumn, String keyValue) throws SQLException {
        save(migration, revision, table, keyColumn, keyValue, row(table, keyColumn, keyValue));
    }

    /** Notes a row the revision created (rollback deletes it). */
    void saveCreated(String migration, int revision, String table, String keyColumn, String keyValue) throws SQLException {
        save(migration, revision, table, keyColumn, keyValue, null);
    }

    private void save(String migration, int revision, String table, String keyColumn, String keyValue, String before) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate(dialect.createRevisionBackupTable(TABLE));
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + dialect.quote(TABLE)
                + " (migration, revision, table_name, key_column, key_value, before_row) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, migration);
            ps.setInt(2, revision);
            ps.setString(3, table);
            ps.setString(4, keyColumn);
            ps.setString(5, keyValue);
            ps.setString(6, before);
            ps.executeUpdate();
        }
    }

    /** Records every saved row of the revision as it is now, after the writes. */
    void saveAfter(String migration, int revision) throws SQLException {
        for (Saved saved : saved(migration, revision)) {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE " + dialect.quote(TABLE) + " SET after_row = ? WHERE id = ?")) {
                ps.setString(1, row(saved.table(), saved.keyColumn(), saved.keyValue()));
                ps.setLong(2, saved.id());
                ps.executeUpdate();
            }
        }
    }

    List<Saved> saved(String migration, int revision) throws SQLException {
        List<Saved> rows = new ArrayList<>();
        if (!dialect.tableExists(connection, TABLE)) {
            return rows;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, table_name, key_column, key_value, before_row, after_row FROM "
                + dialect.quote(TABLE) + " WHERE migration = ? AND revision = ? ORDER BY id")) {
            ps.setString(1, migration);
            ps.setInt(2, revision);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Saved(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return rows;
    }

    /**
     * Puts every row the revision touched back as it was before, newest first; forgets the saved
     * rows, and drops the table when it is empty. @return the number of rows restored
     */
    public int restore(String migration, int revision, String backupFile) throws SQLException {
        List<Saved> rows = saved(migration, revision);
        if (rows.isEmpty()) {
            return 0; // the revision wrote nothing (a removed key left in place, a new name)
        }
        for (Saved saved : rows) {
            String now = row(saved.table(), saved.keyColumn(), saved.keyValue());
            if (!Objects.equals(now, saved.after())) {
                throw MapperException.data(saved.table() + " row '" + saved.keyValue() + "' was changed since revision " + revision
                                + " of migration " + migration + " wrote it",
                        "rollback never overwrites: compare it with " + TABLE + " (after_row is what revision " + revision + " left),\n"
                                + "change or keep it yourself, then retry; nothing was changed");
            }
        }
        for (int i = rows.size() - 1; i >= 0; i--) {
            Saved saved = rows.get(i);
            if (saved.before() == null) {
                try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + dialect.quote(saved.table()) + " WHERE "
                        + dialect.quote(saved.keyColumn()) + " = ?")) {
                    ps.setString(1, saved.keyValue());
                    ps.executeUpdate();
                }
            } else {
                put(saved, parse(saved.before()), saved.after() != null);
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + dialect.quote(TABLE) + " WHERE migration = ? AND revision = ?")) {
            ps.setString(1, migration);
            ps.setInt(2, revision);
            ps.executeUpdate();
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + dialect.quote(TABLE))) {
            rs.next();
            if (rs.getLong(1) == 0) {
                s.executeUpdate(dialect.dropTable(TABLE));
            }
        }
        return rows.size();
    }

    /** The whole row as a JSON object of column → value (SQLite's storage classes kept), or null if there is none. */
    private String row(String table, String keyColumn, String keyValue) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM " + dialect.quote(table) + " WHERE " + dialect.quote(keyColumn) + " = ?")) {
            ps.setString(1, keyValue);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                ResultSetMetaData meta = rs.getMetaData();
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof byte[]) {
                        throw MapperException.data(table + " row '" + keyValue + "' has a BLOB in column " + meta.getColumnName(i),
                                "mapper keeps key/value rows of text and numbers only; nothing was changed");
                    }
                    row.put(meta.getColumnName(i), v instanceof Double d ? BigDecimal.valueOf(d) : v);
                }
                return Json.write(row);
            }
        }
    }

    /** Writes the saved row back: an UPDATE when the row is there (so the row itself stays the same row), else an INSERT. */
    private void put(Saved saved, Map<String, Object> row, boolean exists) throws SQLException {
        List<String> columns = new ArrayList<>(row.keySet());
        String table = dialect.quote(saved.table());
        String sql = exists
                ? "UPDATE " + table + " SET " + String.join(", ", columns.stream().map(c -> dialect.quote(c) + " = ?").toList())
                        + " WHERE " + dialect.quote(saved.keyColumn()) + " = ?"
                : "INSERT INTO " + table + " (" + String.join(", ", columns.stream().map(dialect::quote).toList()) + ") VALUES ("
                        + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < columns.size(); i++) {
                Object v = row.get(columns.get(i));
                // JSON gives back Integer/Long for SQLite integers and BigDecimal for reals: bind them as such
                ps.setObject(i + 1, v instanceof BigDecimal d ? (Object) d.doubleValue() : v instanceof Integer n ? (Object) n.longValue() : v);
            }
            if (exists) {
                ps.setString(columns.size() + 1, saved.keyValue());
            }
            ps.executeUpdate();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) throws SQLException {
        try {
            return (Map<String, Object>) Json.parse(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new SQLException(TABLE + " holds a row that is not a JSON object: " + json, e);
        }
    }
}
