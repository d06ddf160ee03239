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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Columns computed per row from the row's own columns ({@code columns:} with {@code from}/{@code transform}),
 * on the llama-dashboard's databases of three ages after its history (mappings/): every row's value,
 * its storage class, pushdown or Java, positioned errors, and rollback (exact, or refused when the
 * column was written since).
 */
class ComputedColumnTest {
    static final String SIZES = """
            migration: "010"
            name: models_sizes
            columns:
              models:
                size_mb: { type: INTEGER, from: file_size, transform: "value / 1048576", nullable: false }
                label:   { type: TEXT, from: name, transform: "value + ' (' + row.quantization + ')'" }
            """;

    @TempDir
    Path dir;

    Path history(String age) throws IOException {
        Path db = TestDb.fromSql(dir, age + ".db", Files.readString(AppHistoryTest.ageSql(age)));
        Cli run = Cli.run("apply", AppHistoryTest.FOLDER.toString(), "--db", db.toString());
        assertEquals(0, run.exitCode(), run::toString);
        return db;
    }

    Path mapping(String text) throws IOException {
        Path file = dir.resolve("010-computed.yaml");
        Files.writeString(file, text);
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"oldest", "middle", "current"})
    @DisplayName("every existing row gets its computed value, typed; pushed down as one UPDATE; rollback gives back the database exactly")
    void everyAge(String age) throws IOException {
        Path db = history(age);
        List<String> before = SchemaDump.all(db);
        Path file = mapping(SIZES);

        Cli run = Cli.run("apply", file.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Computed  models.{size_mb, label} for every row: pushed down, one UPDATE, in "), run.out());
        assertEquals(List.of("m1 | 1925 | integer | Llama-3.2-3B-Instruct (Q4_K_M) | text", "m2 | 5192 | integer | Qwen2.5-7B-Instruct (Q5_K_M) | text"),
                TestDb.query(db, "SELECT id, size_mb, typeof(size_mb), label, typeof(label) FROM models ORDER BY id"));
        assertEquals(List.of("size_mb | INTEGER | 1 | null", "label | TEXT | 0 | null"),
                TestDb.query(db, "SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info('models') WHERE name IN ('size_mb', 'label') ORDER BY cid"));

        Cli back = Cli.run("rollback", file.toString(), "--db", db.toString());
        assertEquals(0, back.exitCode(), back::toString);
        assertTrue(back.out().contains("Rolled back migration 010: dropped column models.label, dropped column models.size_mb, history row removed."), back.out());
        assertEquals(before, SchemaDump.all(db));
    }

    @Test
    @DisplayName("a rule SQL cannot compute runs in Java, row by row, with the same strict conversion; NULL is carried through a nullable column")
    void javaAndNull() throws IOException {
        Path db = history("current");
        TestDb.exec(db, "UPDATE models SET quantization = NULL WHERE id = 'm2'");
        Path file = mapping("""
                migration: "010"
                name: models_quant
                columns:
                  models:
                    quant: { type: TEXT, from: quantization, transform: "value.replace('_', '-')" }
                    ctx_k: { type: REAL, from: ctx_size, transform: "value / 1024.0" }
                """);

        Cli run = Cli.run("apply", file.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Computed  models.{quant, ctx_k} for every row: in Java, row by row (a rule needs Java), in "), run.out());
        assertEquals(List.of("m1 | Q4-K-M | text | 4.0 | real", "m2 | null | null | 8.0 | real"),
                TestDb.query(db, "SELECT id, quant, typeof(quant), ctx_k, typeof(ctx_k) FROM models ORDER BY id"));
    }

    @Test
    @DisplayName("a value that does not convert stops the migration naming the column, the row, the value and the rule's line; the file is unchanged")
    void strictConversion() throws IOException {
        Path db = history("middle");
        String sha = TestDb.sha256(db);
        Path file = mapping("""
                migration: "010"
                name: models_params
                columns:
                  models:
                    billions: { type: INTEGER, from: params }
                """);

        Cli run = Cli.run("apply", file.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(file + ":5:5: error: models.billions: \"3B\" is not an integer (from row.params, models row rowid=1)\n"), run.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a column name the table does not have is a positioned error with a did-you-mean, at plan and apply; nothing changes")
    void unknownColumn() throws IOException {
        Path db = history("middle");
        String sha = TestDb.sha256(db);
        Path file = mapping("""
                migration: "010"
                name: models_sizes
                columns:
                  models:
                    size_mb: { type: INTEGER, from: file_sise, transform: "value / 1048576" }
                    label:   { type: TEXT, from: name, transform: "value + row.quantisation" }
                """);

        for (String command : List.of("plan", "apply")) {
            Cli run = Cli.run(command, file.toString(), "--db", db.toString());
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith(file + ":5:37: error: column models.size_mb: its from reads column 'file_sise', which table models does not have\n"),
                    run.err());
            assertTrue(run.err().contains("hint: did you mean 'file_size'? the columns of models are: id, name, "), run.err());
            assertTrue(run.err().contains(file + ":6:51: error: column models.label: its transform reads column 'quantisation', which table models does not have\n"),
                    run.err());
            assertTrue(run.err().contains("hint: did you mean 'quantization'?"), run.err());
        }
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("validate: NOT NULL without a default needs a rule; a rule needs a type that says how to convert; from names a column of the row")
    void validate() throws IOException {
        Path file = mapping("""
                migration: "010"
                name: bad
                columns:
                  models:
                    rank:  { type: INTEGER, nullable: false }
                    blob:  { type: BLOB, from: name }
                    label: { type: TEXT, from: models.name }
                    odd:   { type: TEXT, check: "value != ''" }
                """);

        Cli run = Cli.run("validate", file.toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(file + ":5:29: error: column models.rank is NOT NULL and has no default, so the rows already in models need a value\n"),
                run.err());
        assertTrue(run.err().contains("hint: give it a rule that computes each row's value from the row's own columns (from: a column, or a transform:), "
                + "or a default (e.g. default: 0), or make it nullable"), run.err());
        assertTrue(run.err().contains(":6:20: error: column models.blob is computed per row, so its type must say how a value is converted, and BLOB does not"),
                run.err());
        assertTrue(run.err().contains(":7:32: error: 'from' of a column names a column of the same row, not the text \"models.name\""), run.err());
        assertTrue(run.err().contains(":8:26: error: 'check' applies to a column computed per row, and column models.odd has no rule"), run.err());
    }

    @Test
    @DisplayName("validate and plan show the rule; plan --json has it as 'computed'")
    void validateAndPlanShowIt() throws IOException {
        Path db = history("middle");
        Path file = mapping(SIZES);

        Cli validate = Cli.run("validate", file.toString());
        Cli plan = Cli.run("plan", file.toString(), "--db", db.toString());
        Cli json = Cli.run("plan", file.toString(), "--db", db.toString(), "--json");

        assertEquals(0, validate.exitCode(), validate::toString);
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("  + column models.size_mb  INTEGER NOT NULL, each row: from file_size, transform \"value / 1048576\" "
                + "(added nullable, filled, then the table rebuilt NOT NULL)\n"
                + "  + column models.label    TEXT, each row: from name, transform \"value + ' (' + row.quantization + ')'\"\n"), plan.out());
        assertTrue(json.out().contains("\"computed\":\"from file_size, transform \\\"value / 1048576\\\"\""), json.out());
    }

    @Test
    @DisplayName("written since: a computed value the app changed, or a row it deleted, refuses rollback; a row added with the default does not")
    void writtenSince() throws IOException {
        Path db = history("middle");
        Path file = mapping(SIZES);
        assertEquals(0, Cli.run("apply", file.toString(), "--db", db.toString()).exitCode());
        TestDb.exec(db, "INSERT INTO models (id, name, size_mb) VALUES ('m3', 'Phi-4', 9000)"); // label left to its default (NULL): not a write
        List<String> withM3 = TestDb.query(db, "SELECT id, name FROM models ORDER BY id");
        Path copy = dir.resolve("copy.db");
        Files.copy(db, copy);

        TestDb.exec(db, "UPDATE models SET label = 'mine' WHERE id = 'm1'");
        String sha = TestDb.sha256(db);
        Cli changed = Cli.run("rollback", file.toString(), "--db", db.toString());
        assertEquals(1, changed.exitCode(), changed::toString);
        assertTrue(changed.err().startsWith("error: cannot roll back migration 010: models.size_mb: 1 row(s) added since hold values other than the "
                + "column's default (NULL); dropping or restoring the column would lose them\n" // NOT NULL without a default: the app wrote 9000
                + "error: cannot roll back migration 010: models.label: values in the 2 row(s) the migration wrote were changed "
                + "since; dropping or restoring the column would lose them\n"), changed.err());
        assertEquals(sha, TestDb.sha256(db));

        TestDb.exec(copy, "DELETE FROM models WHERE id = 'm2'");
        Cli deleted = Cli.run("rollback", file.toString(), "--db", copy.toString());
        assertEquals(1, deleted.exitCode(), deleted::toString);
        assertTrue(deleted.err().contains("models.size_mb: 1 of the 2 row(s) the migration wrote were deleted (or replaced) since, so mapper cannot tell "
                + "whether the others hold what it wrote"), deleted.err());

        Cli discarded = Cli.run("rollback", file.toString(), "--db", db.toString(), "--discard-later-writes");
        assertEquals(0, discarded.exitCode(), discarded::toString);
        assertEquals(withM3, TestDb.query(db, "SELECT id, name FROM models ORDER BY id"));
        assertEquals(List.of(), TestDb.query(db, "SELECT name FROM pragma_table_info('models') WHERE name IN ('size_mb', 'label')"));
    }

    @Test
    @DisplayName("a row added since with the column's default is not a write: rollback drops the column and keeps the row")
    void rowAddedWithTheDefault() throws IOException {
        Path db = history("oldest");
        Path file = mapping("""
                migration: "010"
                name: models_label
                columns:
                  models:
                    label: { type: TEXT, from: name, default: "?" }
                """);
        assertEquals(0, Cli.run("apply", file.toString(), "--db", db.toString()).exitCode());
        TestDb.exec(db, "INSERT INTO models (id, name) VALUES ('m3', 'Phi-4')");
        assertEquals("?", TestDb.one(db, "SELECT label FROM models WHERE id = 'm3'"));

        Cli run = Cli.run("rollback", file.toString(), "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("m1", "m2", "m3"), TestDb.query(db, "SELECT id FROM models ORDER BY id"));
    }
}
