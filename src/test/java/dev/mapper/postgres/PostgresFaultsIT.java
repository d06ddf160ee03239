package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import dev.mapper.db.SqlBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the middle of a PostgreSQL write transaction, on the real server: the mapper process
 * killed (SIGKILL), its backend terminated by an administrator. mapper is held at a known point
 * inside its transaction, after its writes and their verification, by a trigger on server_config
 * (whose row 004 retires last) that waits for an advisory lock this test holds; the test sees it
 * waiting in pg_locks, so no sleep decides when the fault happens. After each fault the database's
 * fingerprint is what it was, nothing of mapper's is left, and the next run applies 004.
 */
class PostgresFaultsIT {
    /** The advisory lock the trigger waits for (the test's, not mapper's own key). */
    static final long HOLD = 4242;

    @TempDir
    Path dir;
    private final PgServer server = PgServer.get();
    private PgDb db;
    private String url;
    private Connection holder;

    @BeforeEach
    void load() throws Exception {
        db = PgDb.example(dir.resolve("backups"));
        url = db.url();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION app_hold() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock(" + HOLD
                    + "); RETURN OLD; END $$");
            s.execute("CREATE TRIGGER app_hold BEFORE DELETE ON server_config FOR EACH ROW EXECUTE FUNCTION app_hold()");
        }
        holder = db.connect();
        try (Statement s = holder.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + HOLD + ")");
        }
    }

    @AfterEach
    void release() throws SQLException {
        holder.close();
    }

    private String fingerprint() {
        return db.fingerprint();
    }

    private List<String> mapperObjectsAndLocks() throws Exception {
        List<String> left = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            left.addAll(PgFingerprint.mapperObjects(c));
            try (ResultSet rs = s.executeQuery("SELECT locktype || ' ' || coalesce(relation::regclass::text, objid::text) FROM pg_locks l "
                    + "JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.pid <> pg_backend_pid() AND a.datname = current_database()")) {
                while (rs.next()) {
                    left.add("lock " + rs.getString(1));
                }
            }
        }
        return left;
    }

    private List<String> backupFiles() throws Exception {
        Path backups = dir.resolve("backups");
        if (!Files.exists(backups)) {
            return List.of();
        }
        try (var files = Files.list(backups)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** Waits (polling the server) until a backend of this database waits for the test's advisory lock; returns its pid. */
    private int awaitHeld(BooleanSupplier stillRunning, Object run) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a "
                + "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.objid = " + HOLD + " AND NOT l.granted AND a.datname = current_database()")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
                if (!stillRunning.getAsBoolean()) {
                    throw new AssertionError("mapper ended before it reached the held DELETE: " + run);
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("mapper never reached the held DELETE");
    }

    /** Whether backend {@code pid} is gone within a minute (it is gone as soon as the server notices its client is). */
    private boolean backendEnds(int pid) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return true;
                    }
                }
                Thread.sleep(20);
            }
        }
        return false;
    }

    private Process jar(String db) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("target/mapper.jar").toAbsolutePath().toString(), "apply", TestDb.MAPPING_004.toString(), "--db", db,
                "--backup-dir", dir.resolve("backups").toString(), "--wait", "600");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        builder.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        return builder.start();
    }

    private Cli mapper(String db) {
        return Cli.run("apply", TestDb.MAPPING_004.toString(), "--db", db, "--backup-dir", dir.resolve("backups").toString(), "--wait", "600");
    }

    /** A run through a relay, by the URL it was given, and what it printed. */
    private record Cut(String url, Cli result) {}

    /** Runs mapper through a relay and cuts the relay once mapper holds its transaction; the server must end that transaction. */
    private Cut runAndCutTheConnection() throws Exception {
        String viaProxy;
        CompletableFuture<Cli> run;
        try (CuttableProxy proxy = new CuttableProxy("localhost", server.port())) {
            viaProxy = url.replaceFirst(":" + server.port() + "/", ":" + proxy.port() + "/");
            run = CompletableFuture.supplyAsync(() -> mapper(viaProxy));
            int pid = awaitHeld(() -> !run.isDone(), run);
            proxy.close();
            assertTrue(backendEnds(pid), "the server kept the cut connection's transaction");
        }
        return new Cut(viaProxy, run.get(120, TimeUnit.SECONDS));
    }

    /** The app lets go: the database is as before, nothing of mapper's is left (objects, locks, backup files), and the next run applies. */
    private void assertNothingLeftOnceReleased(String before) throws Exception {
        holder.close();
        assertEquals(before, fingerprint());
        assertEquals(List.of(), mapperObjectsAndLocks());
        assertEquals(List.of(), backupFiles());
        assertTheNextRunApplies(before);
    }

    private void assertTheNextRunApplies(String before) throws Exception {
        Cli next = mapper(url);
        assertEquals(0, next.exitCode(), next::toString);
        assertTrue(next.out().contains("Applied migration 004"), next::toString);
        assertNotEquals(before, fingerprint());
    }

    @Test
    void mapperKilledInsideItsTransactionChangesNothing() throws Exception {
        String before = fingerprint();
        Process run = jar(url);
        int pid = awaitHeld(run::isAlive, dir);
        run.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback of mapper's own
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));

        // its backend notices the closed connection while it still waits, and rolls back: the app's locks are free at once
        assertTrue(backendEnds(pid), "the killed mapper's backend still holds its transaction and locks");
        holder.close();
        assertEquals(before, fingerprint());
        assertEquals(List.of(), mapperObjectsAndLocks());
        // a killed process deletes nothing: its backup script is left, whole (written under a temporary name, then renamed)
        List<String> left = backupFiles();
        assertEquals(1, left.size(), left::toString);
        assertTrue(left.get(0).endsWith(".bak"), left::toString);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            PostgresBackupIT.runScript(c, Files.readAllLines(dir.resolve("backups").resolve(left.get(0))));
            c.commit();
        }
        assertEquals(before, fingerprint(), "the backup script left by the killed run restores the state before");
        assertTheNextRunApplies(before);
    }

    @Test
    void aTerminatedBackendIsOneMessageExit1AndNothingChanged() throws Exception {
        String before = fingerprint();
        CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> mapper(url));
        int pid = awaitHeld(() -> !run.isDone(), run);
        try (Statement s = holder.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
        Cli result = run.get(120, TimeUnit.SECONDS);

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of("error: the server ended mapper's connection to database " + url + "?schema=public while mapper was writing "
                        + "(FATAL: terminating connection due to administrator command)",
                "  hint: retry once the server accepts connections again (an administrator, the server's shutdown or a network fault ended it)",
                "  hint: " + dev.mapper.apply.Transaction.ROLLED_BACK),
                result.err().lines().toList(), result::toString);
        assertNothingLeftOnceReleased(before);
    }

    /**
     * SQLite's statement budget on PostgreSQL: the held DELETE never ends by itself (--wait 600 keeps lock_timeout out of
     * the way), so it is the statement the budget stops, whatever the machine's speed; every other statement of 004
     * takes milliseconds.
     */
    @Test
    void aStatementPastTheBudgetIsStoppedWithSqlitesMessage() throws Exception {
        String before = fingerprint();
        String previous = System.getProperty(SqlBudget.PROPERTY);
        System.setProperty(SqlBudget.PROPERTY, "5000");
        Cli run;
        try {
            run = mapper(url);
        } finally {
            if (previous == null) {
                System.clearProperty(SqlBudget.PROPERTY);
            } else {
                System.setProperty(SqlBudget.PROPERTY, previous);
            }
        }
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of("error: an SQL statement mapper ran on database " + url + "?schema=public ran longer than 5 s, the limit for one SQL statement, "
                        + "and was stopped",
                "  hint: nothing was changed; the database may be too large for this limit: allow more time with java -D" + SqlBudget.PROPERTY
                        + "=<milliseconds> -jar mapper.jar …",
                "  hint: " + dev.mapper.apply.Transaction.ROLLED_BACK), run.err().lines().toList(), run::toString);
        assertNothingLeftOnceReleased(before);
    }

    /** libpq's URL parameters reach the server: the held run's backend carries the URL's application_name; sslmode=require is pgjdbc's. */
    @Test
    void urlParametersReachTheServer() throws Exception {
        CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> mapper(url + "?application_name=nightly_config&connect_timeout=5&keepalives=1"));
        int pid = awaitHeld(() -> !run.isDone(), run);
        try (PreparedStatement ps = holder.prepareStatement("SELECT application_name FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("nightly_config", rs.getString(1));
            }
        }
        holder.close();
        Cli applied = run.get(120, TimeUnit.SECONDS);
        assertEquals(0, applied.exitCode(), applied::toString);

        Cli ssl = Cli.run("status", TestDb.MAPPING_004.toString(), "--db", url + "?sslmode=require");
        assertEquals(2, ssl.exitCode(), ssl::toString);
        assertEquals("error: cannot connect to database " + url + "?schema=public: The server does not support SSL.",
                ssl.err().lines().findFirst().orElseThrow(), ssl::toString);
    }

    /** The network between mapper and the server cut while mapper holds its transaction (a relay the test closes). */
    @Test
    void aConnectionLostMidTransactionIsOneMessageExit1AndNothingChanged() throws Exception {
        String before = fingerprint();
        Cut cut = runAndCutTheConnection();
        String viaProxy = cut.url();
        Cli result = cut.result();

        assertEquals(1, result.exitCode(), result::toString);
        List<String> lines = result.err().lines().toList();
        assertEquals(List.of("error: the connection to database " + viaProxy + "?schema=public was lost while mapper was writing "
                        + "(An I/O error occurred while sending to the backend.)",
                "  hint: retry once the server accepts connections again (an administrator, the server's shutdown or a network fault ended it)",
                "  hint: " + dev.mapper.apply.Transaction.ROLLED_BACK), lines, result::toString);
        assertNothingLeftOnceReleased(before);
    }

    /**
     * The connection lost during COMMIT itself: mapper cannot know whether the server committed, so it says so, keeps its
     * backup script and points to status (here the server did not commit: a deferred trigger held the COMMIT, the
     * relay was cut, and the server rolled back when it noticed its client gone).
     */
    @Test
    void aConnectionLostDuringCommitIsReportedAsUnknownAndTheBackupIsKept() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER app_hold ON server_config");
            s.execute("CREATE CONSTRAINT TRIGGER app_hold_commit AFTER DELETE ON server_config DEFERRABLE INITIALLY DEFERRED "
                    + "FOR EACH ROW EXECUTE FUNCTION app_hold()");
        }
        String before = fingerprint();
        Cut cut = runAndCutTheConnection();
        String viaProxy = cut.url();
        Cli result = cut.result();

        assertEquals(1, result.exitCode(), result::toString);
        List<String> kept = backupFiles();
        assertEquals(1, kept.size(), kept::toString);
        assertEquals(List.of("error: the connection to database " + viaProxy + "?schema=public was lost while mapper was committing "
                        + "(An I/O error occurred while sending to the backend.): whether the server committed the migration is not known",
                "  hint: mapper status on the mapping, with the same --db, says whether it was applied (then mapper rollback undoes it, "
                        + "else apply it again); the backup taken before is kept: " + dir.resolve("backups").resolve(kept.get(0))),
                result.err().lines().toList(), result::toString);
        holder.close();
        assertEquals(before, fingerprint());
        assertEquals(List.of(), mapperObjectsAndLocks());
        Cli status = Cli.run("status", TestDb.MAPPING_004.toString(), "--db", url);
        assertTrue(status.out().contains("004 (unify_router_config): pending"), status::toString);
        assertTheNextRunApplies(before);
    }
}
