package dev.mapper.expr;

import dev.mapper.model.Expr;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.parser.ASTAddNode;
import org.apache.commons.jexl3.parser.ASTAndNode;
import org.apache.commons.jexl3.parser.ASTArguments;
import org.apache.commons.jexl3.parser.ASTDivNode;
import org.apache.commons.jexl3.parser.ASTEQNode;
import org.apache.commons.jexl3.parser.ASTFalseNode;
import org.apache.commons.jexl3.parser.ASTGENode;
import org.apache.commons.jexl3.parser.ASTGTNode;
import org.apache.commons.jexl3.parser.ASTIdentifier;
import org.apache.commons.jexl3.parser.ASTIdentifierAccess;
import org.apache.commons.jexl3.parser.ASTJexlScript;
import org.apache.commons.jexl3.parser.ASTLENode;
import org.apache.commons.jexl3.parser.ASTLTNode;
import org.apache.commons.jexl3.parser.ASTMethodNode;
import org.apache.commons.jexl3.parser.ASTModNode;
import org.apache.commons.jexl3.parser.ASTMulNode;
import org.apache.commons.jexl3.parser.ASTNENode;
import org.apache.commons.jexl3.parser.ASTNotNode;
import org.apache.commons.jexl3.parser.ASTNullLiteral;
import org.apache.commons.jexl3.parser.ASTNumberLiteral;
import org.apache.commons.jexl3.parser.ASTOrNode;
import org.apache.commons.jexl3.parser.ASTReference;
import org.apache.commons.jexl3.parser.ASTReferenceExpression;
import org.apache.commons.jexl3.parser.ASTStringLiteral;
import org.apache.commons.jexl3.parser.ASTSubNode;
import org.apache.commons.jexl3.parser.ASTTernaryNode;
import org.apache.commons.jexl3.parser.ASTTrueNode;
import org.apache.commons.jexl3.parser.ASTUnaryMinusNode;
import org.apache.commons.jexl3.parser.JexlNode;
import org.apache.commons.jexl3.parser.Parser;
import org.apache.commons.jexl3.parser.StringProvider;

/**
 * {@link SqlTranslator}'s counterpart for an engine whose columns are typed (PostgreSQL): every
 * operand's type is known when the SQL is planned (a source column's from the catalogue), so the
 * translation is chosen statically, and a mix JEXL would compute differently (a real concatenated
 * to text, {@code %} on a real, text ordered by UTF-16) is {@link SqlTranslator.NotPushable}. The
 * guard holds exactly when JEXL computes the same value without an error: operands not null, reals
 * finite, divisors not zero. A value SQL cannot compute at all (an overflow) raises a data exception,
 * which the dialect treats as the row failure. Standard SQL only; text compares {@code COLLATE "C"}.
 */
public final class TypedSqlTranslator {
    /** What a SQL value is: a 64-bit (or narrower) integer, a double, text, a boolean, or NULL. */
    public enum Kind { INT, REAL, TEXT, BOOL, NULL }

    /** A SQL expression, its type, and its guard ({@code TRUE} when it cannot fail). */
    public record Sql(String sql, Kind kind, String guard) {
        public Sql {
            guard = guard == null || guard.isEmpty() ? "TRUE" : guard;
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
        Sql column(String name) throws SqlTranslator.NotPushable;

        /** A literal as a bound parameter of its own SQL type. */
        String parameter(Object literal);
    }

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

    public static Sql translate(Expr expr, Scope scope) throws SqlTranslator.NotPushable {
        ASTJexlScript script;
        try {
            script = new Parser(new StringProvider(expr.text())).parse(null, Expressions.FEATURES, expr.text(), null);
        } catch (JexlException e) {
            throw new SqlTranslator.NotPushable("it does not parse");
        }
        if (script.jjtGetNumChildren() != 1) {
            throw new SqlTranslator.NotPushable("it is not a single expression");
        }
        return new TypedSqlTranslator(scope).node(script.jjtGetChild(0));
    }

    public static String and(String a, String b) {
        return a.equals("TRUE") ? b : b.equals("TRUE") ? a : "(" + a + ") AND (" + b + ")";
    }

    /** Text of ASCII characters only: there PostgreSQL's lower/upper/substr and Java's agree. */
    public static String ascii(String sql) {
        return "octet_length(" + sql + ") = char_length(" + sql + ")";
    }

    /** A finite double: NaN sorts above every number in PostgreSQL, the infinities at the ends. */
    public static String finite(String sql) {
        return "(" + sql + " BETWEEN CAST('-1.7976931348623157e308' AS double precision) AND CAST('1.7976931348623157e308' AS double precision))";
    }

    private Sql node(JexlNode n) throws SqlTranslator.NotPushable {
        if (n instanceof ASTReferenceExpression) {
            Sql inner = node(n.jjtGetChild(0));
            return new Sql("(" + inner.sql() + ")", inner.kind(), inner.guard());
        }
        if (n instanceof ASTNumberLiteral literal) {
            Number v = literal.getLiteral();
            if ((v instanceof Integer || v instanceof Long) && Math.abs(v.longValue()) <= EXACT_DOUBLE) {
                return new Sql(scope.parameter(v.longValue()), Kind.INT, null);
            }
            if (v instanceof Double d && Double.isFinite(d)) {
                return new Sql(scope.parameter(d), Kind.REAL, null);
            }
            throw new SqlTranslator.NotPushable("the number " + v + " is computed in Java");
        }
        if (n instanceof ASTStringLiteral s) {
            return new Sql(scope.parameter(s.getLiteral()), Kind.TEXT, null);
        }
        if (n instanceof ASTTrueNode || n instanceof ASTFalseNode) {
            return new Sql(n instanceof ASTTrueNode ? "TRUE" : "FALSE", Kind.BOOL, null);
        }
        if (n instanceof ASTNullLiteral) {
            return new Sql("NULL", Kind.NULL, null);
        }
        if (n instanceof ASTIdentifier id) {
            return identifier(id);
        }
        if (n instanceof ASTReference) {
            return reference(n);
        }
        if (n instanceof ASTAddNode) {
            return fold(n, this::add);
        }
        if (n instanceof ASTSubNode || n instanceof ASTMulNode) {
            String op = n instanceof ASTSubNode ? " - " : " * ";
            return fold(n, (a, b) -> arithmetic(a, op, b, "TRUE"));
        }
        if (n instanceof ASTDivNode) {
            return fold(n, (a, b) -> arithmetic(a, " / ", b, number(b).sql() + " <> 0"));
        }
        if (n instanceof ASTModNode) {
            // JEXL's % on integers may be BigInteger.mod or Java's remainder: they agree for a >= 0 and b > 0
            return fold(n, (a, b) -> {
                if (a.kind() != Kind.INT || b.kind() != Kind.INT) {
                    throw new SqlTranslator.NotPushable("'%' on a real is computed in Java");
                }
                return arithmetic(a, " % ", b, a.sql() + " >= 0 AND " + b.sql() + " > 0");
            });
        }
        if (n instanceof ASTUnaryMinusNode) {
            Sql a = number(node(n.jjtGetChild(0)));
            return new Sql("(- " + a.sql() + ")", a.kind(), a.guard());
        }
        String comparison = n instanceof ASTLTNode ? " < " : n instanceof ASTLENode ? " <= " : n instanceof ASTGTNode ? " > "
                : n instanceof ASTGENode ? " >= " : null;
        if (comparison != null) {
            Sql a = number(node(n.jjtGetChild(0)));
            Sql b = number(node(n.jjtGetChild(1)));
            return new Sql("(" + a.sql() + comparison + b.sql() + ")", Kind.BOOL, and(a.guard(), b.guard()));
        }
        if (n instanceof ASTEQNode || n instanceof ASTNENode) {
            return equality(node(n.jjtGetChild(0)), node(n.jjtGetChild(1)), n instanceof ASTEQNode ? " = " : " <> ");
        }
        if (n instanceof ASTAndNode || n instanceof ASTOrNode) {
            boolean isAnd = n instanceof ASTAndNode;
            return fold(n, (a, b) -> logical(need(a, Kind.BOOL), need(b, Kind.BOOL), isAnd));
        }
        if (n instanceof ASTNotNode) {
            Sql a = need(node(n.jjtGetChild(0)), Kind.BOOL);
            return new Sql("(NOT " + a.sql() + ")", Kind.BOOL, a.guard());
        }
        if (n instanceof ASTTernaryNode && n.jjtGetNumChildren() == 3) {
            return ternary(need(node(n.jjtGetChild(0)), Kind.BOOL), node(n.jjtGetChild(1)), node(n.jjtGetChild(2)));
        }
        throw new SqlTranslator.NotPushable("'" + n.getClass().getSimpleName().replace("AST", "").replace("Node", "") + "' has no SQL form here");
    }

    private interface Binary {
        Sql apply(Sql a, Sql b) throws SqlTranslator.NotPushable;
    }

    private Sql fold(JexlNode n, Binary op) throws SqlTranslator.NotPushable {
        Sql result = node(n.jjtGetChild(0));
        for (int i = 1; i < n.jjtGetNumChildren(); i++) {
            result = op.apply(result, node(n.jjtGetChild(i)));
        }
        return result;
    }

    private Sql identifier(ASTIdentifier id) throws SqlTranslator.NotPushable {
        if (!id.getName().equals("value")) {
            throw new SqlTranslator.NotPushable("it uses '" + id.getName() + "' as a whole");
        }
        Sql value = scope.value();
        if (value == null) {
            throw new SqlTranslator.NotPushable("'value' is null in a column without 'from'");
        }
        return value;
    }

    /** {@code value}, {@code m.col}, either followed by method calls. */
    private Sql reference(JexlNode n) throws SqlTranslator.NotPushable {
        JexlNode first = n.jjtGetChild(0);
        int next = 1;
        Sql base;
        if (first instanceof ASTIdentifier id && id.getName().equals(scope.row()) && n.jjtGetNumChildren() > 1
                && n.jjtGetChild(1) instanceof ASTIdentifierAccess access && !access.isSafe()) {
            base = scope.column(access.getName());
            next = 2;
        } else if (first instanceof ASTIdentifier id) {
            base = identifier(id);
        } else {
            base = node(first);
        }
        for (int i = next; i < n.jjtGetNumChildren(); i++) {
            if (!(n.jjtGetChild(i) instanceof ASTMethodNode method)) {
                throw new SqlTranslator.NotPushable("it reads a property of a value");
            }
            base = method(base, method);
        }
        return base;
    }

    private Sql method(Sql receiver, ASTMethodNode method) throws SqlTranslator.NotPushable {
        String name = ((ASTIdentifierAccess) method.jjtGetChild(0)).getName();
        ASTArguments args = (ASTArguments) method.jjtGetChild(1);
        Sql text = need(receiver, Kind.TEXT);
        String x = text.sql();
        if (args.jjtGetNumChildren() == 0) {
            switch (name) {
                case "trim":
                    return new Sql("btrim(" + x + ", " + scope.parameter(WHITESPACE) + ")", Kind.TEXT, text.guard());
                case "toLowerCase":
                case "toUpperCase":
                    return new Sql((name.equals("toLowerCase") ? "lower(" : "upper(") + x + " COLLATE \"C\")", Kind.TEXT, and(text.guard(), ascii(x)));
                default:
                    break;
            }
        }
        if (name.equals("substring") && args.jjtGetNumChildren() <= 2 && args.jjtGetNumChildren() >= 1) {
            long begin = intLiteral(args.jjtGetChild(0));
            long end = args.jjtGetNumChildren() == 2 ? intLiteral(args.jjtGetChild(1)) : -1;
            if (begin < 0 || (end >= 0 && end < begin) || Math.max(begin, end) > Integer.MAX_VALUE) {
                throw new SqlTranslator.NotPushable("substring(" + begin + (end >= 0 ? ", " + end : "") + ") always fails");
            }
            String sql = "substr(" + x + ", " + (begin + 1) + (end < 0 ? "" : ", " + (end - begin)) + ")";
            return new Sql(sql, Kind.TEXT, and(and(text.guard(), ascii(x)), "char_length(" + x + ") >= " + Math.max(begin, end)));
        }
        throw new SqlTranslator.NotPushable("method '" + name + "' with " + args.jjtGetNumChildren() + " argument(s) has no SQL form");
    }

    private static long intLiteral(JexlNode n) throws SqlTranslator.NotPushable {
        if (n instanceof ASTNumberLiteral literal && (literal.getLiteral() instanceof Integer || literal.getLiteral() instanceof Long)) {
            return literal.getLiteral().longValue();
        }
        throw new SqlTranslator.NotPushable("substring takes whole-number literals here");
    }

    static Sql need(Sql s, Kind kind) throws SqlTranslator.NotPushable {
        if (s.kind() != kind) {
            throw new SqlTranslator.NotPushable("it uses " + describe(s.kind()) + " where " + describe(kind) + " is needed");
        }
        return s;
    }

    private static Sql number(Sql s) throws SqlTranslator.NotPushable {
        if (!s.numeric()) {
            throw new SqlTranslator.NotPushable("it uses " + describe(s.kind()) + " where a number is needed");
        }
        return s;
    }

    /** JEXL's + concatenates when either side is text (writing integers and booleans as PostgreSQL does), else adds. */
    private Sql add(Sql a, Sql b) throws SqlTranslator.NotPushable {
        if (a.kind() == Kind.TEXT || b.kind() == Kind.TEXT) {
            String left = textOperand(a);
            String right = textOperand(b);
            String sql = "(" + left + " || " + right + ")";
            return new Sql(sql, Kind.TEXT, and(and(a.guard(), b.guard()), "char_length(" + sql + ") <= " + SMALL_TEXT));
        }
        return arithmetic(a, " + ", b, "TRUE");
    }

    private static String textOperand(Sql s) throws SqlTranslator.NotPushable {
        if (s.kind() == Kind.TEXT) {
            return s.sql();
        }
        if (s.kind() == Kind.INT || s.kind() == Kind.BOOL) {
            return "CAST(" + s.sql() + " AS text)";
        }
        throw new SqlTranslator.NotPushable("it concatenates " + describe(s.kind()) + " (Java writes it its own way)");
    }

    /** Integer with integer stays integer (dividing truncates, as JEXL does); with a real, both are doubles. */
    private static Sql arithmetic(Sql a, String op, Sql b, String extraGuard) throws SqlTranslator.NotPushable {
        Sql x = number(a);
        Sql y = number(b);
        Kind kind = x.kind() == Kind.INT && y.kind() == Kind.INT ? Kind.INT : Kind.REAL;
        return new Sql("(" + x.sql() + op + y.sql() + ")", kind, and(and(x.guard(), y.guard()), extraGuard));
    }

    private static Sql equality(Sql a, Sql b, String op) throws SqlTranslator.NotPushable {
        if (a.numeric() && b.numeric()) {
            return new Sql("(" + a.sql() + op + b.sql() + ")", Kind.BOOL, and(a.guard(), b.guard()));
        }
        if (a.kind() == Kind.NULL || a.kind() != b.kind()) {
            throw new SqlTranslator.NotPushable("it compares " + describe(a.kind()) + " with " + describe(b.kind()));
        }
        String collate = a.kind() == Kind.TEXT ? " COLLATE \"C\"" : "";
        return new Sql("(" + a.sql() + op + b.sql() + collate + ")", Kind.BOOL, and(a.guard(), b.guard()));
    }

    /** JEXL stops early: the right side's guard only matters when it is evaluated. */
    private static Sql logical(Sql a, Sql b, boolean isAnd) {
        String guard = and(a.guard(), b.guard().equals("TRUE") ? "TRUE"
                : "CASE WHEN " + a.sql() + " THEN " + (isAnd ? b.guard() : "TRUE") + " ELSE " + (isAnd ? "TRUE" : b.guard()) + " END");
        return new Sql("(" + a.sql() + (isAnd ? " AND " : " OR ") + b.sql() + ")", Kind.BOOL, guard);
    }

    /** Both branches of one type (JEXL returns whichever branch it takes, unconverted), or one of them null. */
    private static Sql ternary(Sql condition, Sql yes, Sql no) throws SqlTranslator.NotPushable {
        if (yes.kind() != no.kind() && yes.kind() != Kind.NULL && no.kind() != Kind.NULL) {
            throw new SqlTranslator.NotPushable("its branches give " + describe(yes.kind()) + " and " + describe(no.kind()));
        }
        Kind kind = yes.kind() == Kind.NULL ? no.kind() : yes.kind();
        String guard = yes.guard().equals("TRUE") && no.guard().equals("TRUE") ? "TRUE"
                : "CASE WHEN " + condition.sql() + " THEN " + yes.guard() + " ELSE " + no.guard() + " END";
        return new Sql("CASE WHEN " + condition.sql() + " THEN " + yes.sql() + " ELSE " + no.sql() + " END", kind, and(condition.guard(), guard));
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
