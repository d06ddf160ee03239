package dev.mapper.apply.file;

import dev.mapper.db.Dialect;
import dev.mapper.diag.MapperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A rollback journal ({@code <db>-journal}) left by a writer that stopped mid-transaction (killed,
 * interrupted, out of disk) holds the pages the database file had before. SQLite puts them back
 * the next time a connection that may write reads the file; a read-only connection cannot, and
 * fails with SQLITE_READONLY_ROLLBACK. mapper does that recovery itself: after its own failed
 * write (so the file really is as it was before it exits), and before a read-only command.
 */
public final class HotJournal {
    private HotJournal() {}

    static Path of(Path db) {
        return db.resolveSibling(db.getFileName() + "-journal");
    }

    /** True if a journal with content lies beside the database (a finished transaction leaves none, in every journal mode but PERSIST/TRUNCATE). */
    public static boolean present(Path db) {
        try {
            Path journal = of(db);
            return Files.isRegularFile(journal) && Files.size(journal) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Lets SQLite roll the journal back: a writable connection's first read does it. Quiet on
     * failure; the caller reports what is left.
     *
     * @return true if no journal with content is left
     */
    public static boolean recover(Dialect dialect, Path db) {
        try (Connection c = dialect.open(db, true, 5); Statement s = c.createStatement()) {
            s.executeQuery("SELECT count(*) FROM sqlite_master").close();
        } catch (SQLException e) {
            return false;
        }
        return !present(db);
    }

    /**
     * A read-only connection met a hot journal (SQLITE_READONLY_ROLLBACK): it is rolled back when
     * this user may write the file and its directory; otherwise the command says what it found and
     * how to recover.
     */
    public static void recoverForReading(Dialect dialect, Path db) {
        Path dir = db.toAbsolutePath().getParent();
        if (Files.isWritable(db) && Files.isWritable(dir) && recover(dialect, db)) {
            return;
        }
        throw MapperException.data("database " + db + " has an unfinished transaction: " + of(db).getFileName()
                        + " is the rollback journal of a program that stopped while writing, and this user may not write the file to roll it back",
                "open the database once as a user who may write it and its directory (any SQLite program, or mapper status, rolls the journal back), then retry; "
                        + "do not delete the journal: it holds the pages the database needs");
    }
}
