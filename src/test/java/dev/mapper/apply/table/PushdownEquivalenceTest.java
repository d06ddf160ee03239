package dev.mapper.apply.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.db.SqliteDialect;
import dev.mapper.model.TableTarget;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.TablePlan;
import dev.mapper.plan.TablePlanner;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
    /** Reads back each column's storage class and value. */
    private static final java.util.function.UnaryOperator<String> WRITTEN = table -> "SELECT typeof(id), id, typeof(v), v FROM " + table;
    private static final String SOURCE = "CREATE TABLE src (id INTEGER PRIMARY KEY, c_int INTEGER, c_real REAL, c_text TEXT, c_num NUMERIC, c_any)";

    @Test
    @DisplayName("every value × declared type × rule: SQL writes what Java writes, or hands the row to Java")
    void sqlAgreesWithJavaOrDefers() throws Exception {
        Outcome o = run(PushdownCases.RULES, PushdownCases.ID_RULES);
        assertEquals(List.of(), o.disagreements());
        // not a vacuous pass: SQL itself computes what Java computes, except where deferring is by design
        assertEquals(List.of(), o.deferred());
        assertTrue(o.sqlWrote() > o.javaWrote() * 3 / 4, o.sqlWrote() + " of " + o.javaWrote());
    }

    /**
     * Found by a wider search (every transform of the README's kinds × these values): JEXL compares
     * an integer with a real as doubles and -0.0 below 0 (Double.compare), and widens an integer
     * overflow to BigInteger (but -Long.MIN_VALUE wraps); SQLite compares exactly, -0.0 equal to 0,
     * and turns an overflow into a rounded real.
     */
    @Test
    @DisplayName("comparisons of integers with reals beyond 2^53, negative zero, integer overflow: SQL writes what Java writes, or hands the row to Java")
    void edgesOfNumbersAgreeOrDefer() throws Exception {
        Outcome o = run(PushdownCases.EDGE_RULES, List.of());
        assertEquals(List.of(), o.disagreements());
        assertTrue(o.sqlWrote() > o.javaWrote() / 2, o.sqlWrote() + " of " + o.javaWrote());
    }

    /** {@code deferred}: rows Java computes that SQL handed over without a reason ({@link #mayDefer}). */
    private record Outcome(List<String> disagreements, List<String> deferred, int sqlWrote, int javaWrote) {}

    private static Outcome run(List<String> rules, List<String> idRules) throws Exception {
        CompiledMapping compiled = PushdownCases.mapping(COLUMNS, rules, idRules);

        List<String> disagreements = new ArrayList<>();
        List<String> deferred = new ArrayList<>(); // computed by Java, handed over by SQL without a reason
        int sqlWrote = 0;
        int javaWrote = 0;
        for (int i = 0; i < PushdownCases.VALUES.size(); i++) {
            String value = PushdownCases.VALUES.get(i);
            long id = PushdownCases.IDS.get(i % PushdownCases.IDS.size());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
                s.executeUpdate(SOURCE);
                s.executeUpdate("INSERT INTO src VALUES (" + id + ", " + String.join(", ", COLUMNS.stream().map(x -> value).toList()) + ")");
                DIALECT.installRowFailure(c);
                for (TableTarget target : compiled.mapping().tables()) {
                    TablePlan plan = TablePlanner.plan(DIALECT, target, DIALECT.integerRowId(c, "src"));
                    assertTrue(plan.pushedDown(), target.table() + " should translate to SQL");
                    List<Object> java = PushdownCases.javaWrites(DIALECT, c, compiled, target, WRITTEN);
                    List<Object> sql = PushdownCases.sqlWrites(DIALECT, c, plan, WRITTEN);
                    if (java != null) {
                        javaWrote++;
                        if (sql == null && !mayDefer(value, target)) {
                            deferred.add(value + " in " + target.columns().get(1).from() + " → " + PushdownCases.rule(target));
                        }
                    }
                    if (sql != null) {
                        sqlWrote++;
                        if (!sql.equals(java)) {
                            disagreements.add(value + " in " + target.columns().get(1).from() + " → " + PushdownCases.rule(target) + ": SQL wrote " + sql + ", Java "
                                    + (java == null ? "fails" : "writes " + java));
                        }
                    }
                }
            }
        }
        return new Outcome(disagreements, deferred, sqlWrote, javaWrote);
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
}
