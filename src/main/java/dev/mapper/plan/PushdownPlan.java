package dev.mapper.plan;

import dev.mapper.db.Dialect;
import dev.mapper.expr.NotPushable;
import dev.mapper.model.Expr;
import dev.mapper.model.KeyRule;
import dev.mapper.model.TableTarget;
import dev.mapper.model.ValueType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What {@link TablePlanner} (SQLite) and {@link TypedTablePlanner} (PostgreSQL) build alike: the
 * column-by-column decision (SQL, or Java with the reason), the INSERT … SELECT and the verifying
 * count around the columns' SQL, and the refusals that hold on every engine because Java alone
 * implements the rule. How one column's value is converted and guarded is each planner's own: the
 * engines' typing differs (storage classes checked per row vs declared types known when planning),
 * and that difference is what keeps the SQL writing exactly what Java writes.
 */
final class PushdownPlan {
    private static final Pattern NULL_LITERAL = Pattern.compile("\\bnull\\b");
    private static final Pattern ARITHMETIC = Pattern.compile("[-+*/%]");

    private PushdownPlan() {}

    /** {@code out}: the value; {@code checked}: the value, or the row failure where Java would fail or compute otherwise. */
    record Column(String out, String checked) {}

    /** One engine's SQL for a column rule, or why it stays in Java. */
    interface Columns {
        Column column(KeyRule rule) throws NotPushable;
    }

    /**
     * The plan of a table target: every column in SQL gives one INSERT … SELECT and its verification,
     * otherwise the whole table is streamed through Java. {@code shown}: a column's SQL as {@code plan}
     * prints it; {@code statement}: a statement with the literals bound so far.
     */
    static TablePlan plan(Dialect dialect, TableTarget target, Columns engine, Function<String, String> shown, Function<String, Step> statement) {
        List<TablePlan.ColumnPlan> plans = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (KeyRule rule : target.columns()) {
            if (!dialect.pushdown()) { // no SQL translator for this engine: every column is computed in Java
                plans.add(new TablePlan.ColumnPlan(rule, null, "this database engine has no SQL translation yet; computed in Java"));
                continue;
            }
            try {
                Column c = engine.column(rule);
                columns.add(c);
                plans.add(new TablePlan.ColumnPlan(rule, shown.apply(c.out()), null));
            } catch (NotPushable e) {
                plans.add(new TablePlan.ColumnPlan(rule, null, e.getMessage()));
            }
        }
        Step create = new Step(dialect.createTable(target.table(), target.declared(), target.key()));
        List<String> declarations = target.declared().stream().map(dialect::columnDefinition).toList();
        if (columns.size() < target.columns().size()) {
            return new TablePlan(target, plans, declarations, create, null, null);
        }
        String from = " FROM " + dialect.quote(target.source().table()) + (target.source().where() == null ? "" : " WHERE (" + target.source().where() + ")");
        String names = String.join(", ", target.columns().stream().map(c -> dialect.quote(c.name())).toList());
        Step insert = statement.apply("INSERT INTO " + dialect.quote(target.table()) + " (" + names + ") SELECT "
                + String.join(", ", columns.stream().map(Column::checked).toList()) + from);
        return new TablePlan(target, plans, declarations, create, insert, statement.apply(verify(dialect, target, columns, from)));
    }

    /**
     * Counts the source rows whose target row is missing or differs. {@link Dialect#isSame} compares
     * values only (SQLite's {@code IS}), but in a column declared as {@link Dialect#createTable}
     * declares it, a value equal to the expected one also has its type (SQLite's column affinity
     * converts everything else), so no type check per value; the caller checks the declared types first.
     */
    private static String verify(Dialect dialect, TableTarget target, List<Column> columns, String from) {
        List<String> expected = new ArrayList<>();
        List<String> same = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = dialect.quote(target.columns().get(i).name());
            expected.add(columns.get(i).out() + " AS " + name);
            same.add("t." + name + " " + dialect.isSame() + " s." + name);
        }
        List<String> on = target.key().stream().map(k -> "t." + dialect.quote(k) + " = s." + dialect.quote(k)).toList();
        return "SELECT count(*) FROM (SELECT " + String.join(", ", expected) + from + dialect.computedOnce() + ") AS s LEFT JOIN "
                + dialect.quote(target.table()) + " AS t ON " + String.join(" AND ", on) + " WHERE t." + dialect.quote(target.key().get(0))
                + " IS NULL OR NOT (" + String.join(" AND ", same) + ")";
    }

    /** Rules only Java implements, on every engine: paths and JSON are parsed, blank text is judged by Java's rules. */
    static void refuseJavaOnly(KeyRule rule) throws NotPushable {
        if (rule.type() == ValueType.PATH || rule.type() == ValueType.JSON) {
            throw new NotPushable("type " + rule.type().name() + " is checked in Java");
        }
        if (rule.blankIsAbsent()) {
            throw new NotPushable("blank: absent is checked in Java");
        }
    }

    /** A check on a number sees it as a BigDecimal in Java: its arithmetic is exact where SQL's doubles round. */
    static void refuseCheckArithmetic(KeyRule rule) throws NotPushable {
        if (rule.check() != null && rule.type() == ValueType.NUMBER && ARITHMETIC.matcher(rule.check().text()).find()) {
            throw new NotPushable("the check does arithmetic on a number, which Java does in BigDecimal");
        }
    }

    /** A transform gives null only through a null literal (on a present value it runs; strict JEXL fails rather than give null). */
    static boolean mayGiveNull(Expr transform) {
        return NULL_LITERAL.matcher(transform.text()).find();
    }

    /** The smallest whole number at or above a lower bound, or the largest at or below an upper one (clamped to 64 bits). */
    static long wholeBound(BigDecimal bound, boolean lower) {
        BigDecimal whole = bound.setScale(0, lower ? RoundingMode.CEILING : RoundingMode.FLOOR);
        return whole.max(BigDecimal.valueOf(Long.MIN_VALUE)).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValueExact();
    }

    /**
     * An enum's declared spelling for text matched case-insensitively: {@code CASE lowered WHEN 'info'
     * THEN 'INFO' …}, and {@code lowered IN (…)}, which holds for a member. Only ASCII members (the
     * caller checks): there lower-casing in SQL is Java's Locale.ROOT lower-casing.
     */
    record EnumLookup(String value, String isMember) {}

    static EnumLookup enumLookup(String lowered, ValueType.Enum e, Function<Object, String> param) {
        StringBuilder sql = new StringBuilder("CASE " + lowered);
        List<String> members = new ArrayList<>();
        for (String v : e.values()) {
            String p = param.apply(v.toLowerCase(Locale.ROOT));
            members.add(p);
            sql.append(" WHEN ").append(p).append(" THEN ").append(param.apply(v));
        }
        return new EnumLookup(sql.append(" END").toString(), lowered + " IN (" + String.join(", ", members) + ")");
    }

    static boolean asciiMembers(ValueType.Enum e) {
        return e.values().stream().allMatch(v -> v.chars().allMatch(ch -> ch < 128));
    }
}
