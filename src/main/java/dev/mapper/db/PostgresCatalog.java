package dev.mapper.db;

import dev.mapper.model.ColumnDecl;
import dev.mapper.model.IndexDecl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one schema of a PostgreSQL database holds, read from {@code pg_catalog}: tables, columns,
 * indexes, foreign keys, and this transaction's writes per table. Names compare exactly
 * (PostgreSQL folds unquoted names to lower case; mapper quotes every name it writes).
 */
final class PostgresCatalog {
    private final String schema;

    PostgresCatalog(String schema) {
        this.schema = schema;
    }

    private static final String RELATION = "to_regclass(format('%I.%I', ?::text, ?::text))";

    List<String> tables(Connection connection) throws SQLException {
        return strings(connection, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? "
                + "AND c.relkind IN ('r', 'p') ORDER BY c.relname COLLATE \"C\"", schema);
    }

    boolean tableExists(Connection connection, String table) throws SQLException {
        return !strings(connection, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? "
                + "AND c.relkind IN ('r', 'p') AND c.relname = ?", schema, table).isEmpty();
    }

    List<String> columns(Connection connection, String table) throws SQLException {
        return strings(connection, "SELECT attname FROM pg_attribute WHERE attrelid = " + RELATION + " AND attnum > 0 AND NOT attisdropped "
                + "ORDER BY attnum", schema, table);
    }


    /** Each column and its type as format_type writes it ({@code bigint}, {@code character varying(20)}), in order. */
    java.util.Map<String, String> columnTypes(Connection connection, String table) throws SQLException {
        java.util.Map<String, String> types = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                + RELATION + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    /** An identity column (GENERATED … AS IDENTITY) or a generated one: no default in the catalogue, yet an INSERT may leave it out. */
    boolean fillsItself(Connection connection, String table, String column) throws SQLException {
        return !strings(connection, "SELECT 1 FROM pg_attribute WHERE attrelid = " + RELATION + " "
                + "AND attname = ? AND (attidentity <> '' OR attgenerated <> '')", schema, table, column).isEmpty();
    }

    /** Whether each column is still declared with the SQL type {@link PostgresDdl} declares its mapper type as. */
    boolean declaredAsCreated(Connection connection, String table, java.util.Map<String, String> columnTypes) throws SQLException {
        for (var e : columnTypes.entrySet()) {
            Optional<ColumnDecl> column = column(connection, table, e.getKey());
            if (column.isEmpty() || !column.get().type().equalsIgnoreCase(PostgresDdl.sqlType(e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A declared type in the spelling {@link #column} reads back (format_type: VARCHAR(20) → character
     * varying(20), INT → integer, FLOAT → double precision), the text bound as a parameter. The type's
     * modifier is read with to_regtypemod, which PostgreSQL has since 17; on an older server a type with
     * a modifier, or a name it does not know, is returned as written (then a declaration in another
     * spelling than the server's reads as different, as before).
     */
    static String storedType(Connection connection, String type) throws SQLException {
        String stored = formatType(connection, "SELECT format_type(to_regtype(?), to_regtypemod(?))", type, "42883"); // 42883: before 17
        if (stored == null && !type.contains("(")) {
            stored = formatType(connection, "SELECT format_type(to_regtype(?), NULL)", type, null);
        }
        return stored == null ? type : stored;
    }

    /**
     * {@code query} with {@code type} bound to each parameter, in a savepoint; null when PostgreSQL does not know the
     * type, cannot parse its text (22P02, 42601: the column's own DDL will say so), or fails with {@code alsoTolerated}.
     */
    private static String formatType(Connection connection, String query, String type, String alsoTolerated) throws SQLException {
        java.sql.Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try (PreparedStatement ps = connection.prepareStatement(query)) {
            for (int i = 1; i <= query.chars().filter(ch -> ch == '?').count(); i++) {
                ps.setString(i, type);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            if (!List.of("22P02", "42601").contains(e.getSQLState()) && !e.getSQLState().equals(alsoTolerated)) {
                throw e; // the connection's own trouble, not the type's
            }
            if (savepoint != null) {
                connection.rollback(savepoint);
                savepoint = null;
            }
            return null;
        } finally {
            if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
            }
        }
    }

    Optional<ColumnDecl> column(Connection connection, String table, String column) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid), "
                + "a.attnotnull FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE a.attrelid = " + RELATION + " AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            ps.setString(3, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ColumnDecl(rs.getString(1), literal(rs.getString(2)), rs.getBoolean(3))) : Optional.empty();
            }
        }
    }

    Optional<IndexDecl> index(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT t.relname, ix.indisunique, ix.indpred IS NOT NULL, ix.indexrelid "
                + "FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid "
                + "JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = ? AND i.relname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String table = rs.getString(1);
                boolean unique = rs.getBoolean(2);
                boolean partial = rs.getBoolean(3);
                long oid = rs.getLong(4);
                List<IndexDecl.Column> columns = new ArrayList<>();
                try (PreparedStatement cs = connection.prepareStatement("SELECT a.attname, (ix.indoption[k.ord - 1] & 1) = 1 FROM pg_index ix "
                        + "CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) "
                        + "LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum > 0 "
                        + "WHERE ix.indexrelid = ? AND k.ord <= ix.indnkeyatts ORDER BY k.ord")) {
                    cs.setLong(1, oid);
                    try (ResultSet c = cs.executeQuery()) {
                        while (c.next()) {
                            columns.add(new IndexDecl.Column(c.getString(1) == null ? "<expression>" : c.getString(1), c.getBoolean(2)));
                        }
                    }
                }
                if (partial) {
                    columns.add(new IndexDecl.Column("<WHERE clause>", false));
                }
                return Optional.of(new IndexDecl(name, table, columns, unique, null));
            }
        }
    }

    List<String> indexesOn(Connection connection, String table, String column) throws SQLException {
        return strings(connection, "SELECT DISTINCT i.relname FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid "
                + "JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ANY (ix.indkey) "
                + "WHERE ix.indrelid = " + RELATION + " AND a.attname = ? ORDER BY i.relname", schema, table, column);
    }

    List<String> referencingTables(Connection connection, String table) throws SQLException {
        return strings(connection, "SELECT DISTINCT r.relname FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid "
                + "WHERE k.contype = 'f' AND k.confrelid = " + RELATION + " AND k.conrelid <> k.confrelid ORDER BY r.relname", schema, table);
    }


    /** The statistics view counts this transaction's own inserts, updates and deletes (a trigger's too) per table. */
    boolean watchWrites(Connection connection, String table) throws SQLException {
        return !strings(connection, "SELECT relname FROM pg_stat_xact_user_tables WHERE schemaname = ? AND relname = ?", schema, table).isEmpty();
    }

    long writesSeen(Connection connection, String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
                + "WHERE schemaname = ? AND relname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }


    private static final java.util.regex.Pattern CAST_LITERAL = java.util.regex.Pattern.compile("('(?:[^']|'')*')::[a-z ]+(?:\\(\\d+\\))?");

    /**
     * A default as the mapping writes it: PostgreSQL shows {@code DEFAULT 'llama'} as {@code 'llama'::text}
     * and {@code DEFAULT -1} as {@code '-1'::integer}; the cast is its own, not the mapping's.
     */
    private static String literal(String defaultSql) {
        if (defaultSql == null) {
            return null;
        }
        java.util.regex.Matcher m = CAST_LITERAL.matcher(defaultSql);
        if (!m.matches()) {
            return defaultSql;
        }
        String inner = m.group(1).substring(1, m.group(1).length() - 1);
        return inner.matches("[+-]?\\d+(\\.\\d+)?") ? inner : m.group(1);
    }

    static List<String> strings(Connection connection, String sql, String... params) throws SQLException {
        List<String> result = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }
}
