package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapper.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WhereFenceTest.sqliteErrors on PostgreSQL: a where: the server will not plan (a function it does not have,
 * or with those arguments; a constant out of range) is refused at the where:'s line in PostgreSQL's words, by
 * plan and apply, before any row is read, nothing changed (not a database error naming no line, nor "SQLite").
 */
class PostgresWhereMessagesIT {
    @TempDir
    Path dir;
    private PgDb db;

    @BeforeEach
    void setUp() throws Exception {
        PgServer server = PgServer.get();
        db = new PgDb(server, server.freshDatabase(), dir.resolve("backups"));
        try (Connection c = server.connectUrl(db.url()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE readings (id BIGINT PRIMARY KEY, name TEXT, level BIGINT);"
                    + "INSERT INTO readings VALUES (1, 'alpha', 1), (2, 'beta', 3), (3, 'Apex', 4), (4, NULL, 9), (7, 'gamma', 2)");
        }
    }

    private Path mapping(String where) throws Exception {
        return Files.writeString(dir.resolve("w.yaml"), """
                migration: w1
                name: w1
                sources:
                  r: { table: readings, shape: table, where: '%s' }
                targets:
                  readings_v2:
                    shape: table
                    key: id
                    columns:
                      id:   { from: r.id, type: integer }
                      name: { from: r.name, type: string, default: none }
                """.formatted(where.replace("'", "''")));
    }

    @Test
    @DisplayName("a where: PostgreSQL will not plan is refused at its line in PostgreSQL's words (plan and apply, exit 1), nothing changed")
    void refusedAtTheWhereLine() throws Exception {
        String before = db.fingerprint();
        for (String[] where : List.of(new String[] {"substr(name) = 'a'", "function substr(text) does not exist"},
                new String[] {"typeof(level) = 'integer'", "function typeof(bigint) does not exist"},
                new String[] {"abs(-9223372036854775808) > 0", "bigint out of range"})) {
            Path m = mapping(where[0]);
            for (Cli run : List.of(db.run("plan", m.toString()), db.run("apply", m.toString()))) {
                assertEquals(1, run.exitCode(), run::toString);
                assertEquals(List.of(m + ":4:46: error: the where: of source 'r' is refused by PostgreSQL: " + where[1],
                        "  hint: check the functions' arguments; a where: is one condition on the columns of readings"),
                        run.err().lines().filter(l -> !l.isBlank() && !l.startsWith("    ") && !l.trim().startsWith("|") && !l.trim().startsWith("^"))
                                .limit(2).toList(), run::toString);
            }
        }
        assertEquals(before, db.fingerprint());
    }
}
