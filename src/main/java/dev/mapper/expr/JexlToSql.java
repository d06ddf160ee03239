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
 * The walk over JEXL's syntax tree that every engine's pushdown translator shares: parsing, which
 * constructs have a SQL form at all (literals, {@code value}, a source's columns, arithmetic,
 * comparisons, {@code && || !}, the ternary, trim, toLowerCase, toUpperCase, substring), and the
 * order in which operands are translated and required to be of a type, which decides the reason
 * given when more than one of them cannot be. What a construct becomes in SQL, its type and its
 * guard (the condition under which JEXL computes the same value without an error) is the engine's
 * {@link Forms}: those rules are the pushdown contract, and they differ ({@link SqlTranslator}
 * checks SQLite's storage classes row by row; {@link TypedSqlTranslator} decides from PostgreSQL's
 * declared types when planning). A third engine implements {@link Forms}; the walk stays as it is.
 *
 * @param <S> the engine's translated expression (SQL text, type, guard)
 */
final class JexlToSql<S> {
    /** One engine's SQL for each construct the walk accepts; any method may refuse with the reason. */
    interface Forms<S> {
        S numberLiteral(Number literal) throws NotPushable;

        S stringLiteral(String literal);

        S booleanLiteral(boolean literal);

        S nullLiteral();

        S parenthesized(S inner);

        /** What {@code value} is, or null when it is null here (a column with no 'from'). */
        S value();

        /** The source's name: {@code m} in {@code m.cpu_usage}. */
        String row();

        /** A column of the current source row, guarded not null (JEXL is strict: a null operand is an error). */
        S column(String name) throws NotPushable;

        /** {@code s} where a number is needed. */
        S asNumber(S s) throws NotPushable;

        /** {@code s} where a boolean is needed. */
        S asBoolean(S s) throws NotPushable;

        /** {@code s} where text is needed (the receiver of a string method). */
        S asText(S s) throws NotPushable;

        S add(S a, S b) throws NotPushable;

        /** {@code -} and {@code *}: the operator, spaced. */
        S arithmetic(S a, String op, S b) throws NotPushable;

        S divide(S a, S b) throws NotPushable;

        S modulo(S a, S b) throws NotPushable;

        /** Of an operand already {@link #asNumber}. */
        S negate(S a);

        /** {@code < <= > >=} of operands already {@link #asNumber}. */
        S compare(S a, String op, S b);

        /** {@code = <>} of operands of any type. */
        S equality(S a, S b, String op) throws NotPushable;

        /** {@code AND}/{@code OR} of operands already {@link #asBoolean}. */
        S logical(S a, S b, boolean isAnd);

        /** Of an operand already {@link #asBoolean}. */
        S not(S a);

        /** Of a condition already {@link #asBoolean}. */
        S ternary(S condition, S yes, S no) throws NotPushable;

        /** Of text already {@link #asText}. */
        S trim(S text);

        S changeCase(S text, boolean lower);

        /** Java's {@code substring(begin)} ({@code end} -1) or {@code substring(begin, end)}, 0 <= begin <= end. */
        S substring(S text, long begin, long end) throws NotPushable;
    }

    private final Forms<S> forms;

    private JexlToSql(Forms<S> forms) {
        this.forms = forms;
    }

    static <S> S translate(Expr expr, Forms<S> forms) throws NotPushable {
        ASTJexlScript script;
        try {
            script = new Parser(new StringProvider(expr.text())).parse(null, Expressions.FEATURES, expr.text(), null);
        } catch (JexlException e) {
            throw new NotPushable("it does not parse");
        }
        if (script.jjtGetNumChildren() != 1) {
            throw new NotPushable("it is not a single expression");
        }
        return new JexlToSql<>(forms).node(script.jjtGetChild(0));
    }

    /** {@code a AND b}, where {@code truth} is the engine's literal for a guard that always holds. */
    static String and(String a, String b, String truth) {
        return a.equals(truth) ? b : b.equals(truth) ? a : "(" + a + ") AND (" + b + ")";
    }

    /** The guard of {@code a AND b} or {@code a OR b}: JEXL stops early, so b's guard only matters when b is evaluated. */
    static String shortCircuitGuard(String a, String aGuard, String bGuard, boolean isAnd, String truth) {
        return and(aGuard, bGuard.equals(truth) ? truth
                : "CASE WHEN " + a + " THEN " + (isAnd ? bGuard : truth) + " ELSE " + (isAnd ? truth : bGuard) + " END", truth);
    }

    /** The guard of a ternary's branches: only the branch taken must hold. */
    static String branchGuard(String condition, String yesGuard, String noGuard, String truth) {
        return yesGuard.equals(truth) && noGuard.equals(truth) ? truth : "CASE WHEN " + condition + " THEN " + yesGuard + " ELSE " + noGuard + " END";
    }

    /** An engine's substring whose bounds it cannot take gives the same reason as bounds that are always wrong. */
    static NotPushable substringFails(long begin, long end) {
        return new NotPushable("substring(" + begin + (end >= 0 ? ", " + end : "") + ") always fails");
    }

    private S node(JexlNode n) throws NotPushable {
        if (n instanceof ASTReferenceExpression) {
            return forms.parenthesized(node(n.jjtGetChild(0)));
        }
        if (n instanceof ASTNumberLiteral literal) {
            return forms.numberLiteral(literal.getLiteral());
        }
        if (n instanceof ASTStringLiteral s) {
            return forms.stringLiteral(s.getLiteral());
        }
        if (n instanceof ASTTrueNode || n instanceof ASTFalseNode) {
            return forms.booleanLiteral(n instanceof ASTTrueNode);
        }
        if (n instanceof ASTNullLiteral) {
            return forms.nullLiteral();
        }
        if (n instanceof ASTIdentifier id) {
            return identifier(id);
        }
        if (n instanceof ASTReference) {
            return reference(n);
        }
        if (n instanceof ASTAddNode) {
            return fold(n, forms::add);
        }
        if (n instanceof ASTSubNode || n instanceof ASTMulNode) {
            String op = n instanceof ASTSubNode ? " - " : " * ";
            return fold(n, (a, b) -> forms.arithmetic(a, op, b));
        }
        if (n instanceof ASTDivNode) {
            return fold(n, forms::divide);
        }
        if (n instanceof ASTModNode) {
            return fold(n, forms::modulo);
        }
        if (n instanceof ASTUnaryMinusNode) {
            return forms.negate(forms.asNumber(node(n.jjtGetChild(0))));
        }
        String comparison = n instanceof ASTLTNode ? " < " : n instanceof ASTLENode ? " <= " : n instanceof ASTGTNode ? " > "
                : n instanceof ASTGENode ? " >= " : null;
        if (comparison != null) {
            S a = forms.asNumber(node(n.jjtGetChild(0)));
            S b = forms.asNumber(node(n.jjtGetChild(1)));
            return forms.compare(a, comparison, b);
        }
        if (n instanceof ASTEQNode || n instanceof ASTNENode) {
            return forms.equality(node(n.jjtGetChild(0)), node(n.jjtGetChild(1)), n instanceof ASTEQNode ? " = " : " <> ");
        }
        if (n instanceof ASTAndNode || n instanceof ASTOrNode) {
            boolean isAnd = n instanceof ASTAndNode;
            return fold(n, (a, b) -> forms.logical(forms.asBoolean(a), forms.asBoolean(b), isAnd));
        }
        if (n instanceof ASTNotNode) {
            return forms.not(forms.asBoolean(node(n.jjtGetChild(0))));
        }
        if (n instanceof ASTTernaryNode && n.jjtGetNumChildren() == 3) {
            return forms.ternary(forms.asBoolean(node(n.jjtGetChild(0))), node(n.jjtGetChild(1)), node(n.jjtGetChild(2)));
        }
        throw new NotPushable("'" + n.getClass().getSimpleName().replace("AST", "").replace("Node", "") + "' has no SQL form here");
    }

    private interface Binary<S> {
        S apply(S a, S b) throws NotPushable;
    }

    /** Left to right, as JEXL evaluates {@code a + b + c}: each operand translated before the operation. */
    private S fold(JexlNode n, Binary<S> op) throws NotPushable {
        S result = node(n.jjtGetChild(0));
        for (int i = 1; i < n.jjtGetNumChildren(); i++) {
            result = op.apply(result, node(n.jjtGetChild(i)));
        }
        return result;
    }

    private S identifier(ASTIdentifier id) throws NotPushable {
        if (!id.getName().equals("value")) {
            throw new NotPushable("it uses '" + id.getName() + "' as a whole");
        }
        S value = forms.value();
        if (value == null) {
            throw new NotPushable("'value' is null in a column without 'from'");
        }
        return value;
    }

    /** {@code value}, {@code m.col}, either followed by method calls. */
    private S reference(JexlNode n) throws NotPushable {
        JexlNode first = n.jjtGetChild(0);
        int next = 1;
        S base;
        if (first instanceof ASTIdentifier id && id.getName().equals(forms.row()) && n.jjtGetNumChildren() > 1
                && n.jjtGetChild(1) instanceof ASTIdentifierAccess access && !access.isSafe()) {
            base = forms.column(access.getName());
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

    /** The receiver must be text before anything else: its type is the reason even for a method that has no SQL form. */
    private S method(S receiver, ASTMethodNode method) throws NotPushable {
        String name = ((ASTIdentifierAccess) method.jjtGetChild(0)).getName();
        ASTArguments args = (ASTArguments) method.jjtGetChild(1);
        S text = forms.asText(receiver);
        if (args.jjtGetNumChildren() == 0) {
            switch (name) {
                case "trim":
                    return forms.trim(text);
                case "toLowerCase":
                case "toUpperCase":
                    return forms.changeCase(text, name.equals("toLowerCase"));
                default:
                    break;
            }
        }
        if (name.equals("substring") && args.jjtGetNumChildren() <= 2 && args.jjtGetNumChildren() >= 1) {
            long begin = intLiteral(args.jjtGetChild(0));
            long end = args.jjtGetNumChildren() == 2 ? intLiteral(args.jjtGetChild(1)) : -1;
            if (begin < 0 || (end >= 0 && end < begin)) {
                throw substringFails(begin, end);
            }
            return forms.substring(text, begin, end);
        }
        throw new NotPushable("method '" + name + "' with " + args.jjtGetNumChildren() + " argument(s) has no SQL form");
    }

    private static long intLiteral(JexlNode n) throws NotPushable {
        if (n instanceof ASTNumberLiteral literal && (literal.getLiteral() instanceof Integer || literal.getLiteral() instanceof Long)) {
            return literal.getLiteral().longValue();
        }
        throw new NotPushable("substring takes whole-number literals here");
    }
}
