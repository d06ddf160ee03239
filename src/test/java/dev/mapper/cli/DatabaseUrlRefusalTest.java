package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mapper.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A password written into the database's URL is refused before anything connects, and never printed back. */
class DatabaseUrlRefusalTest {
    @TempDir
    Path dir;

    private Path mapping(String database) throws IOException {
        return Files.writeString(dir.resolve("m.yaml"), """
                migration: "950"
                name: url
                database: %s
                sources:
                  s: { table: settings, key: a }
                targets:
                  t:
                    shape: document
                    key: config
                    keys:
                      a: { from: s.a, type: integer }
                """.formatted(database));
    }

    @Test
    void aPasswordInDatabaseIsRefusedAtItsLine() throws IOException {
        Path m = mapping("postgresql://app:s3cret@localhost:5432/config");
        for (String command : new String[] {"apply", "plan", "status", "verify", "rollback", "validate"}) {
            Cli run = Cli.run(command, m.toString());
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals(m + ":3:11: error: database: the database URL holds a password (after 'app:')", run.err().lines().findFirst().orElseThrow());
            assertFalse(run.toString().contains("s3cret"), run::toString);
        }
    }

    @Test
    void aPasswordInDbIsRefused() throws IOException {
        Path m = mapping("data/app.db");
        for (String url : new String[] {"postgresql://app:s3cret@localhost/config", "jdbc:postgresql://localhost/config?password=s3cret"}) {
            Cli run = Cli.run("apply", m.toString(), "--db", url, "--json");
            assertEquals(2, run.exitCode(), run::toString);
            assertFalse(run.toString().contains("s3cret"), run::toString);
            run = Cli.run("apply", m.toString(), "--db", url);
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals("error: --db: the database URL holds a password (" + (url.startsWith("jdbc") ? "parameter 'password')" : "after 'app:')"),
                    run.err().lines().findFirst().orElseThrow());
            assertFalse(run.toString().contains("s3cret"), run::toString);
        }
    }
}
