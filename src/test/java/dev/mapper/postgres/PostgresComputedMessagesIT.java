package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What mapper says about columns computed per row is true on PostgreSQL: the plan names what PostgreSQL
 * does (SET NOT NULL in place, no rebuild), and a declared type PostgreSQL would not take the computed
 * value in is refused at the column's line before anything is written.
 */
class PostgresComputedMessagesIT {
    @TempDir
    Path dir;
    private PgDb db;

    @BeforeEach
    void history() {
        db = PgDb.afterHistory(dir.resolve("backups"));
    }

    private Path mapping(String columns) throws Exception {
        return Files.writeString(dir.resolve("010-computed.yaml"), "migration: \"010\"\nname: models_sizes\ncolumns:\n  models:\n" + columns);
    }

    @Test
    @DisplayName("plan says a NOT NULL computed column is set NOT NULL in place, not that the table is rebuilt")
    void planSaysSetNotNullInPlace() throws Exception {
        Path file = mapping("    size_mb: { type: INTEGER, from: file_size, transform: \"value / 1048576\", nullable: false }\n");

        Cli plan = db.run("plan", file.toString());
        Cli apply = db.run("apply", file.toString());

        assertEquals(0, plan.exitCode(), plan::toString);
        String line = "  + column models.size_mb  INTEGER NOT NULL, each row: from file_size, transform \"value / 1048576\" "
                + "(added nullable, filled, then set NOT NULL in place)\n";
        assertTrue(plan.out().contains(line), plan.out());
        assertEquals(0, apply.exitCode(), apply::toString);
        assertTrue(apply.out().contains(line), apply.out());
    }

    @Test
    @DisplayName("a computed column declared INTERVAL (an integer to mapper, not to PostgreSQL) is refused at its line, nothing changed")
    void intervalRefusedAtItsLine() throws Exception {
        String before = db.fingerprint();
        Path file = mapping("    size_mb: { type: INTERVAL, from: file_size, transform: \"value / 1048576\" }\n");

        Cli plan = db.run("plan", file.toString());
        Cli apply = db.run("apply", file.toString());

        assertEquals(1, apply.exitCode(), apply::toString);
        String first = file + ":5:5: error: column models.size_mb is computed per row as an integer, but PostgreSQL's type INTERVAL "
                + "(interval) does not hold one\n";
        assertTrue(apply.err().startsWith(first), apply.err());
        assertTrue(apply.err().contains("hint: declare it BIGINT, INTEGER or SMALLINT; to store another type, add the column without a rule "
                + "(its type and a default), and fill it with your own UPDATE\n"), apply.err());
        assertEquals(1, plan.exitCode(), plan::toString);
        assertTrue(plan.err().startsWith(first), plan.err());
        assertEquals(before, db.fingerprint());
    }

    @Test
    @DisplayName("a computed column declared a type PostgreSQL does not have (TINYINT), or CLOB, is refused at its line, nothing changed")
    void unknownTypeAndArrayRefused() throws Exception {
        String before = db.fingerprint();
        Path file = mapping("    size_mb: { type: TINYINT, from: file_size, transform: \"value / 1048576\" }\n"
                + "    names:   { type: CLOB, from: name }\n");

        Cli apply = db.run("apply", file.toString());

        assertEquals(1, apply.exitCode(), apply::toString);
        assertTrue(apply.err().startsWith(file + ":5:5: error: column models.size_mb is computed per row as an integer, but PostgreSQL has no type TINYINT\n"),
                apply.err());
        assertTrue(apply.err().contains(file + ":6:5: error: column models.names is computed per row as a string, but PostgreSQL has no type CLOB\n"), apply.err());
        assertTrue(apply.err().contains("hint: declare it TEXT or VARCHAR(n); to store another type"), apply.err());
        assertEquals(before, db.fingerprint());
    }
}
