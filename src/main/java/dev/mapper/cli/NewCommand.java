package dev.mapper.cli;

import dev.mapper.diag.MapperException;
import dev.mapper.model.Identifiers;
import dev.mapper.model.MigrationFolder;
import dev.mapper.testing.TestFileReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Write the next numbered mapping (e.g. mappings/005-ui_config.yaml) from a commented template that "
            + "already validates, and beside it a skeleton of its test file (005-ui_config.test.yaml, run by mapper test). "
            + "Never overwrites a file.",
        footer = {"", "Example:", "  mapper new ui_config              writes mappings/<next number>-ui_config.yaml"})
final class NewCommand implements Callable<Integer> {
    static final Path SCHEMA = Path.of("schema/mapping.schema.json");
    static final Path TEST_SCHEMA = Path.of("schema/mapping-test.schema.json");

    @Parameters(index = "0", paramLabel = "NAME", description = "what the migration does, as a plain name (letters, digits, _), e.g. ui_config")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "mappings", description = "the migration folder (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--number", paramLabel = "N", description = "the version number (default: one more than the highest in DIR)")
    BigInteger number;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Identifiers.isPlain(name)) {
            throw MapperException.usage("'" + name + "' is not a plain name", "use letters, digits and '_', starting with a letter, e.g. mapper new ui_config");
        }
        BigInteger highest = MigrationFolder.highestVersion(dir);
        BigInteger version = number != null ? number : highest.add(BigInteger.ONE);
        if (version.signum() <= 0) {
            throw MapperException.usage("--number must be 1 or more, not " + version, "e.g. --number 5");
        }
        Optional<Path> taken = MigrationFolder.fileOf(dir, version);
        if (taken.isPresent()) {
            throw MapperException.usage("version " + version + " is taken by " + taken.get() + "; nothing was written",
                    "leave out --number to take the next free one (" + highest.add(BigInteger.ONE) + ")");
        }
        String id = String.format("%03d", version);
        Path file = dir.resolve(id + "-" + name + ".yaml");
        Path testFile = TestFileReader.testFileOf(file);
        if (Files.exists(testFile)) {
            throw MapperException.usage(testFile + " exists already; nothing was written", "choose another name, or move that test file away");
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(file, template(id, name, file), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            throw MapperException.usage(file + " exists already; nothing was written", "choose another name, or edit that file");
        } catch (IOException e) {
            throw MapperException.usage("cannot write " + file + ": " + e.getMessage(), "check that the folder is writable");
        }
        try {
            Files.writeString(testFile, testTemplate(name, file, testFile), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw MapperException.usage("wrote " + file + ", but cannot write " + testFile + ": " + e.getMessage(), "check that the folder is writable");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wrote " + file);
        out.println("Wrote " + testFile + " (its test cases: they pass on the template; change them with the mapping)");
        out.println("Next: fill in its sources and targets, then: mapper validate " + file + " && mapper test " + testFile
                + " && mapper plan " + file + " --db DB");
        out.flush();
        return 0;
    }

    /** Test cases of the template mapping that pass as they are, showing each kind of expectation. */
    static String testTemplate(String name, Path file, Path testFile) {
        Path folder = testFile.toAbsolutePath().getParent();
        String schema = folder.relativize(TEST_SCHEMA.toAbsolutePath()).toString().replace('\\', '/');
        return """
                # yaml-language-server: $schema=%1$s
                # Tests of %2$s; the format is in README.md, "Testing a mapping". Run: mapper test %3$s
                # Each case starts from a fresh SQLite database holding 'setup' and the case's given rows, applies the mapping,
                # compares with 'expect', then checks the round trip: a second apply changes nothing, rollback gives back the rows.
                setup: |                          # the source tables as the app creates them
                  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

                cases:
                  - name: example is read from the settings document
                    given:
                      tables:                     # table: its rows; a map value is stored as its JSON text
                        settings: [ { key: config, value: { example: "hello" } } ]
                    expect:
                      values:                     # target: key: value, typed (8080 is not "8080"); only these keys are compared
                        %4$s: { example: "hello" }

                  - name: without the settings row, example takes its default
                    expect:
                      values:
                        %4$s: { example: "changeme" }

                  # - name: a port that is not a number is refused, and the database is unchanged
                  #   given: { tables: { settings: [ { key: config, value: { port: "80x" } } ] } }
                  #   expect: { failure: { exit: 1, key: %4$s.port, message: '"80x" is not an integer' } }
                """.formatted(schema, file, testFile, name);
    }

    /** A commented mapping that validates as it is: a starting point showing every field. */
    static String template(String id, String name, Path file) {
        Path folder = file.toAbsolutePath().getParent();
        String schema = folder.relativize(SCHEMA.toAbsolutePath()).toString().replace('\\', '/');
        return """
                # yaml-language-server: $schema=%1$s
                # Migration %2$s: %3$s. Fill in the sources and targets; the language is in README.md, "The mapping language".
                #   check this file (no database needed):        mapper validate %4$s
                #   every value, its origin and the SQL:         mapper plan %4$s --db DB
                #   apply every pending mapping, in order:       mapper apply %5$s --db DB
                # Editors validate and complete this file from the schema above (write it with: mapper schema > %6$s).
                migration: "%2$s"                  # must equal the file name's number
                # name: recorded in mapper_history
                name: %3$s
                # database: data/app.db           # the SQLite file; --db PATH overrides it
                # backup: migration_backup_%2$s    # where source rows are kept for verify and rollback (this is the default)

                sources:                          # where values come from; paths in 'from' start with these names
                  settings: { table: settings, key: config }      # a JSON document in row 'config' (shape: document)
                  # meta:   { table: metadata, shape: rows }       # one row per key: meta.theme is row 'theme'
                  # info:   { table: app_info, shape: columns }    # a one-row table: info.version is its column

                targets:                          # the tables this migration creates and writes
                  %3$s:
                    shape: document               # one row 'config' holding a JSON object; or: rows (one row per key)
                    key: config
                    keys:                         # key: { from, type, default, min, max, transform, check }
                      example: { from: settings.example, type: string, default: "changeme" }
                      # port:  { from: [settings.port, settings.server_port], type: integer, min: 1, max: 65535, default: 8080 }
                      # level: { from: settings.logLevel, type: { enum: [debug, info, warn, error] }, default: info }
                      # url:   { type: string, transform: "'http://' + settings.host + ':' + settings.port" }
                      # slots: { from: settings.slots, type: integer, check: "value <= 16", default: 1 }

                # retire: [settings]              # delete these sources' rows after verification; rollback restores them

                # Changing the app's own tables (README, "The app's history as a migration folder"); each is undone exactly by rollback:
                # columns:                         # add columns to tables that exist (one declared the same already is left alone)
                #   models:
                #     favorite: { type: INTEGER, default: 0 }
                # indexes:                         # create indexes on any table
                #   idx_models_status: { table: models, columns: [status] }
                # append:                          # append one row to a table that exists, each column a rule like a key
                #   logs:
                #     message: { type: string, default: "settings migrated" }
                # A target with in_place: true changes only its listed keys in a document that exists and keeps every other key.
                """.formatted(schema, id, name, file, file.getParent() == null ? "." : file.getParent() + "/", SCHEMA);
    }
}
