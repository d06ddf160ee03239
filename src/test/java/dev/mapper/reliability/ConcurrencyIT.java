package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.TestDb;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several programs at one database: two mapper runs, mapper against rollback, and sqlite3 holding the write lock. */
class ConcurrencyIT {
    static final String BUSY_HINT = "  hint: stop the app (or the other mapper run) and retry, or wait longer with --wait SECONDS; nothing was changed";

    @TempDir
    Path dir;
    Path db;
    Snapshot before;
    Snapshot after;

    @BeforeEach
    void references() throws Exception {
        db = TestDb.example(dir);
        before = Snapshot.of(db);
        Path reference = Files.copy(db, dir.resolve("reference.db"));
        assertEquals(0, Jar.run(dir, Jar.MAPPING_004.toString(), "--db", reference.toString()).exitCode());
        after = Snapshot.of(reference);
    }

    private Jar.Running start(Path database, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--db";
        all[args.length + 1] = database.toString();
        return Jar.start(dir, false, all);
    }

    @Test
    @DisplayName("two apply started together, twice: one applies, the other waits and reports already applied")
    void twoApplies() throws Exception {
        for (int round = 0; round < 2; round++) {
            Path copy = Files.copy(db, dir.resolve("two-" + round + ".db"));
            Jar.Running first = start(copy, Jar.MAPPING_004.toString(), "--wait", "60");
            Jar.Running second = start(copy, Jar.MAPPING_004.toString(), "--wait", "60");
            Jar.Result a = first.await();
            Jar.Result b = second.await();
            assertEquals(0, a.exitCode(), a::toString);
            assertEquals(0, b.exitCode(), b::toString);
            int applied = (a.out().contains("Applied migration 004") ? 1 : 0) + (b.out().contains("Applied migration 004") ? 1 : 0);
            int already = (a.out().contains("Migration 004 is already applied with this exact mapping; nothing to do.") ? 1 : 0)
                    + (b.out().contains("Migration 004 is already applied with this exact mapping; nothing to do.") ? 1 : 0);
            assertEquals(1, applied, a + "\n" + b);
            assertEquals(1, already, a + "\n" + b);
            assertEquals("ok", Snapshot.integrity(copy));
            assertEquals(after, Snapshot.of(copy));
        }
    }

    @Test
    @DisplayName("two apply started together with --wait 0 on a database that takes seconds: one applies, the other fails cleanly as busy "
            + "(or, if its JVM started after the commit, reports already applied)")
    void waitRunsOut() throws Exception {
        TestDb.exec(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
                + "INSERT INTO logs (level, message, source, timestamp) SELECT 'info', hex(randomblob(40)), 'server', i FROM n");
        Jar.Running first = start(db, Jar.MAPPING_004.toString(), "--wait", "0");
        Jar.Running second = start(db, Jar.MAPPING_004.toString(), "--wait", "0");
        Jar.Result a = first.await();
        Jar.Result b = second.await();
        Jar.Result winner = a.out().contains("Applied migration 004") ? a : b;
        Jar.Result other = winner == a ? b : a;
        assertEquals(0, winner.exitCode(), a + "\n" + b);
        assertTrue(winner.out().contains("Applied migration 004"), a + "\n" + b);
        if (other.exitCode() == 0) {
            System.out.println("[ConcurrencyIT] the second run started after the first committed: already applied");
            assertTrue(other.out().contains("Migration 004 is already applied with this exact mapping; nothing to do."), other::toString);
        } else {
            assertEquals(1, other.exitCode(), other::toString);
            assertEquals("error: database " + db + " is busy: another program holds its write lock (waited 0 s)\n" + BUSY_HINT + "\n", other.err());
        }
        assertEquals("ok", Snapshot.integrity(db));
        assertEquals(1, TestDb.query(db, "SELECT * FROM mapper_history").size());
    }

    @Test
    @DisplayName("apply racing rollback, three times: the end state is exactly before or exactly after, as the outputs say")
    void applyRacingRollback() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path copy = Files.copy(db, dir.resolve("race-" + round + ".db"), StandardCopyOption.REPLACE_EXISTING);
            Jar.Running apply = start(copy, Jar.MAPPING_004.toString(), "--wait", "60");
            Jar.Running rollback = start(copy, "rollback", Jar.MAPPING_004.toString(), "--wait", "60");
            Jar.Result a = apply.await();
            Jar.Result r = rollback.await();
            assertEquals(0, a.exitCode(), a::toString);
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(a.out().contains("Applied migration 004"), a::toString);
            assertEquals("ok", Snapshot.integrity(copy));
            if (r.out().contains("Rolled back migration 004")) {
                assertEquals(before, Snapshot.of(copy), "rolled back after the apply: the content before");
            } else {
                assertEquals("Migration 004 is not applied to " + copy + "; nothing to roll back.\n", r.out());
                assertEquals(after, Snapshot.of(copy), "rollback ran first and found nothing: the content after");
            }
        }
    }

    @Test
    @DisplayName("sqlite3 holding BEGIN IMMEDIATE: mapper waits its --wait, then says busy and how to retry; applies once the lock is gone")
    void externalWriteLock() throws Exception {
        String sha = TestDb.sha256(db);
        Process sqlite = Jar.sqlite3(db);
        try (OutputStream in = sqlite.getOutputStream();
                BufferedReader out = new BufferedReader(new InputStreamReader(sqlite.getInputStream(), StandardCharsets.UTF_8))) {
            in.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertEquals("locked", out.readLine());

            Jar.Result busy = start(db, Jar.MAPPING_004.toString(), "--wait", "1").await();
            assertEquals(1, busy.exitCode(), busy::toString);
            assertEquals("error: database " + db + " is busy: another program holds its write lock (waited 1 s)\n" + BUSY_HINT + "\n", busy.err());
            assertEquals(sha, TestDb.sha256(db));

            Jar.Running waiting = start(db, Jar.MAPPING_004.toString(), "--wait", "60");
            Thread.sleep(1500); // let it start waiting for the lock
            in.write("COMMIT;\n.quit\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            Jar.Result applied = waiting.await();
            assertEquals(0, applied.exitCode(), applied::toString);
            assertEquals(after, Snapshot.of(db));
        } finally {
            sqlite.destroyForcibly();
        }
    }
}
