package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The next command mapper suggests carries the server's options the person gave: without
 * --db-password-file it would not log in, without --backup-dir its backup would go elsewhere.
 */
class PostgresNextCommandIT {
    @TempDir
    Path dir;
    @Test
    void suggestedCommandsRepeatThePasswordFileAndBackupDir() throws Exception {
        Path backups = dir.resolve("backups");
        String url = PgDb.example(backups).url();
        Path secret = Files.writeString(dir.resolve("pw"), "unused-by-trust\n");
        Cli plan = Cli.run("plan", "mappings/004.yaml", "--db", url, "--db-password-file", secret.toString(), "--backup-dir", backups.toString());
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().endsWith("Not applied yet. Apply with: mapper apply mappings/004.yaml --db " + url
                + " --db-password-file " + secret + " --backup-dir " + backups + "\n"), plan.out());
        assertTrue(!plan.toString().contains("unused-by-trust"), plan::toString);
    }
}
