package dev.mapper.cli;

import dev.mapper.db.DatabaseAddress;
import dev.mapper.diag.Diagnostic;
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

    /** One mapping file, compiled, for {@code command}. */
    static CompiledMapping load(Path file, String command) {
        return CompiledMapping.compile(read(file, command));
    }

    /** One mapping file, read and validated, for {@code command}; a folder is refused saying which commands take one. */
    static Mapping read(Path file, String command) {
        if (Files.isDirectory(file)) {
            throw MapperException.usage(file + " is a folder; mapper " + command + " takes one mapping file",
                    "name one of its mappings, e.g. mapper " + command + " " + example(file) + "; apply and status take a folder "
                            + "(they run, or list, every numbered mapping in it)");
        }
        return MappingReader.read(file);
    }

    private static String example(Path folder) {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d+.*\\.ya?ml")).sorted().reduce((a, b) -> b)
                    .map(Path::toString).orElse(folder.resolve("005-NAME.yaml").toString());
        } catch (java.io.IOException e) {
            return folder.resolve("005-NAME.yaml").toString();
        }
    }

    /** A mapping file, or every mapping of a folder in version order; all of them compiled before any runs. */
    static List<CompiledMapping> loadAll(Path fileOrFolder) {
        if (!Files.isDirectory(fileOrFolder)) {
            return List.of(load(fileOrFolder, "apply"));
        }
        return CompiledMapping.compileAll(MigrationFolder.readAll(fileOrFolder));
    }

    /**
     * {@code --db} if given, else the mapping's {@code database:} (a file relative to the current
     * directory, or a server URL; {@link DatabaseAddress#parse}).
     */
    static DatabaseAddress database(Mapping mapping, String override, DatabaseAddress.Options options) {
        if (override != null) {
            DatabaseAddress address;
            try {
                address = DatabaseAddress.parse(override, System.getenv(), options);
            } catch (DatabaseAddress.Refused e) {
                throw MapperException.usage("--db: " + e.getMessage(), e.hint());
            }
            return checked(mapping, address, options);
        }
        if (mapping.database() == null || mapping.database().isBlank()) {
            throw MapperException.usage("no database to migrate: " + mapping.file() + " has no 'database:' and no --db was given",
                    "add --db PATH, e.g. mapper " + mapping.file() + " --db data/llama-dashboard.db");
        }
        DatabaseAddress address;
        try {
            address = DatabaseAddress.parse(mapping.database(), System.getenv(), options);
        } catch (DatabaseAddress.Refused e) {
            throw MapperException.usage(mapping.file() + ": database: " + e.getMessage(), e.hint());
        }
        return checked(mapping, address, options);
    }

    /** A server reads the mapping's names as PostgreSQL does: refused here, before anything connects, when they would not match. */
    private static DatabaseAddress checked(Mapping mapping, DatabaseAddress address, DatabaseAddress.Options options) {
        if (address instanceof DatabaseAddress.SqliteFile file && options != null) {
            // a server's options would be ignored for a file: the person would look for a backup that was never written there
            if (options.backupDir() != null) {
                throw MapperException.usage("--backup-dir names where a PostgreSQL database's backup goes; a SQLite file's backup copy is written beside the file",
                        "leave out --backup-dir: the Backup line names the copy (" + file.path().getFileName() + "." + mapping.migration() + "-before-….bak)");
            }
            if (options.passwordFile() != null) {
                throw MapperException.usage("--db-password-file is for a PostgreSQL database; a SQLite file has no password",
                        "leave out --db-password-file");
            }
        }
        List<Diagnostic> problems = address.dialect().refusedNames(mapping);
        if (!problems.isEmpty()) {
            throw MapperException.mapping(problems);
        }
        return address;
    }
}
