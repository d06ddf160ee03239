package dev.mapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test databases built from SQL, and ways to look at them. */
public final class TestDb {
    public static final Path EXAMPLE_SQL = Path.of("examples/llama-dashboard.sql");
    public static final Path MAPPING_004 = Path.of("mappings/004.yaml");

    private TestDb() {}

    public static Path fromSql(Path dir, String name, String sql) {
        Path db = dir.resolve(name);
        exec(db, sql);
        return db;
    }

    /** A fresh copy of the shipped example (the legacy llama-dashboard database). */
    public static Path example(Path dir) {
        try {
            return fromSql(dir, "llama-dashboard.db", Files.readString(EXAMPLE_SQL));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a SQL script (several statements allowed). */
    public static void exec(Path db, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows as "a | b | c" strings. */
    public static List<String> query(Path db, String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    public static String one(Path db, String sql) {
        List<String> rows = query(db, sql);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + sql + ", got " + rows);
        }
        return rows.get(0);
    }

    /** The user tables (SQLite's internal sqlite_* tables left out). */
    public static List<String> tables(Path db) {
        return query(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
