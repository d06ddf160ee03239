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
 * ComputedColumnTest on a real PostgreSQL server, on the example database after its history (mappings/):
 * a column computed per row on an existing table is filled by one pushed-down UPDATE, or else row by row
 * in Java, each row found by the table's primary key (PostgreSQL has no stable row id), every value read back and compared through the
 * column's declared type; rollback drops exactly the column, or refuses when the app wrote to it since;
 * a value the column's type refuses, and a table without a primary key, stop the migration with nothing changed.
 */
class PostgresComputedColumnIT {
    /** ComputedColumnTest's mapping: size_mb and label computed from each models row. */
    private static final String SIZES = """
            migration: "010"
            name: models_sizes
            columns:
              models:
                size_mb: { type: INTEGER, from: file_size, transform: "value / 1048576", nullable: false }
                label:   { type: TEXT, from: name, transform: "value + ' (' + row.quantization + ')'" }
            """;

    @TempDir
    Path dir;
    private PgDb db;

    @BeforeEach
    void history() {
        db = PgDb.afterHistory(dir.resolve("backups"));
    }

    private Path mapping(String text) throws Exception {
        return Files.writeString(dir.resolve("010-computed.yaml"), text);
    }

    @Test
    @DisplayName("every row gets its value, typed by the column; the second run does nothing; rollback gives back the database exactly")
    void fillsByPrimaryKeyAndRollsBack() throws Exception {
        String before = db.fingerprint();
        Path file = mapping(SIZES);

        Cli run = db.run("apply", file.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Computed  models.{size_mb, label} for every row: pushed down, one UPDATE, in "), run.out());
        assertEquals(List.of("m1 | 1925 | integer | Llama-3.2-3B-Instruct (Q4_K_M) | text", "m2 | 5192 | integer | Qwen2.5-7B-Instruct (Q5_K_M) | text"),
                db.query("SELECT id, size_mb, pg_typeof(size_mb), label, pg_typeof(label) FROM models ORDER BY id"));
        assertEquals(List.of("size_mb | integer | NO | null", "label | text | YES | null"), db.query("SELECT column_name, data_type, is_nullable, "
                + "column_default FROM information_schema.columns WHERE table_name = 'models' AND column_name IN ('size_mb', 'label') ORDER BY ordinal_position"));
        String after = db.fingerprint();
        Cli verify = db.run("verify", file.toString());
        assertEquals(0, verify.exitCode(), verify::toString);
        Cli status = db.run("status", file.toString());
        assertEquals(0, status.exitCode(), status::toString);

        Cli again = db.run("apply", file.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(after, db.fingerprint());

        Cli back = db.run("rollback", file.toString());
        assertEquals(0, back.exitCode(), back::toString);
        assertTrue(back.out().contains("Rolled back migration 010: dropped column models.label, dropped column models.size_mb, history row removed."), back.out());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("text, real (4 bytes: compared as it holds the double), boolean and double precision hold what Java computes; NULL is carried through")
    void typesAndNull() throws Exception {
        db.exec("UPDATE models SET quantization = NULL WHERE id = 'm2'");
        Path file = mapping("""
                migration: "010"
                name: models_quant
                columns:
                  models:
                    quant: { type: TEXT, from: quantization, transform: "value.replace('_', '-')" }
                    ctx_k: { type: REAL, from: ctx_size, transform: "value / 1000.0" }
                    big:   { type: BOOLEAN, from: file_size, transform: "value > 3000000000" }
                    gb:    { type: DOUBLE PRECISION, from: file_size, transform: "value / 1000000000.0" }
                """);

        Cli run = db.run("apply", file.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("m1 | Q4-K-M | text | 4.096 | real | f | boolean | 2.019377696 | double precision",
                "m2 | null | text | 8.192 | real | t | boolean | 5.444831456 | double precision"),
                db.query("SELECT id, quant, pg_typeof(quant), ctx_k, pg_typeof(ctx_k), big, pg_typeof(big), gb, pg_typeof(gb) FROM models ORDER BY id"));
    }

    @Test
    @DisplayName("a value the column's type cannot hold stops the migration naming the column's line, the row's key and the value; nothing changes")
    void valueOutOfTheColumnsRange() throws Exception {
        String before = db.fingerprint();
        Path file = mapping("""
                migration: "010"
                name: models_bytes
                columns:
                  models:
                    bytes: { type: INTEGER, from: file_size }
                """);

        Cli run = db.run("apply", file.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(file + ":5:5: error: models.bytes: 5444831456 does not fit the column's type integer (models row id=\"m2\"; "
                + "PostgreSQL: integer out of range)\n"), run.err());
        assertTrue(run.err().contains("hint: declare the column with a type that holds every value the rule computes, or change the transform; "
                + "nothing was changed"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("a value the database changes as it is written (an app's trigger) fails the verification, naming the row and both values; nothing changes")
    void verifiedAsWritten() throws Exception {
        db.exec("CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.label := upper(NEW.label); RETURN NEW; END $$; "
                + "CREATE TRIGGER shout BEFORE UPDATE ON models FOR EACH ROW EXECUTE FUNCTION shout()");
        String before = db.fingerprint();
        Path file = mapping(SIZES);

        Cli run = db.run("apply", file.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: verification failed: models.label in row id=\"m1\" is \"LLAMA-3.2-3B-INSTRUCT (Q4_K_M)\" (text), "
                + "expected \"Llama-3.2-3B-Instruct (Q4_K_M)\"\n"
                + "error: verification failed: models.label in row id=\"m2\" is \"QWEN2.5-7B-INSTRUCT (Q5_K_M)\" (text), "
                + "expected \"Qwen2.5-7B-Instruct (Q5_K_M)\"\n"), run.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("a value that does not convert stops the migration naming the column, the row's key, the value and the rule's line; nothing changes")
    void strictConversion() throws Exception {
        String before = db.fingerprint();
        Path file = mapping("""
                migration: "010"
                name: models_params
                columns:
                  models:
                    billions: { type: INTEGER, from: params }
                """);

        Cli run = db.run("apply", file.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(file + ":5:5: error: models.billions: \"3B\" is not an integer (from row.params, models row id=\"m1\")\n"), run.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("written since: a computed value the app changed, or a row it added with a value, refuses rollback and changes nothing")
    void writtenSince() throws Exception {
        Path file = mapping(SIZES);
        assertEquals(0, db.run("apply", file.toString()).exitCode());
        db.exec("INSERT INTO models (id, name, size_mb) VALUES ('m3', 'Phi-4', 9000)"); // label left to its default (NULL): not a write
        db.exec("UPDATE models SET label = 'mine' WHERE id = 'm1'");
        String changed = db.fingerprint();

        Cli refused = db.run("rollback", file.toString());

        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: cannot roll back migration 010: models.size_mb: 3 row(s) hold values other than the column's default "
                + "(NULL), where the migration left 2 such row(s): values were written since (to rows it wrote, or to rows added since), or rows it "
                + "wrote were deleted; dropping or restoring the column could lose them\n"
                + "error: cannot roll back migration 010: models.label: values in the 2 row(s) the migration wrote were changed since; dropping or "
                + "restoring the column would lose them\n"), refused.err());
        assertEquals(changed, db.fingerprint());

        Cli discarded = db.run("rollback", file.toString(), "--discard-later-writes");
        assertEquals(0, discarded.exitCode(), discarded::toString);
        assertEquals(List.of("m1 | Llama-3.2-3B-Instruct", "m2 | Qwen2.5-7B-Instruct", "m3 | Phi-4"), db.query("SELECT id, name FROM models ORDER BY id"));
        assertEquals(List.of(), db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'models' "
                + "AND column_name IN ('size_mb', 'label')"));
    }

    @Test
    @DisplayName("rows the app added since with the column's default, or NULL where it has none, are no writes: rollback drops the columns, keeps the rows")
    void rowsAddedWithTheDefaultOrNull() throws Exception {
        Path file = mapping("""
                migration: "010"
                name: models_label
                columns:
                  models:
                    label: { type: TEXT, from: name, default: "?" }
                    quant: { type: TEXT, from: quantization }
                """);
        assertEquals(0, db.run("apply", file.toString()).exitCode());
        db.exec("INSERT INTO models (id, name) VALUES ('m3', 'Phi-4')");
        assertEquals(List.of("m3 | ? | null"), db.query("SELECT id, label, quant FROM models WHERE id = 'm3'"));

        Cli run = db.run("rollback", file.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("m1", "m2", "m3"), db.query("SELECT id FROM models ORDER BY id"));
        assertEquals(List.of(), db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'models' "
                + "AND column_name IN ('label', 'quant')"));
    }

    @Test
    @DisplayName("a table without a primary key is refused at the column's line, saying why and how to fix it, for plan and apply; nothing changes")
    void withoutPrimaryKeyRefusedAtTheColumnsLine() throws Exception {
        db.exec("CREATE TABLE notes (level TEXT, message TEXT); INSERT INTO notes VALUES ('info', 'hello')");
        String before = db.fingerprint();
        Path file = mapping("""
                migration: "010"
                name: notes_length
                columns:
                  notes:
                    length: { type: INTEGER, from: message, transform: "value.length()" }
                """);

        for (String command : new String[] {"apply", "plan"}) {
            Cli run = db.run(command, file.toString());

            assertEquals(1, run.exitCode(), command + ": " + run);
            assertTrue(run.err().startsWith(file + ":5:5: error: column notes.length is computed per row, but table notes has no primary key, so mapper "
                    + "could not find each row again to fill it, check it and undo it on rollback (PostgreSQL has no stable row id)\n"), command + ": " + run.err());
            assertTrue(run.err().contains("hint: give notes a primary key in an earlier migration (ALTER TABLE notes ADD PRIMARY KEY (…)), or add the column "
                    + "without a rule (its type and a default) and fill it with your own UPDATE; nothing was changed"), run.err());
            assertFalse(run.err().contains("\tat "), run.err());
            assertEquals(before, db.fingerprint(), command);
        }
    }

    @Test
    @DisplayName("more rows than one fetch and one batch (12,345, stored in reverse key order): every row written and checked, then rolled back")
    void moreRowsThanABatch() throws Exception {
        db.exec("CREATE TABLE readings (id BIGINT PRIMARY KEY, raw BIGINT); INSERT INTO readings SELECT g, g % 1000 FROM generate_series(12345, 1, -1) g");
        String before = db.fingerprint();
        Path file = mapping("""
                migration: "010"
                name: readings_scaled
                columns:
                  readings:
                    scaled: { type: BIGINT, from: raw, transform: "value * 2 + 1" }
                """);

        Cli run = db.run("apply", file.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("12345 | 0"), db.query("SELECT count(*), count(*) FILTER (WHERE scaled IS DISTINCT FROM raw * 2 + 1) FROM readings"));
        assertEquals(0, db.run("rollback", file.toString()).exitCode());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("a composite primary key finds each row by all its columns; a failing row is named by all of them")
    void compositeKey() throws Exception {
        db.exec("CREATE TABLE sizes (model TEXT, part BIGINT, bytes BIGINT, PRIMARY KEY (model, part)); "
                + "INSERT INTO sizes VALUES ('m1', 1, 2048), ('m1', 2, 4096), ('m2', 1, 70000)");
        Path file = mapping("""
                migration: "010"
                name: sizes_kb
                columns:
                  sizes:
                    kb: { type: SMALLINT, from: bytes, transform: "value / 1024" }
                """);

        Cli run = db.run("apply", file.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Computed  sizes.kb for every row: pushed down, one UPDATE, in "), run.out());
        assertEquals(List.of("m1 | 1 | 2 | smallint", "m1 | 2 | 4 | smallint", "m2 | 1 | 68 | smallint"),
                db.query("SELECT model, part, kb, pg_typeof(kb) FROM sizes ORDER BY model, part"));
        assertEquals(0, db.run("rollback", file.toString()).exitCode());

        db.exec("INSERT INTO sizes VALUES ('m2', 2, 70000000)");
        String before = db.fingerprint();
        Cli refused = db.run("apply", file.toString());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith(file + ":5:5: error: sizes.kb: 68359 does not fit the column's type smallint (sizes row model=\"m2\", part=2; "
                + "PostgreSQL: smallint out of range)\n"), refused.err());
        assertEquals(before, db.fingerprint());
    }
}
