package dev.mapper.cli;

import dev.mapper.model.Mapping;
import dev.mapper.model.MigrationFolder;
import dev.mapper.testing.TestFile;
import dev.mapper.testing.TestFileReader;
import dev.mapper.testing.TestSuite;
import java.nio.file.Files;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.convert.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Parse and compile a mapping file (expressions included) without a database; report every error in it. "
            + "Its test file (NAME.test.yaml beside it) is checked too; a test file given itself is checked against its mapping.",
        footer = {"", "Example:", "  mapper validate mappings/004.yaml       the mapping, and its test file if it has one", "  mapper validate mappings/004.test.yaml  a test file, against its mapping"})
final class ValidateCommand implements Callable<Integer>, JsonCommand {
    @Parameters(index = "0", paramLabel = "MAPPING", description = "the mapping file, or its test file (NAME.test.yaml)")
    Path mapping;

    @Spec
    CommandSpec spec;

    /** validate runs no SQL, so it has no --verbose. */
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Output output = new Output();

    static final class Output {
        @Option(names = OutputOptions.JSON, description = "print one JSON document on stdout instead of text (shape: docs/json-output.md)")
        boolean json;

        @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
        boolean quiet;

        boolean json() {
            return json;
        }

        boolean quiet() {
            return quiet;
        }
    }

    @Override
    public boolean json() {
        return output != null && output.json();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean isTestFile = MigrationFolder.TEST_FILE.matcher(mapping.getFileName().toString()).matches();
        Path testFile = isTestFile ? mapping : TestFileReader.testFileOf(mapping);
        CompiledMapping compiled = MappingFiles.load(isTestFile ? TestFileReader.mappingOf(mapping) : mapping, "validate");
        Mapping m = compiled.mapping();
        TestFile tests = isTestFile || Files.isRegularFile(testFile) ? TestSuite.check(testFile) : null;
        Output output = this.output == null ? new Output() : this.output;
        if (output.json()) {
            Map<String, Object> json = JsonShapes.envelope("validate", 0);
            json.putAll(JsonShapes.mapping(m));
            json.put("sources", m.sources().size());
            json.put("targets", m.targets().size());
            json.put("keys", m.keyCount());
            if (tests != null) {
                json.put("testFile", tests.file().toString());
                json.put("testCases", tests.cases().size());
            }
            json.put("tableTargets", m.tables().size());
            json.put("columns", m.tables().stream().mapToInt(t -> t.declared().size()).sum());
            out.println(Json.write(json));
            out.flush();
            return 0;
        }
        if (output.quiet()) {
            return 0;
        }
        String tables = m.tables().isEmpty() ? "" : m.tables().stream().map(t -> t.source().name()).distinct().count() + " table source(s), "
                + m.tables().size() + " table target(s), " + m.tables().stream().mapToInt(t -> t.declared().size()).sum() + " columns";
        String keys = m.sources().isEmpty() && !m.tables().isEmpty() ? ""
                : m.sources().size() + " source(s), " + m.targets().size() + " target(s), " + m.keyCount() + " keys" + (tables.isEmpty() ? "" : ", ");
        out.println("ok: " + m.file() + ": migration " + m.migration() + " (" + m.name() + "), " + keys + tables
                + (m.changesSchema() ? ", " + m.columns().size() + " column(s) to add, " + m.indexes().size() + " index(es) to create" : ""));
        if (tests != null) {
            out.println("ok: " + tests.file() + ": " + tests.cases().size() + " test case(s)");
        }
        out.flush();
        return 0;
    }
}
