package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
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
            assertEquals(m + ":3:" + (11 + "postgresql://app:".length()) + ": error: database: the database URL holds a password (after 'app:')", run.err().lines().findFirst().orElseThrow());
            assertFalse(run.toString().contains("s3cret"), run::toString);
        }
    }

    @Test
    void anUnknownUrlParameterIsRefusedAtItsColumnWithTheAcceptedOnes() throws IOException {
        Path m = mapping("postgresql://app@localhost:5432/config?sslmode=require&sslmod=require");
        Cli run = Cli.run("plan", m.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(m + ":3:" + (11 + "postgresql://app@localhost:5432/config?sslmode=require&".length())
                + ": error: database: the database URL has an unknown parameter 'sslmod'", run.err().lines().findFirst().orElseThrow());
        assertEquals(1, run.err().lines().filter(l -> l.startsWith("  hint: mapper takes schema, user, host, port, dbname, sslmode, ")).count(), run::toString);
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

    @Test
    void upperCaseNamesAreRefusedForPostgresBeforeConnecting() throws IOException {
        Path m = Files.writeString(dir.resolve("m.yaml"), """
                migration: "950"
                name: names
                sources:
                  s: { table: Settings, key: a }
                targets:
                  router_Config:
                    shape: document
                    key: config
                    keys:
                      a: { from: s.a, type: integer }
                """);
        Cli run = Cli.run("plan", m.toString(), "--db", "postgresql://app@localhost:1/config");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(m + ":4:3: error: table name 'Settings' has upper-case letters, which PostgreSQL keeps only inside quotes\n"
                + "      s: { table: Settings, key: a }\n"
                + "      ^\n"
                + "  hint: mapper quotes every name, so 'Settings' would be another table than settings; write it in lower case "
                + "(PostgreSQL folds unquoted names to lower case)\n"
                + m + ":6:3: error: table name 'router_Config' has upper-case letters, which PostgreSQL keeps only inside quotes\n"
                + "      router_Config:\n"
                + "      ^\n"
                + "  hint: mapper quotes every name, so 'router_Config' would be another table than router_config; write it in lower case "
                + "(PostgreSQL folds unquoted names to lower case)\n"
                + "2 errors\n", run.err());
        assertEquals(0, Cli.run("validate", m.toString()).exitCode(), "SQLite is the default: the names are fine there");
    }

    @Test
    @DisplayName("backups --db with a password in the server URL: refused before anything connects, exit 2, the password never printed (text or --json)")
    void backupsRefuseAPasswordInTheUrl() {
        for (String url : new String[] {"postgresql://app:s3cret@localhost:5432/llama", "jdbc:postgresql://localhost:5432/llama?password=s3cret"}) {
            Cli run = Cli.run("backups", "--db", url, "--prune");
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals("", run.out());
            assertEquals("error: --db: the database URL holds a password (" + (url.startsWith("jdbc") ? "parameter 'password')" : "after 'app:')"),
                    run.err().lines().findFirst().orElseThrow());
            assertFalse(run.toString().contains("s3cret"), run::toString);
            Cli json = Cli.run("backups", "--db", url, "--json");
            assertEquals(2, json.exitCode(), json::toString);
            assertTrue(json.out().startsWith("{\"format\":1,\"command\":\"backups\",\"ok\":false,\"exitCode\":2,\"errors\":["), json.out());
            assertFalse(json.toString().contains("s3cret"), json::toString);
        }
    }

    @Test
    @DisplayName("backups --backup-dir or --db-password-file with a SQLite file: refused, exit 2 (a file's copies lie beside it)")
    void backupsRefuseServerOptionsWithAFile() throws IOException {
        Path db = dev.mapper.TestDb.example(dir);
        Cli run = Cli.run("backups", "--db", db.toString(), "--backup-dir", dir.resolve("b").toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("error: --backup-dir names where a PostgreSQL database's backups go; a SQLite file's backup copies are beside the file",
                run.err().lines().findFirst().orElseThrow());
        run = Cli.run("backups", "--db", db.toString(), "--db-password-file", Files.writeString(dir.resolve("pw"), "x\n").toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("error: --db-password-file is for a PostgreSQL database; a SQLite file has no password", run.err().lines().findFirst().orElseThrow());
    }
}
