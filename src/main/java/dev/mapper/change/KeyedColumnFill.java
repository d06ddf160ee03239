package dev.mapper.change;

import dev.mapper.convert.Converter;
import dev.mapper.db.Dialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.expr.NotPushable;
import dev.mapper.model.AddedColumn;
import dev.mapper.model.ValueType;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.RowEvaluator;
import dev.mapper.plan.Step;
import dev.mapper.plan.TablePlanner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link ColumnFill} on an engine without a row id of its own (PostgreSQL, whose ctid moves on
 * every UPDATE): one pushed-down {@code UPDATE} when every rule translates (as on SQLite), else each
 * row is found by its primary key. The rows are read by one streamed SELECT in
 * key order (constant memory, however many), each computed in Java by the same {@link RowEvaluator},
 * and written back in batches of bound {@code UPDATE … WHERE key = ?}. The server holds each value in
 * the column's declared type: a value that type refuses (an integer out of its range, text too long)
 * stops the migration naming the table, the row's key, the value and the column's line.
 */
final class KeyedColumnFill {
    private static final int BATCH = 5_000;

    private final Dialect dialect;
    private final Connection connection;
    private final CompiledMapping compiled;
    private final List<String> keys;

    KeyedColumnFill(Dialect dialect, Connection connection, CompiledMapping compiled, List<String> keys) {
        this.dialect = dialect;
        this.connection = connection;
        this.compiled = compiled;
        this.keys = List.copyOf(keys);
    }

    private RowEvaluator evaluator(String table, List<AddedColumn> columns) {
        // JSON: the key is passed through as read (an integer, or the key's text), never converted
        return new RowEvaluator(compiled, ColumnFill.target(table, columns, keys, ValueType.JSON), ColumnFill.nullable(columns));
    }

    /**
     * Writes the values: one pushed-down {@code UPDATE} when every rule translates ({@link TablePlanner#updateInPlaceTyped}),
     * rolled back to a savepoint when a row fails it (Java then computes every row, and names a failing one); else in Java.
     * Returns how, for the apply's output: {@code SQL}, or Java with the reason it was not SQL.
     */
    String fill(String table, List<AddedColumn> columns) throws SQLException {
        String why;
        try {
            Step update = TablePlanner.updateInPlaceTyped(dialect, ColumnFill.target(table, columns, List.of(), ValueType.INTEGER),
                    dialect.columnTypes(connection, table), ColumnFill.nullable(columns));
            if (updated(update)) {
                return "SQL";
            }
            why = "a row SQL cannot compute as Java does";
        } catch (NotPushable e) {
            why = e.getMessage();
        }
        javaFill(table, columns);
        return "Java, row by row by " + (keys.size() == 1 ? "primary key " : "primary key (") + String.join(", ", keys) + (keys.size() == 1 ? "" : ")")
                + " (" + why + ")";
    }

    /** Runs the pushed-down UPDATE under a savepoint: false (and nothing written) when a row fails it. */
    private boolean updated(Step update) throws SQLException {
        dialect.installRowFailure(connection);
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement ps = connection.prepareStatement(update.sql())) {
            for (int i = 0; i < update.params().size(); i++) {
                ps.setObject(i + 1, update.params().get(i));
            }
            ps.executeUpdate();
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (!dialect.isRowFailure(e)) {
                throw e;
            }
            connection.rollback(savepoint); // a row SQL cannot compute exactly as Java does, or a value the column refuses
            return false;
        }
    }

    private void javaFill(String table, List<AddedColumn> columns) throws SQLException {
        RowEvaluator evaluator = evaluator(table, columns);
        String set = String.join(", ", columns.stream().map(c -> dialect.quote(c.column()) + " = ?").toList());
        List<Object[]> batch = new ArrayList<>();
        try (PreparedStatement write = connection.prepareStatement("UPDATE " + dialect.quote(table) + " SET " + set + " WHERE " + where());
                PreparedStatement read = dialect.streaming(connection, select(evaluator, table, List.of())); ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                Object[] values = row(rs, evaluator, evaluator.sourceColumns().size());
                Object[] out = Arrays.copyOf(evaluator.evaluate(values), columns.size());
                for (int i = 0; i < out.length; i++) {
                    out[i] = dialect.columnValue(out[i], columns.get(i).rule().type());
                }
                Object[] entry = Arrays.copyOf(out, out.length + keys.size());
                for (int k = 0; k < keys.size(); k++) {
                    entry[out.length + k] = values[keyIndex(evaluator, k)];
                }
                batch.add(entry);
                if (batch.size() == BATCH) {
                    flush(write, batch, table, columns);
                }
            }
            flush(write, batch, table, columns);
        }
    }

    private void flush(PreparedStatement write, List<Object[]> batch, String table, List<AddedColumn> columns) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        for (Object[] entry : batch) {
            for (int i = 0; i < entry.length; i++) {
                bind(write, i + 1, entry[i]);
            }
            write.addBatch();
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            write.executeBatch();
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (dialect.valueRefused(e) == null) {
                throw e;
            }
            connection.rollback(savepoint); // the transaction stays usable: find the row and the column the column's type refused
            write.clearBatch();
            throw refused(batch, table, columns);
        }
        batch.clear();
    }

    /** Writes a failed batch's values one at a time, each under a savepoint, until one is refused: the message names it. */
    private MapperException refused(List<Object[]> batch, String table, List<AddedColumn> columns) throws SQLException {
        for (Object[] entry : batch) {
            for (int i = 0; i < columns.size(); i++) {
                AddedColumn column = columns.get(i);
                Savepoint savepoint = connection.setSavepoint();
                try (PreparedStatement one = connection.prepareStatement("UPDATE " + dialect.quote(table) + " SET " + dialect.quote(column.column())
                        + " = ? WHERE " + where())) {
                    bind(one, 1, entry[i]);
                    for (int k = 0; k < keys.size(); k++) {
                        bind(one, 2 + k, entry[columns.size() + k]);
                    }
                    one.executeUpdate();
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    String why = dialect.valueRefused(e);
                    if (why == null) {
                        throw e;
                    }
                    connection.rollback(savepoint);
                    String type = dialect.column(connection, table, column.column()).map(d -> d.type()).orElse(column.declaration().type());
                    return MapperException.data(List.of(Diagnostic.at(column.pos(), column.qualified() + ": " + Converter.render(entry[i])
                            + " does not fit the column's type " + type + " (" + table + " row " + keyText(entry, columns.size()) + "; "
                            + dialect.engineName() + ": " + why + ")", "declare the column with a type that holds every value the rule computes, "
                            + "or change the transform; nothing was changed")));
                }
            }
        }
        return MapperException.data(List.of(Diagnostic.at(columns.get(0).pos(), "the values computed for " + table + " were refused by "
                + dialect.engineName() + ", but not when written one at a time", "report this; nothing was changed")));
    }

    /** Every written value that is not what Java computes from its row, compared as the column's declared type holds it. */
    List<String> verify(String table, List<AddedColumn> columns) throws SQLException {
        RowEvaluator evaluator = evaluator(table, columns);
        int width = evaluator.sourceColumns().size();
        List<String> problems = new ArrayList<>();
        List<String> written = columns.stream().map(AddedColumn::column).toList();
        try (PreparedStatement read = dialect.streaming(connection, select(evaluator, table, written)); ResultSet rs = read.executeQuery()) {
            while (rs.next() && problems.size() < 20) {
                Object[] row = row(rs, evaluator, width + written.size());
                Object[] expected = evaluator.evaluate(Arrays.copyOf(row, width));
                for (int i = 0; i < columns.size(); i++) {
                    Object want = dialect.columnValue(expected[i], columns.get(i).rule().type());
                    Object actual = row[width + i];
                    if (!same(want, actual)) {
                        problems.add(table + "." + written.get(i) + " in row " + keyText(row, evaluator) + " is " + Converter.render(actual)
                                + " (" + rs.getMetaData().getColumnTypeName(width + i + 1) + "), expected " + Converter.render(want));
                    }
                }
            }
        }
        return problems;
    }

    /**
     * The same value in the same kind of column: an integer in an integer column of any width, a number
     * as a {@code real} holds it when the column is one (4 bytes: the double rounded to float), text, a boolean.
     */
    static boolean same(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Long l) {
            return (actual instanceof Long || actual instanceof Integer || actual instanceof Short) && ((Number) actual).longValue() == l;
        }
        if (expected instanceof Double d) {
            return actual instanceof Double a ? a.doubleValue() == d.doubleValue() : actual instanceof Float f && f.floatValue() == (float) d.doubleValue();
        }
        return expected.equals(actual);
    }

    private String where() {
        return String.join(" AND ", keys.stream().map(k -> dialect.quote(k) + " = ?").toList());
    }

    private String select(RowEvaluator evaluator, String table, List<String> written) {
        List<String> select = new ArrayList<>(evaluator.sourceColumns().stream().map(dialect::quote).toList());
        written.forEach(c -> select.add(dialect.quote(c)));
        return "SELECT " + String.join(", ", select) + " FROM " + dialect.quote(table) + " ORDER BY "
                + String.join(", ", keys.stream().map(dialect::quote).toList());
    }

    /** The next row's values; the key columns as integers or as their text, so they bind back whatever the key's type. */
    private Object[] row(ResultSet rs, RowEvaluator evaluator, int width) throws SQLException {
        Object[] values = new Object[width];
        for (int i = 0; i < width; i++) {
            Object value = rs.getObject(i + 1);
            values[i] = value instanceof Integer || value instanceof Short ? (Object) ((Number) value).longValue() : value;
        }
        for (int k = 0; k < keys.size(); k++) {
            int i = keyIndex(evaluator, k);
            if (values[i] != null && !(values[i] instanceof Long || values[i] instanceof String)) {
                values[i] = rs.getString(i + 1);
            }
        }
        return values;
    }

    private int keyIndex(RowEvaluator evaluator, int k) {
        return evaluator.sourceColumns().indexOf(keys.get(k));
    }

    private void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof String s) {
            dialect.bindText(ps, index, s); // untyped where the engine allows it: the server reads it as the column's type
        } else {
            ps.setObject(index, value);
        }
    }

    private String keyText(Object[] entry, int first) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            parts.add(keys.get(k) + "=" + Converter.render(entry[first + k]));
        }
        return String.join(", ", parts);
    }

    private String keyText(Object[] row, RowEvaluator evaluator) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            parts.add(keys.get(k) + "=" + Converter.render(row[keyIndex(evaluator, k)]));
        }
        return String.join(", ", parts);
    }
}
