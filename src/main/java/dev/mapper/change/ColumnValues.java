package dev.mapper.change;

import dev.mapper.convert.Converter;
import dev.mapper.db.Dialect;
import dev.mapper.model.ColumnDecl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a migration wrote into one column of every row, summed up: how many rows, the highest rowid,
 * and a SHA-256 of each (rowid, value) with its storage class. It is how rollback tells whether
 * the app wrote to a column mapper computed or redeclared: the column is <em>written since</em>
 * when the rows the migration wrote no longer hash the same (a value changed, or one of those rows
 * was deleted: mapper keeps no copy of every value, so it cannot tell which), or a row added since
 * holds something other than the column's default. Rows added since holding the default are not
 * writes to the column: the app inserted them without it.
 */
public record ColumnValues(long rows, long maxRowid, String sha256, Keyed keyed) {

    /**
     * Where rows are found by key ({@link Dialect#rowKeyColumns}: PostgreSQL's primary key, no row id): {@code sha256}
     * is then {@link KeyedColumnValues}' order-free sum over the rows that hold something other than the column's
     * default, {@code rows} how many rows the migration wrote, and this what else tells a change from an addition.
     *
     * @param key the key columns
     * @param notDefault how many of the rows the migration wrote hold something other than the default
     * @param keysSha256 the order-free sum over those rows' keys alone
     */
    public record Keyed(List<String> key, long notDefault, String keysSha256) {
        public Keyed {
            key = List.copyOf(key);
        }
    }

    /** By rowid, as SQLite records it. */
    public ColumnValues(long rows, long maxRowid, String sha256) {
        this(rows, maxRowid, sha256, null);
    }

    public static ColumnValues of(Dialect dialect, Connection c, String table, String column) throws SQLException {
        return read(dialect, c, table, column, Long.MAX_VALUE);
    }

    /** What the column holds now, found by rowid or, where the engine has none, by key ({@link KeyedColumnValues}). */
    public static ColumnValues of(Dialect dialect, Connection c, String table, String column, ColumnDecl declaration) throws SQLException {
        List<String> key = dialect.rowKeyColumns(c, table);
        return key.isEmpty() ? of(dialect, c, table, column) : KeyedColumnValues.read(dialect, c, table, column, declaration, key);
    }

    private static ColumnValues read(Dialect dialect, Connection c, String table, String column, long upTo) throws SQLException {
        MessageDigest digest = newDigest();
        long rows = 0;
        long max = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT rowid, " + dialect.quote(column) + " FROM " + dialect.quote(table)
                + " WHERE rowid <= ? ORDER BY rowid")) {
            ps.setLong(1, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    max = rs.getLong(1);
                    Object value = rs.getObject(2);
                    digest.update((max + ":").getBytes(StandardCharsets.UTF_8));
                    digest.update(value instanceof byte[] b ? b
                            : (value == null ? "\0null" : value.getClass().getSimpleName() + ":" + value).getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0x1e);
                }
            }
        }
        return new ColumnValues(rows, max, HexFormat.of().formatHex(digest.digest()));
    }

    /** Why the column is no longer as the migration left it, or empty when it is (see the class comment). */
    public Optional<String> writtenSince(Dialect dialect, Connection c, String table, String column, ColumnDecl declaration) throws SQLException {
        if (keyed != null) {
            return KeyedColumnValues.writtenSince(this, dialect, c, table, column, declaration);
        }
        String where = table + "." + column;
        ColumnValues now = read(dialect, c, table, column, maxRowid);
        if (!now.sha256.equals(sha256)) {
            return Optional.of(now.rows == rows
                    ? where + ": values in the " + rows + " row(s) the migration wrote were changed since; dropping or restoring the column would lose them"
                    : where + ": " + (rows - now.rows) + " of the " + rows + " row(s) the migration wrote were deleted (or replaced) since, so mapper "
                            + "cannot tell whether the others hold what it wrote");
        }
        Object fill = Undo.literalValue(declaration.defaultSql());
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + dialect.quote(table) + " WHERE rowid > ? AND "
                + dialect.quote(column) + " IS NOT ?")) {
            ps.setLong(1, maxRowid);
            ps.setObject(2, fill);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long added = rs.getLong(1);
                return added == 0 ? Optional.empty() : Optional.of(where + ": " + added + " row(s) added since hold values other than the column's default ("
                        + (fill == null ? "NULL" : Converter.render(fill)) + "); dropping or restoring the column would lose them");
            }
        }
    }

    /** Each row's value of the column, by rowid, as {@link WholeRow} encodes a value: [storage class, text]. */
    public static Map<Long, List<String>> cells(Dialect dialect, Connection c, String table, String column) throws SQLException {
        Map<Long, List<String>> cells = new LinkedHashMap<>();
        String q = dialect.quote(column);
        try (PreparedStatement ps = c.prepareStatement("SELECT rowid, typeof(" + q + "), " + q + ", hex(CAST(" + q + " AS BLOB)) FROM "
                + dialect.quote(table) + " ORDER BY rowid"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String type = rs.getString(2);
                String text = switch (type) {
                    case "null" -> "";
                    case "integer" -> Long.toString(rs.getLong(3));
                    case "real" -> Double.toString(rs.getDouble(3));
                    default -> rs.getString(4);
                };
                cells.put(rs.getLong(1), List.of(type, text));
            }
        }
        return cells;
    }

    /** Writes values {@link #cells} read back into their rows, each with its storage class and bytes. */
    public static void write(Dialect dialect, Connection c, String table, String column, Map<Long, List<String>> cells) throws SQLException {
        String q = dialect.quote(column);
        try (PreparedStatement text = c.prepareStatement("UPDATE " + dialect.quote(table) + " SET " + q + " = CAST(? AS TEXT) WHERE rowid = ?");
                PreparedStatement other = c.prepareStatement("UPDATE " + dialect.quote(table) + " SET " + q + " = ? WHERE rowid = ?")) {
            for (Map.Entry<Long, List<String>> cell : cells.entrySet()) {
                String type = cell.getValue().get(0);
                String value = cell.getValue().get(1);
                PreparedStatement ps = type.equals("text") ? text : other;
                switch (type) {
                    case "null" -> ps.setNull(1, java.sql.Types.NULL);
                    case "integer" -> ps.setLong(1, Long.parseLong(value));
                    case "real" -> ps.setDouble(1, Double.parseDouble(value));
                    default -> ps.setBytes(1, HexFormat.of().parseHex(value));
                }
                ps.setLong(2, cell.getKey());
                ps.executeUpdate();
            }
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
