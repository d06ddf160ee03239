package dev.mapper.apply.table;

import dev.mapper.convert.Converter;
import dev.mapper.db.Dialect;
import dev.mapper.diag.MapperException;
import dev.mapper.model.KeyRule;
import dev.mapper.model.TableTarget;
import dev.mapper.plan.RowEvaluator;
import dev.mapper.plan.TablePlan;
import dev.mapper.plan.TablePlanner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a table target against its source without holding either in memory: one streamed join
 * of each source row with the target row of the same key, every value recomputed in Java and
 * compared (type included), then the row counts. Finds missing, extra and altered rows.
 */
public final class TableVerifier {
    static final int MAX_REPORTED = 10;

    private final Dialect dialect;
    private final Connection connection;

    TableVerifier(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /** The differences found (at most {@link #MAX_REPORTED}, then a count), empty when the target is exact. */
    List<String> differences(RowEvaluator evaluator) throws SQLException {
        TableTarget target = evaluator.target();
        List<String> differences = new ArrayList<>();
        if (!dialect.tableExists(connection, target.table())) {
            return List.of("table " + target.table() + " does not exist");
        }
        List<String> columns = evaluator.sourceColumns();
        List<KeyRule> rules = target.columns();
        StringBuilder sql = new StringBuilder("SELECT ");
        columns.forEach(c -> sql.append("s.").append(dialect.quote(c)).append(", "));
        sql.append("t.").append(dialect.quote(target.key().get(0))).append(" IS NOT NULL");
        rules.forEach(r -> sql.append(", t.").append(dialect.quote(r.name())));
        sql.append(" FROM (").append(TableCopier.selectSource(dialect, target, columns)).append(") AS s LEFT JOIN ")
                .append(dialect.quote(target.table())).append(" AS t ON ");
        List<String> on = new ArrayList<>();
        for (String key : target.key()) {
            on.add("t." + dialect.quote(key) + " = s." + dialect.quote(target.column(key).from().get(0).path().get(0)));
        }
        sql.append(String.join(" AND ", on));
        long sourceRows = 0;
        long different = 0;
        try (PreparedStatement ps = dialect.streaming(connection, sql.toString()); ResultSet rs = ps.executeQuery()) {
            Object[] values = new Object[columns.size()];
            while (rs.next()) {
                dev.mapper.db.SqlBudget.tick(); // a row came back: the budget limits one step, not the whole stream
                sourceRows++;
                for (int i = 0; i < values.length; i++) {
                    values[i] = rs.getObject(i + 1);
                }
                String problem = compare(dialect, evaluator, values, rs, columns.size() + 1);
                if (problem != null && ++different <= MAX_REPORTED) {
                    differences.add(problem);
                }
            }
        }
        if (different > MAX_REPORTED) {
            differences.add("… and " + (different - MAX_REPORTED) + " more row(s) of " + target.table() + " differ");
        }
        long targetRows = count(target.table());
        if (targetRows != sourceRows) {
            differences.add(target.table() + " has " + targetRows + " rows, but " + target.source().describe() + " gives " + sourceRows);
        }
        return differences;
    }

    /**
     * The source rows whose target row is missing or differs, by the pushed-down expressions, plus any
     * extra target rows; -1 when the target's columns are no longer declared as mapper created them
     * (the query then cannot tell storage classes apart, so the caller compares in Java).
     */
    long sqlDifferences(TablePlan plan) throws SQLException {
        if (!dialect.declaredAsCreated(connection, plan.target().table(), TablePlanner.columnTypes(plan.target()))) {
            return -1;
        }
        long differ;
        try (PreparedStatement ps = connection.prepareStatement(plan.verify().sql())) {
            TableCopier.bind(ps, plan.verify().params());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                differ = rs.getLong(1);
            }
        }
        TableTarget target = plan.target();
        String where = target.source().where();
        long sourceRows;
        try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM " + dialect.quote(target.source().table())
                + (where == null ? "" : " WHERE (" + where + ")")); ResultSet rs = ps.executeQuery()) {
            rs.next();
            sourceRows = rs.getLong(1);
        }
        return differ + Math.abs(count(target.table()) - sourceRows);
    }

    private static String compare(Dialect dialect, RowEvaluator evaluator, Object[] values, ResultSet rs, int found) throws SQLException {
        Object[] expected;
        try {
            expected = evaluator.evaluate(values);
        } catch (MapperException e) {
            return e.diagnostics().get(0).message();
        }
        if (!rs.getBoolean(found)) {
            return evaluator.target().table() + " has no row for " + evaluator.rowName();
        }
        List<KeyRule> rules = evaluator.target().columns();
        for (int i = 0; i < rules.size(); i++) {
            Object actual = normalized(rs.getObject(found + 1 + i));
            if (!same(dialect.columnValue(expected[i], rules.get(i).type()), actual)) {
                return evaluator.target().table() + "." + rules.get(i).name() + " is " + Converter.render(actual) + " for " + evaluator.rowName()
                        + ", expected " + Converter.render(expected[i]);
            }
        }
        return null;
    }

    static Object normalized(Object value) {
        return value instanceof Integer i ? Long.valueOf(i) : value;
    }

    /** Equal values of the same storage class; 0.0 and -0.0 are the same number; NULL is only NULL (never '' or 0). */
    static boolean same(Object expected, Object actual) {
        if (expected == null) {
            return actual == null;
        }
        if (expected instanceof Double e && actual instanceof Double a) {
            return e.doubleValue() == a.doubleValue();
        }
        return expected != null && expected.equals(actual);
    }

    private long count(String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM " + dialect.quote(table)); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
