package dev.mapper.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows {@code append:} adds, on PostgreSQL: there is no stable row id (a row's ctid moves on UPDATE
 * and VACUUM), so an appended row is found again by the table's primary key, and a table without
 * one is refused. Deleting it also rewinds the sequences of the table's identity and serial columns
 * the insert moved, so a rollback leaves them where they were.
 */
final class PostgresAppends {
    private final Dialect dialect;
    private final String schema;

    PostgresAppends(Dialect dialect, String schema) {
        this.dialect = dialect;
        this.schema = schema;
    }

    private static final String RELATION = "to_regclass(format('%I.%I', ?::text, ?::text))";

    /** The primary key's columns, in key order, or an empty list when the table has none. */
    List<String> primaryKey(Connection c, String table) throws SQLException {
        return PostgresCatalog.strings(c, "SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE i.indrelid = " + RELATION + " AND i.indisprimary "
                + "ORDER BY k.n", schema, table);
    }

    Dialect.RowKey rowKey(Connection c, String table) throws SQLException {
        List<String> key = primaryKey(c, table);
        if (key.isEmpty()) {
            return null;
        }
        List<String> quoted = key.stream().map(dialect::quote).toList();
        String expression = key.size() == 1 ? quoted.get(0) + "::text" : "ROW(" + String.join(", ", quoted) + ")::text";
        return new Dialect.RowKey(String.join(", ", key), expression);
    }

    /** Deletes the row; a sequence the insert moved (it stands at the row's own value) goes back to the highest value left, as before the insert. */
    void delete(Connection c, String table, Dialect.RowKey key, String id) throws SQLException {
        List<String[]> sequences = new ArrayList<>(); // column, sequence
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, pg_get_serial_sequence(format('%I.%I', ?::text, ?::text), a.attname) "
                + "FROM pg_attribute a WHERE a.attrelid = " + RELATION + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            ps.setString(3, schema);
            ps.setString(4, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2) != null) {
                        sequences.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
        }
        String returning = sequences.isEmpty() ? "" : " RETURNING " + String.join(", ", sequences.stream().map(s -> dialect.quote(s[0]) + "::bigint").toList());
        List<Long> deleted = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + dialect.quote(table) + " WHERE " + key.expression() + " = ?" + returning)) {
            ps.setString(1, id);
            if (sequences.isEmpty()) {
                ps.executeUpdate();
                return;
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    for (int i = 0; i < sequences.size(); i++) {
                        deleted.add(rs.getObject(i + 1) == null ? null : rs.getLong(i + 1));
                    }
                }
            }
        }
        for (int i = 0; i < deleted.size(); i++) {
            String column = dialect.quote(sequences.get(i)[0]);
            // only a sequence still at the deleted row's value was moved by that insert (an id the mapping gave left it alone)
            try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN m < 1 THEN setval(?::regclass, 1, false) ELSE setval(?::regclass, m, true) END "
                    + "FROM (SELECT greatest((SELECT coalesce(max(" + column + "), 0) FROM " + dialect.quote(table) + "), ? - 1) AS m) q "
                    + "WHERE pg_sequence_last_value(?::regclass) = ?")) {
                ps.setString(1, sequences.get(i)[1]);
                ps.setString(2, sequences.get(i)[1]);
                ps.setObject(3, deleted.get(i));
                ps.setString(4, sequences.get(i)[1]);
                ps.setObject(5, deleted.get(i));
                ps.executeQuery().close();
            }
        }
    }
}
