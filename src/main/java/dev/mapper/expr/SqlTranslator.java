package dev.mapper.expr;

import dev.mapper.model.Expr;

/**
 * Translates a transform or check to a SQLite expression, together with a guard: a SQL condition
 * that holds exactly when JEXL would compute the same value without an error. Where a row's guard
 * does not hold, the caller lets Java compute that migration, so JEXL's semantics (strict nulls,
 * errors on division by zero, text versus numbers) are never approximated. SQLite's columns hold
 * any storage class, so a column's value is {@link Kind#ANY} and the guards check storage classes
 * row by row ({@link TypedSqlTranslator} decides from declared types instead). The walk over the
 * syntax tree, and so which constructs translate at all, is {@link JexlToSql}'s; anything else is
 * {@link NotPushable} with the reason.
 */
public final class SqlTranslator implements JexlToSql.Forms<SqlTranslator.Sql> {
    /** What a SQL value is known to be: a number, text, a boolean (0/1), a column of unknown storage class, or NULL. */
    public enum Kind { NUM, TEXT, BOOL, ANY, NULL }

    /** A SQL expression, its kind, and its guard ("1" when it cannot fail). */
    public record Sql(String sql, Kind kind, String guard) {
        public Sql {
            guard = guard == null || guard.isEmpty() ? TRUTH : guard;
        }
    }

    /** What the names in an expression stand for. */
    public interface Scope {
        /** What {@code value} is, or null when it is null here (a column with no 'from'). */
        Sql value();

        /** The source's name: {@code m} in {@code m.cpu_usage}. */
        String row();

        /** A quoted column of the current source row. */
        String column(String name);

        /** A literal as a bound parameter ({@code ?3}). */
        String parameter(Object literal);
    }

    /** SQLite's guard that always holds: its booleans are the integers 0 and 1. */
    private static final String TRUTH = "1";
    private static final String WHITESPACE = "char(" + String.join(",", java.util.stream.IntStream.rangeClosed(1, 32).mapToObj(String::valueOf).toList()) + ")";

    private final Scope scope;
    private final java.util.Map<String, Object> literals = new java.util.HashMap<>();
    /** Expressions SQLite computes as a real whatever the row holds (see {@link #real}). */
    private final java.util.Set<String> knownReal = new java.util.HashSet<>();

    private SqlTranslator(Scope scope) {
        this.scope = scope;
    }

    public static Sql translate(Expr expr, Scope scope) throws NotPushable {
        return JexlToSql.translate(expr, new SqlTranslator(scope));
    }

    /** {@code s} used where {@code kind} is required: adds the storage-class check a column value needs. */
    public static Sql need(Sql s, Kind kind) throws NotPushable {
        if (s.kind() == kind) {
            return s;
        }
        if (s.kind() == Kind.ANY && kind == Kind.NUM) {
            // a number (or text, below) is never NULL: the column's own not-null guard is implied
            String guard = s.guard().equals(notNull(s.sql())) ? TRUTH : s.guard();
            return new Sql(s.sql(), kind, and(guard, isNumber(s.sql())));
        }
        if (s.kind() == Kind.ANY && kind == Kind.TEXT) {
            String guard = s.guard().equals(notNull(s.sql())) ? TRUTH : s.guard();
            return new Sql(s.sql(), kind, and(guard, isText(s.sql())));
        }
        throw new NotPushable("it uses " + describe(s.kind()) + " where " + describe(kind) + " is needed");
    }

    /**
     * A finite integer or real. SQLite orders NULL < numbers < text < blobs, so one BETWEEN the
     * largest finite doubles checks the storage class without a function call (this runs once per
     * row and column).
     */
    public static String isNumber(String sql) {
        return "(" + sql + " BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308)";
    }

    /** Text: at least the empty text, below every blob. */
    public static String isText(String sql) {
        return "(" + sql + " >= '' AND " + sql + " < X'')";
    }

    private static String notNull(String sql) {
        return sql + " IS NOT NULL";
    }

    public static String and(String a, String b) {
        return JexlToSql.and(a, b, TRUTH);
    }

    /** Text whose characters are all ASCII: there SQLite's lower/upper/substr agree with Java's. */
    public static String ascii(String sql) {
        return "length(" + sql + ") = length(CAST(" + sql + " AS BLOB))";
    }

    @Override
    public Sql numberLiteral(Number v) throws NotPushable {
        if (v instanceof Integer || v instanceof Long || v instanceof Double) {
            Object value = v instanceof Double ? v : (Object) v.longValue();
            String p = scope.parameter(value);
            literals.put(p, value);
            return new Sql(p, Kind.NUM, null);
        }
        throw new NotPushable("the number " + v + " has no SQL type");
    }

    @Override
    public Sql stringLiteral(String literal) {
        return new Sql(scope.parameter(literal), Kind.TEXT, null);
    }

    @Override
    public Sql booleanLiteral(boolean literal) {
        return new Sql(literal ? "1" : "0", Kind.BOOL, null);
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
    public Sql column(String name) {
        String column = scope.column(name);
        return new Sql(column, Kind.ANY, notNull(column)); // JEXL is strict: a null operand is an error
    }

    @Override
    public Sql asNumber(Sql s) throws NotPushable {
        return need(s, Kind.NUM);
    }

    @Override
    public Sql asBoolean(Sql s) throws NotPushable {
        return need(s, Kind.BOOL);
    }

    @Override
    public Sql asText(Sql s) throws NotPushable {
        return need(s, Kind.TEXT);
    }

    /** JEXL's + concatenates when either side is text (and then writes numbers as Java does), else adds. */
    @Override
    public Sql add(Sql a, Sql b) throws NotPushable {
        if (a.kind() == Kind.TEXT || b.kind() == Kind.TEXT) {
            Sql left = textOperand(a);
            Sql right = textOperand(b);
            return new Sql("(" + left.sql() + " || " + right.sql() + ")", Kind.TEXT, and(left.guard(), right.guard()));
        }
        return arithmetic(a, " + ", b, null);
    }

    @Override
    public Sql arithmetic(Sql a, String op, Sql b) throws NotPushable {
        return arithmetic(a, op, b, null);
    }

    /** JEXL fails on a zero divisor; a literal other than zero needs no guard. */
    @Override
    public Sql divide(Sql a, Sql b) throws NotPushable {
        return arithmetic(a, " / ", b, nonZeroLiteral(b) ? null : need(b, Kind.NUM).sql() + " <> 0");
    }

    /** Integers only: SQLite's % truncates reals to integers, where JEXL keeps the fraction. */
    @Override
    public Sql modulo(Sql a, Sql b) throws NotPushable {
        return arithmetic(a, " % ", b, "typeof(" + a.sql() + ") = 'integer' AND typeof(" + b.sql() + ") = 'integer' AND " + b.sql() + " <> 0");
    }

    /**
     * {@code * -1}, not SQLite's {@code -}, which computes 0 - x and so gives 0.0 for 0.0 where JEXL
     * gives -0.0 (the sign shows in a comparison). -Long.MIN_VALUE: JEXL wraps to Long.MIN_VALUE,
     * SQLite gives the real 2^63, so that row goes to Java.
     */
    @Override
    public Sql negate(Sql a) {
        String sql = "(" + a.sql() + " * -1)";
        return new Sql(sql, Kind.NUM, and(a.guard(), noOverflow(a.sql(), "1", sql)));
    }

    @Override
    public Sql compare(Sql a, String op, Sql b) {
        return new Sql("(" + a.sql() + op + b.sql() + ")", Kind.BOOL, and(and(a.guard(), b.guard()), comparedAlike(a.sql(), b.sql())));
    }

    /**
     * Where SQLite and JEXL order two numbers alike. JEXL compares an integer with a real as doubles,
     * SQLite exactly: they agree where the integer is within ±2^53, so exactly a double. And JEXL
     * orders -0.0 below 0 (Double.compare), SQLite holds them equal: two zeros compare alike only
     * with the same sign. Only atan2 shows a zero's sign in SQLite (-π for -0.0; its text is 0.0);
     * deferring every real zero instead would stream tables whose REAL columns hold 0.0.
     */
    private String comparedAlike(String x, String y) {
        Object known = literal(y) != null ? literal(y) : literal(x);
        if (known == null) {
            return "(typeof(" + x + ") = typeof(" + y + ") OR (" + exactDouble(x) + " AND " + exactDouble(y) + ")) AND (" + x + " <> 0 OR " + y
                    + " <> 0 OR atan2(" + x + ", -1) = atan2(" + y + ", -1))";
        }
        // one side a literal: its storage class, exactness and sign are known here, so only the column's are checked per row
        // (the same conditions as above with the literal's parts evaluated; the pushed-down statement runs them for every row)
        String other = known == literal(y) ? x : y;
        // the conditions above with the literal's side known: against a real, the column must be exactly a double;
        // against an integer within ±2^53, an integer or a real column agrees either way; beyond, only an integer
        String classes = known instanceof Double ? exactDouble(other)
                : exactDouble(known) ? "typeof(" + other + ") IN ('integer', 'real')" : "typeof(" + other + ") = 'integer'";
        String literal = other == x ? y : x;
        return ((Number) known).doubleValue() != 0 ? classes
                : classes + " AND (" + other + " <> 0 OR atan2(" + other + ", -1) = atan2(" + literal + ", -1))";
    }

    private static String exactDouble(String x) {
        return "(typeof(" + x + ") = 'real' OR " + x + " BETWEEN -9007199254740992 AND 9007199254740992)";
    }

    /** {@link #exactDouble(String)} of a literal: a real is a double; an integer is one within ±2^53. */
    private static boolean exactDouble(Object literal) {
        long value = ((Number) literal).longValue();
        return literal instanceof Double || (value >= -9007199254740992L && value <= 9007199254740992L);
    }

    /** A real literal, or arithmetic on one: SQLite computes a real (or NULL, which the operands' guards send to Java). */
    private boolean real(String sql) {
        return literal(sql) instanceof Double || knownReal.contains(sql);
    }

    /** The value of a number literal's parameter, or null when {@code sql} is not one. */
    private Object literal(String sql) {
        Object value = literals.get(sql);
        return value instanceof Number ? value : null;
    }

    /**
     * Integer arithmetic that stays within 64 bits: on an overflow SQLite gives a rounded real where
     * JEXL widens to an exact BigInteger. {@code result} is computed again here: SQLite only turns an
     * overflowing integer result into a real, so its type tells. With a real literal on either side the
     * result is a real, so there is nothing to check.
     */
    private String noOverflow(String x, String y, String result) {
        if (real(x) || real(y)) {
            knownReal.add(result);
            return TRUTH;
        }
        return "(typeof(" + x + ") = 'real' OR typeof(" + y + ") = 'real' OR typeof(" + result + ") = 'integer')";
    }

    /** Text if either side is text, else a boolean if either is, else numbers: a column value is checked to be that. */
    @Override
    public Sql equality(Sql a, Sql b, String op) throws NotPushable {
        Kind kind = a.kind() == Kind.TEXT || b.kind() == Kind.TEXT ? Kind.TEXT
                : a.kind() == Kind.BOOL || b.kind() == Kind.BOOL ? Kind.BOOL : Kind.NUM;
        Sql x = need(a, kind);
        Sql y = need(b, kind);
        String alike = kind == Kind.NUM ? comparedAlike(x.sql(), y.sql()) : TRUTH;
        return new Sql("(" + x.sql() + op + y.sql() + ")", Kind.BOOL, and(and(x.guard(), y.guard()), alike));
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

    /** A branch that is a column value takes the other branch's kind (checked per row); null takes any. */
    @Override
    public Sql ternary(Sql condition, Sql yes, Sql no) throws NotPushable {
        Kind kind = yes.kind() == Kind.NULL ? no.kind() : no.kind() == Kind.NULL ? yes.kind()
                : yes.kind() == Kind.ANY ? no.kind() : yes.kind();
        Sql x = yes.kind() == Kind.NULL || kind == Kind.ANY ? yes : need(yes, kind);
        Sql y = no.kind() == Kind.NULL || kind == Kind.ANY ? no : need(no, kind);
        String guard = JexlToSql.branchGuard(condition.sql(), x.guard(), y.guard(), TRUTH);
        return new Sql("CASE WHEN " + condition.sql() + " THEN " + x.sql() + " ELSE " + y.sql() + " END", kind, and(condition.guard(), guard));
    }

    @Override
    public Sql trim(Sql text) {
        return new Sql("trim(" + text.sql() + ", " + WHITESPACE + ")", Kind.TEXT, text.guard());
    }

    @Override
    public Sql changeCase(Sql text, boolean lower) {
        String x = text.sql();
        return new Sql((lower ? "lower(" : "upper(") + x + ")", Kind.TEXT, and(text.guard(), ascii(x)));
    }

    @Override
    public Sql substring(Sql text, long begin, long end) {
        String x = text.sql();
        String sql = end < 0 ? "substr(" + x + ", " + (begin + 1) + ")" : "substr(" + x + ", " + (begin + 1) + ", " + (end - begin) + ")";
        return new Sql(sql, Kind.TEXT, and(and(text.guard(), ascii(x)), "length(" + x + ") >= " + Math.max(begin, end)));
    }

    private boolean nonZeroLiteral(Sql s) {
        return s.sql().startsWith("?") && literals.containsKey(s.sql()) && literals.get(s.sql()) instanceof Number n && n.doubleValue() != 0;
    }

    /** A concatenation operand: text, or an integer (whose text is the same in Java and SQLite); not a real. */
    private static Sql textOperand(Sql s) throws NotPushable {
        if (s.kind() == Kind.TEXT) {
            return s;
        }
        if (s.kind() == Kind.ANY || s.kind() == Kind.NUM) {
            return new Sql(s.sql(), Kind.TEXT, and(s.guard(), "typeof(" + s.sql() + ") IN ('text', 'integer')"));
        }
        throw new NotPushable("it concatenates " + describe(s.kind()));
    }

    private Sql arithmetic(Sql a, String op, Sql b, String extraGuard) throws NotPushable {
        Sql x = need(a, Kind.NUM);
        Sql y = need(b, Kind.NUM);
        String sql = "(" + x.sql() + op + y.sql() + ")";
        return new Sql(sql, Kind.NUM, and(and(and(x.guard(), y.guard()), extraGuard == null ? TRUTH : extraGuard), noOverflow(x.sql(), y.sql(), sql)));
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case NUM -> "a number";
            case TEXT -> "text";
            case BOOL -> "a boolean";
            case NULL -> "null";
            default -> "a column value";
        };
    }
}
