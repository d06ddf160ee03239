package dev.mapper.plan;

import dev.mapper.db.Dialect;
import dev.mapper.expr.NotPushable;
import dev.mapper.expr.SqlTranslator;
import dev.mapper.expr.SqlTranslator.Kind;
import dev.mapper.expr.SqlTranslator.Sql;
import dev.mapper.model.KeyRule;
import dev.mapper.model.TableTarget;
import dev.mapper.model.ValueType;
import dev.mapper.plan.PushdownPlan.Column;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Table target → {@link TablePlan}. Each column rule becomes a SQL expression ({@code out}) and a
 * condition ({@code ok}) that holds exactly when Java computes the same value without an error:
 * first non-null {@code from} (COALESCE), transform, strict conversion, default, min/max, check.
 * The INSERT … SELECT writes {@code out} where every {@code ok} holds and calls the dialect's row
 * failure function otherwise, which aborts the statement; the apply then streams the table in Java,
 * which reports the exact error. Pure: no JDBC. The statements around the columns' SQL are
 * {@link PushdownPlan}'s, shared with {@link TypedTablePlanner}; the conversion and its guards stay
 * apart: SQLite's columns hold any storage class, so they are checked row by row here.
 */
public final class TablePlanner {
    private static final String TRUE_WORDS = "('true', 'yes', 'on', '1')";
    private static final String BOOLEAN_WORDS = "('true', 'yes', 'on', '1', 'false', 'no', 'off', '0')";

    /** 2^53: every whole number up to it is exactly a double, and a double's shortest decimal form is that number. */
    private static final long EXACT_DOUBLE = 1L << 53;

    private final Dialect dialect;
    private final String rowId;
    private final List<Object> params = new ArrayList<>();
    private final Map<String, Integer> paramIndex = new LinkedHashMap<>();

    private final java.util.Set<String> nullable;

    private TablePlanner(Dialect dialect, String rowId) {
        this(dialect, rowId, java.util.Set.of());
    }

    private TablePlanner(Dialect dialect, String rowId, java.util.Set<String> nullable) {
        this.dialect = dialect;
        this.rowId = rowId;
        this.nullable = nullable;
    }

    /**
     * Columns computed in place ({@code columns:} with a rule, added to a table that exists): one
     * {@code UPDATE table SET c = …} whose values read each row's own columns, with the same checked
     * expressions as an INSERT … SELECT (a row Java must compute aborts it); null when a rule stays in
     * Java. {@code nullable}: columns that take NULL where no value and no default is found.
     */
    public static Step updateInPlace(Dialect dialect, TableTarget target, String rowId, java.util.Set<String> nullable) {
        if (!dialect.pushdown() || dialect.typedColumns()) {
            return null; // typed columns: only INSERT … SELECT is translated (TypedTablePlanner)
        }
        TablePlanner planner = new TablePlanner(dialect, rowId, nullable);
        List<String> sets = new ArrayList<>();
        for (KeyRule rule : target.columns()) {
            try {
                sets.add(dialect.quote(rule.name()) + " = " + planner.column(target, rule).checked());
            } catch (NotPushable e) {
                return null;
            }
        }
        return new Step("UPDATE " + dialect.quote(target.table()) + " SET " + String.join(", ", sets), planner.params);
    }

    /**
     * {@link #updateInPlace} on an engine whose columns are typed ({@link Dialect#typedColumns}):
     * {@link TypedTablePlanner}'s UPDATE, or why a column stays in Java (the column and the reason).
     *
     * @param tableTypes the table's columns and declared types ({@link Dialect#columnTypes}), the computed ones included
     */
    public static Step updateInPlaceTyped(Dialect dialect, TableTarget target, Map<String, String> tableTypes, java.util.Set<String> nullable)
            throws NotPushable {
        if (!dialect.pushdown() || !dialect.typedColumns()) {
            throw new NotPushable("this database engine has no SQL translation for typed columns");
        }
        return TypedTablePlanner.updateInPlace(dialect, target, tableTypes, nullable);
    }

    /**
     * @param rowId the source table's integer row id column ({@link Dialect#integerRowId}), or null:
     *              its values need no storage-class or null guard
     */
    public static TablePlan plan(Dialect dialect, TableTarget target, String rowId) {
        return plan(dialect, target, rowId, Map.of());
    }

    /** @param sourceTypes the source table's columns and declared types, where the engine's columns are typed ({@link Dialect#typedColumns}) */
    public static TablePlan plan(Dialect dialect, TableTarget target, String rowId, Map<String, String> sourceTypes) {
        if (dialect.pushdown() && dialect.typedColumns()) {
            return TypedTablePlanner.plan(dialect, target, sourceTypes);
        }
        return new TablePlanner(dialect, rowId).plan(target);
    }

    /** Literals are numbered parameters ({@code ?N}), so a statement takes the list bound so far as it is. */
    private TablePlan plan(TableTarget target) {
        return PushdownPlan.plan(dialect, target, rule -> column(target, rule), out -> out, sql -> new Step(sql, params));
    }

    /** The target's columns and their mapper types, as the table is created. */
    public static LinkedHashMap<String, String> columnTypes(TableTarget target) {
        LinkedHashMap<String, String> types = new LinkedHashMap<>();
        target.columns().forEach(c -> types.put(c.name(), c.type().name()));
        return types;
    }

    private Column column(TableTarget target, KeyRule rule) throws NotPushable {
        ValueType type = rule.type();
        PushdownPlan.refuseJavaOnly(rule);
        String raw = rule.from().isEmpty() ? null : rule.from().size() == 1 ? column(rule.from().get(0).path().get(0))
                : "COALESCE(" + String.join(", ", rule.from().stream().map(p -> column(p.path().get(0))).toList()) + ")";
        String t = raw == null ? "NULL" : raw;
        String absent = t + " IS NULL";
        Kind kind = Kind.ANY;
        String transformGuard = "1";
        if (rule.transform() != null) {
            Sql transform = SqlTranslator.translate(rule.transform(), scope(target, raw == null ? null : new Sql(raw, Kind.ANY, null)));
            t = transform.sql();
            transformGuard = transform.guard();
            kind = transform.kind();
            // the transform runs only on a present value; it can only give null through a null literal
            absent = raw == null ? t + " IS NULL" : PushdownPlan.mayGiveNull(rule.transform()) ? raw + " IS NULL OR " + t + " IS NULL" : raw + " IS NULL";
        }
        String fail = dialect.rowFailure();
        if (raw != null && rule.transform() == null && type == ValueType.INTEGER && rule.from().size() == 1 && rule.from().get(0).path().get(0).equalsIgnoreCase(rowId)) {
            String range = range(raw, rule);
            return new Column(raw, range.equals("1") ? raw : "CASE WHEN " + range + " THEN " + raw + " ELSE " + fail + " END");
        }
        Sql converted = convert(t, kind, type, rule);
        // absent: NULL in a nullable column, else the default, else the row failure (Java names the missing value);
        // a computed column ({@code nullable}) takes NULL only where it has no default
        boolean writesNull = target.writesNull(rule) || (rule.defaultValue() == null && nullable.contains(rule.name()));
        boolean hasFallback = writesNull || rule.defaultValue() != null;
        String fallback = writesNull ? "NULL" : rule.defaultValue() == null ? fail : param(RowEvaluator.jdbcValue(rule.defaultValue(), type));
        String out = !hasFallback ? converted.sql() : "CASE WHEN " + absent + " THEN " + fallback + " ELSE " + converted.sql() + " END";
        // one CASE per column: absent → default, convertible → value, anything else → the row failure (Java takes over)
        boolean transformMayGiveNull = rule.transform() != null && !absent.equals(raw + " IS NULL");
        // a number needs no CAST AS REAL when written: the target column's REAL affinity stores it as a real, rounding
        // as the CAST would (verification, which compares, keeps the CAST)
        String written = type == ValueType.NUMBER ? t : converted.sql();
        // without a transform every conversion guard is false or NULL on NULL, so the common case can be tested first
        String checked = rule.transform() == null
                ? "CASE WHEN " + converted.guard() + " THEN " + written + (!hasFallback ? "" : " WHEN " + absent + " THEN " + fallback)
                        + " ELSE " + fail + " END"
                : "CASE" + (transformMayGiveNull && !transformGuard.equals("1") ? " WHEN " + (raw == null ? "" : raw + " IS NOT NULL AND ") + "(" + transformGuard + ") IS NOT 1 THEN " + fail : "")
                + " WHEN " + absent + " THEN " + fallback
                + " WHEN " + (transformMayGiveNull ? converted.guard() : SqlTranslator.and(transformGuard, converted.guard())) + " THEN " + written
                + " ELSE " + fail + " END";
        if (rule.check() != null) {
            PushdownPlan.refuseCheckArithmetic(rule);
            Kind valueKind = type.isNumeric() ? Kind.NUM : type == ValueType.BOOLEAN ? Kind.BOOL : Kind.TEXT;
            Sql check = SqlTranslator.need(SqlTranslator.translate(rule.check(), scope(target, new Sql(out, valueKind, null))), Kind.BOOL);
            // a NULL written to a nullable column is not checked (as in Java); the inner CASE still fails what Java would refuse
            checked = "CASE WHEN " + (writesNull ? "(" + out + ") IS NULL OR " : "") + "(" + SqlTranslator.and(check.guard(), check.sql()) + ") IS 1 THEN "
                    + checked + " ELSE " + fail + " END";
        }
        return new Column(out, checked);
    }

    /**
     * Converter's strict rules in SQL: the value, and a condition that holds when Java converts it
     * to the same value and it lies within min/max (SQLite orders numbers below text and blobs, so
     * the range comparisons check the storage class too).
     */
    private Sql convert(String x, Kind kind, ValueType type, KeyRule rule) throws NotPushable {
        if (type == ValueType.INTEGER && kind != Kind.TEXT && kind != Kind.BOOL) {
            // Common case: a number within min/max and ±2^53 that equals its own integer cast (compared without the cast's
            // INTEGER affinity, which would turn text '5.0' into 5). Beyond ±2^53 only an integer: Java reads a real through
            // its shortest decimal form (-2^63 as -9223372036854776000). Never text, a blob, NULL or an infinity.
            String low = param(rule.min() == null ? -EXACT_DOUBLE : Math.max(-EXACT_DOUBLE, PushdownPlan.wholeBound(rule.min(), true)));
            String high = param(rule.max() == null ? EXACT_DOUBLE : Math.min(EXACT_DOUBLE, PushdownPlan.wholeBound(rule.max(), false)));
            String exact = "(" + x + " BETWEEN " + low + " AND " + high + " AND " + x + " = +CAST(" + x + " AS INTEGER))";
            return new Sql("CAST(" + x + " AS INTEGER)", Kind.NUM, exact + " OR (typeof(" + x + ") = 'integer' AND " + range(x, rule) + ")");
        }
        if (type == ValueType.NUMBER && kind != Kind.TEXT && kind != Kind.BOOL) {
            // a finite number within min/max: one BETWEEN, the largest finite doubles standing for a missing bound
            // (text and blobs sort above every number, NULL compares to nothing)
            String low = param(rule.min() == null ? -Double.MAX_VALUE : bound(rule.min(), type));
            String high = param(rule.max() == null ? Double.MAX_VALUE : bound(rule.max(), type));
            return new Sql("CAST(" + x + " AS REAL)", Kind.NUM, x + " BETWEEN " + low + " AND " + high);
        }
        if (type == ValueType.STRING && kind != Kind.BOOL) {
            return new Sql("CAST(" + x + " AS TEXT)", Kind.TEXT, "typeof(" + x + ") IN ('text', 'integer')");
        }
        if (type == ValueType.BOOLEAN) {
            if (kind == Kind.BOOL) {
                return new Sql(x, Kind.BOOL, null);
            }
            return new Sql("CASE WHEN typeof(" + x + ") = 'text' THEN lower(" + x + ") IN " + TRUE_WORDS + " ELSE " + x + " = 1 END", Kind.BOOL,
                    "(typeof(" + x + ") IN ('integer', 'real') AND " + x + " IN (0, 1)) OR (typeof(" + x + ") = 'text' AND lower(" + x + ") IN " + BOOLEAN_WORDS + ")");
        }
        if (type instanceof ValueType.Enum e && kind != Kind.NUM && kind != Kind.BOOL && PushdownPlan.asciiMembers(e)) {
            PushdownPlan.EnumLookup lookup = PushdownPlan.enumLookup("lower(" + x + ")", e, this::param);
            return new Sql(lookup.value(), Kind.TEXT, "typeof(" + x + ") = 'text' AND " + lookup.isMember());
        }
        throw new NotPushable("a " + (kind == Kind.ANY ? "column value" : kind.name().toLowerCase()) + " converted to " + type + " is checked in Java");
    }

    private String range(String value, KeyRule rule) {
        if (rule.min() != null && rule.max() != null) {
            return value + " BETWEEN " + param(bound(rule.min(), rule.type())) + " AND " + param(bound(rule.max(), rule.type()));
        }
        if (rule.min() != null) {
            return value + " >= " + param(bound(rule.min(), rule.type()));
        }
        return rule.max() == null ? "1" : value + " <= " + param(bound(rule.max(), rule.type()));
    }

    private static Object bound(BigDecimal bound, ValueType type) {
        return type == ValueType.INTEGER && bound.stripTrailingZeros().scale() <= 0 ? (Object) bound.longValueExact() : (Object) bound.doubleValue();
    }

    private SqlTranslator.Scope scope(TableTarget target, Sql value) {
        return new SqlTranslator.Scope() {
            @Override
            public Sql value() {
                return value;
            }

            @Override
            public String row() {
                return target.source().name();
            }

            @Override
            public String column(String name) {
                return TablePlanner.this.column(name);
            }

            @Override
            public String parameter(Object literal) {
                return param(literal);
            }
        };
    }

    /**
     * A source column without its affinity ({@code +"col"}): SQLite then compares its values by
     * storage class alone, as the guards assume, instead of converting text that looks like a number.
     */
    private String column(String name) {
        return "+" + dialect.quote(name);
    }

    /** {@code ?N}: each distinct literal bound once, however often the SQL repeats it. */
    private String param(Object value) {
        String key = value.getClass().getSimpleName() + ":" + value;
        Integer index = paramIndex.get(key);
        if (index == null) {
            params.add(value);
            index = params.size();
            paramIndex.put(key, index);
        }
        return "?" + index;
    }
}
