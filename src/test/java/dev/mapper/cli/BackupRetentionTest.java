package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply and rollback prune older backup copies after a run that took one (--keep-backups, MAPPER_KEEP_BACKUPS, default 5). */
class BackupRetentionTest {
    private static final String MAPPING = TestDb.MAPPING_004.toString();

    @TempDir
    Path dir;

    private List<String> copies() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".bak")).sorted().toList();
        }
    }

    private static Cli ok(String... args) {
        Cli run = Cli.run(args);
        assertEquals(0, run.exitCode(), run::toString);
        return run;
    }

    @Test
    @DisplayName("--keep-backups 2: each run deletes the copies beyond the newest two and says so in one line; the newest copy of the applied migration stays")
    void keepsTheNewest() throws IOException {
        Path db = TestDb.example(dir);
        String keep = "--keep-backups";
        ok(MAPPING, "--db", db.toString(), keep, "2");
        ok("rollback", MAPPING, "--db", db.toString(), keep, "2");
        assertEquals(2, copies().size());
        List<String> before = copies();
        Cli third = ok(MAPPING, "--db", db.toString(), keep, "2");
        List<String> after = copies();
        List<String> pruned = before.stream().filter(n -> !after.contains(n)).toList();
        assertEquals(1, pruned.size(), copies()::toString);
        List<String> lines = third.out().lines().filter(l -> l.startsWith("Pruned")).toList();
        assertEquals(1, lines.size(), third.out());
        assertTrue(lines.get(0).matches("Pruned    1 older backup copy \\(\\d+ KiB\\), keeping the newest 2 \\(--keep-backups\\): "
                + java.util.regex.Pattern.quote(pruned.get(0))), lines.get(0));
        assertTrue(pruned.get(0).contains("-before-apply-"), pruned::toString); // the oldest: the first apply's copy
        Cli rollback = ok("rollback", MAPPING, "--db", db.toString(), keep, "1");
        assertTrue(rollback.out().contains("\nPruned    2 older backup copies ("), rollback.out()); // 004 is no longer applied: its copy is not protected
        assertEquals(1, copies().size(), copies()::toString);
        assertTrue(copies().get(0).contains("-before-rollback-"), copies()::toString);
        ok(MAPPING, "--db", db.toString(), keep, "1");
        Path newestApply = Path.of(TestDb.one(db, "SELECT backup_file FROM mapper_history WHERE migration = '004'"));
        assertEquals(List.of(newestApply.getFileName().toString()), copies());
    }

    @Test
    @DisplayName("by default five copies are kept; nothing is said while nothing is pruned")
    void defaultKeepsFive() throws IOException {
        Path db = TestDb.example(dir);
        for (int i = 0; i < 3; i++) {
            assertFalse(ok(MAPPING, "--db", db.toString()).out().contains("Pruned"));
            if (i < 2) {
                assertFalse(ok("rollback", MAPPING, "--db", db.toString()).out().contains("Pruned"));
            }
        }
        assertEquals(5, copies().size());
        Cli sixth = ok("rollback", MAPPING, "--db", db.toString());
        assertTrue(sixth.out().contains("\nPruned    1 older backup copy ("), sixth.out());
        assertEquals(5, copies().size());
        Cli all = ok(MAPPING, "--db", db.toString(), "--keep-backups", "all");
        assertFalse(all.out().contains("Pruned"), all.out());
        assertEquals(6, copies().size());
    }

    @Test
    @DisplayName("never a file mapper did not write: one with a copy's name that is not a SQLite database, a link, the person's own copies")
    void neverAnotherFile() throws IOException {
        Path db = TestDb.example(dir);
        Path notes = Files.writeString(dir.resolve(db.getFileName() + ".004-before-apply-20200101-000000.bak"), "my notes, not a database");
        Path own = Files.copy(db, dir.resolve(db.getFileName() + ".bak"));
        Path other = Files.copy(db, dir.resolve("other.db.004-before-apply-20200101-000000.bak"));
        Path link = Files.createSymbolicLink(dir.resolve(db.getFileName() + ".004-before-apply-20200101-000001.bak"), own);
        ok(MAPPING, "--db", db.toString(), "--keep-backups", "1");
        ok("rollback", MAPPING, "--db", db.toString(), "--keep-backups", "1");
        ok(MAPPING, "--db", db.toString(), "--keep-backups", "1");
        assertEquals("my notes, not a database", Files.readString(notes));
        assertTrue(Files.exists(own) && Files.exists(other) && Files.isSymbolicLink(link));
        assertEquals(5, copies().size(), copies()::toString); // the four above and the newest copy of applied 004
    }

    @Test
    @DisplayName("a wrong --keep-backups is refused before anything runs: exit 2, database unchanged, no copy taken")
    void wrongSetting() throws IOException {
        Path db = TestDb.example(dir);
        String sha = TestDb.sha256(db);
        for (String value : List.of("0", "-1", "many")) {
            Cli run = Cli.run(MAPPING, "--db", db.toString(), "--keep-backups", value);
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals("error: --keep-backups " + value + " is not a number of copies to keep", run.err().lines().findFirst().orElseThrow());
            assertEquals("  hint: give 1 or more (the copy this run takes is always kept), or 'all' to keep every copy", run.err().lines().skip(1).findFirst().orElseThrow());
        }
        assertEquals(sha, TestDb.sha256(db));
        assertEquals(List.of(), copies());
    }

    @Test
    @DisplayName("apply --json lists the copies it pruned")
    void json() throws IOException {
        Path db = TestDb.example(dir);
        ok(MAPPING, "--db", db.toString());
        ok("rollback", MAPPING, "--db", db.toString());
        Path oldest = dir.resolve(copies().stream().filter(n -> n.contains("-before-apply-")).findFirst().orElseThrow());
        Cli run = ok(MAPPING, "--db", db.toString(), "--keep-backups", "2", "--json");
        assertTrue(run.out().contains("\"prunedBackups\":[\"" + oldest + "\"]"), run.out());
        Cli none = ok("rollback", MAPPING, "--db", db.toString(), "--keep-backups", "all");
        assertFalse(none.out().contains("Pruned"));
    }
}
