package dev.mapper.model;

import java.util.List;

/** The type a target key declares; {@link dev.mapper.convert.Converter} enforces it. */
public sealed interface ValueType {
    ValueType STRING = new Simple("string");
    ValueType PATH = new Simple("path");
    ValueType INTEGER = new Simple("integer");
    ValueType NUMBER = new Simple("number");
    ValueType BOOLEAN = new Simple("boolean");
    ValueType JSON = new Simple("json");

    List<ValueType> SIMPLE = List.of(STRING, PATH, INTEGER, NUMBER, BOOLEAN, JSON);

    /** The name written in mapping files and in the {@code type} column of rows targets. */
    String name();

    /** string, path, integer, number, boolean or json. */
    record Simple(String name) implements ValueType {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One of a fixed list of strings, matched case-insensitively, written in the declared spelling. */
    record Enum(List<String> values) implements ValueType {
        public Enum {
            values = List.copyOf(values);
        }

        @Override
        public String name() {
            return "enum";
        }

        @Override
        public String toString() {
            return "one of " + String.join(", ", values);
        }
    }

    default boolean isNumeric() {
        return this == INTEGER || this == NUMBER;
    }
}
