package dev.mapper.db;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.diag.Pos;
import dev.mapper.model.TableSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.ProgressHandler;

/**
 * A time limit on the SQL that reads a table source (its {@code where:} is the user's part of it):
 * SQLite calls a progress handler every few thousand virtual machine steps of a running statement,
 * and a handler that answers non-zero stops the statement with SQLITE_INTERRUPT. A statement that
 * runs past the limit is stopped, so the apply transaction rolls back and the write lock is freed,
 * instead of holding the lock for as long as a slow condition takes.
 *
 * <p>The clock measures one stretch inside SQLite: it starts when the statement starts and again
 * whenever mapper takes a row ({@link #tick}), so streaming a large table row by row is not
 * limited in total, only a single step that finds no row for too long. The default (60 s) is far
 * above what a legitimate single statement takes: an INSERT … SELECT of 1M rows takes about 1.5 s.
 */
public final class SqlBudget {
    /** System property: the limit in milliseconds (tests set a small one). */
    public static final String PROPERTY = "mapper.sqlBudgetMillis";
    static final long DEFAULT_MILLIS = 60_000;
    /** VM steps between two looks at the clock: a look costs a JNI call and System.nanoTime. */
    private static final int STEPS = 10_000;

    public interface Work<T> {
        T run() throws SQLException;
    }

    private final long limitNanos;
    private volatile long started;
    private volatile boolean stopped;

    private SqlBudget(long limitMillis) {
        this.limitNanos = limitMillis * 1_000_000;
        this.started = System.nanoTime();
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

    /** The budget {@link #run} has on this thread: the loops that take rows reset its clock without passing it around. */
    private static final ThreadLocal<SqlBudget> CURRENT = new ThreadLocal<>();

    /** Mapper took a row: SQLite's next stretch starts now (no-op outside {@link #run}). */
    public static void tick() {
        SqlBudget budget = CURRENT.get();
        if (budget != null) {
            budget.started = System.nanoTime();
        }
    }

    /**
     * Runs statements that read {@code source} under the limit.
     *
     * @throws MapperException (exit 1) naming the source and its {@code where:} if a statement ran past the limit
     */
    public static <T> T run(Connection connection, TableSource source, Work<T> work) throws SQLException {
        if (!connection.isWrapperFor(org.sqlite.SQLiteConnection.class)) {
            // PostgreSQL has no progress handler; its statement_timeout limits a whole streamed read, not a stretch between rows,
            // so a budget there is still to be designed (see docs/reliability.md)
            return work.run();
        }
        SqlBudget budget = new SqlBudget(limitMillis());
        ProgressHandler.setHandler(connection, STEPS, new ProgressHandler() {
            @Override
            protected int progress() {
                if (System.nanoTime() - budget.started > budget.limitNanos) {
                    budget.stopped = true;
                    return 1;
                }
                return 0;
            }
        });
        SqlBudget outer = CURRENT.get();
        CURRENT.set(budget);
        try {
            return work.run();
        } catch (SQLException e) {
            if (budget.stopped) {
                throw MapperException.data(java.util.List.of(tooSlow(source, budget.limitNanos / 1_000_000)));
            }
            if (source.where() != null && e instanceof org.sqlite.SQLiteException se && se.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_ERROR) {
                // an error SQLite raises while computing (integer overflow in abs(), say): say which rows were being read, at the where: line
                String message = String.valueOf(e.getMessage()).replaceFirst("^\\[SQLITE_ERROR\\] SQL error or missing database \\((.*)\\)$", "$1");
                throw MapperException.data(java.util.List.of(Diagnostic.at(source.wherePos(), "reading the rows of " + source.table() + " where "
                        + source.where().strip() + " (source '" + source.name() + "') failed in SQLite: " + message, "nothing was changed; fix the cause and retry")));
            }
            throw e;
        } finally {
            CURRENT.set(outer);
            ProgressHandler.clearHandler(connection);
        }
    }

    static Diagnostic tooSlow(TableSource source, long millis) {
        String limit = millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
        Pos pos = source.where() == null ? source.pos() : source.wherePos();
        String what = source.where() == null ? "reading source table '" + source.table() + "' (source '" + source.name() + "')"
                : "the where: of source '" + source.name() + "' (" + source.where().strip() + ")";
        return Diagnostic.at(pos, what + " ran longer than " + limit + ", the limit for one SQL statement, and was stopped",
                "make the condition cheaper (e.g. compare a column that has an index), or allow more time: java -D" + PROPERTY + "=<milliseconds> -jar mapper.jar …");
    }
}
