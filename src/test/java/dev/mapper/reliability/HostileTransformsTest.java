package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escape attempts in a real mapping applied to the example database: each is refused with the
 * key, the transform's position and what was refused; nothing happened (the database file has the
 * bytes it had, the file a payload would create does not exist).
 */
class HostileTransformsTest {
    @TempDir
    Path dir;

    /** Applies a one-key mapping whose transform reads server.host; returns the run after checking the db is unchanged. */
    private Cli applyTransform(String transform) throws IOException {
        return applyTransform(transform, 1);
    }

    private Cli applyTransform(String transform, int exitCode) throws IOException {
        Path db = TestDb.example(dir);
        Path mapping = dir.resolve("hostile.yaml");
        Files.writeString(mapping, """
                migration: "900"
                name: hostile
                sources:
                  server: { table: server_config, key: config }
                targets:
                  hostile:
                    keys:
                      host: { from: server.host, type: string, transform: "%s" }
                """.formatted(transform.replace("\"", "\\\"")));
        String before = TestDb.sha256(db);
        Cli run = Cli.run(mapping.toString(), "--db", db.toString());
        assertEquals(exitCode, run.exitCode(), run::toString);
        assertEquals(before, TestDb.sha256(db), "the database changed");
        assertFalse(run.err().contains("\tat "), run.err());
        return run;
    }

    private String headline(Cli run) {
        return run.err().lines().findFirst().orElseThrow().replace(dir.toString(), "DIR");
    }

    @Test
    @DisplayName("Runtime.exec through getClass: refused, the file it would create does not exist")
    void runtimeExec() throws IOException {
        Path pwned = dir.resolve("pwned");
        Cli run = applyTransform("value.getClass().forName('java.lang.Runtime').getRuntime().exec('touch " + pwned + "')");
        assertEquals("DIR/hostile.yaml:8:59: error: hostile.host: transform failed on \"localhost\" (from server.host): refused: method 'getClass' "
                + "on a text is not allowed (no class, reflection, static, system or environment access; transforms and checks may not have side effects)",
                headline(run));
        assertTrue(run.err().contains("  hint: fix the transform, or the source value"), run.err());
        assertFalse(Files.exists(pwned));
    }

    @Test
    @DisplayName("'x'.repeat(1e9): a memory bomb refused before it allocates")
    void memoryBomb() throws IOException {
        assertEquals("DIR/hostile.yaml:8:59: error: hostile.host: transform failed on \"localhost\" (from server.host): refused: 'repeat' would "
                + "build up to 9000000000 characters, over the memory limit of 10000000 characters for one value; transforms may not build huge values",
                headline(applyTransform("value.repeat(1e9)")));
    }

    @Test
    @DisplayName("values each under the limit, together over the memory limit of one evaluation: refused, exit 1")
    void memoryOfOneEvaluation() throws IOException {
        assertEquals("DIR/hostile.yaml:8:59: error: hostile.host: transform failed on \"localhost\" (from server.host): refused: the values this "
                + "evaluation built would take about 72 MB, over the memory limit of 64 MB for one evaluation; transforms may not build huge values",
                headline(applyTransform("[value.repeat(1000000), value.repeat(1000000), [value.repeat(1000000), value.repeat(1000000)]][0] == '' "
                        + "? value : value")));
    }

    @Test
    @DisplayName("a memory bomb that needs no data: validate and apply refuse the mapping, exit 2, at the transform's position")
    void memoryBombKnownAtValidate() throws IOException {
        String expected = "DIR/hostile.yaml:8:59: error: expression ''x'.repeat(1e9) + value' is refused: 'repeat' would build up to 1000000000 "
                + "characters, over the memory limit of 10000000 characters for one value; transforms may not build huge values";
        assertEquals(expected, headline(applyTransform("'x'.repeat(1e9) + value", 2)));
        Cli validate = Cli.run("validate", dir.resolve("hostile.yaml").toString());
        assertEquals(2, validate.exitCode(), validate::toString);
        assertEquals(expected, headline(validate));
        assertFalse(validate.err().contains("\tat "), validate.err());
    }

    @Test
    @DisplayName("a regular expression that would run for ages is stopped after the 1 s budget")
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing assertion
    void endlessEvaluation() throws IOException {
        assertEquals("DIR/hostile.yaml:8:59: error: hostile.host: transform failed on \"localhost\" (from server.host): refused: it ran longer "
                + "than 1 s, the limit for one evaluation, and was stopped; a transform must be a quick single expression",
                headline(applyTransform("'" + "a".repeat(60) + "!' =~ '(.*a){20}' ? value : value")));
    }

    @Test
    @DisplayName("a text search judged cheap by name but quadratic by size (indexOf of a long pattern in a long text) is refused before it runs")
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing assertion
    void cheapByNameSlowBySize() throws IOException {
        assertEquals("DIR/hostile.yaml:8:59: error: hostile.host: transform failed on \"localhost\" (from server.host): refused: 'indexOf' would "
                + "compare up to 500005000000 characters (a 100001-character pattern in a 5000000-character text), over the limit of 1000000000 "
                + "for one call; a transform must be a quick single expression",
                headline(applyTransform("'a'.repeat(5000000).indexOf('a'.repeat(100000) + 'b') > 0 ? value : value")));
    }

    @Test
    @DisplayName("server.clear() cannot empty the source")
    void sideEffectOnASource() throws IOException {
        assertEquals("DIR/hostile.yaml:8:59: error: hostile.host: transform failed on \"localhost\" (from server.host): refused: 'clear' would "
                + "change an object read from a source; transforms and checks may not have side effects",
                headline(applyTransform("server.clear() ? value : value")));
    }
}
