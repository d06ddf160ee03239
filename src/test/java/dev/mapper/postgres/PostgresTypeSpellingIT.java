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
 * A column declared in one of PostgreSQL's other spellings of a type (VARCHAR(20) is stored as
 * character varying(20), INT as integer, FLOAT as double precision): the catalogue answers in its own
 * spelling, so mapper compares declarations in that spelling — verification passes, a second run finds
 * the column as declared, status says applied, rollback drops exactly the columns.
 */
class PostgresTypeSpellingIT {
    private static final String COLUMNS = """
            migration: "010"
            name: models_columns
            columns:
              models:
                title:  { type: VARCHAR(20), from: name, transform: "value.substring(0, 5)" }
                tag:    { type: varchar(8), default: 'none' }
                rank:   { type: INT, default: 0 }
                weight: { type: FLOAT, default: 1.5 }
            """;

    @TempDir
    Path dir;
    private PgDb db;

    @BeforeEach
    void history() {
        db = PgDb.afterHistory(dir.resolve("backups"));
    }

    @Test
    void otherSpellingsOfATypeApplyVerifyAndRollBack() throws Exception {
        String before = db.fingerprint();
        Path file = Files.writeString(dir.resolve("010-columns.yaml"), COLUMNS);

        Cli run = db.run("apply", file.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("m1 | Llama | none | 0 | 1.5", "m2 | Qwen2 | none | 0 | 1.5"), db.query("SELECT id, title, tag, rank, weight FROM models ORDER BY id"));
        assertEquals(List.of("title | character varying(20)", "tag | character varying(8)", "rank | integer", "weight | double precision"),
                db.query("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = 'models'::regclass "
                        + "AND a.attname IN ('title', 'tag', 'rank', 'weight') ORDER BY a.attnum"));
        String after = db.fingerprint();
        Cli verify = db.run("verify", file.toString());
        assertEquals(0, verify.exitCode(), verify::toString);
        Cli status = db.run("status", file.toString());
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("applied"), status.out());

        Cli again = db.run("apply", file.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(after, db.fingerprint());

        Cli back = db.run("rollback", file.toString());
        assertEquals(0, back.exitCode(), back::toString);
        assertEquals(before, db.fingerprint());
    }
}
