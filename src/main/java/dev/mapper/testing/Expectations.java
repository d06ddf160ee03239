package dev.mapper.testing;

import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.Mapping;
import dev.mapper.model.TableTarget;
import dev.mapper.plan.KeyValue;
import dev.mapper.plan.Plan;
import dev.mapper.plan.TargetValues;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what an apply did with what a case expects, one line per difference: the key, the
 * expected and the actual value (typed, as JSON: {@code 8080} is not {@code "8080"}), and where the
 * actual value came from.
 */
final class Expectations {
    private final TestFile.Expect expect;

    Expectations(TestFile.Expect expect) {
        this.expect = expect;
    }

    /** The values the apply computed (and verified in the database before commit) against {@code values:}. */
    List<String> compareValues(Plan plan) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, TestFile.Expected>> table : expect.values().entrySet()) {
            Map<String, KeyValue> actual = new LinkedHashMap<>();
            if (plan != null) {
                plan.targets().stream().filter(t -> t.target().table().equals(table.getKey()))
                        .map(TargetValues::values).flatMap(List::stream).forEach(v -> actual.put(v.rule().name(), v));
            }
            for (Map.Entry<String, TestFile.Expected> key : table.getValue().entrySet()) {
                String name = table.getKey() + "." + key.getKey();
                KeyValue v = actual.get(key.getKey());
                if (v == null) {
                    problems.add(name + ": expected " + show(key.getValue().value()) + ", but apply wrote no value for it");
                } else if (!same(key.getValue().value(), v.value())) {
                    problems.add(name + ": expected " + show(key.getValue().value()) + ", actual " + show(v.value()) + " (" + origin(v) + ")");
                }
            }
        }
        return problems;
    }

    private static String origin(KeyValue v) {
        if (v.defaulted() || v.sourceValue() == null) {
            return v.origin();
        }
        return "from " + v.origin() + " = " + show(v.sourceValue());
    }

    /**
     * The rows of each table target named in {@code rows:} against the expected rows' columns. Rows that list
     * every key column are matched by key (a missing or an unexpected row is named by its key); others by
     * position in key order.
     */
    List<String> compareRows(Path db, Dialect dialect, Mapping mapping) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, TestFile.Expected>>> table : expect.rows().entrySet()) {
            TableTarget target = mapping.tables().stream().filter(t -> t.table().equals(table.getKey())).findFirst().orElseThrow();
            List<Map<String, Object>> actual = read(db, dialect, target);
            List<Map<String, TestFile.Expected>> expected = table.getValue();
            boolean byKey = expected.stream().allMatch(row -> row.keySet().containsAll(target.key()));
            if (actual.size() != expected.size()) {
                problems.add(target.table() + ": expected " + expected.size() + " row(s), actual " + actual.size());
            }
            List<Map<String, Object>> unmatched = new ArrayList<>(actual);
            for (int i = 0; i < expected.size(); i++) {
                Map<String, TestFile.Expected> want = expected.get(i);
                Map<String, Object> row = byKey ? unmatched.stream().filter(r -> target.key().stream()
                        .allMatch(k -> sameStored(want.get(k).value(), r.get(k)))).findFirst().orElse(null)
                        : i < actual.size() ? actual.get(i) : null;
                if (row == null) {
                    if (byKey) {
                        problems.add(target.table() + " row (" + String.join(", ", target.key().stream().map(k -> k + "=" + show(want.get(k).value())).toList())
                                + "): expected, but the table has no such row");
                    }
                    continue;
                }
                unmatched.remove(row);
                String where = target.table() + " row " + (byKey ? "" : (i + 1) + " ") + "(" + keyOf(target, row) + ")";
                for (Map.Entry<String, TestFile.Expected> column : want.entrySet()) {
                    Object value = row.get(column.getKey());
                    if (!sameStored(column.getValue().value(), value)) {
                        problems.add(where + "." + column.getKey() + ": expected " + show(column.getValue().value()) + ", actual " + show(value));
                    }
                }
            }
            if (byKey) {
                unmatched.forEach(r -> problems.add(target.table() + " row (" + keyOf(target, r) + "): not expected, but written"));
            }
        }
        return problems;
    }

    private static List<Map<String, Object>> read(Path db, Dialect dialect, TableTarget target) throws SQLException {
        String order = String.join(", ", target.key().stream().map(dialect::quote).toList());
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + dialect.quote(target.table()) + " ORDER BY " + order)) {
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

    private static String keyOf(TableTarget target, Map<String, Object> row) {
        return String.join(", ", target.key().stream().map(k -> k + "=" + show(row.get(k))).toList());
    }

    /** An expected failure: the exit code, and one error naming the key whose message holds the fragment. */
    static List<String> compareFailure(TestFile.Failure failure, MapperException e) {
        List<String> problems = new ArrayList<>();
        boolean found = e.diagnostics().stream().map(Diagnostic::headline)
                .anyMatch(h -> (failure.key() == null || h.contains(failure.key())) && h.contains(failure.message()));
        if (e.exitCode() != failure.exitCode() || !found) {
            problems.add("expected apply to fail with exit " + failure.exitCode() + " and an error"
                    + (failure.key() == null ? "" : " naming " + failure.key()) + " containing \"" + failure.message() + "\"; actual: exit " + e.exitCode() + ":");
            e.diagnostics().forEach(d -> problems.add("  " + d.headline()));
        }
        return problems;
    }

    /** Typed equality of computed values: numbers by value, otherwise type and value (the text "8080" is not 8080). */
    static boolean same(Object expected, Object actual) {
        return Json.same(expected, actual);
    }

    /** As {@link #same}, for a value read back from a SQLite column: SQLite stores a boolean as the integer 1 or 0. */
    private static boolean sameStored(Object expected, Object actual) {
        if (expected instanceof Boolean b && actual instanceof Number n && (n.longValue() == 0 || n.longValue() == 1)
                && n.doubleValue() == n.longValue()) {
            return b == (n.longValue() == 1);
        }
        return same(expected, actual);
    }

    static String show(Object value) {
        return DatabaseState.show(value);
    }
}
