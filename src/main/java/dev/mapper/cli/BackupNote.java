package dev.mapper.cli;

import dev.mapper.db.DatabaseAddress;
import java.nio.file.Path;

/** What the "Backup" line says the backup is: a copy of the SQLite file, or a server's tables as a psql script and how to restore it. */
final class BackupNote {
    private BackupNote() {}

    static String of(DatabaseAddress db, Path file, String before) {
        return db.backupNote(file, before);
    }
}
