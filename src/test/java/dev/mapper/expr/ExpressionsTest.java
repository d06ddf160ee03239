package dev.mapper.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.Pos;
import dev.mapper.model.Expr;
import dev.mapper.model.Source;
import dev.mapper.plan.SourceData;
import dev.mapper.plan.SourceRow;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ExpressionsTest {
    private static final Pos POS = new Pos("m.yaml", 12, 40);
    private static final String SERVER_JSON = "{\"port\":8080,\"host\":\"localhost\",\"limits\":{\"ctx\":4096},\"tags\":[\"a\",\"b\"]}";
    private static final Path PWNED = Path.of("/tmp/mapper-pwned");
    private static final String HIDDEN = "is not allowed (no class, reflection, static, system or environment access; "
            + "transforms and checks may not have side effects)";
    private static final String SIDE = "read from a source; transforms and checks may not have side effects";

    /** The sources exactly as the evaluator hands them to expressions: SourceData values. */
    private static Map<String, Object> sources() {
        Source server = new Source.Document("server", "server_config", "key", "value", "config", POS);
        SourceData data = SourceData.of(server, List.of(new SourceRow("server_config", "config", SERVER_JSON)));
        Map<String, Object> variables = new HashMap<>();
        variables.put("server", data.values());
        return variables;
    }

    private static Expressions.Compiled compile(String text) {
        List<Diagnostic> errors = new ArrayList<>();
        Expressions.Compiled compiled = Expressions.compile(new Expr(text, POS), Set.of("server"), errors);
        assertEquals(List.of(), errors);
        assertNotNull(compiled);
        return compiled;
    }

    private static Object eval(String text, Object value) throws Expressions.EvaluationException {
        return compile(text).evaluate(value, sources());
    }

    /** The one diagnostic of an expression refused at compile time. */
    private static Diagnostic refusedAtCompile(String text) {
        List<Diagnostic> errors = new ArrayList<>();
        Expressions.Compiled compiled = Expressions.compile(new Expr(text, POS), Set.of("server", "settings"), errors);
        assertNull(compiled, "compiled although it should be refused: " + text);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(POS, errors.get(0).pos());
        return errors.get(0);
    }

    /** The message of an expression that compiles but is refused when it runs. */
    private static String refusedAtEvaluation(String text, Object value, Map<String, Object> variables) {
        Expressions.Compiled compiled = compile(text);
        return assertThrows(Expressions.EvaluationException.class, () -> compiled.evaluate(value, variables)).getMessage();
    }

    @Nested
    @DisplayName("allowed transforms")
    class Allowed {
        /** The result, or the refusal's message, of one evaluation. */
        private Object outcome(Expressions.Compiled compiled, Object value) {
            try {
                return compiled.evaluate(value, sources());
            } catch (Expressions.EvaluationException e) {
                return "refused: " + e.getMessage();
            }
        }

        @Test
        @DisplayName("one compiled expression run again and again, on operands whose types change, gives what a fresh one gives")
        void reusedAcrossOperandTypes() {
            List<Object> values = java.util.Arrays.asList(7, 8L, 2.5, "4", new BigDecimal("1.25"), null, "x", true, 7, 2.5, -0.0);
            for (String text : List.of("value / 2 + value * 3 - (value > 1 ? 1 : 0)", "value + 'x' + value", "value.toString().length() * 2")) {
                Expressions.Compiled reused = compile(text);
                for (Object value : values) {
                    assertEquals(outcome(compile(text), value), outcome(reused, value), text + " on " + value);
                }
            }
            assertEquals(18.25, outcome(compile("value / 2 + value * 3 - (value > 1 ? 1 : 0)"), 5.5));
        }

        @Test
        void stringMethodsChain() throws Exception {
            assertEquals("hello", eval("value.trim().toLowerCase()", "  HeLLo "));
        }

        @Test
        void multiplication() throws Exception {
            assertEquals(500, eval("value * 100", 5));
            assertEquals(0, new BigDecimal("70").compareTo(new BigDecimal(eval("value * 100", new BigDecimal("0.7")).toString())));
        }

        @Test
        void divisionByADecimal() throws Exception {
            assertEquals(0.7, eval("value / 100.0", 70));
        }

        @Test
        void ternary() throws Exception {
            assertEquals("many", eval("value > 1 ? 'many' : 'one'", 5));
            assertEquals("one", eval("value > 1 ? 'many' : 'one'", 1));
        }

        @Test
        @DisplayName("server.port + 1 reads the source map")
        void readsASourceMap() throws Exception {
            assertEquals(8081, eval("server.port + 1", null));
            assertEquals(4096, eval("server.limits.ctx", null));
        }

        @Test
        void stringConcatenation() throws Exception {
            assertEquals("http://localhost:8080/v1", eval("'http://' + server.host + ':' + server.port + value", "/v1"));
        }

        @Test
        void substring() throws Exception {
            assertEquals("llama", eval("value.substring(0, 5)", "llama-server"));
        }

        @Test
        @DisplayName("a predicate gives a Boolean")
        void predicate() throws Exception {
            assertEquals(true, eval("value >= 1 && value <= 65535", 8080));
            assertEquals(false, eval("value >= 1 && value <= 65535", 70000));
        }

        @Test
        @DisplayName("strict: a null operand is an error, not a silent null")
        void strictNullOperand() {
            assertEquals("variable 'value' is null", refusedAtEvaluation("value + 1", null, sources()));
            assertEquals("variable 'value' is null", refusedAtEvaluation("value / 2", null, sources()));
            assertEquals("variable 'value' is null", refusedAtEvaluation("2 < value", null, sources()));
            assertEquals("undefined property 'nope'", refusedAtEvaluation("'x'.nope", null, sources()));
        }

        @Test
        @DisplayName("a compiled expression can be evaluated again with other values")
        void reusable() throws Exception {
            Expressions.Compiled compiled = compile("value * 2");
            assertEquals(4, compiled.evaluate(2, sources()));
            assertEquals(6, compiled.evaluate(3, sources()));
            assertEquals("value * 2", compiled.source().text());
        }
    }

    @Nested
    @DisplayName("escape attempts are refused")
    class Refused {
        @Test
        @DisplayName("''.getClass()")
        void getClassCall() {
            assertEquals("refused: method 'getClass' on a text " + HIDDEN, refusedAtEvaluation("''.getClass()", "x", sources()));
            assertEquals("refused: method 'getClass' on an object " + HIDDEN, refusedAtEvaluation("server.getClass()", "x", sources()));
        }

        @Test
        @DisplayName("value.class")
        void classProperty() {
            assertEquals("refused: property 'class' of a text " + HIDDEN, refusedAtEvaluation("value.class", "x", sources()));
            assertEquals("refused: property 'class' of a text " + HIDDEN, refusedAtEvaluation("value.class.name", "x", sources()));
            assertEquals("refused: property 'class' of a text " + HIDDEN, refusedAtEvaluation("value['class']", "x", sources()));
        }

        @Test
        @DisplayName("''.getClass().forName('java.lang.Runtime')")
        void forName() {
            assertEquals("refused: method 'getClass' on a text " + HIDDEN,
                    refusedAtEvaluation("''.getClass().forName('java.lang.Runtime')", "x", sources()));
        }

        @Test
        @DisplayName("java.lang.Runtime.getRuntime().exec(...) runs nothing")
        void runtimeExec() throws Exception {
            Files.deleteIfExists(PWNED);
            String text = "java.lang.Runtime.getRuntime().exec('touch /tmp/mapper-pwned')";
            Diagnostic d = refusedAtCompile(text);
            assertEquals("expression '" + text + "' uses unknown name 'java'", d.message());
            // the same through a reachable object, at evaluation
            assertEquals("refused: method 'getClass' on an object " + HIDDEN, refusedAtEvaluation(
                    "server.getClass().forName('java.lang.Runtime').getRuntime().exec('touch /tmp/mapper-pwned')", null, sources()));
            assertFalse(Files.exists(PWNED), "/tmp/mapper-pwned was created");
        }

        @Test
        @DisplayName("new('java.io.File', '/tmp/x')")
        void newInstance() {
            Diagnostic d = refusedAtCompile("new('java.io.File', '/tmp/x')");
            assertEquals("expression 'new('java.io.File', '/tmp/x')' is refused: create instance error in 'new(..., ...)'", d.message());
            assertEquals("transforms and checks are single JEXL expressions over 'value' and the sources; "
                    + "loops, assignments, 'new', lambdas and class access are not allowed", d.hint());
        }

        @Test
        @DisplayName("System.getenv()")
        void systemGetenv() {
            assertEquals("expression 'System.getenv()' uses unknown name 'System'", refusedAtCompile("System.getenv()").message());
            assertEquals("expression 'Math.abs(-1)' uses unknown name 'Math'", refusedAtCompile("Math.abs(-1)").message());
        }

        @Test
        @DisplayName("while (true) {}")
        void loop() {
            assertEquals("expression 'while (true) {}' is refused: parsing error in 'while'", refusedAtCompile("while (true) {}").message());
        }

        @Test
        @DisplayName("x -> x")
        void lambda() {
            assertEquals("expression 'x -> x' is refused: local variable error in 'x -> x'", refusedAtCompile("x -> x").message());
            assertEquals("expression 'function(x) { x }' is refused: local variable error in 'function(x) { x }'",
                    refusedAtCompile("function(x) { x }").message());
        }

        @Test
        @DisplayName("var x = 1")
        void localVariable() {
            assertEquals("expression 'var x = 1' is refused: parsing error in 'var'", refusedAtCompile("var x = 1").message());
        }

        @Test
        @DisplayName("value = 3")
        void assignment() {
            assertEquals("expression 'value = 3' is refused: global assign/modify error in 'value'", refusedAtCompile("value = 3").message());
            assertEquals("expression 'value++' is refused: global assign/modify error in 'value'", refusedAtCompile("value++").message());
            assertEquals("expression 'server['port'] = 3' is refused: global assign/modify error in 'server...'",
                    refusedAtCompile("server['port'] = 3").message());
        }

        @Test
        @DisplayName("pragmas and several statements")
        void pragmaAndStatements() {
            assertEquals("expression '#pragma jexl.safe true\nvalue' is refused: pragma error in '#pragma jexl.safe true'",
                    refusedAtCompile("#pragma jexl.safe true\nvalue").message());
            assertEquals("expression '1; 2' is refused: parsing error in ';'", refusedAtCompile("1; 2").message());
        }

        @Test
        @DisplayName("server.clear() leaves the source map unchanged")
        void sourceMapMutation() {
            Map<String, Object> variables = sources();
            Object before = variables.get("server").toString();
            assertEquals("refused: 'clear' would change an object " + SIDE, refusedAtEvaluation("server.clear()", null, variables));
            assertEquals("refused: 'put' would change an object " + SIDE, refusedAtEvaluation("server.put('port', 1)", null, variables));
            assertEquals("refused: 'clear' would change a list " + SIDE, refusedAtEvaluation("server.keySet().clear()", null, variables));
            assertEquals(before, variables.get("server").toString());
            assertEquals("{port=8080, host=localhost, limits={ctx=4096}, tags=[a, b]}", variables.get("server").toString());
        }

        @Test
        @DisplayName("nested objects and arrays of a source are read-only too")
        void nestedMutation() {
            Map<String, Object> variables = sources();
            assertEquals("refused: 'clear' would change an object " + SIDE, refusedAtEvaluation("server.limits.clear()", null, variables));
            assertEquals("refused: 'add' would change a list " + SIDE, refusedAtEvaluation("server.tags.add('c')", null, variables));
            assertEquals("refused: 'remove' would change a list " + SIDE, refusedAtEvaluation("server.tags.iterator().remove()", null, variables));
            assertEquals("refused: 'remove' would change an object " + SIDE,
                    refusedAtEvaluation("value.remove('ctx')", ((Map<?, ?>) variables.get("server")).get("limits"), variables));
            assertEquals("{port=8080, host=localhost, limits={ctx=4096}, tags=[a, b]}", variables.get("server").toString());
        }
    }

    @Nested
    @DisplayName("calls that reach past the value are refused")
    class Hidden {
        @Test
        @DisplayName("static methods through an instance: value.valueOf(1), value.join(...), value.format(...)")
        void staticThroughInstance() {
            assertEquals("refused: method 'valueOf' on a text " + HIDDEN, refusedAtEvaluation("value.valueOf(1)", "x", sources()));
            assertEquals("refused: method 'join' on a text " + HIDDEN, refusedAtEvaluation("value.join(',', server.tags)", "x", sources()));
            assertEquals("refused: method 'format' on a text " + HIDDEN, refusedAtEvaluation("value.format('%s', 1)", "x", sources()));
        }

        @Test
        @DisplayName("Object's wait and notify (a thread monitor is no business of a transform)")
        void monitorMethods() {
            assertEquals("refused: method 'wait' on a text " + HIDDEN, refusedAtEvaluation("value.wait()", "x", sources()));
            assertEquals("refused: method 'notifyAll' on a number " + HIDDEN, refusedAtEvaluation("value.notifyAll()", 1, sources()));
        }

        @Test
        @DisplayName("system properties and environment: unknown names at compile, refused through any object")
        void systemAndEnvironment() {
            assertEquals("expression 'System.getProperty(\'user.home\')' uses unknown name 'System'",
                    refusedAtCompile("System.getProperty('user.home')").message());
            assertEquals("expression 'java.lang.System.getenv(\'HOME\')' uses unknown name 'java'",
                    refusedAtCompile("java.lang.System.getenv('HOME')").message());
            assertEquals("refused: method 'getClass' on a text " + HIDDEN,
                    refusedAtEvaluation("value.getClass().forName('java.lang.System').getenv('HOME')", "x", sources()));
        }

        @Test
        @DisplayName("a method that does not exist is still just unknown")
        void unknownMethod() {
            assertEquals("unsolvable function/method 'trimm'", refusedAtEvaluation("value.trimm()", "x", sources()));
        }
    }

    @Nested
    @DisplayName("time budget: an evaluation that runs too long is stopped")
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // not a timing assertion: without the budget these never end
    class TimeBudget {
        private static final String CATASTROPHIC = "'" + "a".repeat(60) + "!'";
        private static final String STOPPED = "refused: it ran longer than 200 ms, the limit for one evaluation, and was stopped; "
                + "a transform must be a quick single expression";

        private String refusedWithin200ms(String text, Object value) {
            Expressions.Compiled compiled = compile(text);
            return assertThrows(Expressions.EvaluationException.class,
                    () -> compiled.evaluate(value, sources(), java.time.Duration.ofMillis(200))).getMessage();
        }

        @Test
        @DisplayName("a regular expression that backtracks for ages: =~ and String.matches")
        void catastrophicRegex() {
            assertEquals(STOPPED, refusedWithin200ms(CATASTROPHIC + " =~ '(.*a){20}'", null));
            assertEquals(STOPPED, refusedWithin200ms(CATASTROPHIC + ".matches('(.*a){20}')", null));
            assertEquals(STOPPED, refusedWithin200ms("value.replaceAll('(.*a){20}b', 'x')", "a".repeat(60)));
        }

        @Test
        @DisplayName("a big-number computation: 10H.pow(99999999)")
        void bigNumbers() {
            assertEquals(STOPPED, refusedWithin200ms("10H.pow(99999999)", null));
        }

        @Test
        @DisplayName("the default budget is one second, and quick expressions are unaffected")
        void defaultBudget() throws Exception {
            assertEquals(java.time.Duration.ofSeconds(1), Expressions.BUDGET);
            assertEquals(true, eval("value.matches('[a-z]+')", "abc"));
        }
    }

    @Nested
    @DisplayName("memory bombs are refused before they allocate")
    class MemoryBombs {
        private static final String HUGE = "over the memory limit of 10000000 characters for one value; transforms may not build huge values";

        @Test
        @DisplayName("'x'.repeat(1e9)")
        void repeat() {
            assertEquals("refused: 'repeat' would build up to 1000000000 characters, " + HUGE, refusedAtEvaluation("'x'.repeat(1e9)", null, sources()));
            assertEquals("refused: 'repeat' would build up to 2000000000 characters, " + HUGE, refusedAtEvaluation("value.repeat(1000000000)", "ab", sources()));
        }

        @Test
        @DisplayName("indent, formatted with a wide field, replace with an empty target")
        void amplifiers() {
            assertEquals("refused: 'indent' would build up to 2000000001 characters, " + HUGE, refusedAtEvaluation("'x'.indent(1000000000)", null, sources()));
            assertEquals("refused: 'formatted' would build up to 1000000014 characters, " + HUGE,
                    refusedAtEvaluation("'%01000000000d'.formatted(1)", null, sources()));
            assertEquals("refused: 'replace' would build up to 16008000 characters, " + HUGE,
                    refusedAtEvaluation("value.replace('', value)", "x".repeat(4000), sources()));
        }

        @Test
        @DisplayName("concatenation past the limit, and a range of two billion numbers")
        void concatenationAndRange() {
            assertEquals("refused: '+' would build 12000000 characters, " + HUGE, refusedAtEvaluation("value + value", "x".repeat(6_000_000), sources()));
            assertEquals("refused: '..' would build a range of 2000000000 numbers, over the memory limit of 1000000 items for one value; "
                    + "transforms may not build huge values", refusedAtEvaluation("(1 .. 2000000000).toArray()", null, sources()));
        }

        @Test
        @DisplayName("values each under the limit for one value, together over the limit for one evaluation")
        void allTheValuesOfAnEvaluation() {
            String fourMillion = "x".repeat(4_000_000);
            assertEquals("refused: the values this evaluation built would take about 80 MB, over the memory limit of 64 MB for one evaluation; "
                    + "transforms may not build huge values",
                    refusedAtEvaluation("[value + value, value + value, value + value, value + value, value + value]", fourMillion, sources()));
            assertEquals("refused: the values this evaluation built would take about 80 MB, over the memory limit of 64 MB for one evaluation; "
                    + "transforms may not build huge values", refusedAtEvaluation(
                    "[[value + value, value + value], {'a': [value + value], 'b': [value + value, value + value]}]", fourMillion, sources()));
        }

        @Test
        @DisplayName("split into millions of pieces is refused before it runs")
        void split() {
            assertEquals("refused: 'split' would build up to 9000001 items, over the memory limit of 1000000 items for one value; "
                    + "transforms may not build huge values", refusedAtEvaluation("value.split('')", "x".repeat(9_000_000), sources()));
            assertEquals("refused: 'split' would build up to 1000001 items, over the memory limit of 1000000 items for one value; "
                    + "transforms may not build huge values", refusedAtEvaluation("value.split(',')", ",".repeat(1_000_000), sources()));
        }

        @Test
        @DisplayName("a `${…}` template is refused at compile: JEXL joins it where no limit can look")
        void template() {
            Diagnostic d = refusedAtCompile("`${value}${value}${value}`");
            assertEquals("expression is refused: it builds text with a `…${…}…` template, which mapper cannot hold to its memory limits", d.message());
            assertEquals("join texts with + instead, e.g. server.host + ':' + server.port", d.hint());
            // a `…` text without ${…} is a plain text; a mapping's checks once met it with an IllegalStateException
            List<Diagnostic> errors = new ArrayList<>();
            assertNotNull(Expressions.compile(new Expr("`port ` + value", POS), Set.of("server"), false, errors));
            assertEquals(List.of(), errors);
        }

        @Test
        @DisplayName("a memory bomb that needs no data is refused when the mapping is compiled (validate)")
        void constantPartsAtCompile() throws Exception {
            Diagnostic d = refusedInAMapping("'x'.repeat(1e9) + value");
            assertEquals("expression ''x'.repeat(1e9) + value' is refused: 'repeat' would build up to 1000000000 characters, over the memory "
                    + "limit of 10000000 characters for one value; transforms may not build huge values", d.message());
            assertEquals("its part 'x'.repeat(1.0E9d) needs no data, so it would be refused on every row; build a smaller value", d.hint());
            d = refusedInAMapping("[1 .. 100000000]");
            assertEquals("expression '[1 .. 100000000]' is refused: '..' would build a range of 100000000 numbers, over the memory limit of "
                    + "1000000 items for one value; transforms may not build huge values", d.message());
            assertEquals("it needs no data, so it would be refused on every row; build a smaller value", d.hint());
            assertEquals("expression 'value + ('ab'.repeat(3000000) + 'c'.repeat(9000000))' is refused: '+' would build 15000000 characters, "
                    + "over the memory limit of 10000000 characters for one value; transforms may not build huge values",
                    refusedInAMapping("value + ('ab'.repeat(3000000) + 'c'.repeat(9000000))").message());
            // what depends on the data is apply's to refuse; small constant parts are fine
            List<Diagnostic> errors = new ArrayList<>();
            Expressions.Compiled dataDependent = Expressions.compile(new Expr("value.repeat(1e9)", POS), Set.of("server"), false, errors);
            assertEquals(List.of(), errors);
            assertNotNull(dataDependent);
            Expressions.Compiled fine = Expressions.compile(new Expr("'0'.repeat(6 - value.length()) + value + 'ab'.repeat(2)", POS),
                    Set.of("server"), false, errors);
            assertEquals(List.of(), errors);
            assertEquals("000042abab", fine.evaluate("42", sources()));
        }

        private static Diagnostic refusedInAMapping(String text) {
            List<Diagnostic> errors = new ArrayList<>();
            assertNull(Expressions.compile(new Expr(text, POS), Set.of("server"), false, errors), text);
            assertEquals(1, errors.size(), errors::toString);
            assertEquals(POS, errors.get(0).pos());
            return errors.get(0);
        }

        @Test
        @DisplayName("values under the limits still work")
        void underTheLimits() throws Exception {
            assertEquals("000042", eval("'0'.repeat(6 - value.length()) + value", "42"));
            assertEquals(true, eval("value =~ (1 .. 3)", 2));
        }
    }

    @Nested
    @DisplayName("names")
    class Names {
        @Test
        @DisplayName("an unknown name is refused at compile, naming it and the names allowed")
        void unknownName() {
            Diagnostic d = refusedAtCompile("valeu + 1");
            assertEquals("expression 'valeu + 1' uses unknown name 'valeu'", d.message());
            assertEquals("an expression can use 'value' and the sources: server, settings", d.hint());
        }

        @Test
        @DisplayName("every unknown name is named, once, in the order written")
        void unknownNames() {
            assertEquals("expression 'foo + bar + foo + value' uses unknown names 'foo', 'bar'",
                    refusedAtCompile("foo + bar + foo + value").message());
        }

        @Test
        @DisplayName("a dotted path is checked by its first name")
        void unknownRootOfAPath() {
            assertEquals("expression 'serve.port' uses unknown name 'serve'", refusedAtCompile("serve.port").message());
        }

        @Test
        @DisplayName("value and the sources are known")
        void knownNames() {
            List<Diagnostic> errors = new ArrayList<>();
            assertNotNull(Expressions.compile(new Expr("value + server.port + settings.x", POS), Set.of("server", "settings"), errors));
            assertEquals(List.of(), errors);
        }
    }
}
