package dev.mapper.expr;

import dev.mapper.diag.Diagnostic;
import dev.mapper.model.Expr;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlInfo;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * The one JEXL engine mapper uses: expressions only (no loops, no assignments, no lambdas, no
 * {@code new}, no pragmas), strict (undefined variables and null operands are errors, not silent
 * nulls), and sandboxed (no class, reflection, static or environment access).
 */
public final class Expressions {
    static final JexlFeatures FEATURES = new JexlFeatures()
            .loops(false).newInstance(false).sideEffect(false).sideEffectGlobal(false)
            .lambda(false).thinArrow(false).fatArrow(false).localVar(false).register(false)
            .pragma(false).pragmaAnywhere(false).importPragma(false).namespacePragma(false)
            .annotation(false).script(false).structuredLiteral(true).methodCall(true);

    /** The time one evaluation of a transform or check may take. */
    public static final Duration BUDGET = Duration.ofSeconds(1);

    private static final JexlPermissions PERMISSIONS = new Sandbox(JexlPermissions.RESTRICTED);

    static final JexlEngine ENGINE = new JexlBuilder()
            .features(FEATURES)
            .uberspect(new GuardedUberspect(new JexlBuilder().permissions(PERMISSIONS).create().getUberspect(), PERMISSIONS))
            .arithmetic(new GuardedArithmetic(true))
            .strict(true).safe(false).silent(false).cancellable(true)
            .cache(512)
            .collectMode(2) // getVariables() gives whole paths (m.cpu_usage), so table targets know the columns an expression reads
            .create();

    private Expressions() {}

    /** A compiled transform or check. Evaluation is thread-safe and needs no recompilation. */
    public record Compiled(Expr source, JexlScript script) {
        /**
         * @param value     the key's value ({@code value} in the expression)
         * @param variables the sources by name, as read-only maps
         */
        public Object evaluate(Object value, Map<String, Object> variables) throws EvaluationException {
            return evaluate(value, variables, BUDGET);
        }

        /** The same with another time budget (tests use a short one). */
        public Object evaluate(Object value, Map<String, Object> variables, Duration budget) throws EvaluationException {
            JexlContext context = new Context(value, variables);
            Budget.Deadline started = Budget.start(budget);
            try {
                Object result = script.execute(context);
                Limits.checked("the result", result); // counted when it was built
                return result;
            } catch (JexlException e) {
                throw new EvaluationException(describe(e));
            } catch (Refusal e) {
                throw new EvaluationException(e.getMessage());
            } catch (StackOverflowError e) {
                throw new EvaluationException("refused: the expression nests too deeply to be evaluated");
            } catch (OutOfMemoryError e) { // a last wall under Limits: what the evaluation built is garbage once it unwinds
                throw new EvaluationException("refused: it needed more memory than the Java heap has (" + e.getMessage()
                        + "); transforms may not build huge values");
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new EvaluationException(badPattern(e));
            } catch (Exception e) {
                throw new EvaluationException(e.getClass().getSimpleName() + ": " + e.getMessage());
            } finally {
                Budget.end(started);
            }
        }
    }

    /**
     * {@code value} and the sources, read in place rather than copied into a new map per evaluation.
     * Assignments are already refused when an expression is compiled; this is the second wall.
     */
    private record Context(Object value, Map<String, Object> variables) implements JexlContext {
        @Override
        public Object get(String name) {
            return "value".equals(name) ? value : variables.get(name);
        }

        @Override
        public boolean has(String name) {
            return "value".equals(name) || variables.containsKey(name);
        }

        @Override
        public void set(String name, Object newValue) {
            throw new Refusal("refused: assigning '" + name + "'; transforms may not have side effects");
        }
    }

    /** The names an expression reads under {@code root}: {@code m.cpu + m.gpu} → [cpu, gpu]. */
    public static java.util.Set<String> references(Compiled compiled, String root) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (List<String> variable : compiled.script().getVariables()) {
            if (variable.size() > 1 && variable.get(0).equals(root)) {
                names.add(variable.get(1));
            }
        }
        return names;
    }

    /** A transform or check that failed on a value. */
    public static final class EvaluationException extends Exception {
        public EvaluationException(String message) {
            super(message);
        }
    }

    /**
     * Compiles an expression and checks that it only names {@code value} and the given sources.
     * Problems are added to {@code errors}; returns null then.
     */
    public static Compiled compile(Expr expr, Set<String> names, List<Diagnostic> errors) {
        return compile(expr, names, null, errors);
    }

    /**
     * The same, and for a mapping's expression ({@code isCheck} not null) the mistakes visible without
     * data ({@link ExpressionCheck}); {@code isCheck}: the expression is a check, so it must be able to give true or false.
     */
    public static Compiled compile(Expr expr, Set<String> names, Boolean isCheck, List<Diagnostic> errors) {
        String tooDeep = Nesting.problem(expr.text());
        if (tooDeep != null) {
            errors.add(Diagnostic.at(expr.pos(), "expression is refused: " + tooDeep,
                    "a transform or check is one short expression; split the work over several keys or simplify it"));
            return null;
        }
        if (Nesting.interpolates(expr.text())) {
            errors.add(Diagnostic.at(expr.pos(), "expression is refused: it builds text with a `…${…}…` template, which mapper cannot hold to its "
                            + "memory limits", "join texts with + instead, e.g. server.host + ':' + server.port"));
            return null;
        }
        JexlScript script;
        try {
            JexlInfo info = new JexlInfo(expr.pos().file(), expr.pos().line(), expr.pos().column());
            script = ENGINE.createScript(FEATURES, info, expr.text());
        } catch (StackOverflowError e) { // a safety net under Nesting's limits: never a trace
            errors.add(Diagnostic.at(expr.pos(), "expression is refused: it nests too deeply to be parsed",
                    "a transform or check is one short expression; simplify it"));
            return null;
        } catch (JexlException e) {
            errors.add(Diagnostic.at(expr.pos(), "expression '" + expr.text() + "' is refused: " + describe(e),
                    "transforms and checks are single JEXL expressions over 'value' and the sources; "
                            + "loops, assignments, 'new', lambdas and class access are not allowed"));
            return null;
        }
        List<String> unknown = script.getVariables().stream().map(variable -> variable.get(0))
                .filter(root -> !root.equals("value") && !names.contains(root)).distinct().toList();
        if (!unknown.isEmpty()) {
            errors.add(Diagnostic.at(expr.pos(), "expression '" + expr.text() + "' uses unknown name" + (unknown.size() == 1 ? " " : "s ")
                            + String.join(", ", unknown.stream().map(root -> "'" + root + "'").toList()),
                    "an expression can use 'value' and the sources: " + String.join(", ", names.stream().sorted().toList())));
            return null;
        }
        int before = errors.size();
        if (isCheck != null) {
            ExpressionCheck.check(expr, isCheck, errors);
            if (errors.size() == before) {
                ConstantParts.check(expr, errors);
            }
        }
        return errors.size() > before ? null : new Compiled(expr, script);
    }

    /** Java's message spans three lines and names its class; this one is a line about the pattern the person wrote. */
    private static String badPattern(java.util.regex.PatternSyntaxException e) {
        return "the regular expression '" + e.getPattern() + "' is not valid: " + e.getDescription().toLowerCase(java.util.Locale.ROOT)
                + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "");
    }

    /** JEXL's message without its location prefix (mapper prints the mapping position itself). */
    static String describe(JexlException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof Refusal refusal) {
                return refusal.getMessage();
            }
            if (cause instanceof java.util.regex.PatternSyntaxException pattern) {
                return badPattern(pattern);
            }
            if (cause instanceof ArithmeticException arithmetic) { // JEXL says only "/ error"
                String what = arithmetic.getMessage();
                return "/".equals(what) ? "division by zero" : "%".equals(what) ? "remainder of a division by zero" : "arithmetic error: " + what;
            }
        }
        String message = e.getMessage();
        int at = message.indexOf(' ');
        String detail = at > 0 && message.substring(0, at).contains("@") ? message.substring(at + 1) : message;
        return detail.replaceAll("\\s+", " ").trim();
    }
}
