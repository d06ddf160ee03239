package dev.mapper.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.diag.Pos;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YamlLoaderTest {
    private static final String FILE = "m.yaml";

    private static List<Diagnostic> errors(String text) {
        MapperException e = assertThrows(MapperException.class, () -> YamlLoader.load(FILE, text));
        assertEquals(MapperException.MAPPING, e.exitCode());
        return e.diagnostics();
    }

    private static Diagnostic onlyError(String text) {
        List<Diagnostic> errors = errors(text);
        assertEquals(1, errors.size(), () -> "expected one diagnostic, got " + errors);
        return errors.get(0);
    }

    private static YNode.Entry entry(YNode node, String key) {
        return assertInstanceOf(YNode.YMap.class, node).entries().stream()
                .filter(e -> e.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no key " + key + " in " + node));
    }

    private static Object scalar(YNode node, String key) {
        return assertInstanceOf(YNode.YScalar.class, entry(node, key).value()).value();
    }

    @Test
    @DisplayName("keys and values carry their 1-based line and column")
    void positionsAreOneBased() {
        YNode root = YamlLoader.load(FILE, """
                top:
                  inner:
                    port: 8080
                  list: [a, "b"]
                """);
        assertEquals(new Pos(FILE, 1, 1), root.pos());
        YNode.Entry top = entry(root, "top");
        assertEquals(new Pos(FILE, 1, 1), top.keyPos());
        YNode.Entry inner = entry(top.value(), "inner");
        assertEquals(new Pos(FILE, 2, 3), inner.keyPos());
        YNode.Entry port = entry(inner.value(), "port");
        assertEquals(new Pos(FILE, 3, 5), port.keyPos());
        assertEquals(new YNode.YScalar(8080L, new Pos(FILE, 3, 11)), port.value());
        YNode.YList list = assertInstanceOf(YNode.YList.class, entry(top.value(), "list").value());
        assertEquals(new Pos(FILE, 4, 9), list.pos());
        assertEquals(List.of(new YNode.YScalar("a", new Pos(FILE, 4, 10)), new YNode.YScalar("b", new Pos(FILE, 4, 13))),
                list.items());
    }

    @Test
    void keepsKeyOrder() {
        YNode root = YamlLoader.load(FILE, "zeta: 1\nalpha: 2\nmid: 3\n");
        assertEquals(List.of("zeta", "alpha", "mid"),
                ((YNode.YMap) root).entries().stream().map(YNode.Entry::key).toList());
    }

    @Test
    @DisplayName("scalars follow the YAML 1.2 core schema: yes/on stay text, numbers are exact")
    void resolvesScalarsWithTheCoreSchema() {
        YNode root = YamlLoader.load(FILE, """
                int: 8080
                negative: -2
                hex: 0x1F
                octal: 0o17
                big: 9223372036854775808
                fraction: 0.7
                exponent: 1e3
                quoted: "8080"
                yes: yes
                on: on
                bool: True
                nothing: ~
                empty:
                inf: .inf
                """);
        assertEquals(8080L, scalar(root, "int"));
        assertEquals(-2L, scalar(root, "negative"));
        assertEquals(31L, scalar(root, "hex"));
        assertEquals(15L, scalar(root, "octal"));
        assertEquals(new BigInteger("9223372036854775808"), scalar(root, "big"));
        assertEquals(new BigDecimal("0.7"), scalar(root, "fraction"));
        assertEquals(0, new BigDecimal("1000").compareTo((BigDecimal) scalar(root, "exponent")));
        assertEquals("8080", scalar(root, "quoted"));
        assertEquals("yes", scalar(root, "yes"));
        assertEquals("on", scalar(root, "on"));
        assertEquals(true, scalar(root, "bool"));
        assertNull(scalar(root, "nothing"));
        assertNull(scalar(root, "empty"));
        assertEquals(Double.POSITIVE_INFINITY, scalar(root, "inf"));
    }

    @Test
    @DisplayName("a duplicate key is an error at the second key, naming the line of the first")
    void rejectsDuplicateKeys() {
        Diagnostic d = onlyError("""
                name: x
                port: 8080
                nested:
                  a: 1
                port: 9090
                """);
        assertEquals(new Pos(FILE, 5, 1), d.pos());
        assertEquals("duplicate key 'port' (first defined at line 2)", d.message());
        assertEquals("remove one of the two, or rename it; YAML would silently keep only the last", d.hint());
    }

    @Test
    void reportsEveryDuplicateKeyAtOnceAtAnyDepth() {
        List<Diagnostic> errors = errors("""
                keys:
                  port: { type: integer, type: string }
                  host: 1
                  host: 2
                """);
        assertEquals(List.of(
                        Diagnostic.at(new Pos(FILE, 2, 26), "duplicate key 'type' (first defined at line 2)",
                                "remove one of the two, or rename it; YAML would silently keep only the last"),
                        Diagnostic.at(new Pos(FILE, 4, 3), "duplicate key 'host' (first defined at line 3)",
                                "remove one of the two, or rename it; YAML would silently keep only the last")),
                errors);
    }

    @Test
    @DisplayName("a syntax error is reported where the parser stopped")
    void syntaxErrorHasAPosition() {
        Diagnostic d = onlyError("""
                a: 1
                b: [1, 2
                c: 3
                """);
        assertEquals(new Pos(FILE, 3, 2), d.pos());
        assertEquals("YAML syntax: expected ',' or ']', but got : (while parsing a flow sequence that starts at line 2, column 4)", d.message());
        assertEquals("fix the YAML at this place; mapping files are plain YAML maps, lists and scalars", d.hint());
    }

    @Test
    void badIndentationHasAPosition() {
        Diagnostic d = onlyError("a: 1\n  b: 2\n");
        assertEquals(new Pos(FILE, 2, 4), d.pos());
        assertEquals("YAML syntax: mapping values are not allowed here", d.message());
    }

    @Test
    void tabIndentationHasAPosition() {
        Diagnostic d = onlyError("a:\n\tb: 1\n");
        assertEquals(new Pos(FILE, 2, 1), d.pos());
        assertTrue(d.message().startsWith("YAML syntax: found character '\\t(TAB)' that cannot start any token."), d.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "   \n", "# only a comment\n# and another\n"})
    void emptyFileIsAnError(String text) {
        Diagnostic d = onlyError(text);
        assertEquals(new Pos(FILE, 1, 1), d.pos());
        assertEquals("the mapping file is empty", d.message());
        assertEquals("start from the annotated example in README.md", d.hint());
    }

    @Test
    void moreThanOneDocumentIsAnErrorAtTheSecond() {
        Diagnostic d = onlyError("a: 1\n---\nb: 2\n");
        assertEquals(new Pos(FILE, 3, 1), d.pos());
        assertEquals("the file holds more than one YAML document", d.message());
    }

    @Test
    void keysMustBeText() {
        Diagnostic d = onlyError("ok: 1\n~: 2\n");
        assertEquals(new Pos(FILE, 2, 1), d.pos());
        assertEquals("a map key must be plain text", d.message());
    }

    @Test
    @DisplayName("a \"billion laughs\" alias bomb is refused before it expands")
    void refusesAliasBomb() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        String previous = "a";
        for (char level = 'b'; level <= 'i'; level++) {
            bomb.append(level).append(": &").append(level).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            bomb.append("]\n");
            previous = String.valueOf(level);
        }
        Diagnostic d = onlyError(bomb.toString());
        assertEquals("more than 20 YAML aliases (*name)", d.message());
        assertEquals(new Pos(FILE, 4, 14), d.pos()); // the 21st alias
        assertEquals("a mapping needs no aliases; write the values out (many aliases can expand a small file into billions of nodes)", d.hint());
    }

    @Test
    @DisplayName("up to 20 aliases of collections are fine, the 21st is refused")
    void aliasLimitIsTwenty() {
        String twenty = "base: &b [1]\nuses:\n" + "  - *b\n".repeat(20);
        YNode uses = entry(YamlLoader.load(FILE, twenty), "uses").value();
        assertEquals(20, assertInstanceOf(YNode.YList.class, uses).items().size());

        Diagnostic d = onlyError("base: &b [1]\nuses:\n" + "  - *b\n".repeat(21));
        assertEquals("more than 20 YAML aliases (*name)", d.message());
        assertEquals(new Pos(FILE, 23, 5), d.pos());
    }

    @Test
    void refusesARecursiveAlias() {
        Diagnostic d = onlyError("a: &x [*x]\n");
        assertEquals("nested more than 64 levels deep", d.message());
    }

    @Test
    @DisplayName("nesting deeper than 64 levels is refused at the first node too deep")
    void refusesDeepNesting() {
        YamlLoader.load(FILE, "[".repeat(65) + "]".repeat(65));
        Diagnostic d = onlyError("[".repeat(66) + "]".repeat(66));
        assertEquals(new Pos(FILE, 1, 66), d.pos());
        assertEquals("nested more than 64 levels deep", d.message());
        assertEquals("a mapping needs only a few levels; flatten this value", d.hint());
    }

    @Test
    void refusesDeepBlockNesting() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            text.append("  ".repeat(i)).append('k').append(i).append(":\n");
        }
        text.append("  ".repeat(70)).append("v: 1\n");
        Diagnostic d = onlyError(text.toString());
        assertEquals(new Pos(FILE, 66, 131), d.pos());
        assertEquals("nested more than 64 levels deep", d.message());
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 10_000, 200_000})
    @DisplayName("very deep nesting is a diagnostic, not a stack overflow")
    void refusesVeryDeepNestingWithoutCrashing(int depth) {
        Diagnostic d = onlyError("a: " + "[".repeat(depth) + "]".repeat(depth) + "\n");
        assertEquals(new Pos(FILE, 1, 68), d.pos());
        assertEquals("nested more than 64 levels deep", d.message());
    }
}
