package dev.mapper.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.model.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConverterTest {
    private static final ValueType LEVEL = new ValueType.Enum(List.of("debug", "info", "warn", "error"));
    private static final String BOOLEAN_HINT = " is not a boolean (use true/false, yes/no, on/off or 1/0)";
    private static final int TRIALS = 5_000;

    /** The message of the ConversionException that converting {@code raw} to {@code type} must throw. */
    private static String rejection(Object raw, ValueType type) {
        return assertThrows(ConversionException.class, () -> Converter.convert(raw, type),
                () -> raw + " should not convert to " + type).getMessage();
    }

    private static Object convert(Object raw, ValueType type) {
        try {
            return Converter.convert(raw, type);
        } catch (ConversionException e) {
            throw new AssertionError(raw + " should convert to " + type + " but: " + e.getMessage(), e);
        }
    }

    private static String rangeRejection(Object value, String min, String max) {
        return assertThrows(ConversionException.class, () -> Converter.checkRange(value,
                min == null ? null : new BigDecimal(min), max == null ? null : new BigDecimal(max))).getMessage();
    }

    @Nested
    class Integers {
        static Stream<Arguments> accepted() {
            return Stream.of(
                    Arguments.of(8080, 8080L),
                    Arguments.of(8080L, 8080L),
                    Arguments.of((short) 80, 80L),
                    Arguments.of("8080", 8080L),
                    Arguments.of("-2", -2L),
                    Arguments.of("+7", 7L),
                    Arguments.of("007", 7L),
                    Arguments.of(new BigDecimal("8080.0"), 8080L),
                    Arguments.of(new BigDecimal("8080"), 8080L),
                    Arguments.of(new BigDecimal("1E+3"), 1000L),
                    Arguments.of(8080.0d, 8080L),
                    Arguments.of(-3.0d, -3L),
                    Arguments.of(BigInteger.valueOf(65535), 65535L),
                    Arguments.of(String.valueOf(Long.MAX_VALUE), Long.MAX_VALUE),
                    Arguments.of(String.valueOf(Long.MIN_VALUE), Long.MIN_VALUE));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("accepted")
        void acceptsWholeNumbersAndTheirText(Object raw, long expected) {
            assertEquals(expected, convert(raw, ValueType.INTEGER));
        }

        static Stream<Arguments> rejected() {
            return Stream.of(
                    Arguments.of("8080abc", "\"8080abc\" is not an integer"),
                    Arguments.of("", "\"\" is not an integer"),
                    Arguments.of(" 8080", "\" 8080\" is not an integer"),
                    Arguments.of("80.5", "\"80.5\" is not an integer"),
                    Arguments.of("8080.0", "\"8080.0\" is not an integer"),
                    Arguments.of("1e3", "\"1e3\" is not an integer"),
                    Arguments.of("0x10", "\"0x10\" is not an integer"),
                    Arguments.of(new BigDecimal("80.5"), "80.5 is not an integer"),
                    Arguments.of(80.5d, "80.5 is not an integer"),
                    Arguments.of(true, "true is not an integer"),
                    Arguments.of(false, "false is not an integer"),
                    Arguments.of(Double.NaN, "NaN is not an integer"),
                    Arguments.of(Double.POSITIVE_INFINITY, "Infinity is not an integer"),
                    Arguments.of(Map.of("a", 1), "a JSON object is not an integer"),
                    Arguments.of(List.of(1), "a JSON array is not an integer"),
                    Arguments.of(null, "null is not an integer"));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("rejected")
        void rejectsAnythingElseNamingTheValue(Object raw, String message) {
            assertEquals(message, rejection(raw, ValueType.INTEGER));
        }

        @ParameterizedTest
        @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "100000000000000000000000"})
        @DisplayName("text outside the 64-bit range is refused, not wrapped around")
        void rejectsTextOutside64Bits(String text) {
            assertEquals("\"" + text + "\" is outside the 64-bit integer range", rejection(text, ValueType.INTEGER));
        }

        @Test
        @DisplayName("numbers outside the 64-bit range are refused whatever their Java type")
        void rejectsNumbersOutside64Bits() {
            BigInteger justAbove = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);
            assertEquals("9223372036854775808 is outside the 64-bit integer range", rejection(justAbove, ValueType.INTEGER));
            assertEquals("10000000000000000000 is outside the 64-bit integer range",
                    rejection(new BigDecimal("1E+19"), ValueType.INTEGER));
            assertEquals("1.0E20 is outside the 64-bit integer range", rejection(1e20d, ValueType.INTEGER));
        }

        @Test
        @DisplayName("property: every long written as text converts back to itself")
        void randomLongTextRoundTrips() {
            Random random = new Random(20240501L);
            for (int i = 0; i < TRIALS; i++) {
                long n = switch (i % 3) {
                    case 0 -> random.nextLong();
                    case 1 -> random.nextInt(131_072) - 65_536L;
                    default -> random.nextLong() >> random.nextInt(64);
                };
                assertEquals(n, convert(String.valueOf(n), ValueType.INTEGER), "text " + n);
                assertEquals(n, convert(n, ValueType.INTEGER), "number " + n);
                assertEquals(n, convert(new BigDecimal(n).setScale(random.nextInt(3)), ValueType.INTEGER), "decimal " + n);
            }
        }

        @Test
        @DisplayName("property: integer text spoiled by any non-digit is rejected, and the message quotes it")
        void randomNonIntegerTextIsRejected() {
            Random random = new Random(7L);
            String spoilers = "abcxyzE .,_-+#/:;$%()[]{}'\u00e9\u0663";
            for (int i = 0; i < TRIALS; i++) {
                String digits = String.valueOf(Math.abs(random.nextInt(1_000_000)));
                int at = random.nextInt(digits.length() + 1);
                char spoiler = spoilers.charAt(random.nextInt(spoilers.length()));
                String text = digits.substring(0, at) + spoiler + digits.substring(at);
                if (text.matches("[+-][0-9]+")) {
                    continue; // a leading sign is a valid integer, not a spoiled one
                }
                assertEquals("\"" + text + "\" is not an integer", rejection(text, ValueType.INTEGER));
            }
        }

        @Test
        @DisplayName("quotes and backslashes in a rejected value are escaped as in JSON")
        void messageEscapesTheValue() {
            assertEquals("\"say \\\"hi\\\" \\\\o/\" is not an integer", rejection("say \"hi\" \\o/", ValueType.INTEGER));
        }
    }

    @Nested
    class Booleans {
        @ParameterizedTest
        @ValueSource(strings = {"true", "TRUE", "True", "yes", "YES", "Yes", "on", "ON", "On", "1"})
        void acceptsTrueWordsInAnyCase(String text) {
            assertEquals(Boolean.TRUE, convert(text, ValueType.BOOLEAN));
        }

        @ParameterizedTest
        @ValueSource(strings = {"false", "FALSE", "False", "no", "NO", "No", "off", "OFF", "Off", "0"})
        void acceptsFalseWordsInAnyCase(String text) {
            assertEquals(Boolean.FALSE, convert(text, ValueType.BOOLEAN));
        }

        static Stream<Arguments> numbers() {
            return Stream.of(
                    Arguments.of(1, true), Arguments.of(0, false),
                    Arguments.of(1L, true), Arguments.of(0L, false),
                    Arguments.of(new BigDecimal("1.0"), true), Arguments.of(new BigDecimal("0.00"), false),
                    Arguments.of(1.0d, true), Arguments.of(0.0d, false),
                    Arguments.of(BigInteger.ONE, true), Arguments.of(BigInteger.ZERO, false),
                    Arguments.of(true, true), Arguments.of(false, false));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("numbers")
        void acceptsBooleansAndTheNumbersOneAndZero(Object raw, boolean expected) {
            assertEquals(expected, convert(raw, ValueType.BOOLEAN));
        }

        static Stream<Arguments> rejected() {
            return Stream.of(
                    Arguments.of("2", "\"2\""),
                    Arguments.of("maybe", "\"maybe\""),
                    Arguments.of("", "\"\""),
                    Arguments.of("y", "\"y\""),
                    Arguments.of("t", "\"t\""),
                    Arguments.of(" true", "\" true\""),
                    Arguments.of("1.0", "\"1.0\""),
                    Arguments.of(2, "2"),
                    Arguments.of(-1L, "-1"),
                    Arguments.of(new BigDecimal("0.5"), "0.5"),
                    Arguments.of(Double.NaN, "NaN"),
                    Arguments.of(Float.NaN, "NaN"),
                    Arguments.of(Double.NEGATIVE_INFINITY, "-Infinity"),
                    Arguments.of(Map.of(), "a JSON object"),
                    Arguments.of(List.of(true), "a JSON array"),
                    Arguments.of(null, "null"));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("rejected")
        void rejectsAnythingElseNamingTheValue(Object raw, String rendered) {
            assertEquals(rendered + BOOLEAN_HINT, rejection(raw, ValueType.BOOLEAN));
        }

        @Test
        @DisplayName("property: the six words and 1/0 in random letter case convert to their meaning")
        void randomCaseWordsConvert() {
            Random random = new Random(11L);
            Map<String, Boolean> words = Map.of("true", true, "yes", true, "on", true, "1", true,
                    "false", false, "no", false, "off", false, "0", false);
            List<String> keys = List.copyOf(new java.util.TreeSet<>(words.keySet()));
            for (int i = 0; i < TRIALS; i++) {
                String word = keys.get(random.nextInt(keys.size()));
                StringBuilder mixed = new StringBuilder();
                for (char c : word.toCharArray()) {
                    mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
                }
                assertEquals(words.get(word), convert(mixed.toString(), ValueType.BOOLEAN), mixed.toString());
            }
        }

        @Test
        @DisplayName("property: random text that is none of the words is rejected, and the message quotes it")
        void randomOtherTextIsRejected() {
            Random random = new Random(13L);
            List<String> accepted = List.of("true", "yes", "on", "1", "false", "no", "off", "0");
            String alphabet = "aefilnorstuy0129 ";
            for (int i = 0; i < TRIALS; i++) {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(7);
                for (int j = 0; j < length; j++) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String s = text.toString();
                if (accepted.contains(s.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                assertEquals("\"" + s + "\"" + BOOLEAN_HINT, rejection(s, ValueType.BOOLEAN));
            }
        }
    }

    @Nested
    class Numbers {
        static Stream<Arguments> accepted() {
            return Stream.of(
                    Arguments.of("0.7", "0.7"),
                    Arguments.of("1e3", "1000"),
                    Arguments.of("1E-3", "0.001"),
                    Arguments.of("-2", "-2"),
                    Arguments.of("+2.5", "2.5"),
                    Arguments.of(".5", "0.5"),
                    Arguments.of("5.", "5"),
                    Arguments.of(7, "7"),
                    Arguments.of(7L, "7"),
                    Arguments.of(BigInteger.TEN.pow(30), "1000000000000000000000000000000"),
                    Arguments.of(new BigDecimal("0.7"), "0.7"),
                    Arguments.of(0.7d, "0.7"));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("accepted")
        void acceptsNumbersAndNumericText(Object raw, String expected) {
            Object value = convert(raw, ValueType.NUMBER);
            assertTrue(value instanceof BigDecimal, () -> "a BigDecimal, not " + value.getClass());
            assertEquals(0, new BigDecimal(expected).compareTo((BigDecimal) value), () -> expected + " vs " + value);
        }

        @Test
        @DisplayName("fractions stay exact: 0.7 is 0.7, not 0.69999…")
        void fractionsStayExact() {
            assertEquals(new BigDecimal("0.7"), convert("0.7", ValueType.NUMBER));
            assertEquals(new BigDecimal("0.7"), convert(0.7d, ValueType.NUMBER));
            assertEquals(new BigDecimal("1.10"), convert(new BigDecimal("1.10"), ValueType.NUMBER));
        }

        static Stream<Arguments> rejected() {
            return Stream.of(
                    Arguments.of("abc", "\"abc\" is not a number"),
                    Arguments.of("", "\"\" is not a number"),
                    Arguments.of("NaN", "\"NaN\" is not a number"),
                    Arguments.of("Infinity", "\"Infinity\" is not a number"),
                    Arguments.of("0x10", "\"0x10\" is not a number"),
                    Arguments.of("1e", "\"1e\" is not a number"),
                    Arguments.of(".", "\".\" is not a number"),
                    Arguments.of("1,5", "\"1,5\" is not a number"),
                    Arguments.of(" 1", "\" 1\" is not a number"),
                    Arguments.of(true, "true is not a number"),
                    Arguments.of(false, "false is not a number"),
                    Arguments.of(Double.NaN, "NaN is not a number"),
                    Arguments.of(Double.POSITIVE_INFINITY, "Infinity is not a number"),
                    Arguments.of(Map.of("a", 1), "a JSON object is not a number"),
                    Arguments.of(List.of(), "a JSON array is not a number"),
                    Arguments.of(null, "null is not a number"));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("rejected")
        void rejectsAnythingElseNamingTheValue(Object raw, String message) {
            assertEquals(message, rejection(raw, ValueType.NUMBER));
        }

        @Test
        @DisplayName("property: random decimals, plain or in E notation, convert to the same value")
        void randomDecimalTextConverts() {
            Random random = new Random(17L);
            for (int i = 0; i < TRIALS; i++) {
                BigDecimal d = BigDecimal.valueOf(random.nextLong() >> random.nextInt(64), random.nextInt(41) - 20);
                for (String text : List.of(d.toString(), d.toPlainString(), d.toString().toLowerCase(Locale.ROOT))) {
                    Object value = convert(text, ValueType.NUMBER);
                    assertEquals(0, d.compareTo((BigDecimal) value), text);
                }
            }
        }

        @Test
        @DisplayName("property: numeric text with trailing junk is rejected, and the message quotes it")
        void randomNonNumericTextIsRejected() {
            Random random = new Random(19L);
            List<String> junk = List.of("abc", "x", "%", " ", "..", "e", "e+", "f", "d", "L", "_1", "/2", "0x");
            for (int i = 0; i < TRIALS; i++) {
                String number = BigDecimal.valueOf(random.nextInt(), random.nextInt(6)).toPlainString();
                String text = random.nextBoolean()
                        ? number + junk.get(random.nextInt(junk.size()))
                        : junk.get(random.nextInt(junk.size())) + number;
                assertEquals("\"" + text + "\" is not a number", rejection(text, ValueType.NUMBER));
            }
        }
    }

    @Nested
    class Enums {
        @ParameterizedTest
        @ValueSource(strings = {"INFO", "info", "Info", "iNfO"})
        @DisplayName("matches case-insensitively and returns the declared spelling")
        void matchesIgnoringCase(String text) {
            assertEquals("info", convert(text, LEVEL));
        }

        @Test
        void returnsTheDeclaredSpellingEvenWhenItIsNotLowerCase() {
            ValueType mixed = new ValueType.Enum(List.of("Debug", "INFO"));
            assertEquals("INFO", convert("info", mixed));
            assertEquals("Debug", convert("DEBUG", mixed));
        }

        static Stream<Arguments> rejected() {
            return Stream.of(
                    Arguments.of("verbose", "\"verbose\""),
                    Arguments.of("", "\"\""),
                    Arguments.of(" info", "\" info\""),
                    Arguments.of(1, "1"),
                    Arguments.of(true, "true"),
                    Arguments.of(List.of("info"), "a JSON array"),
                    Arguments.of(null, "null"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("rejected")
        void rejectsNonMembersAndNonText(Object raw, String rendered) {
            assertEquals(rendered + " is not one of debug, info, warn, error", rejection(raw, LEVEL));
        }
    }

    @Nested
    class Text {
        static Stream<Arguments> scalars() {
            return Stream.of(
                    Arguments.of("0.0.0.0", "0.0.0.0"),
                    Arguments.of("", ""),
                    Arguments.of(8080L, "8080"),
                    Arguments.of(8080, "8080"),
                    Arguments.of(BigInteger.TEN.pow(20), "100000000000000000000"),
                    Arguments.of(new BigDecimal("0.7"), "0.7"),
                    Arguments.of(new BigDecimal("1E+3"), "1000"),
                    Arguments.of(0.5d, "0.5"),
                    Arguments.of(true, "true"),
                    Arguments.of(false, "false"));
        }

        @ParameterizedTest(name = "{0} -> \"{1}\"")
        @MethodSource("scalars")
        void stringTakesTextAndScalars(Object raw, String expected) {
            assertEquals(expected, convert(raw, ValueType.STRING));
        }

        @ParameterizedTest(name = "{0} -> \"{1}\"")
        @MethodSource("scalars")
        void pathTakesTextAndScalarsLikeString(Object raw, String expected) {
            assertEquals(expected, convert(raw, ValueType.PATH));
        }

        @Test
        void stringRejectsMapsAndLists() {
            assertEquals("a JSON object is not a string", rejection(Map.of("a", 1), ValueType.STRING));
            assertEquals("a JSON array is not a string", rejection(List.of("a"), ValueType.STRING));
        }

        @Test
        void pathRejectsMapsAndListsNamingItsType() {
            assertEquals("a JSON object is not a path", rejection(Map.of("a", 1), ValueType.PATH));
            assertEquals("a JSON array is not a path", rejection(List.of("a"), ValueType.PATH));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "   ", "\t", " \n "})
        @DisplayName("a blank path counts as absent, a blank string does not")
        void blankPathIsAbsent(String blank) {
            assertTrue(Converter.isAbsent(blank, ValueType.PATH));
            assertFalse(Converter.isAbsent(blank, ValueType.STRING));
            assertFalse(Converter.isAbsent(blank, LEVEL));
        }

        @Test
        void nullIsAbsentForEveryType() {
            for (ValueType type : ValueType.SIMPLE) {
                assertTrue(Converter.isAbsent(null, type), type.name());
            }
            assertTrue(Converter.isAbsent(null, LEVEL));
        }

        @Test
        void presentValuesAreNotAbsent() {
            assertFalse(Converter.isAbsent("./models", ValueType.PATH));
            assertFalse(Converter.isAbsent(0L, ValueType.PATH));
            assertFalse(Converter.isAbsent(false, ValueType.BOOLEAN));
            assertFalse(Converter.isAbsent("", ValueType.JSON));
        }
    }

    @Nested
    class JsonValues {
        @Test
        @DisplayName("json keeps any value as it is, the very same object")
        void keepsAnything() {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("b", 1);
            object.put("a", List.of(true, "x"));
            assertSame(object, convert(object, ValueType.JSON));
            List<Object> list = List.of(1, "two");
            assertSame(list, convert(list, ValueType.JSON));
            assertEquals("text", convert("text", ValueType.JSON));
            assertEquals(new BigDecimal("0.7"), convert(new BigDecimal("0.7"), ValueType.JSON));
            assertEquals(false, convert(false, ValueType.JSON));
            assertNull(convert(null, ValueType.JSON));
        }
    }

    @Nested
    class Ranges {
        @Test
        void enforcesMaximumWithExactMessage() {
            assertEquals("70000 is above the maximum 65535", rangeRejection(70000L, "1", "65535"));
        }

        @Test
        void enforcesMinimumWithExactMessage() {
            assertEquals("0 is below the minimum 1", rangeRejection(0L, "1", "65535"));
            assertEquals("-5 is below the minimum 0", rangeRejection(-5L, "0", null));
        }

        @Test
        void checksDecimalsToo() {
            assertEquals("0.05 is below the minimum 0.1", rangeRejection(new BigDecimal("0.05"), "0.1", "2"));
            assertEquals("2.000001 is above the maximum 2", rangeRejection(new BigDecimal("2.000001"), "0.1", "2"));
            assertEquals("3 is above the maximum 2.5", rangeRejection(3L, null, "2.5"));
        }

        @Test
        @DisplayName("bounds are inclusive, and a missing bound does not limit")
        void boundsAreInclusive() throws ConversionException {
            BigDecimal one = BigDecimal.ONE;
            BigDecimal max = new BigDecimal("65535");
            Converter.checkRange(1L, one, max);
            Converter.checkRange(65535L, one, max);
            Converter.checkRange(new BigDecimal("65535.0"), one, max);
            Converter.checkRange(Long.MAX_VALUE, one, null);
            Converter.checkRange(Long.MIN_VALUE, null, max);
            Converter.checkRange(new BigDecimal("-1E+30"), null, null);
        }

        @Test
        @DisplayName("property: random ports are accepted inside [1, 65535] and refused outside it")
        void randomPorts() throws ConversionException {
            Random random = new Random(23L);
            BigDecimal min = BigDecimal.ONE;
            BigDecimal max = new BigDecimal("65535");
            for (int i = 0; i < TRIALS; i++) {
                long port = random.nextInt(200_000) - 100_000L;
                if (port >= 1 && port <= 65535) {
                    Converter.checkRange(port, min, max);
                } else {
                    String expected = port < 1 ? port + " is below the minimum 1" : port + " is above the maximum 65535";
                    assertEquals(expected, rangeRejection(port, "1", "65535"));
                }
            }
        }
    }

    @Nested
    class Rendering {
        @Test
        void rendersValuesAsJson() {
            assertEquals("\"8080abc\"", Converter.render("8080abc"));
            assertEquals("\"a \\\"b\\\" c\\\\d\"", Converter.render("a \"b\" c\\d"));
            assertEquals("8080", Converter.render(8080L));
            assertEquals("0.0000001", Converter.render(new BigDecimal("1E-7")));
            assertEquals("true", Converter.render(true));
            assertEquals("null", Converter.render(null));
            assertEquals("a JSON object", Converter.render(Map.of("k", "v")));
            assertEquals("a JSON array", Converter.render(List.of()));
        }
    }

    @Test
    @DisplayName("json keeps any value but NaN and Infinity, which JSON cannot hold")
    void jsonRefusesNonFiniteNumbers() throws Exception {
        assertEquals("NaN is not valid JSON", rejection(Double.NaN, ValueType.JSON));
        assertEquals("Infinity is not valid JSON", rejection(Double.POSITIVE_INFINITY, ValueType.JSON));
        assertEquals(1.5d, Converter.convert(1.5d, ValueType.JSON));
    }
}
