package dev.mapper.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.model.Mapping;
import dev.mapper.model.Source;
import dev.mapper.model.Target;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Source data → {@link Plan}. Pure: it reads no database, so tests compare its SQL text. The steps
 * are: create the backup table and copy every source row read into it; create each target (and
 * its index); write its row(s); delete the retired source rows.
 */
public final class Planner {
    private final Dialect dialect;

    public Planner(Dialect dialect) {
        this.dialect = dialect;
    }

    public Plan plan(CompiledMapping compiled, Map<String, SourceData> sources) {
        return plan(compiled, sources, Map.of());
    }

    /** @param rowIds each table source's integer row id column ({@link Dialect#integerRowId}), by source table */
    public Plan plan(CompiledMapping compiled, Map<String, SourceData> sources, Map<String, String> rowIds) {
        return plan(compiled, sources, rowIds, Map.of());
    }

    /** @param current the JSON text each in-place document target ({@code in_place: true}) holds now, by target table */
    public Plan plan(CompiledMapping compiled, Map<String, SourceData> sources, Map<String, String> rowIds, Map<String, String> current) {
        return plan(compiled, sources, rowIds, current, Map.of());
    }

    /** @param sourceTypes each table source's columns and declared types ({@link Dialect#columnTypes}), by source table */
    public Plan plan(CompiledMapping compiled, Map<String, SourceData> sources, Map<String, String> rowIds, Map<String, String> current,
            Map<String, Map<String, String>> sourceTypes) {
        Mapping mapping = compiled.mapping();
        List<TargetValues> targets = Evaluator.evaluate(compiled, sources);
        List<Step> steps = new ArrayList<>(backupSteps(mapping, sources));
        for (TargetValues values : targets) {
            Target target = values.target();
            String table = dialect.quote(target.table());
            if (target instanceof Target.Document doc && doc.inPlace()) {
                steps.add(new Step("UPDATE " + table + " SET value = ? WHERE key = ?", List.of(evolved(current.get(target.table()), values), doc.key())));
                continue;
            }
            steps.add(new Step(dialect.createKeyValueTable(target.table(), target instanceof Target.Rows)));
            if (target.index() != null) {
                steps.add(new Step(dialect.createIndex(target.index(), target.table(), "key")));
            }
            if (target instanceof Target.Document doc) {
                steps.add(new Step("INSERT INTO " + table + " (key, value) VALUES (?, ?)",
                        List.of(doc.key(), Json.write(values.asObject()))));
            } else {
                for (KeyValue kv : values.values()) {
                    steps.add(new Step("INSERT INTO " + table + " (key, value, type) VALUES (?, ?, ?)",
                            List.of(kv.rule().name(), asText(kv.value()), kv.rule().type().name())));
                }
            }
        }
        for (String name : mapping.retire()) {
            Source source = mapping.source(name).orElseThrow();
            SourceData data = sources.get(name);
            String keyColumn = source instanceof Source.Document d ? d.keyColumn() : ((Source.Rows) source).keyColumn();
            for (SourceRow row : data.rows()) {
                steps.add(new Step("DELETE FROM " + dialect.quote(source.table()) + " WHERE " + dialect.quote(keyColumn) + " = ?",
                        List.of(row.key())));
            }
        }
        List<TablePlan> tables = mapping.tables().stream().map(t -> TablePlanner.plan(dialect, t, rowIds.get(t.source().table()),
                sourceTypes.getOrDefault(t.source().table(), Map.of()))).toList();
        return new Plan(compiled, sources, targets, steps, tables);
    }

    /** The document as it is, with the mapping's keys added or changed in place: every other key keeps its value and position. */
    public static String evolved(String currentText, TargetValues values) {
        Map<String, Object> document = new LinkedHashMap<>();
        try {
            if (currentText != null && Json.parse(currentText) instanceof Map<?, ?> map) {
                map.forEach((k, v) -> document.put((String) k, v));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the in-place document was checked as a JSON object before planning", e);
        }
        document.putAll(values.asObject());
        return Json.write(document);
    }

    /** Create the backup table and copy every source row read into it (a row it already holds is skipped: never a duplicate). */
    public List<Step> backupSteps(Mapping mapping, Map<String, SourceData> sources) {
        List<Step> steps = new ArrayList<>();
        String backup = dialect.quote(mapping.backupTable());
        if (!mapping.sources().isEmpty()) { // table targets are backed up by the file copy: their source never changes
            steps.add(new Step(dialect.createBackupTable(mapping.backupTable())));
        }
        for (Source source : mapping.sources()) {
            String savedAs = mapping.backupName(source);
            for (SourceRow row : sources.get(source.name()).rows()) {
                steps.add(new Step("INSERT INTO " + backup + " (source_table, source_key, original_value) SELECT ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM " + backup + " WHERE source_table = ? AND source_key " + dialect.isSame() + " ? AND original_value "
                        + dialect.isSame() + " ?)",
                        Arrays.asList(savedAs, row.key(), row.value(), savedAs, row.key(), row.value())));
            }
        }
        return steps;
    }

    /** How a rows target stores a typed value in its TEXT value column. */
    public static String asText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Long || value instanceof Boolean) {
            return value.toString();
        }
        return Json.write(value);
    }

}
