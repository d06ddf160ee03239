package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column an earlier migration declared, declared otherwise by a later one, on a real PostgreSQL
 * server: ALTER COLUMN in place (type, NOT NULL, default), every row and index kept; rollback puts
 * back the exact declaration and values, or refuses (nothing changed) when the app changed either
 * so that it could not.
 */
class PostgresRedeclareIT {
    static final String TABLE = "CREATE TABLE gauges (id BIGINT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', level TEXT, size BIGINT);"
            + "CREATE INDEX gauges_level ON gauges (level);"
            + "INSERT INTO gauges VALUES (1, 'a', '12', 40), (2, 'b', NULL, NULL), (3, 'c', '-7', 9000000000)";
    static final String DECLARE = """
            migration: "010"
            name: gauges_declared
            columns:
              gauges:
                name:   { type: text, nullable: false, default: '' }
                level:  { type: text }
                size:   { type: bigint }
                weight: { type: bigint, default: 0 }
            """;
    static final String REDECLARE = """
            migration: "011"
            name: gauges_redeclared
            columns:
              gauges:
                name:   { type: text, default: '' }
                level:  { type: bigint, default: 0 }
                size:   { type: double precision }
                weight: { type: bigint, default: 1, nullable: false }
            """;

    @TempDir
    Path dir;
    /** The test database as the CLI suites' fixture sees it: its options, fingerprint and rows. */
    private PgDb db;

    @BeforeEach
    void load() {
        db = PgDb.empty(dir.resolve("backups"));
        db.execute(TABLE);
    }

    private Path mapping(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static final String CATALOGUE = "SELECT column_name, data_type, is_nullable, coalesce(column_default, '-') FROM information_schema.columns "
            + "WHERE table_name = 'gauges' ORDER BY ordinal_position";

    @Test
    void redeclaredInPlaceAndBackExactly() throws Exception {
        String untouched = db.fingerprint();
        Path declare = mapping("010-gauges_declared.yaml", DECLARE);
        Path redeclare = mapping("011-gauges_redeclared.yaml", REDECLARE);
        Cli first = db.run("apply", declare.toString());
        assertEquals(0, first.exitCode(), first::toString);
        String before = db.fingerprint();
        List<String> values = db.query("SELECT id, name, level, size::text, weight FROM gauges ORDER BY id");

        Cli run = db.run("apply", redeclare.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("""
                  ~ column gauges.name    text DEFAULT '' (was text NOT NULL DEFAULT ''; altered in place, every row kept)
                  ~ column gauges.level   bigint DEFAULT 0 (was text; altered in place, every row kept)
                  ~ column gauges.size    double precision (was bigint; altered in place, every row kept)
                  ~ column gauges.weight  bigint NOT NULL DEFAULT 1 (was bigint DEFAULT 0; altered in place, every row kept)
                """), run.out());
        assertTrue(run.out().contains("Applied migration 011 in "), run.out());
        assertEquals(List.of("id | bigint | NO | -", "name | text | YES | ''::text", "level | bigint | YES | 0", "size | double precision | YES | -",
                "weight | bigint | NO | 1"), db.query(CATALOGUE));
        assertEquals(List.of("1 | a | 12 | 40 | 0", "2 | b | null | null | 0", "3 | c | -7 | 9000000000 | 0"),
                db.query("SELECT id, name, level, size, weight FROM gauges ORDER BY id"));
        assertEquals(values, db.query("SELECT id, name, level::text, size::text, weight FROM gauges ORDER BY id"));
        assertEquals(List.of("CREATE INDEX gauges_level ON public.gauges USING btree (level)"),
                db.query("SELECT indexdef FROM pg_indexes WHERE tablename = 'gauges' AND indexname = 'gauges_level'"));
        assertEquals(0, db.run("verify", redeclare.toString()).exitCode());

        Cli back = db.run("rollback", redeclare.toString());

        assertEquals(0, back.exitCode(), back::toString);
        assertTrue(back.out().contains("Rolled back migration 011: declared column gauges.weight bigint DEFAULT 0 again, declared column gauges.size bigint "
                + "again, declared column gauges.level text again, declared column gauges.name text NOT NULL DEFAULT '' again, history row removed."), back.out());
        assertEquals(before, db.fingerprint());
        Cli first2 = db.run("rollback", declare.toString());
        assertEquals(0, first2.exitCode(), first2::toString);
        assertEquals(untouched, db.fingerprint());
    }

    @Test
    void aTypeThatWouldNotConvertBackIsRefused() throws Exception {
        assertEquals(0, db.run("apply", mapping("010-gauges_declared.yaml", DECLARE).toString()).exitCode());
        db.execute("UPDATE gauges SET level = '012' WHERE id = 1; UPDATE gauges SET level = 'x' WHERE id = 2");
        String before = db.fingerprint();
        Path redeclare = mapping("011-gauges_redeclared.yaml", REDECLARE);

        Cli run = db.run("apply", redeclare.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(redeclare + ":6:5: error: 2 value(s) of column gauges.level would not convert from text to bigint and back exactly (the first: "
                + "'012'), so rollback could not put them back", run.err().lines().findFirst().orElseThrow());
        assertTrue(run.err().contains("  hint: keep the column's type, or write the converted values to a new column; nothing was changed\n"), run.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    void rollbackRefusesWhatTheAppChangedSince() throws Exception {
        assertEquals(0, db.run("apply", mapping("010-gauges_declared.yaml", DECLARE).toString()).exitCode());
        Path redeclare = mapping("011-gauges_redeclared.yaml", REDECLARE);
        assertEquals(0, db.run("apply", redeclare.toString()).exitCode());
        db.execute("UPDATE gauges SET size = 1.5 WHERE id = 1; UPDATE gauges SET name = NULL WHERE id = 2; ALTER TABLE gauges ALTER COLUMN weight TYPE numeric");
        String changed = db.fingerprint();

        Cli back = db.run("rollback", redeclare.toString());

        assertEquals(1, back.exitCode(), back::toString);
        assertEquals("""
                error: cannot roll back migration 011: column gauges.name holds NULL in 1 row(s) written since, but was declared text NOT NULL DEFAULT '' \
                before the migration
                error: cannot roll back migration 011: 1 value(s) of column gauges.size would not convert from double precision to bigint and back exactly \
                (the first: '1.5'): written since the migration redeclared it
                error: cannot roll back migration 011: column gauges.weight was redeclared since: it is numeric NOT NULL DEFAULT 1, the migration declared it \
                bigint NOT NULL DEFAULT 1
                  hint: rollback undoes exactly what migration 011 changed, and the database is no longer as it left it; nothing was changed. Put back \
                what is listed above, or restore a backup copy of the database
                3 errors
                """, back.err());
        assertEquals(changed, db.fingerprint());
        Cli discarding = db.run("rollback", redeclare.toString(), "--discard-later-writes");
        assertEquals(1, discarding.exitCode(), discarding::toString); // none of these can be discarded: undoing would change or lose the app's values
        assertEquals(changed, db.fingerprint());
    }
}
