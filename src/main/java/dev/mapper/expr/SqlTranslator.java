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
 * Translates a transform or check from JEXL's syntax tree to a SQLite expression, together with a
 * guard: a SQL condition that holds exactly when JEXL would compute the same value without an
 * error. Where a row's guard does not hold, the caller lets Java compute that migration, so JEXL's
 * semantics (strict nulls, errors on division by zero, text versus numbers) are never approximated.
 * Only the common subset is translated: literals, {@code value}, a source's columns, arithmetic,
 * comparisons, {@code && || !}, the ternary, string concatenation, and trim, toLowerCase,
 * toUpperCase and substring; anything else is {@link NotPushable} with the reason.
 */
public final class SqlTranslator {
    /** What a SQL value is known to be: a number, text, a boolean (0/1), a column of unknown storage class, or NULL. */
    public enum Kind { NUM, TEXT, BOOL, ANY, NULL }

    /** A SQL expression, its kind, and its guard ("1" when it cannot fail). */
    public record Sql(String sql, Kind kind, String guard) {
        public Sql {
            guard = guard == null || guard.isEmpty() ? "1" : guard;
        }
    }

    /** Why an expression stays in Java. */
    public static final class NotPushable extends Exception {
        public NotPushable(String reason) {
            super(reason, null, false, false);
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

    private static final String WHITESPACE = "char(" + String.join(",", java.util.stream.IntStream.rangeClosed(1, 32).mapToObj(String::valueOf).toList()) + ")";

    private final Scope scope;
    private final java.util.Map<String, Object> literals = new java.util.HashMap<>();

    private SqlTranslator(Scope scope) {
        this.scope = scope;
    }

    public static Sql translate(Expr expr, Scope scope) throws NotPushable {
        ASTJexlScript script;
        try {
            script = new Parser(new StringProvider(expr.text())).parse(null, Expressions.FEATURES, expr.text(), null);
        } catch (JexlException e) {
            throw new NotPushable("it does not parse");
        }
        if (script.jjtGetNumChildren() != 1) {
            throw new NotPushable("it is not a single expression");
        }
        return new SqlTranslator(scope).node(script.jjtGetChild(0));
    }

    /** {@code s} used where {@code kind} is required: adds the storage-class check a column value needs. */
    public static Sql need(Sql s, Kind kind) throws NotPushable {
        if (s.kind() == kind) {
            return s;
        }
        if (s.kind() == Kind.ANY && kind == Kind.NUM) {
            // a number (or text, below) is never NULL: the column's own not-null guard is implied
            String guard = s.guard().equals(notNull(s.sql())) ? "1" : s.guard();
            return new Sql(s.sql(), kind, and(guard, isNumber(s.sql())));
        }
        if (s.kind() == Kind.ANY && kind == Kind.TEXT) {
            String guard = s.guard().equals(notNull(s.sql())) ? "1" : s.guard();
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
        return a.equals("1") ? b : b.equals("1") ? a : "(" + a + ") AND (" + b + ")";
    }

    /** Text whose characters are all ASCII: there SQLite's lower/upper/substr agree with Java's. */
    public static String ascii(String sql) {
        return "length(" + sql + ") = length(CAST(" + sql + " AS BLOB))";
    }

    private Sql node(JexlNode n) throws NotPushable {
        if (n instanceof ASTReferenceExpression) {
            Sql inner = node(n.jjtGetChild(0));
            return new Sql("(" + inner.sql() + ")", inner.kind(), inner.guard());
        }
        if (n instanceof ASTNumberLiteral literal) {
            Number v = literal.getLiteral();
            if (v instanceof Integer || v instanceof Long || v instanceof Double) {
                Object value = v instanceof Double ? v : (Object) v.longValue();
                String p = scope.parameter(value);
                literals.put(p, value);
                return new Sql(p, Kind.NUM, null);
            }
            throw new NotPushable("the number " + v + " has no SQL type");
        }
        if (n instanceof ASTStringLiteral s) {
            return new Sql(scope.parameter(s.getLiteral()), Kind.TEXT, null);
        }
        if (n instanceof ASTTrueNode || n instanceof ASTFalseNode) {
            return new Sql(n instanceof ASTTrueNode ? "1" : "0", Kind.BOOL, null);
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
            return fold(n, (a, b) -> add(a, b));
        }
        if (n instanceof ASTSubNode || n instanceof ASTMulNode) {
            String op = n instanceof ASTSubNode ? " - " : " * ";
            return fold(n, (a, b) -> arithmetic(a, op, b, null));
        }
        if (n instanceof ASTDivNode) {
            return fold(n, (a, b) -> arithmetic(a, " / ", b, nonZeroLiteral(b) ? null : need(b, Kind.NUM).sql() + " <> 0"));
        }
        if (n instanceof ASTModNode) {
            return fold(n, (a, b) -> arithmetic(a, " % ", b, "typeof(" + a.sql() + ") = 'integer' AND typeof(" + b.sql() + ") = 'integer' AND "
                    + b.sql() + " <> 0"));
        }
        if (n instanceof ASTUnaryMinusNode) {
            Sql a = need(node(n.jjtGetChild(0)), Kind.NUM);
            return new Sql("(- " + a.sql() + ")", Kind.NUM, a.guard());
        }
        String comparison = n instanceof ASTLTNode ? " < " : n instanceof ASTLENode ? " <= " : n instanceof ASTGTNode ? " > "
                : n instanceof ASTGENode ? " >= " : null;
        if (comparison != null) {
            Sql a = need(node(n.jjtGetChild(0)), Kind.NUM);
            Sql b = need(node(n.jjtGetChild(1)), Kind.NUM);
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
        throw new NotPushable("'" + n.getClass().getSimpleName().replace("AST", "").replace("Node", "") + "' has no SQL form here");
    }

    private interface Binary {
        Sql apply(Sql a, Sql b) throws NotPushable;
    }

    private Sql fold(JexlNode n, Binary op) throws NotPushable {
        Sql result = node(n.jjtGetChild(0));
        for (int i = 1; i < n.jjtGetNumChildren(); i++) {
            result = op.apply(result, node(n.jjtGetChild(i)));
        }
        return result;
    }

    private Sql identifier(ASTIdentifier id) throws NotPushable {
        if (!id.getName().equals("value")) {
            throw new NotPushable("it uses '" + id.getName() + "' as a whole");
        }
        Sql value = scope.value();
        if (value == null) {
            throw new NotPushable("'value' is null in a column without 'from'");
        }
        return value;
    }

    /** {@code value}, {@code m.col}, either followed by method calls. */
    private Sql reference(JexlNode n) throws NotPushable {
        JexlNode first = n.jjtGetChild(0);
        int next = 1;
        Sql base;
        if (first instanceof ASTIdentifier id && id.getName().equals(scope.row()) && n.jjtGetNumChildren() > 1
                && n.jjtGetChild(1) instanceof ASTIdentifierAccess access && !access.isSafe()) {
            String column = scope.column(access.getName());
            base = new Sql(column, Kind.ANY, notNull(column)); // JEXL is strict: a null operand is an error
            next = 2;
        } else if (first instanceof ASTIdentifier id) {
            base = identifier(id);
        } else {
            base = node(first);
        }
        for (int i = next; i < n.jjtGetNumChildren(); i++) {
            if (!(n.jjtGetChild(i) instanceof ASTMethodNode method)) {
                throw new NotPushable("it reads a property of a value");
            }
            base = method(base, method);
        }
        return base;
    }

    private Sql method(Sql receiver, ASTMethodNode method) throws NotPushable {
        String name = ((ASTIdentifierAccess) method.jjtGetChild(0)).getName();
        ASTArguments args = (ASTArguments) method.jjtGetChild(1);
        Sql text = need(receiver, Kind.TEXT);
        String x = text.sql();
        if (args.jjtGetNumChildren() == 0) {
            switch (name) {
                case "trim":
                    return new Sql("trim(" + x + ", " + WHITESPACE + ")", Kind.TEXT, text.guard());
                case "toLowerCase":
                case "toUpperCase":
                    return new Sql((name.equals("toLowerCase") ? "lower(" : "upper(") + x + ")", Kind.TEXT, and(text.guard(), ascii(x)));
                default:
                    break;
            }
        }
        if (name.equals("substring") && args.jjtGetNumChildren() <= 2 && args.jjtGetNumChildren() >= 1) {
            long begin = intLiteral(args.jjtGetChild(0));
            long end = args.jjtGetNumChildren() == 2 ? intLiteral(args.jjtGetChild(1)) : -1;
            if (begin < 0 || (end >= 0 && end < begin)) {
                throw new NotPushable("substring(" + begin + (end >= 0 ? ", " + end : "") + ") always fails");
            }
            String sql = end < 0 ? "substr(" + x + ", " + (begin + 1) + ")" : "substr(" + x + ", " + (begin + 1) + ", " + (end - begin) + ")";
            return new Sql(sql, Kind.TEXT, and(and(text.guard(), ascii(x)), "length(" + x + ") >= " + Math.max(begin, end)));
        }
        throw new NotPushable("method '" + name + "' with " + args.jjtGetNumChildren() + " argument(s) has no SQL form");
    }

    private boolean nonZeroLiteral(Sql s) {
        return s.sql().startsWith("?") && literals.containsKey(s.sql()) && literals.get(s.sql()) instanceof Number n && n.doubleValue() != 0;
    }

    private static long intLiteral(JexlNode n) throws NotPushable {
        if (n instanceof ASTNumberLiteral literal && (literal.getLiteral() instanceof Integer || literal.getLiteral() instanceof Long)) {
            return literal.getLiteral().longValue();
        }
        throw new NotPushable("substring takes whole-number literals here");
    }

    /** JEXL's + concatenates when either side is text (and then writes numbers as Java does), else adds. */
    private static Sql add(Sql a, Sql b) throws NotPushable {
        if (a.kind() == Kind.TEXT || b.kind() == Kind.TEXT) {
            Sql left = textOperand(a);
            Sql right = textOperand(b);
            return new Sql("(" + left.sql() + " || " + right.sql() + ")", Kind.TEXT, and(left.guard(), right.guard()));
        }
        return arithmetic(a, " + ", b, null);
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

    private static Sql arithmetic(Sql a, String op, Sql b, String extraGuard) throws NotPushable {
        Sql x = need(a, Kind.NUM);
        Sql y = need(b, Kind.NUM);
        return new Sql("(" + x.sql() + op + y.sql() + ")", Kind.NUM, and(and(x.guard(), y.guard()), extraGuard == null ? "1" : extraGuard));
    }

    private static Sql equality(Sql a, Sql b, String op) throws NotPushable {
        Kind kind = a.kind() == Kind.TEXT || b.kind() == Kind.TEXT ? Kind.TEXT
                : a.kind() == Kind.BOOL || b.kind() == Kind.BOOL ? Kind.BOOL : Kind.NUM;
        Sql x = need(a, kind);
        Sql y = need(b, kind);
        return new Sql("(" + x.sql() + op + y.sql() + ")", Kind.BOOL, and(x.guard(), y.guard()));
    }

    /** JEXL stops early: the right side's guard only matters when it is evaluated. */
    private static Sql logical(Sql a, Sql b, boolean isAnd) {
        String guard = and(a.guard(), b.guard().equals("1") ? "1"
                : "CASE WHEN " + a.sql() + " THEN " + (isAnd ? b.guard() : "1") + " ELSE " + (isAnd ? "1" : b.guard()) + " END");
        return new Sql("(" + a.sql() + (isAnd ? " AND " : " OR ") + b.sql() + ")", Kind.BOOL, guard);
    }

    private static Sql ternary(Sql condition, Sql yes, Sql no) throws NotPushable {
        Kind kind = yes.kind() == Kind.NULL ? no.kind() : no.kind() == Kind.NULL ? yes.kind()
                : yes.kind() == Kind.ANY ? no.kind() : yes.kind();
        Sql x = yes.kind() == Kind.NULL || kind == Kind.ANY ? yes : need(yes, kind);
        Sql y = no.kind() == Kind.NULL || kind == Kind.ANY ? no : need(no, kind);
        String guard = x.guard().equals("1") && y.guard().equals("1") ? "1"
                : "CASE WHEN " + condition.sql() + " THEN " + x.guard() + " ELSE " + y.guard() + " END";
        return new Sql("CASE WHEN " + condition.sql() + " THEN " + x.sql() + " ELSE " + y.sql() + " END", kind, and(condition.guard(), guard));
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
