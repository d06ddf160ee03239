package dev.mapper.plan;

import dev.mapper.convert.ConversionException;
import dev.mapper.convert.Converter;
import dev.mapper.convert.Json;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.expr.Expressions;
import dev.mapper.model.Expr;
import dev.mapper.model.KeyRule;
import dev.mapper.model.SourcePath;
import dev.mapper.model.TableTarget;
import dev.mapper.model.ValueType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes one target row of a table target from one source row, with exactly the rules of
 * {@link Evaluator} (first non-null {@code from}, transform, strict conversion, min/max, default,
 * check), compiled once for the whole table. The first value that fails stops the migration with
 * a message naming the column, the source row's key, the value and the rule's line.
 */
public final class RowEvaluator {
    private final TableTarget target;
    private final List<String> sourceColumns;
    private final int[][] fromIndexes;
    private final int[] keyIndexes;
    private final boolean[] doubleBounds;
    /** Per column: an absent value is written as NULL (a nullable column, {@link TableTarget#writesNull}). */
    private final boolean[] writesNull;
    private final Expressions.Compiled[] transforms;
    private final Expressions.Compiled[] checks;
    private final String[] rowColumns;
    private final int[] rowIndexes;
    private final Map<String, Object> row = new HashMap<>();
    private final Map<String, Object> variables;
    private Object[] current;

    private final Set<String> nullable;

    public RowEvaluator(CompiledMapping compiled, TableTarget target) {
        this(compiled, target, Set.of());
    }

    /** {@code nullable}: the columns whose value is NULL (not an error) when no {@code from} column holds one and there is no default. */
    public RowEvaluator(CompiledMapping compiled, TableTarget target, Set<String> nullable) {
        this.target = target;
        this.nullable = Set.copyOf(nullable);
        this.sourceColumns = sourceColumns(compiled, target);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < sourceColumns.size(); i++) {
            index.put(sourceColumns.get(i), i);
        }
        List<KeyRule> rules = target.columns();
        fromIndexes = new int[rules.size()][];
        for (int c = 0; c < rules.size(); c++) {
            fromIndexes[c] = rules.get(c).from().stream().mapToInt(p -> index.get(p.path().get(0))).toArray();
        }
        writesNull = new boolean[rules.size()];
        for (int c = 0; c < rules.size(); c++) {
            writesNull[c] = target.writesNull(rules.get(c));
        }
        doubleBounds = new boolean[rules.size()];
        for (int c = 0; c < rules.size(); c++) {
            doubleBounds[c] = doubleBounds(rules.get(c));
        }
        transforms = rules.stream().map(r -> r.transform() == null ? null : compiled.expression(r.transform())).toArray(Expressions.Compiled[]::new);
        checks = rules.stream().map(r -> r.check() == null ? null : compiled.expression(r.check())).toArray(Expressions.Compiled[]::new);
        keyIndexes = target.key().stream().mapToInt(k -> index.get(target.column(k).from().get(0).path().get(0))).toArray();
        Set<String> referenced = new TreeSet<>();
        for (KeyRule rule : rules) {
            for (Expr expr : new Expr[] {rule.transform(), rule.check()}) {
                if (expr != null) {
                    referenced.addAll(Expressions.references(compiled.expression(expr), target.source().name()));
                }
            }
        }
        rowColumns = referenced.toArray(String[]::new);
        rowIndexes = referenced.stream().mapToInt(index::get).toArray();
        // JEXL's sandbox reads JDK maps only: one map, refilled per row, seen through a read-only view
        variables = Map.of(target.source().name(), Collections.unmodifiableMap(row));
    }

    /** The source columns a table target reads (its paths and the columns its expressions name), sorted. */
    public static List<String> sourceColumns(CompiledMapping compiled, TableTarget target) {
        Set<String> columns = new TreeSet<>();
        for (KeyRule rule : target.columns()) {
            rule.from().forEach(p -> columns.add(p.path().get(0)));
            for (Expr expr : new Expr[] {rule.transform(), rule.check()}) {
                if (expr != null) {
                    columns.addAll(Expressions.references(compiled.expression(expr), target.source().name()));
                }
            }
        }
        return List.copyOf(columns);
    }

    public List<String> sourceColumns() {
        return sourceColumns;
    }

    public TableTarget target() {
        return target;
    }

    /**
     * The target row (values as written through JDBC: Long, Double or String) for a source row
     * whose values are in {@link #sourceColumns()} order.
     *
     * @throws MapperException (exit 1) for the first column whose value fails
     */
    public Object[] evaluate(Object[] values) {
        current = values;
        for (int i = 0; i < rowColumns.length; i++) {
            row.put(rowColumns[i], values[rowIndexes[i]]);
        }
        List<KeyRule> rules = target.columns();
        Object[] out = new Object[rules.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = jdbcValue(column(c, rules.get(c), fromIndexes[c], values), rules.get(c).type());
        }
        return out;
    }

    private Object column(int index, KeyRule rule, int[] from, Object[] values) {
        Object raw = null;
        int source = -1; // which 'from' path gave the value; named in messages only, so no text per row
        for (int i = 0; i < from.length && raw == null; i++) {
            raw = values[from[i]];
            source = raw == null ? -1 : i;
        }
        boolean transformed = false;
        if (raw != null && rule.absent(raw)) {
            raw = null;
        }
        if (rule.transform() != null && (raw != null || rule.from().isEmpty())) {
            try {
                raw = transforms[index].evaluate(raw, variables);
                transformed = true;
            } catch (Expressions.EvaluationException e) {
                throw fail(rule.transform().pos(), name(rule) + ": transform failed on " + Converter.render(raw) + " (" + where(origin(rule, source, false)) + "): "
                        + e.getMessage(), "fix the transform, or the source value");
            }
        }
        Object value;
        if (rule.absent(raw) && writesNull[index]) {
            return null; // SQL NULL, as the source had it: no default, and nothing to check
        }
        if (rule.absent(raw)) {
            if (rule.defaultValue() == null && nullable.contains(rule.name())) {
                return null; // SQL NULL, carried through: the column is nullable
            }
            if (rule.defaultValue() == null) {
                throw fail(rule.pos(), name(rule) + " has no value in " + rowName() + ": " + absent(rule) + ", and no default",
                        "add a default: to the column, or put the value in the source");
            }
            value = rule.defaultValue();
        } else {
            try {
                if (raw instanceof Double d && Double.isFinite(d) && rule.type() == ValueType.NUMBER && rule.check() == null && doubleBounds[index]) {
                    value = d; // the same double Converter's BigDecimal would give, without making one per row
                    if (rule.min() != null && d < rule.min().doubleValue() || rule.max() != null && d > rule.max().doubleValue()) {
                        Converter.checkRange(Converter.convert(d, ValueType.NUMBER), rule.min(), rule.max()); // throws its exact message
                    }
                } else {
                    value = Converter.convert(raw, rule.type());
                    if (rule.type().isNumeric() && (rule.min() != null || rule.max() != null)) {
                        Converter.checkRange(value, rule.min(), rule.max());
                    }
                }
            } catch (ConversionException e) {
                throw fail(rule.pos(), name(rule) + ": " + e.getMessage() + " (" + where(origin(rule, source, transformed)) + ")",
                        "expected " + Evaluator.expected(rule) + "; fix the value in the source, or change the column's type, transform or default");
            }
        }
        if (rule.check() != null) {
            check(rule, checks[index], value);
        }
        return value;
    }

    private void check(KeyRule rule, Expressions.Compiled check, Object value) {
        Object ok;
        try {
            ok = check.evaluate(value, variables);
        } catch (Expressions.EvaluationException e) {
            throw fail(rule.check().pos(), name(rule) + ": check failed on " + Converter.render(value) + " (" + rowName() + "): " + e.getMessage(),
                    "fix the check expression");
        }
        if (!Boolean.TRUE.equals(ok)) {
            throw fail(rule.check().pos(), name(rule) + ": " + Converter.render(value) + " fails the check '" + rule.check().text() + "' (" + rowName() + ")"
                    + (ok instanceof Boolean ? "" : "; it gave " + Converter.render(ok) + ", not true or false"), "fix the value in the source, or the check");
        }
    }

    private static String origin(KeyRule rule, int source, boolean transformed) {
        String path = source < 0 ? null : rule.from().get(source).toString();
        return transformed ? (path == null ? "" : path + " ") + "via transform" : path;
    }

    /**
     * Whether min and max compare the same as doubles as Converter's BigDecimals do: true when each
     * is the shortest decimal of its double (0, 100, 0.5), false for e.g. 0.10000000000000001.
     */
    private static boolean doubleBounds(KeyRule rule) {
        for (BigDecimal bound : new BigDecimal[] {rule.min(), rule.max()}) {
            if (bound != null && new BigDecimal(Double.toString(bound.doubleValue())).compareTo(bound) != 0) {
                return false;
            }
        }
        return true;
    }

    private String name(KeyRule rule) {
        return target.table() + "." + rule.name();
    }

    private String where(String origin) {
        return (origin == null ? "" : "from " + origin + ", ") + rowName();
    }

    private String absent(KeyRule rule) {
        if (rule.from().isEmpty()) {
            return "the transform gave null";
        }
        List<String> paths = new ArrayList<>();
        for (SourcePath p : rule.from()) {
            paths.add(p + " is " + (rule.blankIsAbsent() && current[fromIndexes[target.columns().indexOf(rule)][rule.from().indexOf(p)]] != null ? "blank" : "null"));
        }
        return String.join(", ", paths);
    }

    /** {@code metrics row id=42}: the source row, named by the columns the target's key comes from. */
    public String rowName() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keyIndexes.length; i++) {
            parts.add(sourceColumns.get(keyIndexes[i]) + "=" + Converter.render(current[keyIndexes[i]]));
        }
        return target.source().table() + " row " + String.join(", ", parts);
    }

    private static MapperException fail(dev.mapper.diag.Pos pos, String message, String hint) {
        return MapperException.data(List.of(Diagnostic.at(pos, message, hint)));
    }

    /** A typed value as a table target stores it: integers and booleans as Long, numbers as Double, the rest as text; null stays NULL. */
    public static Object jdbcValue(Object typed, ValueType type) {
        if (typed == null) {
            return null;
        }
        if (typed instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (typed instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (typed instanceof Long || typed instanceof Double || typed instanceof String && type != ValueType.JSON) {
            return typed;
        }
        return Json.write(typed);
    }
}
