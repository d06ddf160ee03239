package dev.mapper.apply.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.db.SqliteDialect;
import dev.mapper.diag.MapperException;
import dev.mapper.model.MappingReader;
import dev.mapper.model.TableTarget;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.RowEvaluator;
import dev.mapper.plan.TablePlan;
import dev.mapper.plan.TablePlanner;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The pushdown contract, value by value: for every source value (each storage class, the edges of
 * 64-bit integers and doubles, text that looks like a number, blobs, NULL) in columns of every
 * declared type, and for each kind of rule, the pushed-down SQL either writes exactly what Java
 * writes (value and storage class) or calls the row failure so Java computes the table. It never
 * writes a value where Java fails, nor a different one.
 */
class PushdownEquivalenceTest {
    private static final SqliteDialect DIALECT = new SqliteDialect();
    private static final List<String> COLUMNS = List.of("c_int", "c_real", "c_text", "c_num", "c_any");
    private static final String SOURCE = "CREATE TABLE src (id INTEGER PRIMARY KEY, c_int INTEGER, c_real REAL, c_text TEXT, c_num NUMERIC, c_any)";
    private static final List<String> VALUES = List.of("NULL", "0", "7", "-3", "5.0", "5.5", "-0.0", "0.999", "100", "100.0000001", "1e20",
            "9223372036854775807", "-9223372036854775808", "9.3e18", "1e999", "-1e999", "'7'", "'5.0'", "' 7'", "'abc'", "''", "'TRUE'",
            "'off'", "x'07'", "x''", "1.7976931348623157e308", "9223372036854775806", "4611686018427387904", "9007199254740993");
    private static final List<Long> IDS = List.of(1L, -5L, 9223372036854775807L);
    private static final List<String> RULES = List.of(
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

    @Test
    @DisplayName("every value × declared type × rule: SQL writes what Java writes, or hands the row to Java")
    void sqlAgreesWithJavaOrDefers() throws Exception {
        StringBuilder yaml = new StringBuilder("migration: eq\nname: eq\nsources:\n  s: { table: src, shape: table }\ntargets:\n");
        int n = 0;
        for (String column : COLUMNS) {
            for (String rule : RULES) {
                yaml.append("  t").append(n++).append(":\n    shape: table\n    key: id\n    columns:\n")
                        .append("      id: { from: s.id, type: integer }\n      v: ").append(rule.formatted(column)).append('\n');
            }
        }
        for (String rule : List.of("{ from: s.id, type: integer, min: 0 }", "{ from: s.id, type: number }", "{ from: s.id, type: string }")) {
            yaml.append("  t").append(n++).append(":\n    shape: table\n    key: id\n    columns:\n      id: { from: s.id, type: integer }\n      v: ")
                    .append(rule).append('\n');
        }
        CompiledMapping compiled = CompiledMapping.compile(MappingReader.parse("eq.yaml", yaml.toString()));

        List<String> disagreements = new ArrayList<>();
        List<String> deferred = new ArrayList<>(); // computed by Java, handed over by SQL without a reason
        int sqlWrote = 0;
        int javaWrote = 0;
        for (int i = 0; i < VALUES.size(); i++) {
            String value = VALUES.get(i);
            long id = IDS.get(i % IDS.size());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
                s.executeUpdate(SOURCE);
                s.executeUpdate("INSERT INTO src VALUES (" + id + ", " + String.join(", ", COLUMNS.stream().map(x -> value).toList()) + ")");
                DIALECT.installRowFailure(c);
                for (TableTarget target : compiled.mapping().tables()) {
                    TablePlan plan = TablePlanner.plan(DIALECT, target, DIALECT.integerRowId(c, "src"));
                    assertTrue(plan.pushedDown(), target.table() + " should translate to SQL");
                    List<Object> java = javaWrites(c, compiled, target);
                    List<Object> sql = sqlWrites(c, plan);
                    if (java != null) {
                        javaWrote++;
                        if (sql == null && !mayDefer(value, target)) {
                            deferred.add(value + " in " + target.columns().get(1).from() + " → " + rule(target));
                        }
                    }
                    if (sql != null) {
                        sqlWrote++;
                        if (!sql.equals(java)) {
                            disagreements.add(value + " in " + target.columns().get(1).from() + " → " + rule(target) + ": SQL wrote " + sql + ", Java "
                                    + (java == null ? "fails" : "writes " + java));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), disagreements);
        // not a vacuous pass: SQL itself computes what Java computes, except where deferring is by design
        assertEquals(List.of(), deferred);
        assertTrue(sqlWrote > javaWrote * 3 / 4, sqlWrote + " of " + javaWrote);
    }

    /**
     * SQL hands these to Java by design: text (Java reads "7" as a number, JEXL reads "" as 0), a
     * string rule (Java writes reals its own way), an infinity inside a transform, and numbers
     * beyond ±2^53 (a real there is read by Java through its shortest decimal form; arithmetic near
     * 2^63 overflows differently in JEXL and SQLite).
     */
    private static boolean mayDefer(String value, TableTarget target) {
        var rule = target.columns().get(1);
        boolean big = !value.startsWith("'") && !value.startsWith("x") && !value.equals("NULL") && Math.abs(Double.parseDouble(value)) >= 0x1p53;
        return value.startsWith("'") || rule.from().get(0).path().get(0).equals("c_text") || rule.type() == dev.mapper.model.ValueType.STRING
                || (value.contains("1e999") && rule.transform() != null) || big;
    }

    private static String rule(TableTarget target) {
        var rule = target.columns().get(1);
        return rule.type() + (rule.min() == null ? "" : " min " + rule.min()) + (rule.max() == null ? "" : " max " + rule.max())
                + (rule.transform() == null ? "" : " transform " + rule.transform().text()) + (rule.defaultValue() == null ? "" : " default " + rule.defaultValue());
    }

    /** What the streamed path writes: Java's values through setObject into the same table; null when Java fails. */
    private static List<Object> javaWrites(Connection c, CompiledMapping compiled, TableTarget target) throws SQLException {
        RowEvaluator evaluator = new RowEvaluator(compiled, target);
        Object[] values = new Object[evaluator.sourceColumns().size()];
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(TableCopier.selectSource(DIALECT, target, evaluator.sourceColumns()))) {
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
            create(c, target);
            try (PreparedStatement ps = c.prepareStatement(TableCopier.insert(DIALECT, target))) {
                for (int i = 0; i < out.length; i++) {
                    ps.setObject(i + 1, out[i]);
                }
                ps.executeUpdate();
            }
            return written(c, target);
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    /** What the pushed-down statement writes; null when it hands the row to Java. */
    private static List<Object> sqlWrites(Connection c, TablePlan plan) throws SQLException {
        c.setAutoCommit(false);
        try {
            create(c, plan.target());
            try (PreparedStatement ps = c.prepareStatement(plan.insertSelect().sql())) {
                TableCopier.bind(ps, plan.insertSelect().params());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (DIALECT.isRowFailure(e)) {
                    return null;
                }
                throw e;
            }
            return written(c, plan.target());
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static void create(Connection c, TableTarget target) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(DIALECT.createTable(target.table(), target.declared(), target.key()));
        }
    }

    /** Each column's storage class and value. */
    private static List<Object> written(Connection c, TableTarget target) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT typeof(id), id, typeof(v), v FROM " + DIALECT.quote(target.table()))) {
            List<Object> row = new ArrayList<>();
            while (rs.next()) {
                for (int i = 1; i <= 4; i++) {
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
