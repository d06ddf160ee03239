package dev.mapper.cli;

import dev.mapper.apply.file.BackupFiles;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.db.SqliteDialect;
import dev.mapper.diag.MapperException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backups", mixinStandardHelpOptions = true,
        description = "List the copies of the database that apply, revisions and rollback took beside it (newest first), "
            + "and with --prune delete all but the newest --keep of them. The newest copy of each applied migration is always kept.",
        footer = {"", "Example:", "  mapper backups --db data/llama-dashboard.db", "  mapper backups --db data/llama-dashboard.db --prune --keep 2"})
final class BackupsCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "PATH", required = true, description = "the SQLite database whose copies to list")
    String dbText;

    private Path db;

    @Option(names = "--prune", description = "delete the copies beyond the newest --keep (never the newest copy of an applied migration)")
    boolean prune;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "3", description = "how many of the newest copies --prune keeps (default: ${DEFAULT-VALUE})")
    int keep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (keep < 0) {
            throw MapperException.usage("--keep " + keep + " is negative", "give how many copies to keep, e.g. --keep 3");
        }
        db = sqliteFile(dbText);
        PrintWriter out = spec.commandLine().getOut();
        BackupFiles files = new BackupFiles(new SqliteDialect());
        if (prune) {
            List<BackupFiles.Backup> deleted = files.prune(db, keep);
            deleted.forEach(b -> out.println("deleted   " + b.file()));
            long bytes = deleted.stream().mapToLong(BackupFiles.Backup::bytes).sum();
            out.println("Deleted " + deleted.size() + " backup cop" + (deleted.size() == 1 ? "y" : "ies") + " (" + bytes / 1024 + " KiB).");
        }
        List<BackupFiles.Backup> backups = files.list(db);
        if (backups.isEmpty()) {
            out.println("No backup copies beside " + db + ".");
        } else {
            if (prune) {
                out.println();
            }
            out.println("Backup copies of " + db + ", newest first:");
            for (BackupFiles.Backup b : backups) {
                out.println("  " + b.file().getFileName() + "  " + b.bytes() / 1024 + " KiB" + (b.keptBecause() == null ? "" : "  (kept: " + b.keptBecause() + ")"));
            }
            boolean prunable = backups.stream().skip(keep).anyMatch(b -> b.keptBecause() == null);
            if (!prune && prunable) {
                out.println("Delete all but the newest " + keep + " with: mapper backups --db " + db + " --prune --keep " + keep);
            }
        }
        out.flush();
        return 0;
    }

    /** A server has no copies beside a file: its backups are the scripts apply wrote, which this command does not manage. */
    private static Path sqliteFile(String text) {
        DatabaseAddress address;
        try {
            address = DatabaseAddress.parse(text);
        } catch (DatabaseAddress.Refused e) {
            throw MapperException.usage("--db: " + e.getMessage(), e.hint());
        }
        if (address instanceof DatabaseAddress.SqliteFile file) {
            return file.path();
        }
        throw MapperException.usage("mapper backups lists the copies beside a SQLite file; " + address + " is a PostgreSQL server, whose "
                + "backups are psql scripts in the folder apply's --backup-dir names (default mapper-backups/)",
                "list or delete them there (ls -lt mapper-backups/); each one's restore command is in apply's 'Backup' line and in "
                        + "mapper_history.backup_file");
    }
}
