package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at 30 points during {@code apply}, and 30 during {@code rollback}, of 004 on the example
 * database grown with 50,000 log rows (so the backup copy, the fingerprints and the writes take
 * a while). Half the kills are spread over the whole run (JVM start included), half over the part
 * after the backup copy is complete, where the writes, verification and commit happen. After
 * every kill the file passes PRAGMA integrity_check and is exactly the state before (the same
 * bytes) or exactly the state after (the same content as an uninterrupted run), never in between.
 * Two trials run at a time (CI has two cores); each kill is timed from its own run's start or backup.
 */
class KillIT {
    static final int KILLS = 30;
    static final int LOG_ROWS = 50_000;

    @TempDir
    static Path shared;
    static Path pristine;
    static Path applied;
    static Snapshot before;
    static Snapshot after;
    static Timing applyTiming;
    static Timing rollbackTiming;

    /** How long an uninterrupted run took in all, and after its backup copy was complete. */
    record Timing(long totalMillis, long afterBackupMillis) {
        /** Kill i of {@link #KILLS}: the first half spread over the whole run, the second over the part after the backup. */
        long delay(int i) {
            int half = KILLS / 2;
            return i < half ? totalMillis * (2L * i + 1) / (2L * half) : afterBackupMillis * (2L * (i - half) + 1) / (2L * half);
        }

        boolean afterBackup(int i) {
            return i >= KILLS / 2;
        }
    }

    @BeforeAll
    static void referenceRuns() throws Exception {
        pristine = TestDb.example(shared);
        TestDb.exec(pristine, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + LOG_ROWS + ") "
                + "INSERT INTO logs (level, message, source, timestamp) SELECT 'info', 'request ' || i || ' ' || hex(randomblob(40)), 'server', "
                + "1764000000 + i FROM n");
        before = Snapshot.of(pristine);

        applied = copy(pristine, "applied.db");
        applyTiming = timed(applied, "before-apply", Jar.MAPPING_004.toString(), "--db", applied.toString());
        after = Snapshot.of(applied);
        assertNotEquals(before, after);

        Path rolledBack = copy(applied, "rolled-back.db");
        rollbackTiming = timed(rolledBack, "before-rollback", "rollback", Jar.MAPPING_004.toString(), "--db", rolledBack.toString());
        assertEquals(before, Snapshot.of(rolledBack), "an uninterrupted rollback gives back the content before apply");
    }

    private static Timing timed(Path db, String backupLabel, String... args) throws Exception {
        long start = System.nanoTime();
        Jar.Running run = Jar.start(shared, false, args);
        awaitBackup(db, backupLabel, run);
        long backedUp = System.nanoTime();
        Jar.Result result = run.await();
        long end = System.nanoTime();
        assertEquals(0, result.exitCode(), result::toString);
        System.out.println("[KillIT] " + args[0] + ": " + (end - start) / 1_000_000 + " ms, " + (end - backedUp) / 1_000_000 + " ms after the backup copy");
        return new Timing((end - start) / 1_000_000, (end - backedUp) / 1_000_000);
    }

    /** Waits until the run's backup copy ({@code <db>.004-<label>-<time>.bak}) is as big as the database (or the run ended). */
    private static void awaitBackup(Path db, String backupLabel, Jar.Running run) throws Exception {
        long size = Files.size(db);
        String prefix = db.getFileName() + ".004-" + backupLabel + "-";
        while (run.process().isAlive()) {
            try (var files = Files.list(db.getParent())) {
                boolean complete = files.anyMatch(f -> f.getFileName().toString().startsWith(prefix) && sizeOf(f) >= size);
                if (complete) {
                    return;
                }
            }
            Thread.sleep(2);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }

    static Path copy(Path db, String name) throws IOException {
        return Files.copy(db, db.resolveSibling(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Kills one run after the delay and says which state the database is in; fails if it is neither. */
    private static String killAndClassify(Path db, long delayMillis, String backupLabel, String beforeSha, Snapshot expectedBefore,
            Snapshot expectedAfter, String... args) throws Exception {
        Jar.Running run = Jar.start(db.getParent(), false, args);
        if (backupLabel != null) {
            awaitBackup(db, backupLabel, run);
        }
        Thread.sleep(delayMillis);
        boolean finished = !run.process().isAlive();
        run.kill();
        boolean hotJournal = Files.exists(db.resolveSibling(db.getFileName() + "-journal"));
        assertBackupsComplete(db, expectedBefore, delayMillis);
        assertEquals("ok", Snapshot.integrity(db), "integrity after kill at " + delayMillis + " ms");
        if (TestDb.sha256(db).equals(beforeSha)) {
            return hotJournal ? "before (mid-write: journal rolled back)" : "before";
        }
        Snapshot now = Snapshot.of(db);
        if (now.equals(expectedAfter)) {
            return finished ? "after (finished)" : "after";
        }
        assertEquals(expectedBefore, now, "killed at " + delayMillis + " ms: neither before nor after");
        return "before (same content, other bytes)";
    }

    /**
     * A file under a backup's name is always a whole copy of the state before: the copy is written
     * under a temporary name and renamed only when complete (a half copy with its own hot journal
     * under the .bak name would open as an empty database).
     */
    private static void assertBackupsComplete(Path db, Snapshot expectedBefore, long delayMillis) throws IOException {
        List<Path> backups;
        try (var files = Files.list(db.getParent())) {
            backups = files.filter(f -> f.getFileName().toString().startsWith(db.getFileName() + ".") && f.getFileName().toString().endsWith(".bak"))
                    .toList();
        }
        for (Path backup : backups) {
            Path look = Files.copy(backup, db.resolveSibling(db.getFileName() + "-look.sqlite"), StandardCopyOption.REPLACE_EXISTING);
            assertEquals(expectedBefore, Snapshot.of(look), "killed at " + delayMillis + " ms: " + backup.getFileName() + " is not a whole copy");
            Files.delete(look);
        }
    }

    interface Trial {
        String run(int i) throws Exception;
    }

    /** Runs the {@link #KILLS} trials, two at a time; counts the outcomes. */
    private static Map<String, Integer> trials(Trial trial) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < KILLS; i++) {
                int n = i;
                results.add(pool.submit(() -> trial.run(n)));
            }
            Map<String, Integer> outcomes = new TreeMap<>();
            for (Future<String> result : results) {
                try {
                    outcomes.merge(result.get(), 1, Integer::sum);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error; // an assertion of one trial
                    }
                    throw e;
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void deleteWithBackups(Path db) throws IOException {
        try (var files = Files.list(db.getParent())) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(db.getFileName().toString())).toList()) {
                Files.delete(f);
            }
        }
    }

    private static void assertSpread(Map<String, Integer> outcomes) {
        System.out.println("[KillIT] " + outcomes);
        assertEquals(KILLS, outcomes.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    @DisplayName("kill -9 at 30 points during apply: integrity ok, exactly before or exactly after")
    void killDuringApply() throws Exception {
        String beforeSha = TestDb.sha256(pristine);
        Map<String, Integer> outcomes = trials(i -> {
            Path db = copy(pristine, "kill-apply-" + i + ".db");
            String outcome = killAndClassify(db, applyTiming.delay(i), applyTiming.afterBackup(i) ? "before-apply" : null, beforeSha, before, after,
                    Jar.MAPPING_004.toString(), "--db", db.toString());
            deleteWithBackups(db);
            return outcome;
        });
        assertSpread(outcomes);
        assertTrue(outcomes.keySet().stream().anyMatch(o -> o.startsWith("before")), outcomes::toString);
    }

    @Test
    @DisplayName("kill -9 while the backup copy is being written: no half copy is ever left under a backup's name")
    void killDuringBackupCopy() throws Exception {
        long size = Files.size(pristine);
        int caught = 0;
        for (int attempt = 0; attempt < 20 && caught < 3; attempt++) {
            Path db = copy(pristine, "kill-copy-" + attempt + ".db");
            String prefix = db.getFileName() + ".004-before-apply-";
            Jar.Running run = Jar.start(db.getParent(), false, Jar.MAPPING_004.toString(), "--db", db.toString());
            boolean midCopy = false;
            while (run.process().isAlive() && !midCopy) {
                try (var files = Files.list(db.getParent())) {
                    midCopy = files.anyMatch(f -> f.getFileName().toString().startsWith(prefix) && sizeOf(f) > 0 && sizeOf(f) < size);
                }
            }
            run.kill();
            if (midCopy) {
                caught++;
                assertBackupsComplete(db, before, -1);
                assertEquals(TestDb.sha256(pristine), TestDb.sha256(db), "the writes had not begun");
            }
            deleteWithBackups(db);
        }
        assertTrue(caught > 0, "no run was caught while its copy was under way");
    }

    @Test
    @DisplayName("kill -9 at 30 points during rollback: integrity ok, exactly applied or exactly rolled back")
    void killDuringRollback() throws Exception {
        String appliedSha = TestDb.sha256(applied);
        Map<String, Integer> outcomes = trials(i -> {
            Path db = copy(applied, "kill-rollback-" + i + ".db");
            // here "before" is the applied state and "after" the rolled-back one
            String outcome = killAndClassify(db, rollbackTiming.delay(i), rollbackTiming.afterBackup(i) ? "before-rollback" : null, appliedSha, after,
                    before, "rollback", Jar.MAPPING_004.toString(), "--db", db.toString());
            deleteWithBackups(db);
            return outcome.replace("before", "applied").replace("after", "rolled back");
        });
        assertSpread(outcomes);
    }
}
