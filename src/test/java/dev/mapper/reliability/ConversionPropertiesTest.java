package dev.mapper.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mapper.convert.ConversionException;
import dev.mapper.convert.Converter;
import dev.mapper.model.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Properties of every conversion, each checked on 10,000 generated values from a fixed seed (a
 * failure names the value, and re-running reproduces it). JUnit's own tests with a seeded
 * generator: jqwik's engine targets the JUnit Platform 1.x, and this build uses JUnit 6.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard: a huge exponent must not hang a conversion
class ConversionPropertiesTest {
    static final int RUNS = 10_000;
    static final long SEED = 20261125L;
    static final String ALPHABET = "0123456789+-.eE xyzTRUEfalsNOon_é€\t";
    static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?[0-9]+");
    static final Pattern NUMBER_TEXT = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    static final ValueType.Enum LEVELS = new ValueType.Enum(List.of("debug", "info", "warn", "error"));

    private final Random random = new Random(SEED);

    private String randomText() {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private String randomCase(String word) {
        StringBuilder s = new StringBuilder();
        for (char c : word.toCharArray()) {
            s.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return s.toString();
    }

    private static String refusal(Object raw, ValueType type) {
        return assertThrows(ConversionException.class, () -> Converter.convert(raw, type), () -> raw + " was accepted as " + type).getMessage();
    }

    @Test
    @DisplayName("every 64-bit integer converts from its text (with sign and leading zeros), its number forms, and round-trips")
    void integersRoundTrip() throws ConversionException {
        for (long n : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1}) {
            assertEquals(n, Converter.convert(Long.toString(n), ValueType.INTEGER));
        }
        for (int i = 0; i < RUNS; i++) {
            long n = switch (i % 3) {
                case 0 -> random.nextLong();
                case 1 -> random.nextInt();
                default -> random.nextInt(100_000) - 50_000;
            };
            String text = Long.toString(n);
            assertEquals(n, Converter.convert(text, ValueType.INTEGER), text);
            assertEquals(text, Converter.convert(text, ValueType.INTEGER).toString());
            if (n >= 0) {
                assertEquals(n, Converter.convert("+00" + text, ValueType.INTEGER), "+00" + text);
            }
            assertEquals(n, Converter.convert(new BigDecimal(text + ".000"), ValueType.INTEGER), text + ".000");
            assertEquals(n, Converter.convert(new BigInteger(text), ValueType.INTEGER));
        }
    }

    @Test
    @DisplayName("integers outside 64 bits are refused, naming the value and the range")
    void outsideTheRange() {
        BigInteger limit = BigInteger.valueOf(Long.MAX_VALUE);
        for (int i = 0; i < RUNS; i++) {
            BigInteger big = limit.add(BigInteger.TWO).add(new BigInteger(random.nextInt(200) + 1, random)); // past -2^63 too
            String text = (random.nextBoolean() ? "-" : "") + (random.nextBoolean() ? big : big.add(BigInteger.ONE));
            assertEquals("\"" + text + "\" is outside the 64-bit integer range", refusal(text, ValueType.INTEGER));
        }
        assertEquals("\"-9223372036854775809\" is outside the 64-bit integer range", refusal("-9223372036854775809", ValueType.INTEGER));
    }

    @Test
    @DisplayName("every text that is not an integer is refused as an integer, naming the value")
    void nonIntegers() throws ConversionException {
        int refused = 0;
        for (int i = 0; i < RUNS; i++) {
            String text = randomText();
            if (INTEGER_TEXT.matcher(text).matches()) {
                assertEquals(new BigInteger(text).longValueExact(), Converter.convert(text, ValueType.INTEGER), text);
                continue;
            }
            refused++;
            assertEquals(Converter.render(text) + " is not an integer", refusal(text, ValueType.INTEGER));
        }
        assertEquals(true, refused > RUNS / 2, "the generator produced mostly non-integers: " + refused);
    }

    @Test
    @DisplayName("fractions are refused as integers: 80.5, 1e-3")
    void fractionsAreNotIntegers() {
        for (int i = 0; i < RUNS; i++) {
            BigDecimal fraction = BigDecimal.valueOf(random.nextInt(1_000_000)).add(new BigDecimal("0." + (1 + random.nextInt(999))));
            assertEquals(fraction.toPlainString() + " is not an integer", refusal(fraction, ValueType.INTEGER));
        }
    }

    @Test
    @DisplayName("booleans: every spelling of the twelve words in any case converts; every other text is refused, named")
    void booleans() throws ConversionException {
        List<String> yes = List.of("true", "yes", "on", "1");
        List<String> no = List.of("false", "no", "off", "0");
        for (int i = 0; i < RUNS; i++) {
            String word = randomCase((i % 2 == 0 ? yes : no).get(random.nextInt(4)));
            assertEquals(i % 2 == 0, Converter.convert(word, ValueType.BOOLEAN), word);
            String text = randomText();
            if (yes.contains(text.toLowerCase(Locale.ROOT)) || no.contains(text.toLowerCase(Locale.ROOT))) {
                continue;
            }
            assertEquals(Converter.render(text) + " is not a boolean (use true/false, yes/no, on/off or 1/0)", refusal(text, ValueType.BOOLEAN));
        }
        assertEquals("2 is not a boolean (use true/false, yes/no, on/off or 1/0)", refusal(2L, ValueType.BOOLEAN));
    }

    @Test
    @DisplayName("numbers: every decimal text converts to exactly its value and writes back the same; other texts are refused, named")
    void numbers() throws ConversionException {
        for (int i = 0; i < RUNS; i++) {
            BigDecimal d = new BigDecimal(new BigInteger(random.nextInt(120) + 1, random), random.nextInt(60) - 30);
            if (random.nextBoolean()) {
                d = d.negate();
            }
            String text = d.toPlainString();
            BigDecimal converted = (BigDecimal) Converter.convert(text, ValueType.NUMBER);
            assertEquals(0, d.compareTo(converted), text);
            assertEquals(text, converted.toPlainString());
            double x = random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            assertEquals(0, new BigDecimal(Double.toString(x)).compareTo((BigDecimal) Converter.convert(x, ValueType.NUMBER)), Double.toString(x));

            String other = randomText();
            if (!NUMBER_TEXT.matcher(other).matches()) {
                assertEquals(Converter.render(other) + " is not a number", refusal(other, ValueType.NUMBER));
            }
        }
    }

    @Test
    @DisplayName("a number with a huge exponent (1e999999999) is refused at once, for every type, not written out")
    void hugeExponents() {
        for (int i = 0; i < 1000; i++) {
            int exponent = 1001 + random.nextInt(Integer.MAX_VALUE - 1001);
            BigDecimal huge = new BigDecimal("1e" + (random.nextBoolean() ? "" : "-") + exponent);
            String shown = huge.toString();
            assertEquals(shown + " has more than 1000 digits written out", refusal(huge, ValueType.NUMBER));
            assertEquals(shown + " has more than 1000 digits written out", refusal(huge, ValueType.STRING));
            assertEquals(shown + (huge.compareTo(BigDecimal.ONE) > 0 ? " is outside the 64-bit integer range" : " is not an integer"),
                    refusal(huge, ValueType.INTEGER));
            assertEquals("\"1e" + exponent + "\" has more than 1000 digits written out", refusal("1e" + exponent, ValueType.NUMBER));
        }
    }

    @Test
    @DisplayName("enums: any letter case of a member gives its declared spelling; anything else is refused, naming value and members")
    void enums() throws ConversionException {
        for (int i = 0; i < RUNS; i++) {
            String member = LEVELS.values().get(random.nextInt(4));
            assertEquals(member, Converter.convert(randomCase(member), LEVELS));
            String other = randomText();
            if (LEVELS.values().stream().noneMatch(other::equalsIgnoreCase)) {
                assertEquals(Converter.render(other) + " is not one of debug, info, warn, error", refusal(other, LEVELS));
            }
        }
    }
}
