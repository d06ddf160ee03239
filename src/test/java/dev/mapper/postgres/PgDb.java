package dev.mapper.postgres;

import dev.mapper.Db;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/** A fresh database on the test server ({@link PgServer}) for {@link Db}; its backups go to {@code backupDir}. */
public record PgDb(PgServer server, String url, Path backupDir) implements Db {

    /** A new database on the test server holding the tables {@code sqliteSql} creates (translated by {@link PgExample#translate}). */
    public static PgDb create(Path backupDir, String sqliteSql) {
        PgServer server = PgServer.get();
        PgDb db = new PgDb(server, server.freshDatabase(), backupDir);
        db.exec(sqliteSql);
        return db;
    }

    /** A new, empty database on the test server. */
    public static PgDb empty(Path backupDir) {
        PgServer server = PgServer.get();
        return new PgDb(server, server.freshDatabase(), backupDir);
    }

    /** A new database on the test server holding the shipped example's tables ({@link PgExample#sql}). */
    public static PgDb example(Path backupDir) {
        PgDb db = empty(backupDir);
        try (Connection c = db.connect()) {
            PgExample.load(c);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(e);
        }
        return db;
    }

    /** {@link #example} after the shipped history ({@code mapper apply mappings/}, which must succeed): where the app's next migration starts. */
    public static PgDb afterHistory(Path backupDir) {
        PgDb db = example(backupDir);
        dev.mapper.Cli folder = db.run("apply", "mappings/");
        if (folder.exitCode() != 0) {
            throw new IllegalStateException("apply mappings/ failed: " + folder);
        }
        return db;
    }

    /** Runs {@code sql} (several statements allowed) as it is: PostgreSQL's own SQL, as the app would run it. */
    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new connection to this database, for what a test does as the app would (a lock held, an open transaction). */
    public Connection connect() throws SQLException {
        return server.connectUrl(url);
    }

    @Override
    public String address() {
        return url;
    }

    @Override
    public String shown() {
        return url + "?schema=public";
    }

    @Override
    public String display() {
        return url + "?schema=public";
    }

    @Override
    public List<String> options() {
        return List.of("--db", url, "--backup-dir", backupDir.toString());
    }

    /** Runs {@code sql} written for SQLite, translated as {@link PgExample#translate} does. */
    @Override
    public void exec(String sql) {
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            s.execute(PgExample.translate(sql));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void update(String sql, Object... params) {
        try (Connection c = server.connectUrl(url); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> query(String sql) {
        try (Connection c = server.connectUrl(url)) {
            return PostgresApplyIT.rows(c, sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> values(String sql) {
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            return Db.values(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> tables() {
        return query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename COLLATE \"C\"");
    }

    @Override
    public List<String> indexes() {
        return query("SELECT i.indexname FROM pg_indexes i WHERE i.schemaname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
                + "WHERE k.conname = i.indexname) ORDER BY i.indexname COLLATE \"C\"");
    }

    @Override
    public String fingerprint() {
        try (Connection c = server.connectUrl(url)) {
            return PgFingerprint.of(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String fingerprintBesidesSequences() {
        List<String> lines = new java.util.ArrayList<>();
        boolean sequence = false;
        for (String line : fingerprint().split("\n", -1)) {
            if (line.startsWith("## ")) {
                sequence = line.startsWith("## sequence ");
            }
            if (!sequence) {
                lines.add(line);
            }
        }
        return String.join("\n", lines);
    }

    /** The fingerprint (catalogue and rows, each value's text in a typed column): what an exact rollback restores. */
    @Override
    public List<String> dump() {
        return fingerprint().lines().toList();
    }

    @Override
    public long backups() {
        if (!Files.isDirectory(backupDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(backupDir)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public <T> T pick(T onSqlite, T onPostgres) {
        return onPostgres;
    }
}
