package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) and SIGTERM sent to the real jar while it writes a large table migration
 * (200,000 metrics rows streamed through Java, several seconds of writes): mapper rolls back,
 * deletes its backup copy, prints one line and exits 130; the file keeps its bytes and no journal
 * or copy is left beside it.
 */
class InterruptIT {
    static final Path MAPPING = Path.of("examples/metrics/metrics-v2-java.yaml").toAbsolutePath();

    @TempDir
    static Path shared;
    static Path pristine;

    @BeforeAll
    static void largeMetrics() {
        pristine = TestDb.example(shared);
        TestDb.exec(pristine, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
                + "INSERT INTO metrics (cpu_usage, memory_usage, disk_usage, active_models, uptime, timestamp) "
                + "SELECT i % 100, (i * 7) % 100, 50, 1, i, 1700000000 + i FROM n");
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("out") && !n.startsWith("err")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"INT", "TERM"})
    @DisplayName("a signal during the writes: rolled back, backup copy deleted, one line, exit 130, the file's bytes unchanged")
    void signalDuringWrites(String signal) throws Exception {
        Path dir = Files.createDirectory(shared.resolve(signal));
        Path db = Files.copy(pristine, dir.resolve("app.db"));
        String sha = TestDb.sha256(db);
        Jar.Running run = Jar.start(dir, false, MAPPING.toString(), "--db", "app.db");

        // the "Backup" line is printed once the copy is complete: from then on the writes run for seconds
        while (run.process().isAlive() && !Files.readString(run.out()).contains("\nBackup ")) {
            Thread.sleep(5);
        }
        assertTrue(run.process().isAlive(), "the run ended before it could be interrupted");
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(run.process().pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        Jar.Result result = run.await();

        assertEquals(130, result.exitCode(), result::toString);
        assertEquals("interrupted: nothing was changed\n", result.err(), result::toString);
        assertEquals(sha, TestDb.sha256(db));
        assertEquals(List.of("app.db"), filesIn(dir), "no journal and no backup copy left");
    }
}
