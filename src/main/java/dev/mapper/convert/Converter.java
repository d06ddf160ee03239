package dev.mapper.convert;

import dev.mapper.model.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The strict conversions, the same for defaults, source values, transform results and
 * verification. Typed results are String, Long, BigDecimal, Boolean, or (for json) the value itself.
 */
public final class Converter {
    private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern NUMBER_TEXT = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on", "1");
    private static final Set<String> FALSE_WORDS = Set.of("false", "no", "off", "0");

    private Converter() {}

    /** Null counts as absent everywhere; a blank string counts as absent for paths (a rule's {@code blank: absent} widens this: KeyRule.absent). */
    public static boolean isAbsent(Object raw, ValueType type) {
        return raw == null || (type == ValueType.PATH && raw instanceof String s && s.isBlank());
    }

    public static Object convert(Object raw, ValueType type) throws ConversionException {
        if (type instanceof ValueType.Enum e) {
            return toEnum(raw, e);
        }
        if (type == ValueType.INTEGER) {
            return toInteger(raw);
        }
        if (type == ValueType.NUMBER) {
            return toNumber(raw);
        }
        if (type == ValueType.BOOLEAN) {
            return toBoolean(raw);
        }
        if (type == ValueType.STRING || type == ValueType.PATH) {
            return toText(raw, type);
        }
        if ((raw instanceof Double || raw instanceof Float) && !Double.isFinite(((Number) raw).doubleValue())) {
            throw new ConversionException(render(raw) + " is not valid JSON"); // NaN and Infinity have no JSON form
        }
        return raw; // json: any other value, kept as it is
    }

    /** Checks an already converted integer or number against min and max (either may be null). */
    public static void checkRange(Object value, BigDecimal min, BigDecimal max) throws ConversionException {
        BigDecimal v = value instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) value;
        if (min != null && v.compareTo(min) < 0) {
            throw new ConversionException(render(value) + " is below the minimum " + min.toPlainString());
        }
        if (max != null && v.compareTo(max) > 0) {
            throw new ConversionException(render(value) + " is above the maximum " + max.toPlainString());
        }
    }

    /**
     * A number whose plain form would have more digits than this is refused (a JSON value like
     * 1e999999999 is a few bytes, written out a gigabyte: it would exhaust memory and time).
     */
    static final int MAX_PLAIN_DIGITS = 1000;

    private static boolean tooLongWrittenOut(BigDecimal d) {
        return d.precision() > MAX_PLAIN_DIGITS || Math.abs((long) d.scale()) > MAX_PLAIN_DIGITS;
    }

    private static ConversionException tooLong(BigDecimal d) {
        return new ConversionException(render(d) + " has more than " + MAX_PLAIN_DIGITS + " digits written out");
    }

    private static Long toInteger(Object raw) throws ConversionException {
        if (raw instanceof BigDecimal d && tooLongWrittenOut(d)) {
            throw new ConversionException(render(raw) + (d.precision() - (long) d.scale() > 19 ? " is outside the 64-bit integer range" : " is not an integer"));
        }
        BigInteger whole = null;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        } else if (raw instanceof BigInteger b) {
            whole = b;
        } else if (raw instanceof BigDecimal d) {
            whole = integralOrNull(d);
        } else if (raw instanceof Double || raw instanceof Float) {
            double d = ((Number) raw).doubleValue();
            whole = Double.isFinite(d) ? integralOrNull(BigDecimal.valueOf(d)) : null;
        } else if (raw instanceof String s && INTEGER_TEXT.matcher(s).matches()) {
            whole = new BigInteger(s);
        }
        if (whole == null) {
            throw new ConversionException(render(raw) + " is not an integer");
        }
        if (whole.bitLength() > 63) {
            throw new ConversionException(render(raw) + " is outside the 64-bit integer range");
        }
        return whole.longValue();
    }

    private static BigInteger integralOrNull(BigDecimal d) {
        try {
            return d.toBigIntegerExact();
        } catch (ArithmeticException notWhole) {
            return null;
        }
    }

    private static BigDecimal toNumber(Object raw) throws ConversionException {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return BigDecimal.valueOf(((Number) raw).longValue());
        }
        if (raw instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (raw instanceof BigDecimal d) {
            if (tooLongWrittenOut(d)) {
                throw tooLong(d);
            }
            return d;
        }
        if ((raw instanceof Double || raw instanceof Float) && Double.isFinite(((Number) raw).doubleValue())) {
            return new BigDecimal(raw.toString());
        }
        if (raw instanceof String s && NUMBER_TEXT.matcher(s).matches()) {
            BigDecimal d = new BigDecimal(s);
            if (tooLongWrittenOut(d)) {
                throw new ConversionException(render(raw) + " has more than " + MAX_PLAIN_DIGITS + " digits written out");
            }
            return d;
        }
        throw new ConversionException(render(raw) + " is not a number");
    }

    private static Boolean toBoolean(Object raw) throws ConversionException {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            String word = s.toLowerCase(Locale.ROOT);
            if (TRUE_WORDS.contains(word)) {
                return true;
            }
            if (FALSE_WORDS.contains(word)) {
                return false;
            }
        } else if (raw instanceof Number n && !((raw instanceof Double || raw instanceof Float) && !Double.isFinite(n.doubleValue()))) {
            BigDecimal d = new BigDecimal(n.toString());
            if (d.compareTo(BigDecimal.ONE) == 0) {
                return true;
            }
            if (d.compareTo(BigDecimal.ZERO) == 0) {
                return false;
            }
        }
        throw new ConversionException(render(raw) + " is not a boolean"
                + " (use true/false, yes/no, on/off or 1/0)");
    }

    private static String toEnum(Object raw, ValueType.Enum type) throws ConversionException {
        if (raw instanceof String s) {
            for (String allowed : type.values()) {
                if (allowed.equalsIgnoreCase(s)) {
                    return allowed;
                }
            }
        }
        throw new ConversionException(render(raw) + " is not one of " + String.join(", ", type.values()));
    }

    private static String toText(Object raw, ValueType type) throws ConversionException {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof Boolean || raw instanceof Long || raw instanceof Integer || raw instanceof BigInteger) {
            return raw.toString();
        }
        if (raw instanceof BigDecimal d) {
            if (tooLongWrittenOut(d)) {
                throw tooLong(d);
            }
            return d.toPlainString();
        }
        if ((raw instanceof Double || raw instanceof Float) && Double.isFinite(((Number) raw).doubleValue())) {
            return new BigDecimal(raw.toString()).toPlainString(); // e.g. a transform's result
        }
        throw new ConversionException(render(raw) + " is not " + article(type));
    }

    /** A value as a user would write it in JSON: strings quoted, numbers plain, objects abbreviated. */
    public static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return quoted(s);
        }
        if (value instanceof byte[] bytes) { // a BLOB, as SQLite writes one
            StringBuilder hex = new StringBuilder("x'");
            for (int i = 0; i < Math.min(bytes.length, 16); i++) {
                hex.append(String.format("%02X", bytes[i] & 0xff));
            }
            return hex.append(bytes.length > 16 ? "…" : "").append("' (a BLOB of ").append(bytes.length).append(bytes.length == 1 ? " byte)" : " bytes)").toString();
        }
        if (value instanceof Object[] array) { // e.g. a transform's value.split(','): shown as the list it is
            StringBuilder list = new StringBuilder("[");
            for (int i = 0; i < Math.min(array.length, 10); i++) {
                list.append(i > 0 ? ", " : "").append(render(array[i]));
            }
            return list.append(array.length > 10 ? ", …" : "").append("] (a list of ").append(array.length).append(array.length == 1 ? " item)" : " items)").toString();
        }
        if (value instanceof BigDecimal d) {
            return tooLongWrittenOut(d) ? d.toString() : d.toPlainString();
        }
        if (value instanceof Map<?, ?>) {
            return "a JSON object";
        }
        if (value instanceof List<?>) {
            return "a JSON array";
        }
        return value.toString();
    }

    /**
     * A text in double quotes with JSON's escapes: control characters and lone surrogate halves
     * (which print as '?' and would make two different texts look alike) as \\uXXXX.
     */
    static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                out.append(c).append(s.charAt(++i));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String article(ValueType type) {
        return type == ValueType.INTEGER ? "an integer" : "a " + type.name();
    }
}
