package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Columns computed per row on PostgreSQL, pushed down: when every rule of a table translates to SQL and
 * each column is declared of the type its SQL gives, one {@code UPDATE} fills them inside the database
 * (then every value is read back and compared with Java's, as for the Java fill); a rule or a declared
 * type SQL cannot prove equal keeps the table in Java, saying why; a row the SQL would compute otherwise
 * or refuse rolls the UPDATE back to its savepoint and Java fills the table, writing or failing exactly
 * as it does alone.
 */
class PostgresComputedPushdownIT {
    private static final String ITEMS = "CREATE TABLE items (id TEXT PRIMARY KEY, name TEXT, size BIGINT, ratio DOUBLE PRECISION, flag TEXT, "
            + "level TEXT, divisor BIGINT); INSERT INTO items VALUES ('a', ' Alpha ', 4096, 0.5, 'Yes', 'high', 2), "
            + "('b', 'beta', 5000, -1.25, 'off', NULL, 3)";

    @TempDir
    Path dir;
    private PgDb db;

    @BeforeEach
    void items() {
        db = PgDb.empty(dir.resolve("backups"));
        db.execute(ITEMS);
    }

    private Path mapping(String columns) throws Exception {
        return Files.writeString(dir.resolve("010-computed.yaml"), "migration: \"010\"\nname: items_computed\ncolumns:\n  items:\n" + columns);
    }

    @Test
    @DisplayName("every rule translates: one UPDATE writes each value in its column's type, verified; rollback gives back the database exactly")
    void pushedDownAsOneUpdate() throws Exception {
        String before = db.fingerprint();
        Path file = mapping("""
                    kb:    { type: INTEGER, from: size, transform: "value / 1024" }
                    half:  { type: REAL, from: ratio, transform: "value / 2" }
                    title: { type: TEXT, from: name, transform: "value.trim().toUpperCase() + '#' + row.size" }
                    active: { type: BOOLEAN, from: flag }
                    lvl:   { type: TEXT, from: level, default: "none" }
                    wide:  { type: DOUBLE PRECISION, from: size, nullable: false }
                """);

        Cli run = db.run("apply", file.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Computed  items.{kb, half, title, active, lvl, wide} for every row: pushed down, one UPDATE, in "), run.out());
        assertEquals(List.of("a | 4 | integer | 0.25 | real | ALPHA#4096 | text | t | boolean | high | text | 4096 | double precision",
                "b | 4 | integer | -0.625 | real | BETA#5000 | text | f | boolean | none | text | 5000 | double precision"),
                db.query("SELECT id, kb, pg_typeof(kb), half, pg_typeof(half), title, pg_typeof(title), active, pg_typeof(active), lvl, pg_typeof(lvl), "
                        + "wide, pg_typeof(wide) FROM items ORDER BY id"));
        assertEquals(0, db.run("verify", file.toString()).exitCode());
        String after = db.fingerprint();
        assertEquals(0, db.run("apply", file.toString()).exitCode());
        assertEquals(after, db.fingerprint());

        Cli back = db.run("rollback", file.toString());
        assertEquals(0, back.exitCode(), back::toString);
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("a rule only Java computes keeps the whole table in Java, saying which column and why")
    void javaOnlyStaysInJava() throws Exception {
        Path file = mapping("""
                    kb:    { type: INTEGER, from: size, transform: "value / 1024" }
                    title: { type: TEXT, from: name, transform: "value.replace('a', 'o')" }
                """);

        Cli run = db.run("apply", file.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Computed  items.{kb, title} for every row: in Java, row by row by primary key id (items.title: "
                + "method 'replace' with 2 argument(s) has no SQL form), in "), run.out());
        assertEquals(List.of("a | 4 |  Alpho ", "b | 4 | beto"), db.query("SELECT id, kb, title FROM items ORDER BY id"));
        assertEquals(0, db.run("verify", file.toString()).exitCode());
        assertEquals(0, db.run("rollback", file.toString()).exitCode());
    }

    @Test
    @DisplayName("a row the SQL does not compute as Java does (non-ASCII text lower-cased): the UPDATE is rolled back and Java writes every row")
    void rowSqlCannotComputeFallsBackToJava() throws Exception {
        db.execute("UPDATE items SET name = 'ÄRGER' WHERE id = 'b'");
        Path file = mapping("""
                    kb:    { type: INTEGER, from: size, transform: "value / 1024" }
                    lower: { type: TEXT, from: name, transform: "value.toLowerCase()" }
                """);

        Cli run = db.run("apply", file.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Computed  items.{kb, lower} for every row: in Java, row by row by primary key id (a row SQL cannot compute as Java does), in "), run.out());
        assertEquals(List.of("a | 4 |  alpha ", "b | 4 | ärger"), db.query("SELECT id, kb, lower FROM items ORDER BY id"));
    }

    @Test
    @DisplayName("a row the SQL refuses (a zero divisor): the UPDATE is rolled back, Java fails with its own message; nothing changes")
    void rowSqlRefusesGivesJavasError() throws Exception {
        db.execute("UPDATE items SET divisor = 0 WHERE id = 'b'");
        String before = db.fingerprint();
        Path file = mapping("""
                    share: { type: INTEGER, from: size, transform: "value / row.divisor" }
                """);

        Cli run = db.run("apply", file.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(file + ":5:52: error: items.share: transform failed on 5000 (from row.size, items row id=\"b\"): "
                + "division by zero\n"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertEquals(before, db.fingerprint());

        db.execute("UPDATE items SET divisor = 4 WHERE id = 'b'");
        Cli fixed = db.run("apply", file.toString());
        assertEquals(0, fixed.exitCode(), fixed::toString);
        assertTrue(fixed.out().contains("Computed  items.share for every row: pushed down, one UPDATE, in "), fixed.out());
        assertEquals(List.of("a | 2048", "b | 1250"), db.query("SELECT id, share FROM items ORDER BY id"));
    }
}
