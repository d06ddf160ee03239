package dev.mapper.db;

import dev.mapper.diag.MapperException;

/**
 * A PostgreSQL failure as a message a user can act on, by its SQLState: cannot connect or log in
 * (exit 2, like a missing database file), a lock not obtained within --wait (exit 1, like a busy
 * SQLite file), a full disk, no permission. The password is never part of any of them.
 */
public final class PostgresErrors {
    private PostgresErrors() {}

    static boolean isBusy(java.sql.SQLException e) {
        String state = e.getSQLState();
        return "55P03".equals(state) || "40P01".equals(state);
    }

    public static MapperException translate(java.sql.SQLException e, PostgresServer server, int waitSeconds) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = scrub(e.getMessage() == null ? e.toString() : e.getMessage(), server);
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
