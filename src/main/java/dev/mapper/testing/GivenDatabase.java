package dev.mapper.testing;

import dev.mapper.convert.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a case's fresh SQLite database: the file's setup SQL, the case's SQL file and inline SQL,
 * then its rows, always as bound parameters. mapper never creates a database itself (apply refuses
 * a missing file), so this is the one place a database file is created, with a plain connection.
 */
final class GivenDatabase {
    private GivenDatabase() {}

    /** @throws IllegalArgumentException naming the part of the given state that the database refused */
    static void build(Path db, String setupSql, TestFile.Given given) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            run(c, setupSql, "setup");
            if (given.sqlFile() != null) {
                try {
                    run(c, Files.readString(given.sqlFile()), "sql_file " + given.sqlFile());
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read sql_file " + given.sqlFile() + ": " + e.getMessage(), e);
                }
            }
            run(c, given.sql(), "given sql");
            for (Map.Entry<String, List<Map<String, Object>>> table : given.tables().entrySet()) {
                insert(c, table.getKey(), table.getValue());
            }
        }
    }

    private static void run(Connection c, String sql, String what) {
        if (sql == null || sql.isBlank()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private static void insert(Connection c, String table, List<Map<String, Object>> rows) {
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> columns.addAll(r.keySet()));
        try {
            if (!exists(c, table) && columns.isEmpty()) {
                throw new IllegalArgumentException("given table " + table + " has no rows to take its columns from, and no SQL creates it"
                        + " (create it in setup or sql)");
            }
            if (!exists(c, table)) {
                // no setup declared it: columns without a declared type keep each value as given (text, integer, real)
                run(c, "CREATE TABLE " + quote(table) + " (" + String.join(", ", columns.stream().map(GivenDatabase::quote).toList()) + ")",
                        "creating given table " + table);
            }
            for (Map<String, Object> row : rows) {
                List<String> names = new ArrayList<>(row.keySet());
                String sql = "INSERT INTO " + quote(table) + " (" + String.join(", ", names.stream().map(GivenDatabase::quote).toList())
                        + ") VALUES (" + String.join(", ", names.stream().map(n -> "?").toList()) + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < names.size(); i++) {
                        ps.setObject(i + 1, bindable(row.get(names.get(i))));
                    }
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("given rows of " + table + ": " + e.getMessage(), e);
        }
    }

    /** A JSON document in a row is written in the test file as YAML: stored as its JSON text, as the app stores it. */
    private static Object bindable(Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return Json.write(value);
        }
        if (value instanceof java.math.BigDecimal d) {
            return d.doubleValue();
        }
        if (value instanceof java.math.BigInteger b) {
            return b.toString();
        }
        return value;
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
