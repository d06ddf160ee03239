package dev.mapper.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One row, every column, exactly: each value as its storage class and its bytes (text that is not
 * valid UTF-8 and BLOBs included; integers in decimal, reals as Java's shortest exact text), as a
 * JSON object {@code {"column": ["text", "68656c6c6f"], …}}. Reading a row this way and inserting it
 * back gives the same bytes.
 */
public final class WholeRow {
    private WholeRow() {}

    /** The row of {@code table} whose {@code keyColumn} is {@code key}, encoded, or empty when there is none. */
    public static Optional<String> read(Dialect dialect, Connection c, String table, String keyColumn, String key) throws SQLException {
        return readWhere(dialect, c, table, dialect.quote(keyColumn) + " = ?", key);
    }

    /** The row of {@code table} whose {@link Dialect#rowKey} is {@code key}, encoded, or empty when there is none. */
    public static Optional<String> readKey(Dialect dialect, Connection c, String table, Dialect.RowKey rowKey, String key) throws SQLException {
        return readWhere(dialect, c, table, rowKey.expression() + " = ?", dialect.rowKeyValue(key));
    }

    private static Optional<String> readWhere(Dialect dialect, Connection c, String table, String where, Object key) throws SQLException {
        List<String> columns = dialect.columns(c, table);
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            String q = dialect.quote(columns.get(i));
            sql.append(i == 0 ? "" : ", ").append(dialect.exactValue(q));
        }
        sql.append(" FROM ").append(dialect.quote(table)).append(" WHERE ").append(where);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    String type = rs.getString(3 * i + 1);
                    String value = switch (type) {
                        case "null" -> null;
                        case "integer" -> Long.toString(rs.getLong(3 * i + 2));
                        case "real" -> Double.toString(rs.getDouble(3 * i + 2));
                        default -> rs.getString(3 * i + 3); // text and blob: the exact bytes, in hex
                    };
                    row.put(columns.get(i), value == null ? null : List.of(type, value));
                }
                return Optional.of(Json.write(row));
            }
        }
    }

    /** Inserts an encoded row back into {@code table}, each value with its own storage class and bytes. */
    public static void insert(Dialect dialect, Connection c, String table, String encoded) throws SQLException {
        Map<String, Object> row = decode(encoded);
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, Object> e : row.entrySet()) {
            names.add(dialect.quote(e.getKey()));
            values.add(e.getValue() == null ? "?" : dialect.exactPlaceholder((String) ((List<?>) e.getValue()).get(0)));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + dialect.quote(table) + " (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", values) + ")")) {
            int i = 0;
            for (Object v : row.values()) {
                i++;
                if (v == null) {
                    ps.setNull(i, java.sql.Types.NULL);
                    continue;
                }
                String type = (String) ((List<?>) v).get(0);
                String text = (String) ((List<?>) v).get(1);
                dialect.bindExact(ps, i, type, text);
            }
            ps.executeUpdate();
        }
    }

    /** A value shown in full up to this many characters; the rest is counted. */
    private static final int SHOWN = 400;

    /**
     * The columns in which two encoded rows of one table differ, as a person compares them:
     * {@code value is now '{"port":1234}'; the retired row rollback would put back has value '{…}'}.
     */
    static String compare(String now, String retired) throws SQLException {
        Map<String, Object> a = decode(now);
        Map<String, Object> b = decode(retired);
        List<String> nowParts = new ArrayList<>();
        List<String> retiredParts = new ArrayList<>();
        java.util.Set<String> columns = new java.util.LinkedHashSet<>(a.keySet());
        columns.addAll(b.keySet());
        for (String column : columns) {
            if (!java.util.Objects.equals(a.get(column), b.get(column))) {
                nowParts.add(column + (a.containsKey(column) ? " is now " + display(a.get(column)) : " is not a column now"));
                retiredParts.add(column + " " + (b.containsKey(column) ? display(b.get(column)) : "(no such column then)"));
            }
        }
        return String.join(", ", nowParts) + "; the retired row rollback would put back has " + String.join(", ", retiredParts);
    }

    /** One encoded value as SQL writes it: NULL, 42, 0.5, 'text' (quotes doubled), x'0102'. */
    private static String display(Object encoded) {
        if (encoded == null) {
            return "NULL";
        }
        String type = (String) ((List<?>) encoded).get(0);
        String value = (String) ((List<?>) encoded).get(1);
        if (type.equals("integer") || type.equals("real")) {
            return value;
        }
        byte[] bytes = java.util.HexFormat.of().parseHex(value);
        if (type.equals("blob")) {
            return value.length() <= SHOWN ? "x'" + value + "'" : "x'" + value.substring(0, SHOWN) + "…' (" + bytes.length + " bytes in all)";
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        String shown = text.length() <= SHOWN ? text : text.substring(0, SHOWN);
        String literal = shown.chars().anyMatch(c -> c < 0x20) ? dev.mapper.convert.Converter.render(shown) : "'" + shown.replace("'", "''") + "'";
        return text.length() <= SHOWN ? literal : literal + "… (" + text.length() + " characters in all)";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(String encoded) throws SQLException {
        try {
            return (Map<String, Object>) Json.parse(encoded);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new SQLException(ChangeLog.TABLE + " holds a retired row that cannot be read: " + e.getMessage(), e);
        }
    }
}
