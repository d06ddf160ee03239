package dev.mapper.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapper.Cli;
import dev.mapper.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A document evolved in place ({@code in_place: true}) must exist and hold a JSON object; otherwise one positioned error, nothing changed. */
class InPlaceRefusalTest {
    static final String FLAGS = """
            migration: "009"
            name: router_runtime_flags
            sources:
              settings: { table: metadata, key: user_settings }
            targets:
              router_config:
                shape: document
                key: config
                in_place: true
                keys:
                  flashAttention: { from: settings.flashAttention, type: boolean, default: false }
            """;
    static final String HINT = "  hint: in_place: true adds keys to a document that exists: apply the migration that writes router_config first, "
            + "or remove in_place to create the table\n";

    @TempDir
    Path dir;

    Cli apply(Path db, String text) throws IOException {
        Path file = dir.resolve("009.yaml");
        Files.writeString(file, text);
        return Cli.run("apply", file.toString(), "--db", db.toString());
    }

    String at(String position) {
        return dir.resolve("009.yaml") + ":" + position + ": error: ";
    }

    @Test
    @DisplayName("before 004 wrote router_config: no table; the hint names the migration to apply first")
    void noTable() throws IOException {
        Path db = TestDb.example(dir);
        String sha = TestDb.sha256(db);

        Cli run = apply(db, FLAGS);

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(at("6:3") + "cannot evolve router_config row 'config' in place: the database has no table router_config\n"
                + "      router_config:\n      ^\n" + HINT, run.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("a misspelt table gets did-you-mean first")
    void misspeltTable() throws IOException {
        Path db = TestDb.example(dir);
        assertEquals(0, Cli.run("apply", TestDb.MAPPING_004.toString(), "--db", db.toString()).exitCode());
        String sha = TestDb.sha256(db);

        Cli run = apply(db, FLAGS.replace("  router_config:", "  router_confg:"));

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(at("6:3") + "cannot evolve router_confg row 'config' in place: the database has no table router_confg\n"
                + "      router_confg:\n      ^\n"
                + "  hint: did you mean 'router_config'? (in_place: true adds keys to a document that exists)\n", run.err());
        assertEquals(sha, TestDb.sha256(db));
    }

    @Test
    @DisplayName("the table without the document's row, and a row that is not a JSON object")
    void noRowOrNotAnObject() throws IOException {
        Path db = TestDb.example(dir);
        assertEquals(0, Cli.run("apply", TestDb.MAPPING_004.toString(), "--db", db.toString()).exitCode());
        TestDb.exec(db, "UPDATE router_config SET key = 'old'");
        String sha = TestDb.sha256(db);

        Cli noRow = apply(db, FLAGS);

        assertEquals(1, noRow.exitCode(), noRow::toString);
        assertEquals(at("6:3") + "cannot evolve router_config row 'config' in place: there is no such row\n"
                + "      router_config:\n      ^\n" + HINT, noRow.err());
        assertEquals(sha, TestDb.sha256(db));

        TestDb.exec(db, "UPDATE router_config SET key = 'config', value = '[1, 2]'");
        String changed = TestDb.sha256(db);
        Cli array = apply(db, FLAGS);

        assertEquals(1, array.exitCode(), array::toString);
        assertEquals(at("6:3") + "router_config row 'config' does not hold a JSON object, so it cannot be evolved in place\n"
                + "      router_config:\n      ^\n"
                + "  hint: fix the row (mapper inspect shows it), then apply again\n", array.err());
        assertEquals(changed, TestDb.sha256(db));
    }
}
