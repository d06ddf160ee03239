package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.apply.table.PushdownCases;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.db.Dialect;
import dev.mapper.model.TableTarget;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.TablePlan;
import dev.mapper.plan.TablePlanner;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PushdownEquivalenceTest's contract on PostgreSQL, with its cases ({@link PushdownCases}): each
 * shared value goes into every typed source column that takes it (bigint, integer, double precision,
 * text, boolean; plus values only PostgreSQL holds: NaN, the infinities, booleans), and for each
 * column × rule the planner either chose Java (with a reason), or the pushed-down INSERT … SELECT
 * writes exactly what Java's streamed INSERT writes on the same server (type and value), or it hands
 * the row to Java. It never writes a value where Java fails, nor a different one.
 */
class PostgresPushdownEquivalenceIT {
    static final List<String> COLUMNS = List.of("c_int", "c_i4", "c_real", "c_text", "c_bool");
    static final String SOURCE = "CREATE TABLE src (id bigint PRIMARY KEY, c_int bigint, c_i4 integer, c_real double precision, c_text text, c_bool boolean)";
    static final List<String> PG_VALUES = List.of("'NaN'", "'Infinity'", "'-Infinity'", "true", "false", "'Yes'", "' x\t'", "'Äbc'",
            "'\u212Aelvin'", "2147483647", "-2147483648", "4.5e15", "1e-300", "'NO'");
    /** Each column's type and value; and v as PostgreSQL writes it, which tells -0 from 0 (the shared comparison holds them equal). */
    static final UnaryOperator<String> WRITTEN = table -> "SELECT pg_typeof(id)::text, id, pg_typeof(v)::text, v, v::text FROM " + table;

    private final PgServer server = PgServer.get();

    @Test
    @DisplayName("every value × typed column × rule: SQL writes what Java writes, hands the row to Java, or the planner chose Java")
    void sqlAgreesWithJavaOrDefers() throws Exception {
        Outcome o = run(PushdownCases.RULES, PushdownCases.ID_RULES, List.of());
        assertEquals(List.of(), o.disagreements());
        // not a vacuous pass: most rules translate, and SQL itself writes most of what Java writes
        assertTrue(o.javaChosen().size() < o.targets() / 2, o.javaChosen().toString());
        assertTrue(o.sqlWrote() > o.javaWrote() * 3 / 4, o.sqlWrote() + " of " + o.javaWrote() + " written by SQL; " + o.handedOver() + " handed to Java");
        System.out.println("PostgreSQL pushdown equivalence: " + o.rows() + " source rows, " + o.sqlWrote() + " of " + o.javaWrote() + " rows Java writes written by SQL, "
                + o.handedOver() + " handed to Java; planner chose Java for " + o.javaChosen().size() + " of " + o.targets() + " targets");
        o.javaChosen().forEach((k, v) -> System.out.println("  Java: " + k + ": " + v));
    }

    /** {@link PushdownCases#EDGE_RULES} (found on SQLite) here, with -0 in a double precision column too. */
    @Test
    @DisplayName("comparisons of integers with reals beyond 2^53, negative zero, integer overflow: SQL writes what Java writes, or hands the row to Java")
    void edgesOfNumbersAgreeOrDefer() throws Exception {
        Outcome o = run(PushdownCases.EDGE_RULES, List.of(), List.of("'-0'"));
        assertEquals(List.of(), o.disagreements());
        assertTrue(o.sqlWrote() > o.javaWrote() / 2, o.sqlWrote() + " of " + o.javaWrote());
    }

    private record Outcome(List<String> disagreements, Map<String, String> javaChosen, int targets, int rows, int sqlWrote, int javaWrote, int handedOver) {}

    private Outcome run(List<String> rules, List<String> idRules, List<String> moreValues) throws Exception {
        String url = server.freshDatabase();
        Dialect dialect = DatabaseAddress.parse(url).dialect();
        CompiledMapping compiled = PushdownCases.mapping(COLUMNS, rules, idRules);
        List<String> values = new ArrayList<>(PushdownCases.VALUES);
        values.addAll(PG_VALUES);
        values.addAll(moreValues);

        List<String> disagreements = new ArrayList<>();
        Map<String, String> javaChosen = new LinkedHashMap<>();
        Set<String> rows = new LinkedHashSet<>();
        int sqlWrote = 0;
        int javaWrote = 0;
        int handedOver = 0;
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            s.execute(SOURCE);
            Map<String, String> types = new LinkedHashMap<>();
            for (String column : List.of("id", "c_int", "c_i4", "c_real", "c_text", "c_bool")) {
                types.put(column, List.of("bigint", "bigint", "integer", "double precision", "text", "boolean").get(types.size()));
            }
            assertEquals(types, dialect.columnTypes(c, "src"));
            List<TablePlan> plans = new ArrayList<>();
            for (TableTarget target : compiled.mapping().tables()) {
                TablePlan plan = TablePlanner.plan(dialect, target, null, types);
                plans.add(plan);
                if (!plan.pushedDown()) {
                    javaChosen.put(target.columns().get(1).from() + " → " + PushdownCases.rule(target), plan.columns().get(1).notPushedBecause());
                }
            }
            for (int i = 0; i < values.size(); i++) {
                String row = insertRow(c, values.get(i), PushdownCases.IDS.get(i % PushdownCases.IDS.size()));
                if (!rows.add(row)) {
                    continue; // the same row as an earlier value gave (e.g. '7' and 7 in a bigint column)
                }
                for (TablePlan plan : plans) {
                    TableTarget target = plan.target();
                    if (!plan.pushedDown()) {
                        continue;
                    }
                    List<Object> java = PushdownCases.javaWrites(dialect, c, compiled, target, WRITTEN);
                    List<Object> sql = PushdownCases.sqlWrites(dialect, c, plan, WRITTEN);
                    javaWrote += java == null ? 0 : 1;
                    handedOver += java != null && sql == null ? 1 : 0;
                    if (sql != null) {
                        sqlWrote++;
                        if (!sql.equals(java)) {
                            disagreements.add(row + " in " + target.columns().get(1).from() + " → " + PushdownCases.rule(target) + ": SQL wrote " + sql
                                    + ", Java " + (java == null ? "fails" : "writes " + java));
                        }
                    }
                }
            }
        }
        return new Outcome(disagreements, javaChosen, compiled.mapping().tables().size(), rows.size(), sqlWrote, javaWrote, handedOver);
    }

    /** The source's one row: the value in every column whose type takes it, NULL in the others; as text, to tell rows apart. */
    static String insertRow(Connection c, String value, long id) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM src");
            s.executeUpdate("INSERT INTO src (id) VALUES (" + id + ")");
            for (String column : COLUMNS) {
                Savepoint before = c.setSavepoint();
                try {
                    s.executeUpdate("UPDATE src SET " + column + " = " + value);
                    c.releaseSavepoint(before);
                } catch (SQLException notThisType) {
                    c.rollback(before);
                }
            }
            c.commit();
            try (var rs = s.executeQuery("SELECT src::text FROM src")) {
                rs.next();
                return rs.getString(1);
            }
        } finally {
            c.setAutoCommit(true);
        }
    }
}
