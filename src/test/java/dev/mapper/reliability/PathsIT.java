package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path a user gives names exactly that file, whatever characters it holds: whitespace, a
 * name that looks like a URI query or like one of the driver's special names. The real jar runs
 * in the file's directory, so relative names reach the driver as the user typed them.
 */
class PathsIT {
    @TempDir
    Path tmp;

    private static List<String> filesIn(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("out") && !n.startsWith("err")).sorted().toList();
        }
    }

    /** The test's own driver reads names as mapper did before the fix: it looks at a copy under a plain name. */
    private Path plain(Path file) throws IOException {
        return Files.copy(file, Files.createTempDirectory(tmp, "look").resolve("copy.db"));
    }

    /** A copy of the example database under {@code name} in {@code dir}. */
    private Path exampleAs(Path dir, String name) throws IOException {
        Path example = TestDb.example(Files.createTempDirectory(tmp, "src"));
        return Files.copy(example, Files.createDirectories(dir).resolve(name));
    }

    /** Applies 004 to {@code name} in {@code dir}; the migration lands in exactly that file, and its backup copy beside it is the file as it was. */
    private void appliesToExactly(Path dir, String name) throws Exception {
        Path db = exampleAs(dir, name);
        Snapshot before = Snapshot.of(plain(db));

        Jar.Result run = Jar.run(dir, Jar.MAPPING_004.toString(), "--db", name);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("004 | 1 | applied", TestDb.one(plain(db), "SELECT migration, revision, kind FROM mapper_history"));
        List<String> files = filesIn(dir);
        assertEquals(2, files.size(), files::toString);
        Path backup = dir.resolve(files.stream().filter(f -> f.endsWith(".bak")).findFirst().orElseThrow(() -> new AssertionError(files)));
        assertTrue(backup.getFileName().toString().startsWith(name + ".004-before-apply-"), files::toString);
        assertEquals(before, Snapshot.of(plain(backup)), "the backup copy is the database as it was");

        Jar.Result status = Jar.run(dir, "status", Jar.MAPPING_004.toString(), "--db", name);
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().startsWith("004 (unify_router_config): applied"), status::toString);
    }

    @Test
    @DisplayName("whitespace in the directory and the name (\"My Documents\"): applied, backup copy written beside it")
    void whitespace() throws Exception {
        appliesToExactly(tmp.resolve("My Documents"), "app data.db");
    }

    @Test
    @DisplayName("a name that looks like a URI query (app.db?journal_mode=wal): that file is migrated, no app.db is created, keep.db beside it is untouched")
    void queryLikeName() throws Exception {
        Path dir = tmp.resolve("q");
        Path plain = exampleAs(dir, "app.db");
        String plainSha = TestDb.sha256(plain);
        Files.move(plain, dir.resolve("keep.db"));
        appliesToExactlyWith(dir, "app.db?journal_mode=wal", "keep.db");
        assertEquals(plainSha, TestDb.sha256(dir.resolve("keep.db")));
    }

    private void appliesToExactlyWith(Path dir, String name, String other) throws Exception {
        Path db = exampleAs(dir, name);
        Jar.Result run = Jar.run(dir, Jar.MAPPING_004.toString(), "--db", name);
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("004 | 1 | applied", TestDb.one(plain(db), "SELECT migration, revision, kind FROM mapper_history"));
        List<String> files = filesIn(dir);
        assertEquals(3, files.size(), files::toString);
        assertTrue(files.contains(other) && files.contains(name), files::toString);
    }

    @Test
    @DisplayName("files named like the driver's special names (:memory:, :resource:x, file:x, %41, #x): each is that file")
    void specialNames() throws Exception {
        String[] names = {":memory:", "file:app.db", "app%41.db", "app#1.db", "ä ö.db"};
        for (int i = 0; i < names.length; i++) {
            appliesToExactly(tmp.resolve("n" + i), names[i]);
        }
    }

    @Test
    @DisplayName("a dangling symlink at the backup copy's predictable name is never written through")
    void danglingSymlinkAtBackupName() throws Exception {
        Path dir = tmp.resolve("links");
        Path db = exampleAs(dir, "app.db");
        Path victim = tmp.resolve("victim.db");
        // the copy's name holds the time to the second: links for the next minute cover the run
        LocalDateTime now = LocalDateTime.now();
        DateTimeFormatter stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
        for (int s = 0; s < 60; s++) {
            Files.createSymbolicLink(dir.resolve("app.db.004-before-apply-" + now.plusSeconds(s).format(stamp) + ".bak"), victim);
        }

        Jar.Result run = Jar.run(dir, Jar.MAPPING_004.toString(), "--db", "app.db");

        assertEquals(0, run.exitCode(), run::toString);
        assertFalse(Files.exists(victim, LinkOption.NOFOLLOW_LINKS), "the copy was written through a link");
        List<String> regular = new java.util.ArrayList<>();
        try (var list = Files.list(dir)) {
            list.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> regular.add(p.getFileName().toString()));
        }
        List<String> mine = regular.stream().filter(n -> !n.startsWith("out") && !n.startsWith("err")).toList();
        assertEquals(2, mine.size(), mine::toString);
        assertTrue(mine.stream().anyMatch(n -> n.matches("app\\.db\\.004-before-apply-\\d{8}-\\d{6}-\\d+\\.bak")), regular::toString);
        assertEquals("004 | 1 | applied", TestDb.one(plain(db), "SELECT migration, revision, kind FROM mapper_history"));
    }
}
