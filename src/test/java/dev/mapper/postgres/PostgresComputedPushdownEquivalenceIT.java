package dev.mapper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.apply.table.PushdownCases;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.db.Dialect;
import dev.mapper.expr.NotPushable;
import dev.mapper.model.KeyRule;
import dev.mapper.model.TableTarget;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.Step;
import dev.mapper.plan.TablePlanner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresPushdownEquivalenceIT}'s contract for columns computed per row: each of
 * {@link PushdownCases}' rules becomes a column {@code v} computed on the source table itself, and for
 * every shared value × typed column × rule the pushed-down {@code UPDATE src SET v = …}
 * ({@link TablePlanner#updateInPlaceTyped}) writes exactly what Java writes (type, value and text), or
 * hands the row to Java (the row failure), or the planner chose Java with a reason. Java's value is what
 * the streamed path writes for the same rule ({@link PushdownCases#javaWrites}), through the same
 * {@code RowEvaluator} and binding as the Java fill of a computed column.
 */
class PostgresComputedPushdownEquivalenceIT {
    private final PgServer server = PgServer.get();

    @Test
    @DisplayName("every value × typed column × rule as a computed column: the UPDATE writes what Java writes, hands the row to Java, or the planner chose Java")
    void updateAgreesWithJavaOrDefers() throws Exception {
        String url = server.freshDatabase();
        Dialect dialect = DatabaseAddress.parse(url).dialect();
        CompiledMapping compiled = PushdownCases.mapping(PostgresPushdownEquivalenceIT.COLUMNS, PushdownCases.RULES, PushdownCases.ID_RULES);
        List<String> values = new ArrayList<>(PushdownCases.VALUES);
        values.addAll(PostgresPushdownEquivalenceIT.PG_VALUES);
        List<String> disagreements = new ArrayList<>();
        Map<String, String> javaChosen = new LinkedHashMap<>();
        Set<String> rows = new LinkedHashSet<>();
        int sqlWrote = 0;
        int javaWrote = 0;
        int targets = compiled.mapping().tables().size();
        try (Connection c = server.connectUrl(url); Statement s = c.createStatement()) {
            s.execute(PostgresPushdownEquivalenceIT.SOURCE);
            for (int i = 0; i < values.size(); i++) {
                String row = PostgresPushdownEquivalenceIT.insertRow(c, values.get(i), PushdownCases.IDS.get(i % PushdownCases.IDS.size()));
                if (!rows.add(row)) {
                    continue;
                }
                for (TableTarget target : compiled.mapping().tables()) {
                    String name = target.columns().get(1).from() + " → " + PushdownCases.rule(target);
                    if (javaChosen.containsKey(name)) {
                        continue;
                    }
                    List<Object> java = PushdownCases.javaWrites(dialect, c, compiled, target, PostgresPushdownEquivalenceIT.WRITTEN);
                    List<Object> sql;
                    try {
                        sql = updateWrites(dialect, c, target);
                    } catch (NotPushable e) {
                        javaChosen.put(name, e.getMessage());
                        continue;
                    }
                    javaWrote += java == null ? 0 : 1;
                    if (sql != null) {
                        sqlWrote++;
                        if (!sql.equals(java)) {
                            disagreements.add(row + " in " + name + ": the UPDATE wrote " + sql + ", Java " + (java == null ? "fails" : "writes " + java));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), disagreements);
        // not a vacuous pass: most rules translate, and the UPDATE itself writes most of what Java writes
        assertTrue(javaChosen.size() < targets / 2, javaChosen.toString());
        assertTrue(sqlWrote > javaWrote * 3 / 4, sqlWrote + " of " + javaWrote + " written by the UPDATE");
        System.out.println("PostgreSQL computed-column pushdown equivalence: " + rows.size() + " source rows, " + sqlWrote + " of " + javaWrote
                + " values Java writes written by the UPDATE; planner chose Java for " + javaChosen.size() + " of " + targets + " rules");
    }

    @Test
    @DisplayName("a column declared of a type the SQL value is not assigned to as Java's bound value is (character(n)) stays in Java, saying why")
    void declaredTypeNotAssignableStaysInJava() throws Exception {
        String url = server.freshDatabase();
        Dialect dialect = DatabaseAddress.parse(url).dialect();
        CompiledMapping compiled = PushdownCases.mapping(List.of("c_text"), List.of("{ from: s.%s, type: string }"), List.of());
        TableTarget inPlace = inPlace(compiled.mapping().tables().get(0));
        Map<String, String> types = new LinkedHashMap<>(Map.of("id", "bigint", "c_text", "text", "v", "character(6)"));

        NotPushable why = null;
        try {
            TablePlanner.updateInPlaceTyped(dialect, inPlace, types, Set.of());
        } catch (NotPushable e) {
            why = e;
        }

        assertNotNull(why);
        assertEquals("src.v: the column is declared character(6), which a string is written to in Java", why.getMessage());
        types.put("v", "character varying(6)");
        assertTrue(TablePlanner.updateInPlaceTyped(dialect, inPlace, types, Set.of()).sql().startsWith("UPDATE \"src\" SET \"v\" = CASE "));
    }

    /** The target's rule {@code v} as a column computed on the source table itself, declared as the target declares it. */
    private static TableTarget inPlace(TableTarget target) {
        KeyRule v = target.columns().get(1);
        return new TableTarget(target.source().table(), target.source(), List.of("id"), null, List.of(v),
                target.declared().stream().filter(d -> d.name().equals(v.name())).toList(), target.pos());
    }

    /** What the UPDATE writes into column v of src, as WRITTEN reads it; null when it hands the row to Java. Rolled back. */
    private static List<Object> updateWrites(Dialect dialect, Connection c, TableTarget target) throws SQLException, NotPushable {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate(dialect.createTable(target.table(), target.declared(), target.key()));
            String type = dialect.columnTypes(c, target.table()).get("v");
            s.executeUpdate("ALTER TABLE src ADD COLUMN v " + type);
            Step update = TablePlanner.updateInPlaceTyped(dialect, inPlace(target), dialect.columnTypes(c, "src"), Set.of());
            Savepoint savepoint = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement(update.sql())) {
                for (int i = 0; i < update.params().size(); i++) {
                    ps.setObject(i + 1, update.params().get(i));
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                if (dialect.isRowFailure(e)) {
                    c.rollback(savepoint);
                    return null;
                }
                throw new SQLException(e.getMessage() + "\n" + update.sql() + "\n" + update.params(), e);
            }
            List<Object> row = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(PostgresPushdownEquivalenceIT.WRITTEN.apply("src"))) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        Object x = rs.getObject(i);
                        row.add(x instanceof Integer n ? Long.valueOf(n) : x instanceof Double d && d == 0 ? (Object) 0.0 : x);
                    }
                }
            }
            return row;
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }
}
