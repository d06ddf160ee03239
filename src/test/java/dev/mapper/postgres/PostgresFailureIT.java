package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures on a real PostgreSQL server: a bad value, a server that cannot be reached or refuses
 * the password, a lock the app holds. After each, the database's canonical fingerprint (catalogue
 * and every row) is what it was, no object of mapper's is left, and no password is printed.
 */
class PostgresFailureIT {
    @TempDir
    Path dir;
    private final PgServer server = PgServer.get();
    private PgDb db;
    private String url;

    @BeforeEach
    void load() {
        db = PgDb.example(dir.resolve("backups"));
        url = db.url();
    }

    private Cli mapper(String db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db, "--backup-dir", dir.resolve("backups").toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private String fingerprint() {
        return db.fingerprint();
    }

    private void assertNothingLeft(String before) throws Exception {
        assertEquals(before, fingerprint());
        try (Connection c = db.connect()) {
            assertEquals(List.of(), PgFingerprint.mapperObjects(c));
        }
        assertFalse(Files.exists(dir.resolve("backups")) && Files.list(dir.resolve("backups")).findAny().isPresent(), "backup left behind");
    }

    @Test
    void aBadValueRollsEverythingBackWithSqlitesMessage() throws Exception {
        String bad = "UPDATE server_config SET value = replace(value, '\"llama_server_port\":8080', '\"llama_server_port\":\"80x\"')";
        Path sqlite = TestDb.example(dir);
        TestDb.exec(sqlite, bad);
        Cli onSqlite = Cli.run("apply", TestDb.MAPPING_004.toString(), "--db", sqlite.toString());
        assertEquals(1, onSqlite.exitCode(), onSqlite::toString);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate(bad);
        }
        String before = fingerprint();
        assertTrue(before.contains("## rows of server_config\n(config,\"{\"\"serverPath\"\":\"\"\"\""), before);

        Cli run = mapper(url, "apply", TestDb.MAPPING_004.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(onSqlite.err().lines().findFirst().orElseThrow(), run.err().lines().findFirst().orElseThrow());
        assertNothingLeft(before);
    }

    @Test
    void aServerThatCannotBeReachedIsOneLineExit2() throws Exception {
        String before = fingerprint();
        Cli run = mapper("postgresql://postgres@localhost:1/nowhere", "apply", TestDb.MAPPING_004.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: cannot connect to database postgresql://postgres@localhost:1/nowhere?schema=public: "), run::toString);
        assertEquals(2, run.err().lines().count(), run::toString); // the message, then the hint
        Cli missing = mapper(url.replaceAll("/[^/]*$", "/no_such_db"), "status", TestDb.MAPPING_004.toString());
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("database \"no_such_db\" does not exist"), missing::toString);
        Cli schema = mapper(url + "?schema=nope", "apply", TestDb.MAPPING_004.toString());
        assertEquals(2, schema.exitCode(), schema::toString);
        assertTrue(schema.err().startsWith("error: cannot connect to database " + url + "?schema=nope: schema \"nope\" does not exist"), schema::toString);
        assertNothingLeft(before);
    }

    @Test
    void aWrongPasswordIsRefusedAndNeverPrinted() throws Exception {
        String before = fingerprint();
        String appUrl = server.withRole(url, "mapper_app", "right-Pa55");
        Path wrong = Files.writeString(dir.resolve("wrong"), "wr0ng-Secret\n");
        for (String format : new String[] {"text", "json"}) {
            List<String> args = new ArrayList<>(List.of("apply", TestDb.MAPPING_004.toString(), "--db-password-file", wrong.toString(), "--verbose"));
            if (format.equals("json")) {
                args.add("--json");
            }
            Cli run = mapper(appUrl, args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), run::toString);
            assertFalse(run.toString().contains("wr0ng-Secret"), run::toString);
            if (format.equals("text")) {
                assertEquals("error: cannot connect to database " + appUrl + "?schema=public: FATAL: password authentication failed for user \"mapper_app\"",
                        run.err().lines().findFirst().orElseThrow());
            }
        }
        Path right = Files.writeString(dir.resolve("right"), "right-Pa55\n");
        Cli status = mapper(appUrl, "status", TestDb.MAPPING_004.toString(), "--db-password-file", right.toString());
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("pending"), status::toString);
        assertNothingLeft(before);
    }

    @Test
    void aRoleThatMayOnlyReadChangesNothing() throws Exception {
        String before = fingerprint();
        String readerUrl = server.withRole(url, "mapper_reader", "read-0nly");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO mapper_reader");
        }
        Path password = Files.writeString(dir.resolve("password"), "read-0nly\n");
        Cli run = mapper(readerUrl, "apply", TestDb.MAPPING_004.toString(), "--db-password-file", password.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: database " + readerUrl + "?schema=public cannot be written by user mapper_reader: "), run::toString);
        assertFalse(run.toString().contains("read-0nly"), run::toString);
        assertNothingLeft(before);
    }

    @Test
    void theAppWritingASourceMeansBusyAfterWait() throws Exception {
        String before = fingerprint();
        try (Connection app = db.connect(); Statement s = app.createStatement()) {
            app.setAutoCommit(false);
            s.execute("LOCK TABLE metadata IN ROW EXCLUSIVE MODE"); // what the app's UPDATE of a setting holds until it commits
            Cli run = mapper(url, "apply", TestDb.MAPPING_004.toString(), "--wait", "1");
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals("error: database " + url + "?schema=public is busy: another program holds a lock on a table this migration uses, "
                    + "or another mapper run is under way (waited 1 s)", run.err().lines().findFirst().orElseThrow());
            app.rollback();
        }
        assertNothingLeft(before);
    }

    @Test
    void anotherMapperRunMeansBusyAfterWait() throws Exception {
        String before = fingerprint();
        try (Connection other = db.connect(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("SELECT pg_advisory_xact_lock(" + 0x6d6170706572L + ")");
            Cli run = mapper(url, "apply", TestDb.MAPPING_004.toString(), "--wait", "1");
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith("error: database " + url + "?schema=public is busy"), run::toString);
            other.rollback();
        }
        assertNothingLeft(before);
    }
}
