package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mapper.TestDb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database file in the states it is found in: in WAL mode with the app connected, read-only,
 * in a read-only directory, missing, not SQLite, truncated, on a full disk. Each gets a clear
 * error (or a correct migration), and a failed run leaves every byte as it was.
 */
class DatabaseFileIT {
    @TempDir
    Path tmp;

    /** A directory 'nobody' can reach, holding a copy of the jar, 004 and the example database. */
    private Path sharedDir() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("shared"));
        Jar.shareWithNobody(dir);
        TestDb.example(dir);
        return dir;
    }

    private static void owner(Path path, String user) throws IOException {
        if (Jar.isRoot()) {
            Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
        }
    }

    private static void mode(Path path, String mode) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    private static void assumeUserSwitch() {
        assumeTrue(!Jar.isRoot() || Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "running as root without setpriv: permissions cannot be tested (root may write anything)");
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("out") && !n.startsWith("err")).sorted().toList();
        }
    }

    @Test
    @DisplayName("read-only file: refused before anything is written, saying so; no backup copy left behind")
    void readOnlyFile() throws Exception {
        assumeUserSwitch();
        Path dir = sharedDir();
        owner(dir, "nobody");
        Path db = dir.resolve("llama-dashboard.db");
        mode(db, "r--r--r--");
        String sha = TestDb.sha256(db);

        Jar.Result run = Jar.runAsNobody(dir, "004.yaml", "--db", "llama-dashboard.db");

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("error: database llama-dashboard.db is read-only: this user may not write the file\n"
                + "  hint: give the user running mapper write permission on the file (or run as the app's user) and retry; nothing was changed\n", run.err());
        assertEquals(sha, TestDb.sha256(db));
        assertEquals(List.of("004.yaml", "llama-dashboard.db", "mapper.jar"), filesIn(dir));
    }

    @Test
    @DisplayName("read-only directory (no room for SQLite's journal or the backup copy): refused, saying so")
    void readOnlyDirectory() throws Exception {
        assumeUserSwitch();
        Path dir = sharedDir();
        Path db = dir.resolve("llama-dashboard.db");
        mode(db, "rw-rw-rw-");
        mode(dir, "r-xr-xr-x");
        String sha = TestDb.sha256(db);
        try {
            Jar.Result run = Jar.runAsNobody(dir, "004.yaml", "--db", "llama-dashboard.db");

            assertEquals(1, run.exitCode(), run::toString);
            assertEquals("error: the directory " + dir + " of database llama-dashboard.db is read-only: SQLite must create its journal there "
                    + "and mapper its backup copy\n"
                    + "  hint: make the directory writable for the user running mapper and retry; nothing was changed\n", run.err());
            assertEquals(sha, TestDb.sha256(db));
        } finally {
            mode(dir, "rwxr-xr-x");
        }
    }

    @Test
    @DisplayName("missing file: exit 2, no database created")
    void missingFile() throws Exception {
        Jar.Result run = Jar.run(tmp, Jar.MAPPING_004.toString(), "--db", "nope.db");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("error: database nope.db does not exist\n"
                + "  hint: check the path given by 'database:' in the mapping or by --db; mapper never creates a database\n", run.err());
        assertFalse(Files.exists(tmp.resolve("nope.db")));
    }

    @Test
    @DisplayName("a file that is not SQLite: exit 2, file untouched")
    void notSqlite() throws Exception {
        Path db = Files.writeString(tmp.resolve("notes.db"), "these are my notes, not a database\n");
        String sha = TestDb.sha256(db);
        Jar.Result run = Jar.run(tmp, Jar.MAPPING_004.toString(), "--db", "notes.db");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("error: database notes.db is not a SQLite database (its header is wrong)\n"
                + "  hint: point --db at the app's SQLite file, e.g. data/llama-dashboard.db\n", run.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a truncated (corrupt) database: exit 1, says damaged, file untouched")
    void truncated() throws Exception {
        Path whole = TestDb.example(tmp);
        byte[] bytes = Files.readAllBytes(whole);
        for (int length : new int[] {100, bytes.length / 2}) {
            Path db = Files.write(tmp.resolve("cut-" + length + ".db"), java.util.Arrays.copyOf(bytes, length));
            String sha = TestDb.sha256(db);
            Jar.Result run = Jar.run(tmp, Jar.MAPPING_004.toString(), "--db", db.getFileName().toString());
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals("error: database " + db.getFileName() + " is damaged or not a database: [SQLITE_CORRUPT] The database disk image is malformed "
                    + "(database disk image is malformed)\n  hint: restore it from a backup; mapper changed nothing\n", run.err());
            assertEquals(sha, TestDb.sha256(db));
        }
    }

    @Test
    @DisplayName("WAL mode with the app connected and a live -wal file: a failed run changes neither file; then apply reads the WAL's rows")
    void walWithLiveApp() throws Exception {
        Path db = TestDb.example(tmp);
        Path wal = tmp.resolve("llama-dashboard.db-wal");
        TestDb.exec(db, "PRAGMA journal_mode = WAL");
        Process app = Jar.sqlite3(db);
        try (OutputStream in = app.getOutputStream();
                BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(("UPDATE server_config SET value = json_set(value, '$.llama_server_port', '80x');\nSELECT 'written';\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertEquals("written", out.readLine());
            assertTrue(Files.size(wal) > 0, "the app's change is in the -wal file");
            String dbSha = TestDb.sha256(db);
            String walSha = TestDb.sha256(wal);

            Jar.Result failed = Jar.run(tmp, Jar.MAPPING_004.toString(), "--db", db.toString());
            assertEquals(1, failed.exitCode(), failed::toString);
            assertTrue(failed.err().contains("router_config.port: \"80x\" is not an integer (from server.llama_server_port)"), failed::toString);
            assertEquals(dbSha, TestDb.sha256(db));
            assertEquals(walSha, TestDb.sha256(wal));

            in.write("UPDATE server_config SET value = json_set(value, '$.llama_server_port', 9090);\nSELECT 'fixed';\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertEquals("fixed", out.readLine());
            Jar.Result applied = Jar.run(tmp, Jar.MAPPING_004.toString(), "--db", db.toString());
            assertEquals(0, applied.exitCode(), applied::toString);

            in.write("SELECT json_extract(value, '$.port') FROM router_config;\n.quit\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertEquals("9090", out.readLine(), "the app sees the migrated value, computed from the row it wrote");
        } finally {
            app.destroyForcibly();
            app.waitFor();
        }
        assertEquals("ok", Snapshot.integrity(db));
        assertEquals("wal", TestDb.one(db, "PRAGMA journal_mode"));
    }

    @Test
    @DisplayName("disk full (a small tmpfs): when the backup copy does not fit, and when the writes do not; the file keeps its bytes")
    void diskFull() throws Exception {
        assumeTrue(Jar.isRoot(), "mounting a small tmpfs needs root");
        Path example = TestDb.example(tmp);
        long size = Files.size(example);
        assertFullAt(example, size + size / 2, "cannot write the backup file ", ": the disk is full");
        Path db = tmp.resolve("full").resolve("llama-dashboard.db");
        assertFullAt(example, 2 * size + 8192,
                "error: database " + db + " cannot grow: the disk is full (or the database reached its size limit): ", "");
    }

    private void assertFullAt(Path example, long tmpfsBytes, String start, String end) throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("full"));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + tmpfsBytes, "tmpfs", mount.toString()).inheritIO().start();
        assumeTrue(m.waitFor() == 0, "mount -t tmpfs is not permitted here");
        try {
            Path db = Files.copy(example, mount.resolve("llama-dashboard.db"));
            String sha = TestDb.sha256(db);
            Jar.Result run = Jar.run(tmp, Jar.MAPPING_004.toString(), "--db", db.toString());
            assertEquals(1, run.exitCode(), run::toString);
            String headline = run.err().lines().findFirst().orElseThrow();
            assertTrue(headline.startsWith(start.startsWith("error") ? start : "error: " + start) && headline.endsWith(end), run::toString);
            assertTrue(run.err().contains("  hint: free disk space"), run::toString);
            assertEquals(sha, TestDb.sha256(db));
            assertEquals("ok", Snapshot.integrity(db));
            try (var files = Files.list(mount)) {
                // the backup copy (whole or half-written) is deleted: it is what would keep the disk full,
                // and no hot journal is left: mapper finished the rollback before it exited
                assertEquals(List.of("llama-dashboard.db"), files.map(f -> f.getFileName().toString()).toList(),
                        "only the database is left on the full disk");
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
    }
}
