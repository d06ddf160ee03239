package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column computed per row on an existing table ({@code columns:} with a rule) on PostgreSQL: mapper
 * finds each row again by SQLite's rowid, which PostgreSQL has not, so it refuses the column at its
 * line before anything is written (exit 1, nothing changed), for apply and for plan; never a stack trace.
 */
class PostgresComputedColumnIT {
    /** ComputedColumnTest's mapping: size_mb and label computed from each models row. */
    private static final String SIZES = """
            migration: "010"
            name: models_sizes
            columns:
              models:
                size_mb: { type: INTEGER, from: file_size, transform: "value / 1048576", nullable: false }
                label:   { type: TEXT, from: name, transform: "value + ' (' + row.quantization + ')'" }
            """;

    @TempDir
    Path dir;
    private final PgServer server = PgServer.get();

    @Test
    void refusedAtTheColumnsLineNothingChanged() throws Exception {
        String url = server.freshDatabase();
        try (Connection c = server.connectUrl(url)) {
            PgExample.load(c);
        }
        String backups = dir.resolve("backups").toString();
        Cli folder = Cli.run("apply", "mappings/", "--db", url, "--backup-dir", backups);
        assertEquals(0, folder.exitCode(), folder::toString);
        Path file = Files.writeString(dir.resolve("010-computed.yaml"), SIZES);
        String before;
        try (Connection c = server.connectUrl(url)) {
            before = PgFingerprint.of(c);
        }
        List<String> expected = new ArrayList<>();
        for (String command : new String[] {"apply", "plan"}) {
            Cli run = Cli.run(command, file.toString(), "--db", url, "--backup-dir", backups);

            assertEquals(1, run.exitCode(), command + ": " + run);
            assertTrue(run.err().startsWith(file + ":5:5: error: column models.size_mb is computed per row, which mapper does not do on PostgreSQL yet "
                    + "(it finds each row again by SQLite's rowid)\n"), command + ": " + run.err());
            assertTrue(run.err().contains(file + ":6:5: error: column models.label is computed per row, which mapper does not do on PostgreSQL yet"), run.err());
            assertTrue(run.err().contains("hint: add the column without a rule (its type and a default), and fill it with your own UPDATE"), run.err());
            assertFalse(run.err().contains("Exception"), run.err());
            assertFalse(run.err().contains("\tat "), run.err());
            try (Connection c = server.connectUrl(url)) {
                assertEquals(before, PgFingerprint.of(c), command);
                assertEquals(expected, PostgresApplyIT.rows(c, "SELECT migration FROM mapper_history WHERE migration = '010'"));
            }
        }
    }
}
