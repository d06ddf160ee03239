package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * The backup apply writes on PostgreSQL (a psql script of COPY data) restores the database: run
 * after 004 was applied, the canonical fingerprint is the one from before the apply. The script
 * is run here as psql would run it (statements, and COPY … FROM stdin with the rows that follow
 * up to {@code \.}), in one transaction; psql itself is not part of the test server's binaries.
 */
class PostgresBackupIT {
    @TempDir
    Path dir;
    @Test
    void theBackupScriptPutsEverythingBack() throws Exception {
        PgDb db = PgDb.example(dir);
        String before = db.fingerprint();
        Cli run = db.run("apply", TestDb.MAPPING_004.toString());
        assertEquals(0, run.exitCode(), run::toString);
        try (Connection c = db.connect()) {
            assertNotEquals(before, PgFingerprint.of(c));
            String file;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT backup_file FROM mapper_history")) {
                rs.next();
                file = rs.getString(1);
            }
            c.setAutoCommit(false);
            runScript(c, Files.readAllLines(Path.of(file)));
            c.commit();
            c.setAutoCommit(true);
            assertEquals(before, PgFingerprint.of(c));
        }
    }

    /** Runs a backup script as {@code psql --single-transaction} would, on {@code c} (the caller commits). */
    static void runScript(Connection c, List<String> lines) throws Exception {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("--") || line.isBlank()) {
                continue;
            }
            if (line.startsWith("COPY ") && line.endsWith(" FROM stdin;")) {
                StringBuilder data = new StringBuilder();
                while (!lines.get(++i).equals("\\.")) {
                    data.append(lines.get(i)).append('\n');
                }
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(line.substring(0, line.length() - 1), new StringReader(data.toString()));
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute(line);
                }
            }
        }
    }
}
