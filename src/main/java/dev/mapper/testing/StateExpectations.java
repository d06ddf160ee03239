package dev.mapper.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.model.ColumnDecl;
import dev.mapper.model.DidYouMean;
import dev.mapper.model.IndexDecl;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the database after apply with a case's {@code tables:}, {@code columns:} and {@code indexes:},
 * one line per difference. Values compare by SQLite storage class and value: the integer 0, the real
 * 0.0 and the text "0" are three different values (a REAL column read back as 0 would hide a wrong
 * declaration); a map or list is a JSON document held as text.
 */
final class StateExpectations {
    /** A case that cannot be compared as written (a row without the table's primary key): the case is BROKEN. */
    static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message);
        }
    }

    private final TestFile.State state;
    private final Dialect dialect;

    StateExpectations(TestFile.State state, Dialect dialect) {
        this.state = state;
        this.dialect = dialect;
    }

    List<String> compare(Path db) throws SQLException {
        List<String> problems = new ArrayList<>();
        if (state.isEmpty()) {
            return problems;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            for (Map.Entry<String, List<TestFile.Row>> table : state.tables().entrySet()) {
                problems.addAll(rows(c, table.getKey(), table.getValue()));
            }
            for (Map.Entry<String, Map<String, TestFile.Expected>> table : state.columns().entrySet()) {
                for (Map.Entry<String, TestFile.Expected> column : table.getValue().entrySet()) {
                    String actual = dialect.column(c, table.getKey(), column.getKey()).map(ColumnDecl::render).orElse(null);
                    declaration("column " + table.getKey() + "." + column.getKey(), column.getValue().value(), actual, problems);
                }
            }
            for (Map.Entry<String, TestFile.Expected> index : state.indexes().entrySet()) {
                String actual = dialect.index(c, index.getKey()).map(IndexDecl::describe).orElse(null);
                declaration("index " + index.getKey(), index.getValue().value(), actual, problems);
            }
        }
        return problems;
    }

    private static void declaration(String what, Object expected, String actual, List<String> problems) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            problems.add(what + ": expected " + (expected == null ? "none" : "declared " + expected) + ", actual "
                    + (actual == null ? "none" : "declared " + actual));
        }
    }

    private List<String> rows(Connection c, String table, List<TestFile.Row> expected) throws SQLException {
        List<String> problems = new ArrayList<>();
        if (!dialect.tableExists(c, table)) {
            problems.add("table " + table + ": expected " + expected.size() + " row(s), but the database has no such table");
            return problems;
        }
        List<String> columns = dialect.columns(c, table);
        List<String> key = primaryKey(c, table);
        for (TestFile.Row row : expected) {
            List<String> missing = key.stream().filter(k -> !row.columns().containsKey(k)).toList();
            if (!missing.isEmpty()) {
                throw new Unusable(row.pos() + ": a row of " + table + " must name its primary key " + String.join(", ", key)
                        + " (missing: " + String.join(", ", missing) + "): rows are matched by it");
            }
        }
        List<Map<String, Object>> unmatched = read(c, table);
        for (TestFile.Row want : expected) {
            Map<String, Object> row = unmatched.stream()
                    .filter(r -> key.stream().allMatch(k -> same(want.columns().get(k).value(), r.get(k)))).findFirst().orElse(null);
            String where = table + " row (" + String.join(", ", key.stream().map(k -> k + "=" + show(want.columns().get(k).value())).toList()) + ")";
            if (row == null) {
                problems.add(where + ": expected, but the table has no such row");
                continue;
            }
            unmatched.remove(row);
            for (Map.Entry<String, TestFile.Expected> column : want.columns().entrySet()) {
                if (!row.containsKey(column.getKey())) {
                    String near = DidYouMean.closest(column.getKey(), columns);
                    problems.add(where + "." + column.getKey() + ": expected " + typed(column.getValue().value()) + ", but " + table
                            + " has no column " + column.getKey() + (near == null ? "" : "; did you mean '" + near + "'?"));
                } else if (!same(column.getValue().value(), row.get(column.getKey()))) {
                    Object actual = row.get(column.getKey());
                    boolean document = column.getValue().value() instanceof Map<?, ?> || column.getValue().value() instanceof List<?>;
                    problems.add(where + "." + column.getKey() + ": expected " + typed(column.getValue().value()) + ", actual "
                            + (document && actual instanceof String text ? text + " (text)" : typed(actual)));
                }
            }
        }
        for (Map<String, Object> extra : unmatched) {
            problems.add(table + " row (" + String.join(", ", key.stream().map(k -> k + "=" + show(extra.get(k))).toList()) + "): not expected, but present");
        }
        return problems;
    }

    private static List<String> primaryKey(Connection c, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        if (key.isEmpty()) {
            throw new Unusable("table " + table + " has no primary key, so its rows cannot be matched; compare it with SQL in a case of its own");
        }
        return key;
    }

    private List<Map<String, Object>> read(Connection c, String table) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + dialect.quote(table))) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The same storage class and value; a map or list expected: text holding that JSON document. */
    static boolean same(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Long || expected instanceof BigInteger) {
            return (actual instanceof Integer || actual instanceof Long) && new BigInteger(expected.toString()).equals(BigInteger.valueOf(((Number) actual).longValue()));
        }
        if (expected instanceof BigDecimal d) {
            return (actual instanceof Double || actual instanceof Float) && d.compareTo(BigDecimal.valueOf(((Number) actual).doubleValue())) == 0;
        }
        if (expected instanceof Map<?, ?> || expected instanceof List<?>) {
            try {
                return actual instanceof String text && Json.same(expected, Json.parse(text));
            } catch (JsonProcessingException e) {
                return false;
            }
        }
        return expected.equals(actual);
    }

    static String storageClass(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return "integer";
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return "real";
        }
        return value instanceof byte[] ? "blob" : "text";
    }

    /** {@code 0 (integer)}, {@code 0.0 (real)}, {@code "0" (text)}, {@code {"port":8080} (JSON text)}, {@code NULL}. */
    private static String typed(Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return Json.write(value) + " (JSON text)";
        }
        return value == null ? "NULL" : show(value) + " (" + storageClass(value) + ")";
    }

    private static String show(Object value) {
        return DatabaseState.show(value);
    }
}
