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
    public <T> T pick(T onSqlite, T onPostgres) {
        return this == SQLITE ? onSqlite : onPostgres;
    }

    /**
     * {@link #example}, its REAL columns declared DOUBLE PRECISION on PostgreSQL: SQLite's REAL is an 8-byte
     * float, PostgreSQL's real 4 bytes, which would change the source values themselves (55.1 reads 55.099998…).
     */
    public Db exampleWithDoubles(Path dir) {
        try {
            String sql = Files.readString(TestDb.EXAMPLE_SQL);
            return fromSql(dir, "llama-dashboard.db", pick(sql, sql.replace(" REAL", " DOUBLE PRECISION")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
