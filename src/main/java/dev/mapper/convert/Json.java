package dev.mapper.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing JSON documents stored in rows. Fractions are read as BigDecimal so 0.7 stays
 * 0.7, integers as Integer/Long/BigInteger, objects keep their key order; output is compact, like
 * the app's own JSON.stringify.
 *
 * <p>Jackson's streaming parser and generator (jackson-core) alone: the values are plain maps, lists
 * and scalars, and jackson-databind's ~500 classes cost ~0.15 s of every start. Values, output and
 * messages are the ones databind's {@code readValue(text, Object.class)} / {@code writeValueAsString} gave.
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private Json() {}

    /** Parses JSON text into maps, lists and scalars. @throws JsonProcessingException on bad JSON */
    public static Object parse(String text) throws JsonProcessingException {
        if (text == null) {
            throw new IllegalArgumentException("argument \"content\" is null");
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new JsonParseException(parser, "No content to map due to end-of-input");
            }
            Object value = read(parser);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after value (bound as `java.lang.Object`): "
                        + "not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does no I/O
        }
    }

    /** The value at the parser's current token, its nested values read too. */
    private static Object read(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, read(parser));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(parser));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberValue(); // Integer, Long or BigInteger, the smallest that holds it
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonParseException(parser, "Unexpected token (" + parser.currentToken() + ")");
        }
    }

    public static String write(Object value) {
        return write(value, false);
    }

    /** Indented JSON, for people to read (inspect). */
    public static String pretty(Object value) {
        return write(value, true);
    }

    private static String write(Object value, boolean pretty) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            if (pretty) {
                generator.useDefaultPrettyPrinter();
            }
            write(generator, value);
        } catch (IOException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + value, e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String s) {
            generator.writeString(s);
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            generator.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long l) {
            generator.writeNumber(l);
        } else if (value instanceof BigInteger b) {
            generator.writeNumber(b);
        } else if (value instanceof BigDecimal d) {
            generator.writeNumber(d);
        } else if (value instanceof Double d) {
            generator.writeNumber(d);
        } else if (value instanceof Float f) {
            generator.writeNumber(f);
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("value cannot be written as JSON (a null key): " + value);
                }
                generator.writeFieldName(e.getKey().toString());
                write(generator, e.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                write(generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof byte[] bytes) {
            generator.writeBinary(bytes);
        } else {
            throw new IllegalArgumentException("value cannot be written as JSON: " + value);
        }
    }

    /** The JSON type name of a parsed value, for messages: string, integer, number, boolean, object, array, null. */
    public static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return "integer";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Map<?, ?>) {
            return "object";
        }
        if (value instanceof List<?>) {
            return "array";
        }
        return value.getClass().getSimpleName();
    }

    /** Equality of JSON values; numbers compare by value (8080 equals 8080.0). */
    public static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && x.keySet().stream().allMatch(k -> y.containsKey(k) && same(x.get(k), y.get(k)));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }
}
