package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that used to end in a stack trace: expressions nested thousands deep (StackOverflowError
 * in JEXL's parser or interpreter), mapper_history rows changed by someone else
 * (StringIndexOutOfBounds, NullPointer), a 2 MB comment (SnakeYAML scanned it for minutes). Each
 * is one positioned message with exit 2 (mapping) or 1 (database), and the database keeps its bytes.
 */
class StackTracesTest {
    @TempDir
    Path dir;

    private Path mappingWithTransform(String transform) throws IOException {
        return Files.writeString(dir.resolve("deep.yaml"), """
                migration: "900"
                name: deep
                sources:
                  server: { table: server_config, key: config }
                targets:
                  deep:
                    keys:
                      host: { from: server.host, type: string, transform: "%s" }
                """.formatted(transform));
    }

    private static void assertNoTrace(Cli run) {
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception") || run.err().contains("Error:"), run::toString);
    }

    private void assertRefused(String transform, String why) throws IOException {
        Path mapping = mappingWithTransform(transform);
        String expected = mapping + ":8:59: error: expression is refused: " + why;
        Cli validate = Cli.run("validate", mapping.toString());
        assertEquals(2, validate.exitCode(), validate::toString);
        assertEquals(expected, validate.err().lines().findFirst().orElseThrow());
        assertNoTrace(validate);

        Path db = TestDb.example(dir);
        String sha = TestDb.sha256(db);
        Cli apply = Cli.run(mapping.toString(), "--db", db.toString());
        assertEquals(2, apply.exitCode(), apply::toString);
        assertEquals(expected, apply.err().lines().findFirst().orElseThrow());
        assertNoTrace(apply);
        assertEquals(sha, TestDb.sha256(db));
        Files.delete(db);
    }

    @Test
    @DisplayName("3,000 nested parentheses: refused at compile, naming the depth")
    void deepParentheses() throws IOException {
        assertRefused("(".repeat(3000) + "value" + ")".repeat(3000), "its brackets nest 3000 levels deep, over the limit of 64");
    }

    @Test
    @DisplayName("a chain of 3,000 '!' or of 2,000 '+': refused at compile (they overflowed the interpreter's stack)")
    void longOperatorChains() throws IOException {
        assertRefused("!".repeat(3000) + "value", "it has 3000 operator characters, over the limit of 256");
        assertRefused("value" + "+1".repeat(2000), "it has 2000 operator characters, over the limit of 256");
    }

    @Test
    @DisplayName("an expression of 20,000 characters: refused for its length")
    void hugeExpression() throws IOException {
        assertRefused("value" + " ".repeat(20000), "it is 20005 characters long, over the limit of 10000");
    }

    private Path appliedThenDamaged(String damage) {
        Path db = TestDb.example(dir);
        Cli apply = Cli.run(TestDb.MAPPING_004.toString(), "--db", db.toString());
        assertEquals(0, apply.exitCode(), apply::toString);
        TestDb.exec(db, "UPDATE mapper_history SET " + damage);
        return db;
    }

    @Test
    @DisplayName("damaged mapper_history values: every command says which row and value, exit 1, nothing changed")
    void damagedHistory() throws IOException {
        String[][] cases = {
            {"checksum = 'abc'", "error: mapper_history row 1 is damaged: checksum 'abc' is not a SHA-256 (64 hexadecimal digits)"},
            {"created_tables = '[1, null]'", "error: mapper_history row 1 is damaged: created_tables '[1, null]' holds 1, not a table name"},
            {"created_tables = '[\"router_config\", null]'",
                "error: mapper_history row 1 is damaged: created_tables '[\"router_config\", null]' holds null, not a table name"},
            {"created_tables = '{\"a\": 1}'", "error: mapper_history row 1 is damaged: created_tables '{\"a\": 1}' is not a JSON list of table names"},
        };
        for (String[] c : cases) {
            Path db = appliedThenDamaged(c[0]);
            String sha = TestDb.sha256(db);
            for (String[] command : new String[][] {{"status"}, {"verify"}, {"rollback"}, {"plan"}, {}}) {
                String[] args = new String[command.length + 3];
                System.arraycopy(command, 0, args, 0, command.length);
                args[command.length] = TestDb.MAPPING_004.toString();
                args[command.length + 1] = "--db";
                args[command.length + 2] = db.toString();
                Cli run = Cli.run(args);
                assertEquals(1, run.exitCode(), () -> c[0] + " " + String.join(" ", command) + "\n" + run);
                assertEquals(c[1], run.err().lines().findFirst().orElseThrow(), c[0]);
                assertNoTrace(run);
                assertEquals(sha, TestDb.sha256(db));
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(db.getFileName().toString())).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @Test
    @DisplayName("a 2 MB comment: refused at the line where the file passes 1,048,576 characters, before YAML scans it")
    void hugeComment() throws IOException {
        Path mapping = dir.resolve("commented.yaml");
        String text = Files.readString(TestDb.MAPPING_004);
        Files.writeString(mapping, text + "\n# " + "x".repeat(2_000_000) + "\n");
        long line = text.lines().count() + 2;
        Cli run = Cli.run("validate", mapping.toString());
        assertEquals(2, run.exitCode(), run::toString);
        int column = 1_048_576 - (text.length() + 1) + 1;
        assertEquals(mapping + ":" + line + ":" + column + ": error: the mapping file is longer than 1048576 characters (it has "
                + (text.length() + 4 + 2_000_000) + ")", run.err().lines().findFirst().orElseThrow());
        assertNoTrace(run);
    }

    @Test
    @DisplayName("a 20 MB file: refused by its size before it is read")
    void hugeFile() throws IOException {
        Path mapping = Files.writeString(dir.resolve("huge.yaml"), "migration: \"900\"\nname: \"" + "x".repeat(20_000_000) + "\"\n");
        Cli run = Cli.run("validate", mapping.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(mapping + ":1:1: error: the mapping file is 20000026 bytes, over the limit of 4194304", run.err().lines().findFirst().orElseThrow());
    }
}
