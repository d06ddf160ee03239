package dev.mapper.cli;

import dev.mapper.apply.file.BackupFiles;
import dev.mapper.apply.file.DatabaseFile;
import dev.mapper.convert.Json;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.diag.MapperException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backups", mixinStandardHelpOptions = true,
        description = "List the backups that apply, revisions and rollback took of a database (newest first): the copies beside a SQLite "
            + "file, or a PostgreSQL database's psql scripts in its backup folder with the command that restores each; with --prune delete "
            + "all but the newest --keep of them. The newest copy of each applied migration is always kept.",
        footer = {"", "Example:", "  mapper backups --db data/llama-dashboard.db", "  mapper backups --db data/llama-dashboard.db --prune --keep 2",
            "  mapper backups --db postgresql://app@db:5432/llama --backup-dir /var/backups/mapper"})
final class BackupsCommand implements Callable<Integer>, JsonCommand {
    @Option(names = "--db", paramLabel = "PATH|URL", required = true, description = "the SQLite database whose copies to list, or a PostgreSQL "
            + "database as postgresql://USER@HOST:PORT/DBNAME?schema=NAME whose backup scripts to list")
    String dbText;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "PostgreSQL: a file whose first line is the password "
            + "(else PGPASSWORD, else ~/.pgpass or PGPASSFILE)")
    Path passwordFile;

    @Option(names = "--backup-dir", paramLabel = "DIR", description = "PostgreSQL: the folder apply wrote the backup scripts to (default: "
            + dev.mapper.db.PostgresServer.DEFAULT_BACKUP_DIR + ")")
    Path backupDir;

    @Option(names = "--prune", description = "delete the copies beyond the newest --keep (never the newest copy of an applied migration)")
    boolean prune;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "3", description = "how many of the newest copies --prune keeps (default: ${DEFAULT-VALUE})")
    int keep;

    @Option(names = OutputOptions.JSON, description = "print one JSON document on stdout instead of text (shape: docs/json-output.md)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public Integer call() {
        if (keep < 0) {
            throw MapperException.usage("--keep " + keep + " is negative", "give how many copies to keep, e.g. --keep 3");
        }
        DatabaseAddress db = address();
        PrintWriter out = spec.commandLine().getOut();
        BackupFiles files = new BackupFiles(db.dialect());
        List<BackupFiles.Backup> deleted = prune ? files.prune(db, keep) : List.of();
        List<BackupFiles.Backup> backups = files.list(db);
        if (json) {
            out.println(Json.write(json(db, deleted, backups)));
        } else {
            print(out, db, deleted, backups);
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, DatabaseAddress db, List<BackupFiles.Backup> deleted, List<BackupFiles.Backup> backups) {
        boolean scripts = db.restoreCommand(db.backupBase()) != null; // a server's backups are scripts run to restore; a file's are copies
        if (prune) {
            deleted.forEach(b -> out.println("deleted   " + b.file()));
            long bytes = deleted.stream().mapToLong(BackupFiles.Backup::bytes).sum();
            int n = deleted.size();
            out.println("Deleted " + n + " backup " + (scripts ? (n == 1 ? "script" : "scripts") : n == 1 ? "copy" : "copies")
                    + " (" + bytes / 1024 + " KiB).");
        }
        Path folder = db.backupBase().getParent();
        if (backups.isEmpty()) {
            if (!scripts) {
                out.println("No backup copies beside " + db + ".");
            } else if (!Files.isDirectory(folder)) {
                out.println("No backup scripts of " + db + ": the folder " + folder + " does not exist (apply writes them to the folder "
                        + "--backup-dir names, default " + dev.mapper.db.PostgresServer.DEFAULT_BACKUP_DIR + "/ in the directory it runs in).");
            } else {
                out.println("No backup scripts of " + db + " in " + folder + ".");
            }
            return;
        }
        if (prune) {
            out.println();
        }
        out.println(!scripts ? "Backup copies of " + db + ", newest first:" : "Backup scripts of " + db + " in " + folder + ", newest first:");
        for (BackupFiles.Backup b : backups) {
            out.println("  " + b.file().getFileName() + "  " + b.bytes() / 1024 + " KiB" + (b.keptBecause() == null ? "" : "  (kept: " + b.keptBecause() + ")"));
            if (scripts) {
                out.println("    restore: " + db.restoreCommand(b.file()));
            }
        }
        boolean prunable = backups.stream().skip(keep).anyMatch(b -> b.keptBecause() == null);
        if (!prune && prunable) {
            out.println("Delete all but the newest " + keep + " with: mapper backups " + options() + " --prune --keep " + keep);
        }
    }

    /** The options that name the database and its backup folder, as given: the suggested prune must find the same files. */
    private String options() {
        StringBuilder options = new StringBuilder("--db " + quoted(dbText));
        if (passwordFile != null) {
            options.append(" --db-password-file ").append(quoted(passwordFile.toString()));
        }
        if (backupDir != null) {
            options.append(" --backup-dir ").append(quoted(backupDir.toString()));
        }
        return options.toString();
    }

    private static String quoted(String value) {
        return value.matches("[A-Za-z0-9_./:@%+=?&-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }

    private Map<String, Object> json(DatabaseAddress db, List<BackupFiles.Backup> deleted, List<BackupFiles.Backup> backups) {
        Map<String, Object> json = JsonShapes.envelope("backups", 0);
        json.put("database", db.display());
        json.put("folder", db.backupBase().toAbsolutePath().getParent().toString());
        List<Map<String, Object>> list = new ArrayList<>();
        for (BackupFiles.Backup b : backups) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("file", b.file().toAbsolutePath().toString());
            one.put("migration", b.migration());
            one.put("label", b.label());
            one.put("takenAt", takenAt(b.taken()));
            one.put("bytes", b.bytes());
            one.put("keptBecause", b.keptBecause());
            one.put("restore", db.restoreCommand(b.file()));
            list.add(one);
        }
        json.put("backups", list);
        json.put("deleted", deleted.stream().map(b -> b.file().toAbsolutePath().toString()).toList());
        return json;
    }

    /** The name's stamp is the local time the backup was taken (whole seconds): as ISO-8601 UTC, read in this machine's zone. */
    private static String takenAt(String stamp) {
        java.time.LocalDateTime local = java.time.LocalDateTime.parse(stamp, java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return local.atZone(java.time.ZoneId.systemDefault()).toInstant().toString();
    }

    private DatabaseAddress address() {
        // a server's options would be ignored for a file: the person would look for scripts that are not there
        if (!DatabaseAddress.namesServer(dbText) && backupDir != null) {
            throw MapperException.usage("--backup-dir names where a PostgreSQL database's backups go; a SQLite file's backup copies are beside the file",
                    "leave out --backup-dir");
        }
        if (!DatabaseAddress.namesServer(dbText) && passwordFile != null) {
            throw MapperException.usage("--db-password-file is for a PostgreSQL database; a SQLite file has no password", "leave out --db-password-file");
        }
        try {
            return DatabaseAddress.parse(dbText, System.getenv(), new DatabaseAddress.Options(passwordFile, backupDir));
        } catch (DatabaseAddress.Refused e) {
            throw MapperException.usage("--db: " + e.getMessage(), e.hint());
        }
    }
}
