package dev.mapper.apply.file;

import dev.mapper.diag.MapperException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/** Checks done on the database file before SQLite opens it, and where its backup copies go. */
public final class DatabaseFile {
    private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private DatabaseFile() {}

    /** @throws MapperException if the file is missing, unreadable or not a SQLite database */
    public static void check(Path db) {
        if (!Files.exists(db)) {
            throw MapperException.usage("database " + db + " does not exist",
                    "check the path given by 'database:' in the mapping or by --db; mapper never creates a database");
        }
        if (!Files.isRegularFile(db)) {
            throw MapperException.usage("database " + db + " is not a file", "point --db at the SQLite database file");
        }
        byte[] header = new byte[HEADER.length];
        try (InputStream in = Files.newInputStream(db)) {
            int n = in.readNBytes(header, 0, header.length);
            if (n < header.length || !Arrays.equals(header, HEADER)) {
                throw MapperException.usage("database " + db + " is not a SQLite database (its header is wrong)",
                        "point --db at the app's SQLite file, e.g. data/llama-dashboard.db");
            }
        } catch (IOException e) {
            throw MapperException.usage("cannot read database " + db + ": " + e.getMessage(), "check the file's permissions");
        }
    }

    /**
     * Before a write transaction: SQLite quietly opens a file it may not write read-only and only
     * fails at the first write, and it needs to create its journal beside the file. access(2)
     * answers for the user mapper runs as (root passes, as root can write).
     *
     * @throws MapperException if the file or its directory cannot be written
     */
    public static void checkWritable(Path db) {
        if (!Files.isWritable(db)) {
            throw MapperException.data("database " + db + " is read-only: this user may not write the file",
                    "give the user running mapper write permission on the file (or run as the app's user) and retry; nothing was changed");
        }
        Path dir = db.toAbsolutePath().getParent();
        if (!Files.isWritable(dir)) {
            throw MapperException.data("the directory " + dir + " of database " + db + " is read-only: SQLite must create its journal "
                    + "there and mapper its backup copy", "make the directory writable for the user running mapper and retry; nothing was changed");
        }
    }

    private static long sizeOf(Path db) {
        try {
            return Files.size(db);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Writes a copy of the whole database to {@link #backupPath}. The copy is written under a
     * temporary name created exclusively (a fresh regular file, never through a link) and renamed
     * to its name only when complete: a run killed mid-copy leaves no half copy under a backup's
     * name (with its own hot journal, SQLite would turn it into an empty database when opened).
     *
     * @return the copy's path
     */
    public static Path backUp(dev.mapper.db.Dialect dialect, dev.mapper.db.DatabaseAddress address, String migration, String label) {
        Path db = address.backupBase(); // a file's copies lie beside it; a server's go into its backup folder
        Path dir = db.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) { // a server's backup folder, on its first backup
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw MapperException.data("cannot create the backup folder " + dir + ": " + e.getMessage(),
                        "make it writable or name another one with --backup-dir DIR; nothing was changed");
            }
        }
        Path backupFile = backupPath(db, migration, label);
        Path partial;
        try {
            partial = Files.createTempFile(backupFile.getParent(), backupFile.getFileName() + ".", ".partial");
        } catch (IOException e) {
            throw MapperException.data("cannot create the backup file " + backupFile + ": " + e.getMessage(),
                    "make the database's directory writable and check free disk space; nothing was changed");
        }
        OwnFiles.written(partial);
        try {
            dialect.backup(address, partial);
            backupFile = moveIntoPlace(partial, db, migration, label);
        } catch (java.sql.SQLException | IOException e) {
            deletePartial(partial);
            if (e instanceof java.sql.SQLException sql && dialect.isFull(sql)) {
                throw MapperException.data("cannot write the backup file " + backupFile + ": the disk is full",
                        "free disk space (the copy needs about " + sizeOf(db) + " bytes, the database's size) and retry; nothing was changed");
            }
            throw MapperException.data("cannot write the backup file " + backupFile + ": " + e.getMessage(),
                    "make the database's directory writable and check free disk space; nothing was changed");
        }
        OwnFiles.written(backupFile);
        return backupFile;
    }

    /** Renames the complete copy to a backup name no file (nor link) holds; never replaces one. */
    private static Path moveIntoPlace(Path partial, Path db, String migration, String label) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path target = backupPath(db, migration, label);
            try {
                return Files.move(partial, target); // without REPLACE_EXISTING: refused if anything, even a link, is there
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                if (attempt == 10) {
                    throw raced;
                }
            }
        }
    }

    /** A copy that failed half-way is useless, and on a full disk it is what keeps the disk full. */
    static void deletePartial(Path backupFile) {
        try {
            Files.deleteIfExists(backupFile);
            Files.deleteIfExists(backupFile.resolveSibling(backupFile.getFileName() + "-journal"));
        } catch (java.io.IOException ignored) {
            // the error about the copy itself is what the user needs; this file is named in it
        }
    }

    /** {@code <db>.<migration>-<label>-<time>.bak}, beside the database, never overwriting a file. */
    public static Path backupPath(Path db, String migration, String label) {
        String stamp = LocalDateTime.now().format(STAMP);
        Path base = db.toAbsolutePath();
        Path candidate = base.resolveSibling(base.getFileName() + "." + migration + "-" + label + "-" + stamp + ".bak");
        // a link at the name (even one pointing nowhere) counts as taken: a copy is never written through it
        for (int i = 2; Files.exists(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS); i++) {
            candidate = base.resolveSibling(base.getFileName() + "." + migration + "-" + label + "-" + stamp + "-" + i + ".bak");
        }
        return candidate;
    }
}
