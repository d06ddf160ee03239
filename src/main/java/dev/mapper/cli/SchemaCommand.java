package dev.mapper.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the JSON Schema of mapping files (draft 2020-12), for editors and other tools. "
            + "Mapping files point editors at it with a first line: # yaml-language-server: $schema=../schema/mapping.schema.json",
        footer = {"", "Example:", "  mapper schema > schema/mapping.schema.json", "  mapper schema --test-file > schema/mapping-test.schema.json"})
final class SchemaCommand implements Callable<Integer> {
    static final String RESOURCE = "/schema/mapping.schema.json";
    static final String TEST_FILE_RESOURCE = "/schema/mapping-test.schema.json";

    @picocli.CommandLine.Option(names = "--test-file", description = "print the schema of test files (NAME.test.yaml, run by mapper test) instead")
    boolean testFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(text(testFile ? TEST_FILE_RESOURCE : RESOURCE));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String text() {
        return text(RESOURCE);
    }

    static String text(String resource) {
        try (InputStream in = SchemaCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar (a build error)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
