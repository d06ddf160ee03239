package dev.mapper.cli;

import dev.mapper.model.Mapping;
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
        description = "Parse and compile a mapping file (expressions included) without a database; report every error in it.",
        footer = {"", "Example:", "  mapper validate mappings/004.yaml"})
final class ValidateCommand implements Callable<Integer>, JsonCommand {
    @Parameters(index = "0", paramLabel = "MAPPING", description = "the mapping file")
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
        CompiledMapping compiled = MappingFiles.load(mapping, "validate");
        Mapping m = compiled.mapping();
        Output output = this.output == null ? new Output() : this.output;
        if (output.json()) {
            Map<String, Object> json = JsonShapes.envelope("validate", 0);
            json.putAll(JsonShapes.mapping(m));
            json.put("sources", m.sources().size());
            json.put("targets", m.targets().size());
            json.put("keys", m.keyCount());
            json.put("tableTargets", m.tables().size());
            json.put("columns", m.tables().stream().mapToInt(t -> t.columns().size()).sum());
            out.println(Json.write(json));
            out.flush();
            return 0;
        }
        if (output.quiet()) {
            return 0;
        }
        String tables = m.tables().isEmpty() ? "" : m.tables().stream().map(t -> t.source().name()).distinct().count() + " table source(s), "
                + m.tables().size() + " table target(s), " + m.tables().stream().mapToInt(t -> t.columns().size()).sum() + " columns";
        String keys = m.sources().isEmpty() && !m.tables().isEmpty() ? ""
                : m.sources().size() + " source(s), " + m.targets().size() + " target(s), " + m.keyCount() + " keys" + (tables.isEmpty() ? "" : ", ");
        out.println("ok: " + m.file() + ": migration " + m.migration() + " (" + m.name() + "), " + keys + tables);
        out.flush();
        return 0;
    }
}
