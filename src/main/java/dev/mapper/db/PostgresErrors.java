package dev.mapper.db;

import dev.mapper.diag.MapperException;

/**
 * A PostgreSQL failure as a message a user can act on, by its SQLState: cannot connect or log in
 * (exit 2, like a missing database file), a lock not obtained within --wait (exit 1, like a busy
 * SQLite file), a full disk, no permission. The password is never part of any of them. Also the
 * failures mapper reads rather than reports: the row failure pushed-down SQL raises, a duplicate key.
 */
public final class PostgresErrors {
    private PostgresErrors() {}

    private static final String ROW_FAILURE = "mapper_row_needs_java";

    /**
     * Text that no type reads, cast to the column's type (text through bigint): the cast fails, which
     * aborts the statement with {@link #ROW_FAILURE} in its message. concat() is only stable, so the
     * planner cannot fold the cast into an error before any row is read; and no function is created,
     * so the schema stays as it was.
     */
    static String rowFailure(dev.mapper.model.ValueType type) {
        String failing = "CAST(concat('" + ROW_FAILURE + "') AS bigint)";
        return type == dev.mapper.model.ValueType.INTEGER ? failing : "CAST(" + (type == dev.mapper.model.ValueType.BOOLEAN
                ? "concat('" + ROW_FAILURE + "')" : failing) + " AS " + PostgresDdl.sqlType(type.name()) + ")";
    }

    /**
     * The row failure, or a data exception (SQLState class 22: a number out of range, a division by
     * zero) raised by the pushed-down SQL for a value it was about to compute: Java then computes the
     * table and decides, as it would have without pushdown (it fails with its own message, or writes
     * what it computes). The caller rolls back to a savepoint taken before the statement.
     */
    static boolean isRowFailure(java.sql.SQLException e) {
        String state = e.getSQLState();
        return String.valueOf(e.getMessage()).contains(ROW_FAILURE) || state != null && state.startsWith("22");
    }

    /**
     * unique_violation (23505), in the server's words and with its detail (the key and its value); a failed batch says
     * it on the exception chained to pgjdbc's BatchUpdateException, whose own message quotes the whole statement.
     */
    static String duplicateKey(java.sql.SQLException e) {
        for (java.sql.SQLException x = e; x != null; x = x.getNextException()) {
            if (x instanceof org.postgresql.util.PSQLException p && "23505".equals(p.getSQLState()) && p.getServerErrorMessage() != null) {
                String detail = p.getServerErrorMessage().getDetail();
                return p.getServerErrorMessage().getMessage() + (detail == null ? "" : " (" + detail + ")");
            }
        }
        return null;
    }

    static boolean isFull(java.sql.SQLException e) {
        return "53100".equals(e.getSQLState());
    }

    static boolean isBusy(java.sql.SQLException e) {
        String state = e.getSQLState();
        return "55P03".equals(state) || "40P01".equals(state);
    }

    /** The connection was lost or ended by the server (an administrator, its shutdown, a timeout), or a statement was cancelled. */
    static boolean endsTheTransaction(java.sql.SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.startsWith("57") || state.equals("25P03");
    }

    /** The connection was lost, or the server ended it, before COMMIT's answer arrived: the commit may have happened or not. */
    static boolean commitInDoubt(java.sql.SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.startsWith("57P");
    }

    /**
     * What mapper says when it cannot know whether its COMMIT took effect. It never says "nothing was changed" here:
     * the person must look, and the backup is kept for either answer.
     */
    public static MapperException commitUnknown(java.sql.SQLException e, PostgresServer server, java.util.List<java.nio.file.Path> kept) {
        String message = scrub(e.getMessage() == null ? e.toString() : e.getMessage(), server);
        String firstLine = message.lines().findFirst().orElse(message);
        String verb = (e.getSQLState() != null && e.getSQLState().startsWith("08")) ? "the connection to database " + server + " was lost"
                : "the server ended mapper's connection to database " + server;
        return MapperException.data(verb + " while mapper was committing (" + firstLine + "): whether the server committed the migration is not known",
                "mapper status on the mapping, with the same --db, says whether it was applied (then mapper rollback undoes it, else apply it again)"
                        + (kept.isEmpty() ? "" : "; the backup taken before is kept: " + kept.stream().map(Object::toString)
                                .collect(java.util.stream.Collectors.joining(", "))));
    }

    /** statement_timeout (mapper's {@link SqlBudget}) stopped a statement; the same SQLState without these words is a cancel from elsewhere. */
    static boolean isStatementTimeout(Throwable e) {
        return e instanceof java.sql.SQLException s && "57014".equals(s.getSQLState()) && String.valueOf(s.getMessage()).contains("statement timeout");
    }

    public static MapperException translate(java.sql.SQLException e, PostgresServer server, int waitSeconds) {
        return translate(e, server, waitSeconds, false);
    }

    /**
     * @param writing the failure came once mapper held its write transaction: the connection had been made, so a
     *                connection failure now is a connection lost, and the server has rolled the transaction back
     */
    public static MapperException translate(java.sql.SQLException e, PostgresServer server, int waitSeconds, boolean writing) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = scrub(e.getMessage() == null ? e.toString() : e.getMessage(), server);
        String firstLine = message.lines().findFirst().orElse(message); // without the server's "Where:" context lines
        if (isStatementTimeout(e)) {
            return MapperException.data(java.util.List.of(SqlBudget.tooSlow("database " + server, null, SqlBudget.limitMillis())));
        }
        if (state.equals("57014")) {
            return MapperException.data("an SQL statement mapper ran on database " + server + " was cancelled (" + firstLine + ")",
                    "someone cancelled it (pg_cancel_backend) or the server did; nothing was changed; retry");
        }
        if (writing && (state.startsWith("08") || state.startsWith("57") || state.equals("25P03"))) {
            return MapperException.data((state.startsWith("08") ? "the connection to database " + server + " was lost"
                            : "the server ended mapper's connection to database " + server) + " while mapper was writing (" + firstLine + ")",
                    "retry once the server accepts connections again (an administrator, the server's shutdown or a network fault ended it)");
        }
        if (state.startsWith("08") || state.startsWith("28") || state.equals("3D000") || state.equals("3F000")) {
            return MapperException.usage("cannot connect to database " + server + ": " + message,
                    state.startsWith("28") ? "check the user and the password (PGPASSWORD, ~/.pgpass or PGPASSFILE, --db-password-file FILE); nothing was changed"
                            : state.equals("3F000") ? "create the schema, or name another one with ?schema=NAME; nothing was changed"
                            : "check the host, port and database name in --db or 'database:', and that the server is running; nothing was changed");
        }
        if (isBusy(e)) {
            return MapperException.data("database " + server + " is busy: another program holds a lock on a table this migration uses, "
                            + "or another mapper run is under way (waited " + waitSeconds + " s)",
                    "end the other program's transaction (or stop the app) and retry, or wait longer with --wait SECONDS; nothing was changed");
        }
        if (state.equals("53100")) {
            return MapperException.data("database " + server + " cannot grow: the server's disk is full: " + message,
                    "free disk space on the server and retry; nothing was changed");
        }
        if (state.equals("25006") || state.equals("42501")) {
            return MapperException.data("database " + server + " cannot be written by user " + server.user() + ": " + message,
                    "grant the user the rights it needs on the schema's tables (or connect as the owner) and retry; nothing was changed");
        }
        return MapperException.data("database error on " + server + ": " + message, "nothing was changed; fix the cause and retry");
    }

    /** A server message with the password taken out, should a driver or server ever echo it. */
    static String scrub(String message, PostgresServer server) {
        String password;
        try {
            password = PostgresPassword.find(server, System.getenv());
        } catch (RuntimeException e) {
            password = null;
        }
        return password == null || password.isEmpty() ? message : message.replace(password, "********");
    }
}
