package dev.mapper.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The mapping file and database options shared by apply, plan, verify, rollback and status. */
final class DatabaseOptions {
    @Parameters(index = "0", paramLabel = "MAPPING", description = "the mapping file, e.g. mappings/004.yaml (apply and status: or a folder of them, e.g. mappings/)")
    Path mapping;

    @Option(names = "--db", paramLabel = "PATH|URL", description = "the SQLite database file, or a PostgreSQL database as "
            + "postgresql://USER@HOST:PORT/DBNAME?schema=NAME (overrides 'database:' in the mapping)")
    String db;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "PostgreSQL: a file whose first line is the password "
            + "(else PGPASSWORD, else ~/.pgpass or PGPASSFILE)")
    Path passwordFile;

    @Option(names = "--backup-dir", paramLabel = "DIR", description = "PostgreSQL: where the backup of the migrated tables goes (default: mapper-backups)")
    Path backupDir;

    dev.mapper.db.DatabaseAddress.Options serverOptions() {
        return new dev.mapper.db.DatabaseAddress.Options(passwordFile, backupDir);
    }

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "10",
            description = "how long to wait for another program's write lock before giving up (default: ${DEFAULT-VALUE})")
    int waitSeconds;
}
