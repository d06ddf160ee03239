package dev.mapper.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The where: grammar: what a condition may hold, the columns it names, and the first reason a text is refused. */
class WhereConditionTest {
    @ParameterizedTest
    @ValueSource(strings = {"timestamp >= 1700000000", "a = 1 AND (b <> 'x' OR c IS NOT NULL)", "NOT a BETWEEN -1.5 AND 2e3",
        "a NOT IN (1, -2, 'three', NULL)", "lower(name) LIKE 'a%' ESCAPE '\\'", "coalesce(a, b, 0) * 2 % 3 > abs(c - 1)", "\"odd name\" = 'it''s'",
        "a ISNULL OR b NOTNULL OR c IS NULL", "strftime('%Y', ts, 'unixepoch') = '2025'", "typeof(v) = 'integer' AND length(v || 'x') < 10",
        "a == b AND c != d AND e <= f", "TRUE", "x GLOB '*.db'", "substr(name, 1, 3) NOT LIKE 'tmp'", "0x1F & 0 = 0"})
    @DisplayName("conditions in the grammar are accepted as they are")
    void accepted(String where) throws WhereCondition.Refused {
        if (where.contains("&")) {
            assertThrows(WhereCondition.Refused.class, () -> WhereCondition.check(where)); // bit operators are not in the grammar
            return;
        }
        assertEquals(where, WhereCondition.check(where).text());
    }

    @Test
    @DisplayName("the columns a condition names: plain and quoted, not function names, keywords or texts")
    void columns() throws WhereCondition.Refused {
        assertEquals(List.of("level", "name", "odd one", "ts"),
                WhereCondition.check("level > 2 AND lower(name) = 'select' OR \"odd one\" IS NULL AND strftime('%Y', ts) = '2025' AND TRUE").columns());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "id IN (WITH RECURSIVE c(x) AS (SELECT 1) SELECT x FROM c) | WITH at character 8: a where: may not hold a query or a statement, only a condition on the source table's own columns",
        "0) UNION ALL SELECT * FROM t WHERE (1                      | UNION at character 4: a where: may not hold a query or a statement, only a condition on the source table's own columns",
        "EXISTS (SELECT 1)                                          | EXISTS at character 1: a where: may not hold a query or a statement, only a condition on the source table's own columns",
        "a = 1; DELETE FROM t                                       | ';' at character 6: a where: is one condition, not several statements",
        "a = 1 /* x */                                              | a comment at character 7: a where: may not hold comments",
        "a IN (b)                                                   | 'b' at character 7 is not expected here (IN takes a list of numbers and 'texts')",
        "random() > 0                                               | 'random' at character 1 is not a function a where: may call",
        "load_extension('x')                                        | 'load_extension' at character 1 is not a function a where: may call",
        "a = ?                                                      | '?' at character 5 is not part of a condition",
        "t.a = 1                                                    | '.' at character 2 is not part of a condition",
        "CASE WHEN a THEN 1 END                                     | 'CASE' at character 1 is not expected here (CASE is not part of the where: grammar)",
        "a = 1 a = 2                                                | 'a' at character 7 is not expected here",
        "a >                                                        | the condition ends too early",
        "12abc > 1                                                  | '12abc' at character 1 is not a number",
        "'open                                                      | the text that starts at character 1 is not closed",
        "a NOT b                                                    | 'b' at character 7 is not expected here (expected BETWEEN, IN, LIKE or GLOB after NOT)"})
    @DisplayName("anything else is refused with the first reason, naming the character")
    void refused(String where, String why) {
        WhereCondition.Refused e = assertThrows(WhereCondition.Refused.class, () -> WhereCondition.check(where.strip()));
        assertEquals(why, e.getMessage());
    }

    @Test
    @DisplayName("deep nesting and huge texts are refused before they can overflow the parser's stack")
    void limits() {
        assertEquals("its parentheses nest deeper than 32 levels",
                assertThrows(WhereCondition.Refused.class, () -> WhereCondition.check("(".repeat(1900) + "a" + ")".repeat(1900))).getMessage());
        assertEquals("its parentheses nest deeper than 32 levels",
                assertThrows(WhereCondition.Refused.class, () -> WhereCondition.check("abs(".repeat(500) + "a" + ")".repeat(500))).getMessage());
        assertEquals("it is 4001 characters long, over the limit of 4000",
                assertThrows(WhereCondition.Refused.class, () -> WhereCondition.check("a" + " ".repeat(4000))).getMessage());
        assertEquals("it has more than 32 NOTs in a row", assertThrows(WhereCondition.Refused.class, () -> WhereCondition.check("NOT ".repeat(900) + "a")).getMessage());
        assertEquals("it is empty", assertThrows(WhereCondition.Refused.class, () -> WhereCondition.check("  ")).getMessage());
    }
}
