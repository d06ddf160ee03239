package dev.mapper.model;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.Pos;
import dev.mapper.yaml.YNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one YAML map, checked against the names it may have. Getters record an error and
 * return null instead of throwing, so one run reports every mistake in the file.
 */
public final class Fields {
    private final YNode.YMap map;
    private final String where;
    private final List<Diagnostic> errors;
    private final Map<String, YNode.Entry> byName = new LinkedHashMap<>();

    public Fields(YNode.YMap map, String where, List<String> allowed, List<Diagnostic> errors) {
        this.map = map;
        this.where = where;
        this.errors = errors;
        for (YNode.Entry e : map.entries()) {
            if (allowed.contains(e.key())) {
                byName.put(e.key(), e);
            } else {
                String suggestion = DidYouMean.closest(e.key(), allowed);
                errors.add(Diagnostic.at(e.keyPos(), "unknown field '" + e.key() + "' in " + where
                                + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"),
                        "the fields here are: " + String.join(", ", allowed)));
            }
        }
    }

    /** Reads a node as a map, or records an error and returns null. */
    public static YNode.YMap asMap(YNode node, String what, List<Diagnostic> errors) {
        if (node instanceof YNode.YMap m) {
            return m;
        }
        errors.add(Diagnostic.at(node.pos(), what + " must be a map, not " + node.describe(),
                "write it as 'name: value' pairs, one per line, indented under it"));
        return null;
    }

    public Pos pos() {
        return map.pos();
    }

    public boolean has(String field) {
        return byName.containsKey(field);
    }

    public YNode node(String field) {
        YNode.Entry e = byName.get(field);
        return e == null ? null : e.value();
    }

    public Pos keyPos(String field) {
        YNode.Entry e = byName.get(field);
        return e == null ? map.pos() : e.keyPos();
    }

    /** A required field: missing is an error. */
    public YNode require(String field, String example) {
        YNode node = node(field);
        if (node == null) {
            errors.add(Diagnostic.at(map.pos(), where + " has no '" + field + "'", "add it, e.g. " + example));
        }
        return node;
    }

    /** A text field; numbers are accepted as their text (so {@code migration: 004} works). */
    public String text(String field) {
        YNode node = node(field);
        if (node == null) {
            return null;
        }
        if (node instanceof YNode.YScalar s && s.value() != null && !(s.value() instanceof Boolean)) {
            return s.value() instanceof String str ? str : scalarText(s);
        }
        errors.add(Diagnostic.at(node.pos(), "'" + field + "' in " + where + " must be text, not " + node.describe(),
                "write a plain value, e.g. " + field + ": name"));
        return null;
    }

    public String requiredText(String field, String example) {
        return require(field, example) == null ? null : text(field);
    }

    /** A SQL identifier: letters, digits and underscores, not starting with a digit. */
    public String identifier(String field, String fallback) {
        String value = has(field) ? text(field) : fallback;
        if (value != null && has(field)) {
            Identifiers.check(value, node(field).pos(), "'" + field + "' in " + where, errors);
        }
        return value;
    }

    private static String scalarText(YNode.YScalar s) {
        return s.value() instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(s.value());
    }
}
