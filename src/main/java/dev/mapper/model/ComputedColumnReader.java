package dev.mapper.model;

import dev.mapper.diag.Diagnostic;
import dev.mapper.yaml.YNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the per-row rule of an added column: {@code display_name: { type: TEXT, from: name, transform: "value.trim()" }}.
 * {@code from} names columns of the same table (the first non-null wins); {@code transform} and
 * {@code check} read {@code value} and {@code row} (the row's columns); the strict conversion is
 * the one the SQL type's affinity gives ({@link ColumnDecl#valueType()}); {@code default} is the
 * column's SQL default and also the value of a row whose {@code from} columns are all NULL.
 */
final class ComputedColumnReader {
    private final List<Diagnostic> errors;

    ComputedColumnReader(List<Diagnostic> errors) {
        this.errors = errors;
    }

    /** The rule, or null when the column has none (it is filled with its default). */
    KeyRule rule(String table, YNode.Entry entry, Fields f, ColumnDecl declaration) {
        boolean computed = f.has("from") || f.has("transform");
        if (!computed) {
            for (String field : List.of("check", "min", "max")) {
                if (f.has(field)) {
                    errors.add(Diagnostic.at(f.keyPos(field), "'" + field + "' applies to a column computed per row, and column " + table + "." + entry.key()
                            + " has no rule", "add from: (a column of " + table + ") or transform:, or remove '" + field + "'"));
                }
            }
            return null;
        }
        ValueType type = declaration.valueType();
        if (type == null) {
            errors.add(Diagnostic.at(f.node("type").pos(), "column " + table + "." + entry.key() + " is computed per row, so its type must say how a value "
                            + "is converted, and " + declaration.type() + " does not",
                    "declare it INTEGER, REAL, TEXT or BOOLEAN (their values are converted strictly, as a key's integer, number, string or boolean)"));
            return null;
        }
        List<SourcePath> from = from(table, f.node("from"));
        BigDecimal min = f.has("min") ? MappingReader.number(f.node("min"), "min", errors) : null;
        BigDecimal max = f.has("max") ? MappingReader.number(f.node("max"), "max", errors) : null;
        if (!type.isNumeric() && (min != null || max != null)) {
            errors.add(Diagnostic.at(f.keyPos(min != null ? "min" : "max"), "min/max apply to INTEGER and REAL columns, not " + declaration.type(),
                    "remove it, or use a check: expression"));
        }
        Object defaultValue = f.has("default") && declaration.defaultSql() != null ? MappingReader.typedDefault(f.node("default"), type, min, max, errors) : null;
        return new KeyRule(entry.key(), entry.keyPos(), from, type, defaultValue, min, max, expr(f, "transform"), expr(f, "check"), false);
    }

    /** Bare column names of the same table: {@code from: name} or {@code from: [display, name]}. */
    private List<SourcePath> from(String table, YNode node) {
        List<SourcePath> paths = new ArrayList<>();
        if (node == null) {
            return paths;
        }
        List<YNode> items = node instanceof YNode.YList l ? l.items() : List.of(node);
        if (items.isEmpty()) {
            errors.add(Diagnostic.at(node.pos(), "'from' is an empty list", "name a column of " + table + ", e.g. from: name"));
        }
        for (YNode item : items) {
            if (item instanceof YNode.YScalar s && s.value() instanceof String name && Identifiers.isPlain(name)) {
                paths.add(new SourcePath(AddedColumn.ROW, List.of(name), item.pos()));
            } else {
                errors.add(Diagnostic.at(item.pos(), "'from' of a column names a column of the same row, not " + item.describe(),
                        "write the column's name, e.g. from: name (a column of the row's own table, " + table + ", with no source name before it)"));
            }
        }
        return paths;
    }

    private Expr expr(Fields f, String field) {
        String text = f.has(field) ? f.text(field) : null;
        if (text != null && text.isBlank()) {
            errors.add(Diagnostic.at(f.node(field).pos(), "'" + field + "' is empty", "write a JEXL expression over value and row, or remove the field"));
            return null;
        }
        return text == null ? null : new Expr(text, f.node(field).pos());
    }
}
