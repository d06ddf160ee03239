package dev.mapper.cli;

import dev.mapper.apply.file.BackupFiles;
import dev.mapper.diag.MapperException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How many backup copies of a database apply and rollback keep: after a run that took a copy,
 * the older copies beyond the newest N are deleted ({@link BackupFiles#prune}: only files with
 * mapper's name for a backup of this database that hold one — a SQLite database beside the file, a
 * psql script of this database in a server's backup folder — never the newest copy of an applied
 * migration), so copies no longer pile up. One line says so.
 */
final class BackupRetention {
    static final String ENV = "MAPPER_KEEP_BACKUPS";
    static final int DEFAULT = 5;

    @Option(names = "--keep-backups", paramLabel = "N", defaultValue = "${env:" + ENV + ":-" + DEFAULT + "}",
            description = "after a run that took a backup copy, delete the older copies of this database beyond the newest N "
                + "(never the newest copy of an applied migration); 'all' keeps every copy. Default: $" + ENV + ", else " + DEFAULT)
    String keepBackups;

    /** The number to keep, or -1 for all. @throws MapperException (exit 2) for anything else, before the run starts */
    int keep() {
        String value = keepBackups == null ? String.valueOf(DEFAULT) : keepBackups.strip();
        if (value.equalsIgnoreCase("all")) {
            return -1;
        }
        try {
            int keep = Integer.parseInt(value);
            if (keep >= 1) {
                return keep;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        boolean fromEnv = keepBackups != null && keepBackups.equals(System.getenv(ENV));
        throw MapperException.usage((fromEnv ? ENV + "=" : "--keep-backups ") + value + " is not a number of copies to keep",
                "give 1 or more (the copy this run takes is always kept), or 'all' to keep every copy");
    }

    /** Deletes the copies beyond the newest {@link #keep}; returns them (none when keeping all). */
    List<BackupFiles.Backup> prune(dev.mapper.db.DatabaseAddress db) {
        int keep = keep();
        // copies of a SQLite file lie beside it, a server's scripts in its backup folder (--backup-dir)
        return keep < 0 ? List.of() : new BackupFiles(db.dialect()).prune(db, keep);
    }

    /** The one line about what {@link #prune} deleted; nothing when it deleted nothing. */
    void print(PrintWriter out, List<BackupFiles.Backup> pruned) {
        if (pruned.isEmpty()) {
            return;
        }
        long kib = pruned.stream().mapToLong(BackupFiles.Backup::bytes).sum() / 1024;
        out.println("Pruned    " + pruned.size() + " older backup cop" + (pruned.size() == 1 ? "y" : "ies") + " (" + kib + " KiB), keeping the newest "
                + keep() + " (--keep-backups): " + String.join(", ", pruned.stream().map(b -> b.file().getFileName().toString()).toList()));
    }
}
