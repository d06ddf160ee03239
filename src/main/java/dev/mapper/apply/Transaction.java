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
                    if (db instanceof dev.mapper.db.PostgresServer server && dialect.commitInDoubt(e)) {
                        inDoubt = true;
                        throw dev.mapper.db.PostgresErrors.commitUnknown(e, server, OwnFiles.keepUnknown());
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
     * An error once mapper holds the write lock: busy then means readers. Writing the changes into
     * the file (at commit, or when they outgrow the page cache) waits for every open read
     * transaction to end, and another program kept one open.
     */
    public static MapperException translateWhileLocked(Dialect dialect, SQLException e, DatabaseAddress db) {
        if (db instanceof dev.mapper.db.PostgresServer server) {
            return dev.mapper.db.PostgresErrors.translate(e, server, dialect instanceof dev.mapper.db.PostgresDialect pg ? pg.waitSeconds() : 0, true);
        }
        if (dialect.isBusy(e)) {
            return MapperException.data("database " + db + " is busy: another program is reading it (it keeps a read transaction open), "
                            + "so mapper could not write its changes into the file",
                    "end the other program's open transaction (or stop the app) and retry, or wait longer with --wait SECONDS; nothing was changed");
        }
        return translate(dialect, e, db, 0);
    }

    static MapperException translate(Dialect dialect, SQLException e, DatabaseAddress db, int waitSeconds) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (db instanceof dev.mapper.db.PostgresServer server) {
            return dev.mapper.db.PostgresErrors.translate(e, server, dialect instanceof dev.mapper.db.PostgresDialect pg ? pg.waitSeconds() : waitSeconds);
        }
        if (dialect.isBusy(e)) {
            return MapperException.data("database " + db + " is busy: another program holds its write lock (waited " + waitSeconds + " s)",
                    "stop the app (or the other mapper run) and retry, or wait longer with --wait SECONDS; nothing was changed");
        }
        if (dialect.isFull(e)) {
            return MapperException.data("database " + db + " cannot grow: the disk is full (or the database reached its size limit): " + message,
                    "free disk space (SQLite needs room for its journal and the new rows) and retry; nothing was changed");
        }
        if (message.contains("readonly") || message.contains("read-only")) {
            return MapperException.data("database " + db + " cannot be written (read-only file or directory): " + message,
                    "make the file and its directory writable (SQLite writes a journal beside it) and retry; nothing was changed");
        }
        if (message.contains("SQLITE_NOTADB") || message.contains("SQLITE_CORRUPT")) {
            return MapperException.data("database " + db + " is damaged or not a database: " + message,
                    "restore it from a backup; mapper changed nothing");
        }
        return MapperException.data("database error on " + db + ": " + message, "nothing was changed; fix the cause and retry");
    }
}
