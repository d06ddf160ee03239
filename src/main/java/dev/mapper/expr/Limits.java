package dev.mapper.expr;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How big a value an expression may build. Without loops an expression has a bounded number of
 * steps, so memory can only explode inside one call; the calls that multiply their input
 * ({@code repeat}, {@code indent}, {@code replace} with an empty target, a wide {@code formatted}
 * field, {@code split}, a range) are refused before they run, and every call's result is measured after:
 * each value against the limits for one value, and all the values one evaluation builds together
 * against {@link #MAX_BYTES} (forty values just under the limit, {@code [value + value, …]}, are
 * gigabytes). Every refusal here is a {@link Refusal#memory} one: it says it is about memory.
 */
final class Limits {
    static final int MAX_TEXT = 10_000_000;
    static final int MAX_ITEMS = 1_000_000;
    /** What all the values one evaluation builds may take together, in bytes (a text's character takes up to 2, a list's item 16). */
    static final long MAX_BYTES = 64_000_000;
    private static final Pattern FORMAT_WIDTH = Pattern.compile("%[-#+ 0,(<]*(\\d+)");

    private Limits() {}

    /** Inputs up to this size keep a call on the cheap list quick whatever the method does (indexOf is O(n·m)). */
    static final int SMALL = 4096;

    /**
     * Whether a call on the cheap list may skip the time budget: only when its receiver and
     * arguments are small. The cost of indexOf, contains, replace or a big number's toString grows
     * with the input, so a call on large inputs is budgeted whatever its name.
     */
    static boolean small(Object receiver, Object[] args) {
        if (!smallValue(receiver)) {
            return false;
        }
        for (Object arg : args) {
            if (!smallValue(arg)) {
                return false;
            }
        }
        return true;
    }

    private static boolean smallValue(Object v) {
        if (v == null || v instanceof Long || v instanceof Integer || v instanceof Double || v instanceof Boolean) {
            return true;
        }
        if (v instanceof CharSequence text) {
            return text.length() <= SMALL;
        }
        if (v instanceof java.math.BigInteger b) {
            return b.bitLength() <= SMALL;
        }
        if (v instanceof BigDecimal d) {
            return d.precision() <= SMALL && Math.abs((long) d.scale()) <= SMALL;
        }
        if (v instanceof Collection<?> c) {
            return c.size() <= SMALL;
        }
        if (v instanceof Map<?, ?> m) {
            return m.size() <= SMALL;
        }
        return !v.getClass().isArray() || Array.getLength(v) <= SMALL;
    }

    /** @throws Refusal if the method would build a value over the limits */
    static void beforeCall(Object receiver, String method, Object[] args) {
        if (receiver == null || isScalar(receiver)) {
            return;
        }
        if (!(receiver instanceof String text)) { // a class check, cheaper than the interface check, and text is no list
            if (receiver instanceof Collection<?> c && c.size() > MAX_ITEMS) {
                throw tooBig("'" + method + "'", c.size() + " items", MAX_ITEMS + " items");
            }
            return;
        }
        long estimate = switch (method) {
            case "repeat" -> (long) text.length() * integer(args, 0);
            case "indent" -> text.length() + (long) Math.abs(integer(args, 0)) * (text.lines().count() + 1);
            case "replace", "replaceAll", "replaceFirst" -> text.length() + (text.length() + 1L) * length(args, 1);
            case "formatted" -> text.length() + widest(text) + Arrays.stream(args).mapToLong(a -> String.valueOf(a).length()).sum();
            default -> 0;
        };
        if (estimate > MAX_TEXT) {
            throw tooBig("'" + method + "'", "up to " + estimate + " characters", MAX_TEXT + " characters");
        }
        // each piece is an object of its own (about 50 bytes for one character): refused by the count it could make
        long pieces = method.equals("split") ? splitPieces(text, args) : 0;
        if (pieces > MAX_ITEMS) {
            throw tooBig("'split'", "up to " + pieces + " items", MAX_ITEMS + " items");
        }
        // A text search compares up to (text × pattern) characters, inside one JVM intrinsic that
        // neither the time budget nor a GC safepoint can interrupt: refused before it starts.
        long comparisons = switch (method) {
            case "indexOf", "lastIndexOf", "contains", "replace", "split" -> (long) text.length() * length(args, 0);
            default -> 0;
        };
        if (comparisons > MAX_COMPARISONS) {
            throw new Refusal("refused: '" + method + "' would compare up to " + comparisons + " characters (a " + length(args, 0)
                    + "-character pattern in a " + text.length() + "-character text), over the limit of " + MAX_COMPARISONS
                    + " for one call; a transform must be a quick single expression");
        }
    }

    /** Character comparisons one text search may make (a second or so of work). */
    static final long MAX_COMPARISONS = 1_000_000_000L;

    /** The most pieces {@code text.split(pattern)} can give: one per character for a pattern that may match nothing. */
    private static long splitPieces(String text, Object[] args) {
        String pattern = args.length > 0 && args[0] != null ? String.valueOf(args[0]) : "";
        boolean literal = !pattern.isEmpty() && pattern.chars().noneMatch(c -> ".$|()[]{}^?*+\\".indexOf(c) >= 0);
        if (!literal) {
            return text.length() + 1L;
        }
        long pieces = 1;
        for (int at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + pattern.length())) {
            pieces++;
        }
        return pieces;
    }

    /**
     * A value a call or {@code +} built: checked against the limits for one value, then added to
     * what the evaluation built so far. Small values are not counted: an expression's length bounds
     * how many calls it makes, so all of them together stay far under {@link #MAX_BYTES}.
     * @throws Refusal if a value is over the limits; returns it otherwise
     */
    static Object measured(String what, Object value) {
        long bytes = checked(what, value);
        if (bytes > SMALL * 2L) {
            Budget.built(bytes);
        }
        return value;
    }

    /** Checks one value against the limits for one value; returns about how many bytes it takes. */
    static long checked(String what, Object value) {
        if (value == null || isScalar(value)) {
            return 0;
        }
        CharSequence text = value instanceof String s ? s : value instanceof CharSequence c ? c : null; // String first: a class check
        if (text != null && text.length() > MAX_TEXT) {
            throw tooBig(what, text.length() + " characters", MAX_TEXT + " characters");
        }
        if (text != null) {
            return 2L * text.length();
        }
        long items = value instanceof Collection<?> c ? c.size()
                : value instanceof Map<?, ?> m ? m.size()
                : value.getClass().isArray() ? Array.getLength(value) : 0;
        if (items > MAX_ITEMS) {
            throw tooBig(what, items + " items", MAX_ITEMS + " items");
        }
        return 16L * items;
    }

    /** @throws Refusal when what one evaluation built, {@code total} bytes, is over {@link #MAX_BYTES} */
    static void total(long total) {
        if (total > MAX_BYTES) {
            throw Refusal.memory("refused: the values this evaluation built would take about " + megabytes(total) + " MB, over the memory limit of "
                    + megabytes(MAX_BYTES) + " MB for one evaluation; transforms may not build huge values");
        }
    }

    private static long megabytes(long bytes) {
        return (bytes + 500_000) / 1_000_000;
    }

    /**
     * A number or boolean, which no limit is about. Checked by exact class, a pointer comparison:
     * the interface checks below (text? list? map?) cost more per call than the cheap calls they
     * guard, and nearly every value a transform handles is one of these.
     */
    private static boolean isScalar(Object value) {
        Class<?> type = value.getClass();
        return type == Double.class || type == Long.class || type == Integer.class || type == Boolean.class || type == BigDecimal.class;
    }

    /** A range {@code a .. b} is lazy, but anything that walks it is not. */
    static void range(Object from, Object to) {
        if (from instanceof Number a && to instanceof Number b && Math.abs(b.doubleValue() - a.doubleValue()) >= MAX_ITEMS) {
            throw tooBig("'..'", "a range of " + (long) Math.abs(b.doubleValue() - a.doubleValue() + 1) + " numbers", MAX_ITEMS + " items");
        }
    }

    private static Refusal tooBig(String what, String size, String limit) {
        return Refusal.memory("refused: " + what + " would build " + size + ", over the memory limit of " + limit
                + " for one value; transforms may not build huge values");
    }

    private static long integer(Object[] args, int i) {
        return args.length > i && args[i] instanceof Number n ? n.longValue() : 0;
    }

    private static long length(Object[] args, int i) {
        return args.length > i && args[i] != null ? String.valueOf(args[i]).length() : 0;
    }

    private static long widest(String format) {
        long widest = 0;
        Matcher m = FORMAT_WIDTH.matcher(format);
        while (m.find()) {
            widest += m.group(1).length() > 10 ? Long.MAX_VALUE / 4 : Long.parseLong(m.group(1));
        }
        return widest;
    }
}
