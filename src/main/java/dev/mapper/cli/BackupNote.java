package dev.mapper.cli;

import dev.mapper.db.DatabaseAddress;
import dev.mapper.db.PostgresServer;
import java.nio.file.Path;

/** What the "Backup" line says the backup is: a copy of the SQLite file, or a server's tables as a psql script and how to restore it. */
final class BackupNote {
    private BackupNote() {}

    static String of(DatabaseAddress db, Path file, String before) {
        if (db instanceof PostgresServer server) {
            return "the rows of every table the migration uses, before " + before + "; restore them with: " + server.restoreCommand(file);
        }
        return "copy of the database before " + before;
    }
}
