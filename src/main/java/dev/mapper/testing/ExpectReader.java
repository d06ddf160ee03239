package dev.mapper.testing;

import dev.mapper.diag.Diagnostic;
import dev.mapper.model.DidYouMean;
import dev.mapper.model.Fields;
import dev.mapper.model.KeyRule;
import dev.mapper.model.Mapping;
import dev.mapper.model.TableTarget;
import dev.mapper.model.Target;
import dev.mapper.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A case's {@code expect:}, its target, key and column names checked against the mapping (with a did-you-mean). */
final class ExpectReader {
    static final List<String> EXPECT_FIELDS = List.of("values", "rows", "tables", "columns", "indexes", "failure", "nothing_to_do");
    static final List<String> FAILURE_FIELDS = List.of("exit", "key", "message");

    private final Mapping mapping;
    private final List<Diagnostic> errors;

    ExpectReader(Mapping mapping, List<Diagnostic> errors) {
        this.mapping = mapping;
        this.errors = errors;
    }

    TestFile.Expect expect(YNode node) {
        YNode.YMap map = Fields.asMap(node, "'expect'", errors);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, "'expect'", EXPECT_FIELDS, errors);
        boolean writes = f.has("values") || f.has("rows") || f.has("tables") || f.has("columns") || f.has("indexes");
        int kinds = (writes ? 1 : 0) + (f.has("failure") ? 1 : 0) + (f.has("nothing_to_do") ? 1 : 0);
        if (kinds != 1) {
            errors.add(Diagnostic.at(map.pos(), kinds == 0 ? "'expect' says nothing" : "'expect' mixes what apply writes, failure and nothing_to_do",
                    "expect one of: values, rows, tables, columns, indexes (what apply writes or leaves), failure (how it fails), nothing_to_do: true"));
        }
        Map<String, Map<String, TestFile.Expected>> values = f.has("values") ? values(f.node("values")) : Map.of();
        Map<String, List<Map<String, TestFile.Expected>>> rows = f.has("rows") ? rows(f.node("rows")) : Map.of();
        TestFile.Failure failure = f.has("failure") ? failure(f.node("failure")) : null;
        boolean nothing = false;
        if (f.has("nothing_to_do")) {
            nothing = f.node("nothing_to_do") instanceof YNode.YScalar s && Boolean.TRUE.equals(s.value());
            if (!nothing) {
                errors.add(Diagnostic.at(f.node("nothing_to_do").pos(), "'nothing_to_do' can only be true", "write nothing_to_do: true, or leave it out"));
            }
        }
        return new TestFile.Expect(values, rows, failure, nothing, new StateReader(errors).state(f));
    }

    private Map<String, Map<String, TestFile.Expected>> values(YNode node) {
        Map<String, Map<String, TestFile.Expected>> values = new LinkedHashMap<>();
        YNode.YMap map = Fields.asMap(node, "'values'", errors);
        for (YNode.Entry e : map == null ? List.<YNode.Entry>of() : map.entries()) {
            Target target = mapping.targets().stream().filter(t -> t.table().equals(e.key())).findFirst().orElse(null);
            if (target == null) {
                unknown(e, mapping.file(), "target", mapping.targets().stream().map(Target::table).toList(),
                        mapping.tables().isEmpty() ? "" : "; a table target's rows go under 'rows'");
                continue;
            }
            YNode.YMap keys = Fields.asMap(e.value(), "'values." + e.key() + "'", errors);
            Map<String, TestFile.Expected> expected = new LinkedHashMap<>();
            for (YNode.Entry k : keys == null ? List.<YNode.Entry>of() : keys.entries()) {
                List<String> names = target.rules().stream().map(KeyRule::name).toList();
                if (!names.contains(k.key())) {
                    unknown(k, e.key() + " in " + mapping.file(), "key", names, "");
                }
                expected.put(k.key(), new TestFile.Expected(YamlValues.plain(k.value()), k.value().pos()));
            }
            values.put(e.key(), expected);
        }
        return values;
    }

    private Map<String, List<Map<String, TestFile.Expected>>> rows(YNode node) {
        Map<String, List<Map<String, TestFile.Expected>>> rows = new LinkedHashMap<>();
        YNode.YMap map = Fields.asMap(node, "'rows'", errors);
        for (YNode.Entry e : map == null ? List.<YNode.Entry>of() : map.entries()) {
            TableTarget table = mapping.tables().stream().filter(t -> t.table().equals(e.key())).findFirst().orElse(null);
            if (table == null) {
                unknown(e, mapping.file(), "table target", mapping.tables().stream().map(TableTarget::table).toList(),
                        mapping.targets().isEmpty() ? "" : "; a document or rows target's keys go under 'values'");
                continue;
            }
            List<String> columns = table.columns().stream().map(KeyRule::name).toList();
            List<Map<String, TestFile.Expected>> expected = new ArrayList<>();
            for (YNode.YMap row : rowMaps(e.value(), e.key(), errors)) {
                Map<String, TestFile.Expected> values = new LinkedHashMap<>();
                for (YNode.Entry c : row.entries()) {
                    if (!columns.contains(c.key())) {
                        unknown(c, e.key() + " in " + mapping.file(), "column", columns, "");
                    }
                    values.put(c.key(), new TestFile.Expected(YamlValues.plain(c.value()), c.value().pos()));
                }
                expected.add(values);
            }
            rows.put(e.key(), expected);
        }
        return rows;
    }

    private TestFile.Failure failure(YNode node) {
        YNode.YMap map = Fields.asMap(node, "'failure'", errors);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, "'failure'", FAILURE_FIELDS, errors);
        int exit = 0;
        if (f.require("exit", "exit: 1") instanceof YNode.YScalar s && (Long.valueOf(1).equals(s.value()) || Long.valueOf(2).equals(s.value()))) {
            exit = ((Long) s.value()).intValue();
        } else if (f.has("exit")) {
            errors.add(Diagnostic.at(f.node("exit").pos(), "'exit' must be 1 (data) or 2 (mapping), not " + f.node("exit").describe(),
                    "a value that does not convert or is out of range is exit 1"));
        }
        String message = f.requiredText("message", "message: \"is not an integer\"");
        return new TestFile.Failure(exit, f.text("key"), message, map.pos());
    }

    /** A list of row maps; anything else is recorded as an error. */
    static List<YNode.YMap> rowMaps(YNode node, String table, List<Diagnostic> errors) {
        if (!(node instanceof YNode.YList list)) {
            errors.add(Diagnostic.at(node.pos(), table + " must be a list of rows, not " + node.describe(), "one map per row, column → value: " + table + ": [ { column: value, ... }, ... ]"));
            return List.of();
        }
        List<YNode.YMap> rows = new ArrayList<>();
        for (YNode item : list.items()) {
            YNode.YMap row = Fields.asMap(item, "a row of " + table, errors);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    private void unknown(YNode.Entry e, String owner, String what, List<String> known, String more) {
        String suggestion = DidYouMean.closest(e.key(), known);
        errors.add(Diagnostic.at(e.keyPos(), owner + " has no " + what + " '" + e.key() + "'"
                + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?") + more,
                known.isEmpty() ? "it has none" : "the names there are: " + String.join(", ", known)));
    }
}
