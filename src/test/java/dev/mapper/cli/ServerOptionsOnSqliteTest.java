package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --backup-dir and --db-password-file are a server's options: given with a SQLite file they would be
 * ignored, and the person would look for a backup where none was written. They are refused instead.
 */
class ServerOptionsOnSqliteTest {
    @TempDir
    Path dir;

    @Test
    void backupDirWithASqliteFileIsRefusedAndNothingChanges() throws IOException {
        Path db = TestDb.example(dir);
        String before = TestDb.sha256(db);
        Cli run = Cli.run("apply", "mappings/004.yaml", "--db", db.toString(), "--backup-dir", dir.resolve("backups").toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("error: --backup-dir names where a PostgreSQL database's backup goes; a SQLite file's backup copy is written beside the file",
                run.err().lines().findFirst().orElseThrow());
        assertEquals("  hint: leave out --backup-dir: the Backup line names the copy (" + db.getFileName() + ".004-before-….bak)",
                run.err().lines().skip(1).findFirst().orElseThrow());
        assertEquals(before, TestDb.sha256(db));
        assertEquals(false, Files.exists(dir.resolve("backups")));
    }

    @Test
    void passwordFileWithASqliteFileIsRefused() throws IOException {
        Path db = TestDb.example(dir);
        String before = TestDb.sha256(db);
        Path secret = Files.writeString(dir.resolve("pw"), "s3cret\n");
        Cli run = Cli.run("apply", "mappings/004.yaml", "--db", db.toString(), "--db-password-file", secret.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("error: --db-password-file is for a PostgreSQL database; a SQLite file has no password",
                run.err().lines().findFirst().orElseThrow());
        assertEquals(before, TestDb.sha256(db));
    }
}
