package dev.mapper.plan;

import dev.mapper.convert.Converter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One SQL statement of a plan with the values bound to its parameters. Values only ever reach the
 * database as bound parameters; {@link #display()} inlines them for people to read.
 */
public record Step(String sql, List<Object> params) {
    public Step {
        params = Collections.unmodifiableList(new ArrayList<>(params)); // a NULL parameter is allowed
    }

    public Step(String sql) {
        this(sql, List.of());
    }

    public String display() {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            int digits = i + 1;
            while (digits < sql.length() && Character.isDigit(sql.charAt(digits))) {
                digits++;
            }
            if (c == '?' && digits > i + 1) { // ?N, numbered: the same parameter may appear many times
                out.append(literal(params.get(Integer.parseInt(sql.substring(i + 1, digits)) - 1)));
                i = digits - 1;
            } else if (c == '?' && next < params.size()) {
                out.append(literal(params.get(next++)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        return Converter.render(value);
    }
}
