package dev.mapper.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The mapping file and database options shared by apply, plan, verify, rollback and status. */
final class DatabaseOptions {
    @Parameters(index = "0", paramLabel = "MAPPING", description = "the mapping file, e.g. mappings/004.yaml (apply and status: or a folder of them, e.g. mappings/)")
    Path mapping;

    @Option(names = "--db", paramLabel = "PATH", description = "the SQLite database (overrides 'database:' in the mapping)")
    Path db;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "10",
            description = "how long to wait for another program's write lock before giving up (default: ${DEFAULT-VALUE})")
    int waitSeconds;
}
