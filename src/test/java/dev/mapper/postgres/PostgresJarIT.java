package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar against a real PostgreSQL server, as README's "PostgreSQL" section runs it, with
 * the password where libpq looks for it: PGPASSWORD, then the file PGPASSFILE names. A login role
 * with a password owns the database, so every check of the password is the server's own.
 */
class PostgresJarIT {
    @TempDir
    Path dir;
    private final PgServer server = PgServer.get();

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Run jar(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("target/mapper.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        builder.environment().put("HOME", dir.toString()); // no ~/.pgpass of the machine's
        builder.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = builder.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mapper did not finish");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void applies004WithThePasswordFromTheEnvironmentOrPgpass() throws Exception {
        String url = server.freshDatabase();
        String appUrl = server.withRole(url, "mapper_owner", "0wner-Pa55");
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + url.substring(url.lastIndexOf('/') + 1) + " OWNER TO mapper_owner");
            s.execute("ALTER SCHEMA public OWNER TO mapper_owner");
            s.execute("SET ROLE mapper_owner");
            PgExample.load(c);
        }
        String backups = dir.resolve("backups").toString();

        Run wrong = jar(Map.of("PGPASSWORD", "wr0ng-Secret"), "mappings/004.yaml", "--db", appUrl, "--backup-dir", backups);
        assertEquals(2, wrong.exitCode(), wrong::toString);
        assertEquals("error: cannot connect to database " + appUrl + "?schema=public: FATAL: password authentication failed for user \"mapper_owner\"",
                wrong.err().lines().findFirst().orElseThrow(), wrong::toString);
        assertFalse(wrong.toString().contains("wr0ng-Secret"));

        Run applied = jar(Map.of("PGPASSWORD", "0wner-Pa55"), "mappings/004.yaml", "--db", appUrl, "--backup-dir", backups);
        assertEquals(0, applied.exitCode(), applied::toString);
        assertTrue(applied.out().contains("Applied migration 004"), applied::toString);
        assertFalse(applied.toString().contains("0wner-Pa55"));

        Path pgpass = Files.writeString(dir.resolve("pgpass"), "localhost:" + server.port() + ":*:mapper_owner:0wner-Pa55\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        Run status = jar(Map.of("PGPASSFILE", pgpass.toString()), "status", "mappings/004.yaml", "--db", appUrl);
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("applied"), status::toString);
        Run again = jar(Map.of("PGPASSFILE", pgpass.toString()), "mappings/004.yaml", "--db", appUrl, "--backup-dir", backups);
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("already applied"), again::toString);
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM mapper_history")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }
}
