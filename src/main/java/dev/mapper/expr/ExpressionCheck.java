package dev.mapper.expr;

import dev.mapper.diag.Diagnostic;
import dev.mapper.model.DidYouMean;
import dev.mapper.model.Expr;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.parser.ASTAddNode;
import org.apache.commons.jexl3.parser.ASTDivNode;
import org.apache.commons.jexl3.parser.ASTIdentifierAccess;
import org.apache.commons.jexl3.parser.ASTJexlScript;
import org.apache.commons.jexl3.parser.ASTMethodNode;
import org.apache.commons.jexl3.parser.ASTModNode;
import org.apache.commons.jexl3.parser.ASTMulNode;
import org.apache.commons.jexl3.parser.ASTNumberLiteral;
import org.apache.commons.jexl3.parser.ASTReferenceExpression;
import org.apache.commons.jexl3.parser.ASTStringLiteral;
import org.apache.commons.jexl3.parser.ASTSubNode;
import org.apache.commons.jexl3.parser.ASTUnaryMinusNode;
import org.apache.commons.jexl3.parser.JexlNode;
import org.apache.commons.jexl3.parser.Parser;
import org.apache.commons.jexl3.parser.StringProvider;

/**
 * Mistakes in an expression that need no data to see, caught when the mapping is compiled
 * ({@code validate}, exit 2) rather than at apply, where they would read as a data error: a
 * method no value a transform sees has ({@code value.trimm()}), and a check that can only give a
 * number or text, never true or false.
 */
final class ExpressionCheck {
    /** The values expressions see are text, numbers, booleans, lists and maps (JSON); their public methods. */
    private static final Set<String> METHODS = methods(String.class, Long.class, Integer.class, Double.class, BigDecimal.class,
            BigInteger.class, Boolean.class, java.util.Map.class, List.class);

    /** Object's methods the sandbox refuses at evaluation, with a message of its own (getClass, wait, notify …). */
    private static final Set<String> OBJECT_METHODS = methodsOf(Object.class);

    private ExpressionCheck() {}

    static void check(Expr expr, boolean isCheck, List<Diagnostic> errors) {
        ASTJexlScript script;
        try {
            script = new Parser(new StringProvider(expr.text())).parse(null, Expressions.FEATURES, expr.text(), null);
        } catch (JexlException e) {
            return; // compiling it already reported why
        } catch (IllegalStateException e) {
            return; // a `…` template: this bare parser has no engine to parse it with, and it holds no method call
        }
        unknownMethods(expr, script, errors);
        if (isCheck && script.jjtGetNumChildren() == 1) {
            String gives = gives(script.jjtGetChild(0));
            if (gives != null) {
                errors.add(Diagnostic.at(expr.pos(), "check '" + expr.text() + "' gives " + gives + ", never true or false",
                        "a check is a condition on the final value, e.g. \"value <= 16\" or \"value.length() > 0\"; "
                                + "to compute the value, use transform:"));
            }
        }
    }

    private static void unknownMethods(Expr expr, JexlNode node, List<Diagnostic> errors) {
        if (node instanceof ASTMethodNode && node.jjtGetNumChildren() > 0 && node.jjtGetChild(0) instanceof ASTIdentifierAccess access) {
            String name = access.getName();
            if (!METHODS.contains(name) && !OBJECT_METHODS.contains(name)) {
                String suggestion = DidYouMean.closest(name, List.copyOf(METHODS));
                errors.add(Diagnostic.at(expr.pos(), "expression '" + expr.text() + "' calls " + name + "(), a method no value here has"
                                + (suggestion == null ? "" : "; did you mean " + suggestion + "()?"),
                        "values are text, numbers, booleans, lists and maps, with their Java methods: e.g. trim(), toLowerCase(), "
                                + "length(), substring(0, 3), contains('x')"));
                return;
            }
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            JexlNode child = node.jjtGetChild(i);
            unknownMethods(expr, child, errors);
            if (child instanceof ASTMethodNode && child.jjtGetNumChildren() > 0 && child.jjtGetChild(0) instanceof ASTIdentifierAccess access
                    && OBJECT_METHODS.contains(access.getName()) && !METHODS.contains(access.getName())) {
                return; // getClass(), wait() …: the sandbox refuses them with its own message, and what follows is no value's method
            }
        }
    }

    /** What a check's top node can only give when that is not a boolean: "a number", "a number or text", "text"; else null. */
    private static String gives(JexlNode node) {
        while (node instanceof ASTReferenceExpression && node.jjtGetNumChildren() == 1) {
            node = node.jjtGetChild(0); // parentheses
        }
        if (node instanceof ASTSubNode || node instanceof ASTMulNode || node instanceof ASTDivNode || node instanceof ASTModNode
                || node instanceof ASTUnaryMinusNode || node instanceof ASTNumberLiteral) {
            return "a number";
        }
        if (node instanceof ASTAddNode) {
            return "a number or text";
        }
        return node instanceof ASTStringLiteral ? "text" : null;
    }

    private static Set<String> methodsOf(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Method m : type.getMethods()) {
            names.add(m.getName());
        }
        return names;
    }

    private static Set<String> methods(Class<?>... types) {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : types) {
            for (Method m : type.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class) {
                    names.add(m.getName());
                }
            }
        }
        names.addAll(List.of("equals", "hashCode", "toString"));
        return names;
    }
}
