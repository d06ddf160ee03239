package dev.mapper.plan;

import java.util.Objects;
import dev.mapper.convert.ConversionException;
import dev.mapper.convert.Converter;
import dev.mapper.convert.Json;
import dev.mapper.model.KeyRule;
import dev.mapper.model.Target;
import dev.mapper.model.ValueType;
import java.math.BigInteger;

/**
 * A target key's value as the database stores it: a JSON value inside a document target's object,
 * or a rows target's {@link Row} (value text and type name). Comparing stored forms is how a new
 * revision tells whether the app changed a value since the revision before wrote it.
 */
public final class Stored {
    private Stored() {}

    /** One row of a rows target: the value as text and the type name (null: a row the app wrote without one). */
    public record Row(String text, String type) {}

    /** How {@code value}, computed by {@code rule}, is stored in {@code target}. */
    public static Object of(Target target, KeyRule rule, Object value) {
        return target instanceof Target.Rows ? new Row(Planner.asText(value), rule.type().name()) : value;
    }

    /** Equal stored values; JSON numbers compare by value. Null is an absent key. */
    public static boolean same(Object a, Object b) {
        return a instanceof Row || b instanceof Row ? Objects.equals(a, b) : Json.same(a, b);
    }

    public static String render(Object stored) {
        if (stored == null) {
            return "(absent)";
        }
        if (stored instanceof Row row) {
            boolean bare = "integer".equals(row.type()) || "number".equals(row.type()) || "boolean".equals(row.type());
            return bare ? row.text() : Converter.render(row.text());
        }
        return Converter.render(stored);
    }

    /**
     * The typed value of a stored value that must satisfy {@code rule}'s type exactly as the
     * rule would have written it. @throws ConversionException saying what does not fit
     */
    public static Object typed(Target target, KeyRule rule, Object stored) throws ConversionException {
        if (stored == null) {
            throw new ConversionException("the key is absent");
        }
        if (stored instanceof Row row) {
            if (row.type() != null && !row.type().equals(rule.type().name())) { // no type: the app's row, read by the rule's type
                throw new ConversionException(render(stored) + " is stored with type '" + row.type() + "', the rule declares '" + rule.type().name() + "'");
            }
            Object value = Converter.convert(row.text(), rule.type());
            if (!Planner.asText(value).equals(row.text())) {
                throw new ConversionException(render(stored) + " is not written as a " + rule.type() + " would be (" + Planner.asText(value) + ")");
            }
            return value;
        }
        String problem = typeProblem(rule.type(), stored);
        if (problem != null) {
            throw new ConversionException(render(stored) + " has the wrong JSON type (" + problem + ")");
        }
        Object value = Converter.convert(stored, rule.type());
        if (!Json.same(value, stored)) {
            throw new ConversionException(render(stored) + " is not " + rule.type() + " as written (" + Converter.render(value) + ")");
        }
        return value;
    }

    /** Null when a stored JSON value has the JSON type a key declares, else what is wrong. */
    public static String typeProblem(ValueType type, Object found) {
        boolean ok;
        if (type == ValueType.INTEGER) {
            ok = found instanceof Integer || found instanceof Long || found instanceof BigInteger;
        } else if (type == ValueType.NUMBER) {
            ok = found instanceof Number;
        } else if (type == ValueType.BOOLEAN) {
            ok = found instanceof Boolean;
        } else if (type == ValueType.JSON) {
            ok = true;
        } else {
            ok = found instanceof String;
        }
        return ok ? null : "JSON " + Json.typeOf(found) + ", declared " + type.name();
    }
}
