package dev.mapper.db;

import dev.mapper.model.ColumnDecl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Redeclaring a column on PostgreSQL in place: {@code ALTER TABLE … ALTER COLUMN} (TYPE … USING,
 * SET/DROP NOT NULL, SET/DROP DEFAULT) is transactional and keeps every row, index and trigger,
 * so no table is rebuilt. A new type converts each value through its text form; mapper allows it
 * only when every value converts to the new type and back to exactly the same text, so the undo
 * (the same statements towards the old declaration) puts back every value without a copy of them.
 */
final class PostgresRedeclare {
    private final Dialect dialect;

    PostgresRedeclare(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The statements that take the column from one declaration to the other, in an order PostgreSQL accepts (a default goes before the type changes). */
    List<String> statements(String table, String column, ColumnDecl from, ColumnDecl to) {
        String alter = "ALTER TABLE " + dialect.quote(table) + " ALTER COLUMN " + dialect.quote(column) + " ";
        boolean retype = retypes(from, to);
        boolean redefault = retype || !new ColumnDecl("t", from.defaultSql(), false).sameAs(new ColumnDecl("t", to.defaultSql(), false));
        List<String> statements = new ArrayList<>();
        if (from.defaultSql() != null && redefault) {
            statements.add(alter + "DROP DEFAULT"); // the old default may not convert to the new type
        }
        if (retype) {
            statements.add(alter + "TYPE " + to.type() + " USING " + dialect.quote(column) + "::text::" + to.type());
        }
        if (from.notNull() != to.notNull()) {
            statements.add(alter + (to.notNull() ? "SET" : "DROP") + " NOT NULL");
        }
        if (to.defaultSql() != null && redefault) {
            statements.add(alter + "SET DEFAULT " + to.defaultSql());
        }
        return statements;
    }

    private static boolean retypes(ColumnDecl from, ColumnDecl to) {
        return !from.type().trim().equalsIgnoreCase(to.type().trim());
    }

    /** Runs {@link #statements}; returns what {@link #restore} needs to go back: the column's name and its declaration before. */
    String redeclare(Connection c, String table, String column, ColumnDecl from, ColumnDecl to) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements(table, column, from, to)) {
                s.executeUpdate(sql);
            }
        }
        return column + " " + from.render();
    }

    void restore(Connection c, String table, String definition, ColumnDecl now) throws SQLException {
        int space = definition.indexOf(' ');
        String column = definition.substring(0, space);
        redeclare(c, table, column, now, ColumnDecl.parse(definition.substring(space + 1)));
    }

    /**
     * Why the column's values cannot go from {@code from}'s type to {@code to}'s and back exactly: how
     * many would not, with the first (by text) as an example; empty when all would, or the type stays.
     */
    Optional<String> unconvertible(Connection c, String table, String column, ColumnDecl from, ColumnDecl to) throws SQLException {
        if (!retypes(from, to)) {
            return Optional.empty();
        }
        String q = dialect.quote(column);
        String there = q + "::text::" + to.type() + "::text";
        // CASE keeps the order: a value that is not valid input for a type is never cast to it (which would abort the transaction)
        String sql = "SELECT count(*), min(" + q + "::text COLLATE \"C\") FROM " + dialect.quote(table) + " WHERE " + q + " IS NOT NULL AND CASE "
                + "WHEN NOT pg_input_is_valid(" + q + "::text, ?) THEN true WHEN NOT pg_input_is_valid(" + there + ", ?) THEN true "
                + "ELSE " + there + "::" + from.type() + "::text IS DISTINCT FROM " + q + "::text END";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, to.type());
            ps.setString(2, from.type());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long count = rs.getLong(1);
                return count == 0 ? Optional.empty() : Optional.of(count + " value(s) of column " + table + "." + column + " would not convert from "
                        + from.type() + " to " + to.type() + " and back exactly (the first: '" + rs.getString(2) + "')");
            }
        }
    }
}
