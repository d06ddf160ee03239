package dev.mapper.db;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Columns computed per row on PostgreSQL: a row has no stable id (its ctid moves on every UPDATE and
 * VACUUM), so the fill, its check and rollback find each row by the table's primary key
 * ({@link Dialect#rowKeyColumns}); a table without one is refused before anything is written. The
 * server holds each value in the column's declared type, and says so when one does not fit.
 */
final class PostgresRowFill {
    private PostgresRowFill() {}

    static Optional<String> noRowFill(List<String> primaryKey, String table) {
        return primaryKey.isEmpty() ? Optional.of(", but table " + table + " has no primary key, so mapper could not find each row again to fill "
                + "it, check it and undo it on rollback (PostgreSQL has no stable row id)") : Optional.empty();
    }

    static String hint(String table) {
        return "give " + table + " a primary key in an earlier migration (ALTER TABLE " + table + " ADD PRIMARY KEY (…)), or add the column "
                + "without a rule (its type and a default) and fill it with your own UPDATE; nothing was changed";
    }

    /**
     * A data exception (SQLState class 22: numeric_value_out_of_range, string_data_right_truncation, …)
     * in the server's words, on the exception or the one a failed batch chains to it; else null.
     */
    static String valueRefused(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && state.startsWith("22")) {
                if (x instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
                    return p.getServerErrorMessage().getMessage();
                }
                String message = String.valueOf(x.getMessage());
                return message.startsWith("ERROR: ") ? message.substring(7).lines().findFirst().orElse(message) : message.lines().findFirst().orElse(message);
            }
        }
        return null;
    }
}
