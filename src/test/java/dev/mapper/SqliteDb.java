package dev.mapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A SQLite database file for {@link Db}. */
public record SqliteDb(Path file) implements Db {
    @Override
    public String address() {
        return file.toString();
    }

    @Override
    public String shown() {
        return file.toString();
    }

    @Override
    public String display() {
        return file.toAbsolutePath().normalize().toString();
    }

    @Override
    public List<String> options() {
        return List.of("--db", file.toString());
    }

    @Override
    public void exec(String sql) {
        TestDb.exec(file, sql);
    }

    @Override
    public void update(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); PreparedStatement s = c.prepareStatement(sql)) {
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
        return TestDb.query(file, sql);
    }

    @Override
    public List<String> values(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(sql)) {
            return Db.values(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> tables() {
        return TestDb.tables(file);
    }

    @Override
    public List<String> indexes() {
        return query("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name");
    }

    @Override
    public String fingerprint() {
        return TestDb.sha256(file);
    }

    /** Each column as an SQL literal, so its storage class shows. */
    @Override
    public List<String> dump() {
        List<String> rows = new ArrayList<>();
        for (String table : tables()) {
            List<String> columns = query("SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid");
            rows.add("== " + table + " " + columns);
            String select = String.join(" || ' | ' || ", columns.stream().map(c -> "quote(\"" + c + "\")").toList());
            rows.addAll(query("SELECT " + select + " FROM \"" + table + "\" ORDER BY rowid"));
        }
        return rows;
    }

    @Override
    public long backups() {
        try (Stream<Path> files = Files.list(file.toAbsolutePath().getParent())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".bak")).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public <T> T pick(T onSqlite, T onPostgres) {
        return onSqlite;
    }
}
