package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mapper.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database with a hot journal beside it, as a writer killed mid-transaction leaves it: the file
 * holds half-written pages, the journal the pages as they were. A command that may write rolls it
 * back first and then works on the database as it was; one that may not says exactly that.
 */
class HotJournalIT {
    @TempDir
    Path tmp;
    /** The database as it was before the caught transaction. */
    Snapshot asItWas;

    /**
     * The database and journal of a transaction caught mid-write: a writer with a tiny page cache
     * spills its changes into the file; both files are copied while it still holds them.
     */
    private Path withHotJournal(Path dir) throws Exception {
        Path source = TestDb.example(Files.createDirectory(tmp.resolve("source")));
        TestDb.exec(source, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
                + "INSERT INTO logs (level, message, source, timestamp) SELECT 'info', 'request ' || i, 'server', 1764000000 + i FROM n");
        Files.createDirectories(dir);
        Path db = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source); Statement s = c.createStatement()) {
            s.execute("PRAGMA cache_size = 2");
            c.setAutoCommit(false);
            s.executeUpdate("UPDATE logs SET message = message || ' changed'");
            s.executeUpdate("DELETE FROM server_config");
            Files.copy(source, db);
            Files.copy(source.resolveSibling(source.getFileName() + "-journal"), dir.resolve("app.db-journal"));
            c.rollback();
        }
        asItWas = Snapshot.of(source);
        assertTrue(Files.size(dir.resolve("app.db-journal")) > 0);
        assertNotEquals(TestDb.sha256(source), TestDb.sha256(db), "the copy holds half-written pages");
        return db;
    }

    @Test
    @DisplayName("status (a read-only command) on a database with a hot journal: rolled back first, then read as it was")
    void readOnlyCommandRecovers() throws Exception {
        Path db = withHotJournal(tmp.resolve("db"));

        Jar.Result run = Jar.run(db.getParent(), "status", Jar.MAPPING_004.toString(), "--db", "app.db");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("004 (unify_router_config): pending"), run::toString);
        assertEquals("", run.err());
        assertFalse(Files.exists(db.resolveSibling("app.db-journal")), "the journal was rolled back");
        assertEquals(asItWas, Snapshot.of(db));
        assertEquals("ok", Snapshot.integrity(db));
    }

    @Test
    @DisplayName("a user who may not write the file: says there is an unfinished transaction and how to recover; both files untouched")
    void readOnlyUserIsTold() throws Exception {
        assumeTrue(!Jar.isRoot() || Files.isExecutable(Path.of("/usr/bin/setpriv")), "running as root without setpriv");
        Path dir = tmp.resolve("shared");
        Path db = withHotJournal(dir);
        Jar.shareWithNobody(dir);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        String dbSha = TestDb.sha256(db);
        String journalSha = TestDb.sha256(dir.resolve("app.db-journal"));

        Jar.Result run = Jar.runAsNobody(dir, "status", "004.yaml", "--db", "app.db");

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("error: database app.db has an unfinished transaction: app.db-journal is the rollback journal of a program that stopped "
                + "while writing, and this user may not write the file to roll it back\n"
                + "  hint: open the database once as a user who may write it and its directory (any SQLite program, or mapper status, rolls the "
                + "journal back), then retry; do not delete the journal: it holds the pages the database needs\n", run.err());
        assertEquals(dbSha, TestDb.sha256(db));
        assertEquals(journalSha, TestDb.sha256(dir.resolve("app.db-journal")));
    }
}
