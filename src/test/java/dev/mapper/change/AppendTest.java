package dev.mapper.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.SchemaDump;
import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** append: one row added to a table that exists (an audit line in logs), checked against the table first, undone exactly. */
public class AppendTest {
    public static final String AUDIT = """
            migration: "010"
            name: audit
            sources:
              router: { table: router_config, key: config }
            append:
              logs:
                level:     { type: string, default: info }
                message:   { type: string, transform: "'router settings moved to router_config (port ' + router.port + ')'" }
                source:    { type: string, default: mapper }
                timestamp: { type: integer, default: 1764000400 }
            """;

    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void migrated() {
        db = TestDb.example(dir);
        assertEquals(0, Cli.run("apply", TestDb.MAPPING_004.toString(), "--db", db.toString()).exitCode());
    }

    Path mapping(String text) throws IOException {
        Path file = dir.resolve("010-audit.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    @DisplayName("the row is appended with exact values and types, and rollback deletes exactly it (id counter included)")
    void appendsAndUndoes() throws IOException {
        List<String> before = SchemaDump.all(db);
        Path audit = mapping(AUDIT);

        Cli run = Cli.run("apply", audit.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Append    one row to logs\n    level      \"info\"  default\n"
                + "    message    \"router settings moved to router_config (port 8080)\"  via transform\n"), run.out());
        assertEquals("4 | info | text | router settings moved to router_config (port 8080) | mapper | 1764000400 | integer",
                TestDb.one(db, "SELECT id, level, typeof(level), message, source, timestamp, typeof(timestamp) FROM logs WHERE id = 4"));

        Cli rollback = Cli.run("rollback", audit.toString(), "--db", db.toString());

        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertTrue(rollback.out().contains("deleted the row appended to logs (rowid 4)"), rollback.out());
        assertEquals(before, SchemaDump.all(db));
    }

    @Test
    @DisplayName("a row that does not fit its table: an unknown column and a NOT NULL column left out are positioned errors; nothing written")
    void doesNotFit() throws IOException {
        String sha = TestDb.sha256(db);
        Path audit = mapping(AUDIT.replace("    level:     { type: string, default: info }\n", "").replace("source:    {", "sourc:     {"));

        Cli run = Cli.run("apply", audit.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(audit + ":8:5: error: table logs has no column sourc\n"), run.err());
        assertTrue(run.err().contains("  hint: did you mean 'source'? its columns are: id, level, message, source, timestamp\n"), run.err());
        assertTrue(run.err().contains(audit + ":6:3: error: column logs.level is NOT NULL and has no default, but the row appended to logs gives it no value\n"),
                run.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a misspelt NOT NULL column is one error with did-you-mean, not a second one for the column it meant; a misspelt table too")
    void misspeltColumnIsOneError() throws IOException {
        String sha = TestDb.sha256(db);
        Path audit = mapping(AUDIT.replace("level:     {", "levle:     {"));

        Cli run = Cli.run("apply", audit.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(audit + ":7:5: error: table logs has no column levle\n"
                + "        levle:     { type: string, default: info }\n"
                + "        ^\n"
                + "  hint: did you mean 'level'? its columns are: id, level, message, source, timestamp\n", run.err());
        assertEquals(sha, TestDb.sha256(db));

        Path table = mapping(AUDIT.replace("  logs:\n", "  log:\n"));
        Cli misspelt = Cli.run("apply", table.toString(), "--db", db.toString());

        assertEquals(1, misspelt.exitCode(), misspelt::toString);
        assertTrue(misspelt.err().startsWith(table + ":6:3: error: cannot append to log: the database has no such table\n"), misspelt.err());
        assertTrue(misspelt.err().contains("  hint: did you mean 'logs'? 'append:' adds a row to a table that exists; check the name (mapper inspect lists the tables)\n"), misspelt.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("the app changed the appended row: rollback refuses and changes nothing; --discard-later-writes deletes it")
    void changedSince() throws IOException {
        Path audit = mapping(AUDIT);
        assertEquals(0, Cli.run("apply", audit.toString(), "--db", db.toString()).exitCode());
        TestDb.exec(db, "UPDATE logs SET level = 'warn' WHERE id = 4");
        String sha = TestDb.sha256(db);

        Cli refused = Cli.run("rollback", audit.toString(), "--db", db.toString());

        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: cannot roll back migration 010: the row appended to logs (rowid 4) was changed since the migration wrote it\n"),
                refused.err());
        assertEquals(sha, TestDb.sha256(db));
        assertEquals(0, Cli.run("rollback", audit.toString(), "--db", db.toString(), "--discard-later-writes").exitCode());
        assertEquals("3", TestDb.one(db, "SELECT count(*) FROM logs"));
    }
}
