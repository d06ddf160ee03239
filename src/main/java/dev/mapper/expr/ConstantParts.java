package dev.mapper.expr;

import dev.mapper.diag.Diagnostic;
import dev.mapper.model.Expr;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.internal.Debugger;
import org.apache.commons.jexl3.parser.ASTAddNode;
import org.apache.commons.jexl3.parser.ASTArguments;
import org.apache.commons.jexl3.parser.ASTIdentifier;
import org.apache.commons.jexl3.parser.ASTIdentifierAccess;
import org.apache.commons.jexl3.parser.ASTJexlScript;
import org.apache.commons.jexl3.parser.ASTMethodNode;
import org.apache.commons.jexl3.parser.ASTRangeNode;
import org.apache.commons.jexl3.parser.JexlNode;
import org.apache.commons.jexl3.parser.Parser;
import org.apache.commons.jexl3.parser.StringProvider;

/**
 * The parts of an expression that need no data ({@code 'x'.repeat(1e9)}, {@code [1 .. 100000000]}):
 * evaluated once when the mapping is compiled, in the same sandbox and under the same limits as at
 * apply, so a part that a memory limit refuses is reported by {@code validate} (exit 2) rather than
 * on the first row at apply. Only memory refusals are reported: they do not depend on the machine's
 * speed; a part that runs out of its short time budget here is left to apply.
 */
final class ConstantParts {
    /** A part runs this long at most when the mapping is compiled; the calls that fill memory are refused before they run. */
    private static final Duration BUDGET = Duration.ofMillis(200);

    private ConstantParts() {}

    static void check(Expr expr, List<Diagnostic> errors) {
        ASTJexlScript script;
        try {
            script = new Parser(new StringProvider(expr.text())).parse(null, Expressions.FEATURES, expr.text(), null);
        } catch (RuntimeException e) {
            return; // compiling it already reported why, or a `…` literal, which builds nothing
        }
        visit(expr, script, errors);
    }

    /** Evaluates each largest part without a variable that builds something; stops at the first refusal. */
    private static boolean visit(Expr expr, JexlNode node, List<Diagnostic> errors) {
        if (!(node instanceof ASTJexlScript) && evaluable(node) && !readsData(node)) {
            if (!builds(node)) {
                return false;
            }
            String part = new Debugger().data(node);
            String refused = refusal(part);
            if (refused != null) {
                errors.add(Diagnostic.at(expr.pos(), "expression '" + expr.text() + "' is refused: " + refused.substring("refused: ".length()),
                        node.jjtGetParent() instanceof ASTJexlScript ? "it needs no data, so it would be refused on every row; build a smaller value"
                                : "its part " + part + " needs no data, so it would be refused on every row; build a smaller value"));
                return true;
            }
            return false;
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            if (visit(expr, node.jjtGetChild(i), errors)) {
                return true;
            }
        }
        return false;
    }

    /** A node that is a value of its own, not a piece of a call ({@code .repeat}, its argument list). */
    private static boolean evaluable(JexlNode node) {
        return !(node instanceof ASTIdentifierAccess || node instanceof ASTMethodNode || node instanceof ASTArguments);
    }

    private static boolean readsData(JexlNode node) {
        if (node instanceof ASTIdentifier) {
            return true;
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            if (readsData(node.jjtGetChild(i))) {
                return true;
            }
        }
        return false;
    }

    /** Only calls, ranges and {@code +} can build a large value; literals alone are bounded by the text. */
    private static boolean builds(JexlNode node) {
        if (node instanceof ASTMethodNode || node instanceof ASTRangeNode || node instanceof ASTAddNode) {
            return true;
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            if (builds(node.jjtGetChild(i))) {
                return true;
            }
        }
        return false;
    }

    /** The memory refusal the part meets when evaluated, or null. */
    private static String refusal(String part) {
        Budget.Deadline started = Budget.start(BUDGET);
        try {
            Object value = Expressions.ENGINE.createScript(Expressions.FEATURES, null, part).execute(new MapContext(Map.of()));
            Limits.checked("the value", value);
            return null;
        } catch (Refusal.Memory e) {
            return e.getMessage();
        } catch (JexlException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Refusal.Memory memory) {
                    return memory.getMessage();
                }
            }
            return null;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return null; // anything else is apply's to report, with the value it failed on
        } finally {
            Budget.end(started);
        }
    }
}
