package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The next command mapper suggests carries the server's options the person gave: without
 * --db-password-file it would not log in, without --backup-dir its backup would go elsewhere.
 */
class PostgresNextCommandIT {
    @TempDir
    Path dir;
    private final PgServer server = PgServer.get();

    @Test
    void suggestedCommandsRepeatThePasswordFileAndBackupDir() throws Exception {
        String url = server.freshDatabase();
        try (Connection c = server.connectUrl(url)) {
            PgExample.load(c);
        }
        Path secret = Files.writeString(dir.resolve("pw"), "unused-by-trust\n");
        Path backups = dir.resolve("backups");
        Cli plan = Cli.run("plan", "mappings/004.yaml", "--db", url, "--db-password-file", secret.toString(), "--backup-dir", backups.toString());
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().endsWith("Not applied yet. Apply with: mapper apply mappings/004.yaml --db " + url
                + " --db-password-file " + secret + " --backup-dir " + backups + "\n"), plan.out());
        assertTrue(!plan.toString().contains("unused-by-trust"), plan::toString);
    }
}
