package dev.mapper.cli;

import dev.mapper.model.Mapping;
import dev.mapper.plan.CompiledMapping;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that runs a mapping file against a database: the shared options and their loading. */
abstract class DatabaseCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions options;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The mapping file, read, validated and compiled. */
    CompiledMapping compiled() {
        return MappingFiles.load(options.mapping, spec.name());
    }

    Path database(Mapping mapping) {
        return MappingFiles.database(mapping, options.db);
    }
}
