package dev.mapper.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

/**
 * {@link PostgresDialect}'s connections: opening one with the session's limits, the write
 * transaction's locks (a transaction-scoped advisory lock, one mapper run at a time per database,
 * then {@code LOCK TABLE … IN EXCLUSIVE MODE} on the tables the migration uses, both under
 * {@code lock_timeout} = {@code --wait}), the backup of the tables it locked, and reads streamed
 * through a portal. It remembers the write transaction's connection and tables: what the backup copies.
 */
final class PostgresSession {
    /** pg_advisory_xact_lock's key: "mapper" in ASCII, one key for every mapper run on the database. */
    private static final long ADVISORY_KEY = 0x6d6170706572L;

    /** Rows fetched per round trip by a {@link #streaming} statement: a few MB at most, however large the table. */
    static final int FETCH_ROWS = 5_000;

    private final PostgresServer server;
    private final PostgresCatalog catalog;
    /** The write transaction's connection and the tables it locked: what {@link #backup} copies. */
    private Connection writing;
    private final List<String> locked = new ArrayList<>();
    /** The tables the migration may use that did not exist when it began: the backup's restore drops them. */
    private final List<String> absent = new ArrayList<>();
    private int waitSeconds;

    PostgresSession(PostgresServer server, PostgresCatalog catalog) {
        this.server = server;
        this.catalog = catalog;
    }

    Connection open(PostgresServer s, boolean writable, int waitSeconds) throws SQLException {
        this.waitSeconds = waitSeconds;
        Properties properties = new Properties();
        properties.setProperty("user", s.user());
        String password = PostgresPassword.find(s, System.getenv());
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "mapper");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("currentSchema", s.schema());
        // a batch of single-row INSERTs goes to the server as multi-row INSERTs: a table target's rows in far fewer round trips
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.putAll(s.parameters()); // sslmode, application_name, connect_timeout… from the URL: theirs over mapper's defaults
        Connection c = new org.postgresql.Driver().connect(s.jdbcUrl(), properties);
        if (c == null) {
            throw new SQLException("pgjdbc did not accept " + s, "08001");
        }
        try {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
                ps.setString(1, s.schema());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("schema \"" + s.schema() + "\" does not exist", "3F000");
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute(sessionLimits(SqlBudget.limitMillis()));
            }
            c.setAutoCommit(false);
            if (writable) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL lock_timeout = '" + Math.max(1, waitSeconds) * 1000L + "ms'");
                    st.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_KEY + ")");
                }
                writing = c;
                locked.clear();
            } else {
                c.setReadOnly(true);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * The session's limits, set before its transaction begins: SQLite's {@link SqlBudget} as the
     * server's statement_timeout (a statement past it is cancelled, SQLState 57014, and the
     * transaction rolls back); a transaction left idle (mapper stopped, not killed: SIGSTOP, a
     * network that no longer answers) is ended after as long, but never under a minute, so that
     * mapper's own work between statements is never cut short; and the server checks every second
     * that mapper is still connected while a statement runs or waits for a lock, so a killed mapper's
     * transaction is rolled back and its locks freed at once, not when its statement ends.
     */
    static String sessionLimits(long budgetMillis) {
        return "SET statement_timeout = " + budgetMillis + "; SET idle_in_transaction_session_timeout = " + Math.max(budgetMillis, 60_000)
                + "; SET client_connection_check_interval = 1000";
    }

    /** --wait of the last {@link #open}: how long a lock was waited for. */
    int waitSeconds() {
        return waitSeconds;
    }

    void lockTables(Connection connection, Collection<String> tables) throws SQLException {
        List<String> existing = new ArrayList<>();
        absent.clear();
        for (String table : tables) {
            (catalog.tableExists(connection, table) ? existing : absent).add(table);
        }
        if (!existing.isEmpty()) {
            try (Statement s = connection.createStatement()) {
                s.execute("LOCK TABLE " + String.join(", ", existing.stream().map(PostgresDdl::quoteName).toList()) + " IN EXCLUSIVE MODE");
            }
        }
        locked.clear();
        locked.addAll(existing);
    }

    void backup(Path file) throws SQLException {
        if (writing == null) {
            throw new SQLException("no write transaction to back up");
        }
        boolean idFunction = !PostgresCatalog.strings(writing, "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname = ? AND proname = ?", server.schema(), PostgresDdl.NEXT_ID).isEmpty();
        new PostgresBackup(server, catalog).write(writing, locked, absent, idFunction ? null : PostgresDdl.NEXT_ID + "()", file);
    }

    /**
     * pgjdbc reads a whole result set into memory unless the statement has a fetch size and runs
     * inside a transaction (then it reads through a portal, {@link #FETCH_ROWS} rows at a time);
     * {@link #open} turns autocommit off on every connection, so only the fetch size is set here.
     */
    static PreparedStatement streaming(Connection connection, String sql) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("a streamed read needs a transaction: pgjdbc would read every row into memory");
        }
        PreparedStatement ps = connection.prepareStatement(sql, java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY);
        ps.setFetchSize(FETCH_ROWS);
        return ps;
    }
}
