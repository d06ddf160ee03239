package dev.mapper.cli;

import dev.mapper.diag.MapperException;
import dev.mapper.model.Mapping;
import dev.mapper.model.MappingReader;
import dev.mapper.model.MigrationFolder;
import dev.mapper.plan.CompiledMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The options every database command shares, and loading the mapping file they name. */
final class MappingFiles {
    private MappingFiles() {}

    static CompiledMapping load(Path file) {
        return CompiledMapping.compile(MappingReader.read(file));
    }

    /** A mapping file, or every mapping of a folder in version order; all of them compiled before any runs. */
    static List<CompiledMapping> loadAll(Path fileOrFolder) {
        if (!Files.isDirectory(fileOrFolder)) {
            return List.of(load(fileOrFolder));
        }
        return CompiledMapping.compileAll(MigrationFolder.readAll(fileOrFolder));
    }

    /** {@code --db} if given, else the mapping's {@code database:} (relative to the current directory). */
    static Path database(Mapping mapping, Path override) {
        if (override != null) {
            return override;
        }
        if (mapping.database() == null || mapping.database().isBlank()) {
            throw MapperException.usage("no database to migrate: " + mapping.file() + " has no 'database:' and no --db was given",
                    "add --db PATH, e.g. mapper " + mapping.file() + " --db data/llama-dashboard.db");
        }
        return Path.of(mapping.database());
    }
}
