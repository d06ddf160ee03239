package dev.mapper.cli;

import static dev.mapper.TestDb.MAPPING_004;
import static dev.mapper.cli.ApplyCommandTest.ROUTER_CONFIG;
import static dev.mapper.cli.ApplyCommandTest.SERVER_CONFIG;
import static dev.mapper.cli.ApplyCommandTest.apply;
import static dev.mapper.cli.ApplyCommandTest.backupFileIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mapper apply on what only a SQLite file goes through: a path that is no database, another program
 * holding the file's write lock, WAL mode with the app's reader open. The engine-neutral cases are in
 * {@link ApplyCommandTest} (and on PostgreSQL {@link PostgresApplyCommandIT}).
 */
class ApplyCommandSqliteFileTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("a missing database is not created; a file that is not SQLite is refused and left alone")
    void badDatabaseFiles() throws Exception {
        Path missing = dir.resolve("nope.db");
        Cli run = apply(missing);
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: database " + missing + " does not exist\n"), run.err());
        assertFalse(Files.exists(missing));

        Path text = dir.resolve("notes.db");
        Files.writeString(text, "not a database");
        run = apply(text);
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: database " + text + " is not a SQLite database (its header is wrong)\n"), run.err());
        assertEquals("not a database", Files.readString(text));
    }

    @Test
    @DisplayName("another program holding the write lock: mapper waits --wait seconds, then fails cleanly")
    void busyDatabase() throws Exception {
        Path db = TestDb.example(dir);
        String before = TestDb.sha256(db);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            Cli run = apply(db, "--wait", "1");
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith("error: database " + db + " is busy: another program holds its write lock (waited 1 s)\n"), run.err());
            assertTrue(run.err().contains("hint: stop the app (or the other mapper run) and retry, or wait longer with --wait SECONDS"), run.err());
            s.execute("ROLLBACK");
        }
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a database in WAL mode, as the app runs it, with the app's connection open: applies and rolls back correctly")
    void walModeWithLiveReader() throws Exception {
        Path db = TestDb.example(dir);
        TestDb.exec(db, "PRAGMA journal_mode = WAL");
        try (Connection app = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = app.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM server_config").close(); // the app's connection keeps the -wal file alive

            Cli run = apply(db);

            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(Files.exists(Path.of(db + "-wal")));
            try (var rs = s.executeQuery("SELECT value FROM router_config")) {
                rs.next();
                assertEquals(ROUTER_CONFIG, rs.getString(1)); // the app sees the committed result at once
            }
            Path backup = backupFileIn(run);
            assertEquals(SERVER_CONFIG, TestDb.one(backup, "SELECT value FROM server_config WHERE key = 'config'"));

            Cli rollback = Cli.run("rollback", MAPPING_004.toString(), "--db", db.toString());
            assertEquals(0, rollback.exitCode(), rollback::toString);
            try (var rs = s.executeQuery("SELECT value FROM server_config WHERE key = 'config'")) {
                rs.next();
                assertEquals(SERVER_CONFIG, rs.getString(1));
            }
        }
    }
}
