package dev.mapper.db;

import java.nio.file.Path;
import java.util.Map;

/**
 * The database a command works on, as {@code --db} or {@code database:} names it: a SQLite file, or
 * a PostgreSQL server ({@link PostgresServer}). It is also where the engine is chosen
 * ({@link #dialect()}), so nothing else in mapper decides which engine it talks to.
 * {@link #toString()} names the database in messages; it never holds a password.
 */
public sealed interface DatabaseAddress permits DatabaseAddress.SqliteFile, PostgresServer {

    /** The engine behind this address. */
    Dialect dialect();

    /** How headers and {@code --json} name the database: a file's absolute path, a server's URL. */
    String display();

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
     * @throws PostgresServer.Refused when the text is a server URL mapper cannot use (a password in it, above all)
     */
    static DatabaseAddress parse(String text, Map<String, String> env, PostgresServer.Options options) {
        if (PostgresServer.isUrl(text)) {
            return PostgresServer.parse(text, env, options);
        }
        return new SqliteFile(Path.of(text));
    }

    static DatabaseAddress parse(String text) {
        return parse(text, System.getenv(), PostgresServer.Options.NONE);
    }
}
