package dev.mapper.testing;

import dev.mapper.convert.Json;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Everything a round trip must give back: each table's, index's, view's and trigger's SQL, and every
 * row of every table (typed: the text '1' is not the integer 1), rows sorted so that order does not
 * count. SQLite's own tables (sqlite_sequence …) are left out: their counters are not the data.
 */
record DatabaseState(Map<String, String> schema, Map<String, List<String>> rows) {
    /** How many differences {@link #differences} lists before it stops. */
    static final int SHOWN = 8;

    static DatabaseState read(Path db) throws SQLException {
        Map<String, String> schema = new TreeMap<>();
        Map<String, List<String>> rows = new TreeMap<>();
        // the test's own temporary file: read with a plain connection, no lock to wait for
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
                while (rs.next()) {
                    schema.put(rs.getString(1) + " " + rs.getString(2), String.valueOf(rs.getString(3)));
                }
            }
            for (String key : schema.keySet()) {
                if (key.startsWith("table ")) {
                    String table = key.substring("table ".length());
                    rows.put(table, rowsOf(s, table));
                }
            }
        }
        return new DatabaseState(schema, rows);
    }

    private static List<String> rowsOf(Statement s, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder("{");
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(i > 1 ? ", " : "").append(meta.getColumnName(i)).append(": ").append(show(rs.getObject(i)));
                }
                rows.add(row.append('}').toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    static String show(Object value) {
        if (value instanceof byte[] bytes) {
            return "x'" + HexFormat.of().formatHex(bytes) + "'";
        }
        return value instanceof Integer i ? Json.write(i.longValue()) : Json.write(value);
    }

    /** The state without the tables {@code drop} names (e.g. mapper's own bookkeeping). */
    DatabaseState without(Predicate<String> drop) {
        Map<String, String> schema = new TreeMap<>(this.schema);
        Map<String, List<String>> rows = new TreeMap<>(this.rows);
        schema.keySet().removeIf(k -> drop.test(k.substring(k.indexOf(' ') + 1)) || k.startsWith("index ") && drop.test(indexTable(k)));
        rows.keySet().removeIf(drop);
        return new DatabaseState(schema, rows);
    }

    private String indexTable(String indexKey) {
        String sql = schema.get(indexKey);
        int on = sql.indexOf(" ON ");
        return on < 0 ? "" : sql.substring(on + 4).split("[ (]")[0].replace("\"", "");
    }

    /** What {@code after} has that this state has not, and the reverse, as lines for a person; empty when equal. */
    List<String> differences(DatabaseState after, String afterName) {
        List<String> lines = new ArrayList<>();
        for (String key : union(schema.keySet(), after.schema.keySet())) {
            String before = schema.get(key);
            String now = after.schema.get(key);
            if (before == null) {
                lines.add(key + " exists " + afterName + ", was not there before: " + now);
            } else if (now == null) {
                lines.add(key + " is gone " + afterName + ": " + before);
            } else if (!before.equals(now)) {
                lines.add(key + " is declared differently " + afterName + ": " + now + " (was: " + before + ")");
            }
        }
        for (String table : rows.keySet()) {
            List<String> now = after.rows.get(table);
            if (now == null) {
                continue;
            }
            List<String> gone = new ArrayList<>(rows.get(table));
            List<String> added = new ArrayList<>(now);
            now.forEach(gone::remove);
            rows.get(table).forEach(added::remove);
            gone.forEach(r -> lines.add(table + ": row " + r + " is gone " + afterName));
            added.forEach(r -> lines.add(table + ": row " + r + " is new " + afterName));
        }
        if (lines.size() > SHOWN) {
            int more = lines.size() - SHOWN;
            lines.subList(SHOWN, lines.size()).clear();
            lines.add("… and " + more + " more difference(s)");
        }
        return lines;
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }
}
