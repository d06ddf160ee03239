package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person writing a first migration of their own meets: every message true, and no wrong hints. */
class FirstHourTest {
    static final Path MAPPING_004 = Path.of("mappings/004.yaml");

    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    @DisplayName("migration: 004 unquoted is refused (YAML reads the number 4), with the quoted fix; a number written as read is fine")
    void unquotedMigrationLosingDigits() throws Exception {
        Path file = write("004.yaml", Files.readString(MAPPING_004).replace("migration: \"004\"", "migration: 004"));

        Cli run = Cli.run("validate", file.toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(file + ":5:12: error: migration: 004 is the number 4 to YAML, so the id would be '4', not '004'\n"),
                run.err());
        assertTrue(run.err().contains("\n               ^\n  hint: quote it to keep every digit: migration: \"004\"\n"), run.err());

        Path plain = write("5.yaml", Files.readString(MAPPING_004).replace("migration: \"004\"", "migration: 5"));
        Cli ok = Cli.run("validate", plain.toString());
        assertEquals(0, ok.exitCode(), ok::toString);
        assertTrue(ok.out().contains("migration 5 (unify_router_config)"), ok.out());
    }

    @Test
    @DisplayName("a from path absent from a present document, beside a near name: plan and apply say so with did-you-mean from the live data")
    void absentPathWithANearName() throws Exception {
        Path db = dev.mapper.TestDb.example(dir);
        Path file = write("004.yaml", Files.readString(MAPPING_004).replace("from: server.ctx_size,", "from: server.ctx_sise,"));
        String warning = "Warning   " + file + ":26:34: router_config.ctxSize: server.ctx_sise is not in server_config row 'config', "
                + "which has server.ctx_size: did you mean server.ctx_size? (the default 4096 is used)\n";

        Cli plan = Cli.run("plan", file.toString(), "--db", db.toString());

        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("\n\n" + warning), plan.out());
        assertEquals(1, plan.out().split("Warning ", -1).length - 1, "only the misspelt path is flagged: " + plan.out());
        Cli apply = Cli.run("apply", file.toString(), "--db", db.toString());
        assertEquals(0, apply.exitCode(), apply::toString);
        assertTrue(apply.out().contains(warning), apply.out());

        Cli original = Cli.run("plan", MAPPING_004.toString(), "--db", dev.mapper.TestDb.example(Files.createDirectory(dir.resolve("x"))).toString());
        assertTrue(!original.out().contains("Warning"), "a blank field or a field another key reads is no near miss: " + original.out());
    }
}
