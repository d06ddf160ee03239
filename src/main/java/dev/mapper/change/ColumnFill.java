package dev.mapper.change;

import dev.mapper.db.Dialect;
import dev.mapper.diag.Pos;
import dev.mapper.model.AddedColumn;
import dev.mapper.model.KeyRule;
import dev.mapper.model.SourcePath;
import dev.mapper.model.TableSource;
import dev.mapper.model.TableTarget;
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
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Computes the columns a migration adds with a rule, row by row, from each row's own columns: one
 * {@code UPDATE} inside the database when every rule translates to SQL (the table migrations'
 * pushdown, {@link TablePlanner#updateInPlace}), otherwise Java ({@link RowEvaluator}, the same
 * strict rules as a table target's columns) in batches by rowid, each value a bound parameter.
 * Then every written value is read back and compared, value and storage class, with what Java computes.
 */
final class ColumnFill {
    private static final int BATCH = 5_000;
    private static final String ROWID = "rowid";

    private final Dialect dialect;
    private final Connection connection;
    private final CompiledMapping compiled;

    ColumnFill(Dialect dialect, Connection connection, CompiledMapping compiled) {
        this.dialect = dialect;
        this.connection = connection;
        this.compiled = compiled;
    }

    /** The computed columns of one table as a table target reading that table's rows (source {@link AddedColumn#ROW}), keyed by rowid. */
    private static TableTarget target(String table, List<AddedColumn> columns, boolean withRowid) {
        return target(table, columns, withRowid ? List.of(ROWID) : List.of(), ValueType.INTEGER);
    }

    /**
     * The same, keyed by {@code keys} (read as they are, of {@code keyType}): each key column is one more rule
     * after the computed ones, so the evaluator names a failing row by them and the writer finds it again.
     */
    static TableTarget target(String table, List<AddedColumn> columns, List<String> keys, ValueType keyType) {
        Pos pos = columns.get(0).pos();
        List<KeyRule> rules = new ArrayList<>(columns.stream().map(AddedColumn::rule).toList());
        for (String key : keys) {
            rules.add(new KeyRule(key, pos, List.of(new SourcePath(AddedColumn.ROW, List.of(key), pos)), keyType, null, null, null, null, null, false));
        }
        // declared NOT NULL here: which computed columns take NULL is the planner's {@code nullable} set (only where no default)
        List<dev.mapper.model.TableColumn> declared = rules.stream()
                .map(r -> new dev.mapper.model.TableColumn(r.name(), r.type(), null, false, false, false, r.pos())).toList();
        return new TableTarget(table, new TableSource(AddedColumn.ROW, table, null, null, pos), keys.isEmpty() ? List.of(ROWID) : keys, null, rules,
                declared, pos);
    }

    static Set<String> nullable(List<AddedColumn> columns) {
        Set<String> names = new HashSet<>();
        // a NOT NULL column without a default is added nullable and declared NOT NULL after the fill: a NULL must be an error here
        columns.stream().filter(c -> !c.declaration().notNull()).forEach(c -> names.add(c.column()));
        return names;
    }

    /** Writes the values; returns how: {@code SQL} (one UPDATE) or {@code Java}. */
    String fill(String table, List<AddedColumn> columns) throws SQLException {
        List<String> keys = dialect.rowKeyColumns(connection, table);
        if (!keys.isEmpty()) { // no row id of the engine's own: each row is found by its key (KeyedColumnFill)
            return new KeyedColumnFill(dialect, connection, compiled, keys).fill(table, columns);
        }
        Step update = TablePlanner.updateInPlace(dialect, target(table, columns, false), dialect.integerRowId(connection, table), nullable(columns));
        if (update != null) {
            dialect.installRowFailure(connection);
            Savepoint savepoint = connection.setSavepoint();
            try (PreparedStatement ps = connection.prepareStatement(update.sql())) {
                int used = ps.getParameterMetaData().getParameterCount();
                for (int i = 0; i < used; i++) {
                    ps.setObject(i + 1, update.params().get(i));
                }
                ps.executeUpdate();
                connection.releaseSavepoint(savepoint);
                return "SQL";
            } catch (SQLException e) {
                if (!dialect.isRowFailure(e)) {
                    throw e;
                }
                connection.rollback(savepoint); // a row SQL cannot compute exactly as Java does: Java computes them all, and names a failing row
            }
        }
        RowEvaluator evaluator = new RowEvaluator(compiled, target(table, columns, true), nullable(columns));
        String set = String.join(", ", columns.stream().map(c -> dialect.quote(c.column()) + " = ?").toList());
        try (PreparedStatement write = connection.prepareStatement("UPDATE " + dialect.quote(table) + " SET " + set + " WHERE rowid = ?")) {
            long after = Long.MIN_VALUE;
            while (true) {
                List<Object[]> batch = read(evaluator, table, after, List.of());
                if (batch.isEmpty()) {
                    return "Java";
                }
                for (Object[] values : batch) {
                    Object[] out = evaluator.evaluate(values);
                    for (int i = 0; i < out.length; i++) {
                        write.setObject(i + 1, out[i]); // the last one is the rowid
                    }
                    write.addBatch();
                    after = (Long) out[out.length - 1];
                }
                write.executeBatch();
            }
        }
    }

    /** Every written value that is not what Java computes from its row, value and storage class. */
    List<String> verify(String table, List<AddedColumn> columns) throws SQLException {
        List<String> keys = dialect.rowKeyColumns(connection, table);
        if (!keys.isEmpty()) {
            return new KeyedColumnFill(dialect, connection, compiled, keys).verify(table, columns);
        }
        RowEvaluator evaluator = new RowEvaluator(compiled, target(table, columns, true), nullable(columns));
        List<String> problems = new ArrayList<>();
        long after = Long.MIN_VALUE;
        int width = evaluator.sourceColumns().size();
        List<String> written = columns.stream().map(AddedColumn::column).toList();
        while (problems.size() < 20) {
            List<Object[]> batch = read(evaluator, table, after, written);
            if (batch.isEmpty()) {
                break;
            }
            for (Object[] row : batch) {
                Object[] expected = evaluator.evaluate(java.util.Arrays.copyOf(row, width));
                after = (Long) expected[expected.length - 1];
                for (int i = 0; i < columns.size(); i++) {
                    String type = (String) row[width + 2 * i];
                    Object actual = row[width + 2 * i + 1];
                    if (!same(expected[i], type, actual)) {
                        problems.add(table + "." + written.get(i) + " in row rowid=" + after + " is " + actual + " (" + type + "), expected " + expected[i]);
                    }
                }
            }
        }
        return problems;
    }

    private static boolean same(Object expected, String type, Object actual) {
        if (expected == null) {
            return type.equals("null");
        }
        if (expected instanceof Long l) {
            return type.equals("integer") && ((Number) actual).longValue() == l;
        }
        if (expected instanceof Double d) {
            return type.equals("real") && Double.compare(((Number) actual).doubleValue(), d) == 0;
        }
        return type.equals("text") && Objects.equals(expected, actual);
    }

    /** The next rows after rowid {@code after}: the evaluator's source columns, then typeof and value of each of {@code written}. */
    private List<Object[]> read(RowEvaluator evaluator, String table, long after, List<String> written) throws SQLException {
        List<String> select = new ArrayList<>(evaluator.sourceColumns().stream().map(c -> c.equals(ROWID) ? ROWID : dialect.quote(c)).toList());
        written.forEach(c -> {
            select.add("typeof(" + dialect.quote(c) + ")");
            select.add(dialect.quote(c));
        });
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + String.join(", ", select) + " FROM " + dialect.quote(table)
                + " WHERE rowid > ? ORDER BY rowid LIMIT " + BATCH)) {
            ps.setLong(1, after);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] values = new Object[select.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rs.getObject(i + 1);
                        if (values[i] instanceof Integer n) {
                            values[i] = n.longValue(); // sqlite-jdbc gives small integers as Integer; the rules read them as Long
                        }
                    }
                    rows.add(values);
                }
            }
        }
        return rows;
    }
}
