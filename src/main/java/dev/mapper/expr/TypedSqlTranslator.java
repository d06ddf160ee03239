package dev.mapper.expr;

import dev.mapper.model.Expr;

/**
 * {@link SqlTranslator}'s counterpart for an engine whose columns are typed (PostgreSQL): every
 * operand's type is known when the SQL is planned (a source column's from the catalogue), so the
 * translation is chosen statically, and a mix JEXL would compute differently (a real concatenated
 * to text, {@code %} on a real, text ordered by UTF-16) is {@link NotPushable}. The guard holds
 * exactly when JEXL computes the same value without an error: operands not null, reals finite,
 * divisors not zero. A value SQL cannot compute at all (an overflow) raises a data exception, which
 * the dialect treats as the row failure. Standard SQL only; text compares {@code COLLATE "C"}. The
 * walk over the syntax tree is {@link JexlToSql}'s; the typing rules here are not SQLite's, and
 * stay apart from them: SQLite checks storage classes per row where this refuses when planning.
 */
public final class TypedSqlTranslator implements JexlToSql.Forms<TypedSqlTranslator.Sql> {
    /** What a SQL value is: a 64-bit (or narrower) integer, a double, text, a boolean, or NULL. */
    public enum Kind { INT, REAL, TEXT, BOOL, NULL }

    /** A SQL expression, its type, and its guard ({@code TRUE} when it cannot fail). */
    public record Sql(String sql, Kind kind, String guard) {
        public Sql {
            guard = guard == null || guard.isEmpty() ? TRUTH : guard;
        }

        boolean numeric() {
            return kind == Kind.INT || kind == Kind.REAL;
        }
    }

    /** What the names in an expression stand for. */
    public interface Scope {
        /** What {@code value} is, or null when it is null here (a column with no 'from'). */
        Sql value();

        /** The source's name: {@code m} in {@code m.cpu_usage}. */
        String row();

        /** A column of the current source row, typed, guarded not null (JEXL is strict) and finite. */
        Sql column(String name) throws NotPushable;

        /** A literal as a bound parameter of its own SQL type. */
        String parameter(Object literal);
    }

    private static final String TRUTH = "TRUE";
    /** 2^53: integer literals beyond it would compare with a real differently in JEXL (BigDecimal) and SQL (double). */
    private static final long EXACT_DOUBLE = 1L << 53;
    /** Java's String.trim removes U+0000 to U+0020; PostgreSQL text cannot hold U+0000. */
    private static final String WHITESPACE;
    /** Concatenations up to this many characters stay below every JEXL size limit and budget. */
    private static final int SMALL_TEXT = 4096;

    static {
        StringBuilder s = new StringBuilder();
        for (char c = 1; c <= 32; c++) {
            s.append(c);
        }
        WHITESPACE = s.toString();
    }

    private final Scope scope;

    private TypedSqlTranslator(Scope scope) {
        this.scope = scope;
    }

    public static Sql translate(Expr expr, Scope scope) throws NotPushable {
        return JexlToSql.translate(expr, new TypedSqlTranslator(scope));
    }

    public static String and(String a, String b) {
        return JexlToSql.and(a, b, TRUTH);
    }

    /** Text of ASCII characters only: there PostgreSQL's lower/upper/substr and Java's agree. */
    public static String ascii(String sql) {
        return "octet_length(" + sql + ") = char_length(" + sql + ")";
    }

    /** A finite double: NaN sorts above every number in PostgreSQL, the infinities at the ends. */
    public static String finite(String sql) {
        return "(" + sql + " BETWEEN CAST('-1.7976931348623157e308' AS double precision) AND CAST('1.7976931348623157e308' AS double precision))";
    }

    @Override
    public Sql numberLiteral(Number v) throws NotPushable {
        if ((v instanceof Integer || v instanceof Long) && Math.abs(v.longValue()) <= EXACT_DOUBLE) {
            return new Sql(scope.parameter(v.longValue()), Kind.INT, null);
        }
        if (v instanceof Double d && Double.isFinite(d)) {
            return new Sql(scope.parameter(d), Kind.REAL, null);
        }
        throw new NotPushable("the number " + v + " is computed in Java");
    }

    @Override
    public Sql stringLiteral(String literal) {
        return new Sql(scope.parameter(literal), Kind.TEXT, null);
    }

    @Override
    public Sql booleanLiteral(boolean literal) {
        return new Sql(literal ? "TRUE" : "FALSE", Kind.BOOL, null);
    }

    @Override
    public Sql nullLiteral() {
        return new Sql("NULL", Kind.NULL, null);
    }

    @Override
    public Sql parenthesized(Sql inner) {
        return new Sql("(" + inner.sql() + ")", inner.kind(), inner.guard());
    }

    @Override
    public Sql value() {
        return scope.value();
    }

    @Override
    public String row() {
        return scope.row();
    }

    @Override
    public Sql column(String name) throws NotPushable {
        return scope.column(name);
    }

    @Override
    public Sql asNumber(Sql s) throws NotPushable {
        return numberOf(s);
    }

    @Override
    public Sql asBoolean(Sql s) throws NotPushable {
        return need(s, Kind.BOOL);
    }

    @Override
    public Sql asText(Sql s) throws NotPushable {
        return need(s, Kind.TEXT);
    }

    /** JEXL's + concatenates when either side is text (writing integers and booleans as PostgreSQL does), else adds. */
    @Override
    public Sql add(Sql a, Sql b) throws NotPushable {
        if (a.kind() == Kind.TEXT || b.kind() == Kind.TEXT) {
            String left = textOperand(a);
            String right = textOperand(b);
            String sql = "(" + left + " || " + right + ")";
            return new Sql(sql, Kind.TEXT, and(and(a.guard(), b.guard()), "char_length(" + sql + ") <= " + SMALL_TEXT));
        }
        return arithmetic(a, " + ", b, TRUTH);
    }

    @Override
    public Sql arithmetic(Sql a, String op, Sql b) throws NotPushable {
        return arithmetic(a, op, b, TRUTH);
    }

    /** JEXL fails on a zero divisor. */
    @Override
    public Sql divide(Sql a, Sql b) throws NotPushable {
        return arithmetic(a, " / ", b, numberOf(b).sql() + " <> 0");
    }

    /** JEXL's % on integers may be BigInteger.mod or Java's remainder: they agree for a >= 0 and b > 0. */
    @Override
    public Sql modulo(Sql a, Sql b) throws NotPushable {
        if (a.kind() != Kind.INT || b.kind() != Kind.INT) {
            throw new NotPushable("'%' on a real is computed in Java");
        }
        return arithmetic(a, " % ", b, a.sql() + " >= 0 AND " + b.sql() + " > 0");
    }

    @Override
    public Sql negate(Sql a) {
        return new Sql("(- " + a.sql() + ")", a.kind(), a.guard());
    }

    @Override
    public Sql compare(Sql a, String op, Sql b) {
        return new Sql("(" + a.sql() + op + b.sql() + ")", Kind.BOOL, and(and(a.guard(), b.guard()), zerosAlike(a, b)));
    }

    /**
     * JEXL orders -0.0 below 0 and 0.0 (Double.compare) where PostgreSQL holds them equal: two zeros
     * compare alike only with the same sign, which a double's text shows ({@code -0}). An integer
     * with an integer needs no guard; an integer with a real compares as doubles in both.
     */
    private static String zerosAlike(Sql a, Sql b) {
        if (a.kind() == Kind.INT && b.kind() == Kind.INT) {
            return TRUTH;
        }
        return "(" + a.sql() + " <> 0 OR " + b.sql() + " <> 0 OR (" + positive(a) + ") = (" + positive(b) + "))";
    }

    private static String positive(Sql s) {
        return s.kind() == Kind.INT ? TRUTH : "CAST(" + s.sql() + " AS text) NOT LIKE '-%'";
    }

    /** Numbers with numbers; otherwise both of one type, text compared by code point as Java's equals does. */
    @Override
    public Sql equality(Sql a, Sql b, String op) throws NotPushable {
        if (a.numeric() && b.numeric()) {
            return new Sql("(" + a.sql() + op + b.sql() + ")", Kind.BOOL, and(and(a.guard(), b.guard()), zerosAlike(a, b)));
        }
        if (a.kind() == Kind.NULL || a.kind() != b.kind()) {
            throw new NotPushable("it compares " + describe(a.kind()) + " with " + describe(b.kind()));
        }
        String collate = a.kind() == Kind.TEXT ? " COLLATE \"C\"" : "";
        return new Sql("(" + a.sql() + op + b.sql() + collate + ")", Kind.BOOL, and(a.guard(), b.guard()));
    }

    @Override
    public Sql logical(Sql a, Sql b, boolean isAnd) {
        return new Sql("(" + a.sql() + (isAnd ? " AND " : " OR ") + b.sql() + ")", Kind.BOOL,
                JexlToSql.shortCircuitGuard(a.sql(), a.guard(), b.guard(), isAnd, TRUTH));
    }

    @Override
    public Sql not(Sql a) {
        return new Sql("(NOT " + a.sql() + ")", Kind.BOOL, a.guard());
    }

    /** Both branches of one type (JEXL returns whichever branch it takes, unconverted), or one of them null. */
    @Override
    public Sql ternary(Sql condition, Sql yes, Sql no) throws NotPushable {
        if (yes.kind() != no.kind() && yes.kind() != Kind.NULL && no.kind() != Kind.NULL) {
            throw new NotPushable("its branches give " + describe(yes.kind()) + " and " + describe(no.kind()));
        }
        Kind kind = yes.kind() == Kind.NULL ? no.kind() : yes.kind();
        String guard = JexlToSql.branchGuard(condition.sql(), yes.guard(), no.guard(), TRUTH);
        return new Sql("CASE WHEN " + condition.sql() + " THEN " + yes.sql() + " ELSE " + no.sql() + " END", kind, and(condition.guard(), guard));
    }

    @Override
    public Sql trim(Sql text) {
        return new Sql("btrim(" + text.sql() + ", " + scope.parameter(WHITESPACE) + ")", Kind.TEXT, text.guard());
    }

    @Override
    public Sql changeCase(Sql text, boolean lower) {
        String x = text.sql();
        return new Sql((lower ? "lower(" : "upper(") + x + " COLLATE \"C\")", Kind.TEXT, and(text.guard(), ascii(x)));
    }

    /** PostgreSQL's substr takes 32-bit positions: beyond them the call would not resolve, where Java's always fails anyway. */
    @Override
    public Sql substring(Sql text, long begin, long end) throws NotPushable {
        if (Math.max(begin, end) > Integer.MAX_VALUE) {
            throw JexlToSql.substringFails(begin, end);
        }
        String x = text.sql();
        String sql = "substr(" + x + ", " + (begin + 1) + (end < 0 ? "" : ", " + (end - begin)) + ")";
        return new Sql(sql, Kind.TEXT, and(and(text.guard(), ascii(x)), "char_length(" + x + ") >= " + Math.max(begin, end)));
    }

    static Sql need(Sql s, Kind kind) throws NotPushable {
        if (s.kind() != kind) {
            throw new NotPushable("it uses " + describe(s.kind()) + " where " + describe(kind) + " is needed");
        }
        return s;
    }

    private static String textOperand(Sql s) throws NotPushable {
        if (s.kind() == Kind.TEXT) {
            return s.sql();
        }
        if (s.kind() == Kind.INT || s.kind() == Kind.BOOL) {
            return "CAST(" + s.sql() + " AS text)";
        }
        throw new NotPushable("it concatenates " + describe(s.kind()) + " (Java writes it its own way)");
    }

    /** Integer with integer stays integer (dividing truncates, as JEXL does); with a real, both are doubles. */
    private static Sql arithmetic(Sql a, String op, Sql b, String extraGuard) throws NotPushable {
        Sql x = numberOf(a);
        Sql y = numberOf(b);
        Kind kind = x.kind() == Kind.INT && y.kind() == Kind.INT ? Kind.INT : Kind.REAL;
        return new Sql("(" + x.sql() + op + y.sql() + ")", kind, and(and(x.guard(), y.guard()), extraGuard));
    }

    private static Sql numberOf(Sql s) throws NotPushable {
        if (!s.numeric()) {
            throw new NotPushable("it uses " + describe(s.kind()) + " where a number is needed");
        }
        return s;
    }

    static String describe(Kind kind) {
        return switch (kind) {
            case INT -> "an integer";
            case REAL -> "a real";
            case TEXT -> "text";
            case BOOL -> "a boolean";
            default -> "null";
        };
    }
}
