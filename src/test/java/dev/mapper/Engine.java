package dev.mapper;

import dev.mapper.postgres.PgDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The engine a CLI suite runs on. The SQLite suites ({@code *Test}, surefire) use {@link #SQLITE};
 * their PostgreSQL twins ({@code Postgres*IT}, failsafe: they need the server {@code PgServer} starts)
 * extend them and return {@link #POSTGRES}, so both run the same test methods.
 */
public enum Engine {
    SQLITE {
        @Override
        public Db fromSql(Path dir, String name, String sql) {
            return new SqliteDb(TestDb.fromSql(dir, name, sql));
        }
    },
    POSTGRES {
        @Override
        public Db fromSql(Path dir, String name, String sql) {
            return PgDb.create(dir.resolve(name + "-backups"), sql);
        }
    };

    /**
     * A database built from {@code sql} written for SQLite (PostgreSQL: INTEGER as bigint, AUTOINCREMENT
     * as an identity column), in {@code dir} (SQLite: the file {@code name}).
     */
    public abstract Db fromSql(Path dir, String name, String sql);

    /** {@code onSqlite} on SQLite, {@code onPostgres} on PostgreSQL: what differs before a database exists (its SQL). */
    public String pick(String onSqlite, String onPostgres) {
        return this == SQLITE ? onSqlite : onPostgres;
    }

    /** A fresh copy of the shipped example (the legacy llama-dashboard database). */
    public Db example(Path dir) {
        try {
            return fromSql(dir, "llama-dashboard.db", Files.readString(TestDb.EXAMPLE_SQL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
