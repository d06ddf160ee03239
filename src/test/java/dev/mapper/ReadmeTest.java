package dev.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README must stay true: its example is the real mapping, its test command is the one CI runs. */
class ReadmeTest {
    @Test
    @DisplayName("the README's annotated mapping is exactly mappings/004.yaml")
    void exampleIsTheRealMapping() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```yaml\n", readme.indexOf("`mappings/004.yaml`, complete")) + "```yaml\n".length();
        String block = readme.substring(start, readme.indexOf("```\n", start));
        assertEquals(Files.readString(TestDb.MAPPING_004), block);
    }

    @Test
    @DisplayName("the README's test file example is exactly examples/005-ui-config.test.yaml, and that file passes")
    void testFileExampleIsTheRealFile() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```yaml\n", readme.indexOf("`examples/005-ui-config.test.yaml`, complete")) + "```yaml\n".length();
        String block = readme.substring(start, readme.indexOf("```\n", start));
        assertEquals(Files.readString(Path.of("examples/005-ui-config.test.yaml")), block);
        Cli run = Cli.run("test", "examples/005-ui-config.test.yaml");
        assertEquals(0, run.exitCode(), run::toString);
    }

    @Test
    @DisplayName("the README's embedding example is exactly examples/RunMigrations.java")
    void embeddingExampleIsTheRealFile() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```java\n", readme.indexOf("`examples/RunMigrations.java`, complete")) + "```java\n".length();
        String block = readme.substring(start, readme.indexOf("```\n", start));
        assertEquals(Files.readString(Path.of("examples/RunMigrations.java")), block);
    }

    @Test
    @DisplayName(".ci/run runs the README's two commands")
    void ciRunsTheReadmeCommands() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String ci = Files.readString(Path.of(".ci/run"));
        for (String command : new String[] {"mvn -B verify", "bash examples/run-004.sh"}) {
            assertTrue(readme.contains("```\n" + command + "\n```"), command);
            assertTrue(ci.lines().anyMatch(command::equals), command);
        }
    }
}
