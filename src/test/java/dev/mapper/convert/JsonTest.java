package dev.mapper.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    @DisplayName("fractions are read as BigDecimal and written back exactly: 0.7 stays 0.7")
    void fractionsStayExact() throws JsonProcessingException {
        Object seven = Json.parse("0.7");
        assertEquals(new BigDecimal("0.7"), seven);
        assertEquals("0.7", Json.write(seven));
        assertEquals("{\"temperature\":0.7,\"repeatPenalty\":1.1}",
                Json.write(Json.parse("{\"temperature\":0.7,\"repeatPenalty\":1.1}")));
        assertEquals("0.0000001", Json.write(new BigDecimal("1E-7")));
    }

    @Test
    void integersAreReadAsWholeNumbers() throws JsonProcessingException {
        assertEquals(8080, Json.parse("8080"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(new BigInteger("9223372036854775808"), Json.parse("9223372036854775808"));
    }

    @Test
    @DisplayName("objects keep their key order, and output is compact")
    void keyOrderKeptAndCompact() throws JsonProcessingException {
        String text = "{\"zeta\":1,\"alpha\":[true,null,\"x\"],\"mid\":{\"b\":2,\"a\":1}}";
        Object parsed = Json.parse(text);
        Map<?, ?> map = assertInstanceOf(Map.class, parsed);
        assertEquals(List.of("zeta", "alpha", "mid"), new ArrayList<>(map.keySet()));
        assertEquals(text, Json.write(parsed));
        assertEquals(text, Json.write(Json.parse("{ \"zeta\" : 1,\n \"alpha\": [ true, null, \"x\" ],\n \"mid\": {\"b\": 2, \"a\": 1} }")));

        Map<String, Object> built = new LinkedHashMap<>();
        built.put("port", 8080L);
        built.put("host", "0.0.0.0");
        assertEquals("{\"port\":8080,\"host\":\"0.0.0.0\"}", Json.write(built));
    }

    @Test
    void refusesDuplicateKeysAndTrailingText() {
        assertThrows(JsonProcessingException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
        assertThrows(JsonProcessingException.class, () -> Json.parse("{\"a\":1} {}"));
        assertThrows(JsonProcessingException.class, () -> Json.parse("{\"a\":"));
    }

    @Test
    @DisplayName("bad JSON is reported with the messages users saw before (they end up in diagnostics)")
    void badJsonMessages() {
        assertEquals("No content to map due to end-of-input",
                assertThrows(JsonProcessingException.class, () -> Json.parse(" ")).getOriginalMessage());
        assertEquals("Trailing token (of type START_OBJECT) found after value (bound as `java.lang.Object`): "
                + "not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`",
                assertThrows(JsonProcessingException.class, () -> Json.parse("{\"a\":1} {}")).getOriginalMessage());
        assertEquals("Duplicate field 'a'", assertThrows(JsonProcessingException.class, () -> Json.parse("{\"a\":1,\"a\":2}")).getOriginalMessage());
        assertEquals("Unexpected end-of-input within/between Object entries",
                assertThrows(JsonProcessingException.class, () -> Json.parse("{\"a\":")).getOriginalMessage());
    }

    @Test
    void prettyIndentsForPeople() throws JsonProcessingException {
        assertEquals("{\n  \"a\" : [ 1, {\n    \"b\" : [ ]\n  }, { } ],\n  \"c\" : 0.7\n}",
                Json.pretty(Json.parse("{\"a\":[1,{\"b\":[]},{}],\"c\":0.7}")));
    }

    @Test
    void typeOfNamesJsonTypes() throws JsonProcessingException {
        assertEquals("string", Json.typeOf("x"));
        assertEquals("integer", Json.typeOf(8080));
        assertEquals("integer", Json.typeOf(8080L));
        assertEquals("integer", Json.typeOf(BigInteger.TEN));
        assertEquals("number", Json.typeOf(new BigDecimal("0.7")));
        assertEquals("number", Json.typeOf(Json.parse("8080.0")));
        assertEquals("boolean", Json.typeOf(false));
        assertEquals("object", Json.typeOf(Map.of()));
        assertEquals("array", Json.typeOf(List.of()));
        assertEquals("null", Json.typeOf(null));
        assertEquals("null", Json.typeOf(Json.parse("null")));
    }

    @Test
    @DisplayName("same() compares numbers by value: 8080 equals 8080.0")
    void sameComparesNumbersByValue() throws JsonProcessingException {
        assertTrue(Json.same(8080, new BigDecimal("8080.0")));
        assertTrue(Json.same(8080L, 8080));
        assertTrue(Json.same(new BigDecimal("0.70"), new BigDecimal("0.7")));
        assertTrue(Json.same(Json.parse("{\"port\":8080,\"t\":[0.7]}"), Json.parse("{\"t\":[0.70],\"port\":8080.0}")));
        assertFalse(Json.same(8080, 8081));
        assertFalse(Json.same(8080, "8080"));
        assertFalse(Json.same(1, true));
    }

    @Test
    void sameComparesStructure() throws JsonProcessingException {
        assertTrue(Json.same(null, null));
        assertFalse(Json.same(null, 0));
        assertFalse(Json.same(0, null));
        assertTrue(Json.same("a", "a"));
        assertFalse(Json.same(List.of(1, 2), List.of(2, 1)));
        assertFalse(Json.same(List.of(1, 2), List.of(1, 2, 3)));
        assertFalse(Json.same(Json.parse("{\"a\":1}"), Json.parse("{\"a\":1,\"b\":2}")));
        assertFalse(Json.same(Json.parse("{\"a\":1,\"c\":2}"), Json.parse("{\"a\":1,\"b\":2}")));
        assertFalse(Json.same(Json.parse("{\"a\":null}"), Json.parse("{\"b\":null}")));
        assertFalse(Json.same(Map.of(), List.of()));
    }
}
