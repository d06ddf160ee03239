package dev.mapper.testing;

import dev.mapper.diag.Diagnostic;
import dev.mapper.model.Fields;
import dev.mapper.model.Identifiers;
import dev.mapper.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A case's {@code expect: { tables:, columns:, indexes: }}: the state of any table after apply. The
 * names are not checked against the mapping (a migration's rows live in tables it does not declare),
 * only that they are plain SQL identifiers; the values are checked for what SQLite can hold.
 */
final class StateReader {
    private final List<Diagnostic> errors;

    StateReader(List<Diagnostic> errors) {
        this.errors = errors;
    }

    TestFile.State state(Fields expect) {
        if (!expect.has("tables") && !expect.has("columns") && !expect.has("indexes")) {
            return TestFile.State.NONE;
        }
        Map<String, List<TestFile.Row>> tables = new LinkedHashMap<>();
        for (YNode.Entry e : entries(expect, "tables")) {
            identifier(e, "table");
            List<TestFile.Row> rows = new ArrayList<>();
            for (YNode.YMap row : ExpectReader.rowMaps(e.value(), e.key(), errors)) {
                if (row.entries().isEmpty()) {
                    errors.add(Diagnostic.at(row.pos(), "a row of " + e.key() + " names no column",
                            "name at least its primary key, e.g. { id: m1, favorite: 0 }"));
                }
                Map<String, TestFile.Expected> columns = new LinkedHashMap<>();
                for (YNode.Entry c : row.entries()) {
                    identifier(c, "column");
                    columns.put(c.key(), new TestFile.Expected(stored(c, e.key()), c.value().pos()));
                }
                rows.add(new TestFile.Row(columns, row.pos()));
            }
            tables.put(e.key(), rows);
        }
        Map<String, Map<String, TestFile.Expected>> columns = new LinkedHashMap<>();
        for (YNode.Entry e : entries(expect, "columns")) {
            identifier(e, "table");
            YNode.YMap map = Fields.asMap(e.value(), "'columns." + e.key() + "'", errors);
            Map<String, TestFile.Expected> declared = new LinkedHashMap<>();
            for (YNode.Entry c : map == null ? List.<YNode.Entry>of() : map.entries()) {
                identifier(c, "column");
                declared.put(c.key(), declaration(c, "columns." + e.key() + "." + c.key(), "\"INTEGER DEFAULT 0\", \"TEXT NOT NULL DEFAULT ''\""));
            }
            columns.put(e.key(), declared);
        }
        Map<String, TestFile.Expected> indexes = new LinkedHashMap<>();
        for (YNode.Entry e : entries(expect, "indexes")) {
            identifier(e, "index");
            indexes.put(e.key(), declaration(e, "indexes." + e.key(), "\"INDEX ON models(status)\", \"UNIQUE INDEX ON logs(timestamp DESC)\""));
        }
        return new TestFile.State(tables, columns, indexes);
    }

    private List<YNode.Entry> entries(Fields expect, String field) {
        if (!expect.has(field)) {
            return List.of();
        }
        YNode.YMap map = Fields.asMap(expect.node(field), "'" + field + "'", errors);
        return map == null ? List.of() : map.entries();
    }

    /** A value as SQLite stores it: integer, real, text, NULL, or a map/list (a JSON document in a text column); never a boolean. */
    private Object stored(YNode.Entry column, String table) {
        Object value = YamlValues.plain(column.value());
        if (value instanceof Boolean b) {
            errors.add(Diagnostic.at(column.value().pos(), table + "." + column.key() + ": SQLite stores no booleans, so a row cannot hold " + b,
                    "write the integer the column holds: " + (b ? 1 : 0)));
        }
        return value;
    }

    /** A declaration as mapper prints it (text), or null for "there is no such column or index". */
    private TestFile.Expected declaration(YNode.Entry e, String where, String examples) {
        Object value = e.value() instanceof YNode.YScalar s ? s.value() : e.value();
        if (value != null && !(value instanceof String)) {
            errors.add(Diagnostic.at(e.value().pos(), "'" + where + "' must be a declaration as text, or null for none, not " + e.value().describe(),
                    "write it as mapper prints it, e.g. " + examples));
            value = null;
        }
        return new TestFile.Expected(value, e.value().pos());
    }

    private void identifier(YNode.Entry e, String what) {
        if (!Identifiers.isPlain(e.key())) {
            errors.add(Diagnostic.at(e.keyPos(), "the " + what + " name '" + e.key() + "' is not a plain SQL identifier",
                    "use letters, digits and underscores only, starting with a letter"));
        }
    }
}
