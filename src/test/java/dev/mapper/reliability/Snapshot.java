package dev.mapper.reliability;

import dev.mapper.TestDb;
import java.nio.charset.StandardCharsets;
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
import java.util.Map;
import java.util.Set;

/**
 * A database's content in a comparable form: every schema entry, and per table the SHA-256 of all
 * its rows in rowid order. Columns that hold the time of a run (history times, updated_at of
 * created rows, the backup file's name, the hash of a created table's rows, which holds those times) are blanked, so two runs of
 * the same apply compare equal.
 */
record Snapshot(List<String> lines) {
    private static final Map<String, Set<String>> VOLATILE = Map.of(
            "mapper_history", Set.of("applied_at", "duration_ms", "backup_file"),
            "router_config", Set.of("updated_at"),
            "logging_config", Set.of("updated_at"),
            "migration_backup_004", Set.of("migrated_at"));

    /** Opens read-write on purpose: a hot journal left by a killed run is rolled back first, as any SQLite user would. */
    static Snapshot of(Path db) {
        List<String> lines = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")) {
                while (rs.next()) {
                    lines.add(rs.getString(1) + " " + rs.getString(2) + " on " + rs.getString(3) + ": " + rs.getString(4));
                    if (rs.getString(1).equals("table")) {
                        tables.add(rs.getString(2));
                    }
                }
            }
            for (String table : tables) {
                lines.add(table + " rows " + rowsDigest(s, table));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Snapshot(lines);
    }

    private static String rowsDigest(Statement s, String table) throws SQLException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Set<String> blank = VOLATILE.getOrDefault(table, Set.of());
            long rows = 0;
            try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY rowid")) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    rows++;
                    for (int i = 1; i <= n; i++) {
                        String column = rs.getMetaData().getColumnName(i);
                        boolean hashOfTimedRows = table.equals("mapper_changes") && column.equals("after") && "table_created".equals(rs.getString("kind"));
                        String value = blank.contains(column) || hashOfTimedRows ? "*" : String.valueOf(rs.getString(i));
                        digest.update((value + "\u0000").getBytes(StandardCharsets.UTF_8));
                    }
                    digest.update((byte) '\n');
                }
            }
            return rows + " " + HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PRAGMA integrity_check's answer ("ok" when the file is sound). */
    static String integrity(Path db) {
        return String.join("; ", TestDb.query(db, "PRAGMA integrity_check"));
    }
}
