package dev.mapper.db;

import dev.mapper.diag.Diagnostic;
import dev.mapper.model.ColumnDecl;
import dev.mapper.model.ValueType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a column computed per row can hold, on PostgreSQL, the value mapper computes for it. mapper picks
 * that value's kind from the declared type's name as SQLite's affinity does (any name containing INT is an
 * integer), but PostgreSQL has real types behind those names: INTERVAL or POINT contain INT and hold no integer,
 * and the first row's write would fail with the server's words. Asked of the catalogue before anything is written.
 */
final class PostgresComputedType {
    private PostgresComputedType() {}

    /** The types (or domains over them) that take each kind of value as mapper binds it and give it back equal. */
    private static final Map<ValueType, Set<String>> TAKES = Map.of(ValueType.INTEGER, Set.of("int2", "int4", "int8"),
            ValueType.NUMBER, Set.of("float4", "float8"), ValueType.BOOLEAN, Set.of("bool"));

    private static final Map<ValueType, String> ARTICLE = Map.of(ValueType.INTEGER, "an integer", ValueType.NUMBER, "a number",
            ValueType.BOOLEAN, "a boolean", ValueType.STRING, "a string");

    private static final Map<ValueType, String> DECLARE = Map.of(ValueType.INTEGER, "BIGINT, INTEGER or SMALLINT",
            ValueType.NUMBER, "DOUBLE PRECISION or REAL", ValueType.BOOLEAN, "BOOLEAN", ValueType.STRING, "TEXT or VARCHAR(n)");

    static Optional<Diagnostic> refuses(Connection c, ColumnDecl declaration) throws SQLException {
        ValueType kind = declaration.valueType();
        if (!ARTICLE.containsKey(kind)) {
            return Optional.empty();
        }
        String[] type = resolve(c, declaration.type());
        String why;
        if (type == null) {
            why = " as " + ARTICLE.get(kind) + ", but PostgreSQL has no type " + declaration.type();
        } else if (kind == ValueType.STRING ? !type[1].equals("S") : !TAKES.get(kind).contains(type[0])) {
            why = " as " + ARTICLE.get(kind) + ", but PostgreSQL's type " + declaration.type() + " (" + type[0] + ") does not hold one";
        } else {
            return Optional.empty();
        }
        return Optional.of(Diagnostic.of(why, "declare it " + DECLARE.get(kind) + "; to store another type, add the column without a rule "
                + "(its type and a default), and fill it with your own UPDATE"));
    }

    /** The type's name and category (a domain's: its base type's), or null when PostgreSQL has no such type. */
    private static String[] resolve(Connection c, String type) throws SQLException {
        // to_regtype gives NULL for a name it does not know; a savepoint keeps the transaction if the name does not even parse
        Savepoint savepoint = c.getAutoCommit() ? null : c.setSavepoint();
        String[] resolved;
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(b.typname, t.typname), coalesce(b.typcategory, t.typcategory) "
                + "FROM pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype WHERE t.oid = pg_catalog.to_regtype(?)")) {
            ps.setString(1, type);
            try (ResultSet rs = ps.executeQuery()) {
                resolved = rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
            }
        } catch (SQLException e) {
            if (e.getSQLState() == null || !(e.getSQLState().startsWith("42") || e.getSQLState().startsWith("22"))) {
                throw e; // not the name's fault (the connection, a cancel): not "no such type"
            }
            if (savepoint != null) {
                c.rollback(savepoint);
            }
            resolved = null;
        }
        if (savepoint != null) {
            c.releaseSavepoint(savepoint);
        }
        return resolved;
    }
}
