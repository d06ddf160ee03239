package dev.mapper.db;

import dev.mapper.diag.MapperException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The database a command works on, as {@code --db} or {@code database:} names it: a SQLite file, or
 * a PostgreSQL server ({@link PostgresServer}). It is also where the engine is chosen
 * ({@link #dialect()}), so nothing else in mapper decides which engine it talks to: what differs
 * between engines before a connection is made (where backups go, what they are) is asked of the
 * address, what differs once connected of its {@link Dialect}.
 * {@link #toString()} names the database in messages; it never holds a password.
 */
public sealed interface DatabaseAddress permits DatabaseAddress.SqliteFile, PostgresServer {

    /** The engine behind this address. */
    Dialect dialect();

    /** How headers and {@code --json} name the database: a file's absolute path, a server's URL. */
    String display();

    /**
     * The path a backup is named after ({@code <path>.<migration>-<label>-<time>.bak}, beside it): a
     * file's own path, so its copies lie beside it; a server has no file, so its backups go into a
     * folder ({@code --backup-dir}), as an absolute path. Nothing is created here: listing backups
     * must not make a folder; taking one creates it ({@code DatabaseFile.backUp}).
     */
    Path backupBase();

    /** The command that restores the backup {@code file}, or null where restoring is copying the file back (SQLite). */
    default String restoreCommand(Path file) {
        return null;
    }

    /** What the "Backup" line says the backup {@code file} is, taken before {@code before} ("any change", "the rollback"). */
    String backupNote(Path file, String before);

    /** What the command line adds to a database's address: a file holding the password, and where backups go (servers only). */
    record Options(Path passwordFile, Path backupDir) {
        public static final Options NONE = new Options(null, null);
    }

    /** A database address mapper will not use, with the 0-based offset in the text where the problem starts. */
    final class Refused extends IllegalArgumentException {
        private final int offset;
        private final String hint;

        Refused(String message, int offset, String hint) {
            super(message);
            this.offset = offset;
            this.hint = hint;
        }

        public int offset() {
            return offset;
        }

        public String hint() {
            return hint;
        }

        /**
         * Where the problem is in a mapping file, given where the URL's scalar starts: on the scalar's
         * line when it is written there as is (plain or quoted, no escapes), else at the scalar.
         */
        public dev.mapper.diag.Pos in(dev.mapper.diag.Pos scalar, String fileText, String url) {
            String line = fileText.lines().skip(Math.max(0, scalar.line() - 1)).findFirst().orElse("");
            String rest = line.substring(Math.min(line.length(), Math.max(0, scalar.column() - 1)));
            int shift = rest.startsWith(url) ? offset
                    : !rest.isEmpty() && (rest.charAt(0) == '"' || rest.charAt(0) == '\'') && rest.startsWith(url, 1) ? offset + 1 : 0;
            return new dev.mapper.diag.Pos(scalar.file(), scalar.line(), scalar.column() + shift);
        }
    }

    /** A SQLite database file. */
    record SqliteFile(Path path) implements DatabaseAddress {
        @Override
        public Dialect dialect() {
            return new SqliteDialect();
        }

        @Override
        public String display() {
            return path.toAbsolutePath().normalize().toString();
        }

        @Override
        public Path backupBase() {
            return path;
        }

        @Override
        public String backupNote(Path file, String before) {
            return "copy of the database before " + before;
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * {@code text} as {@code --db} or {@code database:} gives it: {@code postgresql://…},
     * {@code postgres://…} and {@code jdbc:postgresql://…} name a server (defaults from {@code env}:
     * PGHOST, PGPORT, PGUSER, PGDATABASE, as libpq takes them); anything else is a SQLite file path,
     * exactly as before servers were supported.
     *
     * @throws Refused when the text is a server URL mapper cannot use (a password in it, above all)
     */
    static DatabaseAddress parse(String text, Map<String, String> env, Options options) {
        if (namesServer(text)) {
            return PostgresServer.parse(text, env, options);
        }
        return new SqliteFile(Path.of(text));
    }

    static DatabaseAddress parse(String text) {
        return parse(text, System.getenv(), Options.NONE);
    }

    /** Whether {@code text} names a database on a server (a URL {@link #parse} reads as one) rather than a file path. */
    static boolean namesServer(String text) {
        return PostgresServer.isUrl(text);
    }
}
