package dev.mapper.db;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.diag.Pos;
import dev.mapper.model.TableSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.ProgressHandler;

/**
 * A time limit on every SQL statement mapper runs on the user's database: SQLite calls a progress
 * handler every few thousand virtual machine steps of a running statement, and a handler that
 * answers non-zero stops the statement with SQLITE_INTERRUPT. A statement that runs past the limit
 * is stopped, so the apply transaction rolls back and the write lock is freed, instead of holding
 * the lock for as long as a slow statement takes.
 *
 * <p>{@link #guard} puts a whole connection under the limit (Transaction does, for every command),
 * {@link #during} names what mapper is doing for the message, and {@link #run} gives the statements
 * that read a table source a budget of their own, whose message names the source and its
 * {@code where:}. The clock measures one stretch inside SQLite: it starts when such a step starts,
 * whenever mapper takes a row ({@link #tick}), and whenever SQLite was idle between two looks
 * (mapper's own code ran: the next statement began), so streaming a large table row by row, or
 * running many statements, is not limited in total, only one stretch of work inside SQLite. The
 * default (60 s) is far above what a legitimate statement takes: an INSERT … SELECT of 1M rows takes about 1.5 s.
 * On PostgreSQL the same limit is the session's {@code statement_timeout} (a limit per statement),
 * and a statement it cancels (SQLState 57014) gets the same message.
 */
public final class SqlBudget {
    /** System property: the limit in milliseconds (tests set a small one). */
    public static final String PROPERTY = "mapper.sqlBudgetMillis";
    static final long DEFAULT_MILLIS = 60_000;
    /** VM steps between two looks at the clock: a look costs a JNI call and System.nanoTime. */
    private static final int STEPS = 10_000;
    /** A pause this long between two looks means SQLite was not running: a new stretch starts. 10,000 steps take well under 1 ms. */
    private static final long IDLE_NANOS = 20_000_000;

    public interface Work<T> {
        T run() throws SQLException;
    }

    private final long limitNanos;
    private final ProgressHandler handler;
    private volatile long started;
    private volatile long lastLook;
    private volatile boolean stopped;
    private volatile String doing;

    private SqlBudget(long limitMillis, boolean idleStartsAStretch) {
        this.limitNanos = limitMillis * 1_000_000;
        this.started = System.nanoTime();
        this.lastLook = started;
        this.handler = new ProgressHandler() {
            @Override
            protected int progress() {
                long now = System.nanoTime();
                if (idleStartsAStretch && now - lastLook > IDLE_NANOS) {
                    started = now;
                }
                lastLook = now;
                if (now - started > limitNanos) {
                    stopped = true;
                    return 1;
                }
                return 0;
            }
        };
    }

    public static long limitMillis() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_MILLIS;
        }
        try {
            long millis = Long.parseLong(value.strip());
            return millis > 0 ? millis : DEFAULT_MILLIS;
        } catch (NumberFormatException e) {
            return DEFAULT_MILLIS;
        }
    }

    /** The budget in force on this thread: the loops that take rows reset its clock without passing it around. */
    private static final ThreadLocal<SqlBudget> CURRENT = new ThreadLocal<>();

    /** Mapper took a row: SQLite's next stretch starts now (no-op outside a budget). */
    public static void tick() {
        SqlBudget budget = CURRENT.get();
        if (budget != null) {
            budget.started = System.nanoTime();
        }
    }

    /**
     * Runs work on {@code connection}, every statement under the limit.
     *
     * @param database the database as the message names it
     * @throws MapperException (exit 1) saying what mapper was doing ({@link #during}) if a statement ran past the limit
     */
    public static <T> T guard(Connection connection, String database, Work<T> work) throws SQLException {
        SqlBudget budget = new SqlBudget(limitMillis(), true);
        try {
            return under(connection, budget, work);
        } catch (SQLException | RuntimeException e) {
            if (budget.stopped) {
                throw MapperException.data(java.util.List.of(tooSlow(database, budget.doing, budget.limitNanos / 1_000_000)));
            }
            throw e;
        }
    }

    /** Names what the statements {@code work} runs are for ("verifying the values written"), and starts a new stretch. */
    public static <T> T during(String doing, Work<T> work) throws SQLException {
        SqlBudget budget = CURRENT.get();
        if (budget == null) {
            return work.run();
        }
        String outer = budget.doing;
        budget.doing = doing;
        budget.started = System.nanoTime();
        try {
            T result = work.run();
            budget.doing = outer;
            return result;
        } catch (SQLException | RuntimeException e) {
            if (PostgresErrors.isStatementTimeout(e)) {
                budget.stopped = true; // the server's statement_timeout: the message names what mapper was doing here
            }
            if (!budget.stopped) {
                budget.doing = outer;
            }
            throw e;
        }
    }

    /**
     * Runs statements that read {@code source} under the limit.
     *
     * @throws MapperException (exit 1) naming the source and its {@code where:} if a statement ran past the limit
     */
    public static <T> T run(Connection connection, TableSource source, Work<T> work) throws SQLException {
        SqlBudget budget = new SqlBudget(limitMillis(), false);
        try {
            return under(connection, budget, work);
        } catch (SQLException e) {
            if (budget.stopped || PostgresErrors.isStatementTimeout(e)) {
                throw MapperException.data(java.util.List.of(tooSlow(source, budget.limitNanos / 1_000_000)));
            }
            if (source.where() != null && e instanceof org.sqlite.SQLiteException se && se.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_ERROR) {
                // an error SQLite raises while computing (integer overflow in abs(), say): say which rows were being read, at the where: line
                String message = String.valueOf(e.getMessage()).replaceFirst("^\\[SQLITE_ERROR\\] SQL error or missing database \\((.*)\\)$", "$1");
                throw MapperException.data(java.util.List.of(Diagnostic.at(source.wherePos(), "reading the rows of " + source.table() + " where "
                        + source.where().strip() + " (source '" + source.name() + "') failed in SQLite: " + message, "nothing was changed; fix the cause and retry")));
            }
            throw e;
        }
    }

    /** Installs the budget's handler for {@code work}, and the one before it (or none) afterwards. */
    private static <T> T under(Connection connection, SqlBudget budget, Work<T> work) throws SQLException {
        SqlBudget outer = CURRENT.get();
        if (!connection.isWrapperFor(org.sqlite.SQLiteConnection.class)) {
            // the progress handler is SQLite's; PostgreSQL's limit is the session's statement_timeout (PostgresDialect#open):
            // only what mapper is doing is kept here, for the message
            CURRENT.set(budget);
            try {
                return work.run();
            } catch (SQLException e) {
                if (PostgresErrors.isStatementTimeout(e)) {
                    budget.stopped = true;
                }
                throw e;
            } finally {
                CURRENT.set(outer);
            }
        }
        ProgressHandler.setHandler(connection, STEPS, budget.handler);
        CURRENT.set(budget);
        try {
            return work.run();
        } finally {
            CURRENT.set(outer);
            if (outer == null) {
                ProgressHandler.clearHandler(connection);
            } else {
                outer.started = System.nanoTime();
                ProgressHandler.setHandler(connection, STEPS, outer.handler);
            }
        }
    }

    static Diagnostic tooSlow(String database, String doing, long millis) {
        return Diagnostic.of("an SQL statement mapper ran on " + database + (doing == null ? "" : " while " + doing) + " ran longer than "
                        + describe(millis) + ", the limit for one SQL statement, and was stopped",
                "nothing was changed; the database may be too large for this limit: allow more time with java -D" + PROPERTY
                        + "=<milliseconds> -jar mapper.jar …");
    }

    private static String describe(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    static Diagnostic tooSlow(TableSource source, long millis) {
        String limit = describe(millis);
        Pos pos = source.where() == null ? source.pos() : source.wherePos();
        String what = source.where() == null ? "reading source table '" + source.table() + "' (source '" + source.name() + "')"
                : "the where: of source '" + source.name() + "' (" + source.where().strip() + ")";
        return Diagnostic.at(pos, what + " ran longer than " + limit + ", the limit for one SQL statement, and was stopped",
                "make the condition cheaper (e.g. compare a column that has an index), or allow more time: java -D" + PROPERTY + "=<milliseconds> -jar mapper.jar …");
    }
}
