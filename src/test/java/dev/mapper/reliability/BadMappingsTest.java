package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapper.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases: each folder of {@code src/test/resources/cases/bad/} holds a broken
 * {@code mapping.yaml} and {@code expected.txt}, exactly what {@code mapper validate} prints on
 * stderr (file:line:col, what is wrong, the line, a caret, how to fix; every error in one run).
 * Adding a case is adding a folder.
 */
class BadMappingsTest {
    static final Path CASES = Path.of("src/test/resources/cases/bad");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactly(String name) throws IOException {
        Path mapping = CASES.resolve(name).resolve("mapping.yaml");
        Cli run = Cli.run("validate", mapping.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals(Files.readString(CASES.resolve(name).resolve("expected.txt")), run.err().replace(mapping.toString(), "mapping.yaml"));
    }
}
