package dev.mapper.apply.table;

import dev.mapper.db.Dialect;
import dev.mapper.diag.MapperException;
import dev.mapper.model.MappingReader;
import dev.mapper.model.TableTarget;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.RowEvaluator;
import dev.mapper.plan.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The pushdown contract's cases, shared by every engine's equivalence test ({@link PushdownEquivalenceTest},
 * PostgresPushdownEquivalenceIT): source values (each storage class, the edges of 64-bit integers
 * and doubles, text that looks like a number, NULL), rules of every kind, and the two ways of
 * writing a target row: Java's values through the streamed INSERT, and the pushed-down INSERT … SELECT.
 */
public final class PushdownCases {
    private PushdownCases() {}

    public static final List<String> VALUES = List.of("NULL", "0", "7", "-3", "5.0", "5.5", "-0.0", "0.999", "100", "100.0000001", "1e20",
            "9223372036854775807", "-9223372036854775808", "9.3e18", "1e999", "-1e999", "'7'", "'5.0'", "' 7'", "'abc'", "''", "'TRUE'",
            "'off'", "x'07'", "x''", "1.7976931348623157e308", "9223372036854775806", "4611686018427387904", "9007199254740993");
    public static final List<Long> IDS = List.of(1L, -5L, 9223372036854775807L);
    public static final List<String> RULES = List.of(
            "{ from: s.%s, type: integer }",
            "{ from: s.%s, type: integer, min: 0 }",
            "{ from: s.%s, type: integer, max: 10 }",
            "{ from: s.%s, type: integer, min: 0, max: 10, default: 3 }",
            "{ from: s.%s, type: number }",
            "{ from: s.%s, type: number, min: 0 }",
            "{ from: s.%s, type: number, max: 100, default: 1.5 }",
            "{ from: s.%s, type: number, min: 0, max: 100, default: 0 }",
            "{ from: s.%s, type: number, transform: \"value / 100.0\", min: 0, max: 1, default: 0 }",
            "{ from: s.%s, type: integer, transform: \"value * 2\", default: 0 }",
            "{ from: s.%s, type: string, default: none }",
            "{ from: s.%s, type: boolean, default: false }",
            "{ from: s.%s, type: number, default: 0, transform: \"s.c_int > 0 ? value * 100.0 / s.c_int : 0.0\" }",
            "{ from: s.%s, type: number, transform: \"value * 3\" }",
            "{ from: s.%s, type: number, transform: \"value + 1 - 2\", default: 0 }",
            "{ from: s.%s, type: integer, transform: \"value - 1\" }",
            "{ from: s.%s, type: integer, transform: \"-value\" }",
            "{ from: s.%s, type: integer, default: 4, check: \"value %% 2 == 0\" }",
            "{ from: s.%s, type: number, default: 2.5, check: \"value >= 1\" }",
            "{ from: s.%s, type: string, check: \"value != 'abc'\" }",
            // nullable columns: an absent value is written as NULL, never the default, and NULL is not checked
            "{ from: s.%s, type: integer, nullable: true }",
            "{ from: s.%s, type: number, min: 0, nullable: true, default: 0 }",
            "{ from: s.%s, type: boolean, nullable: true, default: true }",
            "{ from: s.%s, type: string, nullable: true, check: \"value != 'abc'\" }",
            "{ from: s.%s, type: number, nullable: true, check: \"value >= 1\" }",
            "{ from: s.%s, type: integer, nullable: true, transform: \"value > 5 ? null : value\", default: 9 }");
    /**
     * Rules at the edges of numbers, found by a wider search: JEXL compares an integer with a real as
     * doubles and orders -0.0 below 0 (Double.compare), and widens an integer overflow to BigInteger
     * (but -Long.MIN_VALUE wraps); SQL engines may compare exactly, hold -0.0 equal to 0, round.
     */
    public static final List<String> EDGE_RULES = List.of(
            "{ from: s.%s, type: boolean, transform: \"value == 0\" }",
            "{ from: s.%s, type: boolean, transform: \"value < 0 || value > 100\" }",
            "{ from: s.%s, type: boolean, transform: \"-value == 0\" }",
            "{ from: s.%s, type: boolean, transform: \"s.c_int == s.c_real\" }",
            "{ from: s.%s, type: boolean, transform: \"s.c_int < s.c_real\" }",
            "{ from: s.%s, type: number, transform: \"value * value\" }",
            "{ from: s.%s, type: number, transform: \"-value\" }",
            "{ from: s.%s, type: number, transform: \"(value + 1) * (value - 1)\" }",
            // a literal on one side: the translator checks only the column's side per row, so each kind of literal is here
            "{ from: s.%s, type: boolean, transform: \"value == 9007199254740992.0\" }",
            "{ from: s.%s, type: boolean, transform: \"value >= 0.0\" }",
            "{ from: s.%s, type: boolean, transform: \"0 <= value\" }",
            "{ from: s.%s, type: boolean, transform: \"value < 9007199254740993\" }",
            "{ from: s.%s, type: boolean, transform: \"value > -0.5\" }",
            "{ from: s.%s, type: number, transform: \"value * 2.5 / value\" }",
            "{ from: s.%s, type: number, transform: \"(value * 1.5) * value\" }");
    /** Rules on the source's integer id (not null, the key). */
    public static final List<String> ID_RULES = List.of("{ from: s.id, type: integer, min: 0 }", "{ from: s.id, type: number }", "{ from: s.id, type: string }");

    /** One table target {@code tN} (key id, value v) per column × rule, then one per {@code extraRules}, all reading table src as s. */
    public static CompiledMapping mapping(List<String> columns, List<String> rules, List<String> extraRules) {
        StringBuilder yaml = new StringBuilder("migration: eq\nname: eq\nsources:\n  s: { table: src, shape: table }\ntargets:\n");
        int n = 0;
        for (String column : columns) {
            for (String rule : rules) {
                yaml.append("  t").append(n++).append(":\n    shape: table\n    key: id\n    columns:\n")
                        .append("      id: { from: s.id, type: integer }\n      v: ").append(rule.formatted(column)).append('\n');
            }
        }
        for (String rule : extraRules) {
            yaml.append("  t").append(n++).append(":\n    shape: table\n    key: id\n    columns:\n      id: { from: s.id, type: integer }\n      v: ")
                    .append(rule).append('\n');
        }
        return CompiledMapping.compile(MappingReader.parse("eq.yaml", yaml.toString()));
    }

    public static String rule(TableTarget target) {
        var rule = target.columns().get(1);
        return rule.type() + (target.writesNull(rule) ? " nullable" : "") + (rule.min() == null ? "" : " min " + rule.min()) + (rule.max() == null ? "" : " max " + rule.max())
                + (rule.transform() == null ? "" : " transform " + rule.transform().text()) + (rule.check() == null ? "" : " check " + rule.check().text())
                + (rule.defaultValue() == null ? "" : " default " + rule.defaultValue());
    }

    /**
     * What the streamed path writes: Java's values through setObject into the same table; null when
     * Java fails. {@code written} gives the query that reads back (type, value) of id and v from a quoted table.
     */
    public static List<Object> javaWrites(Dialect dialect, Connection c, CompiledMapping compiled, TableTarget target, UnaryOperator<String> written)
            throws SQLException {
        RowEvaluator evaluator = new RowEvaluator(compiled, target);
        Object[] values = new Object[evaluator.sourceColumns().size()];
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(TableCopier.selectSource(dialect, target, evaluator.sourceColumns()))) {
            rs.next();
            for (int i = 0; i < values.length; i++) {
                values[i] = rs.getObject(i + 1);
            }
        }
        Object[] out;
        try {
            out = evaluator.evaluate(values);
        } catch (MapperException e) {
            return null;
        }
        c.setAutoCommit(false);
        try {
            create(dialect, c, target);
            try (PreparedStatement ps = c.prepareStatement(TableCopier.insert(dialect, target))) {
                TableCopier.bindRow(dialect, ps, target, out);
                ps.executeUpdate();
            }
            return written(c, written.apply(dialect.quote(target.table())));
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    /** What the pushed-down statement writes; null when it hands the row to Java (the row failure). */
    public static List<Object> sqlWrites(Dialect dialect, Connection c, TablePlan plan, UnaryOperator<String> written) throws SQLException {
        c.setAutoCommit(false);
        try {
            create(dialect, c, plan.target());
            try (PreparedStatement ps = c.prepareStatement(plan.insertSelect().sql())) {
                TableCopier.bind(ps, plan.insertSelect().params());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (dialect.isRowFailure(e)) {
                    return null;
                }
                throw new SQLException(e.getMessage() + "\n" + plan.insertSelect().sql() + "\n" + plan.insertSelect().params(), e);
            }
            return written(c, written.apply(dialect.quote(plan.target().table())));
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static void create(Dialect dialect, Connection c, TableTarget target) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(dialect.createTable(target.table(), target.declared(), target.key()));
        }
    }

    /** Each column's type and value. */
    private static List<Object> written(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Object> row = new ArrayList<>();
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= width; i++) {
                    Object v = rs.getObject(i);
                    // 0.0 and -0.0 are the same number (as verification holds); a blob compares by its bytes
                    row.add(v instanceof Integer x ? Long.valueOf(x) : v instanceof Double d && d == 0 ? (Object) 0.0
                            : v instanceof byte[] b ? HexFormat.of().formatHex(b) : v);
                }
            }
            return row;
        }
    }
}
