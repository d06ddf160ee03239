package dev.mapper.api;

import dev.mapper.db.DatabaseAddress;
import dev.mapper.diag.MapperException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The database a {@link Mapper} call migrates: a SQLite file, or a PostgreSQL database named by its
 * URL ({@code postgresql://USER@HOST:PORT/DBNAME?schema=NAME}), with what a server needs besides
 * (where the password is, where the backup script goes). Named, not opened: mapper connects, locks
 * and backs up itself. Immutable; {@link #toString()} never holds a password.
 *
 * <pre>{@code
 * Database.of("data/llama-dashboard.db");
 * Database.of("postgresql://app@db.example.com:5432/llama").withBackupDir(Path.of("/var/backups/mapper"));
 * }</pre>
 */
public final class Database {
    private final String address;
    private final Path passwordFile;
    private final Path backupDir;

    private Database(String address, Path passwordFile, Path backupDir) {
        this.address = Objects.requireNonNull(address, "address");
        this.passwordFile = passwordFile;
        this.backupDir = backupDir;
    }

    /**
     * A SQLite file's path, or a PostgreSQL URL ({@code postgresql://…}, {@code postgres://…},
     * {@code jdbc:postgresql://…}); a URL holding a password is refused when it is used (the password
     * comes from PGPASSWORD, ~/.pgpass or {@link #withPasswordFile}).
     */
    public static Database of(String address) {
        return new Database(address, null, null);
    }

    /** A SQLite database file. */
    public static Database sqlite(Path file) {
        return new Database(file.toString(), null, null);
    }

    /** PostgreSQL: the file whose first line is the password (else PGPASSWORD, else ~/.pgpass). A SQLite file needs none. */
    public Database withPasswordFile(Path file) {
        return new Database(address, file, backupDir);
    }

    /**
     * PostgreSQL: the folder apply writes its backup script to (default {@code mapper-backups/} in the
     * working directory). A SQLite file's backup copy always goes beside the file.
     */
    public Database withBackupDir(Path dir) {
        return new Database(address, passwordFile, dir);
    }

    /** The engine's address; a URL mapper cannot use is a usage problem (kind MAPPING), naming no password. */
    DatabaseAddress address() {
        try {
            return DatabaseAddress.parse(address, System.getenv(), new DatabaseAddress.Options(passwordFile, backupDir));
        } catch (DatabaseAddress.Refused e) {
            throw MapperException.usage("database: " + e.getMessage(), e.hint());
        }
    }

    /** How mapper names it in messages: the file's path, or the server's URL (never a password). */
    @Override
    public String toString() {
        try {
            return address().toString();
        } catch (MapperException e) {
            return "(a database URL mapper refuses)";
        }
    }
}
