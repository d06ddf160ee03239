package dev.mapper.apply;

import dev.mapper.db.DatabaseAddress;
import dev.mapper.apply.file.DatabaseFile;
import dev.mapper.apply.file.HotJournal;
import dev.mapper.apply.file.Interruption;
import dev.mapper.apply.file.OwnFiles;
import dev.mapper.db.Dialect;
import dev.mapper.db.SqlBudget;
import dev.mapper.diag.MapperException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work on one connection: in a write transaction that takes the database's write lock first
 * and commits only if the work returns (any exception rolls everything back), or read-only.
 * Database errors become messages a user can act on.
 */
public final class Transaction {
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** The note on a failure after the backup copy: {@link #write} deletes the copy after the rollback. */
    public static final String ROLLED_BACK = "all changes were rolled back and mapper's backup copy deleted: the database is as it was";

    private Transaction() {}

    public static <T> T write(Dialect dialect, DatabaseAddress db, int waitSeconds, Work<T> work) {
        return write(dialect, db, waitSeconds, false, work);
    }

    /** {@code redeclares}: the work may redeclare a column ({@link Dialect#allowRedeclaring}, which must precede the transaction). */
    public static <T> T write(Dialect dialect, DatabaseAddress db, int waitSeconds, boolean redeclares, Work<T> work) {
        if (db instanceof DatabaseAddress.SqliteFile file) {
            DatabaseFile.check(file.path());
            DatabaseFile.checkWritable(file.path());
        }
        OwnFiles.begin();
        boolean committed = false;
        boolean locked = false;
        boolean inDoubt = false;
        try (Connection connection = dialect.open(db, true, waitSeconds)) {
            Interruption.began(connection);
            try {
                if (redeclares) {
                    dialect.allowRedeclaring(connection);
                }
                connection.setAutoCommit(false); // sqlite-jdbc issues BEGIN IMMEDIATE here: we hold the write lock from now on
                locked = true;
                T result = SqlBudget.guard(connection, "database " + db, () -> work.run(connection));
                if (Interruption.requested()) {
                    throw new SQLException("interrupted"); // Ctrl-C between statements: never commit after it
                }
                try {
                    connection.commit();
                } catch (SQLException e) {
                    if (dialect.commitInDoubt(e)) {
                        inDoubt = true;
                        throw dialect.commitUnknown(e, db, OwnFiles.keepUnknown());
                    }
                    throw e;
                }
                committed = true;
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                Interruption.closing();
            }
        } catch (SQLException e) {
            throw locked ? translateWhileLocked(dialect, e, db) : translate(dialect, e, db, waitSeconds);
        } finally {
            if (committed) {
                OwnFiles.keep();
            } else if (!inDoubt) {
                afterFailure(dialect, db);
            }
            Interruption.ended(committed);
        }
    }

    /**
     * A failed write (a full disk, above all) can leave the rollback unfinished: the file grown and
     * a hot journal beside it. The backup copy is deleted first (on a full disk it is what keeps
     * the disk full), then SQLite replays the journal, so the file has its old bytes when mapper exits.
     */
    private static void afterFailure(Dialect dialect, DatabaseAddress db) {
        OwnFiles.deleteAll();
        if (db instanceof DatabaseAddress.SqliteFile file && HotJournal.present(file.path())) {
            HotJournal.recover(dialect, file.path());
        }
    }

    public static <T> T read(Dialect dialect, DatabaseAddress db, Work<T> work) {
        if (db instanceof DatabaseAddress.SqliteFile file) {
            DatabaseFile.check(file.path());
        }
        try {
            return readOnce(dialect, db, work);
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("SQLITE_READONLY_ROLLBACK")) {
                throw translate(dialect, e, db, 5);
            }
        }
        HotJournal.recoverForReading(dialect, ((DatabaseAddress.SqliteFile) db).path()); // a journal left by a writer that stopped: roll it back, then read
        try {
            return readOnce(dialect, db, work);
        } catch (SQLException e) {
            throw translate(dialect, e, db, 5);
        }
    }

    private static <T> T readOnce(Dialect dialect, DatabaseAddress db, Work<T> work) throws SQLException {
        try (Connection connection = dialect.open(db, false, 5)) {
            return SqlBudget.guard(connection, "database " + db, () -> work.run(connection));
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed); // closing the connection still discards the transaction
        }
    }

    /**
     * An error once mapper holds the write lock: on SQLite busy then means readers (writing the changes
     * into the file waits for every open read transaction to end); on a server, a connection lost.
     */
    public static MapperException translateWhileLocked(Dialect dialect, SQLException e, DatabaseAddress db) {
        return dialect.translate(e, db, 0, true);
    }

    static MapperException translate(Dialect dialect, SQLException e, DatabaseAddress db, int waitSeconds) {
        return dialect.translate(e, db, waitSeconds, false);
    }
}
