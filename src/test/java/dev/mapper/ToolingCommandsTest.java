package dev.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mapper.cli.MapperCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** new, inspect, completion, --help and --version. */
class ToolingCommandsTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("new NAME writes the next numbered mapping from a template that passes mapper validate and the schema")
    void newWritesTheNextMapping() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("mappings"));
        Files.copy(TestDb.MAPPING_004, folder.resolve("004.yaml"));

        Cli run = Cli.run("new", "ui_config", "--dir", folder.toString());

        assertEquals(0, run.exitCode(), run::toString);
        Path file = folder.resolve("005-ui_config.yaml");
        assertTrue(run.out().startsWith("Wrote " + file + "\n"), run.out());
        String text = Files.readString(file);
        assertTrue(text.contains("\nmigration: \"005\" "), text);
        assertTrue(text.contains("\nname: ui_config\n"), text);
        assertTrue(text.contains("\n  ui_config:\n    shape: document"), text);
        Cli validate = Cli.run("validate", file.toString());
        Path testFile = folder.resolve("005-ui_config.test.yaml");
        assertEquals("ok: " + file + ": migration 005 (ui_config), 1 source(s), 1 target(s), 1 keys\n"
                + "ok: " + testFile + ": 2 test case(s)\n", validate.out(), validate::toString);
        assertTrue(run.out().contains("\nWrote " + testFile + " (its test cases: they pass on the template; change them with the mapping)\n"), run.out());
        Cli tests = Cli.run("test", testFile.toString());
        assertEquals(0, tests.exitCode(), tests::toString);
        assertTrue(tests.out().endsWith("\n2 passed, 0 failed\n"), tests::toString);
        String testModeline = Files.readString(testFile).lines().findFirst().orElseThrow();
        assertEquals(SchemaTest.TEST_SCHEMA.toAbsolutePath().normalize(),
                folder.resolve(testModeline.substring(SchemaTest.MODELINE.length())).toAbsolutePath().normalize());
        assertEquals(Set.of(), SchemaTest.schemaErrors(file));
        String modeline = text.lines().findFirst().orElseThrow();
        assertTrue(modeline.startsWith(SchemaTest.MODELINE), modeline);
        assertEquals(SchemaTest.SCHEMA.toAbsolutePath().normalize(), folder.resolve(modeline.substring(SchemaTest.MODELINE.length())).toAbsolutePath().normalize());

        Cli second = Cli.run("new", "more", "--dir", folder.toString());
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(Files.exists(folder.resolve("006-more.yaml")));
    }

    @Test
    @DisplayName("new refuses to overwrite or reuse a version, and refuses a name that is not plain; an empty folder starts at 001")
    void newRefuses() throws Exception {
        Path folder = dir.resolve("m");
        assertEquals(0, Cli.run("new", "first", "--dir", folder.toString()).exitCode());
        Path first = folder.resolve("001-first.yaml");
        assertTrue(Files.exists(first));
        String before = Files.readString(first);

        Cli taken = Cli.run("new", "first", "--dir", folder.toString(), "--number", "1");
        assertEquals(2, taken.exitCode(), taken::toString);
        assertEquals("error: version 1 is taken by " + first + "; nothing was written\n"
                + "  hint: leave out --number to take the next free one (2)\n", taken.err());
        assertEquals(before, Files.readString(first));

        Cli bad = Cli.run("new", "ui-config", "--dir", folder.toString());
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.err().startsWith("error: 'ui-config' is not a plain name\n"), bad.err());
        Path firstTests = folder.resolve("001-first.test.yaml");
        assertEquals(List.of(firstTests, first), Files.list(folder).sorted().toList());

        Path strayTests = Files.writeString(folder.resolve("002-second.test.yaml"), "cases: []\n");
        Cli stray = Cli.run("new", "second", "--dir", folder.toString());
        assertEquals(2, stray.exitCode(), stray::toString);
        assertTrue(stray.err().startsWith("error: " + strayTests + " exists already; nothing was written\n"), stray.err());
        assertEquals(List.of(firstTests, first, strayTests), Files.list(folder).sorted().toList());
    }

    @Test
    @DisplayName("inspect --db shows tables, row counts and the config documents; changes nothing")
    void inspect() throws Exception {
        Path db = TestDb.example(dir);
        String before = TestDb.sha256(db);

        Cli run = Cli.run("inspect", "--db", db.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\nserver_config       1  key, value\n"), run.out());
        assertTrue(run.out().contains("\nmetadata            2  key, value, updated_at\n"), run.out());
        assertTrue(run.out().contains("\nserver_config row 'config':\n  {\n    \"serverPath\" : \"\",\n    \"host\" : \"localhost\",\n"), run.out());
        assertTrue(run.out().contains("\nmetadata rows (not JSON documents):\n  schema_version = 3\n"), "rows a rows source reads are shown too: " + run.out());
        assertEquals(before, TestDb.sha256(db));

        JsonNode json = new ObjectMapper().readTree(Cli.run("inspect", "--db", db.toString(), "--json").out());
        JsonNode server = null;
        for (JsonNode table : json.get("tables")) {
            if (table.get("name").asText().equals("server_config")) {
                server = table;
            }
        }
        assertEquals(1, server.get("rows").asInt());
        assertEquals("config", server.get("documents").get(0).get("key").asText());
        assertEquals(8080, server.get("documents").get(0).get("value").get("llama_server_port").asInt());
        JsonNode metadata = null;
        for (JsonNode table : json.get("tables")) {
            if (table.get("name").asText().equals("metadata")) {
                metadata = table;
            }
        }
        assertEquals("[{\"key\":\"schema_version\",\"value\":\"3\"}]", metadata.get("values").toString());

        Cli missing = Cli.run("inspect", "--db", dir.resolve("nope.db").toString());
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().startsWith("error: database " + dir.resolve("nope.db") + " does not exist\n"), missing.err());
    }

    @Test
    @DisplayName("completion prints a script that bash loads and that completes mapper's commands")
    void completion() throws Exception {
        Cli run = Cli.run("completion");
        assertEquals(0, run.exitCode(), run::toString);
        Path script = dir.resolve("mapper-completion.bash");
        Files.writeString(script, run.out());
        Process bash = new ProcessBuilder("bash", "-c", "source " + script + " && complete -p mapper && COMP_WORDS=(mapper sta) COMP_CWORD=1 "
                + "&& _complete_mapper && printf '%s\\n' \"${COMPREPLY[@]}\"").redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), out);
        assertEquals("complete -o default -F _complete_mapper mapper\nstatus\n", out);
    }

    @Test
    @DisplayName("--help on every command explains it with an example; --version names the version")
    void helpEverywhere() {
        CommandLine cli = MapperCommand.withAllSubcommands();
        for (String command : cli.getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            Cli run = Cli.run(command, "--help");
            assertEquals(0, run.exitCode(), command);
            assertTrue(run.out().contains("Usage: mapper " + command), run.out());
            assertTrue(run.out().contains("\nExample:\n  mapper " + command) || run.out().contains("\nExample:\n  source <(mapper completion)"), run.out());
        }
        assertTrue(cli.getSubcommands().keySet().containsAll(List.of("apply", "plan", "verify", "rollback", "status", "validate",
                "schema", "new", "inspect", "completion", "test")));
        Cli version = Cli.run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().matches("mapper \\S+\n"), version.out());
    }
}
