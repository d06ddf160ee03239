package dev.mapper.plan;

import dev.mapper.db.Dialect;
import dev.mapper.expr.NotPushable;
import dev.mapper.expr.TypedSqlTranslator;
import dev.mapper.expr.TypedSqlTranslator.Kind;
import dev.mapper.expr.TypedSqlTranslator.Sql;
import dev.mapper.model.KeyRule;
import dev.mapper.model.TableTarget;
import dev.mapper.model.ValueType;
import dev.mapper.plan.PushdownPlan.Column;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link TablePlanner} for an engine whose columns are typed ({@link Dialect#typedColumns}): each
 * source column's type comes from the catalogue, so the conversion by declared type is chosen when
 * planning, and only pairs whose result is provably Java's are translated (a column of another type,
 * a real written as text, a bound a double cannot hold exactly stay in Java, with the reason). Each
 * column's SQL is one CASE: the row failure where the transform would fail, the default (or NULL)
 * where the value is absent, the converted value where it is within min/max and passes the check,
 * else the row failure. Literals are bound parameters, each cast to its SQL type. Pure: no JDBC.
 * The statements around the columns' SQL are {@link PushdownPlan}'s; the conversion stays apart
 * from SQLite's, which checks storage classes per row where this decides from declared types.
 */
final class TypedTablePlanner {
    private static final Pattern PARAMETER = Pattern.compile("\\?\\{(\\d+)\\}");
    private static final List<String> TRUE_WORDS = List.of("true", "yes", "on", "1");
    private static final List<String> FALSE_WORDS = List.of("false", "no", "off", "0");
    /** 2^53: every whole number up to it is exactly a double. */
    private static final long EXACT_DOUBLE = 1L << 53;

    private final Dialect dialect;
    private final Map<String, String> sourceTypes;
    private final List<Object> literals = new ArrayList<>();
    /** Computed columns that take NULL where no value and no default is found (empty for a table target: its declarations say). */
    private final Set<String> nullable;

    private TypedTablePlanner(Dialect dialect, Map<String, String> sourceTypes, Set<String> nullable) {
        this.dialect = dialect;
        this.sourceTypes = sourceTypes;
        this.nullable = nullable;
    }

    /** @param sourceTypes the source table's columns and their declared types ({@link Dialect#columnTypes}) */
    static TablePlan plan(Dialect dialect, TableTarget target, Map<String, String> sourceTypes) {
        return new TypedTablePlanner(dialect, sourceTypes, Set.of()).plan(target);
    }

    /**
     * {@link TablePlanner#updateInPlace} on a typed engine: one {@code UPDATE table SET c = …} whose
     * values read each row's own columns, each the same checked CASE as a table target's column (a
     * row Java must compute fails the statement), when every rule translates and each computed
     * column is declared of the type the rule's SQL gives (or one it is assigned to as Java's bound
     * value would be: bigint to integer, a double to real). Otherwise why not, naming the column.
     *
     * @param tableTypes the table's columns and declared types, the computed ones included ({@link Dialect#columnTypes})
     */
    static Step updateInPlace(Dialect dialect, TableTarget target, Map<String, String> tableTypes, Set<String> nullable) throws NotPushable {
        TypedTablePlanner planner = new TypedTablePlanner(dialect, tableTypes, nullable);
        List<String> sets = new ArrayList<>();
        for (KeyRule rule : target.columns()) {
            try {
                planner.assignable(rule);
                sets.add(dialect.quote(rule.name()) + " = " + planner.column(target, rule).checked());
            } catch (NotPushable e) {
                throw new NotPushable(target.table() + "." + rule.name() + ": " + e.getMessage());
            }
        }
        return planner.bound("UPDATE " + dialect.quote(target.table()) + " SET " + String.join(", ", sets));
    }

    /** The column's declared type takes the rule's SQL value as Java's bound value is taken: same family, assignment casts only. */
    private void assignable(KeyRule rule) throws NotPushable {
        String declared = declaredType(rule.name());
        String type = declared == null ? "" : declared.toLowerCase(Locale.ROOT).replaceAll("\\(.*\\)", "");
        ValueType t = rule.type();
        List<String> takes = t == ValueType.INTEGER ? List.of("bigint", "integer", "smallint") : t == ValueType.NUMBER ? List.of("double precision", "real")
                : t == ValueType.STRING || t instanceof ValueType.Enum ? List.of("text", "character varying") : t == ValueType.BOOLEAN ? List.of("boolean") : List.of();
        if (!takes.contains(type)) {
            throw new NotPushable("the column is declared " + (declared == null ? "of unknown type" : declared) + ", which a " + rule.type().name()
                    + " is written to in Java");
        }
    }

    private String declaredType(String name) {
        return sourceTypes.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** Literals are placeholder tokens until a statement is complete: {@link #bound} numbers them by position and types them. */
    private TablePlan plan(TableTarget target) {
        return PushdownPlan.plan(dialect, target, rule -> column(target, rule), out -> bound(out).sql(), this::bound);
    }

    private Column column(TableTarget target, KeyRule rule) throws NotPushable {
        ValueType type = rule.type();
        PushdownPlan.refuseJavaOnly(rule);
        Sql raw = null;
        if (!rule.from().isEmpty()) {
            List<Sql> from = new ArrayList<>();
            for (var path : rule.from()) {
                from.add(sourceColumn(path.path().get(0), false));
            }
            if (from.stream().anyMatch(s -> s.kind() != from.get(0).kind())) {
                throw new NotPushable("its 'from' columns have different types");
            }
            raw = from.size() == 1 ? from.get(0)
                    : new Sql("COALESCE(" + String.join(", ", from.stream().map(Sql::sql).toList()) + ")", from.get(0).kind(), null);
        }
        Sql t = raw == null ? new Sql("NULL", Kind.NULL, null) : raw;
        String absent = t.sql() + " IS NULL";
        String transformFails = "FALSE";
        if (rule.transform() != null) {
            // JEXL sees a NaN or an infinity as it is (NaN > 5 is false; PostgreSQL sorts NaN above every number): finite only
            Sql value = raw != null && raw.kind() == Kind.REAL ? new Sql(raw.sql(), Kind.REAL, TypedSqlTranslator.finite(raw.sql())) : raw;
            Sql transform = TypedSqlTranslator.translate(rule.transform(), scope(target, value));
            // the transform runs on a present value (or always, without 'from'); Java fails where its guard does not hold
            transformFails = (raw == null ? "" : raw.sql() + " IS NOT NULL AND ") + "(" + transform.guard() + ") IS NOT TRUE";
            absent = raw == null || PushdownPlan.mayGiveNull(rule.transform())
                    ? (raw == null ? "" : raw.sql() + " IS NULL OR ") + transform.sql() + " IS NULL" : raw.sql() + " IS NULL";
            t = new Sql(transform.sql(), transform.kind(), null);
        }
        String fail = dialect.rowFailure(type);
        Sql converted = convert(t.sql(), t.kind(), type, rule);
        // a computed column ({@code nullable}) takes NULL only where it has no default
        boolean writesNull = target.writesNull(rule) || (rule.defaultValue() == null && nullable.contains(rule.name()));
        String fallback = writesNull ? "NULL" : rule.defaultValue() == null ? fail : param(rule.defaultValue() instanceof BigDecimal d ? d.doubleValue() : rule.defaultValue());
        String out = "CASE WHEN " + absent + " THEN " + fallback + " ELSE " + converted.sql() + " END";
        String checked = "CASE" + (transformFails.equals("FALSE") ? "" : " WHEN " + transformFails + " THEN " + fail)
                + " WHEN " + absent + " THEN " + fallback + " WHEN (" + converted.guard() + ") IS TRUE THEN " + converted.sql() + " ELSE " + fail + " END";
        if (rule.check() != null) {
            PushdownPlan.refuseCheckArithmetic(rule);
            Kind valueKind = type == ValueType.INTEGER ? Kind.INT : type == ValueType.NUMBER ? Kind.REAL : type == ValueType.BOOLEAN ? Kind.BOOL : Kind.TEXT;
            Sql check = TypedSqlTranslator.translate(rule.check(), scope(target, new Sql(out, valueKind, null)));
            if (check.kind() != Kind.BOOL) {
                throw new NotPushable("the check does not give a boolean");
            }
            // a NULL written to a nullable column is not checked (as in Java); the inner CASE still fails what Java would refuse
            checked = "CASE WHEN " + (writesNull ? "(" + out + ") IS NULL OR " : "") + "(" + TypedSqlTranslator.and(check.guard(), check.sql()) + ") IS TRUE THEN "
                    + checked + " ELSE " + fail + " END";
        }
        return new Column(out, checked);
    }

    /** A source column as the translator sees it: typed, and (read by a transform) guarded not null and finite. */
    private Sql sourceColumn(String name, boolean inTransform) throws NotPushable {
        String declared = declaredType(name);
        String q = dialect.quote(name);
        String type = declared == null ? "" : declared.toLowerCase(Locale.ROOT).replaceAll("\\(.*\\)", "");
        Kind kind = switch (type) {
            case "bigint", "integer", "smallint" -> Kind.INT;
            case "double precision" -> Kind.REAL;
            case "text", "character varying" -> Kind.TEXT;
            case "boolean" -> Kind.BOOL;
            default -> throw new NotPushable("source column '" + name + "' is " + (declared == null ? "of unknown type" : declared)
                    + ", which Java reads into values SQL would not compute alike");
        };
        String guard = !inTransform ? null : kind == Kind.REAL ? TypedSqlTranslator.finite(q) : q + " IS NOT NULL";
        return new Sql(q, kind, guard);
    }

    /**
     * Converter's strict rules by declared type, with min/max: the value, and a condition that holds
     * when Java converts it to the same value within range. A real's bounds must be doubles whose
     * shortest decimal form is the bound itself, so comparing doubles is comparing Java's decimals.
     */
    private Sql convert(String x, Kind kind, ValueType type, KeyRule rule) throws NotPushable {
        if (type == ValueType.INTEGER && kind == Kind.INT) {
            return new Sql("CAST(" + x + " AS bigint)", Kind.INT, range(x, rule.min() == null ? null : whole(rule.min(), true, 0),
                    rule.max() == null ? null : whole(rule.max(), false, 0)));
        }
        if (type == ValueType.INTEGER && kind == Kind.REAL) {
            // Java reads a real through its shortest decimal form: exact for whole numbers up to 2^53
            long low = Math.max(-EXACT_DOUBLE, (Long) whole(rule.min(), true, -EXACT_DOUBLE));
            long high = Math.min(EXACT_DOUBLE, (Long) whole(rule.max(), false, EXACT_DOUBLE));
            return new Sql("CAST(" + x + " AS bigint)", Kind.INT, x + " BETWEEN " + param(low) + " AND " + param(high) + " AND " + x + " = trunc(" + x + ")");
        }
        if (type == ValueType.NUMBER && kind == Kind.INT) {
            // an integer converts to the double nearest it, in Java (BigDecimal.doubleValue) as in SQL; min/max compare exactly
            return new Sql("CAST(" + x + " AS double precision)", Kind.REAL, range(x, rule.min(), rule.max()));
        }
        if (type == ValueType.NUMBER && kind == Kind.REAL) {
            // Java keeps the double itself (-0.0 too) unless a check needs its BigDecimal, which has no -0; adding +0.0 drops only that sign
            return new Sql(rule.check() == null ? x : "(" + x + " + CAST(0 AS double precision))", Kind.REAL, TypedSqlTranslator.and(TypedSqlTranslator.finite(x), range(x, exactDouble(rule.min()), exactDouble(rule.max()))));
        }
        if (type == ValueType.STRING && (kind == Kind.TEXT || kind == Kind.INT || kind == Kind.BOOL)) {
            // integers and booleans read as Java writes them (7, -3, true, false)
            return new Sql(kind == Kind.TEXT ? x : "CAST(" + x + " AS text)", Kind.TEXT, x + " IS NOT NULL");
        }
        if (type == ValueType.BOOLEAN && kind == Kind.BOOL) {
            return new Sql(x, Kind.BOOL, x + " IS NOT NULL");
        }
        if (type == ValueType.BOOLEAN && (kind == Kind.INT || kind == Kind.REAL)) {
            return new Sql("(" + x + " <> 0)", Kind.BOOL, x + " IN (0, 1)");
        }
        if (type == ValueType.BOOLEAN && kind == Kind.TEXT) {
            // Java lower-cases with Locale.ROOT; no non-ASCII character lower-cases to a letter of these words
            String lower = "lower(" + x + " COLLATE \"C\")";
            List<String> all = new ArrayList<>(TRUE_WORDS);
            all.addAll(FALSE_WORDS);
            return new Sql(lower + " IN (" + params(TRUE_WORDS) + ")", Kind.BOOL, lower + " IN (" + params(all) + ")");
        }
        if (type instanceof ValueType.Enum e && kind == Kind.TEXT && PushdownPlan.asciiMembers(e)) {
            // equalsIgnoreCase matches the Kelvin sign to k: only ASCII text is matched here
            PushdownPlan.EnumLookup lookup = PushdownPlan.enumLookup("lower(" + x + " COLLATE \"C\")", e, this::param);
            return new Sql(lookup.value(), Kind.TEXT, TypedSqlTranslator.and(TypedSqlTranslator.ascii(x), lookup.isMember()));
        }
        throw new NotPushable(TypedSqlTranslator.Kind.NULL == kind ? "null is checked in Java"
                : "a" + (kind == Kind.INT ? "n integer" : kind == Kind.REAL ? " real" : kind == Kind.BOOL ? " boolean" : " text") + " converted to " + type.name()
                        + " is checked in Java");
    }

    private String range(String x, Object min, Object max) {
        String low = min == null ? null : x + " >= " + param(min);
        String high = max == null ? null : x + " <= " + param(max);
        return low == null && high == null ? x + " IS NOT NULL" : low == null ? high : high == null ? low : low + " AND " + high;
    }

    /** The smallest whole number at or above a lower bound, or the largest at or below an upper one (clamped to 64 bits); {@code none} without a bound. */
    private static Object whole(BigDecimal bound, boolean lower, long none) {
        if (bound == null) {
            return none;
        }
        return PushdownPlan.wholeBound(bound, lower);
    }

    private static Double exactDouble(BigDecimal bound) throws NotPushable {
        if (bound == null) {
            return null;
        }
        double d = bound.doubleValue();
        if (!Double.isFinite(d) || new BigDecimal(Double.toString(d)).compareTo(bound) != 0) {
            throw new NotPushable("the bound " + bound.toPlainString() + " is not exactly a double");
        }
        return d;
    }

    private TypedSqlTranslator.Scope scope(TableTarget target, Sql value) {
        return new TypedSqlTranslator.Scope() {
            @Override
            public Sql value() {
                return value;
            }

            @Override
            public String row() {
                return target.source().name();
            }

            @Override
            public Sql column(String name) throws NotPushable {
                return sourceColumn(name, true);
            }

            @Override
            public String parameter(Object literal) {
                return param(literal);
            }
        };
    }

    private String params(List<String> values) {
        return String.join(", ", values.stream().map(this::param).toList());
    }

    /** A placeholder token for a literal; {@link #bound} turns the tokens of one statement into {@code CAST(? AS type)} in order. */
    private String param(Object value) {
        literals.add(value);
        return "?{" + (literals.size() - 1) + "}";
    }

    /** The statement with positional, typed parameters (pgjdbc numbers them by position), and its values in that order. */
    private Step bound(String sql) {
        List<Object> values = new ArrayList<>();
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = literals.get(Integer.parseInt(m.group(1)));
            values.add(v);
            String type = v instanceof Long ? "bigint" : v instanceof Double ? "double precision" : v instanceof BigDecimal ? "numeric"
                    : v instanceof Boolean ? "boolean" : "text";
            m.appendReplacement(out, Matcher.quoteReplacement("CAST(? AS " + type + ")"));
        }
        m.appendTail(out);
        return new Step(out.toString(), values);
    }
}
