package dev.mapper.db;

import dev.mapper.diag.MapperException;
import java.sql.SQLException;

/**
 * A SQLite failure as a message a user can act on: the file busy (another program's write lock, or
 * its open read transaction once mapper holds the lock), the disk full, the file or its directory
 * read-only, the file damaged or not a database.
 */
final class SqliteErrors {
    private SqliteErrors() {}

    /**
     * @param writing the failure came once mapper held the write lock: busy then means readers. Writing the
     *                changes into the file (at commit, or when they outgrow the page cache) waits for every
     *                open read transaction to end, and another program kept one open.
     */
    static MapperException translate(Dialect dialect, SQLException e, DatabaseAddress db, int waitSeconds, boolean writing) {
        if (writing && dialect.isBusy(e)) {
            return MapperException.data("database " + db + " is busy: another program is reading it (it keeps a read transaction open), "
                            + "so mapper could not write its changes into the file",
                    "end the other program's open transaction (or stop the app) and retry, or wait longer with --wait SECONDS; nothing was changed");
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
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
